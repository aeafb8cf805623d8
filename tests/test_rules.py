"""Every rule file is valid, has a check, and its examples give the outcome they claim."""

from __future__ import annotations

import pytest

from a11ycheck.checks import load_checks
from a11ycheck.engine import example_outcome
from a11ycheck.ruleset import load_rules

RULES = load_rules()
EXAMPLES = [
    pytest.param(rule, example, id=f"{rule.id}-{n}-{example.outcome}")
    for rule in RULES.values()
    for n, example in enumerate(rule.examples, 1)
]


def test_every_rule_has_a_check_and_every_check_a_rule() -> None:
    checks = load_checks()
    assert sorted(RULES) == sorted(checks)


@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_example(rule, example) -> None:
    assert example_outcome(rule, example.html, example.options) == example.outcome, example.note


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda r: r.id)
def test_rule_messages_cover_pass(rule) -> None:
    assert "pass" in rule.messages, f"{rule.id} has no 'pass' message"
