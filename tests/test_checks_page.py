"""Page basics: messages and the parts of the language, id and meta checks the rule examples do not pin."""

from __future__ import annotations

import pytest

from a11ycheck.checks.page import refresh_time, viewport_properties
from a11ycheck.engine import Options, check


def results(html: str, rule: str, *, include_passed: bool = False) -> list:
    report = check(html, options=Options(select=(rule,), include_passed=include_passed, fragment=False))
    return [r for r in report.results if r.outcome != "inapplicable"]


def test_duplicate_id_names_the_id_the_first_use_and_the_reference() -> None:
    html = ('<!doctype html><html lang="en"><body>\n<div id="share">a</div>\n<p>x</p><span id="share">b</span>\n'
            '<button aria-controls="share">Share</button></body>')
    [result] = results(html, "duplicate-id")
    assert result.outcome == "failed"
    assert (result.line, result.column) == (3, 9)
    assert result.message == ('id "share" is already used by the <div> at 2:1 (2 elements share it): the '
                              'aria-controls of the <button> at 4:1 reaches only that first one')


def test_duplicate_id_reports_every_later_use_and_passes_unique_referenced_ids() -> None:
    html = ('<div id="a"></div><div id="a"></div><div id="a"></div><div id="b"></div><div id=""></div><div id=""></div>'
            '<div id="c"></div><div id="c"></div><a href="#a">A</a><a href="#b">B</a><p aria-labelledby="">x</p>')
    found = results(html, "duplicate-id", include_passed=True)
    assert [(r.outcome, r.snippet) for r in found] == [
        ("failed", '<div id="a">'),
        ("failed", '<div id="a">'),
        ("passed", '<div id="b">'),
    ]
    assert "3 elements share it): the href of the <a>" in found[0].message


@pytest.mark.parametrize("reference", [
    '<label for="x">L</label>', '<p aria-labelledby="y x">L</p>', '<table><tr><td headers="x">1</td></tr></table>',
    '<input list="x">', '<input form="x">', '<img src="m.png" alt="Map" usemap="#x">', '<a href="#x">Go</a>',
    '<a href="#%78">Go</a>', '<button popovertarget="x">Open</button>', '<div aria-activedescendant="x"></div>',
])
def test_duplicate_id_follows_every_kind_of_reference(reference: str) -> None:
    html = f'<!doctype html><html lang="en"><body><p id="x">1</p><p id="x">2</p>{reference}</body></html>'
    assert [r.outcome for r in results(html, "duplicate-id")] == ["failed"]


def test_duplicate_ids_inside_svg_that_only_paint_are_inapplicable() -> None:
    icon = '<svg><defs><clipPath id="c"><rect/></clipPath></defs><use href="#c"/><g clip-path="url(#c)"/></svg>'
    assert results(f'<!doctype html><html lang="en"><body>{icon}{icon}</body></html>', "duplicate-id",
                   include_passed=True) == []


def test_html_has_lang_says_xml_lang_is_not_enough() -> None:
    [result] = results('<!doctype html><html xml:lang="en"><body>x</body></html>', "html-has-lang")
    assert result.message == 'The <html> element has xml:lang="en" but no lang attribute; HTML pages need lang'


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en_GB", 'lang="en_GB" uses "_" where language tags use "-": write lang="en-GB"'),
        ("english", 'lang="english" is not a known language tag: "english" is not a language in the IANA registry'),
        ("#!", 'lang="#!" is not a language tag (subtags are letters and digits separated by hyphens)'),
    ],
)
def test_html_lang_valid_messages(lang: str, message: str) -> None:
    [result] = results(f'<!doctype html><html lang="{lang}"><body>x</body></html>', "html-lang-valid")
    assert result.message == "The page language " + message


@pytest.mark.parametrize(
    ("body", "outcome"),
    [
        ('<p lang="xx">Hello</p>', "failed"),
        ('<p lang="xx"><b>Hello</b></p>', "failed"),  # text of a descendant inherits the language
        ('<p lang="xx"><b aria-hidden="true">Hello</b></p>', "failed"),  # visible, so it counts
        ('<p lang="xx"><b hidden>Hello</b></p>', None),
        ('<p lang="xx"><script>var hello = 1;</script></p>', None),
        ('<p lang="xx"><b lang="en">Hello</b></p>', None),  # the text has a language of its own
        ('<p lang="xx"><b lang="">Hello</b></p>', "failed"),  # an empty lang does not stop inheritance
        ('<p lang="xx"><b>  </b>\n</p>', None),
        ('<p lang="xx"><input type="button" value="Send"></p>', "failed"),  # a name counts as text
        ('<p lang="xx"><span title="Tooltip"></span></p>', "failed"),  # so does a description
        ('<p lang="xx"><span aria-describedby="d"></span></p><div id="d">More</div>', "failed"),
        ('<p lang="xx"><span aria-describedby="d"></span></p><div id="d"> </div>', None),
        ('<p lang="en-US">Hello <b lang="fr">Bonjour</b></p>', "passed"),
    ],
)
def test_lang_valid_applies_to_elements_with_text(body: str, outcome: str | None) -> None:
    html = f'<!doctype html><html lang="en"><body>{body}</body></html>'
    found = results(html, "lang-valid", include_passed=True)
    assert ([r.outcome for r in found if r.snippet.startswith("<p")] or [None]) == [outcome]


def test_lang_valid_ignores_lang_outside_the_body() -> None:
    html = '<!doctype html><html lang="en"><head><title lang="xx">Title</title></head><body></body></html>'
    assert results(html, "lang-valid", include_passed=True) == []


@pytest.mark.parametrize(
    ("content", "seconds"),
    [
        ("0; URL='https://example.com'", 0),
        ("5", 5),
        ("  30, https://example.com", 30),
        ("72001; https://example.com", 72001),
        (".5; https://example.com", 0),
        ("3.9", 3),
        ("5 https://example.com", 5),
        ("", None),
        (None, None),
        ("+5; https://example.com", None),
        ("-00.12 foo", None),
        ("; 30", None),
        ("0: https://example.com", None),
        ("foo; URL='https://example.com'", None),
    ],
)
def test_refresh_time_follows_the_shared_declarative_refresh_steps(content: str | None, seconds: int | None) -> None:
    assert refresh_time(content) == seconds


def test_meta_refresh_uses_the_first_valid_pragma_and_names_its_delay() -> None:
    html = (
        '<!doctype html><html lang="en"><head><meta http-equiv="refresh" content="x">'
        '<meta http-equiv="REFRESH" content="900"><meta http-equiv="refresh" content="0"></head></html>'
    )
    [result] = results(html, "meta-refresh")
    assert result.message.startswith("The page refreshes or redirects after 900 seconds")
    assert result.snippet == '<meta http-equiv="REFRESH" content="900">'


def test_meta_refresh_limit_is_an_option() -> None:
    html = '<!doctype html><html lang="en"><head><meta http-equiv="refresh" content="900"></head></html>'
    options = Options(select=("meta-refresh",), rule_options={"meta-refresh": {"max_seconds": 600}}, fragment=False)
    assert check(html, options=options).summary["passed"] == 1


def test_viewport_properties_accept_every_separator() -> None:
    assert viewport_properties("width = device-width;Initial-Scale=1,maximum-scale=2 user-scalable") == {
        "width": "device-width",
        "initial-scale": "1",
        "maximum-scale": "2",
        "user-scalable": "",
    }


@pytest.mark.parametrize(
    ("content", "outcome"),
    [
        ("maximum-scale=2", "passed"),
        ("maximum-scale=1.99", "failed"),
        ("maximum-scale=-1", "cantTell"),
        ("maximum-scale=yes", "cantTell"),
        ("user-scalable=NO", "failed"),
        ("user-scalable=-1", "passed"),
        ("user-scalable=0.5", "cantTell"),
        ("user-scalable=yes, maximum-scale=1", "failed"),
        ("user-scalable=0, maximum-scale=1", "failed"),  # a failure outranks a doubt
    ],
)
def test_meta_viewport_outcomes(content: str, outcome: str) -> None:
    html = f'<!doctype html><html lang="en"><head><meta name="viewport" content="{content}"></head></html>'
    [result] = results(html, "meta-viewport", include_passed=True)
    assert result.outcome == outcome
