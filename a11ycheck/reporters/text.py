"""The text report, like a compiler's: ``path:line:col: rule-id message``, grouped per file."""

from __future__ import annotations

from collections.abc import Iterable

from ..results import Report

__all__ = ["render"]

_STYLES = {"path": "1", "failed": "31", "cantTell": "33", "passed": "32", "rule": "36", "dim": "2"}


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_STYLES[style]}m{text}\x1b[0m" if color else text


def render(reports: Iterable[Report], *, color: bool = False) -> str:
    """Findings of every file, then one summary line."""
    lines: list[str] = []
    files = failed = review = errors = 0
    for report in reports:
        files += 1
        if report.error is not None:
            errors += 1
            lines.append(f"{_paint(report.path, 'path', color)}: {_paint('error', 'failed', color)}: {report.error}")
            continue
        for result in report.results:
            failed += result.outcome == "failed"
            review += result.outcome == "cantTell"
            where = _paint(f"{report.path}:{result.line}:{result.column}", "path", color)
            label = "" if result.outcome == "failed" else f"[{result.outcome}] "
            lines.append(
                f"{where}: {_paint(result.rule, 'rule', color)} "
                f"{_paint(label, result.outcome, color) if label else ''}{result.message}"
            )
    summary = (
        f"{files} file{'s' * (files != 1)} checked: {failed} failed, {review} to review"
        + (f", {errors} could not be read" if errors else "")
    )
    style = "failed" if failed or errors else "cantTell" if review else "passed"
    lines.append(("\n" if lines else "") + _paint(summary, style, color))
    return "\n".join(lines) + "\n"
