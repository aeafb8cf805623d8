"""Colour contrast: colour values, the colour cascade, the page's sheets and the contrast check."""

from __future__ import annotations

import pytest

from a11ycheck.cascade import computed, sheet_blocks
from a11ycheck.checks import load_checks
from a11ycheck.colors import BLACK, CURRENT, WHITE, contrast, over, parse_color
from a11ycheck.document import Document
from a11ycheck.source import Source
from a11ycheck.stylesheets import page_sheets


def _doc(html: str) -> Document:
    return Document(Source.from_text(html))


def _outcomes(html: str, rule: str = "color-contrast", **options: str) -> list[tuple[str, str, str]]:
    """(outcome, tag, message key) of each finding of the rule on the page, passes included."""
    return [(f.outcome, str(f.element.tag) if f.element is not None else "", f.message)
            for f in load_checks()[rule](_doc(html), options)]


# -- colours --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "expected"), [
    ("#fff", WHITE), ("black", BLACK), ("rgb(0 0 0 / 50%)", (0.0, 0.0, 0.0, 0.5)), ("hsl(0, 0%, 100%)", WHITE),
    ("CanvasText", BLACK), ("currentColor", CURRENT), ("var(--x)", None), ("oklch(50% 0.1 20)", None),
])
def test_colour_values(value: str, expected: object) -> None:
    assert parse_color(value) == expected


def test_contrast_ratio_and_blending() -> None:
    grey = parse_color("#777")
    assert isinstance(grey, tuple)
    assert round(contrast(grey, WHITE), 2) == 4.48
    assert contrast(BLACK, WHITE) == pytest.approx(21)
    assert over((0.0, 0.0, 0.0, 0.5), WHITE) == (0.5, 0.5, 0.5, 1.0)


# -- reading sheets -------------------------------------------------------------------------------
def test_a_sheet_keeps_the_rules_that_apply_on_screen() -> None:
    blocks = sheet_blocks(".a { color: red !important; margin: 0 } @media print { .b { color: blue } }"
                          " @media (min-width: 600px) { .c { background: #fff url(x.png) } }"
                          " .d { color: red; &:hover { color: blue } } @font-face { color: red }")
    assert [(b.prelude, b.declarations) for b in blocks] == [
        (".a", (("color", "red", True, ""),)),
        (".c", (("background-color", "#fff url(x.png)", False, "background"),
                ("background-image", "#fff url(x.png)", False, "background"))),
        (".d", (("color", "red", False, ""),)),
    ]


def test_a_sheet_reads_brackets_as_css_does() -> None:
    """A '[' left open (CDATA pasted into a sheet) swallows the sheet up to its match, as browsers read it;
    a brace inside a string opens nothing."""
    assert sheet_blocks("<![CDATA[ .a { color: red } .b { color: blue } ]]>") == ()
    blocks = sheet_blocks(".i::before { content: '{' } .b { color: blue }")
    assert [b.prelude for b in blocks] == [".b"]


def test_page_sheets_honour_media_and_type() -> None:
    doc = _doc('<style>.a{}</style><style media="print">.b{}</style><style type="text/less">.c{}</style>'
               '<style media="screen and (min-width: 100px)">.d{}</style>')
    assert [(s.text, s.href, s.order) for s in page_sheets(doc)] == [(".a{}", None, 0), (".d{}", None, 1)]


# -- the cascade ----------------------------------------------------------------------------------
def test_colours_and_sizes_through_the_cascade() -> None:
    doc = _doc("<style>:root { --ink: #333; font-size: 20px } .box { color: var(--ink); font-size: 1.5em }"
               " .box b { border-color: currentColor } #x { color: var(--none, rgb(255 0 0)) }</style>"
               "<div class=box><b>Big</b> <i id=x style='font-size: 12pt'>red</i><a href=/>link</a>"
               "<button>Go</button></div>")
    bold, red = doc.root.find(".//b"), doc.root.find(".//i")
    link, button = doc.root.find(".//a"), doc.root.find(".//button")
    style = computed(doc, bold)
    assert (style.color, style.font_px, style.weight) == (parse_color("#333"), 30.0, 700)
    assert (computed(doc, red).color, computed(doc, red).font_px) == (parse_color("red"), 16.0)
    assert computed(doc, link).color == parse_color("#0000ee")  # the browser's link colour, not inherited
    assert computed(doc, button).color == BLACK  # a button does not inherit its colour


def test_backdrops_blend_and_say_what_is_unknown() -> None:
    doc = _doc("<div style='background: #000'><p style='opacity: .5; background: #fff'>half</p>"
               "<span style='position: absolute'>over</span><em style='background-image: url(x.png)'>pic</em></div>")
    paragraph, span, em = doc.root.find(".//p"), doc.root.find(".//span"), doc.root.find(".//em")
    background = computed(doc, paragraph).backdrop.flat()
    assert background is not None and [round(c, 3) for c in background[0]] == [0.5, 0.5, 0.5, 1.0]
    assert (computed(doc, span).backdrop.flat(), computed(doc, span).backdrop.unknown) == (None, "positioned")
    assert (computed(doc, em).backdrop.flat(), computed(doc, em).backdrop.unknown) == (None, "image")


# -- the check ------------------------------------------------------------------------------------
def test_each_element_with_text_is_checked_once() -> None:
    assert _outcomes("<p style='color: #999'>Grey <b>bold</b> text</p><p>Black</p>") == [
        ("failed", "p", "fail"), ("failed", "b", "fail"), ("passed", "p", "pass")]


def test_text_not_in_human_language_and_disabled_labels_are_left_out() -> None:
    html = ("<button aria-label='Close' style='color: #999'>X</button><span style='color: #eee'>|</span>"
            "<span id=l style='color: #999'>Pet</span><div role=textbox aria-labelledby=l aria-disabled=true></div>")
    assert _outcomes(html) == []


def test_text_a_script_puts_in_a_shadow_root_is_for_review() -> None:
    html = ("<p id=p style='color: #aaa'></p><script>document.getElementById('p').attachShadow({mode: 'open'})"
            ".textContent = 'Hi'</script>")
    assert _outcomes(html) == [("cantTell", "p", "script")]


def test_the_enhanced_rule_asks_for_seven_to_one() -> None:
    html = "<p style='color: #666'>Grey</p><p style='color: #000; font-size: 24px; background: #767676'>Big</p>"
    assert _outcomes(html) == [("passed", "p", "pass"), ("passed", "p", "pass")]
    assert _outcomes(html, "color-contrast-enhanced") == [("failed", "p", "fail"), ("passed", "p", "pass")]


def test_a_later_declaration_undoes_an_earlier_one_and_an_invalid_one_is_dropped() -> None:
    html = ("<style>.tag { position: absolute; color: #999 } .story .tag { position: relative; color: '' }</style>"
            "<div class=story style='background: #fff'><span class=tag>News</span></div>")
    assert _outcomes(html) == [("failed", "span", "fail")]


def test_inputs_and_buttons_have_the_browsers_colours() -> None:
    html = ("<div style='color: #ccc; background: #fff'><input type=submit value=Send>"
            "<input type=submit value=Go style='color: #fff; background: #8c8'><input value=Typed></div>")
    assert _outcomes(html) == [("passed", "input", "pass"), ("failed", "input", "fail"), ("passed", "input", "pass")]


def test_logotypes_are_named_by_a_logo_class_not_by_any_word_holding_logo() -> None:
    html = ("<body class='wp-custom-logo'><a class=site-logo href=/ style='color: #ccc'>The Daily</a>"
            "<a class=js_logout-link href=# style='color: #ccc'>Log out</a></body>")
    assert _outcomes(html) == [("failed", "a", "fail")]
