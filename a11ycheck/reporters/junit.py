"""JUnit XML: one test suite, one test case per file; a file's case fails on the failures that fail the run
(of error severity and of ``fail-on`` impact or worse).

The case's ``name`` is the file (as reports show it) and its ``classname`` is ``a11ycheck``: Jenkins splits a
classname on its dots into packages, which a file name such as ``./index.v2.html`` would become.
Text from pages goes through :func:`~a11ycheck.shown.visible` and names through
:func:`~a11ycheck.shown.quote_path`: no character XML 1.0 forbids reaches the document.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from xml.etree import ElementTree as ET

from ..results import Report, Result
from ..shown import quote_path, visible
from .context import Context
from .listing import listing, status

__all__ = ["render"]

CLASSNAME = "a11ycheck"


def _lines(results: Sequence[Result], path: str) -> str:
    return "\n".join(f"{path}:{r.line}:{r.column}: {r.rule}: {visible(r.message)}\n    {visible(r.snippet)}"
                     for r in results)


def _case(suite: ET.Element, report: Report, context: Context) -> str | None:
    """The file's test case; returns how it did not pass ("failure", "error") or None."""
    path = quote_path(report.path)
    case = ET.SubElement(suite, "testcase", classname=CLASSNAME, name=path)
    if report.error is not None:
        error = ET.SubElement(case, "error", message=visible(report.error), type="InputError")
        error.text = f"{path}: {visible(report.error)}"
        return "error"
    found = listing(report, review=context.review, rules=context.rules)
    kinds = {kind: [r for r in found.results if status(r, context.fail_on) == kind]
             for kind in ("error", "below", "warning", "review")}
    if kinds["below"] or kinds["warning"]:
        properties = ET.SubElement(case, "properties")
        for kind, name in (("below", "below-fail-on"), ("warning", "warnings")):
            if kinds[kind]:
                ET.SubElement(properties, "property", name=name, value=str(len(kinds[kind])))
    if kinds["error"]:
        per_rule = Counter(r.rule for r in kinds["error"])
        rules = ", ".join(rule + (f" ({n})" if n > 1 else "") for rule, n in per_rule.items())
        count = len(kinds["error"])
        failure = ET.SubElement(case, "failure", message=f"{count} failure{'s' * (count != 1)}: {rules}",
                                type="accessibility")
        failure.text = _lines(kinds["error"], path)
    out = []
    if kinds["below"]:
        out.append(f"below fail-on {context.fail_on} (they do not fail the run):\n" + _lines(kinds["below"], path))
    if kinds["warning"]:
        out.append("warnings (they do not fail the run):\n" + _lines(kinds["warning"], path))
    if found.review:
        out.append("needs review:\n" + _lines(kinds["review"], path) if context.review
                   else f"{found.review} to review: {context.review_hint}")
    if out:
        ET.SubElement(case, "system-out").text = "\n\n".join(out)
    return "failure" if kinds["error"] else None


def render(reports: Iterable[Report], context: Context) -> str:
    """JUnit XML for the run: a test case per file, failed when the file has failures that fail the run
    (a file that could not be read: an error). Failures below ``fail_on`` and warnings are the case's
    ``below-fail-on`` and ``warnings`` properties and are listed in its output, with its review items
    (one per element) when ``review``, else their count."""
    root = ET.Element("testsuites", name="a11ycheck")
    suite = ET.SubElement(root, "testsuite", name="a11ycheck")
    outcomes = Counter(_case(suite, report, context) for report in reports)
    counts = {"tests": outcomes.total(), "failures": outcomes["failure"], "errors": outcomes["error"]}
    for element in (root, suite):
        for key, value in counts.items():
            element.set(key, str(value))
    suite.set("skipped", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
