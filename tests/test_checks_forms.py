"""Form field names and autocomplete values beyond the rule files' examples."""

from __future__ import annotations

import pytest

from a11ycheck.checks.forms import autocomplete_problem
from a11ycheck.engine import Options, check

PAGE = "<!doctype html><html lang='en'><head><title>t</title></head><body>\n{body}\n</body></html>"


def outcomes(body: str, rule: str) -> list[tuple[str, str]]:
    report = check(PAGE.format(body=body), options=Options(select=(rule,), include_passed=True))
    return [(r.outcome, r.message) for r in report.results if r.rule == rule and r.outcome != "inapplicable"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<input type="date">', ["failed"]),
        ('<input type="password" aria-label="Password">', ["passed"]),
        ("<select><option>One</option></select>", ["failed"]),
        ('<div role="combobox" aria-label="Section" aria-expanded="false"></div>', ["passed"]),
        ('<input type="checkbox" id="c"><label for="c">Remember me</label>', ["passed"]),
        ('<label><input type="radio"></label>', ["failed"]),
        ('<input type="text" disabled>', ["failed"]),
        ('<div role="textbox" aria-hidden="true"></div>', []),
        # html-aria gives them no role, axe's label rule and 4.1.2 still want a name
        ('<input type="file">', ["failed"]),
        ('<label>Your CV <input type="file"></label>', ["passed"]),
        ('<input type="color" aria-label="Text colour">', ["passed"]),
        ('<input type="file" hidden>', []),
        ('<textarea placeholder="Your comment"></textarea>', ["passed"]),
    ],
)
def test_form_field_name(body: str, expected: list[str]) -> None:
    assert [outcome for outcome, _ in outcomes(body, "form-field-name")] == expected


def test_form_field_message_names_the_field_kind() -> None:
    ((outcome, message),) = outcomes('<input type="search">', "form-field-name")
    assert outcome == "failed"
    assert "input element is a searchbox field" in message
    ((_, message),) = outcomes('<input type="file" name="cv">', "form-field-name")
    assert "input element is a file upload field" in message


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("email", None),
        ("EMAIL", None),
        ("section-login username", None),
        ("billing street-address", None),
        ("section-a shipping mobile tel webauthn", None),
        ("home email", None),
        ("current-password webauthn", None),
        ("e-mail", "unknown-field"),
        ("home name", "order"),
        ("billing section-a postal-code", "order"),
        ("shipping", "no-field"),
        ("work", "no-field"),
        ("webauthn", "no-field"),
        ("email tel", "order"),
    ],
)
def test_autocomplete_token_grammar(value: str, problem: str | None) -> None:
    assert autocomplete_problem(value.lower().split()) == problem


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<input autocomplete="given-name">', ["passed"]),
        ('<input autocomplete="first-name">', ["failed"]),
        ('<input autocomplete="ON">', []),
        ('<input autocomplete="  ">', []),
        ('<input autocomplete="first-name" aria-disabled="true">', []),
        ('<div aria-disabled="true"><input autocomplete="first-name"></div>', []),
        ('<fieldset disabled><input autocomplete="first-name"></fieldset>', []),
        ('<input type="submit" autocomplete="email">', []),
        ('<input type="hidden" autocomplete="first-name">', []),
        ('<input autocomplete="first-name" style="position:absolute;clip:rect(0 0 0 0)">', ["failed"]),
        ('<input autocomplete="first-name" tabindex="-1" role="none">', ["failed"]),
        ('<input type="color" autocomplete="first-name" tabindex="-1">', []),
        ('<select autocomplete="country"><option>FR</option></select>', ["passed"]),
        ('<textarea autocomplete="street-address"></textarea>', ["passed"]),
        ('<input type="search" name="q" autocomplete="false">', []),
        ('<input autocomplete=" None ">', []),
        ('<input autocomplete="disabled email">', ["failed"]),
        ('<input autocomplete="nope">', ["failed"]),
    ],
)
def test_autocomplete_applicability(body: str, expected: list[str]) -> None:
    assert [outcome for outcome, _ in outcomes(body, "autocomplete-valid")] == expected


def test_autocomplete_message_names_the_unknown_token() -> None:
    ((_, message),) = outcomes('<input autocomplete="shipping zip">', "autocomplete-valid")
    assert '"zip" is not an autofill field name' in message


def test_autocomplete_toggle_words_are_an_option_that_replaces_the_default_list() -> None:
    page = PAGE.format(body='<input autocomplete="nope"><input autocomplete="false">')
    options = Options(select=("autocomplete-valid",), rule_options={"autocomplete-valid": {"toggle-words": ["nope"]}})
    [result] = check(page, options=options).results
    assert result.outcome == "failed" and result.message.startswith('autocomplete="false"')
