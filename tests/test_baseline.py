"""Baselines: fingerprints survive unrelated edits; new findings still fail; files are atomic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from a11ycheck import check
from a11ycheck.baseline import Baseline, BaselineError

BEFORE = '<html><body>\n<svg role="img" class="a" id="logo"></svg>\n</body></html>'
MOVED = '<html><body>\n\n\n<p>new paragraph</p>\n<svg id="logo" role="img" class="a"></svg>\n</body></html>'


def reports(text: str):
    return [check(text, path="page.html")]


def test_round_trip_and_sorted_json(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    base = Baseline.from_reports(reports(BEFORE))
    assert base.entries, "the page must have findings for this test to mean anything"
    base.write(str(path))
    data = json.loads(path.read_text())
    assert data["a11ycheck-baseline"] == 1
    keys = [(e["path"], e["rule"], e["snippet"], e["fingerprint"]) for e in data["findings"]]
    assert keys == sorted(keys)
    assert Baseline.load(str(path)).entries == base.entries


def test_moved_lines_and_reordered_attributes_keep_their_fingerprint() -> None:
    base = Baseline.from_reports(reports(BEFORE))
    later = reports(MOVED)
    before = sum(len(r.results) for r in later)
    dropped, stale = base.apply(later)
    assert dropped == before
    assert stale == []
    assert later[0].results == []


def test_new_findings_remain_and_fixed_ones_are_stale() -> None:
    base = Baseline.from_reports(reports(BEFORE))
    fixed = reports("<html><head><title>t</title></head><body><img src=new.jpg></body></html>")
    _, stale = base.apply(fixed)
    assert stale, "findings of the old page no longer occur"
    assert all(r.outcome in ("failed", "cantTell") for r in fixed[0].results)


def test_a_duplicate_finding_beyond_the_recorded_count_is_new() -> None:
    base = Baseline.from_reports(reports(BEFORE))
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
    base = Baseline.from_reports(reports(BEFORE))

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError):
        base.write(str(path))
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.json"]
