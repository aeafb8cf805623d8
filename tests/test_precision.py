"""benchmarks/precision.py: which of our failures axe confirms, what it reports alone, and a repeatable sample."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "precision.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("precision", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["precision"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


precision = _load()


def _result(rule: str, line: int, column: int, *, engine: str = "static", selector: str = "a",
            outcome: str = "failed", snippet: str = "", wcag: list[str] | None = None) -> dict[str, Any]:
    return {"rule": rule, "outcome": outcome, "line": line, "column": column, "selector": selector, "engine": engine,
            "message": f"{rule} message", "snippet": snippet or f"<a  href='#{rule}-{line}'>", "wcag": wcag or []}


REPORT = {"version": "0", "files": [
    {"path": "/corpus/a.html", "results": [
        _result("image-alt", 3, 5, engine="static+axe"),               # folded by the merge
        _result("link-name", 7, 1),                                    # axe's link-name on the same element
        _result("axe/link-name", 7, 1, engine="axe", selector="#x"),
        _result("image-link-name", 7, 1),                              # the same axe result confirms it too
        _result("photo-credit", 9, 2),                                 # no axe rule checks it
        _result("link-target", 11, 4),                                 # axe failed another rule there
        _result("axe/color-contrast", 11, 4, engine="axe", wcag=["1.4.3"]),
        _result("html-has-lang", 2, 1, selector="html"),               # page-level axe result on <html>
        _result("axe/html-has-lang", 1, 1, engine="axe", selector="html"),
        _result("axe/image-alt", 1, 1, engine="axe", selector="iframe > img"),  # not placed
        _result("duplicate-id", 1, 1, selector="#b"),                  # at 1:1 the selector must match
        _result("axe/duplicate-id-aria", 1, 1, engine="axe", selector="#c"),
        _result("link-name", 20, 1, outcome="cantTell"),               # not a failure
        _result("link-name", 30, 1, engine="static+axe"),              # axe's link-name, folded into ours,
        _result("image-link-name", 30, 1),                             # confirms this one too,
        _result("link-target", 30, 1),                                 # not this one
        _result("iframe-name", 40, 1, snippet='<iframe\n src="x">'),  # axe could not place its frame-title,
        _result("axe/frame-title", 1, 1, engine="axe", selector="iframe:nth-child(29)",  # but it has our tag
                snippet='<iframe src="x"></iframe>'),
    ]},
    {"path": "/corpus/b.html", "error": "timed out"},
]}


def test_a_failure_is_confirmed_by_the_merge_or_by_an_axe_rule_of_the_same_check_on_the_same_element() -> None:
    data = precision.tally(REPORT)
    confirmed = {(f.rule, f.line): f.confirmed_by for f in data.failures}
    assert confirmed == {("image-alt", 3): "merge", ("link-name", 7): "link-name", ("image-link-name", 7): "link-name",
                         ("photo-credit", 9): "", ("link-target", 11): "", ("html-has-lang", 2): "html-has-lang",
                         ("duplicate-id", 1): "", ("link-name", 30): "merge", ("image-link-name", 30): "link-name+axe",
                         ("link-target", 30): "", ("iframe-name", 40): "frame-title"}
    assert data.missed == {"color-contrast": 1, "image-alt": 1, "duplicate-id-aria": 1}
    assert data.missed_unplaced == {"image-alt": 1, "duplicate-id-aria": 1}
    assert precision.missed_table(data).splitlines()[2:] == [
        "| color-contrast | 1.4.3 | 1 | 0 |", "| duplicate-id-aria | - | 1 | 1 |", "| image-alt | - | 1 | 1 |",
        "| **rules with a WCAG criterion** | | 1 | 0 |", "| **best practices** | | 2 | 2 |"]
    assert (data.errors, data.pages) == ({"/corpus/b.html": "timed out"}, 2)


def test_the_axe_rules_of_the_same_check_are_the_rule_files_axe_ids() -> None:
    from a11ycheck.ruleset import load_rules

    assert precision.same_check() == {rule_id: frozenset(rule.axe) for rule_id, rule in load_rules().items()}
    assert precision.same_check()["button-name"] >= {"button-name", "link-name"}  # axe's link-name: <a role=button>
    report = {"files": [{"path": "/c/a.html", "results": [
        _result("photo-credit", 9, 2), _result("axe/image-alt", 9, 2, engine="axe")]}]}
    assert [f.confirmed_by for f in precision.tally(report).failures] == [""]
    assert [f.confirmed_by for f in precision.tally(report, {"photo-credit": frozenset({"image-alt"})}).failures] == [
        "image-alt"]


def test_the_rule_table_counts_per_rule_and_per_group() -> None:
    data = precision.tally(REPORT)
    wcag = {"image-alt": ("1.1.1",), "link-name": ("2.4.4",), "image-link-name": ("2.4.4",),
            "link-target": ("2.4.1",), "html-has-lang": ("3.1.1",), "iframe-name": ("4.1.2",)}
    table = precision.rule_table(data.failures, wcag, {"link-target": "warning"}).splitlines()
    assert "| link-target | 2.4.1 | warning | 2 | 0 | 2 | 0.0% |" in table
    assert "| photo-credit | - | ? | 1 | 0 | 1 | 0.0% |" in table
    assert "| image-link-name | 2.4.4 | ? | 2 | 2 | 0 | 100.0% |" in table
    assert table[-3:] == ["| **rules with a WCAG criterion** | | | 9 | 7 | 2 | 77.8% |",
                          "| **rules without one** | | | 2 | 0 | 2 | 0.0% |", "| **all** | | | 11 | 7 | 4 | 63.6% |"]


def test_the_rule_table_totals_the_rules_that_fail_the_run_by_default() -> None:
    data = precision.tally(REPORT)
    severity = {"image-alt": "error", "link-name": "error", "photo-credit": "warning", "link-target": "warning"}
    table = precision.rule_table(data.failures, {"image-alt": ("1.1.1",)}, severity).splitlines()
    assert "| **errors (fail the run by default)** | | | 3 | 3 | 0 | 100.0% |" in table  # image-alt 1, link-name 2
    warned = [replace(f, severity="warning") if f.rule == "image-alt" else f for f in data.failures]
    table = precision.rule_table(warned, {"image-alt": ("1.1.1",)}, severity).splitlines()
    assert "| **errors (fail the run by default)** | | | 2 | 2 | 0 | 100.0% |" in table  # a failure's own severity


def test_the_sample_is_seeded_static_only_and_in_file_order() -> None:
    failures = [precision.Failure(f"/c/{n % 7}.html", "duplicate-id", n, 1, "", "m", "s", "merge" if n % 5 == 0 else "")
                for n in range(100)]
    first = precision.sample(failures, 10, 13)
    assert first == precision.sample(list(reversed(failures)), 10, 13)  # the input's order does not matter
    assert first != precision.sample(failures, 10, 14)
    assert len(first) == 10 and all(not f.confirmed_by for f in first)
    assert first == sorted(first, key=lambda f: (f.path, f.line))
    assert len(precision.sample(failures, 1000, 13)) == 80  # at most every static-only failure
    listed = precision.sample_list(first[:1], "/c")
    assert listed.startswith(f"1. `{Path(first[0].path).name}:{first[0].line}:1` **duplicate-id**: m")


def test_the_script_reads_a_saved_report(tmp_path: Path) -> None:
    saved = tmp_path / "report.json"
    saved.write_text(json.dumps(REPORT), encoding="utf-8")
    done = subprocess.run([sys.executable, str(SCRIPT), str(saved), "--sample", "2"], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "1 of 2 pages checked by both engines." in done.stdout
    assert "| link-name | 2.4.4, 4.1.2 | error | 2 | 2 | 0 | 100.0% |" in done.stdout
    assert "Sample: 2 of 4 static-only failures (seed 13), paths relative to /corpus:" in done.stdout
    assert "- /corpus/b.html: timed out" in done.stdout
