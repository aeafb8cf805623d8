"""The command line: ``a11ycheck PATH...``, ``a11ycheck rules``, ``a11ycheck rule ID``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence

from . import __version__
from .engine import Options, check
from .reporters import json as json_reporter
from .reporters import text as text_reporter
from .results import Report
from .ruleset import load_rules

__all__ = ["main"]

EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")
SKIP_DIRS = {"node_modules", "__pycache__"}
SUBCOMMANDS = ("rules", "rule")


class UsageError(Exception):
    """A command line that cannot be run; exit code 2."""


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="a11ycheck",
        description="Check HTML pages for accessibility failures (WCAG 2.2, W3C ACT rules).",
        epilog="Subcommands: 'a11ycheck rules' lists the rules, 'a11ycheck rule ID' explains one.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="HTML files or directories; - reads stdin")
    parser.add_argument("--format", default="text", choices=("text", "json"), help="output format")
    parser.add_argument("--select", action="append", metavar="RULE,...", help="only these rules or tags")
    parser.add_argument("--ignore", action="append", metavar="RULE,...", help="skip these rules or tags")
    parser.add_argument("--include-passed", action="store_true", help="also report passed and inapplicable")
    parser.add_argument("--root", metavar="DIR", default=os.environ.get("A11YCHECK_ROOT"),
                        help="site root for root-relative URLs of local media (env A11YCHECK_ROOT)")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    parser.add_argument("--version", action="version", version=f"a11ycheck {__version__}")
    return parser


def discover(paths: Sequence[str]) -> Iterator[str]:
    """Files to check: given files as they are, directories walked for HTML files in sorted order."""
    for path in paths:
        if path != "-" and os.path.isdir(path):
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
                for name in sorted(files):
                    if name.lower().endswith(EXTENSIONS):
                        yield os.path.join(folder, name)
        else:
            yield path


def _read_stdin() -> bytes:
    return sys.stdin.buffer.read()


def run_check(args: argparse.Namespace) -> int:
    select = _split(args.select) or None
    ignore = _split(args.ignore)
    known = load_rules()
    tags = {tag for rule in known.values() for tag in rule.tags}
    unknown = [name for name in (*(select or ()), *ignore) if name not in known and name not in tags]
    if unknown:
        raise UsageError(f"unknown rule or tag: {', '.join(unknown)} (see 'a11ycheck rules')")
    options = Options(select=select, ignore=ignore, include_passed=args.include_passed, root=args.root)
    reports: list[Report] = []
    for path in discover(args.paths):
        if path == "-":
            reports.append(check(_read_stdin(), path="-", options=options))
        else:
            from pathlib import Path

            reports.append(check(Path(path), path=path, options=options))
    for report in reports:
        if report.error is not None:
            print(f"a11ycheck: {report.path}: {report.error}", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(json_reporter.render(reports))
    else:
        sys.stdout.write(text_reporter.render(reports, color=_use_color(args.color)))
    if any(r.error is not None for r in reports):
        return 2
    return 1 if any(result.outcome == "failed" for r in reports for result in r.results) else 0


def _use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def run_rules(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="a11ycheck rules", description="List the rules.")
    parser.add_argument("--format", default="text", choices=("text", "json"))
    args = parser.parse_args(argv)
    rules = load_rules()
    if args.format == "json":
        data = [
            {"id": r.id, "title": r.title, "impact": r.impact, "wcag": list(r.wcag), "act": list(r.act),
             "tags": list(r.tags), "status": r.status, "help": r.help}
            for r in rules.values()
        ]
        print(json.dumps(data, indent=2))
        return 0
    width = max(len(r.id) for r in rules.values())
    for rule in rules.values():
        criteria = ",".join(rule.wcag) or "-"
        print(f"{rule.id:<{width}}  {rule.impact:<8}  {criteria:<14}  {rule.title}")
    return 0


def run_rule(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="a11ycheck rule", description="Explain one rule.")
    parser.add_argument("id")
    args = parser.parse_args(argv)
    rule = load_rules().get(args.id)
    if rule is None:
        raise UsageError(f"unknown rule: {args.id} (see 'a11ycheck rules')")
    print(f"# {rule.id}: {rule.title}\n")
    print(f"Impact: {rule.impact}   WCAG: {', '.join(rule.wcag) or '-'}   ACT: {', '.join(rule.act) or '-'}")
    print(f"Tags: {', '.join(rule.tags) or '-'}   Status: {rule.status}\n")
    print(f"## Why it matters\n\n{rule.description}\n\n## How to fix\n\n{rule.fix}\n")
    for example in rule.examples:
        print(f"## Example ({example.outcome}){': ' + example.note if example.note else ''}\n")
        print("    " + "\n    ".join(example.html.strip().splitlines()) + "\n")
    print(f"More: {rule.help}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "rules":
            return run_rules(argv[1:])
        if argv and argv[0] == "rule":
            return run_rule(argv[1:])
        return run_check(_check_parser().parse_args(argv))
    except UsageError as exc:
        print(f"a11ycheck: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
