"""The page's tree as a browser builds it, with each element's start tag in the source.

The HTML standard's tree construction (the parser of every browser) is lexbor's, through selectolax;
the tree the rules read is lxml's, built from lexbor's node by node. Scripting is on, as in a
reader's browser: ``<noscript>`` holds text, and it and ``<template>`` are kept empty. Before parsing,
every start tag the tokenizer will see gets an attribute :data:`MARK` holding its number in source
order; the builder takes it off again, so each element knows its start tag (an element the parser
implies has none; one the adoption agency clones shares its original's). See ``docs/parsing.md``.

Two guards keep a hostile page from costing more than its size: a start tag keeps its first
:data:`MAX_ATTRIBUTES` attributes, and tags nested deeper than :data:`MAX_DEPTH` are blanked out
(lexbor, like libxml2, adds attributes and scopes open elements in steps that grow with their number).
"""

from __future__ import annotations

import re
from array import array
from typing import TYPE_CHECKING

from lxml import etree
from selectolax.lexbor import LexborHTMLParser

from .source import offset_type

if TYPE_CHECKING:
    from collections.abc import Iterator

    from selectolax.lexbor import LexborNode

Element = etree._Element

__all__ = ["MARK", "MAX_ATTRIBUTES", "MAX_DEPTH", "Tree", "build", "start_tag_end"]

MARK = "a11ycheck-at"
# HTML's whitespace (Python's ``\s`` would also take U+00A0 and other Unicode spaces into tag names).
_WS = r"\t\n\f\r "
# Elements whose content is text, not markup, with scripting on (template: its content is not shown).
_RAW = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
        "template", "plaintext")
_RAW_END = {name: re.compile(rf"</{name}(?=[{_WS}/>])", re.IGNORECASE) for name in _RAW}
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr", "basefont", "bgsound", "frame", "keygen"))
# Elements a later start tag or the end of their parent may close: they never make a page deeper.
_IMPLIED_END = frozenset(("p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "rb", "rt", "rtc", "rp",
                          "thead", "tbody", "tfoot", "colgroup", "caption", "head", "body", "html"))
MAX_DEPTH = 512  # Blink's own limit: deeper elements become siblings of the last one kept
MAX_ATTRIBUTES = 1024
# A page with fewer start tags than this cannot nest deep enough to need the depth scan.
_DEPTH_SCAN = 4 * MAX_DEPTH

_ATTRS = rf"""(?:[{_WS}/]++|[^{_WS}/>][^{_WS}/>=]*+(?:[{_WS}]*=[{_WS}]*(?:"[^"]*+"?|'[^']*+'?|[^{_WS}>]++))?)*+>?"""
# Comments, doctypes, bogus comments and end tags, as the tokenizer reads them.
_SKIP = r"(?>[^<]++|<!--(?:-?>|.*?(?:--!?>|\Z))|<[!?][^>]*+>?|</[^>]*+>?|<(?![a-zA-Z]))"
_NEXT_START = re.compile(rf"{_SKIP}*+(?:<(?P<name>[a-zA-Z][^{_WS}/>]*+){_ATTRS}|\Z)", re.DOTALL)
_START_TAG = re.compile(rf"<[^{_WS}/>]*+{_ATTRS}", re.DOTALL)
# Every tag: (end tag name | start tag name), for the depth scan.
_TAG_RE = re.compile(
    rf"<!--(?:-?>|.*?(?:--!?>|\Z))|<[!?][^>]*>?|</(?P<end>[a-zA-Z][^{_WS}/>]*)[^>]*>?|</[^>]*>?"
    rf"|<(?P<name>[a-zA-Z][^{_WS}/>]*){_ATTRS}",
    re.DOTALL,
)
_ATTRIBUTE = rf"""[{_WS}/]*+[^{_WS}/>][^{_WS}/>=]*+(?:[{_WS}]*+=[{_WS}]*+(?:"[^"]*+"?|'[^']*+'?|[^{_WS}>]++))?+"""
_MANY_ATTRIBUTES = rf"<[a-zA-Z][^{_WS}/>]*+(?:{_ATTRIBUTE}){{{MAX_ATTRIBUTES}}}"
_TOO_MANY = re.compile(_MANY_ATTRIBUTES)
# Whether some tag has too many, in one pass: every other tag is read once, to its last attribute.
_ANY_TOO_MANY = re.compile(
    rf"(?:[^<]++|<(?![a-zA-Z])|<[a-zA-Z][^{_WS}/>]*+(?:{_ATTRIBUTE}){{0,{MAX_ATTRIBUTES - 1}}}+(?!{_ATTRIBUTE}))*+"
    + _MANY_ATTRIBUTES
)
_NOT_NEWLINE = re.compile(r"[^\r\n]")
# Characters lxml refuses in text (XML 1.0's excluded ones); the HTML parser keeps them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_STRAY_MARK = re.compile(rf' {MARK}="\d+"')
_SUSPECT = re.compile(f"{_NOT_XML.pattern}| {MARK}=")
_SKIPPED = frozenset(("noscript", "template"))
_MARKED_VALUES = etree.XPath(f'//@*[contains(., "{MARK}=")]')


def _lower(name: str) -> str:
    """A tag name lowercased as the HTML tokenizer does: ASCII letters only."""
    return name.lower() if name.isascii() else "".join(c.lower() if c.isascii() else c for c in name)


class Tree:
    """The built tree: its root, each element's start tag number, and where each start tag begins."""

    __slots__ = ("root", "starts", "tag_of", "text")

    def __init__(self, root: Element, tag_of: dict[Element, int], starts: array[int], text: str) -> None:
        self.root = root
        self.tag_of = tag_of  # element → number of its start tag in the source (absent: implied)
        self.starts = starts  # number → offset of the start tag's "<"
        self.text = text  # the text parsed (guards applied; same length and lines as the source)

    def span(self, element: Element) -> tuple[int, int] | None:
        """(start, end) offsets of the element's start tag in the source, or None if implied."""
        k = self.tag_of.get(element)
        if k is None:
            return None
        start = self.starts[k]
        return start, start_tag_end(self.text, start)


def start_tag_end(text: str, start: int) -> int:
    """The end offset of the start tag that begins at ``start``."""
    return _START_TAG.match(text, start).end()  # type: ignore[union-attr]  # it matches any "<name"


def build(text: str, *, scripting: bool = True, hidden: bool = False) -> Tree:
    """Parse decoded text as a browser does into an lxml tree whose root is ``<html>``.

    ``scripting`` is the standard's scripting flag. ``hidden`` keeps what a page never shows: the
    children of ``<noscript>`` and the content of ``<template>`` (as its children), for the
    tree-construction tests; without it both are left empty."""
    if _ANY_TOO_MANY.match(text):  # (in a script or comment too: then nothing is trimmed)
        text = _trim_attributes(text)
    marked, starts = _marked(text)
    if len(starts) > _DEPTH_SCAN:
        deep = _too_deep(text)
        if deep:
            text = _blanked(text, deep)
            marked, starts = _marked(text)
    lexbor = LexborHTMLParser(marked.encode("utf-8", "surrogatepass"), scripting=scripting)
    del marked
    root, tag_of = _convert(lexbor.root, frozenset() if hidden else _SKIPPED)  # type: ignore[arg-type]
    for value in _MARKED_VALUES(root):  # (where the scanner saw a tag inside a value: never seen on real pages)
        owner = value.getparent()
        owner.set(value.attrname, _STRAY_MARK.sub("", value))
    return Tree(root, tag_of, starts, text)


def _marked(text: str) -> tuple[str, array[int]]:
    """The text with :data:`MARK` in each start tag (its number), and the start tags' offsets."""
    parts: list[str] = []
    starts = array(offset_type(len(text)))
    pos = last = 0
    size = len(text)
    match = _NEXT_START.match
    raw_end = _RAW_END.get
    append, note = parts.append, starts.append
    while True:
        found = match(text, pos)
        name = found.group("name")  # type: ignore[union-attr]  # the pattern matches at any position
        if name is None:
            break
        cut = found.end("name")  # type: ignore[union-attr]
        append(text[last:cut])
        append(f' {MARK}="{len(starts)}"')
        note(cut - len(name) - 1)
        last = cut
        pos = found.end()  # type: ignore[union-attr]
        end_re = raw_end(_lower(name))
        if end_re is not None:
            close = end_re.search(text, pos)
            pos = close.start() if close else size
    append(text[last:])
    return "".join(parts), starts


def _convert(top: LexborNode, skipped: frozenset[str]) -> tuple[Element, dict[Element, int]]:
    """lexbor's tree as lxml's, and each element's start tag number (from :data:`MARK`); the children
    of elements named in ``skipped`` are left out."""
    tag_of: dict[Element, int] = {}
    root = _element(None, top.tag, top.attributes, tag_of)  # type: ignore[arg-type]
    # (lxml element, the lexbor node whose children come next, the last child added, whether they
    # were added beside it: too deep)
    stack: list[tuple[Element, LexborNode, Element | None, bool]] = []
    parent, node, last = root, top.child, None
    depth = 1
    suspect = _SUSPECT.search
    while True:
        while node is None:
            if not stack:
                return root, tag_of
            outer, node, before, flat = stack.pop()
            if not flat:
                parent, last = outer, before
            depth -= 1
            node = node.next
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if suspect(text):
                text = _STRAY_MARK.sub("", _NOT_XML.sub("\ufffd", text))
            # (lexbor merges adjacent text: each is the first since the last element or comment,
            # except where elements too deep were added beside their parent)
            if depth >= MAX_DEPTH:
                text = ((parent.text if last is None else last.tail) or "") + text
            if last is None:
                parent.text = text
            else:
                last.tail = text
        elif tag == "-comment":
            last = etree.Comment(_comment(node.html[4:-3]))  # (comment_content is stripped)
            parent.append(last)
        elif tag is not None and tag[0] not in "-!_":
            element = _element(parent, tag, node.attributes, tag_of)  # type: ignore[arg-type]
            child = None if tag in skipped else node.child if tag != "template" else _template_content(node)
            if child is not None:
                flat = depth >= MAX_DEPTH  # too deep: its children become its siblings
                stack.append((parent, node, element, flat))
                if not flat:
                    parent, last = element, None
                else:
                    last = element
                node = child
                depth += 1
                continue
            last = element
        node = node.next


def _template_content(template: LexborNode) -> LexborNode | None:
    """The first node of a template's content (a fragment apart from the tree)."""
    fragments = template.template_fragments()
    return fragments[0].child if fragments else None


def _element(parent: Element | None, tag: str, attributes: dict[str, str | None],
             tag_of: dict[Element, int]) -> Element:
    """A new element (under ``parent``), its :data:`MARK` taken off into ``tag_of``."""
    k = attributes.pop(MARK, None)
    try:
        element = etree.Element(tag, attributes) if parent is None else etree.SubElement(parent, tag, attributes)
    except (TypeError, ValueError):  # a valueless attribute, or a name or value lxml refuses
        element = _odd_element(parent, tag, attributes)
    if k is not None and k.isdigit():
        tag_of[element] = int(k)
    return element


def _odd_element(parent: Element | None, tag: str, attributes: dict[str, str | None]) -> Element:
    """An element whose name or attributes lxml's API refuses, made as its HTML parser makes them."""
    attrs = {name: value or "" for name, value in attributes.items()}
    try:
        return etree.Element(tag, attrs) if parent is None else etree.SubElement(parent, tag, attrs)
    except (TypeError, ValueError):
        pass
    made = _parsed_start_tag(tag, attrs)
    if parent is not None:
        parent.append(made)
    return made


_HTML_PARSER = etree.HTMLParser(no_network=True, recover=True, remove_pis=True, default_doctype=False, encoding="utf-8")


def _parsed_start_tag(tag: str, attrs: dict[str, str]) -> Element:
    """The element libxml2's HTML parser makes of this tag and these attributes (names with ``:``,
    ``<`` or quotes, values with control characters); a name lxml cannot take becomes ``invalid``."""
    quoted = "".join(f' {key}="{_escape(value)}"' for key, value in attrs.items() if _ATTRIBUTE_NAME.fullmatch(key))
    html = f"<html><body><odd{quoted}></odd></body></html>".encode("utf-8", "surrogatepass")
    body = etree.fromstring(html, _HTML_PARSER).find("body")
    made = body[0] if body is not None and len(body) else etree.Element("odd")
    made.tail = None
    try:
        made.tag = tag
    except ValueError:
        made.tag = "invalid"
    return made


_ATTRIBUTE_NAME = re.compile(r"[^\t\n\f\r \"'>/=]+")


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _comment(text: str) -> str:
    """Comment text lxml accepts (no ``--``, no ``-`` at the end, no control characters)."""
    text = _NOT_XML.sub("\ufffd", text)
    while "--" in text:
        text = text.replace("--", "- -")
    return text + " " if text.endswith("-") else text


def _tags(text: str) -> Iterator[tuple[str, bool, int, int]]:
    """Tags of the source in order: (lowercase name, is end tag, start offset, end offset)."""
    pos = 0
    search = _TAG_RE.search
    while True:
        match = search(text, pos)
        if match is None:
            return
        pos = match.end()
        name = match.group("name")
        if name is None:
            end = match.group("end")
            if end is not None:
                yield _lower(end), True, match.start(), pos
            continue
        name = _lower(name)
        yield name, False, match.start(), pos
        end_re = _RAW_END.get(name)
        if end_re is not None:
            close = end_re.search(text, pos)
            pos = close.start() if close else len(text)


def _too_deep(text: str) -> list[tuple[int, int]]:
    """The spans of the tags of elements nested deeper than :data:`MAX_DEPTH` (empty if none).

    Their content then belongs to the deepest kept ancestor, much as a browser's parser puts elements
    past its own depth limit beside, not inside, the last one.
    """
    stack: list[tuple[str, bool]] = []
    blank: list[tuple[int, int]] = []
    for name, is_end, start, end in _tags(text):
        if not is_end:
            if name in _VOID or name in _IMPLIED_END:
                continue
            deep = len(stack) >= MAX_DEPTH
            stack.append((name, deep))
            if deep:
                blank.append((start, end))
            continue
        for i in range(len(stack) - 1, max(len(stack) - 64, -1), -1):
            if stack[i][0] == name:
                if stack[i][1]:
                    blank.append((start, end))
                del stack[i:]
                break
    return blank


def _trim_attributes(text: str) -> str:
    """Blank out the attributes of start tags past their first :data:`MAX_ATTRIBUTES` (offsets and
    lines kept): the tree is then built in time linear in the page."""
    blank = []
    for _, is_end, start, end in _tags(text):
        many = None if is_end else _TOO_MANY.match(text, start)
        if many is not None:
            blank.append((many.end(), end - 1 if text[end - 1] == ">" else end))
    return _blanked(text, blank)


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the characters of the spans (in order, apart) made spaces, line breaks kept."""
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        last = end
    parts.append(text[last:])
    return "".join(parts)
