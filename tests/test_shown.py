"""File names that are not UTF-8 or hold control characters, and pages full of control characters, through
the command line in every format: output is valid UTF-8, parses, shows no control character where a terminal
or an XML parser would act on it, and gives every name's bytes back."""

from __future__ import annotations

import codecs
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote_to_bytes
from xml.etree import ElementTree as ET

import jsonschema
import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from a11ycheck.shown import quote_path, visible

HERE = Path(__file__).resolve().parent
SARIF_SCHEMA = json.loads((HERE / "data" / "sarif-schema-2.1.0.json").read_text())
JSON_SCHEMA = json.loads((HERE.parent / "docs" / "report-schema.json").read_text())
# link text and an image source with C0 controls (ESC sequences that clear the screen, set the title), a C1 CSI,
# and U+FFFF: none is a character XML 1.0 allows, and a terminal acts on the escapes
HOSTILE = "\x01go\x08 \x1b[2J\x1b]0;pwned\x07 \u009b31m \uffff".encode()
PAGE = (b'<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        b'<a href="/x">' + HOSTILE + b'</a><img src="\x01a\x08.png"></main></body></html>')
NAMES = (b"bad\xff\xfe.html", b"esc\x1b]0;pwned\x07.html")
EMPTY = b"empty\x1b[2J.html"  # an unreadable page: its name is in the error lines
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")  # what a terminal or XML must not get


def unquote(shown: str) -> bytes:
    """The name's bytes back from :func:`quote_path`'s form (C unquoting between the quotes)."""
    return codecs.escape_decode(shown[1:-1].encode())[0] if shown.startswith('"') else shown.encode()


@pytest.mark.parametrize("name", ["page.html", "dir/été – “x”.html", "a b/c'd.html", "C:\\site\\a.html",
                                  'say "hi".html', "https://example.org/a?b=c#d", "-", ""])
def test_ordinary_names_are_shown_as_they_are(name: str) -> None:
    assert quote_path(name) == name


@given(st.binary(max_size=40))
def test_every_name_is_shown_printable_and_gives_its_bytes_back(name: bytes) -> None:
    shown = quote_path(os.fsdecode(name))
    shown.encode("utf-8")  # valid: no lone surrogate
    assert not CONTROL_RE.search(shown)
    assert unquote(shown) == name


@given(st.text(max_size=40))
def test_any_text_is_shown_printable(text: str) -> None:
    shown = visible(text)
    shown.encode("utf-8")
    assert not CONTROL_RE.search(shown) and "\n" not in shown and "\t" not in shown
    assert unquote(quote_path(text)) == text.encode("utf-8")


def test_quoting_is_git_style() -> None:
    assert quote_path("bad\udcff\udcfe.html") == '"bad\\377\\376.html"'
    assert quote_path("e\x1b]0;x\x07\t.html") == '"e\\033]0;x\\a\\t.html"'
    assert quote_path('"q\\.html') == '"\\"q\\\\.html"'  # a leading quote: quoted, so never ambiguous
    assert quote_path("csi\u009b.html") == '"csi\\302\\233.html"'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("names")
    for name in NAMES:
        (Path(os.fsdecode(bytes(folder))) / os.fsdecode(name)).write_bytes(PAGE)
    (folder / os.fsdecode(EMPTY)).write_bytes(b"")
    return folder


def _names(site: Path, *names: bytes) -> set[bytes]:
    return {os.fsencode(site) + b"/" + name for name in names}


def _text(out: str) -> set[bytes]:
    shown = {re.match(r'("(?:[^"\\]|\\.)*"|[^:]*):', line).group(1) for line in map(str.lstrip, out.splitlines())
             if line.startswith(("/", '"'))}  # (a site view's example pages are indented)
    return {unquote(name) for name in shown}


def _github(out: str) -> set[bytes]:
    lines = [line for line in out.splitlines() if "file=" in line]  # (not the notice counting items to review)
    props = {re.search(r"file=([^,]*)", line).group(1) for line in lines}
    return {unquote(p.replace("%2C", ",").replace("%3A", ":").replace("%0D", "\r").replace("%0A", "\n")
                    .replace("%25", "%")) for p in props}


def _json(out: str) -> set[bytes]:
    data = json.loads(out)
    jsonschema.validate(data, JSON_SCHEMA)
    return {unquote(f["path"]) for f in data["files"]}


def _jsonl(out: str) -> set[bytes]:
    return {unquote(json.loads(line)["path"]) for line in out.splitlines()}


def _sarif(out: str) -> set[bytes]:
    log = json.loads(out)
    jsonschema.validate(log, SARIF_SCHEMA)
    run = log["runs"][0]
    located = [*run["results"], *(n for n in run["invocations"][0]["toolExecutionNotifications"] if "locations" in n)]
    return {unquote_to_bytes(x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for x in located}


def _junit(out: str) -> set[bytes]:
    root = ET.fromstring(out.encode())
    return {unquote(case.get("name")) for case in root.iter("testcase")}


def _html(out: str) -> set[bytes]:
    page = lxml.html.fromstring(out.encode())
    return {unquote(h3.text_content()) for h3 in page.iter("h3")}


def _earl(out: str) -> set[bytes]:
    return {unquote(n["source"]) for n in json.loads(out)["@graph"] if "source" in n}


READERS = {"text": _text, "github": _github, "json": _json, "jsonl": _jsonl, "sarif": _sarif, "junit": _junit,
           "html": _html, "earl": _earl}
TERMINAL = ("text", "github", "junit", "html")  # formats read by people or XML parsers: no raw control character


def _run(*args: str | bytes | Path, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "a11ycheck", *args, "--isolated", "--jobs", "1"],
                          capture_output=True, timeout=60, check=False, cwd=cwd)


def _check_output(fmt: str, run: subprocess.CompletedProcess[bytes], output: bytes, site: Path) -> None:
    assert run.returncode == 2, run.stderr  # findings, and a file that could not be read
    text = output.decode("utf-8")  # strict: raises on a byte that is not UTF-8
    assert READERS[fmt](text) == _names(site, *NAMES, EMPTY)
    if fmt in TERMINAL:
        assert not CONTROL_RE.search(text)
    errors = run.stderr.decode("utf-8")
    assert errors.splitlines() == [f"a11ycheck: {quote_path(os.fsdecode(name))}: empty file"
                                   for name in _names(site, EMPTY)]
    assert not CONTROL_RE.search(errors)


@pytest.mark.parametrize("fmt", READERS)
def test_every_format_to_stdout_is_valid_and_lossless(site: Path, tmp_path: Path, fmt: str) -> None:
    run = _run(site, "--format", fmt, "--show-source", cwd=tmp_path)
    _check_output(fmt, run, run.stdout, site)


@pytest.mark.parametrize("fmt", READERS)
def test_every_format_to_a_file_is_valid_and_lossless(site: Path, tmp_path: Path, fmt: str) -> None:
    out_file = tmp_path / f"report.{fmt}"
    run = _run(site, "--format", fmt, "--show-source", "-o", out_file, cwd=tmp_path)
    assert out_file.exists(), run.stderr
    _check_output(fmt, run, out_file.read_bytes(), site)


def test_a_baseline_of_names_that_are_not_utf8_is_written_and_applies(site: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    pages = [os.fsencode(site) + b"/" + name for name in NAMES]
    _run(*pages, "--write-baseline", baseline, cwd=tmp_path)
    written = {unquote(e["path"]) for e in json.loads(baseline.read_bytes().decode("utf-8"))["findings"]}
    assert written == {os.path.relpath(page, os.fsencode(tmp_path)) for page in pages}  # from the baseline's folder
    run = _run(*pages, "--baseline", baseline, cwd=tmp_path)
    assert run.returncode == 0, run.stderr  # the image-alt failures are known
    assert "known findings hidden, 0 entries no longer occur" in run.stderr.decode("utf-8")
