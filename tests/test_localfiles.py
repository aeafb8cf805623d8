"""Reads stay in the root: one resolver for every local URL a page names, and the readers held to it.

Each case of issue 12 is a test here. The files a page aims at outside the root are real (a video with
sound, a track with a cue, a frame with a button), and every such test asserts that the results are the
same whether they exist or not: nothing outside the root is read, nor even looked at.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_media import write_media

from a11ycheck.browser import BrowserSession, available
from a11ycheck.browser.server import LocalServer
from a11ycheck.document import Document
from a11ycheck.engine import Options, check
from a11ycheck.localfiles import LocalFiles, local_file, open_regular, read_regular
from a11ycheck.pytest_plugin import AccessibilityError, assert_accessible
from a11ycheck.source import Source
from a11ycheck.warc import Page, check_page

HEAD = '<!doctype html><html lang="en"><head><title>t</title>'
RULES = ("video-captions", "video-audio-captions", "track-valid", "object-alt", "iframe-tab-order")
CUES = "WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"
NOT_READ = "it is not a local file, so its cues were not read"
UNKNOWN_VIDEO = "could not be read here"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """``site/`` (the root: ``pages/``, ``media/`` with a video with sound and a track) beside
    ``outside/`` (a video with sound, an MPEG-TS segment, a track with a cue, a frame with a button)."""
    site = tmp_path / "site"
    (site / "pages").mkdir(parents=True)
    (site / "media").mkdir()
    write_media(site / "media" / "ok.mp4")
    (site / "media" / "ok.vtt").write_text(CUES)
    outside = tmp_path / "outside"
    outside.mkdir()
    write_media(outside / "secret.mp4")
    write_media(outside / "secret.ts")
    (outside / "secret.vtt").write_text(CUES.replace("Hello", "secret"))
    (outside / "secret.html").write_text("<!doctype html><title>s</title><button>secret</button>")
    return tmp_path


def write_page(tree: Path, body: str, head: str = "") -> Path:
    page = tree / "site" / "pages" / "page.html"
    page.write_text(f"{HEAD}{head}</head><body><h1>x</h1>{body}</body></html>")
    return page


def outcomes(tree: Path, body: str, head: str = "", *, rooted: bool = True) -> list[tuple[str, str, str]]:
    """(rule, outcome, message) of the media and frame rules for a page in ``site/pages``."""
    options = Options(select=RULES, include_passed=True, root=str(tree / "site") if rooted else None)
    report = check(write_page(tree, body, head), options=options)
    assert report.error is None
    return [(r.rule, r.outcome, r.message) for r in report.results if r.outcome != "inapplicable"]


def blind(tree: Path, body: str, head: str = "", **kwargs: bool) -> list[tuple[str, str, str]]:
    """The outcomes of a page, asserted to be the same whether or not the files outside the root exist."""
    seen = outcomes(tree, body, head, **kwargs)
    (tree / "outside").rename(tree / "gone")
    try:
        assert outcomes(tree, body, head, **kwargs) == seen, "the results tell what is outside the root"
    finally:
        (tree / "gone").rename(tree / "outside")
    return seen


def messages(found: list[tuple[str, str, str]], rule: str) -> list[str]:
    return [message for name, _, message in found if name == rule]


# -- the cases of issue 12 -----------------------------------------------------------------------------
@pytest.mark.parametrize("src", ["../../outside/secret.mp4", "..%2f..%2foutside%2fsecret.mp4",
                                 "%2e%2e/%2E%2E/outside/secret.mp4", "..\\..\\outside\\secret.mp4"])
@pytest.mark.parametrize("rooted", [True, False])
def test_a_url_climbing_out_of_the_root_is_not_local(tree: Path, src: str, rooted: bool) -> None:
    found = blind(tree, f'<video controls src="{src}"></video>', rooted=rooted)
    assert UNKNOWN_VIDEO in messages(found, "video-audio-captions")[0]


def test_a_file_url_outside_the_root_is_not_read(tree: Path) -> None:
    outside, site = tree / "outside", tree / "site"
    body = (f'<video controls src="file://{outside}/secret.mp4">'
            f'<track kind="captions" src="file://{outside}/secret.vtt"></video>'
            f'<video controls src="/media/ok.mp4"><track kind="captions" src="file://otherhost{site}/media/ok.vtt">'
            f'<track kind="captions" src="file://localhost{site}/media/ok.vtt"></video>')
    found = blind(tree, body)
    assert UNKNOWN_VIDEO in messages(found, "video-audio-captions")[0]
    assert [NOT_READ in m for m in messages(found, "track-valid")] == [True, True, False]
    assert messages(found, "track-valid")[2] == "The captions track ok.vtt has 1 cues", "inside the root it is read"


def test_a_file_base_href_outside_the_root_is_not_read(tree: Path) -> None:
    body = '<video controls src="secret.mp4"><track kind="captions" src="secret.vtt"></video>'
    found = blind(tree, body, head=f'<base href="file://{tree}/outside/">')
    assert UNKNOWN_VIDEO in messages(found, "video-audio-captions")[0]
    assert NOT_READ in messages(found, "track-valid")[0]
    inside = outcomes(tree, body.replace("secret", "ok"), head=f'<base href="file://{tree}/site/media/">')
    assert messages(inside, "track-valid") == ["The captions track ok.vtt has 1 cues"]


def test_a_symlink_out_of_the_root_is_not_followed(tree: Path) -> None:
    media = tree / "site" / "media"
    (media / "link.mp4").symlink_to(tree / "outside" / "secret.mp4")
    (media / "link.vtt").symlink_to("../../outside/secret.vtt")
    (media / "out").symlink_to(tree / "outside")
    (media / "alias.vtt").symlink_to("ok.vtt")
    body = ('<video controls src="../media/link.mp4"><track kind="captions" src="../media/link.vtt">'
            '<track kind="captions" src="../media/out/secret.vtt">'
            '<track kind="captions" src="/media/alias.vtt"></video>')
    found = blind(tree, body)
    assert UNKNOWN_VIDEO in messages(found, "video-audio-captions")[0]
    assert [NOT_READ in m for m in messages(found, "track-valid")] == [True, True, False]
    assert messages(found, "track-valid")[2] == "The captions track alias.vtt has 1 cues", "a link inside is followed"


def test_playlists_and_concatenations_open_nothing_else(tree: Path) -> None:
    """FFmpeg follows HLS segments and concat entries wherever they point; here it gets the one file."""
    media, secret = tree / "site" / "media", tree / "outside" / "secret.ts"
    playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:1.0,\n{}\n#EXT-X-ENDLIST\n"
    (media / "abs.m3u8").write_text(playlist.format(f"file://{secret}"))
    (media / "rel.m3u8").write_text(playlist.format("../../outside/secret.ts"))
    (media / "list.ffconcat").write_text(f"ffconcat version 1.0\nfile {secret}\n")
    names = ("abs.m3u8", "rel.m3u8", "list.ffconcat")
    body = "".join(f'<video controls src="/media/{name}"></video>' for name in names)
    found = blind(tree, body)
    assert all(UNKNOWN_VIDEO in m for m in messages(found, "video-audio-captions")), found


def test_fifos_inside_the_root_never_hang_the_run(tree: Path) -> None:
    """A FIFO as an HLS segment, a track, a frame or a video is unreadable at once (old: hung forever)."""
    media = tree / "site" / "media"
    for name in ("seg.ts", "fifo.vtt", "fifo.html", "fifo.mp4"):
        os.mkfifo(media / name)
    (media / "fifo.m3u8").write_text("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:1.0,\nseg.ts\n#EXT-X-ENDLIST\n")
    page = write_page(tree, '<video controls src="/media/fifo.m3u8"></video><video controls src="/media/fifo.mp4">'
                            '<track kind="captions" src="/media/fifo.vtt"></video>'
                            '<iframe title="f" tabindex="-1" src="/media/fifo.html"></iframe>')
    command = [sys.executable, "-m", "a11ycheck", str(page), "--root", str(tree / "site"), "--format", "json",
               "--select", ",".join(RULES)]
    done = subprocess.run(command, capture_output=True, timeout=60, check=False)
    [report] = json.loads(done.stdout)["files"]
    found = {(r["rule"], r["outcome"]) for r in report["results"]}
    assert ("track-valid", "cantTell") in found and ("iframe-tab-order", "cantTell") in found


def test_a_sparse_2gb_track_costs_no_memory(tree: Path) -> None:
    """A 2 GB track (old: 4.25 GB of memory, 26 s) and a 64 MB frame are refused by their size."""
    media = tree / "site" / "media"
    with open(media / "huge.vtt", "wb") as handle:
        handle.truncate(2 << 30)
    with open(media / "huge.html", "wb") as handle:
        handle.truncate(64 << 20)
    page = write_page(tree, '<video controls src="/media/ok.mp4"><track kind="captions" src="/media/huge.vtt"></video>'
                            '<iframe title="f" tabindex="-1" src="/media/huge.html"></iframe>')
    # VmHWM: the peak of this process's own memory (ru_maxrss would start at the forking parent's)
    script = ("import re, sys; from pathlib import Path; from a11ycheck import Options, check; "
              f"r = check(Path(sys.argv[1]), options=Options(select={RULES!r}, root=sys.argv[2])); "
              "peak = re.search(r'VmHWM:\\s*(\\d+)', Path('/proc/self/status').read_text()).group(1); "
              "print(peak, *(x.message for x in r.results), sep='\\n')")
    done = subprocess.run([sys.executable, "-c", script, str(page), str(tree / "site")], capture_output=True, text=True,
                          timeout=120, check=True)
    peak_kib, *found = done.stdout.splitlines()
    assert int(peak_kib) < 256 * 1024, f"peak memory {int(peak_kib) >> 10} MiB"
    assert "The track file huge.vtt could not be read: check that it exists, is a plain file and is under 16 MiB" \
        in found
    assert any("huge.html" in m and "cannot be read here" in m for m in found), found


@pytest.mark.parametrize("uri", ["https://example.org/news/page.html", "PAGE"])
def test_an_archived_page_reads_no_local_file(tree: Path, uri: str) -> None:
    """A WARC record's page has no root (even when its URI looks like a local path): none of its URLs
    is local, not even one into the folder its label names."""
    page = write_page(tree, "")
    uri = str(page) if uri == "PAGE" else uri
    body = (f'{HEAD}</head><body><video controls src="../../outside/secret.mp4">'
            f'<track kind="captions" src="file://{tree}/outside/secret.vtt">'
            '<track kind="captions" src="../media/ok.vtt">'
            f'<track kind="captions" src="file://{tree}/site/media/ok.vtt"></video>'
            f'<iframe title="f" tabindex="-1" src="../../outside/secret.html"></iframe></body></html>').encode()

    def results() -> list[tuple[str, str, str]]:
        options = Options(select=RULES, include_passed=True)
        archived = check_page(Page("crawl.warc.gz", 0, uri, 200, "text/html", None, body), options)
        labelled = check(body, path=uri, options=options)
        assert [r.to_dict() for r in archived.results] == [r.to_dict() for r in labelled.results]
        return [(r.rule, r.outcome, r.message) for r in archived.results if r.outcome != "inapplicable"]

    found = results()
    (tree / "outside").rename(tree / "gone")
    assert results() == found
    assert all(NOT_READ in m for m in messages(found, "track-valid")) and len(messages(found, "track-valid")) == 3
    assert UNKNOWN_VIDEO in messages(found, "video-audio-captions")[0]


def test_frames_and_objects_outside_the_root_are_not_read(tree: Path) -> None:
    body = ('<object data="../../outside/secret.mp4" type="video/mp4"></object>'
            '<iframe title="f" tabindex="-1" src="../../outside/secret.html"></iframe>'
            '<object data="gone.mp4" type="video/mp4"></object>')
    found = blind(tree, body, rooted=False)
    assert [outcome for rule, outcome, _ in found if rule == "object-alt"] == ["failed", "cantTell"]
    assert messages(found, "iframe-tab-order") == [
        "The iframe (secret.html) has a negative tabindex and its content cannot be read here: "
        "check it holds no link, button or field"]


def test_a_page_given_as_a_path_reads_its_own_folder(tree: Path) -> None:
    """Without --root the root is the page's own folder: its files are read, in the pytest plugin too."""
    (tree / "site" / "pages" / "empty.vtt").write_text("WEBVTT\n")
    body = '<video controls src="x.mp4"><track kind="captions" src="empty.vtt"></video>'
    assert messages(outcomes(tree, body, rooted=False), "track-valid") == [
        "The track file empty.vtt is not WebVTT or has no cues"]
    with pytest.raises(AccessibilityError, match="track-valid"):
        assert_accessible(write_page(tree, body), select=["track-valid"])
    assert messages(outcomes(tree, body.replace("empty.vtt", "../media/ok.vtt"), rooted=False), "track-valid") == [
        f"The captions track ok.vtt is declared well; {NOT_READ}"], "above the page's folder is outside its root"


# -- the resolver --------------------------------------------------------------------------------------
def doc(html: str = "<p>x</p>", *, page: Path | None = None, root: Path | None = None) -> Document:
    files = LocalFiles.for_page(str(page) if page else None, str(root) if root else None)
    return Document(Source.from_text(html), path=str(page) if page else None, files=files)


def test_root_relative_urls_resolve_into_a_given_root_only(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    assert local_file(doc(root=root), "/media/clip.mp4#t=1,2") == str(root / "media" / "clip.mp4")
    assert local_file(doc(root=root), "/../../etc/passwd") == str(root / "etc" / "passwd"), "a server's .. stops at /"
    assert local_file(doc(), "/media/clip.mp4") is None, "no site root: unknown"
    assert local_file(doc(page=root / "story.html"), "/media/clip.mp4") is None, "the page's folder is no site root"


def test_relative_urls_resolve_against_the_page_file_and_base(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    html = root / "news" / "story.html"
    html.parent.mkdir()
    assert local_file(doc(page=html), "media/clip%20one.mp4") == str(root / "news" / "media" / "clip one.mp4")
    based = doc('<base href="/assets/"><p>x</p>', page=html, root=root)
    assert local_file(based, "clip.mp4") == str(root / "assets" / "clip.mp4")
    assert local_file(doc(root=root), "clip.mp4") is None, "a page that is no file has no folder"


def test_local_files_and_links_read_one_base_href(tmp_path: Path) -> None:
    """The page's ``<base href>`` is found one way (Document.base_href) for its local files and its links;
    only links resolve it over the page's URL (a canonical link is no folder of local files)."""
    root = tmp_path.resolve()
    head = '<link rel="canonical" href="https://news.example/story"><base href=" media/ "><base href="other/">'
    page = doc(head + "<p>x</p>", page=root / "story.html")
    assert page.base_href == "media/"
    assert page.base_url == "https://news.example/media/"
    assert local_file(page, "clip.mp4") == str(root / "media" / "clip.mp4")
    assert doc("<base><p>x</p>").base_href is None


@pytest.mark.parametrize("url", ["https://cdn.example.com/clip.mp4", "//cdn.example.com/clip.mp4", "blob:abc", "", " ",
                                 "data:video/mp4,x", "http://[::1", "file://host/clip.mp4", "#t=1", "clip%00.mp4"])
def test_remote_urls_are_never_local(tmp_path: Path, url: str) -> None:
    assert local_file(doc(page=tmp_path / "page.html", root=tmp_path), url) is None


def test_only_regular_files_open(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"12345")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "link").symlink_to("file")
    with open_regular(str(tmp_path / "file")) as handle:
        assert handle.read() == b"12345"
    for name in ("fifo", "link", "missing", "."):
        with pytest.raises(OSError):
            open_regular(str(tmp_path / name))
    assert read_regular(str(tmp_path / "file"), 5) == b"12345"
    with pytest.raises(OSError, match="larger than 4 bytes"):
        read_regular(str(tmp_path / "file"), 4)


# -- the property: whatever the URL, a path inside the root or nothing, and no look outside --------------
@pytest.fixture(scope="module")
def maze(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site with links of every kind (inside, outside, climbing, absolute, looping) beside an outside."""
    base = tmp_path_factory.mktemp("maze").resolve()
    site, outside = base / "site", base / "outside"
    (site / "a" / "b").mkdir(parents=True)
    outside.mkdir()
    (site / "a" / "b" / "file.mp4").write_bytes(b"x")
    (site / "a" / "file.vtt").write_text("WEBVTT\n")
    (outside / "secret.vtt").write_text("WEBVTT\n")
    links = {site / "in-link": "a/file.vtt", site / "in-abs": str(site / "a"), site / "out-link": "../outside",
             site / "out-abs": str(outside / "secret.vtt"), site / "up": "..", site / "loop": "loop",
             site / "a" / "b" / "climb": "../../../outside", site / "a" / "home": "../a/./b/..",
             outside / "back": "../site", base / "site-alias": "site"}
    for link, target in links.items():
        link.symlink_to(target)
    return base


SEGMENTS = st.sampled_from(["..", ".", "%2e%2e", "%2E%2e", ".%2e", "a", "b", "file.mp4", "file.vtt", "in-link",
                            "in-abs", "out-link", "out-abs", "up", "loop", "climb", "home", "outside", "site",
                            "site-alias", "back", "secret.vtt", "", "%2f", "..%2f..", "..%5c..", "%00", "~", "%ff"])
SEPARATORS = st.sampled_from(["/", "\\", "%2f", "%5C", "//"])
PREFIXES = st.sampled_from(["", "/", "//", "///", "file:", "file:/", "file://", "file:///", "file://localhost/",
                            "FILE://LOCALHOST/", "file://host/", "http://x/", "//x/", "{base}/", "file://{base}/",
                            "{site}/", "file://{site}/", "data:,", "\\\\", "/.."])
SUFFIXES = st.sampled_from(["", "?a=1", "#t=1,2", "%3f", "/"])


@st.composite
def urls(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.text(max_size=30))
    parts = draw(st.lists(st.tuples(SEGMENTS, SEPARATORS), max_size=8))
    return draw(PREFIXES) + "".join(seg + sep for seg, sep in parts)[:-1] + draw(SUFFIXES)


@settings(max_examples=400, deadline=None)
@given(url=urls(), base=st.one_of(st.just(""), urls()), folder=st.sampled_from(["", "a", "a/b", "out-link"]),
       rooted=st.booleans())
def test_the_resolver_lands_inside_the_root_or_nowhere(maze: Path, url: str, base: str, folder: str,
                                                       rooted: bool) -> None:
    site = str(maze / "site")
    url, base = (text.replace("{base}", str(maze)).replace("{site}", site) for text in (url, base))
    files = LocalFiles.of_file(os.path.join(site, folder, "page.html"), site if rooted else None)
    root = files.root
    looked: list[str] = []
    real_lstat, real_readlink = os.lstat, os.readlink

    def lstat(path: str, *args: object, **kwargs: object) -> os.stat_result:
        looked.append(os.fspath(path))
        return real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]

    def readlink(path: str, *args: object, **kwargs: object) -> str:
        looked.append(os.fspath(path))
        return real_readlink(path, *args, **kwargs)  # type: ignore[arg-type]

    with mock.patch.object(os, "lstat", lstat), mock.patch.object(os, "readlink", readlink):
        found = files.resolve(url, base)
    inside = [path for path in looked if path == root or path.startswith(root + "/")]
    assert inside == looked, "the resolver looked outside the root"
    if found is not None:
        assert found == root or found.startswith(root + "/")
        assert os.path.realpath(found) == found, "a link is left in the path"


# -- the browser's local server -------------------------------------------------------------------------
@pytest.fixture
def served(tree: Path) -> Iterator[LocalServer]:
    media = tree / "site" / "media"
    (media / "link.vtt").symlink_to(tree / "outside" / "secret.vtt")
    os.mkfifo(media / "fifo.vtt")
    server = LocalServer(str(tree / "site"))
    try:
        yield server
    finally:
        server.close()


def status(server: LocalServer, path: str) -> int:
    """The status of a GET of ``path`` sent as it is (no client-side clean-up of ``..``)."""
    connection = http.client.HTTPConnection("127.0.0.1", int(server.origin.rsplit(":", 1)[1]), timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_the_server_serves_regular_files_inside_the_root_only(tree: Path, served: LocalServer) -> None:
    assert status(served, "/media/ok.vtt") == 200
    for path in ("/media/link.vtt", "/media/fifo.vtt", "/media/", "/media", "/../outside/secret.vtt",
                 "/media/..%2f..%2foutside/secret.vtt", "/%2e%2e/outside/secret.vtt"):
        assert status(served, path) == 404, path


def test_the_server_serves_a_page_outside_the_root_but_not_its_folder(tree: Path, served: LocalServer) -> None:
    page = tree / "outside" / "secret.html"
    url = served.url_for_file(str(page))
    folder = url[len(served.origin):].rsplit("/", 1)[0]
    assert status(served, folder + "/secret.html") == 200, "the page itself"
    assert status(served, folder + "/secret.vtt") == 404, "its neighbour outside the root"
    inside = served.url_for_file(str(tree / "site" / "pages" / "page.html"))
    assert inside == served.origin + "/pages/page.html"


def test_without_a_root_the_server_serves_the_page_folder(tree: Path) -> None:
    pages = tree / "site" / "pages"
    (pages / "style.css").write_text("p {}")
    server = LocalServer()
    try:
        folder = server.url_for_file(str(write_page(tree, "")))[len(server.origin):].rsplit("/", 1)[0]
        assert status(server, folder + "/page.html") == 200
        assert status(server, folder + "/style.css") == 200
        assert status(server, folder + "/../media/ok.vtt") == 404, "above the page's folder"
        assert status(server, "/media/ok.vtt") == 404, "no site root"
    finally:
        server.close()


@pytest.mark.skipif(available() is not None, reason=available() or "")
@pytest.mark.parametrize("rooted", [True, False])
def test_chromium_loads_nothing_outside_the_root(tree: Path, rooted: bool) -> None:
    """A script outside the root, reached by climbing or through a link, does not run (old: it did)."""
    adds = 'document.body.insertAdjacentHTML("beforeend", \'<img src="x.png" id="{}">\');'
    (tree / "outside" / "secret.js").write_text(adds.format("secret"))
    (tree / "site" / "media" / "link.js").symlink_to(tree / "outside" / "secret.js")
    (tree / "site" / "media" / "ok.js").write_text(adds.format("inside"))
    page = write_page(tree, "".join(f'<script src="{src}"></script>' for src in (
        "../../outside/secret.js", "../media/link.js", "../media/ok.js")))
    with BrowserSession(root=str(tree / "site") if rooted else None, timeout=5.0) as session:
        report = session.check_file(str(page))
    assert report.error is None
    assert {r.selector for r in report.failed if r.rule == "axe/image-alt"} == ({"#inside"} if rooted else set())
