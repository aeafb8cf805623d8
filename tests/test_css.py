"""The page's own style sheets: prefiltering, the cascade of the kept properties, @media, the cache."""

from __future__ import annotations

import pytest

from a11ycheck import css
from a11ycheck.document import Document
from a11ycheck.source import Source
from a11ycheck.visibility import is_rendered


def page(style: str, body: str) -> Document:
    return Document(
        Source.from_text(f"<!doctype html><html><head><style>{style}</style></head><body>{body}</body></html>")
    )


def declared(doc: Document, ident: str) -> dict[str, str]:
    element = doc.by_id(ident)
    assert element is not None
    return css.styles(doc).declared(element)


def test_only_blocks_that_can_hide_are_kept() -> None:
    sheet = css.parse_sheet(".a{cursor:pointer;display:none;font-weight:bold} .b{display:flex} .c{clip:rect(0 0 0 0)}")
    assert [(b.prelude, b.declarations) for b in sheet.blocks] == [
        (".a", (("display", "none", False),)),
        (".c", (("clip", "rect(0 0 0 0)", False),)),
    ]


def test_a_sheet_without_hiding_declarations_is_not_parsed() -> None:
    assert css.parse_sheet("body{margin:0} .x{display:block;color:#333}").blocks == ()


def test_comments_and_keyframes_are_ignored() -> None:
    sheet = css.parse_sheet("/* .x{display:none} */ @keyframes fade{from{opacity:0}to{opacity:1}} .y{opacity:0}")
    assert [b.prelude for b in sheet.blocks] == [".y"]


def test_parsed_sheets_are_cached_by_content() -> None:
    text = ".cached-sheet{display:none}"
    first = css.parse_sheet(text)
    assert css.parse_sheet("".join([".cached-", "sheet{display:none}"])) is first
    assert css.parse_sheet(text + " ") is not first


def test_the_cache_is_bounded() -> None:
    for n in range(css._CACHE_SIZE + 10):
        css.parse_sheet(f".bounded-{n}{{display:none}}")
    assert len(css._SHEETS) <= css._CACHE_SIZE


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", True),
        ("screen", True),
        ("print", False),
        ("not print", True),
        ("screen and (min-width: 768px)", True),
        ("(max-width: 767px)", False),
        ("(min-width: 100em)", False),
        ("(prefers-reduced-motion: reduce)", False),
        ("print, (min-width: 40em)", True),
        ("(orientation: portrait)", False),
    ],
)
def test_media_queries_for_a_desktop_screen(query: str, expected: bool) -> None:
    assert css.media_matches(query) is expected


def test_media_blocks_apply_only_when_they_match() -> None:
    doc = page(
        "@media print{#a{display:none}} @media (min-width:600px){#b{display:none}} #c{display:none}",
        '<p id="a">a</p><p id="b">b</p><p id="c">c</p>',
    )
    assert declared(doc, "a") == {}
    assert declared(doc, "b") == {"display": "none"}
    assert declared(doc, "c") == {"display": "none"}


def test_higher_specificity_wins() -> None:
    doc = page("#x.v{visibility:visible} .v{visibility:hidden}", '<p id="x" class="v">x</p>')
    assert declared(doc, "x")["visibility"] == "visible"


def test_later_rule_wins_at_equal_specificity() -> None:
    doc = page(".a{visibility:hidden} .b{visibility:visible}", '<p id="x" class="a b">x</p>')
    assert declared(doc, "x")["visibility"] == "visible"


def test_important_beats_specificity_and_inline_style() -> None:
    doc = page(
        ".v{visibility:hidden !important} #x{visibility:visible}",
        '<p id="x" class="v" style="visibility:visible">x</p>',
    )
    assert declared(doc, "x")["visibility"] == "hidden"


def test_inline_style_beats_the_sheet_unless_important() -> None:
    doc = page(".h{display:none}", '<p id="x" class="h" style="display:block">x</p>')
    assert declared(doc, "x")["display"] == "block"


def test_combinators_and_pseudo_classes() -> None:
    doc = page(
        "nav > ul li.item{display:none} h2 + p{visibility:hidden} a:hover{display:none} li:first-child{opacity:0}",
        '<nav><ul><li id="first" class="item">1</li><li id="second">2</li></ul></nav>'
        '<h2>t</h2><p id="after">p</p><a id="link" href="#">l</a>',
    )
    assert declared(doc, "first") == {"display": "none", "opacity": "0"}
    assert declared(doc, "second") == {}
    assert declared(doc, "after") == {"visibility": "hidden"}
    assert declared(doc, "link") == {}  # :hover is not the page's static state


def test_a_semicolon_inside_an_attribute_selector_or_a_string_is_no_statement_end() -> None:
    # buzzfeed-1: an ad-blocking list in the page's <style>, one selector quoting an inline style
    sheet = css.parse_sheet(
        'td > .menu[style="padding:10px 0 0 0 !important;"],\n#widget, a[title=\'a;b\'] { display: none !important }'
    )
    assert [b.prelude for b in sheet.blocks] == [
        'td > .menu[style="padding:10px 0 0 0 !important;"],\n#widget, a[title=\'a;b\']'
    ]
    doc = page('.m[style="a;"], #w { display: none }', '<div id="w"><img id="x" src="a.gif"></div>')
    assert declared(doc, "w") == {"display": "none"}


@pytest.mark.parametrize(
    ("sheet", "hidden"),
    [
        # a CDATA section is no CSS: its '[' opens a block that takes every rule up to the matching ']' into the
        # selector of the first one, and the rule after ']]>' has '<!' and '>' in its selector (Chromium: the
        # same outcomes on these sheets)
        ("<![CDATA[ .x{display:none} .x2{display:none} ]]>", set()),
        ("<![CDATA[ .y{display:none} ]]> .z{display:none} .w{display:none}", {"w"}),
        (".a{display:none} <![CDATA[ .b{display:none} ]]> .c{display:none} .d{display:none}", {"a", "d"}),
        ("<![CDATA[ a[href], .b{display:none} ]]> .c{display:none} .d{display:none}", {"d"}),
        ("/* <![CDATA[ */ .e{display:none} /* ]]> */", {"e"}),
        # the markup comment marks around an old sheet (CDO, CDC) are ignored at its top level
        ("<!--\n.f{display:none}\n-->\n.g{display:none}", {"f", "g"}),
    ],
)
def test_cdata_sections_and_markup_comment_marks(sheet: str, hidden: set[str]) -> None:
    names = ["x", "x2", "y", "z", "w", "a", "b", "c", "d", "e", "f", "g"]
    doc = page(sheet, "".join(f'<p id="{n}" class="{n}">{n}</p>' for n in names))
    assert {n for n in names if declared(doc, n).get("display") == "none"} == hidden


def test_a_statement_before_a_rule_is_no_part_of_its_selector() -> None:
    sheet = css.parse_sheet('@import url("a.css"); @charset "x;y"; #w{display:none}')
    assert [b.prelude for b in sheet.blocks] == ["#w"]


def test_pseudo_elements_do_not_hide_the_element() -> None:
    doc = page("#x::before{display:none}", '<p id="x">x</p>')
    assert declared(doc, "x") == {}


def test_rules_for_classes_the_page_lacks_are_dropped() -> None:
    doc = page(".absent .h{display:none} .h{visibility:hidden}", '<p id="x" class="h">x</p>')
    assert declared(doc, "x") == {"visibility": "hidden"}
    assert len(css.styles(doc)._rules) == 1


def test_style_element_for_print_is_ignored() -> None:
    doc = Document(Source.from_text('<style media="print">#x{display:none}</style><p id="x">x</p>'))
    assert declared(doc, "x") == {}


def test_blocks_that_show_again_are_indexed_by_their_subject() -> None:
    sheet = css.parse_sheet(r".hide{display:none} .menu .item.open, nav > #top{display:flex} .sm\:block{display:block}")
    assert sorted(sheet.showing()) == ["#top", ".item", ".sm:block"]
    assert [b.prelude for b in sheet.showing()["#top"]] == ["nav > #top"]


def test_nothing_is_indexed_to_show_when_no_block_sets_display() -> None:
    sheet = css.parse_sheet(".a{visibility:hidden} .b{color:red}")
    assert not sheet.shows
    assert sheet.showing() == {}


@pytest.mark.parametrize("sheet", [".b{display:block}", "[hidden].b{display:flex}", ".a{opacity:0} .b{display:block}"])
def test_a_sheet_that_hides_nothing_shows_what_the_hidden_attribute_hides(sheet: str) -> None:
    """HTML's user agent rule ``[hidden]{display:none}`` loses to any author ``display`` (Chromium agrees)."""
    doc = Document(Source.from_text(f'<style>{sheet}</style><div hidden class="b" id="x"><p id="y">text</p></div>'))
    assert is_rendered(doc, doc.by_id("y"))
