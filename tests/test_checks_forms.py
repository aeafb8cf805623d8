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


@pytest.mark.parametrize(
    ("body", "rule", "axe"),
    [
        ('<input type="submit" value="">', "button-name",
         ["button-name", "input-button-name", "aria-command-name", "link-name"]),
        ("<select><option>One</option></select>", "form-field-name",
         ["label", "select-name", "aria-input-field-name", "aria-toggle-field-name"]),
    ],
)
def test_existing_rules_name_the_axe_rules_they_cover(body: str, rule: str, axe: list[str]) -> None:
    """axe-core splits these by element (input-button-name, select-name, aria-command-name for role=button);
    one rule here covers them all."""
    [result] = check(PAGE.format(body=body), options=Options(select=(rule,))).failed
    assert result.axe == axe


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<label for="q">Find</label><label for="q">Search</label><input id="q" type="search">', ["cantTell"]),
        ('<label>Search <input id="q" type="search"></label>', ["passed"]),
        ('<label for="q">Search</label><input id="q" type="search" aria-hidden="true">', []),
        ('<label for="q">A</label><label for="q">B</label><select id="q"><option>1</option></select>', ["cantTell"]),
        ('<label for="q">A</label><label for="q">B</label><input id="q" type="hidden">', []),
    ],
)
def test_multiple_labels_applicability(body: str, expected: list[str]) -> None:
    assert [outcome for outcome, _ in outcomes(body, "form-field-multiple-labels")] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<input title="Search" aria-labelledby="l"><span id="l">Find</span>', ["passed"]),
        ('<input title="Search" aria-labelledby="l"><span id="l"></span>', ["failed"]),
        ('<label>Search <input title="Search"></label>', ["passed"]),
        ('<label><img src="s.png" alt="Search"> <input title="Search"></label>', ["passed"]),
        ('<label for="s" aria-hidden="true">Search</label><input id="s" title="Search">', ["failed"]),
        ('<input title="  ">', []),
        ('<input id="s" title="Search"><input id="s"><label for="s">Search</label>', ["passed"]),
        ('<input id="s"><input id="s" title="Search"><label for="s">Search</label>', ["failed"]),
    ],
)
def test_label_title_only_cases(body: str, expected: list[str]) -> None:
    """A label counts when it has text and is in the accessibility tree; ``for`` labels the first element
    with the id (a duplicated form's second copy has no label)."""
    assert [outcome for outcome, _ in outcomes(body, "label-title-only")] == expected


def test_multiple_labels_message_tells_the_labels_apart_by_text_or_title() -> None:
    body = ('<label for="m" title="Show more"></label><label for="m" title="Show less"></label>'
            '<input id="m" type="checkbox">')
    [(_, message)] = outcomes(body, "form-field-multiple-labels")
    assert '("Show more", "Show less")' in message
