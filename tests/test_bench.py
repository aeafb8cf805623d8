"""The benchmark script runs and reports what it was asked to time (not how fast: that is its job)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "bench.py"


def _bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BENCH), str(ROOT / "fixtures"), "--rounds", "1", "--jobs", "1",
                           "--startup", "0", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_times_the_selected_rules_against_the_parse() -> None:
    done = _bench("--select", "image-alt,bypass")
    assert done.returncode == 0, done.stderr
    assert re.search(r"^2 pages, .*, 7 rules, 1 rounds", done.stdout, re.M)  # image-alt and the 6 bypass rules
    assert re.search(r"ratio: check / parse = \d+\.\d\dx wall", done.stdout)


def test_select_none_times_the_document_alone_and_an_unknown_name_is_refused() -> None:
    assert re.search(r"^2 pages, .*, 0 rules", _bench("--select", "none").stdout, re.M)
    for names in ("no-such-rule", "image-alt,no-such-rule"):  # as the command line: each name must be known
        refused = _bench("--select", names)
        assert refused.returncode == 2
        assert "unknown rule or tag: no-such-rule" in refused.stderr


def test_each_goal_is_printed_beside_its_baseline_of_the_same_run() -> None:
    done = _bench("--startup", "1")
    assert done.returncode == 0, done.stderr
    assert re.search(r"ratio: check / parse = .*goal: at most 5x", done.stdout)
    assert re.search(r"^ +a11ycheck: +\d+\.\d+ s\n +python\+lxml: +\d+\.\d+ s$", done.stdout, re.M)
    assert re.search(r"ratio: a11ycheck / python\+lxml = \d+\.\d\dx CPU .*goal: at most 2x", done.stdout)


def test_big_pages_print_memory_per_page_and_the_growth_of_the_time() -> None:
    done = _bench("--big", "0.2", "--big", "0.5")
    assert done.returncode == 0, done.stderr
    assert len(re.findall(r"a11ycheck: peak RSS .* the page .* CPU\); goal: under 10x", done.stdout)) == 2
    assert re.search(r"^growth: the 0\.5 MB page / the 0\.2 MB page = \d+\.\d\dx CPU time for 2\.\d\dx the bytes",
                     done.stdout, re.M)


def test_cache_figures_count_the_pages_each_run_checked() -> None:
    done = _bench("--cache")
    assert done.returncode == 0, done.stderr
    written = re.findall(r"^ *(.+?): .* = (\d+\.\d+)x the first run's CPU; (\d+) entries written$", done.stdout, re.M)
    assert [(label, int(count)) for label, _, count in written] == [
        ("--no-cache", 0), ("first run", 2), ("second run, unchanged", 0), ("one page changed", 1)]
