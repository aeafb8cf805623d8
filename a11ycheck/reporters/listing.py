"""What the reports for people list (text, github, junit, sarif, html): every result but the review
items (cantTell), which are counted, and listed only on request, one per element.

Machine formats (json, jsonl, earl) keep every rule's outcome: ACT conformance and dashboards read
them per rule. A person needs one item per element instead: a video that could not be read is one
thing to look at, not the twelve media rules that each could not decide. Each rule's ``to-check``
message says what its item asks a person to check (its title, when it has none); a file that every
message of the item names (the video's) leads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Literal

from ..policy import DEFAULT_FAIL_ON, blocking
from ..results import Report, Result
from ..ruleset import Rule, load_rules

__all__ = ["REVIEW_HINT", "Listing", "Status", "help_links", "listing", "review_items", "status"]

Status = Literal["error", "below", "warning", "review", "passed", "inapplicable"]

REVIEW_HINT = "--review lists them"
_TAG_RE = re.compile(r"^<([A-Za-z][\w:-]*)")
_FILE_RE = re.compile(r"[\w~+-]+(?:\.[\w~+-]+)*\.[A-Za-z0-9]{2,5}\b")  # the file the messages name


@dataclass(frozen=True, slots=True)
class Listing:
    """A report's results as a person sees them: ``results`` in source order, and how many review
    items there are (listed among ``results`` or not)."""

    results: list[Result]
    review: int


def listing(report: Report, *, review: bool, rules: Mapping[str, Rule] | None = None) -> Listing:
    """The results to list for one report: all but cantTell, and the review items when ``review``."""
    items = review_items(report.results, rules)
    shown = [r for r in report.results if r.outcome != "cantTell"]
    if review:
        shown = sorted([*shown, *items], key=lambda r: (r.line, r.column, r.rule))
    return Listing(shown, len(items))


def status(result: Result, fail_on: str = DEFAULT_FAIL_ON) -> Status:
    """How reports rank a result: a failure is an error when it fails the run, "below" when it is of
    error severity but of an impact below ``fail_on``, else a warning (its severity, set by the run's
    policy: neither fails the run); a cantTell is to review."""
    if result.outcome == "failed":
        return "error" if blocking(result, fail_on) else "below" if result.severity == "error" else "warning"
    return "review" if result.outcome == "cantTell" else result.outcome


def help_links(results: Iterable[Result]) -> dict[str, str]:
    """Each rule's help link as the run's results give it (where the team's ``help-url`` points):
    reporters link a rule where its results do (else to the rule's own page)."""
    links: dict[str, str] = {}
    for result in results:
        if result.help:
            links.setdefault(result.rule, result.help)
    return links


def review_items(results: list[Result], rules: Mapping[str, Rule] | None = None) -> list[Result]:
    """The cantTell results, one per element: those on the same element become one item listing what a
    person must check there."""
    groups: dict[tuple[int, int, str], list[Result]] = {}
    for result in results:
        if result.outcome == "cantTell":
            groups.setdefault((result.line, result.column, result.selector), []).append(result)
    rules = load_rules() if rules is None else rules
    return [_item(group, rules) for group in groups.values()]


def _item(group: list[Result], rules: Mapping[str, Rule]) -> Result:
    first = group[0]
    if len(group) == 1:
        return first
    checks: list[str] = []
    for result in group:
        rule = rules.get(result.rule)
        check = (rule.messages.get("to-check") or rule.title) if rule else result.message
        if check not in checks:
            checks.append(check)
    tag = _TAG_RE.match(first.snippet)
    where = f"on this <{tag.group(1).lower()}>" if tag else "here"
    count = f"{len(checks)} thing{'s' * (len(checks) != 1)}"
    file = next((name for name in _FILE_RE.findall(first.message) if all(name in r.message for r in group)), None)
    message = (f"{file}: " if file else "") + f"{count} to check {where} ({len(group)} rules): " + "; ".join(checks)
    return replace(first, message=message, wcag=_union(r.wcag for r in group), act=_union(r.act for r in group),
                   axe=_union(r.axe for r in group))


def _union(lists: Iterable[list[str]]) -> list[str]:
    found: list[str] = []
    for items in lists:
        found += [item for item in items if item not in found]
    return found
