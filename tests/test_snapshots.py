"""Every reporter's output for one small fixed set of reports, against the expected output checked in under
tests/data/snapshots/ (the tool's version written as VERSION).

After a deliberate change of a format, write the new outputs and review their diff:

    A11YCHECK_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from report_samples import SAMPLE_RULES, sample_reports

from a11ycheck import __version__
from a11ycheck.reporters import REPORTERS, Context, github

SNAPSHOTS = Path(__file__).parent / "data" / "snapshots"
UPDATE = os.environ.get("A11YCHECK_UPDATE_SNAPSHOTS") == "1"
EXTENSIONS = {"text": "txt", "json": "json", "jsonl": "jsonl", "sarif": "sarif", "junit": "xml", "github": "txt",
              "html": "html", "earl": "jsonld"}
NOW = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)


def _context(review: bool) -> Context:
    return Context(show_source=True, statistics=True, review=review, rules=SAMPLE_RULES, now=NOW)


def _compare(name: str, out: str) -> None:
    path = SNAPSHOTS / name
    out = out.replace(__version__, "VERSION")
    if UPDATE:
        path.write_text(out, encoding="utf-8")
    assert path.exists(), f"no snapshot {name}: run with A11YCHECK_UPDATE_SNAPSHOTS=1 to write it"
    assert out == path.read_text(encoding="utf-8"), f"{name} changed (A11YCHECK_UPDATE_SNAPSHOTS=1 rewrites it)"


@pytest.mark.parametrize("review", [False, True], ids=["default", "review"])
@pytest.mark.parametrize("name", list(REPORTERS))
def test_reporter_output_matches_its_snapshot(name: str, review: bool) -> None:
    out = "".join(REPORTERS[name](sample_reports(), _context(review)))
    _compare(f"{name}{'-review' * review}.{EXTENSIONS[name]}", out)


def test_github_job_summary_matches_its_snapshot() -> None:
    _compare("github-summary.md", github.summary(sample_reports(), _context(False)))


def test_every_snapshot_is_tested() -> None:
    expected = {f"{name}{suffix}.{EXTENSIONS[name]}" for name in REPORTERS for suffix in ("", "-review")}
    assert {p.name for p in SNAPSHOTS.iterdir()} == expected | {"github-summary.md"}
