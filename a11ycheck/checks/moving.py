"""Moving content (WCAG 2.2.2 Pause, Stop, Hide): ``marquee`` and ``blink`` elements (axe-core's ``marquee`` and
``blink``), which move or blink with no way for the user to stop them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from lxml import etree

from ..document import Document
from ..visibility import is_visible
from . import Finding, check, failed, passed

_XP_MARQUEE = etree.XPath("//marquee")
_XP_BLINK = etree.XPath("//blink")


def _shown(doc: Document, path: etree.XPath) -> Iterator[Finding]:
    """Each element of ``path`` fails when it is shown, and passes when it is not."""
    for element in doc.elements(path):
        yield failed(element) if is_visible(doc, element) else passed(element)


@check("marquee")
def marquee(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """No ``marquee`` element is shown (axe-core marquee)."""
    return _shown(doc, _XP_MARQUEE)


@check("blink")
def blink(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """No ``blink`` element is shown (axe-core blink)."""
    return _shown(doc, _XP_BLINK)
