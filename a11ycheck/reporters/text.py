"""The text report, like a compiler's: ``path:line:col: rule-id message``, grouped per file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..results import Report
from ..shown import quote_path, visible
from .listing import REVIEW_HINT, listing

__all__ = ["render"]

_STYLES = {"path": "1", "failed": "31", "cantTell": "33", "passed": "32", "inapplicable": "2", "rule": "36"}


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_STYLES[style]}m{text}\x1b[0m" if color else text


def render(reports: Iterable[Report], *, color: bool = False, show_source: bool = False,
           statistics: bool = False, review: bool = False,
           review_hint: str = REVIEW_HINT) -> str:
    """Findings of every file, then one summary line; ``show_source`` frames each finding's start tag,
    ``statistics`` adds a count per rule; failures of warning severity are labelled as such.
    Review items (one per element) are listed when ``review``, else only counted, with the
    ``review_hint`` that says how to list them."""
    lines: list[str] = []
    counts: Counter[tuple[str, str]] = Counter()
    suppressed = warned = 0
    files = failed = to_review = errors = 0
    for report in reports:
        files += 1
        path = quote_path(report.path)
        if report.error is not None:
            errors += 1
            lines.append(f"{_paint(path, 'path', color)}: {_paint('error', 'failed', color)}: {visible(report.error)}")
            continue
        suppressed += len(report.suppressed)
        shown = listing(report, review=review)
        to_review += shown.review
        for result in shown.results:
            counts[result.rule, result.outcome] += 1
            warning = result.outcome == "failed" and result.severity == "warning"
            failed += result.outcome == "failed" and not warning
            warned += warning
            where = _paint(f"{path}:{result.line}:{result.column}", "path", color)
            label = "[warning] " if warning else "" if result.outcome == "failed" else f"[{result.outcome}] "
            painted = _paint(label, "cantTell" if warning else result.outcome, color) if label else ""
            lines.append(
                f"{where}: {_paint(result.rule, 'rule', color)} {painted}{visible(result.message)}"
                + (f" ({result.engine})" if result.engine != "static" else "")
            )
            if show_source and result.snippet:
                gutter = " " * len(str(result.line))
                lines += [f"  {result.line} | {visible(result.snippet)}",
                          f"  {gutter} | {_paint('^', result.outcome, color)}"]
    if statistics and counts:
        lines.append("")
        width = max(len(rule) for rule, _ in counts)
        for (rule, outcome), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"{count:>6}  {_paint(rule.ljust(width), 'rule', color)}  {outcome}")
    summary = (
        f"{files} file{'s' * (files != 1)} checked: {failed} failed, {to_review} to review"
        + (f" ({review_hint})" if to_review and not review else "")
        + (f", {warned} warning{'s' * (warned != 1)}" if warned else "")
        + (f", {suppressed} suppressed" if suppressed else "")
        + (f", {errors} could not be read" if errors else "")
    )
    style = "failed" if failed or errors else "cantTell" if to_review else "passed"
    lines.append(("\n" if lines else "") + _paint(summary, style, color))
    return "\n".join(lines) + "\n"
