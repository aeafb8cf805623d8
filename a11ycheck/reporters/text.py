"""The text report, like a compiler's: ``path:line:col: rule-id message``, grouped per file."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ..results import Report, Result
from ..shown import quote_path, visible
from ..sitegroups import SiteView, pages
from .context import Context
from .frame import Frames
from .listing import Status, listing, status

__all__ = ["render"]

_STYLES = {"path": "1", "error": "31", "below": "33", "warning": "33", "review": "33", "passed": "32",
           "inapplicable": "2", "rule": "36"}
_LABEL: dict[Status, str] = {"error": "", "below": "[below fail-on] ", "warning": "[warning] ",
                             "review": "[cantTell] ", "passed": "[passed] ", "inapplicable": "[inapplicable] "}
_COUNTED: dict[Status, str] = {"error": "failed", "below": "below fail-on", "warning": "warning",
                               "review": "cantTell", "passed": "passed", "inapplicable": "inapplicable"}


_Entry = tuple[Result | None, str, list[str]]  # a result listed (None: an unread file), its page's path, its lines
_CARET_RE = re.compile(r"^ +\|? *\^+$")  # a frame's line of carets


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_STYLES[style]}m{text}\x1b[0m" if color else text


def render(reports: Iterable[Report], context: Context) -> str:
    """Findings of every file, then one summary line; ``show_source`` frames each finding,
    ``statistics`` adds a count per rule and status, and per rule and reason for the suppressed ones.
    A failure that does not fail the run is labelled so and never counted as failed: one of warning
    severity, or one of an impact below the run's ``fail_on`` ("below fail-on"). Review items (one per
    element) are listed when ``review``, else only counted, with the ``review_hint`` that says how to list them.
    With ``site_view``, the site view leads: each defect on several pages once (:mod:`~a11ycheck.sitegroups`),
    its failures no longer listed under their pages."""
    color = context.color
    entries: list[_Entry] = []  # what each listed result (or unread file) prints
    view = SiteView()
    counts: Counter[tuple[str, str]] = Counter()
    files = errors = suppressed = to_review = 0
    for report in reports:
        files += 1
        path = quote_path(report.path)
        if report.error is not None:
            errors += 1
            error = f"{_paint(path, 'path', color)}: {_paint('error', 'error', color)}: {visible(report.error)}"
            entries.append((None, report.path, [error]))
            continue
        if context.site_view:
            view.add(report)
        suppressed += len(report.suppressed)
        counts.update((r.rule, f"suppressed: {visible(r.reason or '')}") for r in report.suppressed)
        shown = listing(report, review=context.review, rules=context.rules)
        to_review += shown.review
        frames = Frames(report) if context.show_source and shown.results else None
        for result in shown.results:
            kind = status(result, context.fail_on)
            counts[result.rule, _COUNTED[kind]] += 1
            where = _paint(f"{path}:{result.line}:{result.column}", "path", color)
            block = [f"{where}: {_paint(result.rule, 'rule', color)} {_label(result, context)}{visible(result.message)}"
                     + (f" ({result.engine})" if result.engine != "static" else "")]
            if frames is not None:
                block += [_paint(line, kind, color) if _CARET_RE.match(line) else line
                          for line in frames.frame(result)]
            entries.append((result, report.path, block))
    lines = _site_view(view, context)
    lines += [line for result, page, block in entries if result is None or not view.grouped(result, page)
              for line in block]
    failed = sum(n for (_, kind), n in counts.items() if kind == "failed")
    warned = sum(n for (_, kind), n in counts.items() if kind == "warning")
    below = sum(n for (_, kind), n in counts.items() if kind == "below fail-on")
    if context.statistics and counts:
        lines.append("")
        width = max(len(rule) for rule, _ in counts)
        for (rule, counted), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"{count:>6}  {_paint(rule.ljust(width), 'rule', color)}  {counted}")
    summary = (
        f"{files} file{'s' * (files != 1)} checked: {failed} failed, "
        + (f"{below} below fail-on ({context.fail_on}), " if below else "")
        + f"{to_review} to review" + (f" ({context.review_hint})" if to_review and not context.review else "")
        + (f", {warned} warning{'s' * (warned != 1)}" if warned else "")
        + (f", {suppressed} suppressed" if suppressed else "")
        + (f", {errors} could not be read" if errors else "")
    )
    style = "error" if failed or errors else "warning" if to_review or warned or below else "passed"
    lines.append(("\n" if lines else "") + _paint(summary, style, color))
    return "\n".join(lines) + "\n"


def _label(result: Result, context: Context) -> str:
    kind = status(result, context.fail_on)
    return _paint(_LABEL[kind], kind, context.color) if _LABEL[kind] else ""


def _site_view(view: SiteView, context: Context) -> list[str]:
    """The site view's lines (none without a group): its totals, then each group, worst first, with its
    start tag, its path and its example pages."""
    groups = view.groups
    if not groups:
        return []
    color = context.color
    lines = [_paint(f"Site view: {view.totals()}", "path", color)]
    for group in groups:
        first = group.first
        lines += ["", f"{_paint(first.rule, 'rule', color)} {_label(first, context)}on {pages(group.pages)} "
                      f"({group.findings} failures, {group.impact}): {visible(first.message)}",
                  f"  {visible(first.snippet)}" + (f"  at {visible(first.selector)}" if first.selector else "")]
        lines += [f"  {_paint(f'{quote_path(p.path)}:{p.line}:{p.column}', 'path', color)}" for p in group.examples]
        more = group.pages - len(group.examples)
        if more:
            lines.append(f"  and {more} more page{'s' * (more != 1)}")
    return [*lines, ""]

