"""Accessible name and description (accname 1.2, html-aam) and the ACT visible inner text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from a11ycheck.accname import accessible_description, accessible_name, labels_of, visible_inner_text
from a11ycheck.document import Document, Element
from a11ycheck.source import Source


def doc_of(body: str) -> Document:
    return Document(Source.from_text(f"<!doctype html><html><head><title>t</title></head><body>{body}</body></html>"))


def name(body: str, ident: str = "t") -> str:
    doc = doc_of(body)
    element = doc.by_id(ident)
    assert element is not None
    return accessible_name(doc, element)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # 2B aria-labelledby: several ids in order, missing ids skipped, self reference uses content
        (
            '<span id="a">Share</span><span id="b">on X</span><button id="t" aria-labelledby="b missing a">x</button>',
            "on X Share",
        ),
        ('<button id="t" aria-labelledby="t l" aria-label="Delete">×</button><span id="l">file</span>', "Delete file"),
        ('<button id="t" aria-labelledby="t l">Delete</button><span id="l">file</span>', "Delete file"),
        # a hidden node referenced directly gives its text, hidden descendants included
        (
            '<div id="l" hidden>Search <span style="display:none">the site</span></div>'
            '<input id="t" aria-labelledby="l">',
            "Search the site",
        ),
        # a visible referenced node keeps its hidden descendants out
        ('<div id="l">Search <span aria-hidden="true">★</span></div><input id="t" aria-labelledby="l">', "Search"),
        # aria-labelledby is followed once: no loop
        ('<span id="a" aria-labelledby="t">A</span><button id="t" aria-labelledby="a">B</button>', "A"),
        ('<button id="t" aria-labelledby="  ">Go</button>', "Go"),
        # 2D aria-label, but not when only whitespace
        ('<button id="t" aria-label="Close dialog">×</button>', "Close dialog"),
        ('<button id="t" aria-label="   ">Close</button>', "Close"),
        # 2E native labels
        ('<label for="t">Email</label><input id="t" type="email">', "Email"),
        ('<label>Email <input id="t" type="email"></label>', "Email"),
        ('<label for="t">First</label><label for="t">second</label><input id="t">', "First second"),
        ('<label>Both <input id="first"><input id="t"></label>', ""),
        # 2A: a label hidden from the accessibility tree names nothing (Chromium: the select's name is "")
        ('<label for="t" style="display:none">Categories</label><select id="t"><option>All</option></select>', ""),
        ('<label for="t" style="visibility:hidden">Email</label><label for="t">Mail</label><input id="t">', "Mail"),
        ('<label for="t" aria-hidden="true">Email</label><input id="t">', ""),
        # a label only moved off-screen or clipped ("screen-reader-text") still names it
        ('<label for="t" style="position:absolute;clip:rect(1px,1px,1px,1px)">Email</label><input id="t">', "Email"),
        ('<input id="t" type="submit">', "Submit"),
        ('<input id="t" type="reset">', "Reset"),
        ('<input id="t" type="button" value="Play">', "Play"),
        ('<input id="t" type="image" alt="Search">', "Search"),
        ('<img id="t" src="a.jpg" alt="The minister">', "The minister"),
        ('<fieldset id="t"><legend>Delivery</legend><input></fieldset>', "Delivery"),
        ('<figure id="t"><img src="a.jpg" alt="x"><figcaption>Photo: AP</figcaption></figure>', "Photo: AP"),
        ('<table id="t"><caption>Results</caption><tr><td>1</td></tr></table>', "Results"),
        ('<svg id="t" role="img"><title>Logo</title><path d="M0 0"/></svg>', "Logo"),
        # 2C embedded controls inside a label
        (
            '<label><input id="t" type="checkbox"> Show <select><option>10</option><option selected>20</option>'
            "</select> items</label>",
            "Show 20 items",
        ),
        (
            '<label><input id="t" type="checkbox"> Remind me in <input type="number" value="5"> days</label>',
            "Remind me in 5 days",
        ),
        (
            '<div id="t" role="link" tabindex="0">Volume <span role="slider" aria-valuenow="7" aria-valuetext="seven">'
            "</span></div>",
            "Volume seven",
        ),
        ('<a id="t" href="#">Done <progress value="70" max="100"></progress></a>', "Done 70"),
        ('<a id="t" href="#">Level <meter value="3" max="5"></meter></a>', "Level 3"),
        ('<a id="t" href="#">Note <textarea>typed</textarea></a>', "Note typed"),
        ('<label><input id="t" type="checkbox"> Mode <input type="range" aria-valuetext="fast"></label>', "Mode fast"),
        # a control by role loses it to role="none" only when nothing keeps it
        ('<a id="t" href="#">Go <input role="none" value="now"></a>', "Go now"),
        ('<a id="t" href="#">Go <span role="none" aria-label="home">x</span></a>', "Go home"),
        # 2F name from content: hidden parts out, sr-only in, blocks and br separate words
        (
            '<a id="t" href="#">Read <span hidden>secret</span>more<span class="sr" style="position:absolute;'
            'clip:rect(0 0 0 0)"> about the vote</span></a>',
            "Read more about the vote",
        ),
        ('<a id="t" href="#"><div>Breaking</div><div>News</div></a>', "Breaking News"),
        ('<a id="t" href="#">Breaking<span>News</span></a>', "BreakingNews"),
        ('<a id="t" href="#">Line<br>break</a>', "Line break"),
        ('<a id="t" href="#"><img src="x.png" alt="Home"> page</a>', "Home page"),
        ('<a id="t" href="#"><span aria-label="Twitter">t</span></a>', "Twitter"),
        ('<button id="t"><script>var x = 1</script>Play</button>', "Play"),
        # roles that do not take their name from content
        ('<div id="t">Just text</div>', ""),
        ('<ul id="t" role="menu"><li role="menuitem">Open</li></ul>', ""),
        ('<details><summary id="t">Corrections</summary></details>', "Corrections"),
        # 2I tooltip, then placeholder as the last resort
        ('<a id="t" href="#" title="Home"><img src="x.png"></a>', "Home"),
        # a presentational node gives no tooltip (its title is not exposed)
        ('<a id="t" href="#"><img src="x.png" alt="" title="Home"></a>', ""),
        ('<a id="t" href="#"><span role="none" title="Home"></span></a>', ""),
        ('<a id="t" href="#"><img src="x.png" alt="" title="Home" tabindex="-1"></a>', "Home"),
        ('<input id="t" title="Search" placeholder="Type here">', "Search"),
        ('<input id="t" placeholder="Your email">', "Your email"),
        ('<button id="t" title="More options"></button>', "More options"),
    ],
)
def test_accessible_name(body: str, expected: str) -> None:
    assert name(body) == expected


def test_names_are_cached_per_document() -> None:
    doc = doc_of('<button id="t">Play</button>')
    element = doc.by_id("t")
    assert accessible_name(doc, element) == "Play"
    element.text = "Pause"
    assert accessible_name(doc, element) == "Play"


def test_a_label_for_a_duplicated_id_labels_the_first_element_only() -> None:
    doc = doc_of('<label for="x">Name</label><input id="x"><input id="x">')
    first, second = doc.ids["x"]
    assert [label.text for label in labels_of(doc, first)] == ["Name"]
    assert labels_of(doc, second) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '<button id="t" aria-describedby="d">Delete</button><p id="d">Removes <b>all</b> files</p>',
            "Removes all files",
        ),
        ('<button id="t" aria-description="Opens a dialog">Share</button>', "Opens a dialog"),
        ('<button id="t" title="Share this story">Share</button>', "Share this story"),
        ('<button id="t" title="Share"></button>', ""),
    ],
)
def test_accessible_description(body: str, expected: str) -> None:
    doc = doc_of(body)
    assert accessible_description(doc, doc.by_id("t")) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '<a id="t" href="#">Download <span style="visibility:hidden">the</span> <span hidden>gizmo</span> spec</a>',
            "Download    spec",
        ),
        ('<a id="t" href="#"><p>Some</p><p>article</p></a>', "\nSome\n\narticle\n"),
        ('<a id="t" href="#">compose&nbsp;<br>email</a>', "compose \nemail"),
        ('<a id="t" href="#">Read<span style="position:absolute;clip:rect(0 0 0 0)"> more</span></a>', "Read "),
    ],
)
def test_visible_inner_text(body: str, expected: str) -> None:
    doc = doc_of(body)
    assert visible_inner_text(doc, doc.by_id("t")) == expected


def test_deeply_nested_content_is_walked_without_recursion() -> None:
    depth = 3000
    doc = doc_of('<a id="t" href="/story">' + "<span>" * depth + "Read the story" + "</span>" * depth + "</a>")
    link = doc.by_id("t")
    assert accessible_name(doc, link) == "Read the story"
    assert visible_inner_text(doc, link).strip() == "Read the story"


# -- name from content against its recursive definition -----------------------------------------
_BLOCKS = {"div", "p"}


def _from_content(node: Element) -> str:
    """accname 2F–2H for the markup generated below, written as the recursion the specification
    describes (the implementation walks with an explicit stack)."""
    parts = [node.text or ""]
    for child in node:
        if child.tag == "br":
            parts.append(" ")
        elif child.get("hidden") is None:
            label = child.get("aria-label")
            if label and label.strip():
                text = label
            else:
                text = _from_content(child)
                if not text.strip():
                    title = child.get("title")
                    text = title if title and title.strip() else ""
            parts.append(f" {text} " if text and child.tag in _BLOCKS and text.strip() else text)
        parts.append(child.tail or "")
    return "".join(parts)


_WORDS = st.sampled_from(["", " ", "\n ", "news", "Read more", " vote ", "\t"])


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    pieces = [draw(_WORDS)]
    for _ in range(draw(st.integers(0, 3 if depth < 4 else 0))):
        tag = draw(st.sampled_from(["span", "b", "div", "p", "br"]))
        if tag == "br":
            pieces.append("<br>")
        else:
            attrs = draw(st.sampled_from(["", ' title="Tip"', ' title=" "', " hidden", ' aria-label="Label"',
                                          ' aria-label=" "']))
            pieces.append(f"<{tag}{attrs}>{draw(_markup(depth + 1))}</{tag}>")
        pieces.append(draw(_WORDS))
    return "".join(pieces)


@settings(max_examples=300, deadline=None)
@given(_markup())
def test_name_from_content_follows_its_recursive_definition(markup: str) -> None:
    doc = doc_of(f'<a id="t" href="#">{markup}</a>')
    link = doc.by_id("t")
    assert accessible_name(doc, link) == " ".join(_from_content(link).split())
