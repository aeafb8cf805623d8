"""The parsed page: positions from the source text, snippets, selectors, indexes and URLs."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from a11ycheck.document import Document
from a11ycheck.parsing import MARK
from a11ycheck.source import Source


def doc_of(text: str, **kwargs) -> Document:
    return Document(Source.from_text(text), **kwargs)


def where(doc: Document, ident: str) -> tuple[int, int]:
    element = doc.by_id(ident)
    assert element is not None, f"no element with id {ident!r}"
    return doc.position(element)


def test_multi_line_start_tag_is_at_its_lt() -> None:
    doc = doc_of('<html>\n<body>\n  <p>x</p> <img\n    id="a"\n    src="a.png">\n</body></html>')
    assert where(doc, "a") == (3, 12)
    assert doc.snippet(doc.by_id("a")) == '<img id="a" src="a.png">'


def test_tabs_count_one_column() -> None:
    assert where(doc_of("<body>\n\t\t<img id=a>"), "a") == (2, 3)


def test_non_ascii_before_element_counts_code_points() -> None:
    doc = doc_of("<body><p>Ünïcödé – 😀 日本語 <img id=a alt='é'></p>")
    assert where(doc, "a") == (1, 26)
    assert doc.snippet(doc.by_id("a")) == "<img id=a alt='é'>"


def test_crlf_and_cr_line_ends() -> None:
    doc = doc_of("<html>\r\n<body>\r\n<p>x</p>\r<img id=a>\r\n<img id=b></body></html>")
    assert where(doc, "a") == (4, 1)
    assert where(doc, "b") == (5, 1)


def test_lines_past_65535() -> None:
    lines = ["<!doctype html>", "<html lang=en>", "<body>"] + [f"<p>line {n}</p>" for n in range(4, 70000)]
    lines += ['  <img id="target" src="x.png">', "<p>after</p>", "</body></html>"]
    doc = doc_of("\n".join(lines))
    assert where(doc, "target") == (70000, 3)  # (lxml's sourceline saturates at 65535: it is not used)


def test_lines_past_65535_with_implied_and_extra_tags() -> None:
    # elements the parser adds (tbody) and source tags it drops (a second body) must not shift positions
    lines = ["<html><body>", "<table><tr><td>x</td></tr></table>", "<body class=again>"]
    lines += ["<p>filler</p>"] * 70000 + ["<table><tr><td id=cell>y</td></tr></table>", "<img id=img>"]
    doc = doc_of("\n".join(lines))
    assert where(doc, "cell") == (70004, 12)
    assert where(doc, "img") == (70005, 1)


def test_noscript_and_template_content_is_not_checked() -> None:
    doc = doc_of("<body><noscript><img id=n src=a.jpg></noscript><template><img id=t></template><img id=after>")
    assert doc.by_id("n") is None
    assert doc.by_id("t") is None
    assert [img.get("id") for img in doc.root.iter("img")] == ["after"]
    assert where(doc, "after") == (1, 79)


def test_raw_text_content_is_not_mistaken_for_tags() -> None:
    text = (
        '<body><script>var s = "<img id=s>"; if (a<b) {}</script>\n'
        "<style>p::after { content: '<img id=c>' }</style>\n"
        "<textarea><img id=x></textarea><title><img id=y></title>\n"
        "<!-- <img id=comment> --><!--><img id=a><!---><img id=b>\n"
        "<img id=real>"
    )
    doc = doc_of(text)
    assert [img.get("id") for img in doc.root.iter("img")] == ["a", "b", "real"]
    assert where(doc, "a") == (4, 31)
    assert where(doc, "b") == (4, 47)
    assert where(doc, "real") == (5, 1)


def test_gt_inside_quoted_attribute_and_odd_quotes() -> None:
    text = '<body><img id=a alt="a > b" title=\'<img>\'><a href=x"y id=b>t</a><img id=c>'
    doc = doc_of(text)
    assert doc.snippet(doc.by_id("a")) == "<img id=a alt=\"a > b\" title='<img>'>"
    assert where(doc, "b") == (1, 43)
    assert where(doc, "c") == (1, 65)


def test_upper_case_tags_and_attributes() -> None:
    doc = doc_of("<BODY><IMG ID=a SRC=x.png><Img id=b>")
    assert where(doc, "a") == (1, 7)
    assert where(doc, "b") == (1, 27)


def test_root_without_html_tag() -> None:
    doc = doc_of("<p>hello</p>")
    assert doc.root.tag == "html"
    assert doc.position(doc.root) == (1, 1)
    assert doc.position(None) == (1, 1)


def test_html_start_tag_position() -> None:
    doc = doc_of("<!doctype html>\n  <html lang=en><title>x</title>")
    assert doc.position(doc.root) == (2, 3)
    assert doc.snippet(doc.root) == "<html lang=en>"


def test_long_snippet_is_shortened() -> None:
    doc = doc_of(f'<body><img id=a alt="{"word " * 200}">')
    snippet = doc.snippet(doc.by_id("a"))
    assert len(snippet) == 300
    assert snippet.endswith("…")


def test_ids_and_duplicates() -> None:
    doc = doc_of("<body><p id=a>1</p><div id=b><p id=a>2</p></div>")
    assert [doc.text(el) for el in doc.ids["a"]] == ["1", "2"]
    assert doc.by_id("a").text == "1"
    assert doc.by_id("missing") is None


def test_names_index() -> None:
    doc = doc_of('<body><a name="top"></a><a name="x"></a><a name="x"></a>')
    assert {name: len(els) for name, els in doc.names.items()} == {"top": 1, "x": 2}


def test_order_is_document_order() -> None:
    doc = doc_of("<body><p id=a><b id=b></b></p><p id=c></p>")
    order = doc.order
    assert order[doc.by_id("a")] < order[doc.by_id("b")] < order[doc.by_id("c")]


def test_selectors() -> None:
    doc = doc_of(
        "<body><div><p>a</p><p>b<img></p></div><div id=main><p><img></p></div>"
        "<div id=dup></div><div id=dup><img></div><div id='x y'><img></div></body>"
    )
    images = list(doc.root.iter("img"))
    assert [doc.selector(img) for img in images] == [
        "html > body > div:nth-of-type(1) > p:nth-of-type(2) > img",
        "#main > p > img",
        "html > body > div:nth-of-type(4) > img",
        "html > body > div:nth-of-type(5) > img",
    ]
    assert [doc.root.cssselect(doc.selector(img)) for img in images] == [[img] for img in images]


def test_selector_of_many_siblings_is_not_quadratic() -> None:
    doc = doc_of("<body>" + "<img src=a.png>" * 20000)
    images = list(doc.root.iter("img"))
    assert [doc.selector(img) for img in images][-1] == "html > body > img:nth-of-type(20000)"


def test_memo_computes_once() -> None:
    doc = doc_of("<p>x</p>")
    calls = []
    assert doc.memo("k", lambda: calls.append(1) or 42) == 42
    assert doc.memo("k", lambda: calls.append(1) or 43) == 42
    assert calls == [1]


@pytest.mark.parametrize(
    ("href", "url", "expected"),
    [
        ("#main", "", "main"),
        ("#caf%C3%A9", "", "café"),
        ("#", "", ""),
        ("page.html#x", "", None),
        ("https://news.example/a/story#x", "https://news.example/a/story", "x"),
        ("story#x", "https://news.example/a/story", "x"),
        ("other#x", "https://news.example/a/story", None),
    ],
)
def test_fragment_target(href: str, url: str, expected: str | None) -> None:
    assert doc_of("<p>x</p>", url=url or None).fragment_target(href) == expected


def test_base_href_and_canonical_url() -> None:
    doc = doc_of('<head><link rel="canonical" href="https://n.example/a/story"><base href="/b/"></head>')
    assert doc.url == "https://n.example/a/story"
    assert doc.base_url == "https://n.example/b/"
    assert doc.fragment_target("../a/story#top-news") == "top-news"


def test_deep_nesting_keeps_the_rest_of_the_page() -> None:
    depth = 100_000
    doc = doc_of("<body>" + "<div>" * depth + "deep" + "</div>" * depth + "\n<p id=after>after</p><img id=img>")
    assert doc.by_id("after") is not None
    assert where(doc, "after") == (2, 1)
    assert where(doc, "img") == (2, 22)
    assert "deep" in doc.text(doc.root)


# -- each element points at the start tag the browser's tokenizer made it from ----------------------

_PIECES = ["<a href='x<img>'>", "<img src=1>", "<IMG>", "<script>var x='<img>'", "</SCRIPT >", "<img/>",
           "<!-- <img> -->", "<!--", "-->", "<title>", "</title>", "<imgx>", "<img", "<a<img>", "<textarea>",
           "</textarea>", "<meta charset=utf-8>", "<html lang=en>", "<HTML>", "<head>", "<body>", "<link rel=x>",
           "<a =\"x>y\">", "<p title=\"a>b\" x='<a>'>", "<style>p{}</style>", "<noscript><a></noscript>",
           "<!x>", "<?x?>", "</>", "< a>", "<ſcript>", "</ſcript>", "<a b=c/>", "text\n", "\r\n", "é",
           "<table>", "<td>", "<b>", "</b>", "<p>", "<svg>", "<foreignObject>", "<img alt=\"x", "<div title='<p>"]
_LINES = ["\n", "<img\nsrc=1>", "<a\nhref=x\n>", "<p>x</p>\n", "<div\n  id=d>"]
# Elements the tree builder adds without a start tag of theirs (a stray </p> makes an empty <p>, a </br> a <br>).
_IMPLIED = frozenset(("html", "head", "body", "tbody", "tr", "colgroup", "p", "br"))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_PIECES + _LINES), st.text(max_size=8)), max_size=40))
def test_every_element_points_at_a_start_tag_of_its_name(pieces: list[str]) -> None:
    text = "".join(pieces)
    doc = doc_of(text)
    for element in doc.root.iter():
        if not isinstance(element.tag, str):
            continue
        span = doc.span(element)
        if span is None:
            # (in SVG and MathML, <script> and <style> hold markup: a tag there has no place; a known limit)
            assert element.tag in _IMPLIED or "<svg" in text, (element.tag, text)
            continue
        written = doc.source.text[span[0] : span[1]].lower()  # (the decoded text: a NUL is U+FFFD there)
        if element.tag != "invalid":  # (a name lxml cannot take, such as "a<img")
            assert written.startswith("<" + element.tag.lower()) or (element.tag, written[:6]) == ("img", "<image")
        assert MARK not in "".join(element.itertext()) and not any(MARK in v for v in element.attrib.values())


def test_start_tags_over_several_lines_and_beside_a_script_on_one_line() -> None:
    text = ('<html><body>\n<a\n href=x\n id=a>t</a><script>s = "<a href=y>"</script><a id=b href=z>u</a>\n'
            '<p>x <a id=c\nhref=w>v</a> <a id=d href=v>w</a></p>')
    doc = doc_of(text)
    assert [where(doc, ident) for ident in "abcd"] == [(2, 1), (4, 45), (5, 6), (6, 14)]


def test_order_indexes_every_element_when_asked_for_an_unmarked_one() -> None:
    doc = doc_of("<html><body><p id=a>x</p><div><span>y</span></div><a href=#a id=b>z</a></body></html>")
    order = doc.order
    span = doc.root.find(".//span")
    assert order[doc.by_id("a")] < order[span] < order[doc.by_id("b")]
    assert order.get(span) == order[span]
    assert span in order
    assert order == {el: i for i, el in enumerate(doc.root.iter())}


def test_release_drops_the_facts_and_positions_still_work() -> None:
    doc = doc_of("<html><body><p id=a>x</p></body></html>")
    assert doc.ids and doc.marked is not None
    doc.release()
    assert "ids" not in vars(doc) and doc._cache == {}
    assert where(doc, "a") == (1, 13)
