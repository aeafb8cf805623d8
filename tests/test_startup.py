"""Start-up: a run over one small page imports what that run needs, and not the rest (the other reporters,
the worker pool, the baseline, the browser and survey engines, importlib.metadata, langcodes, tomllib)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

NOT_NEEDED = ["multiprocessing", "pickle", "importlib.metadata", "langcodes", "tomllib", "socket", "difflib",
              "ctypes", "datetime", "a11ycheck.baseline", "a11ycheck.pool", "a11ycheck.rulepages",
              "a11ycheck.browser", "a11ycheck.survey", "a11ycheck.reporters.json", "a11ycheck.reporters.html",
              "a11ycheck.reporters.sarif", "a11ycheck.reporters.junit", "a11ycheck.reporters.earl",
              "a11ycheck.reporters.github", "hypothesis", "pytest"]


def _imported(tmp_path: Path, *args: str) -> set[str]:
    page = tmp_path / "small.html"
    page.write_text("<!doctype html><html lang='en'><head><title>Small</title></head>"
                    "<body><main><h1>Hi</h1><p><a href='/x'>Home</a></p></main></body></html>")
    code = ("import sys; from a11ycheck.cli import main; code = main(sys.argv[1:]); "
            "print('MODULES', ' '.join(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code, str(page), "--isolated", *args], capture_output=True,
                          text=True, timeout=60, check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.rpartition("MODULES ")[2].split())


def test_a_small_run_imports_only_what_it_needs(tmp_path: Path) -> None:
    _imported(tmp_path)  # (the first run after an edit of a rule file rebuilds the rule tables)
    modules = _imported(tmp_path)
    assert "a11ycheck.reporters.text" in modules
    assert sorted(name for name in NOT_NEEDED if name in modules) == []


def test_a_json_run_imports_its_reporter_only(tmp_path: Path) -> None:
    modules = _imported(tmp_path, "--format", "json", "--jobs", "1")
    assert "a11ycheck.reporters.json" in modules and "a11ycheck.reporters.html" not in modules
