"""The JSON report: ``{"version", "files": [{"path", "summary", "results"} | {"path", "error"}], "groups"}``.

``files`` holds every result of every page, grouped or not; ``groups`` is the site view over them
(:mod:`~a11ycheck.sitegroups`): each defect on several pages, worst first (absent with ``--per-page``).
The ``jsonl`` format is one line per page and has no site view."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from .. import __version__
from ..results import Report
from ..shown import quote_path
from ..sitegroups import Group, SiteView
from .context import Context

__all__ = ["chunks", "group_data", "line", "lines", "render"]

_ENCODER = json.JSONEncoder(indent=2, ensure_ascii=False)
_NESTED = "\n    "  # a file's lines sit two levels deep (strings hold no raw newline: JSON escapes it)


def render(reports: Iterable[Report], context: Context) -> Iterator[str]:
    """The whole run as one JSON document, in pieces (:func:`chunks`); every result, as it is."""
    return chunks(reports, site_view=context.site_view)


def lines(reports: Iterable[Report], context: Context) -> Iterator[str]:
    """The ``jsonl`` format: one JSON line per report (:func:`line`)."""
    return (line(report) for report in reports)


def chunks(reports: Iterable[Report], *, site_view: bool = True) -> Iterator[str]:
    """The text of :func:`render` in pieces, one report's data at a time: a large page's report is
    never held as one string (or as the million small pieces that make it). The site view's groups come
    after the files (they are known once every page is read)."""
    yield f'{{\n  "version": {_ENCODER.encode(__version__)},\n  "files": ['
    empty = True
    view = SiteView()
    for report in reports:
        if site_view:
            view.add(report)
        yield _NESTED if empty else "," + _NESTED
        empty = False
        for chunk in _ENCODER.iterencode(_data(report)):
            yield chunk.replace("\n", _NESTED) if "\n" in chunk else chunk
    yield "]" if empty else "\n  ]"
    if site_view:
        groups = [group_data(group) for group in view.groups]
        yield ',\n  "groups": ' + _ENCODER.encode(groups).replace("\n", "\n  ")
    yield "\n}\n"


def line(report: Report) -> str:
    """One report as a single JSON line (the ``jsonl`` format), with the tool version."""
    return json.dumps({"version": __version__, **_data(report)}, ensure_ascii=False) + "\n"


def _data(report: Report) -> dict[str, Any]:
    """The report as data, its file names as reports show them (:func:`~a11ycheck.shown.quote_path`)."""
    data = report.to_dict()
    data["path"] = quote_path(report.path)
    if report.warc is not None:
        data["warc"] = quote_path(report.warc)
    return data


def group_data(group: Group) -> dict[str, Any]:
    """A group as data: its first failure's rule, path, start tag, message and impact, its counts, its examples."""
    first = group.first
    return {"rule": first.rule, "selector": first.selector, "snippet": first.snippet, "message": first.message,
            "impact": group.impact, "pages": group.pages, "findings": group.findings,
            "examples": [{"path": quote_path(p.path), "line": p.line, "column": p.column} for p in group.examples]}
