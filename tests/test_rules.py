"""Every rule file is valid, has a check, and its examples give the outcome they claim and report the findings
they name."""

from __future__ import annotations

from dataclasses import replace

import pytest

from a11ycheck.checks import load_checks
from a11ycheck.ruleset import Expected, load_rules, rules_dir
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


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda r: r.id)
def test_failing_examples_name_their_findings(rule) -> None:
    unnamed = [n for n, e in enumerate(rule.examples, 1) if e.outcome in ("failed", "cantTell") and not e.expect]
    assert not unnamed, f"{rule.id}: examples {unnamed} do not list the findings they expect ('expect')"


def _figcaption_example():
    """image-alt's example of an image in a figure: one failure, on the img, message 'figcaption'."""
    rule = RULES["image-alt"]
    example = next(e for e in rule.examples if e.expect == (Expected("figcaption", "img"),))
    assert "<figure>" in example.html
    return rule, example


@pytest.mark.parametrize(("expect", "reported"), [
    ((Expected("figcaption", "figure"),), "expected: html > body > figure (figcaption)"),
    ((Expected("fail", "img"),), "expected: html > body > figure > img (fail)"),
    ((Expected("figcaption", "img"), Expected("fail", "figcaption")), "html > body > figure > figcaption (fail)"),
    ((), None),
])
def test_an_example_fails_on_another_element_or_message(expect, reported) -> None:
    rule, example = _figcaption_example()
    changed = replace(example, expect=expect)
    if reported is None:  # no expectations: only the outcome is checked
        assert_example(rule, changed)
        return
    with pytest.raises(AssertionError) as caught:
        assert_example(rule, changed)
    assert "image-alt: example (a figcaption names the figure, not the image) reported other failed findings" \
        in str(caught.value)
    assert "reported: html > body > figure > img (figcaption)\n" in str(caught.value)
    assert reported in str(caught.value)


def test_an_expected_selector_must_pick_one_element() -> None:
    rule, example = _figcaption_example()
    with pytest.raises(AssertionError, match="the expected selector '\\*' picks 6 elements of the example, not one"):
        assert_example(rule, replace(example, expect=(Expected("figcaption", "*"),)))


def test_an_expected_finding_about_source_text_is_matched_by_line() -> None:
    rule = RULES["unused-suppression"]
    example = next(e for e in rule.examples if e.outcome == "failed")
    assert example.expect == (Expected("fail", line=1),)
    with pytest.raises(AssertionError, match=r"reported: line 1 \(fail\)\n  expected: line 2 \(fail\)"):
        assert_example(rule, replace(example, expect=(Expected("fail", line=2),)))
