"""Keyboard use: a positive ``tabindex`` and shared ``accesskey`` values (best practices, axe-core's ``tabindex`` and
``accesskeys``), and server-side image maps that only a mouse can use (axe-core's ``server-side-image-map``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from lxml import etree

from ..document import Document, Element
from ..places import places
from ..visibility import is_programmatically_hidden, is_rendered, tabindex_value
from . import Finding, check, failed, passed

_XP_ACCESSKEY = etree.XPath("//*[@accesskey]")


@check("tabindex")
def tabindex(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """No element in the accessibility tree has a ``tabindex`` above zero (axe-core tabindex)."""
    for element in (element for element, _, keys in doc.marked if "tabindex" in keys):  # (the census has them)
        if is_programmatically_hidden(doc, element):
            continue
        value = tabindex_value(element)
        if value is not None and value > 0:
            yield failed(element, tag=element.tag, value=value)
        else:
            yield passed(element, tag=element.tag, value=element.get("tabindex"))



@check("accesskeys")
def accesskeys(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Rendered elements do not share an ``accesskey`` value, case aside (axe-core accesskeys); the elements sharing
    one fail once, on the first."""
    groups: dict[str, list[Element]] = {}
    for element in _XP_ACCESSKEY(doc.root):
        if is_rendered(doc, element):
            groups.setdefault(element.get("accesskey", "").upper(), []).append(element)
    for elements in groups.values():
        first, key = elements[0], elements[0].get("accesskey", "")
        if len(elements) == 1:
            yield passed(first, key=key)
        else:
            yield failed(first, key=key, others=places(doc, elements[1:]))


@check("server-side-image-map")
def server_side_image_map(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A rendered image map is no server-side one (``ismap``): only a mouse can pick a point on it (axe-core
    server-side-image-map); a client-side map (``usemap`` alone) passes."""
    for img in doc.root.iter("img"):
        if (img.get("ismap") is None and img.get("usemap") is None) or not is_rendered(doc, img):
            continue
        yield failed(img, src=img.get("src", "")) if img.get("ismap") is not None else passed(img)
