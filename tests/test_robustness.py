"""Hostile and broken input: every page gets results or a one-line error, never an exception."""

from __future__ import annotations

import json
import re
import socket
import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from a11ycheck import Options, Report, check
from a11ycheck.document import Document
from a11ycheck.source import Source

ARTICLE = ('<!doctype html><html lang="en"><head><title>Story</title></head>'
           "<body><main><h1>Story</h1>{}</main></body></html>")


def results_of(report: Report) -> list[tuple[str, str, int, int]]:
    assert report.error is None, report.error
    return [(r.rule, r.outcome, r.line, r.column) for r in report.results]


def unfinished(report: Report) -> list[str]:
    """Rules that gave up on the page (a check that hit the recursion limit)."""
    return [r.rule for r in report.results if r.message.startswith("a11ycheck could not finish")]


def test_nul_bytes() -> None:
    data = ARTICLE.format('<p>a\x00b</p><img src="x.jpg" id="after">\x00<p>\x00</p>').encode()
    report = check(data)
    assert report.error is None
    image = [r for r in report.results if r.rule == "image-alt"]
    assert [(r.outcome, r.snippet) for r in image] == [("failed", '<img src="x.jpg" id="after">')]


MALFORMED = "http://[::1/x"  # urllib.parse raises on it (an unclosed IPv6 host)


@pytest.mark.parametrize("head, body", [
    (f'<link rel="canonical" href="{MALFORMED}">', '<nav><a href="/a">a</a></nav><p>x</p>'),
    (f'<link rel="canonical" href="https://e.x/s"><base href="{MALFORMED}">', '<a href="#m">m</a><p id="m">x</p>'),
    ('<link rel="canonical" href="https://e.x/s">', f'<nav><a href="{MALFORMED}#y">a</a></nav><p id="y">x</p>'),
    ("", f'<nav><a href="{MALFORMED}">a</a></nav><p>x</p>'),
    ("", f'<video src="{MALFORMED}.mp4" autoplay></video><video src="{MALFORMED}.mp4" controls></video>'),
])
def test_a_malformed_url_anywhere_leads_nowhere(head: str, body: str) -> None:
    """A URL urllib cannot parse (canonical link, base, link, media) is one that leads nowhere: the page
    gets its results, not an internal error."""
    page = ARTICLE.replace("</title>", "</title>" + head).format(body)
    report = check(page, options=Options(include_passed=True))
    assert report.error is None, report.error
    assert "document-title" in {r.rule for r in report.results}
    doc = Document(Source.from_text(page))
    assert doc.url in ("", "https://e.x/s")
    assert doc.base_url == doc.url


def test_a_malformed_page_url_is_no_url() -> None:
    """An archived record's target URI that does not parse is no URL for the page (not an internal error)."""
    page = ARTICLE.format('<nav><a href="/a">a</a><a href="#m">skip</a></nav><p id="m">x</p>')
    report = check(page, options=Options(url=MALFORMED, include_passed=True))
    assert report.error is None, report.error
    assert Document(Source.from_text(page), url=MALFORMED).url == ""


def test_nested_100000_elements() -> None:
    depth = 100_000
    body = "<div>" * depth + "<p>deep</p>" + "</div>" * depth + '<img src="after.jpg">'
    report = check(ARTICLE.format(body))
    assert unfinished(report) == []
    assert [r.outcome for r in report.results if r.rule == "image-alt"] == ["failed"]


def test_nested_100000_inline_elements_never_closed() -> None:
    report = check(ARTICLE.format("<span><b>" * 50_000 + '<img src="x.jpg">'))
    assert report.error is None
    assert unfinished(report) == []


def test_deeply_nested_link_content_is_named() -> None:
    body = '<a href="/story">' + "<span>" * 3000 + "Read the story" + "</span>" * 3000 + "</a>"
    assert unfinished(check(ARTICLE.format(body))) == []


def test_attribute_of_10_mb() -> None:
    body = f'<p title="{"x" * 10_000_000}">long</p>\n<img src="after.jpg">'
    report = check(ARTICLE.format(body))
    image = [r for r in report.results if r.rule == "image-alt"]
    assert [(r.outcome, r.line, r.column) for r in image] == [("failed", 2, 1)]


def test_page_over_65535_lines() -> None:
    body = "<p>filler</p>\n" * 69_998 + '  <img src="late.jpg">'
    (result,) = [r for r in check(ARTICLE.format("\n" + body)).results if r.rule == "image-alt"]
    assert (result.line, result.column, result.snippet) == (70_000, 3, '<img src="late.jpg">')


def _many_images(n: int) -> str:
    return ARTICLE.format("".join(f'<p><img src="/photos/{i}.jpg" alt="Photo {i} of the march"></p>' for i in range(n)))


def test_50000_images_in_linear_time() -> None:
    small, large = _many_images(5_000), _many_images(50_000)
    check(small)  # warm up: imports, compiled queries
    start = time.perf_counter()
    check(small)
    small_time = time.perf_counter() - start
    start = time.perf_counter()
    report = check(large)
    large_time = time.perf_counter() - start
    assert report.summary["failed"] + report.summary["passed"] >= 50_000
    assert large_time < 60
    assert large_time < 25 * small_time + 1, f"10x the images took {large_time / small_time:.0f}x the time"


def test_50000_failing_images() -> None:
    report = check(ARTICLE.format("<p>" + '<img src="a.png">' * 50_000 + "</p>"))
    failed = [r for r in report.results if r.rule == "image-alt"]
    assert len(failed) == 50_000
    assert failed[-1].selector == "html > body > main > p > img:nth-of-type(50000)"


@pytest.fixture
def listener():
    """A local TCP port that records whether anything connected to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.3)
    yield server
    server.close()


def _connected(server: socket.socket) -> bool:
    try:
        conn, _ = server.accept()
    except TimeoutError:
        return False
    conn.close()
    return True


def test_no_dtd_no_entities_no_network(listener) -> None:
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
    page = (
        f'<!DOCTYPE html SYSTEM "{url}html.dtd" [\n'
        f'  <!ENTITY remote SYSTEM "{url}entity.txt">\n'
        '  <!ENTITY local SYSTEM "file:///etc/passwd">\n'
        '  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">\n'
        '  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
        '  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n'
        "]>\n"
        f'<html lang="en"><head><title>T</title><link rel="stylesheet" href="{url}style.css">'
        f'<script src="{url}app.js"></script></head>'
        f'<body><p id="p">&remote;&local;&c;</p><img src="{url}photo.jpg" alt="A photo">'
        f'<video src="{url}clip.mp4" controls></video><iframe src="{url}frame" title="Frame"></iframe></body></html>'
    )
    report = check(page, options=Options(url=url))
    assert report.error is None
    assert not _connected(listener)
    doc = Document(Source.from_text(page))
    text = doc.text(doc.by_id("p"))
    assert "root:" not in text
    assert len(text) < 100


SOUP_TAGS = ["html", "head", "body", "title", "main", "nav", "header", "figure", "figcaption", "img", "a", "p",
             "video", "audio", "track", "source", "iframe", "svg", "noscript", "template", "script", "style",
             "table", "tr", "td", "ul", "li", "button", "input", "label", "h1", "h2", "section", "div", "span", "br"]
SOUP_ATTRS = ["id", "href", "src", "alt", "title", "lang", "role", "aria-label", "aria-labelledby", "aria-hidden",
              "hidden", "style", "name", "kind", "srclang", "controls", "autoplay", "muted", "tabindex", "class"]
SOUP_VALUES = ["", "x", "#x", "#", "#top", "photo.jpg", "IMG_1234.JPG", "en", "xx-!!", "img", "presentation",
               "none", "true", "display:none", "captions", "Skip to content", "Photo: A. Person", "-1", "é\u00a0’"]


@st.composite
def tag_soup(draw) -> str:
    """Markup made of real tag and attribute names in any order, closed or not, with stray text."""
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.sampled_from(["open", "open", "close", "text", "junk"]))
        if kind == "open":
            attrs = "".join(
                f' {draw(st.sampled_from(SOUP_ATTRS))}="{draw(st.sampled_from(SOUP_VALUES))}"'
                for _ in range(draw(st.integers(0, 3)))
            )
            parts.append(f"<{draw(st.sampled_from(SOUP_TAGS))}{attrs}>")
        elif kind == "close":
            parts.append(f"</{draw(st.sampled_from(SOUP_TAGS))}>")
        elif kind == "text":
            parts.append(draw(st.text(max_size=20)))
        else:
            parts.append(draw(st.sampled_from(["<", ">", "<!--", "-->", "<!doctype html>", "&amp", "\x00", "\r\n",
                                               '"', "'", "<![CDATA[", "</", "<?xml ?>"])))
    return "".join(parts)


PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    report = check(data)
    assert report.error is None or report.error in ("empty file", "not an HTML file (binary content)")
    assert check(data).to_dict() == report.to_dict()


@PROPERTY_SETTINGS
@given(st.text(st.characters(exclude_categories=()), max_size=300))
def test_arbitrary_text_never_raises_and_serialises(text: str) -> None:
    report = check("<!doctype html>" + text)
    json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8")  # no lone surrogate survives


@PROPERTY_SETTINGS
@given(tag_soup())
def test_tag_soup_never_raises_and_is_deterministic(markup: str) -> None:
    report = check(markup, options=Options(include_passed=True, fragment=False))
    again = check(markup, options=Options(include_passed=True, fragment=False))
    assert again.to_dict() == report.to_dict()
    for result in report.results:
        assert result.line >= 1
        assert result.column >= 1


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _ascii_lower(text: str) -> str:
    return text.translate(_ASCII_LOWER)


@PROPERTY_SETTINGS
@given(tag_soup())
@example("<A\u00c0>x")  # a tag name with a non-ASCII capital
def test_positions_point_at_the_snippet(markup: str) -> None:
    doc = Document(Source.from_text(markup))
    text = doc.source.text
    line_starts = [0] + [m.end() for m in re.finditer(r"\r\n?|\n", text)]
    for element in doc.root.iter(etree.Element):
        span = doc.span(element)
        if span is None:
            continue
        # (the tokenizer lowercases ASCII letters only: <AÀ> is the element "aÀ", not "aà")
        assert _ascii_lower(text[span[0] : span[1]]).startswith(f"<{element.tag}")
        line, column = doc.position(element)
        assert line_starts[line - 1] + column - 1 == span[0]


# -- hostile style sheets and tags: the page gets its results, the hiding rules still work ---------


def _hiding(style: str, body: str = "") -> Report:
    """A page whose sheet is ``style``: hidden.jpg is hidden by a rule of it, shown.jpg is not."""
    return check(f'<!doctype html><html lang="en"><head><title>Story</title><style>{style}</style></head>'
                 f'<body><main><h1>Story</h1>{body}<img src="shown.jpg"></main></body></html>')


def _missing_alt(report: Report) -> list[str]:
    assert report.error is None, report.error
    assert unfinished(report) == []
    return [r.snippet for r in report.results if r.rule == "image-alt"]


def test_thousands_of_tag_keyed_hiding_rules_still_hide() -> None:
    style = "".join(f"t{i} img{{display:none}}" for i in range(5000))
    report = _hiding(style, '<t4321><img src="hidden.jpg"></t4321>')
    assert _missing_alt(report) == ['<img src="shown.jpg">']


def test_thousands_of_has_rules_still_hide() -> None:
    style = "".join(f"div:has(> .c{i}){{display:none}}" for i in range(5000))
    report = _hiding(style, '<div><span class="c4321"></span><img src="hidden.jpg"></div>')
    assert _missing_alt(report) == ['<img src="shown.jpg">']


def test_a_selector_of_thousands_of_compounds_is_dropped_alone() -> None:
    style = " ".join(["div"] * 3000) + " img{display:none} .h img{display:none}"
    report = _hiding(style, '<div class="h"><img src="hidden.jpg"></div>')
    assert _missing_alt(report) == ['<img src="shown.jpg">']


@pytest.mark.parametrize("hostile", [
    "display:none " * 20_000,  # hits outside any block
    "div{" + "display:none " * 20_000 + "}",  # hits in one block
    "div{" + "display:none;" * 20_000 + "}",  # declarations in one block
    "font-family:x " * 5_000,  # a declaration that never ends
    "@media x{a{display:none} " * 2_000,  # groups that never close
    "a{display:none " * 2_000,  # blocks that never close
    "[" * 20_000 + "{display:none}",  # a selector of brackets
])
def test_hiding_rules_after_hostile_css_still_hide(hostile: str) -> None:
    report = _hiding(hostile + "} } } .h{display:none}", '<p class="h"><img src="hidden.jpg"></p>')
    assert _missing_alt(report) == ['<img src="shown.jpg">']


def test_a_start_tag_keeps_its_first_1024_attributes() -> None:
    many = " ".join(f"data-a{i}" for i in range(1030))
    report = check(ARTICLE.format(f'<img src="a.jpg" {many} alt="Harbour">\n<img src="b.jpg" {many}>'))
    assert [(r.outcome, r.line, r.column) for r in report.results if r.rule == "image-alt"] == [
        ("failed", 1, ARTICLE.index("{") + 1),  # its alt, the 1033rd attribute, is not read
        ("failed", 2, 1),
    ]


def test_attributes_in_scripts_and_sheets_are_not_trimmed() -> None:
    words = " ".join(["x"] * 1100)
    report = _hiding(f"/* <b {words} */ .h{{display:none}}",
                     f'<script>var s = "<b {words}>";</script><p class="h"><img src="hidden.jpg"></p>')
    assert _missing_alt(report) == ['<img src="shown.jpg">']
