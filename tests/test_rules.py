"""Every rule file is valid, has a check, and its examples give the outcome they claim."""

from __future__ import annotations

import pytest

from a11ycheck.checks import load_checks
from a11ycheck.ruleset import load_rules, rules_dir
from a11ycheck.testing import assert_example, example_params

RULES = load_rules(rules_dir())


def test_every_rule_has_a_check_and_every_check_a_rule() -> None:
    assert sorted(RULES) == sorted(load_checks())


@pytest.mark.parametrize(("rule", "example"), example_params(rules_dir()))
def test_example(rule, example) -> None:
    assert_example(rule, example)


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda r: r.id)
def test_rule_messages_cover_pass(rule) -> None:
    assert "pass" in rule.messages, f"{rule.id} has no 'pass' message"
