"""Heading structure (best practices, axe-core's ``heading-order`` and ``page-has-heading-one``): levels rise one at a
time, and the page has a level-one heading.

Headings are the elements of semantic role ``heading`` in the accessibility tree, in document order; a heading's
level is its valid ``aria-level``, else its tag's (``h1``–``h6``), else 2 (``role="heading"`` alone), as browsers
and axe-core compute it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..document import Document, Element
from ..pageindex import headings
from . import Finding, check, failed, passed

_NAME_MAX = 60


def heading_level(element: Element) -> int:
    """The heading's level: a valid ``aria-level`` (a positive integer), else its tag's, else 2."""
    value = (element.get("aria-level") or "").strip()
    if value.isdigit() and int(value) >= 1:
        return int(value)
    tag = element.tag if isinstance(element.tag, str) else ""
    return int(tag[1]) if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456" else 2


def _label(doc: Document, element: Element) -> str:
    """How a message names a heading: its level and its text, shortened."""
    text = " ".join(doc.text(element).split())
    text = text if len(text) <= _NAME_MAX else text[: _NAME_MAX - 1] + "…"
    return f'level {heading_level(element)} heading "{text}"'


@check("heading-order")
def heading_order(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Each heading is at most one level deeper than the heading before it (axe-core heading-order)."""
    previous: Element | None = None
    for element in headings(doc):
        level = heading_level(element)
        if previous is None or level - heading_level(previous) <= 1:
            yield passed(element, level=level)
        else:
            line, column = doc.position(previous)
            yield failed(element, level=level, heading=_label(doc, element), previous=_label(doc, previous),
                         where=f"{line}:{column}", missing=heading_level(previous) + 1)
        previous = element


@check("page-has-heading-one")
def page_has_heading_one(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The page has a level-one heading in the accessibility tree (axe-core page-has-heading-one)."""
    if doc.root.tag != "html":
        return
    first = next((element for element in headings(doc) if heading_level(element) == 1), None)
    if first is None:
        yield failed(doc.root)
    else:
        line, column = doc.position(first)
        yield passed(doc.root, heading=_label(doc, first), where=f"{line}:{column}")
