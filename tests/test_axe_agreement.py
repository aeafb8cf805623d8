"""benchmarks/axe_agreement.py: our failures against axe-core's on the same element, per rule."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "axe_agreement.py"


def _result(rule: str, line: int, *, outcome: str = "failed") -> dict[str, Any]:
    return {"rule": rule, "outcome": outcome, "line": line, "column": 1, "selector": f"li:nth-child({line})",
            "snippet": "<li>", "message": f"{rule} at {line}"}


def _file(path: str, results: list[dict[str, Any]], axe: bool = True) -> dict[str, Any]:
    engines = {"a11ycheck": "0.1.0", **({"axe-core": "4.10.2"} if axe else {})}
    return {"path": path, "engines": engines, "results": results}


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    ours = {"files": [
        _file("a.html", [_result("listitem", 1), _result("listitem", 2), _result("listitem", 3, outcome="cantTell")]),
        _file("b.html", [_result("listitem", 9)]),
    ]}
    axe = {"files": [
        _file("a.html", [_result("axe/listitem", 1), _result("axe/listitem", 4), _result("axe/list", 1)]),
        _file("b.html", [], axe=False),  # axe did not check this page: ours there do not count
    ]}
    for name, report in (("ours.json", ours), ("axe.json", axe)):
        (tmp_path / name).write_text(json.dumps(report), encoding="utf-8")
    return subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "ours.json"), str(tmp_path / "axe.json"), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_counts_failures_on_the_same_element_per_rule_and_lists_the_differences(tmp_path: Path) -> None:
    done = _run(tmp_path, "listitem", "--list")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[2] == "| listitem | listitem | 2 | 2 | 1 | 1 | 1 | 50.0% |"
    assert lines[4:] == [
        "- listitem, axe's alone: a.html 4:1 `li:nth-child(4)`: <li>",
        "- listitem, ours alone: a.html 2:1 `li:nth-child(2)`: listitem at 2",
    ]


def test_an_unknown_rule_is_refused(tmp_path: Path) -> None:
    done = _run(tmp_path, "no-such-rule")
    assert done.returncode == 2
    assert done.stderr.strip() == "axe_agreement: unknown rule no-such-rule"
