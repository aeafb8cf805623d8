"""The page's style sheets, as text, in cascade order.

This version reads the ``<style>`` elements only (their ``media`` attribute evaluated for the configured
screen, by :func:`a11ycheck.css.media_matches`; a ``type`` other than CSS skipped). Linked sheets are
not read here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .css import media_matches
from .document import Document
from .memo import MemoKey

__all__ = ["PageSheet", "page_sheets"]


@dataclass(frozen=True, slots=True)
class PageSheet:
    """One sheet of the page: its text, the URL it was read from (None: a ``<style>`` element), and its
    place in the cascade (a later sheet wins a tie)."""

    text: str
    href: str | None
    order: int


_SHEETS_KEY: MemoKey[tuple[PageSheet, ...]] = MemoKey("stylesheets.sheets")


def page_sheets(doc: Document) -> tuple[PageSheet, ...]:
    """The page's sheets that apply on screen, in document order, read once per page."""
    return doc.memo(_SHEETS_KEY, lambda: _read(doc))


def _read(doc: Document) -> tuple[PageSheet, ...]:
    sheets: list[PageSheet] = []
    for style in doc.root.iterdescendants("style"):
        if (style.get("type") or "text/css").strip().lower() not in ("text/css", ""):
            continue
        if not media_matches(style.get("media") or ""):
            continue
        sheets.append(PageSheet("".join(style.itertext()), None, len(sheets)))
    return tuple(sheets)
