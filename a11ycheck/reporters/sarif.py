"""SARIF 2.1.0, for code-scanning dashboards (GitHub, GitLab, Azure DevOps)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..policy import blocking
from ..results import Report, Result
from ..ruleset import Rule
from ..shown import name_bytes, quote_path
from ..suppress import SELECTOR_REASON
from .context import Context
from .listing import REVIEW_HINT, help_links, listing

__all__ = ["render"]

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_URI_CHARS = "!#$%&'()*+,/:;=?@[]~"  # reserved characters, and % (a URL's own escapes stay as they are)
_KIND = {"failed": "fail", "cantTell": "review", "passed": "pass", "inapplicable": "notApplicable"}


def _descriptor(rule: Rule, help_uri: str) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": "".join(part.title() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.description},
        "help": {"text": rule.fix, "markdown": f"{rule.description}\n\n**How to fix:** {rule.fix}"},
        "helpUri": help_uri,
        "defaultConfiguration": {"level": "warning" if rule.severity == "warning" else "error"},
        "properties": {
            "tags": ["accessibility", *rule.tags, *(f"WCAG {c}" for c in rule.wcag)],
            "impact": rule.impact,
            "wcag": list(rule.wcag),
            "act": list(rule.act),
            "axe": list(rule.axe),
        },
    }


def _uri(path: str) -> dict[str, str]:
    """A file's or page's artifact location: a URI reference, its bytes that are not URI characters
    percent-encoded (so a file name that is not UTF-8 stays whole: ``%FF``)."""
    if "://" in path:
        return {"uri": quote(name_bytes(path), safe=_URI_CHARS)}
    posix = PurePath(path).as_posix().removeprefix("./")  # (a backslash separates only on Windows)
    return {"uri": quote(name_bytes(posix), safe="/"), "uriBaseId": "%SRCROOT%"}


def _level(result: Result, fail_on: str) -> str:
    """A failure's level: ``error`` when it fails the run, else ``warning`` (of warning severity, or of an
    impact below ``fail_on``); every other kind's is ``none`` (SARIF 2.1.0 §3.27.10)."""
    if result.outcome != "failed":
        return "none"
    return "error" if blocking(result, fail_on) else "warning"


def _result(result: Result, report: Report, index: dict[str, int], fail_on: str) -> dict[str, Any]:
    """One SARIF result, at its :func:`_level`; a suppressed failure carries its suppression, in the page
    or by ``ignore-selectors``."""
    entry: dict[str, Any] = {
        "ruleId": result.rule,
        "kind": _KIND[result.outcome],
        "level": _level(result, fail_on),
        "message": {"text": result.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": _uri(report.path),
                "region": {
                    "startLine": result.line,
                    "startColumn": result.column,
                    "snippet": {"text": result.snippet},
                },
            },
            "logicalLocations": [{"fullyQualifiedName": result.selector, "kind": "element"}]
            if result.selector else [],
        }],
        "properties": {"impact": result.impact, "engine": result.engine,
                       **({"warc": quote_path(report.warc), "offset": report.offset} if report.warc else {})},
    }
    if result.reason is not None:
        kind = "external" if result.reason == SELECTOR_REASON else "inSource"
        entry["suppressions"] = [{"kind": kind, "justification": result.reason}]
    if result.rule in index:
        entry["ruleIndex"] = index[result.rule]
    return entry


def render(reports: Iterable[Report], context: Context) -> str:
    """One SARIF log with one run; read errors become tool execution notifications. A failure is of level
    ``error`` only when it fails the run (the invocation's ``failOn`` property names the run's fail-on).
    Suppressed failures are results with their ``suppressions``. Review items (one per element) are
    results of kind ``review`` when ``review``, else a note counts them."""
    rules = context.rules
    reports = list(reports)
    shown = {id(report): listing(report, review=context.review, rules=rules) for report in reports
             if report.error is None}
    suppressed = {id(report): [r for r in report.suppressed if r.outcome == "failed"] for report in reports}
    used = sorted({r.rule for report in reports if report.error is None
                   for r in (*shown[id(report)].results, *suppressed[id(report)])} & set(rules))
    index = {rule_id: n for n, rule_id in enumerate(used)}
    links = help_links(r for report in reports if report.error is None
                       for r in (*shown[id(report)].results, *suppressed[id(report)]))
    results, notifications = [], []
    for report in reports:
        if report.error is not None:
            notifications.append({
                "level": "error",
                "message": {"text": f"{quote_path(report.path)}: {report.error}"},
                "locations": [{"physicalLocation": {"artifactLocation": _uri(report.path)}}],
            })
            continue
        results += [_result(result, report, index, context.fail_on)
                    for result in (*shown[id(report)].results, *suppressed[id(report)])]
    to_review = sum(found.review for found in shown.values())
    if to_review and not context.review:
        notifications.append({"level": "note", "message": {"text": f"{to_review} to review: {REVIEW_HINT}"}})
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "a11ycheck",
                "version": __version__,
                "informationUri": "https://a11ycheck.dev",
                "rules": [_descriptor(rules[rule_id], links.get(rule_id, rules[rule_id].help)) for rule_id in used],
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": "./"}},
            "invocations": [{
                "executionSuccessful": all(n["level"] != "error" for n in notifications),
                "properties": {"failOn": context.fail_on},
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
