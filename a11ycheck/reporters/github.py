"""GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=…::message``."""

from __future__ import annotations

from collections.abc import Iterable

from ..results import Report
from ..shown import quote_path, visible
from .listing import REVIEW_HINT, listing

__all__ = ["render"]

_COMMAND = {"failed": "error", "cantTell": "warning", "passed": "notice", "inapplicable": "notice"}


def _data(text: str) -> str:
    """GitHub's escapes for a command's data, and the other control characters shown, not sent to the log."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(reports: Iterable[Report], *, review: bool = False) -> str:
    """One workflow command per finding and one per unreadable file; review items (one per element) as
    warnings when ``review``, else one notice counting them."""
    lines = []
    to_review = 0
    for report in reports:
        if report.error is not None:
            lines.append(f"::error file={_prop(quote_path(report.path))},title=a11ycheck::{_data(report.error)}")
            continue
        shown = listing(report, review=review)
        to_review += shown.review
        for r in shown.results:
            title = _prop(f"{r.rule} ({r.impact})")
            lines.append(
                f"::{_COMMAND[r.outcome]} file={_prop(quote_path(report.path))},line={r.line},col={r.column},"
                f"title={title}::{_data(r.message)}"
            )
    if to_review and not review:
        lines.append(f"::notice title=a11ycheck::{to_review} to review: {REVIEW_HINT}")
    return "\n".join(lines) + ("\n" if lines else "")
