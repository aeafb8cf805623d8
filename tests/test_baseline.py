"""Baselines: fingerprints survive unrelated edits; new findings still fail; files are atomic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES

from a11ycheck import check
from a11ycheck.baseline import Baseline, BaselineError, fingerprint

BEFORE = '<html><body>\n<svg role="img" class="a" id="logo"></svg>\n</body></html>'
# (the new paragraph in a live region: outside one, it would be a new finding of the region rule)
MOVED = ('<html><body>\n\n\n<div role="status"><p>new paragraph</p></div>\n<svg id="logo" role="img" class="a"></svg>\n'
         '</body></html>')


def reports(text: str):
    return [check(text, path="page.html")]


def test_round_trip_and_sorted_json(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    base = Baseline.from_reports(reports(BEFORE), "baseline.json")
    assert base.entries, "the page must have findings for this test to mean anything"
    base.write(str(path))
    data = json.loads(path.read_text())
    assert data["a11ycheck-baseline"] == 2
    keys = [(e["path"], e["rule"], e["snippet"], e["fingerprint"]) for e in data["findings"]]
    assert keys == sorted(keys)
    assert Baseline.load(str(path)).entries == base.entries


def test_moved_lines_and_reordered_attributes_keep_their_fingerprint() -> None:
    base = Baseline.from_reports(reports(BEFORE), "baseline.json")
    later = reports(MOVED)
    before = sum(len(r.results) for r in later)
    dropped, stale = base.apply(later)
    assert dropped == before
    assert stale == []
    assert later[0].results == []


def test_new_findings_remain_and_fixed_ones_are_stale() -> None:
    base = Baseline.from_reports(reports(BEFORE), "baseline.json")
    fixed = reports("<html><head><title>t</title></head><body><img src=new.jpg></body></html>")
    _, stale = base.apply(fixed)
    assert stale, "findings of the old page no longer occur"
    assert all(r.outcome in ("failed", "cantTell") for r in fixed[0].results)


def test_a_duplicate_finding_beyond_the_recorded_count_is_new() -> None:
    base = Baseline.from_reports(reports(BEFORE), "baseline.json")
    doubled = reports(BEFORE.replace("</svg>", '</svg><svg role="img" class="a" id="logo"></svg>'))
    count = len(doubled[0].results)
    dropped, _ = base.apply(doubled)
    assert len(doubled[0].results) == count - dropped > 0


@pytest.mark.parametrize("text", ["not json", '{"findings": []}', '{"a11ycheck-baseline": 1}'])
def test_bad_baseline_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "b.json"
    path.write_text(text)
    with pytest.raises(BaselineError, match=str(path)):
        Baseline.load(str(path))


def test_write_is_atomic_and_keeps_the_old_file_on_failure(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "baseline.json"
    path.write_text("old")
    base = Baseline.from_reports(reports(BEFORE), "baseline.json")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError):
        base.write(str(path))
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.json"]


@pytest.fixture
def site(tmp_path: Path, cli_run, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site folder holding the defective article and a baseline of it written from inside the folder."""
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "page.html").write_bytes((FIXTURES / "article.html").read_bytes())
    monkeypatch.chdir(folder)
    written = cli_run(".", "--write-baseline", "b.json", "--jobs", "1")
    assert written.code == 1 and "page.html" in written.out
    return folder


@pytest.mark.parametrize(("where", "args"), [
    ("site", ["."]),
    ("site", ["page.html"]),
    ("site", ["{site}"]),  # $PWD
    ("site", ["{site}/page.html"]),
    ("parent", ["site"]),
    ("parent", ["./site/"]),
    ("parent", ["site/page.html"]),  # pre-commit's file list
])
def test_a_page_is_known_however_it_is_given(site: Path, cli_run, monkeypatch, where: str, args: list[str]) -> None:
    monkeypatch.chdir(site if where == "site" else site.parent)
    baseline = "b.json" if where == "site" else "site/b.json"
    run = cli_run(*(a.format(site=site) for a in args), "--baseline", baseline, "--jobs", "1")
    assert run.code == 0, run.out
    assert "known findings hidden, 0 entries no longer occur" in run.err


def test_paths_in_the_file_are_relative_to_its_folder(tmp_path: Path, cli_run, monkeypatch) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_text(BEFORE, encoding="utf-8")
    (tmp_path / "ci").mkdir()
    monkeypatch.chdir(tmp_path)
    cli_run("pages", "--write-baseline", "ci/b.json", "--jobs", "1")
    data = json.loads((tmp_path / "ci" / "b.json").read_text())
    assert {e["path"] for e in data["findings"]} == {"../pages/a.html"}
    monkeypatch.chdir("/")
    again = cli_run(tmp_path / "pages" / "a.html", "--baseline", tmp_path / "ci" / "b.json", "--jobs", "1")
    assert again.code == 0 and "0 entries no longer occur" in again.err


def test_a_format_1_baseline_is_still_read(site: Path, cli_run) -> None:
    """Format 1 keyed paths as typed; its entries are re-keyed from the current folder."""
    data = json.loads((site / "b.json").read_text())
    for entry in data["findings"]:
        entry["path"] = "./page.html"  # as `a11ycheck .` printed it
        entry["fingerprint"] = fingerprint(entry["path"], entry["rule"], entry["outcome"], entry["snippet"])
    data["a11ycheck-baseline"] = 1
    (site / "old.json").write_text(json.dumps(data), encoding="utf-8")
    for given in (".", "page.html", str(site)):
        run = cli_run(given, "--baseline", "old.json", "--jobs", "1")
        assert run.code == 0 and "0 entries no longer occur" in run.err, (given, run.err)


def test_a_baseline_of_an_unknown_format_is_named(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text('{"a11ycheck-baseline": 3, "findings": []}')
    with pytest.raises(BaselineError, match=r"b.json: cannot read baseline \(not an a11ycheck baseline \(format 1"):
        Baseline.load(str(path))
