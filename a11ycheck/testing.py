"""Testing rules the way a11ycheck tests its own: every example in a rule file must give its outcome and,
when it lists them (``expect``), report exactly the findings it names: each one's element and message key.

For a package of house rules (see the ``a11ycheck.rules`` entry point), in its own test suite::

    from a11ycheck.testing import example_params, assert_example

    @pytest.mark.parametrize(("rule", "example"), example_params("mynews/rules"))
    def test_example(rule, example):
        assert_example(rule, example)
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from cssselect import HTMLTranslator

from .checks import Finding, load_checks
from .document import Document
from .engine import example_findings
from .results import worst
from .ruleset import Example, Expected, Rule, load_rules

__all__ = ["assert_example", "example_params", "rules_in"]


def rules_in(directory: str | Path | None = None) -> list[Rule]:
    """The rules of a directory of rule files (default: every installed rule)."""
    return list((load_rules() if directory is None else load_rules(Path(directory))).values())


def example_params(directory: str | Path | None = None) -> list[Any]:
    """``pytest.param(rule, example)`` for every example of every rule, with readable ids."""
    import pytest

    return [
        pytest.param(rule, example, id=f"{rule.id}-{n}-{example.outcome}")
        for rule in rules_in(directory)
        for n, example in enumerate(rule.examples, 1)
    ]


def assert_example(rule: Rule, example: Example) -> None:
    """Fail unless the rule has a check, gives the example the outcome its file claims, and reports the
    findings of that outcome the example lists (when it lists them), no more and no fewer."""
    if rule.id not in load_checks():
        raise AssertionError(f"rule {rule.id} ({rule.path}) has no check: register one with @check({rule.id!r})")
    doc, findings = example_findings(rule, example.html, example.options)
    note = f" ({example.note})" if example.note else ""
    got = worst([f.outcome for f in findings])
    if got != example.outcome:
        raise AssertionError(f"{rule.id}: example{note} gave {got}, the rule file says {example.outcome}:\n"
                             f"{example.html}")
    if not example.expect:
        return
    reported = Counter(_place(doc, f) for f in findings if f.outcome == example.outcome)
    expected = Counter(_expected_place(doc, rule, x) for x in example.expect)
    if reported != expected:
        raise AssertionError(
            f"{rule.id}: example{note} reported other {example.outcome} findings than the rule file expects:\n"
            f"  reported: {_listed(reported)}\n  expected: {_listed(expected)}\n{example.html}")


def _place(doc: Document, finding: Finding) -> tuple[str, str]:
    """Where a finding is (its element's CSS path, or the line of the source text it is about), and its message
    key."""
    if finding.span is not None:
        return f"line {doc.source.position(finding.span[0])[0]}", finding.message
    return doc.selector(doc.root if finding.element is None else finding.element), finding.message


def _expected_place(doc: Document, rule: Rule, expected: Expected) -> tuple[str, str]:
    """An expected finding in the terms of :func:`_place`; its selector must pick one element of the example."""
    if not expected.selector:
        return f"line {expected.line}", expected.message
    chosen = doc.root.xpath(HTMLTranslator().css_to_xpath(expected.selector))
    if len(chosen) != 1:
        raise AssertionError(f"{rule.id}: the expected selector {expected.selector!r} picks {len(chosen)} elements "
                             "of the example, not one")
    return doc.selector(chosen[0]), expected.message


def _listed(places: Counter[tuple[str, str]]) -> str:
    return ", ".join(f"{where} ({message})" for where, message in sorted(places.elements())) or "none"
