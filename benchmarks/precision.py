"""How many of our failures axe-core confirms on the same element, per rule, and a sample of the rest to judge.

    python benchmarks/precision.py CORPUS [--save REPORT.json] [--timeout 90] [--sample 40] [--seed 13]
    python benchmarks/precision.py REPORT.json [--sample 40] [--seed 13]

Given a folder, runs ``python -m a11ycheck FOLDER --engine both --format json --jobs 1 --isolated`` (the
static engine, and axe-core in headless Chromium: needs the ``browser`` extra, Python 3.12) and reads its
report; given a JSON report of such a run, reads it. Then prints, as Markdown:

- per rule of ours: its failures; those axe confirms (the merge folded them with an axe result on the same
  element, engine ``static+axe``, or an axe rule that checks the same thing, one its rule file names under
  ``axe``, failed on the same element: the same line:column, at 1:1 the same selector too, as
  ``a11ycheck.browser.merge`` matches them, or on ``<html>`` for a page-level one, or, where axe's selector
  found no element in the source's tree, the same start tag; or the merge folded
  axe's failure there into another of our rules that checks the same thing, as ``link-name`` beside
  ``image-link-name``); the static-only rest, and the share confirmed;
- per axe rule, its failures that confirm none of ours (what we miss, or place elsewhere);
- a seeded random sample of the static-only failures, each with its file, line:column, rule, message and
  snippet, to be judged by hand (the same report, seed and size give the same sample).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from a11ycheck.ruleset import load_rules

AXE = "axe/"
MERGED = "static+axe"
PAGE = "html"  # the selector of axe's page-level results
SNIPPET_MAX = 240

@dataclass(frozen=True, slots=True)
class Failure:
    """One failure of one of our rules, and what confirmed it: ``"merge"``, an axe rule id, ``"RULE+axe"`` (another
    of our rules that checks the same thing was folded with axe's on this element), or ``""``."""

    path: str
    rule: str
    line: int
    column: int
    selector: str
    message: str
    snippet: str
    confirmed_by: str = ""
    severity: str = ""  # the result's own ("error" or "warning"; a failure can be a warning in an error rule)


@dataclass(slots=True)
class Tally:
    """What a report holds: our failures, axe's failures that confirm none of them, and unchecked pages."""

    failures: list[Failure]
    missed: Counter[str]
    missed_unplaced: Counter[str]
    also_ours: Counter[str]  # axe rule → its failures that confirm one of ours (folded by the merge, or matched)
    missed_results: list[tuple[str, dict[str, Any]]]  # (path, axe result) of each failure that confirms none of ours
    axe_wcag: dict[str, list[str]]  # axe rule → its success criteria (none: a best practice)
    errors: dict[str, str]
    pages: int


def element_key(result: dict[str, Any]) -> tuple[int, int, str]:
    """Where a result sits, as the merge compares elements: line and column, and at 1:1 its selector too."""
    line, column = result.get("line", 1), result.get("column", 1)
    return line, column, result.get("selector", "") if (line, column) == (1, 1) else ""


def same_element(ours: dict[str, Any], axe: dict[str, Any]) -> bool:
    """Whether an axe result speaks of our result's element: the same place, the page (``<html>``), or, when axe's
    selector found no element in the source's tree (a tree the browser built otherwise), the same start tag."""
    if element_key(axe) == element_key(ours) or axe.get("selector") == PAGE:
        return True
    tag = " ".join(ours.get("snippet", "").split()).removesuffix("…")
    return element_key(axe)[2] != "" and bool(tag) and " ".join(axe.get("snippet", "").split()).startswith(tag)


def same_check() -> dict[str, frozenset[str]]:
    """Our rule → the axe-core rules that check what it checks (its rule file's ``axe``)."""
    return {rule_id: frozenset(rule.axe) for rule_id, rule in load_rules().items()}


def tally(report: dict[str, Any], same_checks: dict[str, frozenset[str]] | None = None) -> Tally:
    """Our failures in a JSON report of ``--engine both``, each marked with what confirmed it (by default, the
    axe rules of :func:`same_check`)."""
    same_checks = same_check() if same_checks is None else same_checks
    failures: list[Failure] = []
    missed: Counter[str] = Counter()
    unplaced: Counter[str] = Counter()
    also_ours: Counter[str] = Counter()
    missed_results: list[tuple[str, dict[str, Any]]] = []
    axe_wcag: dict[str, list[str]] = {}
    folded_wcag: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    files = report.get("files", [])
    for page in files:
        if page.get("error"):
            errors[page["path"]] = page["error"]
            continue
        failed = [r for r in page.get("results", []) if r["outcome"] == "failed"]
        axe = [r for r in failed if r["rule"].startswith(AXE) and r.get("engine") == "axe"]
        used: set[int] = set()
        merged: dict[tuple[int, int, str], list[str]] = {}
        for result in failed:
            if result.get("engine") == MERGED:
                merged.setdefault(element_key(result), []).append(result["rule"])
                folded_rule = (result.get("axe") or ["?"])[0]  # the merge puts the axe rule it folded first
                also_ours[folded_rule] += 1
                folded_wcag.setdefault(folded_rule, list(result.get("wcag", [])))  # both rules' criteria
        for result in failed:
            if result["rule"].startswith(AXE):
                continue
            rule, key = result["rule"], element_key(result)
            same = same_checks.get(rule, frozenset())
            hits = [number for number, other in enumerate(axe)
                    if other["rule"][len(AXE):] in same and same_element(result, other)]
            used.update(hits)
            folded = [other for other in merged.get(key, ())
                      if other != rule and same_checks.get(other, frozenset()) & same]
            if result.get("engine") == MERGED:
                confirmed_by = "merge"
            elif hits:
                confirmed_by = axe[hits[0]]["rule"][len(AXE):]
            else:
                confirmed_by = f"{folded[0]}+axe" if folded else ""
            failures.append(Failure(page["path"], rule, result.get("line", 1), result.get("column", 1),
                                    result.get("selector", ""), result.get("message", ""), result.get("snippet", ""),
                                    confirmed_by, result.get("severity", "")))
        for number, other in enumerate(axe):
            name = other["rule"][len(AXE):]
            axe_wcag.setdefault(name, list(other.get("wcag", [])))
            if number in used:
                also_ours[name] += 1
                continue
            missed[name] += 1
            missed_results.append((page["path"], other))
            if element_key(other)[2] not in ("", PAGE):
                unplaced[name] += 1
    return Tally(failures, missed, unplaced, also_ours, missed_results, folded_wcag | axe_wcag, errors, len(files))


def rule_table(failures: list[Failure], wcag: dict[str, tuple[str, ...]], severity: dict[str, str]) -> str:
    """Per rule, most failures first: failures, confirmed by axe, static-only, share confirmed; then totals: of
    the failures that are errors (their own severity, else their rule's default), of the rules with and without
    a WCAG criterion, of all."""
    total: Counter[str] = Counter(f.rule for f in failures)
    confirmed: Counter[str] = Counter(f.rule for f in failures if f.confirmed_by)
    lines = ["| rule | WCAG | default | failures | confirmed by axe | static-only | confirmed |",
             "|---|---|---|---:|---:|---:|---:|"]
    for rule, count in sorted(total.items(), key=lambda item: (-item[1], item[0])):
        lines.append(f"| {rule} | {', '.join(wcag.get(rule, ())) or '-'} | {severity.get(rule, '?')} | {count} | "
                     f"{confirmed[rule]} | {count - confirmed[rule]} | {share(confirmed[rule], count)} |")
    groups: tuple[tuple[str, Callable[[Failure], bool]], ...] = (
        ("errors (fail the run by default)", lambda f: (f.severity or severity.get(f.rule)) == "error"),
        ("rules with a WCAG criterion", lambda f: bool(wcag.get(f.rule))),
        ("rules without one", lambda f: not wcag.get(f.rule)), ("all", lambda f: True))
    for name, member in groups:
        count = sum(1 for f in failures if member(f))
        sure = sum(1 for f in failures if f.confirmed_by and member(f))
        lines.append(f"| **{name}** | | | {count} | {sure} | {count - sure} | {share(sure, count)} |")
    return "\n".join(lines)


def share(part: int, whole: int) -> str:
    """``part`` as a percentage of ``whole``, one decimal (``-`` of nothing)."""
    return f"{100 * part / whole:.1f}%" if whole else "-"


def missed_table(data: Tally) -> str:
    """Per axe rule, most first: its criteria, its failures that confirm none of ours, how many axe could not place."""
    lines = ["| axe rule | WCAG | failures confirming none of ours | of which not placed in the source |",
             "|---|---|---:|---:|"]
    lines += [f"| {rule} | {', '.join(data.axe_wcag.get(rule, ())) or '-'} | {count} | {data.missed_unplaced[rule]} |"
              for rule, count in sorted(data.missed.items(), key=lambda item: (-item[1], item[0]))]
    for name, member in (("rules with a WCAG criterion", bool), ("best practices", lambda criteria: not criteria)):
        rules = [rule for rule in data.missed if member(data.axe_wcag.get(rule))]
        lines.append(f"| **{name}** | | {sum(data.missed[r] for r in rules)} | "
                     f"{sum(data.missed_unplaced[r] for r in rules)} |")
    return "\n".join(lines)


def sample(failures: list[Failure], size: int, seed: int) -> list[Failure]:
    """A seeded random sample of the static-only failures, in file and line order."""
    static_only = sorted((f for f in failures if not f.confirmed_by),
                         key=lambda f: (f.path, f.line, f.column, f.rule, f.message))
    chosen = random.Random(seed).sample(static_only, min(size, len(static_only)))
    return sorted(chosen, key=lambda f: (f.path, f.line, f.column, f.rule))


def sample_list(chosen: list[Failure], base: str) -> str:
    """The sample as a numbered Markdown list, paths relative to ``base``."""
    lines = []
    for number, f in enumerate(chosen, 1):
        snippet = " ".join(f.snippet.split())
        snippet = snippet if len(snippet) <= SNIPPET_MAX else snippet[: SNIPPET_MAX - 1] + "…"
        lines.append(f"{number}. `{os.path.relpath(f.path, base) if base else f.path}:{f.line}:{f.column}` "
                     f"**{f.rule}**: {f.message}  \n   `` {snippet} ``")
    return "\n".join(lines)


def run(corpus: Path, output: Path, timeout: float) -> None:
    """Check ``corpus`` with both engines into the JSON report ``output`` (a11ycheck exits 1 on failures)."""
    command = [sys.executable, "-m", "a11ycheck", str(corpus), "--engine", "both", "--format", "json", "--jobs", "1",
               "--isolated", "--timeout", str(timeout), "--output", str(output)]
    done = subprocess.run(command, stderr=subprocess.PIPE, text=True, check=False)
    if done.returncode not in (0, 1) and not output.exists():
        raise SystemExit(f"a11ycheck failed (exit {done.returncode}): {done.stderr.strip()}")
    if done.stderr.strip():
        print(done.stderr.strip(), file=sys.stderr)


def render(data: Tally, size: int, seed: int) -> str:
    """The whole Markdown output."""
    rules = load_rules()
    wcag = {rule_id: rule.wcag for rule_id, rule in rules.items()}
    severity = {rule_id: rule.severity for rule_id, rule in rules.items()}
    paths = [os.path.dirname(f.path) for f in data.failures]
    base = os.path.commonpath(paths) if paths else ""
    chosen = sample(data.failures, size, seed)
    static_only = sum(not f.confirmed_by for f in data.failures)
    parts = [f"{data.pages - len(data.errors)} of {data.pages} pages checked by both engines.", "",
             rule_table(data.failures, wcag, severity), "", "axe-core failures that confirm none of ours:", "",
             missed_table(data), "",
             f"Sample: {len(chosen)} of {static_only} static-only failures (seed {seed}), paths relative to {base}:",
             "", sample_list(chosen, base)]
    if data.errors:
        parts += ["", "Pages not checked:", ""] + [f"- {path}: {error}" for path, error in sorted(data.errors.items())]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Command line: run or read the report, print the figures and the sample."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a folder of pages to check, or a JSON report of --engine both")
    parser.add_argument("--save", type=Path, help="keep the JSON report of a run here (default: a temporary file)")
    parser.add_argument("--timeout", type=float, default=90.0, help="a page's time budget in seconds (default 90)")
    parser.add_argument("--sample", type=int, default=40, help="static-only failures to sample (default 40)")
    parser.add_argument("--seed", type=int, default=13, help="the sample's random seed (default 13)")
    args = parser.parse_args(argv)
    if args.source.is_dir():
        with tempfile.TemporaryDirectory() as folder:
            output = args.save or Path(folder) / "report.json"
            run(args.source, output, args.timeout)
            report = json.loads(output.read_text(encoding="utf-8"))
    else:
        report = json.loads(args.source.read_text(encoding="utf-8"))
    print(render(tally(report), args.sample, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
