"""Reporters: one module per output format, each ``render(reports, context)`` (:class:`Reporter`), found by
the format's name in :data:`REPORTERS` (as html-validate's formatters and ruff's emitters are)."""

from __future__ import annotations

from . import earl, github, html, json, junit, sarif, text
from .context import MAX_ANNOTATIONS, Context, Reporter, Text

__all__ = ["MAX_ANNOTATIONS", "REPORTERS", "Context", "Reporter", "Text"]

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json.render,
    "jsonl": json.lines,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
    "html": html.render,
    "earl": earl.render,
}
