"""W3C EARL 1.0 as JSON-LD, the format of ACT implementation reports.

Outcomes are ACT's (EARL is for conformance): a failure is ``earl:failed`` whatever its severity. A failed
result also says its severity, ``a11ycheck:severity`` (``error`` or ``warning``, the run's policy), a
property of a11ycheck's own vocabulary that the context declares; EARL consumers that do not know it
ignore it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from .. import __version__
from ..results import Report, Result
from ..ruleset import Rule
from ..shown import quote_path
from .context import Context

__all__ = ["render"]

CONTEXT = {
    "@vocab": "http://www.w3.org/ns/earl#",
    "earl": "http://www.w3.org/ns/earl#",
    "dct": "http://purl.org/dc/terms/",
    "sch": "https://schema.org/",
    "ptr": "http://www.w3.org/2009/pointers#",
    "doap": "http://usefulinc.com/ns/doap#",
    "title": "dct:title",
    "description": "dct:description",
    "source": "dct:source",
    "isPartOf": {"@id": "dct:isPartOf", "@type": "@id"},
    "outcome": {"@type": "@id"},
    "mode": {"@type": "@id"},
    "assertedBy": {"@type": "@id"},
    "pointer": "earl:pointer",
    "a11ycheck": "https://a11ycheck.dev/ns#",
    "severity": "a11ycheck:severity",
}
ASSERTOR = "https://a11ycheck.dev/#a11ycheck"
ACT_RULE = "https://www.w3.org/WAI/standards-guidelines/act/rules/{}/"


def _assertion(rule: Rule | None, result: Result) -> dict[str, Any]:
    """One assertion: the test case is the rule, known by its help link (the run's: a team's ``help-url``)."""
    rule_id = result.rule
    test: dict[str, Any] = {"@id": result.help or (rule.help if rule else rule_id), "@type": "TestCase",
                            "title": rule_id}
    if rule:
        test["description"] = rule.title
        test["isPartOf"] = [ACT_RULE.format(a) for a in rule.act]
    outcome: dict[str, Any] = {"@type": "TestResult", "outcome": f"earl:{result.outcome}",
                               "description": result.message}
    if result.outcome == "failed":
        outcome["severity"] = result.severity
    if result.selector:
        outcome["pointer"] = {
            "@type": ["ptr:CSSSelectorPointer", "ptr:LineCharPointer"],
            "ptr:expression": result.selector,
            "ptr:lineNumber": result.line,
            "ptr:charNumber": result.column,
        }
    return {"@type": "Assertion", "assertedBy": ASSERTOR, "mode": "earl:automatic", "test": test,
            "result": outcome}


def render(reports: Iterable[Report], context: Context) -> str:
    """EARL assertions per page, every rule's outcome (ACT's, a failure's severity beside it); run with
    ``--include-passed`` for passed and inapplicable ones."""
    rules = context.rules
    graph: list[dict[str, Any]] = [{
        "@id": ASSERTOR, "@type": ["earl:Assertor", "earl:Software", "doap:Project"],
        "doap:name": "a11ycheck", "doap:release": {"doap:revision": __version__},
    }]
    for report in reports:
        subject: dict[str, Any] = {"@type": ["TestSubject", "sch:WebPage"], "source": quote_path(report.path)}
        if report.error is not None:
            subject["description"] = report.error
            subject["assertions"] = []
        else:
            subject["assertions"] = [_assertion(rules.get(r.rule), r) for r in report.results]
        graph.append(subject)
    return json.dumps({"@context": CONTEXT, "@graph": graph}, indent=2, ensure_ascii=False) + "\n"
