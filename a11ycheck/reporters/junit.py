"""JUnit XML: one test suite per file, one test case per file × rule; failures carry the findings.

Text from pages goes through :func:`~a11ycheck.shown.visible` and names through
:func:`~a11ycheck.shown.quote_path`: no character XML 1.0 forbids reaches the document.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from xml.etree import ElementTree as ET

from ..results import Report, Result
from ..shown import quote_path, visible
from .listing import REVIEW_HINT, review_items

__all__ = ["render"]


def _lines(results: Sequence[Result], path: str) -> str:
    return "\n".join(f"{path}:{r.line}:{r.column}: {visible(r.message)}\n    {visible(r.snippet)}" for r in results)


def render(reports: Iterable[Report], rule_ids: Sequence[str], *, review: bool = False) -> str:
    """JUnit XML for the run; ``rule_ids`` are the rules that ran (each file gets a case per rule). A
    file's review items (one per element) go to its suite's output when ``review``, else their count."""
    root = ET.Element("testsuites", name="a11ycheck")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for report in reports:
        path = quote_path(report.path)
        suite = ET.SubElement(root, "testsuite", name=path)
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        if report.error is not None:
            case = ET.SubElement(suite, "testcase", classname=path, name="read")
            error = ET.SubElement(case, "error", message=visible(report.error), type="InputError")
            error.text = f"{path}: {visible(report.error)}"
            counts["tests"] += 1
            counts["errors"] += 1
        else:
            grouped = report.by_rule()
            for rule_id in rule_ids:
                counts["tests"] += 1
                case = ET.SubElement(suite, "testcase", classname=path, name=rule_id)
                found = grouped.get(rule_id, [])
                failures = [r for r in found if r.outcome == "failed"]
                if failures:
                    counts["failures"] += 1
                    first = failures[0]
                    message = f"{len(failures)} failed: {first.message}" if len(failures) > 1 else first.message
                    failure = ET.SubElement(case, "failure", message=visible(message), type=rule_id)
                    failure.text = _lines(failures, path)
            items = review_items(report.results)
            if items:
                ET.SubElement(suite, "system-out").text = (
                    "needs review:\n" + _lines(items, path) if review else f"{len(items)} to review: {REVIEW_HINT}")
        for key, value in counts.items():
            suite.set(key, str(value))
        for key in totals:
            totals[key] += counts[key]
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
