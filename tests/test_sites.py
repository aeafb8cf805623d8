"""Whole sites: sitemaps, sitemap indexes, gzipped sitemaps, URL lists, robots.txt and polite fetching, against a
site of corpus pages served on 127.0.0.1 by the test (no other host is ever asked)."""

from __future__ import annotations

import gzip
import itertools
import json
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from a11ycheck import sites
from a11ycheck.browser import available
from a11ycheck.browser.server import QuietHTTPServer
from a11ycheck.cli import main
from a11ycheck.sites import NotSitemap, parse_sitemap, read_url_list
from a11ycheck.source import InputError

CORPUS = Path(os.environ.get("A11YCHECK_CORPUS") or ROOT.parent / "shared" / "corpus") / "scrapinghub-aeb"
PAGES = {"/news/a.html": "thespacereview.com_c00962aabe7bdd1f.html",
         "/news/b.html": "blog.comwrap.com_ba07d1e64775f409.html",
         "/private/c.html": "lhpat-tm.com_85439e26c41c7590.html", "/d.html": "sciencealert.com_14cc2a0ca59c62a8.html"}
needs_corpus = pytest.mark.skipif(not all((CORPUS / name).is_file() for name in PAGES.values()),
                                  reason=f"the corpus is not at {CORPUS}")
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
RUN = ["--format", "json", "--isolated", "--jobs", "1", "--delay", "0", "--select", "image-alt,document-title"]


def urlset(*locs: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {NS}>'
            + "".join(f"<url><loc>{loc}</loc><lastmod>2026-12-01</lastmod></url>" for loc in locs)
            + "</urlset>").encode()


def index(*locs: str) -> bytes:
    return (f'<?xml version="1.0"?><sitemapindex {NS}>'
            + "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs) + "</sitemapindex>").encode()


@dataclass
class Site:
    """The served site: its base URL, its routes, and every request it answered (path, start, end)."""

    base: str
    routes: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    log: list[tuple[str, float, float]] = field(default_factory=list)

    def paths(self) -> list[str]:
        return [path for path, _, _ in self.log]


@pytest.fixture
def site() -> Iterator[Site]:
    served = Site("")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            start = time.monotonic()
            route = served.routes.get(self.path)
            if route is None:
                self.send_response(404)
                body = b"<h1>Not found</h1>"
                self.send_header("Content-Type", "text/html")
            else:
                time.sleep(0.02)  # long enough for overlapping requests to overlap
                self.send_response(200)
                self.send_header("Content-Type", route[0])
                body = route[1]
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            served.log.append((self.path, start, time.monotonic()))

        def log_message(self, *args: object) -> None:
            pass

    httpd = QuietHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    served.base = base = f"http://127.0.0.1:{httpd.server_address[1]}"
    served.routes.update({path: ("text/html; charset=utf-8", (CORPUS / name).read_bytes())
                          for path, name in PAGES.items() if (CORPUS / name).is_file()})
    served.routes.update({
        "/robots.txt": ("text/plain", b"User-agent: *\nDisallow: /private/\n"),
        "/sitemap_index": ("application/xml", index(f"{base}/sitemap-news.xml", f"{base}/sitemap-more.xml.gz",
                                                        "http://other.invalid/sitemap.xml")),
        "/sitemap-news.xml": ("application/xml", urlset(f"{base}/news/a.html", f"{base}/news/b.html",
                                                        f"{base}/private/c.html", "http://other.invalid/x.html",
                                                        "ftp://127.0.0.1/y.html")),
        "/sitemap-more.xml.gz": ("application/gzip", gzip.compress(urlset(f"{base}/d.html", f"{base}/news/a.html",
                                                                          f"{base}/gone.html"))),
        "/not-a-sitemap.xml": ("application/xml", b"<?xml version='1.0'?><rss><channel/></rss>"),
        "/deep.xml": ("application/xml", index(f"{base}/sitemap_index")),
        "/private/sitemap": ("text/html", b"<!doctype html><html lang=en><title>Named</title><img src=y.png></html>"),
        "/page.xml": ("text/html", b"<!doctype html><html lang=en><title>An HTML page</title><img src=x.png></html>"),
    })
    yield served
    httpd.shutdown()
    httpd.server_close()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict], str]:
    code = main([*args, *RUN])
    captured = capsys.readouterr()
    return code, json.loads(captured.out)["files"], captured.err


# --- the sitemap and the URL list, read ---

def test_a_sitemap_and_an_index_are_read() -> None:
    assert parse_sitemap(urlset("https://a.example/1", " https://a.example/2\n"), 1 << 20) == (
        "urlset", ["https://a.example/1", "https://a.example/2"])
    assert parse_sitemap(index("https://a.example/s.xml"), 1 << 20) == ("sitemapindex", ["https://a.example/s.xml"])
    assert parse_sitemap(gzip.compress(urlset("https://a.example/&amp;")), 1 << 20) == (
        "urlset", ["https://a.example/&"])


@pytest.mark.parametrize(("body", "reason"), [
    (b"<html><body>hi</body></html>", "its root element is <html>"),
    (b"User-agent: *", "XML:"),
    (gzip.compress(b"x")[:-6], "gzip: truncated"),
])
def test_what_is_not_a_sitemap_is_said(body: bytes, reason: str) -> None:
    with pytest.raises(NotSitemap, match=r"^not a sitemap") as caught:
        parse_sitemap(body, 1 << 20)
    assert reason in str(caught.value)


def test_entities_are_never_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    for doctype, entity in ((f'<!ENTITY x SYSTEM "file://{secret}">', "x"), (f'<!ENTITY l0 "ha">{laughs}', "l9")):
        body = (f'<?xml version="1.0"?><!DOCTYPE urlset [{doctype}]>'
                f'<urlset {NS}><url><loc>https://a.example/&{entity};</loc></url></urlset>')
        with pytest.raises(NotSitemap, match=r"^not a sitemap \(it has a DOCTYPE"):
            parse_sitemap(body.encode(), 1 << 20)


def test_a_gzip_bomb_is_stopped_at_the_size_bound() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * (64 << 20))  # 64 MiB in about 64 KiB
    with pytest.raises(InputError, match=r"^larger than 1 MB \(--max-size\)$"):
        parse_sitemap(bomb, 1 << 20)


def test_a_url_list_skips_comments_and_names_its_bad_lines(tmp_path: Path) -> None:
    listed = tmp_path / "urls.txt"
    listed.write_text("# the site\nhttps://a.example/1\n\n  https://a.example/2  \nftp://a.example/3\nnot a url\n")
    assert list(read_url_list(str(listed), 1 << 20)) == [
        ("https://a.example/1", None), ("https://a.example/2", None),
        (str(listed), "not an http(s) URL on lines 5, 6")]
    assert list(read_url_list(str(tmp_path / "none.txt"), 1 << 20)) == [
        (str(tmp_path / "none.txt"), "cannot read the URL list (no such file)")]


# --- the command line against the local site ---

@needs_corpus
def test_a_sitemap_index_url_is_expanded_politely(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    code, files, err = run(capsys, f"{site.base}/sitemap_index")
    base = site.base
    assert [(f["path"], f.get("error")) for f in files] == [
        (f"{base}/news/a.html", None), (f"{base}/news/b.html", None), (f"{base}/d.html", None),
        (f"{base}/gone.html", "HTTP 404 Not Found")]  # an unreachable page costs that page only
    assert code == 2
    assert all(f["summary"]["passed"] for f in files[:3])  # checked
    assert f"a11ycheck: {base}/private/c.html: skipped: robots.txt disallows it (--ignore-robots checks it)" in err
    assert f"a11ycheck: {base}/sitemap_index: 1 URL on other hosts skipped" in err
    assert f"a11ycheck: {base}/sitemap-news.xml: 1 URL on other hosts skipped" in err
    assert f"a11ycheck: {base}/sitemap-news.xml: 1 entry not http(s) URLs skipped" in err
    assert "/private/c.html" not in site.paths()  # robots.txt is read before the pages, and honoured
    assert site.paths().index("/robots.txt") < site.paths().index("/news/a.html")
    assert site.paths().count("/news/a.html") == 1  # listed twice, fetched once


@needs_corpus
def test_ignore_robots_and_max_pages(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    _, files, _ = run(capsys, "--sitemap", f"{site.base}/sitemap-news.xml", "--ignore-robots")
    assert [f["path"].removeprefix(site.base) for f in files] == ["/news/a.html", "/news/b.html", "/private/c.html"]
    assert "/robots.txt" not in site.paths()
    code, files, err = run(capsys, "--sitemap", f"{site.base}/sitemap_index", "--max-pages", "2")
    assert [f["path"].removeprefix(site.base) for f in files] == ["/news/a.html", "/news/b.html"]
    assert "a11ycheck: --max-pages 2 reached: the site's other pages are not checked" in err
    assert "/sitemap-more.xml.gz" not in site.paths()  # nothing more is fetched once the pages are counted
    assert code in (0, 1)  # no error: the pages past the limit are not errors


@needs_corpus
def test_a_sitemap_file_and_a_url_list_beside_a_url(site: Site, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    sitemap = tmp_path / "sitemap.xml.gz"
    sitemap.write_bytes(gzip.compress(urlset(f"{site.base}/d.html")))
    listed = tmp_path / "urls.txt"
    listed.write_text(f"# pages\n{site.base}/news/b.html\n{site.base}/private/c.html\n")
    code, files, _ = run(capsys, f"{site.base}/page.xml", "--sitemap", str(sitemap), "--urls", str(listed))
    assert [f["path"].removeprefix(site.base) for f in files] == ["/page.xml", "/d.html", "/news/b.html"]
    assert files[0]["results"][0]["rule"] == "image-alt"  # a .xml URL whose body is a page is that page
    assert code == 1  # the image of page.xml


@needs_corpus
def test_a_bad_sitemap_or_list_is_one_error_and_the_rest_is_checked(site: Site, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.txt"
    code, files, err = run(capsys, "--sitemap", f"{site.base}/not-a-sitemap.xml", "--sitemap",
                           f"{site.base}/nowhere.xml", "--urls", str(missing), "--sitemap",
                           f"{site.base}/sitemap-more.xml.gz")
    assert code == 2
    assert [(f["path"].removeprefix(site.base), f.get("error")) for f in files] == [
        ("/not-a-sitemap.xml", "not a sitemap (its root element is <rss>, not <urlset> or <sitemapindex>)"),
        ("/nowhere.xml", "cannot read the sitemap (HTTP 404 Not Found)"),
        ("/d.html", None), ("/news/a.html", None), ("/gone.html", "HTTP 404 Not Found"),
        (str(missing), "cannot read the URL list (no such file)")]
    assert f"a11ycheck: {site.base}/not-a-sitemap.xml: not a sitemap (its root element is <rss>" in err


@needs_corpus
def test_what_the_command_line_names_is_checked_as_asked(site: Site, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><html lang=en><title>Local</title><p>Hi</p></html>")
    code, files, _ = run(capsys, f"{site.base}/private/sitemap", f"{site.base}/sitemap-news.xml", str(page),
                           f"{site.base}/deep.xml", "--max-pages", "1")
    assert [(f["path"].removeprefix(site.base), f.get("error")) for f in files] == [
        ("/private/sitemap", None), ("/news/a.html", None), (str(page), None)]  # robots.txt, --max-pages: the site's
    assert "/private/sitemap" in site.paths() and "/deep.xml" not in site.paths()
    assert code == 1
    code, files, _ = run(capsys, f"{site.base}/deep.xml")
    assert [(f["path"].removeprefix(site.base), f.get("error")) for f in files] == [
        ("/sitemap-news.xml", "cannot read the sitemap (sitemap indexes nested too deep)"),
        ("/sitemap-more.xml.gz", "cannot read the sitemap (sitemap indexes nested too deep)")]
    assert code == 2


@needs_corpus
@pytest.mark.parametrize("per_host", [1, 3])
def test_requests_to_a_host_are_limited_and_spaced(site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch, per_host: int) -> None:
    lock, active, most, starts, original = threading.Lock(), [0], [0], [], sites.fetch_bytes

    def fetch_bytes(*args: Any, **kwargs: Any) -> tuple[bytes, str, str]:
        with lock:
            starts.append(time.monotonic())
            active[0] += 1
            most[0] = max(most[0], active[0])
        try:
            time.sleep(0.15)  # far slower than the delay: with more slots, requests overlap
            return original(*args, **kwargs)
        finally:
            with lock:
                active[0] -= 1

    monkeypatch.setattr("a11ycheck.sites.fetch_bytes", fetch_bytes)
    listed = tmp_path / "urls.txt"
    listed.write_text("\n".join(f"{site.base}{path}" for path in [*PAGES, "/page.xml", "/gone.html"]))
    main(["--urls", str(listed), *RUN, "--jobs", "2", "--delay", "0.02", "--per-host", str(per_host)])
    capsys.readouterr()
    assert len(starts) == 6  # robots.txt, five pages
    assert most[0] == per_host
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.015  # 0.02 s apart (less a thread switch)


@pytest.mark.parametrize(("crawl_delay", "spaced"), [("2", 2.0), ("100000", sites.MAX_CRAWL_DELAY)])
def test_a_crawl_delay_spaces_the_hosts_pages(site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch, crawl_delay: str, spaced: float) -> None:
    """robots.txt's Crawl-delay, longer than --delay, spaces the starts of the host's requests (up to a cap, said)."""
    site.routes["/robots.txt"] = ("text/plain", f"User-agent: *\nCrawl-delay: {crawl_delay}\n".encode())
    waits: list[float] = []
    monkeypatch.setattr(sites.time, "sleep", waits.append)  # (the waits asked for, not waited)
    listed = tmp_path / "urls.txt"
    listed.write_text(f"{site.base}/page.xml\n{site.base}/private/sitemap\n")
    code, files, err = run(capsys, "--urls", str(listed))
    assert [f["path"].removeprefix(site.base) for f in files] == ["/page.xml", "/private/sitemap"] and code == 1
    assert spaced - 0.5 < max(waits) <= spaced
    assert ("Crawl-delay of 100000 s" in err) == (spaced == sites.MAX_CRAWL_DELAY)


@needs_corpus
@pytest.mark.skipif(available() is not None, reason=available() or "")
def test_the_browser_engine_checks_the_same_pages(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    code = main([f"{site.base}/sitemap-news.xml", "--engine", "axe", "--format", "json", "--isolated", "--delay", "0",
                 "--timeout", "30"])
    files = json.loads(capsys.readouterr().out)["files"]
    assert [f["path"].removeprefix(site.base) for f in files] == ["/news/a.html", "/news/b.html"]
    assert all("axe-core" in f["engines"] and "error" not in f for f in files)
    assert sorted(site.paths()) == ["/news/a.html", "/news/b.html", "/robots.txt", "/sitemap-news.xml"]
    assert code in (0, 1)
