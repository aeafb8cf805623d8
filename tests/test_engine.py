"""The one entry point, ``check(source, *, path=None, options=None) -> Report``, and the result model."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from a11ycheck import Options, Report, check, check_file
from a11ycheck import checks as checks_module
from a11ycheck.engine import is_fragment, select_rules
from a11ycheck.results import worst
from a11ycheck.ruleset import load_rules
from a11ycheck.source import Source

UNTITLED = '<!doctype html>\n<html lang="en"><head></head><body><p>Text</p></body></html>'
TITLE_ONLY = Options(select=("document-title",))


@pytest.mark.parametrize(
    "source",
    [UNTITLED, UNTITLED.encode("utf-8"), Source.from_text(UNTITLED), BeautifulSoup(UNTITLED, "html.parser")],
    ids=["str", "bytes", "Source", "BeautifulSoup"],
)
def test_check_accepts_every_kind_of_source(source) -> None:
    report = check(source, options=TITLE_ONLY)
    assert report.path == "<input>"
    assert report.error is None
    expected = [("document-title", "failed", '<html lang="en">')]
    assert [(r.rule, r.outcome, r.snippet) for r in report.results] == expected


def test_positions_refer_to_the_source() -> None:
    (result,) = check(UNTITLED.encode(), options=TITLE_ONLY).results
    assert (result.line, result.column) == (2, 1)


def test_check_path_and_check_file(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(UNTITLED, encoding="utf-8")
    assert check(path, options=TITLE_ONLY).path == str(path)
    assert check_file(str(path), TITLE_ONLY).failed[0].rule == "document-title"
    assert check(path, path="shown.html", options=TITLE_ONLY).path == "shown.html"


def test_check_refuses_other_objects() -> None:
    with pytest.raises(TypeError):
        check(42)  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "error"), [("missing.html", "no such file"), (".", "is a directory")])
def test_unreadable_paths_are_errors_not_exceptions(tmp_path: Path, name: str, error: str) -> None:
    report = check_file(str(tmp_path / name))
    assert (report.error, report.results) == (error, [])
    assert report.to_dict() == {"path": str(tmp_path / name), "error": error}


def test_default_selection_is_every_stable_rule() -> None:
    stable = [rule.id for rule in load_rules().values() if rule.status == "stable"]
    assert [rule.id for rule in select_rules(Options())] == stable
    assert "document-title" not in [rule.id for rule in select_rules(Options(ignore=("document-title",)))]


def test_summary_and_include_passed() -> None:
    page = '<!doctype html><html lang="en"><head><title>Votes</title></head><body></body></html>'
    default = check(page, options=TITLE_ONLY)
    assert default.results == []
    assert default.summary == {"failed": 0, "cantTell": 0, "passed": 1, "inapplicable": 0}
    full = check(page, options=Options(select=("document-title",), include_passed=True))
    assert [(r.outcome, r.snippet) for r in full.results] == [("passed", "<title>")]


def test_inapplicable_page_result_points_at_html(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(checks_module.load_checks(), "document-title", lambda doc, options: [])
    report = check("<!doctype html>\n <html><p>x</p></html>",
                   options=Options(select=("document-title",), include_passed=True))
    (result,) = report.results
    assert (result.outcome, result.line, result.column, result.selector) == ("inapplicable", 2, 2, "html")
    assert report.summary["inapplicable"] == 1


def test_finding_without_element_points_at_html(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(checks_module.load_checks(), "document-title",
                        lambda doc, options: [checks_module.failed(None, "missing")])
    (result,) = check("<!doctype html>\n\n  <html><p>x</p></html>", options=TITLE_ONLY).results
    assert (result.line, result.column, result.snippet, result.selector) == (3, 3, "<html>", "html")


def test_recursion_error_in_a_check_is_cant_tell(monkeypatch: pytest.MonkeyPatch) -> None:
    def deep(doc, options):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setitem(checks_module.load_checks(), "document-title", deep)
    report = check(UNTITLED, options=TITLE_ONLY)
    (result,) = report.results
    assert result.outcome == "cantTell"
    assert result.message == "a11ycheck could not finish this rule: the page nests too deeply"
    assert (result.line, result.column) == (2, 1)


def test_rule_without_check_is_a_programming_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(checks_module.load_checks(), "document-title")
    with pytest.raises(LookupError, match="document-title"):
        check(UNTITLED, options=TITLE_ONLY)


def test_results_are_sorted_by_position() -> None:
    report = check(Path(__file__).parent.parent / "fixtures" / "article.html")
    keys = [(r.line, r.column, r.rule) for r in report.results]
    assert keys == sorted(keys)


def test_report_serialises_to_plain_json_and_back() -> None:
    report = check(Path(__file__).parent.parent / "fixtures" / "article.html", path="article.html")
    data = json.loads(json.dumps(report.to_dict()))
    again = Report.from_dict(data)
    assert again.to_dict() == report.to_dict()
    assert pickle.loads(pickle.dumps(report)).to_dict() == report.to_dict()  # for worker processes


def test_same_input_same_results() -> None:
    data = (Path(__file__).parent.parent / "fixtures" / "article.html").read_bytes()
    assert check(data).to_dict() == check(data).to_dict()


def test_fragments_skip_page_rules() -> None:
    assert is_fragment("<p>part of a page</p>")
    assert not is_fragment("<!DOCTYPE html><p>x</p>")
    assert not is_fragment("<body><p>x</p>")
    assert check("<p>no title here</p>", options=TITLE_ONLY).results == []
    forced = check("<p>no title here</p>", options=Options(select=("document-title",), fragment=False))
    assert [r.rule for r in forced.results] == ["document-title"]


def test_encoding_is_recorded() -> None:
    assert check("é<html>".encode("cp1252")).encoding == "cp1252"
    assert check("é<html>".encode()).encoding == "utf-8"


def test_worst() -> None:
    assert worst(["passed", "cantTell", "inapplicable"]) == "cantTell"
    assert worst(["passed", "failed"]) == "failed"
    assert worst([]) == "inapplicable"
