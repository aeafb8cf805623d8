"""Moving content (WCAG 2.2.2 Pause, Stop, Hide): ``marquee`` and ``blink`` elements (axe-core's ``marquee`` and
``blink``), which move or blink with no way for the user to stop them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..document import Document
from ..visibility import is_visible
from . import Finding, check, failed, passed


def _shown(doc: Document, tag: str) -> Iterator[Finding]:
    """Each ``tag`` element fails when it is shown, and passes when it is not."""
    for element in doc.root.iter(tag):  # (lxml finds no element at once when no element has the tag)
        yield failed(element) if is_visible(doc, element) else passed(element)


@check("marquee")
def marquee(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """No ``marquee`` element is shown (axe-core marquee)."""
    return _shown(doc, "marquee")


@check("blink")
def blink(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """No ``blink`` element is shown (axe-core blink)."""
    return _shown(doc, "blink")
