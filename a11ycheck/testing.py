"""Testing rules the way a11ycheck tests its own: every example in a rule file must give its outcome.

For a package of house rules (see the ``a11ycheck.rules`` entry point), in its own test suite::

    from a11ycheck.testing import example_params, assert_example

    @pytest.mark.parametrize(("rule", "example"), example_params("mynews/rules"))
    def test_example(rule, example):
        assert_example(rule, example)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .checks import load_checks
from .engine import example_outcome
from .ruleset import Example, Rule, load_rules

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
    """Fail unless the rule has a check and gives the example the outcome its file claims."""
    if rule.id not in load_checks():
        raise AssertionError(f"rule {rule.id} ({rule.path}) has no check: register one with @check({rule.id!r})")
    got = example_outcome(rule, example.html, example.options)
    if got != example.outcome:
        note = f" ({example.note})" if example.note else ""
        raise AssertionError(f"{rule.id}: example{note} gave {got}, the rule file says {example.outcome}:\n"
                             f"{example.html}")
