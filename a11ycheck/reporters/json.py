"""The JSON report: ``{"version": ..., "files": [{"path", "summary", "results"} | {"path", "error"}]}``."""

from __future__ import annotations

import json
from collections.abc import Iterable

from .. import __version__
from ..results import Report

__all__ = ["render"]


def render(reports: Iterable[Report]) -> str:
    """The whole run as one JSON document."""
    data = {"version": __version__, "files": [report.to_dict() for report in reports]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def line(report: Report) -> str:
    """One report as a single JSON line (the ``jsonl`` format), with the tool version."""
    return json.dumps({"version": __version__, **report.to_dict()}, ensure_ascii=False) + "\n"
