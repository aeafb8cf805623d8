"""Allowed and deprecated roles beyond the rule files' examples: html-aria's per-attribute variants."""

from __future__ import annotations

import pytest

from a11ycheck.engine import Options, check

PAGE = "<!doctype html><html lang='en'><head><title>t</title></head><body>\n{body}\n</body></html>"


def outcomes(body: str, rule: str) -> list[str]:
    report = check(PAGE.format(body=body), options=Options(select=(rule,), include_passed=True))
    return [r.outcome for r in report.results if r.rule == rule and r.outcome != "inapplicable"]


@pytest.mark.parametrize(
    ("body", "outcome"),
    [
        ('<input type="checkbox" role="switch">', "passed"),
        ('<input type="checkbox" role="button">', "failed"),
        ('<input type="checkbox" role="button" aria-pressed="false">', "passed"),
        ('<input type="radio" role="menuitemradio">', "passed"),
        ('<input type="radio" role="switch">', "failed"),
        ('<input type="image" role="link" alt="Go">', "passed"),
        ('<input type="submit" role="link">', "failed"),
        ('<input type="password" role="textbox">', "failed"),
        ('<input role="combobox">', "passed"),
        ('<input type="bogus" role="searchbox">', "passed"),
        ('<input list="l" role="combobox"><datalist id="l"></datalist>', "passed"),
        ('<input list="l" role="searchbox"><datalist id="l"></datalist>', "failed"),
        ('<select role="menu"><option>a</option></select>', "passed"),
        ('<select size="4" role="menu"><option>a</option></select>', "failed"),
        ('<img src="a.png" alt="" role="none">', "passed"),
        ('<img src="a.png" alt="" aria-label="Home" role="link">', "passed"),
        ('<img src="a.png" alt="" role="link">', "failed"),
        ('<a role="listitem">not a link</a>', "passed"),
        ('<area role="button" alt="x">', "passed"),
        ('<area href="/" role="button" alt="x">', "failed"),
        ('<a href="#n1" role="doc-noteref">1</a>', "passed"),
        ('<div role="foo button">x</div>', "passed"),
        ('<ul role="foo navigation"><li>x</li></ul>', "failed"),
    ],
)
def test_allowed_roles_follow_the_element_variant(body: str, outcome: str) -> None:
    assert outcomes(body, "aria-allowed-role") == [outcome]


def test_every_valid_token_of_the_role_attribute_is_checked() -> None:
    """A fallback role the element may not take fails too (axe-core checks every token)."""
    assert outcomes('<button role="tab heading">x</button>', "aria-allowed-role") == ["failed"]


def test_the_deprecated_role_is_the_first_valid_token() -> None:
    assert outcomes('<div role="list directory">x</div>', "aria-deprecated-role") == ["passed"]
    assert outcomes('<div role="bogus directory">x</div>', "aria-deprecated-role") == ["failed"]


def test_svg_and_mathml_elements_are_not_html_elements() -> None:
    """axe-core leaves them out (their namespace is not HTML's); an ``<svg role="img">`` is no finding."""
    page = '<svg role="img" aria-label="Logo"><g role="listitem"></g></svg><math role="img" aria-label="x"></math>'
    assert outcomes(page, "aria-allowed-role") == []
