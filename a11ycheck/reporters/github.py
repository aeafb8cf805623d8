"""GitHub Actions: workflow commands (``::error file=…,line=…,col=…,title=…::message``), at most
``max_annotations`` per type (GitHub shows about ten per type and step; 0: every one), and a job summary in Markdown
appended to the file ``GITHUB_STEP_SUMMARY`` names."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ..fileio import WriteError
from ..results import Report
from ..shown import quote_path, visible
from .context import Context
from .listing import REVIEW_HINT, Status, listing, status

__all__ = ["render", "summary"]

_COMMAND: dict[Status, str] = {"error": "error", "below": "warning", "warning": "warning", "review": "warning",
                               "passed": "notice", "inapplicable": "notice"}
_COLUMNS: tuple[tuple[Status, str], ...] = (("error", "Failed"), ("below", "Below fail-on"), ("warning", "Warnings"),
                                            ("review", "To review"))
_MAX_FILES = 100  # rows of the summary's file table
_MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]#|<>])")


def _data(text: str) -> str:
    """GitHub's escapes for a command's data, and the other control characters shown, not sent to the log."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(reports: Iterable[Report], context: Context) -> str:
    """One workflow command per finding (a failure that does not fail the run, of warning severity or of an
    impact below ``fail_on``, as ``::warning``) and one per unreadable file, at most ``max_annotations`` of
    each type (0: no cap) and then a notice counting the rest; review items (one per element) as warnings
    when ``review``, else one notice counting them. With
    ``step_summary``, the job summary (:func:`summary`) is appended to that file."""
    reports = list(reports)
    lines = []
    shown: Counter[str] = Counter()
    hidden: Counter[str] = Counter()
    to_review = 0

    def emit(command: str, text: str) -> None:
        if not context.max_annotations or shown[command] < context.max_annotations:
            shown[command] += 1
            lines.append(f"::{command} {text}")
        else:
            hidden[command] += 1

    for report in reports:
        if report.error is not None:
            emit("error", f"file={_prop(quote_path(report.path))},title=a11ycheck::{_data(report.error)}")
            continue
        found = listing(report, review=context.review, rules=context.rules)
        to_review += found.review
        for r in found.results:
            kind = status(r, context.fail_on)
            title = _prop(f"{r.rule} ({r.impact}{', below fail-on ' + context.fail_on if kind == 'below' else ''})")
            emit(_COMMAND[kind], f"file={_prop(quote_path(report.path))},line={r.line},col={r.column},"
                                      f"title={title}::{_data(r.message)}")
    if hidden:
        more = ", ".join(f"{n} {command}{'s' * (n != 1)}" for command, n in hidden.items())
        where = "the job summary and " if context.step_summary else ""
        lines.append(f"::notice title=a11ycheck::not shown as annotations: {more}; see {where}"
                     "the full report (--format text or html)")
    if to_review and not context.review:
        lines.append(f"::notice title=a11ycheck::{to_review} to review: {REVIEW_HINT}")
    if context.step_summary:
        try:
            with open(context.step_summary, "a", encoding="utf-8") as handle:
                handle.write(summary(reports, context))
        except OSError as exc:
            raise WriteError(context.step_summary, exc.strerror or str(exc)) from exc
    return "\n".join(lines) + ("\n" if lines else "")


def _md(text: str) -> str:
    """Text for a Markdown table cell: Markdown's and HTML's own characters escaped with a backslash."""
    return _MD_SPECIAL_RE.sub(r"\\\1", visible(text))


def summary(reports: Iterable[Report], context: Context) -> str:
    """The job summary in Markdown: counts per rule and per file with findings, worst first (failed,
    then below fail-on, warnings, to review), and the files that could not be read."""
    per_rule: dict[str, Counter[Status]] = {}
    per_file: dict[str, Counter[Status]] = {}
    unread: list[str] = []
    files = 0
    for report in reports:
        files += 1
        if report.error is not None:
            unread.append(f"- {_md(quote_path(report.path))}: {_md(report.error)}")
            continue
        for r in listing(report, review=True, rules=context.rules).results:
            kind = status(r, context.fail_on)
            per_rule.setdefault(r.rule, Counter())[kind] += 1
            per_file.setdefault(quote_path(report.path), Counter())[kind] += 1
    total: Counter[Status] = sum(per_rule.values(), Counter())
    below = f"{total['below']} below fail-on ({context.fail_on}), " if total["below"] else ""
    out = [f"## a11ycheck: {total['error']} failed, {below}{total['warning']} warning{'s' * (total['warning'] != 1)}, "
           f"{total['review']} to review in {files} file{'s' * (files != 1)}"
           + (f", {len(unread)} could not be read" if unread else "")]
    if per_rule:
        out += _table("Rule", per_rule, len(per_rule)) + _table("File", per_file, _MAX_FILES)
    if unread:
        out += ["", f"Not checked ({len(unread)}):", "", *unread]
    return "\n".join(out) + "\n\n"


def _table(name: str, counts: dict[str, Counter[Status]], limit: int) -> list[str]:
    """A Markdown table of counts per key, worst first, at most ``limit`` rows."""
    order = sorted(counts, key=lambda key: (*(-counts[key][kind] for kind, _ in _COLUMNS), key))
    rows = ["", f"| {name} | " + " | ".join(label for _, label in _COLUMNS) + " |",
            "| --- |" + " ---: |" * len(_COLUMNS)]
    rows += [f"| {_md(key)} | " + " | ".join(str(counts[key][kind]) for kind, _ in _COLUMNS) + " |"
             for key in order[:limit]]
    if len(order) > limit:
        rows += ["", f"and {len(order) - limit} more {name.lower()}s with fewer findings"]
    return rows
