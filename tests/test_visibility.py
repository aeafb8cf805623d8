"""Not rendered, programmatically hidden, visible; focusable and tabbable."""

from __future__ import annotations

import pytest

from a11ycheck.accname import accessible_name, visible_inner_text
from a11ycheck.document import Document
from a11ycheck.source import Source
from a11ycheck.visibility import (
    is_disabled,
    is_focusable,
    is_programmatically_hidden,
    is_rendered,
    is_tabbable,
    is_visible,
    tabindex_value,
)

SHEET = """
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.clip-path{position:absolute;clip-path:inset(50%)}
.off{position:absolute;left:-10000px}
.hide{display:none}
.invisible{visibility:hidden}
.invisible .back{visibility:visible}
.transparent{opacity:0}
.collapsed > .panel{content-visibility:hidden}
@media (min-width: 768px) { .md\\:block { display: block } }
@media print { .print\\:block { display: block } }
.row { display: flex }
#shown.hide { display: block }
"""


def page(body: str) -> Document:
    return Document(
        Source.from_text(f"<!doctype html><html><head><style>{SHEET}</style></head><body>{body}</body></html>")
    )


def facts(body: str, ident: str = "t") -> tuple[bool, bool, bool]:
    doc = page(body)
    element = doc.by_id(ident)
    assert element is not None
    return is_rendered(doc, element), is_visible(doc, element), is_programmatically_hidden(doc, element)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<p id="t">shown</p>', (True, True, False)),
        ('<span id="t" class="sr-only">Close</span>', (True, False, False)),
        ('<span class="sr-only"><b id="t">inside</b></span>', (True, False, False)),
        ('<span id="t" class="clip-path">x</span>', (True, False, False)),
        ('<span id="t" class="off">x</span>', (True, False, False)),
        ('<span id="t" class="transparent">x</span>', (True, False, False)),
        ('<div class="hide"><p id="t">x</p></div>', (False, False, True)),
        ('<p id="t" hidden>x</p>', (False, False, True)),
        ('<p id="t" hidden style="display:block">x</p>', (True, True, False)),
        ('<p id="t" style="display: none !important">x</p>', (False, False, True)),
        # an old IE hack: "*display" is no property, browsers drop the declaration
        ('<p id="t" style="*display:none">x</p>', (True, True, False)),
        ('<p id="t" style="color: red; _display: none">x</p>', (True, True, False)),
        ('<div class="invisible"><p id="t">x</p></div>', (True, False, True)),
        ('<div class="invisible"><p id="t" class="back">x</p></div>', (True, True, False)),
        ('<div aria-hidden="true"><p id="t">x</p></div>', (True, True, True)),
        ('<div aria-hidden="false"><p id="t">x</p></div>', (True, True, False)),
        ('<details><summary id="t">More</summary><p>x</p></details>', (True, True, False)),
        ('<details><summary>More</summary><p id="t">x</p></details>', (False, False, True)),
        ('<details open><summary>More</summary><p id="t">x</p></details>', (True, True, False)),
        ('<div class="collapsed"><div class="panel"><p id="t">x</p></div></div>', (False, False, True)),
        ('<input id="t" type="hidden">', (False, False, True)),
        # what display:none or the hidden attribute hides, a display of the page's own can show again
        ('<p id="t" class="hide md:block">x</p>', (True, True, False)),
        ('<p id="t" class="hide print:block">x</p>', (False, False, True)),
        ('<div id="t" class="row" hidden>x</div>', (True, True, False)),
        ('<p id="shown" class="hide">x</p><p id="t" class="hide">y</p>', (False, False, True)),
    ],
)
def test_hiddenness(body: str, expected: tuple[bool, bool, bool]) -> None:
    assert facts(body) == expected


def test_specificity_decides_between_hiding_and_showing() -> None:
    assert facts('<p id="shown" class="hide">x</p>', "shown") == (True, True, False)


def test_content_misplaced_into_head_by_the_parser_is_rendered() -> None:
    doc = Document(Source.from_text("<style>p{color:red}</style><button id='t'>Go</button>"))
    assert is_rendered(doc, doc.by_id("t"))


@pytest.mark.parametrize(
    ("raw", "value"), [("0", 0), (" -1", -1), ("+2", 2), ("3px", 3), ("", None), ("x", None), (None, None)]
)
def test_tabindex_value_follows_the_rules_for_parsing_integers(raw: str | None, value: int | None) -> None:
    doc = page(f'<div id="t" tabindex="{raw}"></div>' if raw is not None else '<div id="t"></div>')
    assert tabindex_value(doc.by_id("t")) == value


@pytest.mark.parametrize(
    ("body", "focusable", "tabbable"),
    [
        ('<a id="t" href="/x">x</a>', True, True),
        ('<a id="t">no href</a>', False, False),
        ('<button id="t" tabindex="-1">x</button>', True, False),
        ('<div id="t" tabindex="0">x</div>', True, True),
        ('<div id="t" tabindex="-1">x</div>', True, False),
        ('<div id="t" contenteditable="true">x</div>', True, True),
        ('<button id="t" disabled>x</button>', False, False),
        ('<fieldset disabled><input id="t"></fieldset>', False, False),
        ('<fieldset disabled><legend><input id="t"></legend></fieldset>', True, True),
        ('<div inert><button id="t">x</button></div>', False, False),
        ('<div class="hide"><button id="t">x</button></div>', False, False),
        ('<div class="invisible"><button id="t">x</button></div>', False, False),
        ('<span class="sr-only"><a id="t" href="#main">Skip</a></span>', True, True),
        ('<details><summary id="t">More</summary></details>', True, True),
        ('<details><summary>More</summary><summary id="t">Other</summary></details>', False, False),
        ('<video id="t" controls></video>', True, True),
        ('<input id="t" type="hidden">', False, False),
    ],
)
def test_focus(body: str, focusable: bool, tabbable: bool) -> None:
    doc = page(body)
    element = doc.by_id("t")
    assert (is_focusable(doc, element), is_tabbable(doc, element)) == (focusable, tabbable)


def test_option_in_disabled_optgroup_is_disabled() -> None:
    doc = page('<select><optgroup disabled><option id="t">a</option></optgroup><option id="u">b</option></select>')
    assert is_disabled(doc, doc.by_id("t"))
    assert not is_disabled(doc, doc.by_id("u"))


@pytest.mark.parametrize("hider", ['style="content-visibility: hidden"', 'class="cv"'])
def test_content_visibility_hidden_text_names_nothing(hider: str) -> None:
    """CSS Containment: the skipped contents are not accessible to the user agent's features; the element's
    own text included (its box stays, so the element keeps its role)."""
    doc = Document(Source.from_text(f'<style>.cv{{content-visibility:hidden}}</style><h1 id="h" {hider}>Title '
                                    f'<b>bold</b> tail</h1><a id="a" href="/" {hider}>Home</a>'))
    assert accessible_name(doc, doc.by_id("h")) == ""
    assert accessible_name(doc, doc.by_id("a")) == ""
    assert visible_inner_text(doc, doc.by_id("h")).strip() == ""


def test_a_closed_details_shows_only_its_summary() -> None:
    doc = Document(Source.from_text('<details id="d"><summary>More</summary>Body text</details>'))
    assert visible_inner_text(doc, doc.by_id("d")).strip() == "More"


@pytest.mark.parametrize("style", ["color: transparent", "color: rgba(0, 0, 0, 0)", "color: #0000", "font-size: 0",
                                   "font-size: 0px", "color: rgb(0 0 0 / 0)", "color: rgba(0, 0, 0, 0.0)"])
def test_text_that_is_not_drawn_is_no_visible_text(style: str) -> None:
    doc = Document(Source.from_text(f'<button id="b" aria-label="Close"><span style="{style}">Open </span>Close'
                                    f'</button>'))
    assert visible_inner_text(doc, doc.by_id("b")).split() == ["Close"]
    assert accessible_name(doc, doc.by_id("b")) == "Close"  # (still in the accessibility tree)


@pytest.mark.parametrize("style", ["color: rgb(0 0 0)", "color: rgb(0, 0, 0)", "color: #000", "color: rgba(0,0,0,.5)",
                                   "font-size: 0.9em", "font-size: 10px", "color: hsl(0 0% 0% / 50%)"])
def test_drawn_text_is_visible_text(style: str) -> None:
    doc = Document(Source.from_text(f'<button id="b"><span style="{style}">Open</span></button>'))
    assert visible_inner_text(doc, doc.by_id("b")).split() == ["Open"]


def test_only_the_own_text_of_an_element_of_no_size_is_not_drawn() -> None:
    """The inline-block gap trick: a row of no size whose items are sized again, in blocks the prefilter
    does not keep; their text is taken as drawn."""
    doc = Document(Source.from_text('<style>.row{font-size:0} .row b{font-size:14px}</style>'
                                    '<p id="p" class="row">gap <b>Shown</b> gap <i>Item</i></p>'))
    assert visible_inner_text(doc, doc.by_id("p")).strip() == "ShownItem"  # (the gaps drawn as nothing)


@pytest.mark.parametrize(("style", "visible"), [
    ("position:absolute;width:1px;height:1px;overflow:hidden", False),
    ("display:block;width:0;height:0;overflow:hidden", False),
    ("width:1px;height:1px;overflow:hidden", True),  # an inline box: width and height do not apply
    ("position:absolute;width:1px;height:20px;overflow:hidden", True),
    ("position:absolute;width:1px;height:1px", True),
])
def test_a_box_of_one_pixel_that_hides_its_overflow(style: str, visible: bool) -> None:
    doc = Document(Source.from_text(f'<style>.sr{{{style}}}</style><a href="/" id="a">Home<span class="sr" id="s">'
                                    f' page</span></a>'))
    assert is_visible(doc, doc.by_id("s")) is visible
    assert visible_inner_text(doc, doc.by_id("a")).split() == (["Home", "page"] if visible else ["Home"])
