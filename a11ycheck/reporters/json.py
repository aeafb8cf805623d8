"""The JSON report: ``{"version": ..., "files": [{"path", "summary", "results"} | {"path", "error"}]}``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from .. import __version__
from ..results import Report
from ..shown import quote_path
from .context import Context

__all__ = ["chunks", "line", "lines", "render"]

_ENCODER = json.JSONEncoder(indent=2, ensure_ascii=False)
_NESTED = "\n    "  # a file's lines sit two levels deep (strings hold no raw newline: JSON escapes it)


def render(reports: Iterable[Report], context: Context) -> Iterator[str]:
    """The whole run as one JSON document, in pieces (:func:`chunks`); every result, as it is."""
    return chunks(reports)


def lines(reports: Iterable[Report], context: Context) -> Iterator[str]:
    """The ``jsonl`` format: one JSON line per report (:func:`line`)."""
    return (line(report) for report in reports)


def chunks(reports: Iterable[Report]) -> Iterator[str]:
    """The text of :func:`render` in pieces, one report's data at a time: a large page's report is
    never held as one string (or as the million small pieces that make it)."""
    yield f'{{\n  "version": {_ENCODER.encode(__version__)},\n  "files": ['
    empty = True
    for report in reports:
        yield _NESTED if empty else "," + _NESTED
        empty = False
        for chunk in _ENCODER.iterencode(_data(report)):
            yield chunk.replace("\n", _NESTED) if "\n" in chunk else chunk
    yield "]\n}\n" if empty else "\n  ]\n}\n"


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
