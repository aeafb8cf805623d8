"""The command line: ``a11ycheck PATH...``, ``a11ycheck rules``, ``a11ycheck rule ID``."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from types import FrameType
from typing import TYPE_CHECKING

from . import __version__, warc
from .budget import TIMEOUT
from .cache import DEFAULT_DIR, Cache, CacheUnusable, open_cache
from .checks import load_checks
from .config import SEVERITIES, UsageError
from .engine import Options, check
from .fetch import is_url, source_of
from .fileio import WriteError, write_file, write_text
from .parallel import check_many, check_path, default_jobs, map_jobs
from .policy import DEFAULT_FAIL_ON, Overrides, Policy, build, split_names
from .reporters import MAX_ANNOTATIONS, REPORTERS, Context, Text
from .results import IMPACTS, Report
from .ruleset import RuleError, load_rules
from .shown import quote_path, visible
from .sites import DELAY, PER_HOST, Gate, SiteInputs, check_urls, resolve
from .source import HTML_EXTENSIONS, MAX_BYTES, InputError, read_stream

__all__ = ["UsageError", "main"]

# What only some runs need is imported where it is used (baseline, reporters, the worker pool, the browser,
# the survey, rule pages): a small page's run starts in a fraction of the time (docs/speed.md, issue 17).

SKIP_DIRS = {"node_modules", "__pycache__"}  # and every hidden folder (.git, .venv, ...)


FORMATS = tuple(REPORTERS)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more, got {text!r}")
    return value


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds, 0 or more, got {text!r}")
    return value


def _positive_int(text: str) -> int:
    value = _count(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number, 1 or more, got {text!r}")
    return value


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="a11ycheck",
        description="Check HTML pages (files, folders, URLs, web archives) for accessibility failures "
                    "(WCAG 2.2, W3C ACT rules).",
        epilog="Subcommands: 'a11ycheck rules' lists the rules, 'a11ycheck rule ID' explains one.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="HTML files, directories (searched for *.html *.htm *.xhtml *.shtml), http(s) URLs "
                             "(a sitemap's URL: its pages), "
                             "web archives (.warc, .warc.gz); - reads stdin")
    parser.add_argument("--format", default="text", metavar="FORMAT[=FILE],...",
                        help=f"output formats ({', '.join(FORMATS)}); FORMAT=FILE writes that one to FILE")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the (single) standard-output format to FILE")
    parser.add_argument("--select", action="append", metavar="RULE,...", help="only these rules or tags")
    parser.add_argument("--extend-select", action="append", metavar="RULE,...", help="add rules or tags")
    parser.add_argument("--ignore", action="append", metavar="RULE,...", help="skip these rules or tags")
    parser.add_argument("--fail-on", metavar="IMPACT",
                        help=f"minimum impact ({', '.join(IMPACTS)}) of a failure that makes the exit code 1 "
                             f"(default: the configuration's, else {DEFAULT_FAIL_ON})")
    parser.add_argument("--severity", action="append", metavar="RULE=LEVEL,...",
                        help="error, warning or off for rules or tags, over the configuration's "
                             "(--severity news=error: the newsroom rules fail the run too)")
    parser.add_argument("--include-passed", action="store_true", help="also report passed and inapplicable")
    parser.add_argument("--review", action="store_true",
                        help="list the items that need a human review (cantTell), one per element; without it "
                             "text, github, junit, sarif and html only count them (json, jsonl, earl keep all)")
    parser.add_argument("--fragment", action="store_true", help="check input as fragments: no page-level rules")
    parser.add_argument("--root", metavar="DIR", default=os.environ.get("A11YCHECK_ROOT"),
                        help="site root: root-relative URLs resolve into it, and no local file outside it is read "
                             "(default: env A11YCHECK_ROOT, else the configuration's root, else each page file's "
                             "own folder)")
    parser.add_argument("--config", metavar="FILE", help="read settings from this file only")
    parser.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    parser.add_argument("--baseline", metavar="FILE", help="report only findings that are not in this baseline")
    parser.add_argument("--write-baseline", metavar="FILE", help="record today's findings as the baseline")
    parser.add_argument("--engine", choices=("static", "axe", "both"), default="static",
                        help="static rules, axe-core in headless Chromium, or both merged (browser extra)")
    parser.add_argument("--axe-script", metavar="FILE", help="run this axe.min.js instead of the bundled axe-core")
    parser.add_argument("--timeout", type=_positive, metavar="SECONDS",
                        help=f"a page's time budget: its fetch, its check; its load and axe run in a browser engine "
                             f"(default {TIMEOUT:g})")
    parser.add_argument("--max-size", type=_positive, metavar="MB",
                        help=f"refuse pages larger than this (files, stdin, URLs, archived pages; "
                             f"default {MAX_BYTES >> 20})")
    parser.add_argument("--no-cache", action="store_true",
                        default=os.environ.get("A11YCHECK_NO_CACHE", "") not in ("", "0"),
                        help="check every page again: neither read nor write the result cache "
                             "(default: env A11YCHECK_NO_CACHE, set and not 0)")
    parser.add_argument("--cache-dir", metavar="DIR", default=os.environ.get("A11YCHECK_CACHE_DIR"),
                        help=f"the result cache's folder (default: env A11YCHECK_CACHE_DIR, else the configuration's "
                             f"cache-dir, else {DEFAULT_DIR} in the project root)")
    parser.add_argument("--jobs", "-j", type=int, default=default_jobs(), metavar="N",
                        help="check files in N processes, pages in N browsers with --engine axe|both (default: the "
                             "number of cores)")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    parser.add_argument("--show-source", action="store_true", help="text format: a code frame under each finding")
    parser.add_argument("--statistics", action="store_true", help="text format: counts per rule and status")
    parser.add_argument("--per-page", action="store_true",
                        help="text, html, json: no site view (defects on several pages grouped): every failure "
                             "under its page")
    parser.add_argument("--max-annotations", type=_count, default=MAX_ANNOTATIONS, metavar="N",
                        help=f"github format: at most N annotations of each type, then a notice counting the rest "
                             f"(default {MAX_ANNOTATIONS}, GitHub shows about ten per step; 0: no cap)")
    site = parser.add_argument_group("sites", "the pages of sitemaps and URL lists (robots.txt honoured); every "
                                              "fetch of the run is polite to its host (--per-host, --delay)")
    site.add_argument("--sitemap", action="append", default=[], metavar="URL|FILE",
                      help="check the pages of this sitemap or sitemap index (gzipped too); only its own host's")
    site.add_argument("--urls", action="append", default=[], metavar="FILE",
                      help="check the URLs of this file, one a line (# comments)")
    site.add_argument("--max-pages", type=_count, metavar="N", help="at most N pages from sitemaps and URL lists")
    site.add_argument("--delay", type=_seconds, default=DELAY, metavar="SECONDS",
                      help=f"seconds between the starts of two requests to one host (default {DELAY:g})")
    site.add_argument("--per-host", type=_positive_int, default=PER_HOST, metavar="N",
                      help=f"requests at once to one host (default {PER_HOST})")
    site.add_argument("--ignore-robots", action="store_true",
                      help="also check the sitemap and list pages that robots.txt disallows to a11ycheck")
    parser.add_argument("--version", action="version", version=f"a11ycheck {__version__}")
    return parser


def discover(paths: Sequence[str]) -> Iterator[tuple[str, str | None]]:
    """Files to check, each with the reason it cannot be listed (or None).

    Given files come as they are; directories are walked for HTML files in sorted order, skipping
    hidden folders and ``node_modules``, following symlinked folders once (a link loop ends there).
    A directory without any is a usage error.
    """
    for path in paths:
        if path == "-" or is_url(path) or not os.path.isdir(path):
            yield path, None
            continue
        seen: set[tuple[int, int]] = set()
        errors: list[OSError] = []
        listed = False
        for folder, dirs, files in os.walk(path, followlinks=True, onerror=errors.append):
            yield from _walk_errors(errors, folder)
            listed = listed or bool(errors)
            errors.clear()
            stat = os.stat(folder)
            if (stat.st_dev, stat.st_ino) in seen:
                dirs[:] = []
                continue
            seen.add((stat.st_dev, stat.st_ino))
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
            for name in sorted(files):
                if name.lower().endswith(HTML_EXTENSIONS) or warc.is_warc(name):
                    listed = True
                    yield os.path.join(folder, name), None
        yield from _walk_errors(errors, path)
        if not listed and not errors:
            raise UsageError(f"no HTML files found in {quote_path(path)}")


def _walk_errors(errors: list[OSError], folder: str) -> Iterator[tuple[str, str]]:
    for failure in errors:
        yield failure.filename or folder, f"cannot read directory ({failure.strerror or failure})"


def _outputs(spec: str, output: str | None) -> list[tuple[str, str | None]]:
    """``text,sarif=out.sarif`` → [("text", None), ("sarif", "out.sarif")]; at most one goes to stdout."""
    outputs: list[tuple[str, str | None]] = []
    for part in (p.strip() for p in spec.split(",") if p.strip()):
        name, _, dest = part.partition("=")
        if name not in FORMATS:
            raise UsageError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})")
        outputs.append((name, dest or None))
    if not outputs:
        raise UsageError("--format names no format")
    to_stdout = [name for name, dest in outputs if dest is None]
    if len(to_stdout) > 1:
        raise UsageError(f"only one format can go to standard output, not {', '.join(to_stdout)}: use FORMAT=FILE")
    if output is not None:
        if not to_stdout:
            raise UsageError("--output names a file for standard output, but every format has its own file")
        outputs = [(name, dest if dest is not None else output) for name, dest in outputs]
    return outputs


def _levels(settings: Sequence[str]) -> dict[str, str]:
    """``RULE=LEVEL`` settings of the command line (``--severity``), in order."""
    levels: dict[str, str] = {}
    for setting in settings:
        name, equals, level = (part.strip() for part in setting.partition("="))
        if not equals:
            raise UsageError(f"--severity {setting}: expected RULE=LEVEL, LEVEL one of {', '.join(SEVERITIES)}")
        levels[name] = level
    return levels


def _policy(args: argparse.Namespace) -> tuple[Options, Policy]:
    """The run's options and policy: the configuration found from the first path, the command line on top."""
    first = next((p for p in args.paths if p != "-" and not is_url(p)), ".")
    overrides = Overrides(
        select=split_names(args.select) or None, extend_select=split_names(args.extend_select),
        ignore=split_names(args.ignore), severity=_levels(split_names(args.severity)), fail_on=args.fail_on,
        review=True if args.review else None, root=args.root, include_passed=args.include_passed,
        fragment=True if args.fragment else None, timeout=args.timeout, max_size=args.max_size,
    )
    return build(first if os.path.exists(first) else ".", overrides, config_file=args.config, isolated=args.isolated)


def _render(name: str, reports: list[Report], args: argparse.Namespace, color: bool, policy: Policy) -> Text:
    """The text of one output format, from the reporter registry (JSON in pieces: a large report is never
    one string)."""
    context = Context(color=color, show_source=args.show_source, statistics=args.statistics, fail_on=policy.fail_on,
                      review=policy.review, step_summary=os.environ.get("GITHUB_STEP_SUMMARY"),
                      max_annotations=args.max_annotations, site_view=not args.per_page)
    return REPORTERS[name](reports, context)


def run_check(args: argparse.Namespace) -> int:
    """Check the given paths and write the reports; return the exit code."""
    outputs = _outputs(args.format, args.output)
    options, policy = _policy(args)
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    baseline = None
    if args.baseline or args.write_baseline:
        from .baseline import Baseline, BaselineError
    if args.baseline:
        try:
            baseline = Baseline.load(args.baseline)
        except BaselineError as exc:
            raise UsageError(str(exc)) from None
    load_checks()  # a broken installation fails here, once, not once per file
    gate = Gate(timeout=options.timeout, max_bytes=options.max_bytes, delay=args.delay, per_host=args.per_host)
    listed = resolve(discover(args.paths), SiteInputs(args.sitemap, args.urls, args.max_pages, not args.ignore_robots),
                     gate, _warn)
    listed = [(p, e) for p, e in listed if e or p == "-" or is_url(p) or not policy.excluded(p)]
    runner = _browser_runner(args, options, policy, gate) if args.engine != "static" else None
    cache = _cache(args, policy, listed) if runner is None else None
    run = _Run(options, policy, args.jobs, gate, runner, cache)
    try:
        return _check_and_write(listed, args, outputs, run, baseline)
    finally:
        if runner is not None:
            runner.close()  # the browsers end with the run, however it ends


@dataclass(frozen=True)
class _Run:
    """How a run checks its inputs: its options and policy, ``jobs`` worker processes (static engine) or
    browsers (``runner``), the ``gate`` every fetch goes through, and the result cache (None: none)."""

    options: Options
    policy: Policy
    jobs: int
    gate: Gate
    runner: Runner | None
    cache: Cache | None


def _check_and_write(listed: list[tuple[str, str | None]], args: argparse.Namespace,
                     outputs: list[tuple[str, str | None]], run: _Run, baseline: Baseline | None) -> int:
    """Check the listed inputs, write the reports; the exit code."""
    policy = run.policy
    if outputs == [("jsonl", None)] and baseline is None and not args.write_baseline:
        return _stream(listed, run)
    reports = list(_reports(listed, run, ordered=True))
    for report in reports:
        if report.error is not None:
            _warn(report.error, report.path)
    if args.write_baseline:
        from .baseline import Baseline

        Baseline.from_reports(reports, args.write_baseline).write(args.write_baseline)
    stale: list[dict[str, str]] = []
    if baseline is not None:
        dropped, stale = baseline.apply(reports)
        if dropped or stale:
            _warn(f"baseline {quote_path(args.baseline)}: {dropped} known finding{'s' * (dropped != 1)} hidden, "
                 f"{len(stale)} entr{'ies' if len(stale) != 1 else 'y'} no longer occur"
                 + (" (update it with --write-baseline)" if stale else ""))
    for name, dest in outputs:
        text = _render(name, reports, args, _use_color(args.color) and dest is None, policy)
        if dest is None:
            write_text(sys.stdout, text)
        else:
            write_file(dest, text)
    sys.stdout.flush()
    return _exit_code(reports, policy)


def _cache(args: argparse.Namespace, policy: Policy, listed: list[tuple[str, str | None]]) -> Cache | None:
    """The result cache of a run that checks page files (none for stdin, URLs, web archives: they are not
    cached), unless ``--no-cache``; a folder that cannot be used is a warning, and the run goes on without."""
    if args.no_cache or not any(_cacheable(path, error) for path, error in listed):
        return None
    try:
        return open_cache(args.cache_dir, policy.cache_dir, policy.base or os.getcwd())
    except CacheUnusable as exc:
        _warn(str(exc))
        return None


def _cacheable(path: str, error: str | None) -> bool:
    """A page file: checked by the static engine through the cache."""
    return error is None and path != "-" and not is_url(path) and not warc.is_warc(path)


def _exit_code(reports: Iterable[Report], policy: Policy) -> int:
    reports = list(reports)
    if any(r.error is not None for r in reports):
        return 2
    return 1 if any(policy.blocks(x) for r in reports for x in r.results) else 0


if TYPE_CHECKING:
    from .baseline import Baseline
    from .browser import Browsers as Runner


def _reports(listed: list[tuple[str, str | None]], run: _Run, *, ordered: bool) -> Iterator[Report]:
    """Reports for the listed inputs, in their order (within an archive, record order) or, not ``ordered``, as
    they are done: plain files from the run's worker processes (static engine) or browsers (its ``runner``);
    stdin is read here, since workers have none; URLs are fetched here through the ``gate``; each web
    archive's pages are checked by the workers as they are read."""
    progress = Progress(len(listed)) if Progress.wanted(len(listed)) else None
    for report in _inputs(listed, run, ordered):
        if progress:
            progress.step()
        yield report
    if progress:
        progress.close()


def _inputs(listed: list[tuple[str, str | None]], run: _Run, ordered: bool) -> Iterator[Report]:
    options, policy, jobs, runner = run.options, run.policy, run.jobs, run.runner
    batch: list[str] = []

    def flush() -> Iterator[Report]:
        if batch:
            if runner is not None:
                yield from runner.map(list(batch), ordered=ordered)
            elif is_url(batch[0]):
                yield from check_urls(list(batch), options, policy, run.gate, jobs=min(jobs, len(batch)),
                                      ordered=ordered)
            else:
                yield from check_many(list(batch), options, policy=policy, jobs=min(jobs, len(batch)),
                                      ordered=ordered, cache=run.cache)
            batch.clear()

    for path, error in listed:
        if error is None and path != "-" and not warc.is_warc(path):
            if batch and runner is None and is_url(path) != is_url(batch[0]):
                yield from flush()  # files go to the workers, URLs are fetched here first
            batch.append(path)
            continue
        yield from flush()
        if error is not None:
            yield Report(path=path, error=error)
        elif path == "-":
            yield from runner.map(["-"]) if runner is not None else [check_path("-", options, policy)]
        else:
            yield from _archive(path, options, policy, jobs, ordered, browser=runner is not None)
    yield from flush()


def _archive(path: str, options: Options, policy: Policy, jobs: int, ordered: bool, *,
             browser: bool) -> Iterator[Report]:
    """Every HTML page of a web archive, and a line on stderr counting the records it skipped."""
    reason = warc.available() or ("the browser engines do not read web archives: use --engine static" if browser
                                  else None)
    if reason:
        yield Report(path=path, error=reason)
        return
    options = policy.options_for(options, path)
    skipped: Counter[str] = Counter()
    pages = warc.iter_pages(path, skipped=skipped, max_bytes=options.max_bytes)
    yield from map_jobs(_check_archived, pages, options, policy, jobs=jobs, ordered=ordered,
                        failed=warc.failed_item, timeout=options.timeout)
    if skipped:
        counts = ", ".join(f"{kind} {n}" for kind, n in skipped.most_common())
        _warn(f"{sum(skipped.values())} records skipped ({counts})", path)


def _check_archived(item: warc.Page | warc.WarcError, options: Options, policy: Policy) -> Report:
    """One item of an archive (a worker's task), a page with the ``per-file-ignores`` of its URL's path."""
    return warc.check_item(item, policy.options_for(options, item.uri) if isinstance(item, warc.Page) else options)


def _browser_runner(args: argparse.Namespace, options: Options, policy: Policy, gate: Gate) -> Runner:
    """Check inputs in ``--jobs`` headless Chromiums with axe-core (``--engine axe``), merged with the static
    engine's report for ``--engine both``; without a browser, a usage error that says what to install."""
    from . import browser

    reason = browser.available()
    if reason:
        raise UsageError(reason)

    def check_one(session: browser.BrowserSession, path: str) -> Report:
        page = policy.options_for(options, path)
        data: str | bytes | None = None
        static_options = page
        if path == "-":
            try:
                data = read_stream(sys.stdin.buffer, options.max_bytes)
            except InputError as exc:
                return Report(path=path, error=str(exc))
            axe = session.check_source(data, path="-", options=page)
        elif is_url(path):
            try:
                body, media_type, final = gate.fetch(path)
            except InputError as exc:
                return Report(path=path, error=str(exc))
            data = source_of(body, media_type).text
            static_options = replace(page, url=page.url or final, fetched=final)  # (its links, its sheets)
            axe = session.check_source(data, path=path, options=page)
        else:
            axe = session.check_file(path, options=page)
        if args.engine == "axe":
            return axe
        static = check(data, path=path, options=static_options) if data is not None else check_path(path, page)
        return browser.merge(static, axe)

    def open_session() -> browser.BrowserSession:
        return browser.BrowserSession(axe_script=args.axe_script, timeout=options.timeout, options=options)

    return browser.Browsers(args.jobs, open_session, check_one)


def _stream(listed: list[tuple[str, str | None]], run: _Run) -> int:
    """Print each report as a JSON line as soon as it is done (completion order); return the exit code."""
    from .reporters import json as json_reporter

    policy = run.policy
    status = 0
    for report in _reports(listed, run, ordered=False):
        if report.error is not None:
            _warn(report.error, report.path)
        sys.stdout.write(json_reporter.line(report))
        sys.stdout.flush()
        status = max(status, _exit_code([report], policy))
    return status


def _warn(message: str, path: str | None = None) -> None:
    """A line on stderr, ``a11ycheck: [PATH: ]MESSAGE``: the name as reports show it, control characters
    in the message (a page's, an archive's) escaped."""
    where = f"{quote_path(path)}: " if path is not None else ""
    print(f"a11ycheck: {where}{visible(message)}", file=sys.stderr)


class Progress:
    """A one-line progress bar on a terminal's stderr; never in CI logs or pipes."""

    THRESHOLD = 30

    @classmethod
    def wanted(cls, total: int) -> bool:
        return total > cls.THRESHOLD and sys.stderr.isatty() and not os.environ.get("CI")

    def __init__(self, total: int) -> None:
        self.total, self.count = total, 0

    def step(self) -> None:
        self.count += 1
        width = 30
        filled = width * min(self.count, self.total) // self.total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.count}/{self.total} files")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\r" + " " * 60 + "\r")
        sys.stderr.flush()


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
        import json

        data = [
            {"id": r.id, "title": r.title, "impact": r.impact, "severity": r.severity, "wcag": list(r.wcag),
             "act": list(r.act), "axe": list(r.axe), "tags": list(r.tags), "status": r.status, "options": r.options,
             "help": r.help}
            for r in rules.values()
        ]
        print(json.dumps(data, indent=2))
        return 0
    width = max((len(r.id) for r in rules.values()), default=0)
    for rule in rules.values():
        criteria = ",".join(rule.wcag) or "-"
        print(f"{rule.id:<{width}}  {rule.impact:<8}  {rule.severity:<7}  {criteria:<14}  {rule.title}")
    return 0


def run_rule(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="a11ycheck rule", description="Explain one rule.")
    parser.add_argument("id")
    args = parser.parse_args(argv)
    from .rulepages import page
    from .suggest import did_you_mean

    rule = load_rules().get(args.id)
    if rule is None:
        raise UsageError(f"unknown rule: {args.id}{did_you_mean(args.id, load_rules())} (see 'a11ycheck rules')")
    print(page(rule), end="")
    return 0


def run_survey(name: str, argv: Sequence[str]) -> int:
    """``a11ycheck survey`` / ``survey-report``: archives on a Dask cluster (the survey extra)."""
    try:
        from .survey import command
    except ImportError as exc:
        raise UsageError(f"'a11ycheck {name}' needs the survey extra ({exc.name} is missing): "
                         "pip install 'a11ycheck[survey]'") from None
    return (command.survey_main if name == "survey" else command.report_main)(argv)


class Stopped(BaseException):
    """SIGTERM or SIGINT came: the run ends (its browsers and workers with it). A BaseException: nothing that
    contains a page's failure holds it."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by {signal.Signals(signum).name}")
        self.signum = signum


def _stop(signum: int, frame: FrameType | None) -> None:
    for sig in (signal.SIGTERM, signal.SIGINT):  # once: the run ends what it started, undisturbed
        signal.signal(sig, signal.SIG_IGN)
    raise Stopped(signum)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code. SIGTERM and SIGINT end the run with a line that says so."""
    try:
        handlers = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    except ValueError:  # not the main thread (signal handlers are the main thread's)
        return _main(argv)
    try:
        return _main(argv)
    except Stopped as exc:
        _warn(str(exc))
        return 128 + exc.signum
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "rules":
            return run_rules(argv[1:])
        if argv and argv[0] == "rule":
            return run_rule(argv[1:])
        if argv and argv[0] in ("survey", "survey-report"):
            return run_survey(argv[0], argv[1:])
        parser = _check_parser()
        args = parser.parse_args(argv)
        if not (args.paths or args.sitemap or args.urls):
            parser.error("nothing to check: give a PATH, --sitemap or --urls")
        return run_check(args)
    except (UsageError, RuleError, WriteError) as exc:
        _warn(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into head and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
