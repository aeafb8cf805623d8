"""Per axe-core rule, its violations on a corpus and how many of them a11ycheck fails on the same element.

    python benchmarks/axe_agreement.py REPORT.json [AXE_RULE ...] [--list]

REPORT.json is a run of both engines (``python benchmarks/precision.py CORPUS --save REPORT.json``, or
``a11ycheck CORPUS --engine both --format json``). An axe violation is failed here too when the merge folded
it into one of our failures, or when one of our rules that names it (its file's ``axe``) failed the same
element: the matching of ``benchmarks/precision.py``, shared. Prints a Markdown table, one row per axe rule
(or per rule named), grouped into WCAG rules a static read can decide, WCAG rules that need the rendered
page (:data:`RENDERING`), and best practices, each group with its total; with ``--list``, each violation not
failed here (file, line:column, selector, snippet), to explain by hand.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from precision import Tally, share, tally  # type: ignore[import-not-found]  # run as a script from benchmarks/

# axe rules decided from layout or computed colours: a static read cannot decide them (issue 16 takes contrast)
RENDERING = frozenset(["color-contrast", "color-contrast-enhanced", "link-in-text-block", "target-size",
                       "css-orientation-lock", "scrollable-region-focusable"])
TEXT_MAX = 160
HEADER = ["| axe rule | WCAG | axe's violations | failed here too | not here | share |",
          "|---|---|---:|---:|---:|---:|"]


def group_of(rule: str, data: Tally) -> str:
    """Which group an axe rule's row goes in."""
    if not data.axe_wcag.get(rule):
        return "best practices"
    return "WCAG, needs rendering" if rule in RENDERING else "WCAG, static"


def table(data: Tally, rules: Iterable[str]) -> str:
    """The rows of ``rules``, most violations first within each group, and each group's total."""
    lines = list(HEADER)
    chosen = set(rules)
    for group in ("WCAG, static", "WCAG, needs rendering", "best practices"):
        members = sorted((r for r in chosen if group_of(r, data) == group),
                         key=lambda r: (-(data.also_ours[r] + data.missed[r]), r))
        for rule in members:
            found, missed = data.also_ours[rule], data.missed[rule]
            lines.append(f"| {rule} | {', '.join(data.axe_wcag.get(rule, ())) or '-'} | {found + missed} | {found} | "
                         f"{missed} | {share(found, found + missed)} |")
        found = sum(data.also_ours[r] for r in members)
        total = found + sum(data.missed[r] for r in members)
        lines.append(f"| **{group}** | | {total} | {found} | {total - found} | {share(found, total)} |")
    return "\n".join(lines)


def listing(data: Tally, rules: Iterable[str]) -> str:
    """Each violation of ``rules`` not failed here, by rule, file and place."""
    chosen = set(rules)
    missed = sorted(((result["rule"][len("axe/"):], path, result) for path, result in data.missed_results
                     if result["rule"][len("axe/"):] in chosen),
                    key=lambda item: (item[0], item[1], item[2].get("line", 1), item[2].get("column", 1)))
    return "\n".join(f"- {rule}: {path} {result.get('line', 1)}:{result.get('column', 1)} "
                     f"`{result.get('selector', '')}`: {' '.join(result.get('snippet', '').split())[:TEXT_MAX]}"
                     for rule, path, result in missed)


def main(argv: list[str] | None = None) -> int:
    """Command line: read the report, print the table (and the list)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path, help="a JSON report of --engine both")
    parser.add_argument("rules", nargs="*", help="axe rule ids (default: every axe rule with a violation)")
    parser.add_argument("--list", action="store_true", help="list every violation not failed here")
    args = parser.parse_args(argv)
    data = tally(json.loads(args.report.read_text(encoding="utf-8")))
    seen = set(data.also_ours) | set(data.missed)
    unknown = [rule for rule in args.rules if rule not in seen]
    if unknown:
        print(f"axe_agreement: no violation of axe rule {unknown[0]} in {args.report}", file=sys.stderr)
        return 2
    rules = args.rules or sorted(seen)
    print(table(data, rules))
    if args.list:
        print("\n" + listing(data, [r for r in rules if group_of(r, data) != "WCAG, needs rendering"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
