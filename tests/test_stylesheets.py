"""The site's own style sheets: linked and imported sheets read inside the root, or from a fetched page's
origin, and nothing else; their rules change what is hidden."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import answer

from a11ycheck import stylesheets
from a11ycheck.browser import available as browser_available
from a11ycheck.browser.server import QuietHTTPServer
from a11ycheck.cli import main
from a11ycheck.document import Document
from a11ycheck.engine import Options, check
from a11ycheck.localfiles import LocalFiles
from a11ycheck.parallel import check_path
from a11ycheck.source import Source
from a11ycheck.stylesheets import page_sheets, unread_sheets

SITE = Path(__file__).parent / "data" / "sheet-site"
IMAGES = Options(select=("image-alt",))
HIDER = ".hider { display: none }"


def failed_ids(report) -> list[str]:
    return sorted(re.search(r'id="?([\w-]+)', result.snippet).group(1) for result in report.results  # type: ignore[union-attr]
                  if result.outcome == "failed")


def local_doc(page: Path, html: str) -> Document:
    page.write_text(html)
    return Document(Source.from_text(html), path=str(page), files=LocalFiles.of_file(str(page), None))


def test_the_sites_linked_and_imported_sheets_hide_what_they_hide() -> None:
    """site.css hides the closed menu and imports layout.css (visibility: hidden), which imports deep.css
    (display: none) and site.css again (a cycle); narrow.css is imported for narrow screens only, print.css
    linked for print, alternate.css as an alternate sheet: those three hide nothing here."""
    report = check(SITE / "index.html", options=Options(select=("image-alt",), root=str(SITE)))
    assert failed_ids(report) == ["in-alternate-hider", "in-narrow-hider", "in-print-hider", "in-shown-again"]
    without = check(SITE / "index.html", options=IMAGES)  # no root: "/css/site.css" names nothing local
    assert failed_ids(without) == ["in-alternate-hider", "in-closed-menu", "in-deep-hider", "in-imported-hider",
                                   "in-narrow-hider", "in-print-hider"]


def test_sheets_in_cascade_order_with_their_urls() -> None:
    html = (SITE / "index.html").read_text()
    doc = Document(Source.from_text(html), path=str(SITE / "index.html"),
                   files=LocalFiles.of_file(str(SITE / "index.html"), str(SITE)))
    sheets = page_sheets(doc)
    assert [sheet.href for sheet in sheets] == ["/css/parts/deep.css", "/css/parts/layout.css", "/css/site.css"]
    assert [sheet.order for sheet in sheets] == [0, 1, 2]
    assert all(sheet.owner.get("href") == "/css/site.css" for sheet in sheets)
    assert unread_sheets(doc) == ("/css/parts/narrow.css", "css/missing.css")  # (narrow: for other screens)


def test_a_page_of_the_site_below_the_root_shares_its_sheet() -> None:
    story = SITE / "news" / "story.html"
    assert failed_ids(check(story, options=Options(select=("image-alt",), root=str(SITE)))) == []
    assert failed_ids(check(story, options=IMAGES)) == ["in-closed-menu"]  # its folder is the root: ../ is out


def test_style_elements_and_links_in_document_order(tmp_path: Path) -> None:
    (tmp_path / "a.css").write_text(".a{display:none}")
    doc = local_doc(tmp_path / "p.html", "<style>.s{}</style><link rel=stylesheet href=a.css><style>.t{}</style>"
                                         "<link rel=stylesheet href=a.css disabled><link rel=stylesheet type=text/x "
                                         "href=a.css><link rel=stylesheet media='print' href=a.css>")
    assert [(sheet.href, sheet.text) for sheet in page_sheets(doc)] == [
        (None, ".s{}"), ("a.css", ".a{display:none}"), (None, ".t{}")]


@pytest.mark.parametrize(
    "href", ["../outside.css", "/outside.css", "file://{outside}", "link.css", "%2e%2e/outside.css"]
)
def test_a_sheet_outside_the_root_is_never_read(tmp_path: Path, href: str) -> None:
    site = tmp_path / "site"
    site.mkdir()
    outside = tmp_path / "outside.css"
    (site / "link.css").symlink_to(outside)  # a link inside the root that points out of it
    html = f'<link rel=stylesheet href="{href.format(outside=outside)}"><div class=hider><img src=x.png id=i></div>'
    (site / "page.html").write_text(html)
    absent = failed_ids(check(site / "page.html", options=IMAGES))
    outside.write_text(HIDER)
    assert failed_ids(check(site / "page.html", options=IMAGES)) == absent == ["i"]


def test_a_fifo_or_a_folder_inside_the_root_is_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.css")
    (tmp_path / "folder.css").mkdir()
    doc = local_doc(tmp_path / "p.html", "<link rel=stylesheet href=fifo.css><link rel=stylesheet href=folder.css>")
    assert page_sheets(doc) == ()
    assert unread_sheets(doc) == ("fifo.css", "folder.css")


def test_a_sheet_over_the_size_limit_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stylesheets, "READ_LIMIT", 64)
    (tmp_path / "big.css").write_text(HIDER + " " * 64)
    (tmp_path / "small.css").write_text(HIDER)
    doc = local_doc(tmp_path / "p.html", "<link rel=stylesheet href=big.css><link rel=stylesheet href=small.css>")
    assert [sheet.href for sheet in page_sheets(doc)] == ["small.css"]


def test_rules_that_waited_on_unknown_sheets_decide_once_they_are_read(tmp_path: Path) -> None:
    """aria-hidden-focus and label-in-name answer cantTell while a linked sheet is unknown: it may hide the
    focusable element, or the text a "visually hidden" class names."""
    (tmp_path / "read.css").write_text(".site{color:#333}")
    body = ('<div aria-hidden="true"><a href="/" class="x">Home</a></div>'
            '<button aria-label="Close"><span class="sr-only">Open</span>Close menu</button>')
    for href, outcome in (("missing.css", "cantTell"), ("read.css", "failed")):
        (tmp_path / "p.html").write_text(f'<!doctype html><html lang="en"><title>t</title>'
                                         f'<link rel=stylesheet href={href}>{body}')
        report = check(tmp_path / "p.html", options=Options(select=("aria-hidden-focus", "label-in-name")))
        assert sorted((r.rule, r.outcome) for r in report.results) == [
            ("aria-hidden-focus", outcome), ("label-in-name", outcome)]


def test_a_text_page_reads_nothing_local() -> None:
    doc = Document(Source.from_text(f"<link rel=stylesheet href={SITE / 'css/site.css'}>"))
    assert page_sheets(doc) == ()
    assert len(unread_sheets(doc)) == 1


def test_a_local_sheet_is_read_again_only_when_it_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = tmp_path / "s.css"
    sheet.write_text(".a{display:none}")
    html = "<link rel=stylesheet href=s.css>"
    first = page_sheets(local_doc(tmp_path / "p.html", html))[0].text
    assert page_sheets(local_doc(tmp_path / "q.html", html))[0].text is first  # from the cache
    sheet.write_text(".a{display:block}")
    assert page_sheets(local_doc(tmp_path / "p.html", html))[0].text == ".a{display:block}"


def test_import_depth_and_count_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(20):
        (tmp_path / f"{n}.css").write_text(f'@import "{n + 1}.css"; .s{n}{{}}')
    doc = local_doc(tmp_path / "p.html", "<link rel=stylesheet href=0.css>")
    assert len(page_sheets(doc)) == stylesheets.MAX_DEPTH + 1
    monkeypatch.setattr(stylesheets, "MAX_SHEETS", 3)
    assert len(page_sheets(local_doc(tmp_path / "q.html", "<link rel=stylesheet href=0.css>"))) == 3


@pytest.mark.parametrize(("head", "expected"), [
    ('@import url("a.css");', [("a.css", "")]),
    ("@import url(a.css) print, screen;", [("a.css", "print, screen")]),
    ('@charset "utf-8"; /* c */ @layer base; @import "a.css" layer(base) supports(display: grid) screen;',
     [("a.css", "screen")]),
    ('@IMPORT "a.css"; @import \'b.css\' (min-width: 600px);', [("a.css", ""), ("b.css", "(min-width: 600px)")]),
    ('.x{} @import "a.css";', []),  # an @import after a rule is ignored
    ("@import;", []),
])
def test_imports_at_the_head_of_a_sheet(head: str, expected: list[tuple[str, str]]) -> None:
    assert list(stylesheets._imports(head)) == expected


# -- pages fetched by URL -----------------------------------------------------------------------
REQUESTS: list[str] = []
PAGE = ('<!doctype html><html lang="en"><head><title>t</title>'
        '<link rel=stylesheet href="/css/same.css"><link rel=stylesheet href="{other}/css/other.css">'
        '<link rel=stylesheet href="/css/away.css"></head><body><div class=same><img src=a.png id=same></div>'
        '<div class=imported><img src=b.png id=imported></div><div class=other><img src=c.png id=other></div>'
        '<div class=away><img src=d.png id=away></div></body></html>')


def routes(other: str) -> dict[str, tuple[int, dict[str, str], bytes]]:
    return {
        "/page": (200, {"Content-Type": "text/html"}, PAGE.format(other=other).encode()),
        "/css/same.css": (200, {"Content-Type": "text/css"}, b'@import "more.css"; .same{display:none}'),
        "/css/more.css": (302, {"Location": "/css/moved.css"}, b""),
        "/css/moved.css": (200, {"Content-Type": "text/css; charset=utf-8"}, b".imported{display:none}"),
        "/css/other.css": (200, {"Content-Type": "text/css"}, b".other{display:none}"),
        "/css/away.css": (302, {"Location": f"{other}/css/other.css"}, b""),  # a redirect to another origin
    }


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[str, str]]:
    found: list[QuietHTTPServer] = []
    urls: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            REQUESTS.append(f"{self.server.server_address[1]}{self.path}")
            answer(self, *routes(urls[1]).get(self.path, (404, {}, b"")))

        def log_message(self, *args: object) -> None:
            pass

    for _ in range(2):
        httpd = QuietHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        found.append(httpd)
        urls.append(f"http://127.0.0.1:{httpd.server_address[1]}")
    yield urls[0], urls[1]
    for httpd in found:
        httpd.shutdown()


def test_a_fetched_page_reads_the_sheets_of_its_origin_only(servers: tuple[str, str]) -> None:
    page, other = servers
    REQUESTS.clear()
    report = check_path(page + "/page", IMAGES)
    assert failed_ids(report) == ["away", "other"]
    other_port = other.rsplit(":", 1)[1]
    assert [r for r in REQUESTS if r.startswith(other_port)] == []  # nothing asked of the other origin


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_page_named_on_the_command_line_reads_the_sheets_of_its_origin(
        servers: tuple[str, str], capsys: pytest.CaptureFixture[str], jobs: str) -> None:
    """The command line fetches URL pages through its gate and checks them in workers: their same-origin
    sheets are read there too, as through ``check_path``."""
    page, other = servers
    REQUESTS.clear()
    main([page + "/page", "--select", "image-alt", "--format", "json", "--no-cache", "--jobs", jobs])
    results = json.loads(capsys.readouterr().out)["files"][0]["results"]
    assert sorted(re.search(r'id="?([\w-]+)', r["snippet"]).group(1) for r in results) == ["away", "other"]
    assert [r for r in REQUESTS if r.startswith(other.rsplit(":", 1)[1])] == []


@pytest.mark.skipif(browser_available() is not None, reason=browser_available() or "")
def test_both_engines_static_half_reads_the_fetched_pages_sheets(servers: tuple[str, str],
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    page, _ = servers
    main([page + "/page", "--engine", "both", "--select", "image-alt", "--format", "json", "--no-cache",
          "--timeout", "30"])
    results = json.loads(capsys.readouterr().out)["files"][0]["results"]
    static = [r for r in results if r["engine"] != "axe" and r["outcome"] == "failed"]
    assert sorted(re.search(r'id="?([\w-]+)', r["snippet"]).group(1) for r in static) == ["away", "other"]


def test_a_sites_pages_fetch_their_shared_sheet_once(servers: tuple[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A run's pages share their site's sheets: each is fetched once per process, a failed one too."""
    monkeypatch.setattr(stylesheets, "_REMOTE", stylesheets._Kept(ttl=300.0))
    page, _ = servers
    REQUESTS.clear()
    reports = [check_path(page + "/page", IMAGES) for _ in range(3)]
    assert [failed_ids(report) for report in reports] == [["away", "other"]] * 3
    port = page.rsplit(":", 1)[1]
    assert sorted(REQUESTS) == sorted([f"{port}/page"] * 3 + [f"{port}/css/{name}" for name in (
        "same.css", "more.css", "moved.css", "away.css")])


def test_a_page_given_as_text_with_its_url_fetches_nothing(servers: tuple[str, str]) -> None:
    page, other = servers
    REQUESTS.clear()
    report = check(PAGE.format(other=other), options=Options(select=("image-alt",), url=page + "/page"))
    assert failed_ids(report) == ["away", "imported", "other", "same"]
    assert REQUESTS == []


@pytest.mark.parametrize("script", ["if (self == top) { document.documentElement.style.display = 'block'; }",
                                    "if (window.top !== window.self) { top.location = self.location; }"])
def test_the_frame_busting_sheet_hides_no_page_shown_on_its_own(script: str) -> None:
    # (engadget: html{display:none} until its script sees the page is not framed; a browser shows it)
    html = (f"<html lang=en><head><title>t</title><style>\n  html {{\n display: none;\n }}\n</style>"
            f"<script>{script}</script></head><body><main><img id=photo src=a.jpg></main></body></html>")
    assert "photo" in failed_ids(check(html, options=Options(select=("image-alt",))))


def test_a_page_hidden_by_its_sheet_without_a_frame_test_stays_hidden() -> None:
    html = ("<html lang=en><head><title>t</title><style>body{display:none!important}</style>"
            "<script>var x = self;</script></head><body><main><img id=photo src=a.jpg></main></body></html>")
    assert failed_ids(check(html, options=Options(select=("image-alt",)))) == []
