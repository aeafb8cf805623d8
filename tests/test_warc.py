"""WARC input: HTML response records as pages, the rest skipped and counted, damage reported and read past."""

from __future__ import annotations

import csv
import gzip
import io
import random
import tracemalloc
import zlib
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path

import pytest

pytest.importorskip("fastwarc", reason="WARC input needs the survey extra (pip install 'a11ycheck[survey]')")
warcwriter = pytest.importorskip("warcio.warcwriter", reason="the tests write archives with warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402

from a11ycheck import check, warc  # noqa: E402
from a11ycheck.engine import Options  # noqa: E402
from a11ycheck.source import Source  # noqa: E402
from a11ycheck.warc import (  # noqa: E402
    Page,
    WarcError,
    available,
    check_page,
    check_warc,
    is_warc,
    iter_pages,
    member_ranges,
)

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def corpus_pages(count: int, skip: int = 0) -> list[Path]:
    """``count`` of the smaller corpus pages (fast to check), skipping the ``skip`` smallest."""
    if not (CORPUS / "manifest.csv").exists():
        pytest.skip(f"the corpus is not at {CORPUS}")
    with open(CORPUS / "manifest.csv", encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: int(row["bytes"]))
    return [CORPUS / row["file"] for row in rows[skip:skip + count]]


def write_warc(path: Path, pages: Iterable[tuple[str, bytes, str]], *, gzipped: bool = True,
               extras: bool = False) -> list[tuple[str, int]]:
    """Write an archive of (uri, body, content type) responses; return each HTML page's (uri, offset).

    ``extras`` adds records a survey skips: a request, a 404, an image and a redirect.
    """
    offsets = []
    with open(path, "wb") as handle:
        writer = warcwriter.WARCWriter(handle, gzip=gzipped)
        for n, (uri, body, content_type) in enumerate(pages):
            if extras and n == 1:
                request = io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
                writer.write_record(writer.create_warc_record(uri, "request", payload=request))
                _response(writer, uri + "?missing", b"gone", "text/html", "404 Not Found")
                _response(writer, uri + ".png", b"\x89PNG\r\n", "image/png")
                _response(writer, uri + "/old", b"", "text/html", "301 Moved Permanently")
            offsets.append((uri, handle.tell()))
            _response(writer, uri, body, content_type)
    return offsets


def _response(writer: warcwriter.WARCWriter, uri: str, body: bytes, content_type: str, status: str = "200 OK") -> None:
    head = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=head))


def raw_record(uri: str, http: bytes, *, gzipped: bool = True, length: int | None = None) -> bytes:
    """One response record written by hand, with whatever HTTP message (and ``Content-Length``) it is given."""
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Record-ID: <urn:uuid:{abs(hash(uri))}>\r\n"
            f"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http) if length is None else length}\r\n\r\n").encode()
    record = head + http + b"\r\n\r\n"
    return gzip.compress(record) if gzipped else record


def html_response(body: bytes, content_type: str = "text/html") -> bytes:
    return f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode() + body


def only_pages(items: Iterable[Page | WarcError]) -> list[Page]:
    return [item for item in items if isinstance(item, Page)]


def errors(items: Iterable[Page | WarcError]) -> list[WarcError]:
    return [item for item in items if isinstance(item, WarcError)]


@pytest.fixture(scope="module")
def corpus_warc(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[str, int]], list[Path]]:
    files = corpus_pages(6)
    path = tmp_path_factory.mktemp("warc") / "corpus.warc.gz"
    pages = [(f"https://news.example/{n}", f.read_bytes(), "text/html") for n, f in enumerate(files)]
    offsets = write_warc(path, pages, extras=True)
    return path, offsets, files


def test_is_warc_by_name() -> None:
    assert available() is None
    assert is_warc("crawl.warc.gz") and is_warc("a/b/CRAWL.WARC") and not is_warc("page.html")
    assert not is_warc("crawl.warc.gz.html")


@pytest.mark.parametrize("gzipped", [True, False])
def test_every_html_response_is_a_page_and_the_rest_are_counted(tmp_path: Path, gzipped: bool) -> None:
    bodies = [(f"https://a.example/{n}", f"<!doctype html><title>{n}</title><p>page {n}".encode(), "text/html")
              for n in range(4)]
    bodies.append(("https://a.example/x", b"<html xmlns='http://www.w3.org/1999/xhtml'/>", "application/xhtml+xml"))
    path = tmp_path / ("a.warc.gz" if gzipped else "a.warc")
    offsets = write_warc(path, bodies, gzipped=gzipped, extras=True)
    skipped: Counter[str] = Counter()
    pages = list(iter_pages(str(path), skipped=skipped))
    assert [(p.uri, p.offset) for p in only_pages(pages)] == offsets
    assert not errors(pages)
    assert [p.body for p in only_pages(pages)] == [body for _, body, _ in bodies]
    assert only_pages(pages)[-1].content_type == "application/xhtml+xml"
    assert skipped == Counter({"request": 1, "HTTP 404": 1, "image/png": 1, "HTTP 301": 1})


def test_http_charset_takes_part_in_decoding(tmp_path: Path) -> None:
    body = "<!doctype html><html lang=ru><title>Новости</title><p>Привет".encode("windows-1251")
    path = tmp_path / "ru.warc.gz"
    path.write_bytes(raw_record("https://ru.example/", html_response(body, 'text/html; charset="Windows-1251"'))
                     + raw_record("https://ru.example/meta", html_response(
                         b'<meta charset="windows-1251">' + body, "text/html; charset=utf-8")))
    first, second = only_pages(iter_pages(str(path)))
    assert first.charset == "Windows-1251"
    report = check_page(first)
    assert report.error is None and report.encoding == "cp1251" and report.path == "https://ru.example/"
    # the HTTP header wins over the page's <meta>, as in a browser
    assert check_page(second).encoding == "utf-8"


def test_check_warc_reports_each_page_under_its_uri_as_check_does(corpus_warc) -> None:
    path, offsets, files = corpus_warc
    options = Options(select=("image-alt", "link-name", "html-has-lang"))
    checked = list(check_warc(str(path), options))
    assert [(item.uri, item.offset) for item, _ in checked] == offsets
    for (item, report), file in zip(checked, files, strict=True):
        expected = check(Source.from_bytes(file.read_bytes(), http_charset=None), path=item.uri,
                         options=Options(select=options.select, url=item.uri))
        assert (report.path, report.warc, report.offset) == (item.uri, str(path), item.offset)
        assert report.to_dict() == {"path": item.uri, "warc": str(path), "offset": item.offset,
                                    **expected.to_dict()}


def test_truncated_gzip_member_is_an_error_at_its_offset(corpus_warc, tmp_path: Path) -> None:
    path, offsets, _ = corpus_warc
    data = path.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: offsets[3][1] + 500])  # the fourth page's member is cut short
    items = list(iter_pages(str(cut)))
    assert [p.uri for p in only_pages(items)] == [uri for uri, _ in offsets[:3]]
    [error] = errors(items)
    assert (error.warc, error.offset) == (str(cut), offsets[3][1])
    assert str(error) == f"{cut}: byte {offsets[3][1]}: truncated record or gzip member"


def test_corrupt_gzip_member_is_reported_and_the_rest_still_read(corpus_warc, tmp_path: Path) -> None:
    path, offsets, _ = corpus_warc
    data = bytearray(path.read_bytes())
    middle = offsets[2][1] + 2000
    data[middle:middle + 64] = b"\x00" * 64
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(bytes(data))
    items = list(iter_pages(str(bad)))
    assert [p.uri for p in only_pages(items)] == [uri for n, (uri, _) in enumerate(offsets) if n != 2]
    [error] = errors(items)
    assert error.offset == offsets[2][1] and error.message == "corrupt gzip member"


def test_broken_http_head_is_an_error_and_the_next_record_is_read(tmp_path: Path) -> None:
    path = tmp_path / "heads.warc.gz"
    records = [raw_record("https://b.example/1", html_response(b"<p>one")),
               raw_record("https://b.example/2", b"this is no HTTP response\x00"),
               raw_record("https://b.example/3", b"HTTP/1.1 abc\r\n\r\n<p>three"),
               raw_record("https://b.example/4", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                                  b"Transfer-Encoding: chunked\r\n\r\n5\r\n<p>fo\r\n0\r\n\r\n")]
    path.write_bytes(b"".join(records))
    items = list(iter_pages(str(path)))
    assert [(p.uri, p.body) for p in only_pages(items)] == [("https://b.example/1", b"<p>one"),
                                                           ("https://b.example/4", b"<p>fo")]
    assert [(e.offset, e.message) for e in errors(items)] == [
        (len(records[0]), "broken HTTP head in the record of https://b.example/2"),
        (len(records[0]) + len(records[1]), "broken HTTP head in the record of https://b.example/3"),
    ]


def test_plain_warc_cut_short(corpus_warc, tmp_path: Path) -> None:
    _, offsets, files = corpus_warc
    plain = tmp_path / "plain.warc"
    pages = [(uri, f.read_bytes(), "text/html") for (uri, _), f in zip(offsets, files, strict=True)]
    plain_offsets = write_warc(plain, pages, gzipped=False)
    cut = tmp_path / "cut.warc"
    cut.write_bytes(plain.read_bytes()[: plain_offsets[-1][1] + 300])
    items = list(iter_pages(str(cut)))
    assert len(only_pages(items)) == len(offsets) - 1
    assert [(e.offset, e.message) for e in errors(items)] == [(plain_offsets[-1][1], "truncated record or gzip member")]


@pytest.mark.parametrize("content", [b"<!doctype html><p>not an archive", b"", gzip.compress(b"<html>a page</html>")])
def test_non_warc_file_is_one_error_at_byte_zero(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "page.warc.gz"
    path.write_bytes(content)
    [error] = list(iter_pages(str(path)))
    assert isinstance(error, WarcError) and error.offset == 0 and error.message.startswith("not a WARC file")


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    [error] = list(iter_pages(str(tmp_path / "none.warc")))
    assert isinstance(error, WarcError) and error.message == "cannot read (No such file or directory)"


def test_member_ranges_cover_every_record_once(corpus_warc) -> None:
    path, offsets, _ = corpus_warc
    ranges = member_ranges(str(path), 10_000)
    assert len(ranges) > 2 and ranges[0][0] == 0 and ranges[-1][1] == path.stat().st_size
    assert all(a[1] == b[0] for a, b in pairwise(ranges))
    found = [(p.uri, p.offset) for a, b in ranges for p in only_pages(iter_pages(str(path), start=a, end=b))]
    assert found == offsets
    assert member_ranges(str(path), 10**9) == [(0, path.stat().st_size)]


def _peak(path: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_pages(str(path)))
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_however_large_the_archive(tmp_path: Path) -> None:
    body = b"<!doctype html><title>t</title>" + b"<p>" + b"x" * 200_000
    small, large = tmp_path / "small.warc.gz", tmp_path / "large.warc.gz"
    write_warc(small, ((f"https://m.example/{n}", body, "text/html") for n in range(20)))
    write_warc(large, ((f"https://m.example/{n}", body, "text/html") for n in range(200)))  # 40 MB of pages
    (small_count, small_peak), (large_count, large_peak) = _peak(small), _peak(large)
    assert (small_count, large_count) == (20, 200)
    assert large_peak < 1.2 * small_peak + 100_000  # ten times the archive, the same memory
    assert large_peak < 4_000_000


def test_archives_in_object_storage_are_read_through_fsspec(corpus_warc) -> None:
    fsspec = pytest.importorskip("fsspec", reason="reading URLs needs fsspec (a dependency of dask)")
    path, offsets, _ = corpus_warc
    with fsspec.open("memory://bucket/crawl/corpus.warc.gz", "wb") as handle:
        handle.write(path.read_bytes())
    try:
        url = "memory://bucket/crawl/corpus.warc.gz"
        assert [(p.uri, p.offset) for p in only_pages(iter_pages(url))] == offsets
        assert member_ranges(url, 10_000) == member_ranges(str(path), 10_000)
    finally:
        fsspec.filesystem("memory").rm("/bucket", recursive=True)


def test_a_payload_that_cannot_be_decoded_costs_only_its_record(tmp_path: Path) -> None:
    path = tmp_path / "encodings.warc.gz"
    records = [raw_record("https://c.example/1", html_response(b"<p>one")),
               raw_record("https://c.example/2", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                                  b"Content-Encoding: gzip\r\n\r\nnot gzip at all"),
               raw_record("https://c.example/3", html_response(b"<p>three")),
               raw_record("https://c.example/4", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                                  b"Content-Encoding: gzip\r\n\r\n" + gzip.compress(b"<p>four"))]
    path.write_bytes(b"".join(records))
    items = list(iter_pages(str(path)))
    assert [(p.uri, p.body) for p in only_pages(items)] == [
        ("https://c.example/1", b"<p>one"), ("https://c.example/3", b"<p>three"), ("https://c.example/4", b"<p>four")]
    assert [(e.offset, e.message) for e in errors(items)] == [
        (len(records[0]), "cannot decode the payload (gzip Content-Encoding) of https://c.example/2")]


def test_a_page_over_the_size_bound_is_an_error_and_is_not_read_whole(tmp_path: Path) -> None:
    bomb = gzip.compress(b"<p>" + b" " * 5_000_000)  # about 5 KB that a Content-Encoding inflates to 5 MB
    records = [raw_record("https://d.example/1", html_response(b"<p>" + b"x" * 3000)),
               raw_record("https://d.example/2", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                                  b"Content-Encoding: gzip\r\n\r\n" + bomb),
               raw_record("https://d.example/3", html_response(b"<p>three"))]
    path = tmp_path / "big.warc.gz"
    path.write_bytes(b"".join(records))
    tracemalloc.start()
    try:
        items = list(iter_pages(str(path), max_bytes=2000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [p.uri for p in only_pages(items)] == ["https://d.example/3"]
    assert [(e.offset, e.message) for e in errors(items)] == [
        (0, "the page https://d.example/1 is larger than 2000 bytes (--max-size)"),
        (len(records[0]), "the page https://d.example/2 is larger than 2000 bytes (--max-size)")]
    assert peak < 2_500_000  # the 5 MB inflated payload was not read whole
    assert len(only_pages(iter_pages(str(path)))) == 3  # the default bound is far above these


def numbered_page(n: int) -> bytes:
    return html_response(f"<!doctype html><html lang=en><title>{n}</title><p>page {n}".encode())


@pytest.mark.parametrize("gzipped", [True, False], ids=["gzipped", "plain"])
@pytest.mark.parametrize("short", [1, 3], ids=["in the middle", "at the end"])
def test_a_record_shorter_than_its_content_length_is_a_truncated_record(tmp_path: Path, gzipped: bool,
                                                                        short: int) -> None:
    records = [raw_record(f"https://t.example/{n}", numbered_page(n), gzipped=gzipped,
                          length=len(numbered_page(n)) + 100 if n == short else None) for n in range(4)]
    path = tmp_path / ("short.warc.gz" if gzipped else "short.warc")
    path.write_bytes(b"".join(records))
    items = list(iter_pages(str(path)))
    assert [(p.uri, p.body) for p in only_pages(items)] == [
        (f"https://t.example/{n}", numbered_page(n).split(b"\r\n\r\n", 1)[1]) for n in range(4) if n != short]
    declared = len(numbered_page(short)) + 100
    assert [str(e) for e in errors(items)] == [
        f"{path}: byte {len(b''.join(records[:short]))}: truncated record (shorter than its Content-Length of "
        f"{declared} bytes)"]


@pytest.mark.parametrize("gzipped", [True, False], ids=["gzipped", "plain"])
def test_a_record_longer_than_its_content_length_is_not_a_page(tmp_path: Path, gzipped: bool) -> None:
    records = [raw_record(f"https://t.example/{n}", numbered_page(n), gzipped=gzipped,
                          length=len(numbered_page(n)) - 10 if n == 1 else None) for n in range(3)]
    path = tmp_path / ("long.warc.gz" if gzipped else "long.warc")
    path.write_bytes(b"".join(records))
    items = list(iter_pages(str(path)))
    assert [p.uri for p in only_pages(items)] == ["https://t.example/0", "https://t.example/2"]
    assert [(e.offset, e.message) for e in errors(items)] == [
        (len(records[0]), f"record does not end where its Content-Length of {len(numbered_page(1)) - 10} bytes says")]


@pytest.mark.parametrize("cut", [1, 4, 5])
def test_a_plain_record_cut_at_the_very_end_of_the_file_is_truncated(tmp_path: Path, cut: int) -> None:
    records = [raw_record(f"https://t.example/{n}", numbered_page(n), gzipped=False) for n in range(2)]
    path = tmp_path / "cut.warc"
    path.write_bytes(b"".join(records)[:-cut])  # the last CRLF CRLF (and with 5, a byte of the page) missing
    items = list(iter_pages(str(path)))
    assert [p.uri for p in only_pages(items)] == ["https://t.example/0"]
    assert [(e.offset, e.message) for e in errors(items)] == [
        (len(records[0]), f"truncated record (shorter than its Content-Length of {len(numbered_page(1))} bytes)")]


@pytest.mark.parametrize("gzipped", [True, False], ids=["gzipped", "plain"])
def test_a_page_quoting_a_warc_record_is_whole(tmp_path: Path, gzipped: bool) -> None:
    quoted = html_response(b"<pre>\r\n\r\nWARC/1.0\r\nContent-Length: 5\r\n\r\n</pre>")
    records = [raw_record("https://q.example/1", numbered_page(1), gzipped=gzipped),
               raw_record("https://q.example/2", quoted, gzipped=gzipped)]
    path = tmp_path / ("quote.warc.gz" if gzipped else "quote.warc")
    path.write_bytes(b"".join(records))
    items = list(iter_pages(str(path)))
    assert not errors(items)
    assert [p.uri for p in only_pages(items)] == ["https://q.example/1", "https://q.example/2"]


def item_key(item: Page | WarcError) -> tuple:
    """What an item says, apart from the archive's path."""
    if isinstance(item, WarcError):
        return "error", item.offset, item.message
    return "page", item.offset, item.uri, item.charset, item.body


@pytest.mark.parametrize("copies", [1, 2], ids=["one member", "two members, as cat gives"])
def test_an_archive_compressed_as_a_whole_gives_every_page_at_its_decompressed_offset(tmp_path: Path,
                                                                                      copies: int) -> None:
    pages = [(f"https://w.example/{n}", f"<!doctype html><title>{n}</title><p>page {n}".encode(), "text/html")
             for n in range(5)]
    plain = tmp_path / "a.warc"
    offsets = write_warc(plain, pages, gzipped=False, extras=True)
    whole = tmp_path / "a.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()) * copies)  # `gzip a.warc`, or that twice with `cat`
    skipped: Counter[str] = Counter()
    items = list(iter_pages(str(whole), skipped=skipped))
    size = plain.stat().st_size
    assert [(p.uri, p.offset, p.body) for p in items] == [
        (uri, copy * size + offset, body) for copy in range(copies)
        for (uri, offset), (_, body, _) in zip(offsets, pages, strict=True)]  # the offsets `zcat a.warc.gz` gives
    assert skipped == Counter({"request": copies, "HTTP 404": copies, "image/png": copies, "HTTP 301": copies})
    assert member_ranges(str(whole), 100) == [(0, whole.stat().st_size)]  # one unit: no range cuts its member
    assert list(iter_pages(str(whole), start=0, end=whole.stat().st_size)) == items


@pytest.fixture
def small_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inflate 64 bytes a step, a checkpoint every 200 bytes, 3 kept: seeks back go through checkpoints (and,
    further back than the oldest, from the start), as they do in large archives."""
    monkeypatch.setattr(warc, "_INFLATE_STEP", 64)
    monkeypatch.setattr(warc, "_CHECKPOINT_EVERY", 200)
    monkeypatch.setattr(warc, "_CHECKPOINTS", 3)


def damaged_records(kind: str) -> list[bytes]:
    """Plain records with one kind of damage (see the tests above for each)."""
    page = [numbered_page(n) for n in range(5)]
    if kind == "short in the middle":
        return [raw_record(f"https://d.example/{n}", p, gzipped=False, length=len(p) + 100 if n == 1 else None)
                for n, p in enumerate(page)]
    if kind == "short at the end":
        return [raw_record(f"https://d.example/{n}", p, gzipped=False, length=len(p) + 100 if n == 4 else None)
                for n, p in enumerate(page)]
    if kind == "long":
        return [raw_record(f"https://d.example/{n}", p, gzipped=False, length=len(p) - 10 if n == 2 else None)
                for n, p in enumerate(page)]
    if kind == "broken heads and payloads":
        return [raw_record("https://d.example/0", page[0], gzipped=False),
                raw_record("https://d.example/1", b"this is no HTTP response\x00", gzipped=False),
                raw_record("https://d.example/2", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                                  b"Content-Encoding: gzip\r\n\r\nnot gzip at all", gzipped=False),
                raw_record("https://d.example/3", html_response(b"<pre>\r\n\r\nWARC/1.0\r\nContent-Length: 5\r\n"
                                                                b"\r\n</pre>"), gzipped=False),
                raw_record("https://d.example/4", page[4], gzipped=False)]
    raise AssertionError(kind)


@pytest.mark.parametrize("steps", ["default steps", "small steps"])
@pytest.mark.parametrize("kind", ["short in the middle", "short at the end", "long", "broken heads and payloads"])
def test_damage_in_an_archive_compressed_as_a_whole_reads_as_in_the_plain_archive(tmp_path: Path, request,
                                                                                  kind: str, steps: str) -> None:
    if steps == "small steps":
        request.getfixturevalue("small_steps")
    plain, whole = tmp_path / "d.warc", tmp_path / "d.warc.gz"
    plain.write_bytes(b"".join(damaged_records(kind)))
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    expected = [item_key(item) for item in iter_pages(str(plain))]
    assert any(key[0] == "error" for key in expected) and any(key[0] == "page" for key in expected)
    assert [item_key(item) for item in iter_pages(str(whole))] == expected


@pytest.mark.parametrize("steps", ["default steps", "small steps"])
def test_an_archive_compressed_as_a_whole_and_cut_short_says_so(tmp_path: Path, request, steps: str) -> None:
    if steps == "small steps":
        request.getfixturevalue("small_steps")
    rng = random.Random(6)
    pages = [html_response(" ".join(rng.choices(["<p>", "alt", "lorem", "ipsum", "</div>"], k=2000)).encode())
             for _ in range(6)]  # text that compresses in proportion to its length
    records = [raw_record(f"https://c.example/{n}", page, gzipped=False) for n, page in enumerate(pages)]
    compressed = gzip.compress(b"".join(records))
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(compressed[:len(compressed) * 2 // 3])
    readable = len(zlib.decompressobj(31).decompress(cut.read_bytes()))  # what the cut gzip data still gives
    ends = [len(b"".join(records[:n + 1])) for n in range(6)]
    whole = sum(1 for end in ends if end <= readable)
    assert 0 < whole < 6
    items = list(iter_pages(str(cut)))
    assert [p.uri for p in only_pages(items)] == [f"https://c.example/{n}" for n in range(whole)]
    assert [(e.offset, e.message) for e in errors(items)] == [
        (ends[whole - 1], f"truncated record (shorter than its Content-Length of {len(pages[whole])} bytes)"),
        (readable, "truncated gzip data: the archive ends inside a gzip member")]


def test_corrupt_gzip_data_in_an_archive_compressed_as_a_whole_ends_it_with_an_error(corpus_warc,
                                                                                     tmp_path: Path) -> None:
    path, offsets, _ = corpus_warc
    data = bytearray(gzip.compress(gzip.decompress(path.read_bytes())))
    data[len(data) // 2:len(data) // 2 + 64] = b"\x00" * 64
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(bytes(data))
    items = list(iter_pages(str(bad)))
    uris = [p.uri for p in only_pages(items)]
    assert 0 < len(uris) < len(offsets) and uris == [uri for uri, _ in offsets[:len(uris)]]
    assert items[-1].message == "corrupt gzip data (or bytes that are not gzip after it): the rest cannot be read"


def test_a_gzip_member_holding_several_records_among_single_ones_is_an_error(tmp_path: Path) -> None:
    pages = [(f"https://m.example/{n}", numbered_page(n).split(b"\r\n\r\n", 1)[1], "text/html") for n in range(7)]
    head, middle, tail = tmp_path / "head.warc.gz", tmp_path / "middle.warc", tmp_path / "tail.warc.gz"
    head_offsets = write_warc(head, pages[:2])
    write_warc(middle, pages[2:5], gzipped=False)
    tail_offsets = write_warc(tail, pages[5:])
    mixed = tmp_path / "mixed.warc.gz"
    at = head.stat().st_size
    whole = gzip.compress(middle.read_bytes())
    mixed.write_bytes(head.read_bytes() + whole + tail.read_bytes())
    items = list(iter_pages(str(mixed)))
    assert [(p.uri, p.offset) for p in only_pages(items)] == head_offsets + [
        (uri, at + len(whole) + offset) for uri, offset in tail_offsets]
    assert [str(e) for e in errors(items)] == [
        f"{mixed}: byte {at}: gzip member holding several records: compressed as a whole, not record by record "
        "(`warcio recompress` fixes it)"]
    assert [item_key(i) for a, b in member_ranges(str(mixed), 100) for i in iter_pages(str(mixed), start=a, end=b)] \
        == [item_key(i) for i in items]


def test_decompressed_bytes_read_and_seek_like_the_plain_archive(corpus_warc, small_steps) -> None:
    path, _, _ = corpus_warc
    plain = gzip.decompress(path.read_bytes())
    view = io.BufferedReader(warc._Inflated(io.BytesIO(gzip.compress(plain))), 100)
    rng = random.Random(12)
    for _ in range(200):
        at, count = rng.randrange(len(plain) + 10), rng.randrange(1, 5000)
        view.seek(at)
        assert view.read(count) == plain[at:at + count]
    assert view.raw.fault is None


def test_memory_stays_flat_in_an_archive_compressed_as_a_whole(tmp_path: Path) -> None:
    body = b"<!doctype html><title>t</title>" + b"<p>" + b"x" * 200_000
    for name, count in (("small", 20), ("large", 200)):
        plain = tmp_path / f"{name}.warc"
        write_warc(plain, ((f"https://m.example/{n}", body, "text/html") for n in range(count)), gzipped=False)
        (tmp_path / f"{name}.warc.gz").write_bytes(gzip.compress(plain.read_bytes()))
    (small_count, small_peak), (large_count, large_peak) = _peak(tmp_path / "small.warc.gz"), \
        _peak(tmp_path / "large.warc.gz")
    assert (small_count, large_count) == (20, 200)
    assert large_peak < 1.2 * small_peak + 500_000  # ten times the archive (40 MB of pages), about the same memory
    assert large_peak < 6_000_000
