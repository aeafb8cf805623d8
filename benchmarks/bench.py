"""Checking speed against a bare lxml parse of the same bytes, on one core.

    python benchmarks/bench.py DIR [--rounds 5] [--jobs 2] [--startup 11] [--profile 25] [--select IDS]
    python benchmarks/bench.py DIR --big 20 --big 50

Reads every page of DIR (*.html, *.htm, *.xhtml, *.shtml) into memory once, then times, in alternating
rounds, ``lxml.html.document_fromstring`` over all pages and ``a11ycheck.check`` (all stable rules)
over the same bytes, and prints the median of each: pages/s, MB/s, the ratio check/parse, and the
process's peak memory. Wall-clock and CPU time are both shown: on a busy machine the CPU time of
this process is the steadier measure. ``--profile N`` then runs one check pass under cProfile and prints the N costliest
functions, the cost of each rule's check and of each module of the package. ``--select`` times only some
rules (ids or tags, comma-separated, as the command line's ``--select``; ``--select none`` runs no rule:
reading, parsing and the document alone), to see what a family of rules costs on top of the facts it shares.

Each figure that issue 17 sets a goal for is printed beside its baseline from the same run, with the goal.

``--startup N`` (default 11; 0: skip) then times the command line on one small page (``python -m a11ycheck
PAGE --isolated --jobs 1``) against Python's own start with lxml imported (``python -c "import lxml.etree"``),
N pairs in turn, as each child's CPU time (user + system, from the operating system), and prints the medians and
the median of the pairs' ratios. A first run writes the bytecode and the kept rule tables, as an installed
package has them (``PYTHONDONTWRITEBYTECODE`` is dropped for these children).

``--jobs N`` (default: the cores this process may use) then times the files checked as the command
line's ``--jobs`` checks them (``a11ycheck.parallel.check_many``: each file read, checked and its report
sent back, in input order) in one process and in N, in alternating rounds, and prints both rates and
the speed-up; the fixed start-up of a command and the writing of its report are left out.

``--big MB`` measures memory and growth instead: it writes one page of about MB megabytes to a temporary folder
(a ``<head>``, then the bodies of DIR's pages, decoded and written as UTF-8, repeated until the size is
reached), runs the real command line on it in a child process (``python -m a11ycheck PAGE --format json
--output FILE --jobs 1 --timeout 86400``: reading, parsing, every stable rule and the JSON report), then a bare
``lxml.html.document_fromstring`` of the same bytes in another, and prints each child's peak resident
memory (MB of 10^6 bytes), the page's size and the ratio peak / size, and the child's CPU time. Given twice
or more (``--big 20 --big 50``), it then prints the largest page's time as a ratio to the smallest's, beside
the ratio of their sizes: the growth. The folder is deleted afterwards.

``--cache`` measures the result cache instead: it copies DIR to a temporary folder and runs the real command
line on it (``python -m a11ycheck COPY --format json --output FILE --jobs 1``) with ``--no-cache``, then with an
empty cache (the first run), again with nothing changed (the second), and after one page changed (a comment
added to the first page); the cache is emptied before each round. It prints each run's CPU time (and wall
clock), median of the rounds, as a ratio to the first run's, and the cache entries each run wrote (the pages
it checked: an unchanged page is answered from its entry and writes none).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path

import lxml.html

from a11ycheck import check
from a11ycheck.checks import load_checks
from a11ycheck.config import UsageError
from a11ycheck.engine import Options, select_rules
from a11ycheck.parallel import check_many, default_jobs
from a11ycheck.policy import Overrides, build, split_names
from a11ycheck.source import HTML_EXTENSIONS, decode


def load(directory: Path) -> list[tuple[str, bytes]]:
    """Every page under ``directory``, read once, in path order."""
    paths = sorted(p for p in directory.rglob("*") if p.suffix.lower() in HTML_EXTENSIONS and p.is_file())
    return [(str(p), p.read_bytes()) for p in paths]


def parse_all(pages: list[tuple[str, bytes]]) -> None:
    """The baseline: a bare lxml parse of each page."""
    for _, data in pages:
        lxml.html.document_fromstring(data)


def check_all(pages: list[tuple[str, bytes]], options: Options) -> None:
    """The checker: every stable rule (or the selected ones) on each page, as the CLI runs it."""
    for path, data in pages:
        report = check(data, path=path, options=options)
        if report.error is not None:
            print(f"bench: {path}: {report.error}", file=sys.stderr)


def timed(func: Callable[[list[tuple[str, bytes]]], None], pages: list[tuple[str, bytes]]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one pass."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    func(pages)
    return time.perf_counter() - wall, time.process_time() - cpu


def parallel(directory: Path, count: int, jobs: int, rounds: int, options: Options) -> None:
    """The files of ``directory`` checked with ``check_many`` in 1 and in ``jobs`` processes: the rates
    and the speed-up (medians of alternating rounds, wall clock)."""
    paths = [path for path, _ in load(directory)]

    def run(n: int) -> float:
        start = time.perf_counter()
        for report in check_many(paths, options, jobs=n):
            if report.error is not None:
                print(f"bench: {report.path}: {report.error}", file=sys.stderr)
        return time.perf_counter() - start

    times: dict[int, list[float]] = {1: [], jobs: []}
    for round_ in range(rounds):
        for n in ((1, jobs) if round_ % 2 == 0 else (jobs, 1)):
            times[n].append(run(n))
    one, many = statistics.median(times[1]), statistics.median(times[jobs])
    print(f"files, --jobs 1: {one:7.3f} s  {count / one:7.1f} pages/s")
    print(f"files, --jobs {jobs}: {many:7.3f} s  {count / many:7.1f} pages/s")
    print(f"  speed-up: --jobs {jobs} / --jobs 1 = {one / many:.2f}x (median of {rounds} alternating rounds; "
          f"goal: at least 1.7x for --jobs 2)")


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


def profile(pages: list[tuple[str, bytes]], top: int, options: Options) -> None:
    """One check pass under cProfile: the costliest functions, then the cost per module."""
    profiler = cProfile.Profile()
    profiler.runcall(check_all, pages, options)
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"\nprofile of one check pass ({total:.2f} s under cProfile), top {top} by own time:")
    rows = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)  # type: ignore[attr-defined]
    for (filename, line, name), (_, calls, own, cumulative, _) in rows[:top]:
        where = _short(filename)
        print(f"  {own:7.3f} s own {cumulative:7.3f} s cum {calls:9d} calls  {where}:{line}({name})")
    print("cumulative time by rule (shared facts are charged to the first rule that asks for them):")
    by_rule = []
    for rule_id, func in load_checks().items():
        code = getattr(func, "__code__", None)
        entry = code and stats.stats.get((code.co_filename, code.co_firstlineno, code.co_name))  # type: ignore
        if entry:
            by_rule.append((entry[3], rule_id))
    for cumulative, rule_id in sorted(by_rule, reverse=True)[:top]:
        print(f"  {cumulative:7.3f} s {100 * cumulative / total:5.1f} %  {rule_id}")
    by_module: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        by_module[_short(filename)] += own
    print("own time by module:")
    for module, own in sorted(by_module.items(), key=lambda item: item[1], reverse=True)[:top]:
        print(f"  {own:7.3f} s {100 * own / total:5.1f} %  {module}")


def _short(filename: str) -> str:
    """A readable name for a profiled file: package-relative for a11ycheck, the C builtins as is."""
    if "a11ycheck/" in filename:
        return "a11ycheck/" + filename.rsplit("a11ycheck/", 1)[1]
    if filename == "~":
        return "<built-in>"
    return Path(filename).name


_BODY_RE = re.compile(r"<body[^>]*>(.*)</body", re.IGNORECASE | re.DOTALL)
_BIG_HEAD = '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Big page</title></head><body>\n'
_LAUNCHER = """import os, subprocess, sys
process = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(process.pid, 0)
print(usage.ru_maxrss, os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime)"""
_LXML_ALONE = "import sys, lxml.html; lxml.html.document_fromstring(open(sys.argv[1], 'rb').read())"


def write_big_page(pages: list[tuple[str, bytes]], path: Path, size: int) -> int:
    """Write a page of at least ``size`` bytes made of the pages' bodies, as UTF-8; return its size."""
    bodies = [match.group(1).encode("utf-8", "surrogatepass")
              for _, data in pages if (match := _BODY_RE.search(decode(data)[0]))]
    if not bodies:
        raise ValueError("no page has a <body>")
    with path.open("wb") as handle:
        written = handle.write(_BIG_HEAD.encode())
        while written < size:
            for body in bodies:
                written += handle.write(body)
                if written >= size:
                    break
        written += handle.write(b"\n</body></html>\n")
    return written


def child_peak_mb(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int, float]:
    """(peak RSS in MB, wall seconds, exit code, CPU seconds) of ``command`` in a child process.

    The child is started by a small launcher, not by this process: on Linux a process's peak counts
    the peak of the one that started it (it is carried over on exec), and this one holds every page.
    """
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _LAUNCHER, *command], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, check=True, env=env)
    peak, code, cpu = done.stdout.split()
    factor = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is in bytes on macOS, KiB on Linux
    return int(peak) * factor / 1e6, time.perf_counter() - start, int(code), float(cpu)


_SMALL_PAGE = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Small page</title></head>\n'
               '<body><main><h1>Small page</h1><p>A <a href="/next">link</a> and an image:</p>'
               '<img src="a.png" alt="A chart"></main></body></html>\n')


def startup(pairs: int) -> None:
    """The command line on one small page against ``python -c "import lxml.etree"``: CPU time of each child,
    the two in turn, medians and the median of the pairs' ratios (goal: at most 2x)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory(prefix="a11ycheck-start-") as folder:
        page = Path(folder) / "small.html"
        page.write_text(_SMALL_PAGE, encoding="utf-8")
        commands = {"a11ycheck": [sys.executable, "-m", "a11ycheck", str(page), "--isolated", "--jobs", "1"],
                    "python+lxml": [sys.executable, "-c", "import lxml.etree"]}
        for command in commands.values():  # bytecode and rule tables written, as installed
            child_peak_mb(command, env)
        times: dict[str, list[float]] = {label: [] for label in commands}
        for _ in range(pairs):
            for label, command in commands.items():
                times[label].append(child_peak_mb(command, env)[3])
    ratios = [a / b for a, b in zip(times["a11ycheck"], times["python+lxml"], strict=True) if b > 0]
    print(f"start-up, one small page ({pairs} pairs in turn, CPU time of each child process, median):")
    for label, values in times.items():
        print(f"{label:>12}: {statistics.median(values):7.3f} s")
    if ratios:
        print(f"       ratio: a11ycheck / python+lxml = {statistics.median(ratios):.2f}x CPU "
              f"(pairs {min(ratios):.2f}x-{max(ratios):.2f}x; goal: at most 2x)")


def big_pages(pages: list[tuple[str, bytes]], sizes: list[float]) -> int:
    """:func:`big_page` for each size; then the growth of the time from the smallest page to the largest."""
    times: dict[float, tuple[float, float]] = {}
    for size_mb in sizes:
        measured = big_page(pages, size_mb)
        if measured is None:
            return 2
        times[size_mb] = measured
    if len(times) > 1:
        (small_size, small_cpu), (large_size, large_cpu) = times[min(times)], times[max(times)]
        print(f"growth: the {large_size:.1f} MB page / the {small_size:.1f} MB page = {large_cpu / small_cpu:.2f}x "
              f"CPU time for {large_size / small_size:.2f}x the bytes (goal for 50 MB / 20 MB: at most 2.7x)")
    return 0


def big_page(pages: list[tuple[str, bytes]], size_mb: float) -> tuple[float, float] | None:
    """Peak memory of the command line on one big page, against a bare lxml parse of it; (the page's size in MB,
    the command's CPU seconds), or None when a child failed."""
    with tempfile.TemporaryDirectory(prefix="a11ycheck-big-") as folder:
        page, report = Path(folder) / "big.html", Path(folder) / "report.json"
        size = write_big_page(pages, page, int(size_mb * 1e6)) / 1e6
        runs = {
            "a11ycheck": [sys.executable, "-m", "a11ycheck", str(page), "--format", "json", "--output", str(report),
                          "--jobs", "1", "--timeout", "86400"],  # (a busy machine's 50 MB page: over a minute)
            "lxml parse": [sys.executable, "-c", _LXML_ALONE, str(page)],
        }
        print(f"big page: {size:.1f} MB from {len(pages)} pages; Python {sys.version.split()[0]}, "
              f"lxml {'.'.join(map(str, lxml.etree.LXML_VERSION[:3]))}")
        peaks, cpus = {}, {}
        for label, command in runs.items():
            peak, wall, code, cpu = child_peak_mb(command)
            if code not in (0, 1):
                print(f"bench: {label} exited with {code}", file=sys.stderr)
                return None
            peaks[label], cpus[label] = peak, cpu
            print(f"{label:>10}: peak RSS {peak:7.1f} MB = {peak / size:5.2f}x the page  ({wall:.1f} s wall, "
                  f"{cpu:.1f} s CPU)" + ("; goal: under 10x" if label == "a11ycheck" else ""))
        print(f"     ratio: a11ycheck / lxml parse = {peaks['a11ycheck'] / peaks['lxml parse']:.2f}x peak RSS, "
              f"{cpus['a11ycheck'] / cpus['lxml parse']:.1f}x CPU  (JSON report: {report.stat().st_size / 1e6:.1f} MB)")
    return size, cpus["a11ycheck"]


def _child_times(command: list[str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of ``command`` run in a child process, with the cache allowed; an exit code
    above 1 is an error."""
    env = {name: value for name, value in os.environ.items() if name != "A11YCHECK_NO_CACHE"}
    _, wall, code, cpu = child_peak_mb(command, env)
    if code not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} exited with {code}")
    return cpu, wall


def _written(cache_dir: Path, since: float) -> int:
    """Cache entries written after ``since`` (a time.time())."""
    return sum(1 for entry in cache_dir.glob("*/*.json") if entry.stat().st_mtime >= since)


def cache_runs(directory: Path, rounds: int) -> int:
    """The command line on a copy of ``directory``: without the cache, then a first, a second (unchanged) and a
    one-page-changed run with it; CPU time of each as a ratio to the first run's."""
    labels = ("--no-cache", "first run", "second run, unchanged", "one page changed")
    times: dict[str, list[tuple[float, float]]] = {label: [] for label in labels}
    written: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="a11ycheck-cache-") as folder:
        copy, cache_dir, report = Path(folder) / "pages", Path(folder) / "cache", Path(folder) / "report.json"
        shutil.copytree(directory, copy)
        pages = [path for path, _ in load(copy)]
        command = [sys.executable, "-m", "a11ycheck", str(copy), "--format", "json", "--output", str(report),
                   "--jobs", "1", "--cache-dir", str(cache_dir)]
        for _ in range(rounds):
            shutil.rmtree(cache_dir, ignore_errors=True)
            shutil.copyfile(directory / Path(pages[0]).relative_to(copy), pages[0])
            for label in labels:
                if label == "one page changed":
                    with open(pages[0], "a", encoding="utf-8") as handle:
                        handle.write("\n<!-- changed -->\n")
                since = time.time() - 0.01
                times[label].append(_child_times(command + (["--no-cache"] if label == "--no-cache" else [])))
                written[label] = _written(cache_dir, since)
    compiled = ("; PYTHONDONTWRITEBYTECODE is set: a module without bytecode is compiled at every start"
                if os.environ.get("PYTHONDONTWRITEBYTECODE") else "")
    print(f"result cache: {len(pages)} pages, the command line with --jobs 1, median of {rounds} rounds{compiled}")
    first_cpu = statistics.median(t[0] for t in times["first run"])
    for label in labels:
        cpu, wall = (statistics.median(t[i] for t in times[label]) for i in (0, 1))
        print(f"{label:>22}: {cpu:7.2f} s CPU ({wall:6.2f} s wall) = {cpu / first_cpu:5.3f}x the first run's CPU;"
              f" {written[label]} entries written")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--rounds", type=int, default=5, help="alternating timing rounds (median reported)")
    parser.add_argument("--jobs", type=int, default=default_jobs(), metavar="N",
                        help="then time the files checked in 1 and in N processes (default: the cores; 1: skip)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="then profile and print the top N")
    parser.add_argument("--select", metavar="IDS",
                        help="only these rules (ids or tags, comma-separated; none: no rule at all)")
    parser.add_argument("--startup", type=int, default=11, metavar="N",
                        help="then time the command line on one small page against python+lxml, N pairs (0: skip)")
    parser.add_argument("--big", type=float, action="append", metavar="MB",
                        help="instead, peak memory and time on one page of about MB megabytes made from DIR's pages "
                             "(twice or more: also the growth of the time from the smallest to the largest)")
    parser.add_argument("--cache", action="store_true",
                        help="instead, the command line's CPU time with the result cache: first, second, one page "
                             "changed (--rounds of each)")
    args = parser.parse_args(argv)
    if args.cache:
        return cache_runs(args.directory, args.rounds)
    pages = load(args.directory)
    if not pages:
        print(f"bench: no pages under {args.directory}", file=sys.stderr)
        return 2
    if args.big:
        return big_pages(pages, args.big)
    size_mb = sum(len(data) for _, data in pages) / 1e6
    try:  # --select read and checked as the command line does; "none" selects nothing
        options = (Options() if args.select is None else Options(select=()) if args.select == "none"
                   else build(None, Overrides(select=split_names([args.select])))[0])
    except UsageError as exc:
        print(f"bench: --select: {exc}", file=sys.stderr)
        return 2
    rules = len(select_rules(options))
    print(f"{len(pages)} pages, {size_mb:.1f} MB, {rules} rules, {args.rounds} rounds; "
          f"Python {sys.version.split()[0]}, lxml {'.'.join(map(str, lxml.etree.LXML_VERSION[:3]))}")
    rss_loaded = peak_rss_mb()
    checks = partial(check_all, options=options)
    checks(pages[:3])  # warm up: imports, compiled queries, rule files
    parse_times: list[tuple[float, float]] = []
    check_times: list[tuple[float, float]] = []
    for round_ in range(args.rounds):
        if round_ % 2:
            check_times.append(timed(checks, pages))
            parse_times.append(timed(parse_all, pages))
        else:
            parse_times.append(timed(parse_all, pages))
            check_times.append(timed(checks, pages))
    print("median of the rounds, wall clock (CPU time of this process):")
    medians = {}
    for label, times in (("lxml parse", parse_times), ("a11ycheck", check_times)):
        wall, cpu = (statistics.median(t[i] for t in times) for i in (0, 1))
        medians[label] = wall, cpu
        print(f"{label:>10}: {wall:7.3f} s ({cpu:7.3f} s)  {len(pages) / wall:7.1f} pages/s ({len(pages) / cpu:7.1f})"
              f"  {size_mb / wall:6.2f} MB/s ({size_mb / cpu:6.2f})")
    (parse_wall, parse_cpu), (check_wall, check_cpu) = medians["lxml parse"], medians["a11ycheck"]
    print(f"     ratio: check / parse = {check_wall / parse_wall:.2f}x wall ({check_cpu / parse_cpu:.2f}x CPU; "
          f"goal: at most 5x)")
    print(f"    memory: peak RSS {peak_rss_mb():.0f} MB ({rss_loaded:.0f} MB with the pages loaded, before checking)")
    print(f"      load: {' '.join(f'{x:.1f}' for x in os.getloadavg())} (1, 5, 15 min) on {os.cpu_count()} cores")
    if args.startup > 0:
        startup(args.startup)
    if args.jobs > 1:
        parallel(args.directory, len(pages), args.jobs, args.rounds, options)
    if args.profile:
        profile(pages, args.profile, options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
