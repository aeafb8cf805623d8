"""Memory on large pages: the same output from the pieces that keep a large report from being one
string, and the stages that must not copy the page (see ``benchmarks/bench.py --big``)."""

from __future__ import annotations

import io
import json
import weakref
from pathlib import Path

import pytest
from conftest import FIXTURES

from a11ycheck import Options, __version__, check
from a11ycheck import checks as checks_module
from a11ycheck.fileio import write_file, write_text
from a11ycheck.reporters import Context
from a11ycheck.reporters import json as json_reporter
from a11ycheck.reporters.json import group_data
from a11ycheck.results import Report, Result
from a11ycheck.shown import quote_path
from a11ycheck.sitegroups import SiteView
from a11ycheck.source import InputError, Source


def _one_string(reports: list[Report]) -> str:
    """The JSON report as it was written before it came in pieces: one ``json.dumps`` of everything."""
    files = [{**report.to_dict(), "path": quote_path(report.path)} for report in reports]  # names as shown
    data = {"version": __version__, "files": files, "groups": [group_data(g) for g in SiteView.of(reports).groups]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


ODD = Result("image-alt", "failed", "critical", 'line\nbreak, "quotes", \\ and é 🤹', line=3, column=7,
             snippet='<img\n  alt="x">', selector="body > img", wcag=["1.1.1"], act=["23a2a8"], reason="why\nnot")


@pytest.mark.parametrize("reports", [
    [],
    [Report(path="a.html")],
    [Report(path="gone.html", error="no such file")],
    [Report(path="odd\npath.html", results=[ODD], suppressed=[ODD], engines={"axe": "4.10"}),
     Report(path="b.html", warc="crawl.warc.gz", offset=12, error="not an HTML file (binary content)")],
])
def test_json_pieces_join_to_the_one_string(reports: list[Report]) -> None:
    assert "".join(json_reporter.render(reports, Context())) == _one_string(reports)
    assert "".join(json_reporter.chunks(reports)) == _one_string(reports)


def test_json_of_a_checked_fixture_is_unchanged() -> None:
    reports = [check(Path(FIXTURES / "article.html"), path="article.html"), check(b"", path="empty.html")]
    assert "".join(json_reporter.render(reports, Context())) == _one_string(reports)


def test_json_pieces_come_one_report_at_a_time() -> None:
    made: list[str] = []

    def reports():
        for name in ("a.html", "b.html"):
            made.append(name)
            yield Report(path=name, results=[ODD])

    pieces = json_reporter.chunks(reports())
    for piece in pieces:
        if '"a.html"' in piece:
            break
    assert made == ["a.html"]  # the first report is written before the second is asked for
    assert '"b.html"' in "".join(pieces)
    assert made == ["a.html", "b.html"]


def test_write_text_takes_a_string_or_its_pieces() -> None:
    pieces = [f"{i}\n" for i in range(10_000)]  # more than one batch
    whole, parts = io.StringIO(), io.StringIO()
    write_text(whole, "".join(pieces))
    write_text(parts, iter(pieces))
    assert parts.getvalue() == whole.getvalue() == "".join(pieces)


def test_atomic_write_of_pieces(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    write_file(target, (f"{i}é\n" for i in range(5000)))
    assert target.read_text(encoding="utf-8") == "".join(f"{i}é\n" for i in range(5000))
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_atomic_write_keeps_the_old_file_when_the_pieces_fail(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")

    def pieces():
        yield "new"
        raise RuntimeError("broken reporter")

    with pytest.raises(RuntimeError):
        write_file(target, pieces())
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_cli_json_to_stdout_and_to_a_file_are_the_one_string(cli_run, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes((FIXTURES / "article.html").read_bytes())
    out = tmp_path / "report.json"
    to_stdout = cli_run(page, "--format", "json", "--jobs", "1")
    to_file = cli_run(page, "--format", "json", "--jobs", "1", "--output", out)
    expected = _one_string([check(Path(page), path=str(page))])
    assert to_stdout.out == expected
    assert to_file.out == ""
    assert out.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n  ", "\u3000\xa0\u2028".encode(), b"\xef\xbb\xbf \n"])
def test_a_page_of_whitespace_is_empty(data: bytes) -> None:
    with pytest.raises(InputError, match="empty file"):
        Source.from_bytes(data)


@pytest.mark.parametrize("data", [b"x", b" \n<p>", "\u3000x".encode()])
def test_a_page_with_anything_else_is_not(data: bytes) -> None:
    assert Source.from_bytes(data).text == data.decode("utf-8")


# -- findings are taken as a check yields them -------------------------------------------------------

PAGE = """<!doctype html>
<html lang="en"><head></head><body>
<!-- a11ycheck-disable-next-line document-title -- reviewed -->
<p id="a">one</p>
<p id="b">two</p>
</body></html>"""
TITLE_AND_UNUSED = Options(select=("document-title", "unused-suppression"), include_passed=True)


class _Name(str):
    """A string that can be watched with a weak reference."""


def test_a_findings_data_is_let_go_once_its_result_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    alive: list[bool] = []

    def named(doc, options):
        previous = None
        for element in doc.root.iter("p"):
            if previous is not None:
                alive.append(previous() is not None)
            name = _Name(element.text * 1000)
            previous = weakref.ref(name)
            yield checks_module.passed(element, title=name)
            del name

    monkeypatch.setitem(checks_module.load_checks(), "document-title", named)
    report = check(PAGE, options=Options(select=("document-title",)))
    assert alive == [False]  # the first name was gone before the second finding was made
    assert report.summary["passed"] == 2


def test_a_check_out_of_stack_part_way_counts_for_nothing_but_the_internal_finding(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def deep(doc, options):
        for element in doc.root.iter("p"):
            yield checks_module.failed(element, "missing")  # the first is suppressed by the comment
        yield checks_module.passed(doc.root, title="x")
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setitem(checks_module.load_checks(), "document-title", deep)
    report = check(PAGE, options=TITLE_AND_UNUSED)
    assert report.suppressed == []
    assert [(r.rule, r.outcome, r.message) for r in report.results] == [
        ("document-title", "cantTell", "a11ycheck could not finish this rule: the page nests too deeply"),
        ("unused-suppression", "failed", report.results[1].message),
    ]
    assert "suppresses nothing" in report.results[1].message
    assert report.summary == {"failed": 1, "cantTell": 1, "passed": 0, "inapplicable": 0}


def test_a_check_that_finishes_uses_its_suppressions(monkeypatch: pytest.MonkeyPatch) -> None:
    def fine(doc, options):
        for element in doc.root.iter("p"):
            yield checks_module.failed(element, "missing")

    monkeypatch.setitem(checks_module.load_checks(), "document-title", fine)
    report = check(PAGE, options=TITLE_AND_UNUSED)
    assert [(r.rule, r.line, r.reason) for r in report.suppressed] == [("document-title", 4, "reviewed")]
    assert [(r.rule, r.outcome, r.line) for r in report.results] == [
        ("unused-suppression", "passed", 3), ("document-title", "failed", 5)]


def test_the_parse_lets_each_copy_of_the_page_go_before_the_next_tree_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """While lexbor builds its tree, the page is held once more (the marked text as UTF-8, not also as a string);
    while libxml2 builds its own, twice (that and the serialization made readable, as UTF-8; not also lexbor's
    serialization and their strings): on a large page, these copies and the two trees are the peak of a check's
    memory. (Python's own allocations, as a ratio to the bytes each parser is given.)"""
    import tracemalloc

    from lxml import etree

    from a11ycheck import parsing

    text = "<!doctype html><html><head><title>t</title></head><body>" + (
        "<div class='a'><p>Some text <a href='/x'>link</a></p></div>\n" * 20000) + "</body></html>"
    parsing.build(text)  # (the marks made once per process)
    held: dict[str, float] = {}
    lexbor, fromstring = parsing.LexborHTMLParser, etree.fromstring

    def note(name: str, call):
        def noted(*args, **kwargs):
            if len(args[0]) > len(text) // 2:
                held[name] = (tracemalloc.get_traced_memory()[0] - base) / len(args[0])
            return call(*args, **kwargs)
        return noted

    monkeypatch.setattr(parsing, "LexborHTMLParser", note("lexbor", lexbor))
    monkeypatch.setattr(etree, "fromstring", note("libxml2", fromstring))
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        parsing.build(text)
    finally:
        tracemalloc.stop()
    assert held["lexbor"] < 1.5 and held["libxml2"] < 2.2, held  # (before: 2.2x and 3.0x)
