"""Web archives as input to the main command: every HTML response record is a page."""

from __future__ import annotations

import gzip
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from a11ycheck import warc

pytestmark = pytest.mark.skipif(warc.available() is not None, reason=warc.available() or "")
warcio = pytest.importorskip("warcio", reason="warcio (the test extra) writes the archives")

PAGE = "<!doctype html><html lang='en'><head><title>{}</title></head><body><main><h1>Hi</h1>{}</main></body></html>"


def write_archive(path: Path, pages: list[tuple[str, str, bytes]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for uri, content_type, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    path = tmp_path / "crawl" / "news.warc.gz"
    path.parent.mkdir()
    write_archive(path, [
        ("https://news.example/a", "text/html; charset=utf-8", PAGE.format("A", "<img src=a.jpg>").encode()),
        ("https://news.example/logo.png", "image/png", b"\x89PNG\r\n"),
        ("https://news.example/b", "text/html; charset=iso-8859-1", PAGE.format("Bär", "").encode("latin-1")),
        ("https://news.example/a", "text/html", PAGE.format("A again", "").encode()),
    ])
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "a11ycheck", *args, "--isolated"], capture_output=True, text=True,
                          timeout=120, check=False)


def test_every_html_record_is_a_page_with_its_capture(archive: Path) -> None:
    done = run(str(archive), "--format", "json", "--jobs", "1")
    files = json.loads(done.stdout)["files"]
    assert [(f["path"], f["warc"]) for f in files] == [
        ("https://news.example/a", str(archive)), ("https://news.example/b", str(archive)),
        ("https://news.example/a", str(archive))]
    assert len({f["offset"] for f in files}) == 3
    assert "image-alt" in {r["rule"] for r in files[0]["results"]}
    assert done.returncode == 1
    assert done.stderr.strip() == f"a11ycheck: {archive}: 1 records skipped (image/png 1)"
    assert 'The page title is \\"Bär\\"' in run(str(archive), "--format", "json", "--include-passed").stdout


def test_jobs_and_directories_give_the_same_report(archive: Path) -> None:
    one = run(str(archive), "--format", "json", "--jobs", "1").stdout
    two = run(str(archive.parent), "--format", "json", "--jobs", "2").stdout
    assert one == two


def test_every_format_works_on_archives(archive: Path, tmp_path: Path) -> None:
    done = run(str(archive), "--format", f"text,sarif={tmp_path / 'r.sarif'},junit={tmp_path / 'r.xml'},"
               f"html={tmp_path / 'r.html'},earl={tmp_path / 'r.jsonld'},github={tmp_path / 'gh.txt'}")
    assert "https://news.example/a:1:" in done.stdout
    sarif = json.loads((tmp_path / "r.sarif").read_text())
    assert {r["properties"]["warc"] for r in sarif["runs"][0]["results"]} == {str(archive)}
    assert "https://news.example/b" in (tmp_path / "r.xml").read_text()


def test_a_damaged_archive_names_file_and_offset_and_the_rest_is_checked(archive: Path, tmp_path: Path) -> None:
    data = archive.read_bytes()
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(data[: len(data) - 40])  # the last gzip member is cut short
    done = run(str(broken), str(archive), "--format", "json", "--jobs", "1")
    assert done.returncode == 2
    files = json.loads(done.stdout)["files"]
    errors = [f for f in files if "error" in f]
    assert errors and errors[0]["path"] == str(broken) and errors[0]["error"].startswith("byte ")
    assert sum(1 for f in files if f.get("warc") == str(archive) and "results" in f) == 3
    assert f"a11ycheck: {broken}: byte " in done.stderr


def test_a_record_shorter_than_its_content_length_is_an_error(archive: Path, tmp_path: Path) -> None:
    from test_warc import html_response, raw_record

    http = html_response(PAGE.format("Cut", "").encode())
    short = tmp_path / "short.warc.gz"
    short.write_bytes(archive.read_bytes() + raw_record("https://news.example/cut", http, length=len(http) + 1000))
    done = run(str(short), "--format", "json", "--jobs", "1")
    assert done.returncode == 2
    message = (f"byte {archive.stat().st_size}: truncated record "
               f"(shorter than its Content-Length of {len(http) + 1000} bytes)")
    assert f"a11ycheck: {short}: {message}" in done.stderr.splitlines()
    files = json.loads(done.stdout)["files"]
    assert [f["path"] for f in files if "results" in f] == ["https://news.example/a", "https://news.example/b",
                                                           "https://news.example/a"]
    assert [(f["path"], f["error"]) for f in files if "error" in f] == [(str(short), message)]


def test_an_archive_compressed_as_a_whole_gives_every_page_and_a_baseline_that_holds(archive: Path,
                                                                                     tmp_path: Path) -> None:
    plain, whole = tmp_path / "news.warc", tmp_path / "whole.warc.gz"
    plain.write_bytes(gzip.decompress(archive.read_bytes()))  # what `zcat` gives
    whole.write_bytes(gzip.compress(plain.read_bytes()))  # `gzip news.warc`: one gzip member for every record
    done = run(str(whole), "--format", "json", "--jobs", "2")
    expected = run(str(plain), "--format", "json", "--jobs", "2")
    assert done.returncode == expected.returncode == 1
    files = json.loads(done.stdout)["files"]
    assert [(f["path"], f["warc"]) for f in files] == [
        ("https://news.example/a", str(whole)), ("https://news.example/b", str(whole)),
        ("https://news.example/a", str(whole))]
    assert files == [{**f, "warc": str(whole)} for f in json.loads(expected.stdout)["files"]]  # the same offsets
    assert done.stderr.strip() == f"a11ycheck: {whole}: 1 records skipped (image/png 1)"
    baseline = tmp_path / "baseline.json"
    assert run(str(whole), "--write-baseline", str(baseline)).returncode == 1
    again = run(str(whole), "--baseline", str(baseline), "--format", "json")
    assert again.returncode == 0 and not any(f["results"] for f in json.loads(again.stdout)["files"])
    assert re.search(r"\d+ known findings? hidden, 0 entries no longer occur", again.stderr)


def test_each_archived_page_gets_the_per_file_ignores_of_its_urls_path(tmp_path: Path, capsys) -> None:
    from a11ycheck.cli import main

    path = tmp_path / "news.warc.gz"
    noalt = PAGE.format("A", "<img src=a.jpg>").encode()
    write_archive(path, [("https://news.example/archive/2019/a.html", "text/html", noalt),
                         ("https://news.example/live/b.html", "text/html", noalt)])
    config = tmp_path / "a11y.toml"
    config.write_text('[per-file-ignores]\n"archive/**" = ["image-alt"]\n')
    assert main([str(path), "--config", str(config), "--jobs", "1", "--format", "json"]) == 1
    files = json.loads(capsys.readouterr().out)["files"]
    assert [(f["path"], "image-alt" in {r["rule"] for r in f["results"]}) for f in files] == [
        ("https://news.example/archive/2019/a.html", False), ("https://news.example/live/b.html", True)]
