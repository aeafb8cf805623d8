"""Names of controls: buttons, menu items, summaries (WCAG 4.1.2) and visible labels in names (2.5.3)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from lxml import etree

from ..accname import accessible_name, visible_inner_text
from ..aria import NAME_FROM_CONTENT, explicit_role, role
from ..controls import candidates
from ..css import styles
from ..document import Document, Element
from ..stylesheets import unread_sheets
from ..visibility import is_programmatically_hidden
from . import Finding, cant_tell, check, failed, named, passed

# widget roles that support name from content (ACT 2ee8b8, Background): not the structural ones
_LABEL_IN_NAME_ROLES = NAME_FROM_CONTENT - frozenset(
    ["cell", "columnheader", "heading", "row", "rowheader", "sectionhead", "tooltip", "doc-backlink",
     "doc-biblioref", "doc-glossref", "doc-noteref"]
)
_PARENTHESES = re.compile(r"\([^()]*\)")
_HYPHENS = re.compile(r"[-\u2010\u2011\u00ad]")
_ABBREVIATION = re.compile(r"(\w+)\.")
# descendants whose class names the usual "visually hidden" utilities, when the sheet could not be read
_LOWER_CLASS = "translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
_HIDER_CLASSES = ("sr-only", "visually-hidden", "visuallyhidden", "screen-reader", "control-text", "offscreen")
_XP_HIDER_CLASS = etree.XPath(
    "descendant::*[@class][" + " or ".join(f"contains({_LOWER_CLASS}, '{name}')" for name in _HIDER_CLASSES) + "]"
)
_ICON_FONT = re.compile(r"icon|glyph|symbol|awesome", re.IGNORECASE)
# letters of scripts written without spaces between words (Thai, Lao, Tibetan, Myanmar, Khmer, kana, Han)
_UNSPACED = re.compile(
    "[\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uff66-\uff9f\U00020000-\U0002ffff]"
)


@check("button-name")
def button_name(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Every semantic button in the accessibility tree, but image buttons, has a name (ACT 97a4e1)."""
    for element in candidates(doc, "controls"):
        if role(doc, element) != "button" or is_programmatically_hidden(doc, element):
            continue
        if element.tag == "input" and (element.get("type") or "").strip().lower() == "image":
            continue
        yield named(doc, element, "button")


@check("menuitem-name")
def menuitem_name(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Every semantic menuitem in the accessibility tree has a name (ACT m6b1q3)."""
    for element in candidates(doc, "role"):
        if role(doc, element) == "menuitem" and not is_programmatically_hidden(doc, element):
            yield named(doc, element, "menu item")


@check("summary-name")
def summary_name(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The summary button of each ``details`` (no explicit role, or one lost to a presentational
    conflict) has a name (ACT 2t702h)."""
    for element in candidates(doc, "summary"):
        details = element.getparent()
        if details is None or details.tag != "details" or next(details.iterchildren("summary")) is not element:
            continue
        if is_programmatically_hidden(doc, element):
            continue
        if explicit_role(element) is not None and role(doc, element) == explicit_role(element):
            continue
        yield named(doc, element, "summary")


@check("label-in-name")
def label_in_name(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A widget named from content but labelled by ``aria-label(ledby)`` has its visible text in its
    name (ACT 2ee8b8, label in name algorithm). Labels that differ from the name only by hyphenation or
    by an abbreviation are outside the rule; icon-font ligatures are non-text content."""
    for element in candidates(doc, "labelled"):
        if role(doc, element) not in _LABEL_IN_NAME_ROLES or is_programmatically_hidden(doc, element):
            continue
        label = " ".join(visible_inner_text(doc, element).split())
        if not label:
            continue
        name = accessible_name(doc, element)
        words = [] if _icon_font(doc, element) else _without_symbols(_words(label), _words(name))
        if _contiguous(words, _words(name)):
            yield passed(element, label=label, name=name)
        elif _contiguous(_words(_unhyphenated(label)), _words(_unhyphenated(name))) or _abbreviated(label, name):
            continue
        elif (hider := _XP_HIDER_CLASS(element)) and unread_sheets(doc):
            yield cant_tell(element, "hider", label=label, name=name, cls=hider[0].get("class", ""))
        else:
            yield failed(element, label=label, name=name)


def _words(text: str) -> list[str]:
    """Tokenize for the label in name algorithm: no parentheses, case folded, NFKD, letters and digits,
    split into words. Scripts written without spaces are split into characters, whatever the language
    the page declares: a label whose words are a contiguous run of the name's is also one in characters,
    so this never fails a label that a dictionary's word segmentation would pass."""
    previous = None
    while previous != text:
        previous, text = text, _PARENTHESES.sub(" ", text)
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c if unicodedata.category(c)[0] in "LN" else " " for c in text)
    return _UNSPACED.sub(r" \g<0> ", text).split()


def _without_symbols(label: list[str], name: list[str]) -> list[str]:
    """The label's words without the letters used as symbols, which are non-text content: a letter
    that is the whole label ("X" to close, "i" for information, "B" for bold), or an "x" beside words
    ("X Close") when the name does not say it."""
    if len(label) == 1 and len(label[0]) == 1 and label[0].isascii() and label[0].isalpha():
        return []
    return [word for word in label if word != "x" or word in name]


def _contiguous(label: list[str], name: list[str], matches: Callable[[str, str], bool] = str.__eq__) -> bool:
    size = len(label)
    return any(
        all(matches(word, other) for word, other in zip(label, name[i : i + size], strict=True))
        for i in range(len(name) - size + 1)
    )


def _unhyphenated(text: str) -> str:
    return _HYPHENS.sub("", text)


def _abbreviated(label: str, name: str) -> bool:
    """The label abbreviates words of the name ("Ave." for "Avenue"): a word followed by a period
    stands for a word with the same first letter that contains its letters in order."""
    abbreviations = {w for w in _words(" ".join(_ABBREVIATION.findall(label)))}
    if not abbreviations:
        return False
    return _contiguous(_words(label), _words(name), lambda w, n: w == n or (w in abbreviations and _shortens(w, n)))


def _shortens(short: str, word: str) -> bool:
    """``short`` could abbreviate ``word``: same first letter, its letters in order ("st", "saint")."""
    letters = iter(word)
    return short[:1] == word[:1] and all(c in letters for c in short)


def _icon_font(doc: Document, element: Element) -> bool:
    """The element's text is drawn with an icon font (its ligatures are pictures, not words)."""
    declared = styles(doc).declared
    return any(_ICON_FONT.search(declared(node).get("font-family", "")) for node in (element, *element.iterancestors()))
