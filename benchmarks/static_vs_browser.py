"""Static rules against axe-core in headless Chromium, over the news corpus in ``../shared/corpus``.

For every page: the time each engine takes, and per rule family (images, links, skip links, media,
page) the failures each engine reports, how many the merge folds (same element, same ACT rule, both
engines), and what one engine reports that the other does not. Needs the ``browser`` extra.

    python benchmarks/static_vs_browser.py [--limit N] [--json results.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from a11ycheck import Options, check_file
from a11ycheck.browser import BrowserSession, available, merge
from a11ycheck.browser.merge import BOTH
from a11ycheck.fileio import write_file
from a11ycheck.results import Report, Result
from a11ycheck.ruleset import load_rules

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
FAMILIES = ("images", "links", "skip links", "media", "page")
AXE_FAMILY = {
    **dict.fromkeys(("image-alt", "input-image-alt", "svg-img-alt", "role-img-alt", "area-alt",
                     "image-redundant-alt", "presentation-role-conflict"), "images"),
    **dict.fromkeys(("link-name", "link-in-text-block", "identical-links-same-purpose"), "links"),
    **dict.fromkeys(("skip-link", "bypass"), "skip links"),
    **dict.fromkeys(("video-caption", "audio-caption", "no-autoplay-audio", "object-alt"), "media"),
    **dict.fromkeys(("document-title", "html-has-lang", "html-lang-valid", "html-xml-lang-mismatch", "valid-lang",
                     "meta-viewport", "meta-viewport-large", "meta-refresh", "meta-refresh-no-exceptions"), "page"),
}


def static_family(rule_id: str) -> str:
    """The family of one of our rules, from its id and tags."""
    rule = load_rules().get(rule_id)
    tags = set(rule.tags) if rule else set()
    if rule_id.startswith(("skip-link", "bypass")) or rule_id == "link-target":
        return "skip links"
    for family, markers in (("media", {"media", "video", "audio"}), ("images", {"images"}), ("links", {"links"}),
                            ("page", {"page", "language", "meta"})):
        if tags & markers:
            return family
    return "other"


def family(result: Result) -> str:
    """The family of a result of either engine."""
    if result.rule.startswith("axe/"):
        return AXE_FAMILY.get(result.rule[4:], "other")
    return static_family(result.rule)


def compare(merged: Report) -> dict[str, Counter[str]]:
    """Per family: failures folded (both), reported by one engine only, cantTell of each, unplaced axe ones."""
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for result in merged.results:
        counts = tally[family(result)]
        engine = result.engine
        if result.outcome == "failed":
            counts[{"static": "static only", "axe": "axe only", BOTH: "both"}[engine]] += 1
            if engine == "axe" and (result.line, result.column) == (1, 1) and result.selector != "html":
                counts["axe unplaced"] += 1
        elif result.outcome == "cantTell":
            counts[f"{engine} cantTell"] += 1
    return tally


def pages(corpus: Path, limit: int | None) -> list[Path]:
    """The corpus pages in manifest order, evenly sampled down to ``limit``."""
    with (corpus / "manifest.csv").open(newline="", encoding="utf-8") as handle:
        files = [corpus / row["file"] for row in csv.DictReader(handle)]
    if limit and limit < len(files):
        step = len(files) / limit
        files = [files[int(i * step)] for i in range(limit)]
    return files


def run(corpus: Path, limit: int | None, timeout: float) -> dict[str, Any]:
    """Check every page with both engines; return the timings and the per-family comparison."""
    chosen = pages(corpus, limit)
    static_times: list[float] = []
    axe_times: list[float] = []
    errors: dict[str, str] = {}
    per_family: dict[str, Counter[str]] = defaultdict(Counter)
    pages_agree: Counter[str] = Counter()
    examples: dict[str, Counter[str]] = defaultdict(Counter)
    started = time.perf_counter()
    with BrowserSession(timeout=timeout) as session:
        startup = time.perf_counter() - started
        for number, path in enumerate(chosen, 1):
            t0 = time.perf_counter()
            static = check_file(str(path), Options())
            t1 = time.perf_counter()
            axe = session.check_file(str(path))
            t2 = time.perf_counter()
            static_times.append(t1 - t0)
            axe_times.append(t2 - t1)
            name = str(path.relative_to(corpus))
            if static.error or axe.error:
                errors[name] = static.error or axe.error or ""
                continue
            merged = merge(static, axe)
            tally = compare(merged)
            for fam in (*FAMILIES, "other"):
                counts = tally.get(fam, Counter())
                per_family[fam].update(counts)
                static_fails = counts["both"] + counts["static only"] > 0
                axe_fails = counts["both"] + counts["axe only"] > 0
                pages_agree[fam] += static_fails == axe_fails
                pages_agree[f"{fam}: static fails, axe not"] += static_fails and not axe_fails
                pages_agree[f"{fam}: axe fails, static not"] += axe_fails and not static_fails
            for result in merged.failed:
                if result.engine != BOTH:
                    examples[f"{family(result)}: {result.engine} only"][result.rule] += 1
            print(f"[{number}/{len(chosen)}] {name}: static {t1 - t0:.2f}s, axe {t2 - t1:.2f}s", file=sys.stderr)
        axe_core = session.axe_version
    checked = len(chosen) - len(errors)
    return {
        "pages": len(chosen),
        "checked": checked,
        "errors": errors,
        "axe_core": axe_core,
        "browser_startup_s": round(startup, 2),
        "time_per_page_s": {name: _timing(times) for name, times in (("static", static_times), ("axe", axe_times))},
        "families": {fam: dict(per_family[fam]) for fam in (*FAMILIES, "other")},
        "pages_agreeing": {key: value for key, value in sorted(pages_agree.items())},
        "rules_one_engine_only": {key: dict(counter.most_common(6)) for key, counter in sorted(examples.items())},
    }


def _timing(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {"mean": round(statistics.fmean(ordered), 3), "median": round(statistics.median(ordered), 3),
            "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 3), "max": round(ordered[-1], 3),
            "total": round(sum(ordered), 1)}


def render(data: dict[str, Any]) -> str:
    """The figures as Markdown tables."""
    lines = [f"{data['checked']} of {data['pages']} pages checked by both engines (axe-core {data['axe_core']}; "
             f"browser start-up {data['browser_startup_s']} s, once per run).", "",
             "| engine | mean s/page | median | p95 | max | total s |", "|---|---|---|---|---|---|"]
    for name, t in data["time_per_page_s"].items():
        lines.append(f"| {name} | {t['mean']} | {t['median']} | {t['p95']} | {t['max']} | {t['total']} |")
    lines += ["", "| family | failures: both | static only | axe only | axe unplaced | static cantTell | "
              "axe cantTell | pages agreeing | static fails, axe not | axe fails, static not |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    agree = data["pages_agreeing"]
    for fam, c in data["families"].items():
        lines.append(f"| {fam} | {c.get('both', 0)} | {c.get('static only', 0)} | {c.get('axe only', 0)} | "
                     f"{c.get('axe unplaced', 0)} | {c.get('static cantTell', 0)} | {c.get('axe cantTell', 0)} | "
                     f"{agree.get(fam, 0)}/{data['checked']} | {agree.get(f'{fam}: static fails, axe not', 0)} | "
                     f"{agree.get(f'{fam}: axe fails, static not', 0)} |")
    lines += ["", "Rules behind the failures only one engine reports:", ""]
    for key, rules in data["rules_one_engine_only"].items():
        lines.append(f"- {key}: " + ", ".join(f"{rule} ({n})" for rule, n in rules.items()))
    if data["errors"]:
        lines += ["", "Pages not checked:", ""] + [f"- {name}: {error}" for name, error in data["errors"].items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: run the comparison and print Markdown (and JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder with manifest.csv (default: %(default)s)")
    parser.add_argument("--limit", type=int, help="check an even sample of this many pages")
    parser.add_argument("--timeout", type=float, default=30.0, help="bound on each page's load and axe run, seconds")
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args(argv)
    reason = available()
    if reason:
        print(reason, file=sys.stderr)
        return 2
    data = run(args.corpus, args.limit, args.timeout)
    if args.json:
        write_file(args.json, json.dumps(data, indent=2) + "\n")
    print(render(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
