"""Page basics: title, language, unique ids."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from lxml import etree

from ..document import Document
from . import Finding, check, failed, passed

_XP_TITLE = etree.XPath("(//title[not(ancestor::svg) and not(ancestor::math)])[1]")


@check("document-title")
def document_title(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The page has a ``title`` element with non-whitespace text (ACT 2779a5)."""
    if doc.root.tag != "html":
        return
    found = _XP_TITLE(doc.root)
    if not found:
        yield failed(doc.root, "missing")
    elif not "".join(found[0].itertext()).strip():
        yield failed(found[0], "empty")
    else:
        yield passed(found[0], title=doc.text(found[0]))
