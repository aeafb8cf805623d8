"""Text said twice (best practice, axe-core's ``image-redundant-alt``): an image whose alt text repeats the visible
text of the link, button, paragraph, list item or cell around it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..accname import accessible_name, visible_inner_text
from ..aria import role
from ..document import Document, Element
from ..visibility import is_programmatically_hidden
from . import Finding, check, failed, passed

_AROUND = frozenset(["button", "p", "li", "td", "th"])


def _around(element: Element) -> Element | None:
    """The nearest button, link, paragraph, list item or table cell around the element, as axe-core picks it
    (``button, [role=button], a[href], p, li, td, th``)."""
    for ancestor in element.iterancestors():
        tag = ancestor.tag
        if tag in _AROUND or (tag == "a" and ancestor.get("href") is not None):
            return ancestor
        if (ancestor.get("role") or "").strip().lower() == "button":
            return ancestor
    return None


def _squash(text: str) -> str:
    return " ".join(text.split()).lower()


@check("image-redundant-alt")
def image_redundant_alt(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """An image's accessible name is not the whole visible text of the element around it."""
    texts: dict[Element, str] = {}  # the text around, once per element: a paragraph may hold thousands of images
    for img in doc.root.iter("img"):
        if role(doc, img) != "img" or is_programmatically_hidden(doc, img):
            continue
        around = _around(img)
        if around is None:
            continue
        name = _squash(accessible_name(doc, img))
        text = texts.get(around)
        if text is None:
            text = texts[around] = _squash(visible_inner_text(doc, around))
        if name and name == text:
            yield failed(img, name=accessible_name(doc, img).strip(), tag=around.tag)
        else:
            yield passed(img, tag=around.tag)
