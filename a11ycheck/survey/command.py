"""The two subcommands: ``a11ycheck survey INPUT... --out DIR`` and ``a11ycheck survey-report DIR``.

``a11ycheck.cli.main`` hands them their arguments; a :class:`~a11ycheck.config.UsageError` they raise
is its exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..config import UsageError
from ..policy import Overrides, build, split_names
from .report import report
from .runner import SPLIT_BYTES, run

__all__ = ["report_main", "survey_main"]


def survey_main(argv: Sequence[str]) -> int:
    """``a11ycheck survey``: exit code 0, or 1 if a unit of work failed for good."""
    parser = argparse.ArgumentParser(
        prog="a11ycheck survey",
        description="Check every HTML page of web archives (WARC) on a Dask cluster; write the results as Parquet.",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help=".warc or .warc.gz files, folders holding them, or URLs (s3://bucket/crawl/*.warc.gz)")
    parser.add_argument("--out", required=True, metavar="DIR", help="the Parquet store (a rerun skips what is done)")
    parser.add_argument("--scheduler", metavar="URL",
                        help="a running Dask scheduler (tcp://HOST:8786); default: a local cluster")
    parser.add_argument("--workers", type=int, metavar="N", help="local cluster: N worker processes (default: cores)")
    parser.add_argument("--split-bytes", type=int, default=SPLIT_BYTES, metavar="N",
                        help=f"split gzipped archives over N bytes into ranges (default {SPLIT_BYTES}; 0: never)")
    parser.add_argument("--select", action="append", metavar="RULE,...", help="only these rules or tags")
    parser.add_argument("--ignore", action="append", metavar="RULE,...", help="skip these rules or tags")
    parser.add_argument("--config", metavar="FILE", help="read settings from this file (default: none)")
    args = parser.parse_args(argv)
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    overrides = Overrides(select=split_names(args.select) or None, ignore=split_names(args.ignore))
    options, policy = build(None, overrides, config_file=args.config)
    try:
        summary = run(args.inputs, args.out, scheduler=args.scheduler, options=options, policy=policy,
                      workers=args.workers, split_bytes=args.split_bytes)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    print(f"a11ycheck survey: {summary.text()}", file=sys.stderr)
    return 1 if summary.failed_units else 0


def report_main(argv: Sequence[str]) -> int:
    """``a11ycheck survey-report``: write the HTML page and the Markdown summary, print their paths."""
    parser = argparse.ArgumentParser(prog="a11ycheck survey-report",
                                     description="Sum up a survey: an HTML page with charts and a Markdown summary.")
    parser.add_argument("out", metavar="DIR", help="the folder 'a11ycheck survey --out' wrote")
    parser.add_argument("--html", metavar="FILE", help="where to write the HTML page (default: DIR/report.html)")
    parser.add_argument("--markdown", metavar="FILE", help="where to write the summary (default: DIR/report.md)")
    args = parser.parse_args(argv)
    if not (Path(args.out) / "pages").is_dir():
        raise UsageError(f"{args.out}: no survey here (no pages folder)")
    html_file, markdown_file = report(args.out, html_path=args.html, markdown_path=args.markdown)
    print(html_file)
    print(markdown_file)
    return 0
