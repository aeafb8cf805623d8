"""Hiddenness and focusability read from the page itself (attributes and inline styles).

Definitions follow the ACT glossary: an element is *not rendered* when it or an ancestor has the
``hidden`` attribute or ``display: none``; it is *programmatically hidden* when it is not rendered,
has ``visibility: hidden``, or it or an ancestor has ``aria-hidden="true"``.
"""

from __future__ import annotations

import re

from lxml import etree

from .document import Document, Element

__all__ = ["inline_style", "is_focusable", "is_programmatically_hidden", "is_rendered", "is_visible"]

_DECL_RE = re.compile(r"([a-zA-Z-]+)\s*:\s*([^;]+)")
_XP_STYLED = etree.XPath("//*[@style]")
_XP_HIDDEN_ATTR = etree.XPath("//*[@hidden]")
_XP_ARIA_HIDDEN = etree.XPath("//*[@aria-hidden]")
_FOCUSABLE_TAGS = {"button", "select", "textarea", "iframe", "summary"}


def inline_style(element: Element) -> dict[str, str]:
    """The element's ``style`` attribute as lowercase property → value (``!important`` dropped)."""
    style = element.get("style")
    if not style:
        return {}
    return {
        m.group(1).lower(): m.group(2).replace("!important", "").strip().lower()
        for m in _DECL_RE.finditer(style)
    }


def _facts(doc: Document) -> dict[str, set[Element]]:
    def compute() -> dict[str, set[Element]]:
        not_rendered = set(_XP_HIDDEN_ATTR(doc.root))
        invisible: set[Element] = set()
        visible_again: set[Element] = set()
        for element in _XP_STYLED(doc.root):
            style = inline_style(element)
            if style.get("display") == "none":
                not_rendered.add(element)
            visibility = style.get("visibility")
            if visibility in ("hidden", "collapse"):
                invisible.add(element)
            elif visibility == "visible":
                visible_again.add(element)
        aria_hidden = {el for el in _XP_ARIA_HIDDEN(doc.root) if el.get("aria-hidden", "").strip().lower() == "true"}
        return {
            "not_rendered": not_rendered,
            "invisible": invisible,
            "visible_again": visible_again,
            "aria_hidden": aria_hidden,
        }

    return doc.memo("visibility", compute)


def _self_or_ancestor_in(element: Element, marked: set[Element]) -> bool:
    if not marked:
        return False
    if element in marked:
        return True
    return any(a in marked for a in element.iterancestors())


def is_rendered(doc: Document, element: Element) -> bool:
    """False when the element or an ancestor is ``hidden`` or ``display: none``."""
    return not _self_or_ancestor_in(element, _facts(doc)["not_rendered"])


def is_visible(doc: Document, element: Element) -> bool:
    """Rendered and not ``visibility: hidden`` (the nearest ancestor setting visibility wins)."""
    if not is_rendered(doc, element):
        return False
    facts = _facts(doc)
    invisible, again = facts["invisible"], facts["visible_again"]
    if not invisible:
        return True
    for node in (element, *element.iterancestors()):
        if node in invisible:
            return False
        if node in again:
            return True
    return True


def is_programmatically_hidden(doc: Document, element: Element) -> bool:
    """Not rendered, invisible, or inside ``aria-hidden="true"``: not in the accessibility tree."""
    return not is_visible(doc, element) or _self_or_ancestor_in(element, _facts(doc)["aria_hidden"])


def is_focusable(doc: Document, element: Element) -> bool:
    """In sequential focus navigation by default or by ``tabindex`` (and not disabled or hidden)."""
    tag = element.tag
    tabindex = element.get("tabindex")
    if element.get("disabled") is not None and tag in {"button", "input", "select", "textarea"}:
        return False
    if tabindex is not None:
        try:
            focusable = int(tabindex.strip()) >= 0
        except ValueError:
            focusable = _natively_focusable(element)
    else:
        focusable = _natively_focusable(element)
    return focusable and is_rendered(doc, element) and is_visible(doc, element)


def _natively_focusable(element: Element) -> bool:
    tag = element.tag
    if tag in ("a", "area"):
        return element.get("href") is not None
    if tag == "input":
        return element.get("type", "").lower() != "hidden"
    if tag in ("audio", "video"):
        return element.get("controls") is not None
    if element.get("contenteditable", "false").lower() in ("", "true"):
        return True
    return tag in _FOCUSABLE_TAGS
