"""benchmarks/axe_agreement.py: per axe-core rule, its violations and how many a11ycheck fails on the same element."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "axe_agreement.py"


def _result(rule: str, line: int, *, engine: str = "axe", axe: list[str] | None = None,
            wcag: list[str] | None = None) -> dict[str, Any]:
    return {"rule": rule, "outcome": "failed", "line": line, "column": 1, "selector": f"li:nth-child({line})",
            "snippet": f"<li id={line}>", "message": f"{rule} at {line}", "engine": engine, "axe": axe or [],
            "wcag": ["1.3.1"] if wcag is None else wcag}


REPORT = {"files": [{"path": "a.html", "results": [
    _result("listitem", 1, engine="static+axe", axe=["listitem"]),        # folded by the merge
    _result("aria-required-owned", 2, engine="static+axe", axe=["list", "aria-required-children"]),  # axe's list
    _result("axe/listitem", 3),                                          # no failure of ours there
    _result("listitem", 4, engine="static", axe=["listitem"]),           # axe's on the same element, not folded
    _result("axe/listitem", 4),
    _result("axe/color-contrast", 5, wcag=["1.4.3"]),                    # needs rendering
    _result("axe/region", 6, wcag=[]),                                   # a best practice
]}]}


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    report = tmp_path / "both.json"
    report.write_text(json.dumps(REPORT), encoding="utf-8")
    return subprocess.run([sys.executable, str(SCRIPT), str(report), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_counts_each_axe_violation_failed_here_on_the_same_element_by_group(tmp_path: Path) -> None:
    done = _run(tmp_path)
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()[2:]
    assert rows == [
        "| listitem | 1.3.1 | 3 | 2 | 1 | 66.7% |",
        "| list | 1.3.1 | 1 | 1 | 0 | 100.0% |",
        "| **WCAG, static** | | 4 | 3 | 1 | 75.0% |",
        "| color-contrast | 1.4.3 | 1 | 0 | 1 | 0.0% |",
        "| **WCAG, needs rendering** | | 1 | 0 | 1 | 0.0% |",
        "| region | - | 1 | 0 | 1 | 0.0% |",
        "| **best practices** | | 1 | 0 | 1 | 0.0% |",
    ]


def test_lists_the_violations_not_failed_here_but_those_that_need_rendering(tmp_path: Path) -> None:
    done = _run(tmp_path, "--list")
    listed = [line for line in done.stdout.splitlines() if line.startswith("- ")]
    assert listed == ["- listitem: a.html 3:1 `li:nth-child(3)`: <li id=3>",
                      "- region: a.html 6:1 `li:nth-child(6)`: <li id=6>"]


def test_an_axe_rule_without_violations_is_refused(tmp_path: Path) -> None:
    done = _run(tmp_path, "no-such-rule")
    assert done.returncode == 2
    assert done.stderr.strip() == f"axe_agreement: no violation of axe rule no-such-rule in {tmp_path / 'both.json'}"
