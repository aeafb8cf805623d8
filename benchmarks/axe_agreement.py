"""Per rule of ours, its failures against axe-core's violations of the rules its file names (``axe``), on the
same element.

    python benchmarks/axe_agreement.py OURS.json AXE.json [RULE ...] [--list]

OURS.json is a static run (``python -m a11ycheck CORPUS --format json``), AXE.json a run with axe-core
(``--engine both`` or ``--engine axe``; its results of engine ``axe`` carry rule ``axe/<id>``). An element
is a file and a line:column. Only pages axe-core checked count (the report names ``axe-core`` among
the file's engines). Prints a Markdown table: axe's violations, ours, both, axe's alone, ours alone; with
``--list``, each difference (file, line:column, selector, snippet or message) to check by hand.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from a11ycheck.ruleset import load_rules

Place = tuple[str, int, int]
TEXT_MAX = 160


def failures(report: Mapping[str, Any], rules: Iterable[str], prefix: str = "") -> dict[str, dict[Place, dict]]:
    """rule → place → result, for the failed results of ``rules`` (named with ``prefix`` in the report)."""
    wanted = {prefix + rule: rule for rule in rules}
    found: dict[str, dict[Place, dict]] = {rule: {} for rule in wanted.values()}
    for file in report["files"]:
        for result in file["results"]:
            rule = wanted.get(result["rule"])
            if rule is not None and result["outcome"] == "failed":
                found[rule][(file["path"], result["line"], result["column"])] = result
    return found


def checked_by_axe(report: Mapping[str, Any]) -> set[str]:
    """The files axe-core checked."""
    return {file["path"] for file in report["files"] if "axe-core" in file.get("engines", {})}


def agreement(ours: Mapping[str, Any], axe: Mapping[str, Any], axe_ids: Mapping[str, tuple[str, ...]],
              listing: bool = False) -> str:
    """The Markdown table (and with ``listing`` the differences), one row per rule of ``axe_ids``."""
    pages = checked_by_axe(axe)
    mine = failures(ours, axe_ids)
    theirs = failures(axe, {a for ids in axe_ids.values() for a in ids}, prefix="axe/")
    rows = ["| rule | axe-core | axe's | ours | both | axe's alone | ours alone | axe's also ours |",
            "|---|---|---:|---:|---:|---:|---:|---:|"]
    notes: list[str] = []
    for rule, ids in axe_ids.items():
        found = {place: r for place, r in mine[rule].items() if place[0] in pages}
        reported = {place: r for a in ids for place, r in theirs[a].items()}
        both = found.keys() & reported.keys()
        share = f"{len(both) / len(reported):.1%}" if reported else "-"
        rows.append(f"| {rule} | {', '.join(ids)} | {len(reported)} | {len(found)} | {len(both)} | "
                    f"{len(reported.keys() - both)} | {len(found.keys() - both)} | {share} |")
        for label, side, text in (("axe's alone", reported, "snippet"), ("ours alone", found, "message")):
            for place in sorted(side.keys() - both) if listing else ():
                result = side[place]
                notes.append(f"- {rule}, {label}: {place[0]} {place[1]}:{place[2]} `{result['selector']}`: "
                             f"{result[text][:TEXT_MAX]}")
    return "\n".join(rows + ([""] if notes else []) + notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ours", type=Path)
    parser.add_argument("axe", type=Path)
    parser.add_argument("rules", nargs="*", help="our rule ids (default: every rule that names an axe rule)")
    parser.add_argument("--list", action="store_true", help="list every difference")
    args = parser.parse_args(argv)
    known = load_rules()
    unknown = [rule for rule in args.rules if rule not in known]
    if unknown:
        print(f"axe_agreement: unknown rule {unknown[0]}", file=sys.stderr)
        return 2
    axe_ids = {rule: tuple(known[rule].axe) for rule in args.rules or sorted(known) if known[rule].axe}
    reports = [json.loads(path.read_text(encoding="utf-8")) for path in (args.ours, args.axe)]
    print(agreement(*reports, axe_ids, listing=args.list))
    return 0


if __name__ == "__main__":
    sys.exit(main())
