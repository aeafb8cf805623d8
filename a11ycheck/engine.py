"""The one entry point: ``check(source, *, path=None, options=None) -> Report``.

Pure and free of global state: the CLI, the pytest plugin, parallel workers and cluster tasks all
call it, and its reports serialise to plain JSON.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .budget import TIMEOUT, OverBudget, within
from .checks import Finding, load_checks
from .document import Document
from .fetch import FetchedPage
from .localfiles import LocalFiles
from .results import OUTCOMES, Report, Result, Severity
from .ruleset import Rule, help_link, load_rules
from .source import MAX_BYTES, InputError, Source, read_file
from .suppress import SUPPRESSION_KEY, UNUSED_SUPPRESSION, Suppressor

__all__ = ["Options", "check", "check_file", "check_local", "example_findings", "internal_error", "select_rules",
           "severity_of"]

_FRAGMENT_RE = re.compile(r"<(?:!doctype|html|head|body)[\s>/]", re.IGNORECASE)


@dataclass(frozen=True)
class Options:
    """What to check and how. Every field has a default that checks everything."""

    select: tuple[str, ...] | None = None  # rule ids or tags; None = every stable rule
    ignore: tuple[str, ...] = ()
    include_passed: bool = False
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    root: str | None = None  # site root: local files are read inside it only (None: the page file's folder)
    url: str | None = None  # the page's own URL, when known
    fetched: str | None = None  # the final URL of a page fetched by URL: its same-origin style sheets are fetched too
    fragment: bool | None = None  # None: decide from the source
    ignore_selectors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # rule id or "*" -> selectors
    timeout: float = TIMEOUT  # seconds a page may take: its fetch, its check (each)
    max_bytes: int = MAX_BYTES  # a page read from a file, stdin or a URL may be no larger
    severity: Mapping[str, Severity] = field(default_factory=dict)  # rule id -> level (see severity_of)
    help_url: str | None = None  # where a team hosts the rule pages, "https://…/{rule}" (default: the repository's)


def severity_of(rule_id: str, options: Options, rule: Rule | None = None) -> Severity:
    """A rule's severity in a run: the policy's level for it (:mod:`~a11ycheck.policy`), else its rule file's
    (``rule``, or the known rule of that id); an id of no rule of ours (axe-core's own) is an error."""
    if rule_id in options.severity:
        return options.severity[rule_id]
    rule = rule or load_rules().get(rule_id)
    return rule.severity if rule is not None else "error"


def _matches(rule: Rule, names: Iterable[str]) -> bool:
    return any(name == rule.id or name in rule.tags for name in names)


def select_rules(options: Options, rules: Mapping[str, Rule] | None = None) -> list[Rule]:
    """The rules an :class:`Options` selects, in id order."""
    rules = load_rules() if rules is None else rules
    chosen = []
    for rule in rules.values():
        selected = rule.status == "stable" if options.select is None else _matches(rule, options.select)
        if selected and not _matches(rule, options.ignore):
            chosen.append(rule)
    return chosen


def is_fragment(text: str) -> bool:
    """True for markup with no doctype and no html, head or body tag: a component, not a page."""
    return _FRAGMENT_RE.search(text) is None


def check(source: str | bytes | Source | os.PathLike[str] | Any, *, path: str | None = None,
          options: Options | None = None) -> Report:
    """Check one page and return its report. Input errors become ``Report.error``.

    ``source`` is page bytes (decoded as a browser would), text, a :class:`Source`, a path, or a
    BeautifulSoup object (checked as its serialisation, so positions refer to that text). Local files
    the page names (media, tracks, frames) are read inside ``options.root`` only, or, without one,
    inside the folder of a page given as a path; ``path`` is a label and never makes a page local.
    A page that takes longer than ``options.timeout`` is a report with only an error.
    """
    options = options or Options()
    page_file = os.fspath(source) if isinstance(source, os.PathLike) else None  # read from a local file
    name = path or page_file or "<input>"
    try:
        if page_file is not None:
            source = read_file(page_file, options.max_bytes)
        if isinstance(source, bytes):
            source = Source.from_bytes(source)
        elif isinstance(source, str):
            source = Source.from_text(source)
        # (a path was read above: os.PathLike here only tells the type checker so)
        elif not isinstance(source, Source | os.PathLike) and callable(getattr(source, "decode", None)):
            source = Source.from_text(source.decode())
    except InputError as exc:
        return Report(path=name, error=str(exc))
    if not isinstance(source, Source):
        raise TypeError(f"cannot check a {type(source).__name__}")
    return _checked(source, name, options, LocalFiles.for_page(page_file, options.root))


def check_local(data: bytes, files: LocalFiles, *, path: str, options: Options) -> Report:
    """Check the bytes already read from the local page file ``path``, whose local files are ``files``
    (``LocalFiles.of_file``; the result cache's door: it checks the very bytes it keyed the entry on,
    and records what the page looked up inside the root)."""
    try:
        source = Source.from_bytes(data)
    except InputError as exc:
        return Report(path=path, error=str(exc))
    return _checked(source, path, options, files)


def _checked(source: Source, name: str, options: Options, files: LocalFiles | None) -> Report:
    """The report of a decoded page, within its time budget."""
    collecting = gc.isenabled()
    gc.disable()  # see run_rules; the collector comes back once the page's objects are freed
    try:
        report = within(options.timeout, _check_source, source, name, options, files)
    except OverBudget as exc:
        return Report(path=name, error=str(exc))
    finally:
        if collecting:
            gc.enable()
    report.encoding = source.encoding
    return report


def _check_source(source: Source, name: str, options: Options, files: LocalFiles | None) -> Report:
    fetched = FetchedPage(options.fetched, options.timeout, options.max_bytes) if options.fetched else None
    doc = Document(source, path=name, url=options.url, files=files, fetched=fetched)
    try:
        return _run_rules(doc, select_rules(options), options)
    finally:
        doc.release()


def internal_error(exc: Exception) -> str:
    """A page's one-line error for a bug met while checking it (the batch goes on without that page)."""
    return f"internal error, please report it: {type(exc).__name__}: {' '.join(str(exc).split())}"


def check_file(path: str, options: Options | None = None) -> Report:
    """Check a file by path (``-`` is not handled here); unreadable files give ``Report.error``."""
    return check(Path(path), path=path, options=options)


def run_rules(doc: Document, rules: Iterable[Rule], options: Options) -> Report:
    """Run rules over a parsed document and collect their results; suppressed findings are set apart.

    The ``unused-suppression`` rule, when selected, runs last: it reports the directives that no
    finding of the rules before it used.
    """
    # The checks allocate many short-lived objects and make no reference cycles worth collecting
    # mid-page: the cyclic collector's passes over a large page's objects cost 10-15% of a check.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_rules(doc, rules, options)
    finally:
        if collecting:
            gc.enable()  # (the document, still alive, is the caller's)


def _run_rules(doc: Document, rules: Iterable[Rule], options: Options, kept: list[Finding] | None = None) -> Report:
    """Run the rules over the page; ``kept`` (for rule examples) receives every finding reported."""
    checks = load_checks()
    fragment = options.fragment if options.fragment is not None else is_fragment(doc.source.text)
    report = Report(path=doc.path or "<input>")
    summary: dict[str, int] = dict.fromkeys(OUTCOMES, 0)
    suppressor = Suppressor(doc, options.ignore_selectors)
    ordered = sorted(rules, key=lambda r: r.id == UNUSED_SUPPRESSION)
    doc.memo(SUPPRESSION_KEY, lambda: (suppressor, [r.id for r in ordered if r.id != UNUSED_SUPPRESSION]))

    def take(rule: Rule, finding: Finding) -> None:
        outcome = finding.outcome
        if suppressor and (outcome == "failed" or outcome == "cantTell"):
            reason = suppressor.reason(rule.id, finding.element)
            if reason is not None:
                report.suppressed.append(_result(doc, rule, finding, options, reason=reason))
                return
        summary[outcome] += 1
        if kept is not None:
            kept.append(finding)
        if options.include_passed or outcome == "failed" or outcome == "cantTell":
            report.results.append(_result(doc, rule, finding, options))

    for rule in ordered:
        func = checks.get(rule.id)
        if func is None:
            raise LookupError(f"rule {rule.id!r} has no check function")
        count = 0
        if not (fragment and rule.page):
            # Each finding is taken as the check yields it, not gathered first: findings can carry much
            # data (a heading's whole accessible name), and the results keep only what they report.
            rule_opts = {**rule.options, **options.rule_options.get(rule.id, {})}
            undo = _Undo(report, summary, suppressor, rule.id, kept)
            try:
                for finding in _guarded(func, doc, rule_opts):
                    count += 1
                    take(rule, finding)
                    del finding  # (not kept while the check looks for the next)
            except _TooDeep:  # as if the check had found only this
                undo()
                count = 1
                take(rule, Finding(doc.root, "cantTell", "internal", {"error": "the page nests too deeply"}))
        if not count:
            summary["inapplicable"] += 1
            if options.include_passed:
                report.results.append(_result(doc, rule, Finding(doc.root, "inapplicable", ""), options))
    report.summary = summary
    report.results.sort(key=lambda r: (r.line, r.column, r.rule))
    return report


class _TooDeep(Exception):
    """A check ran out of stack (RecursionError) while producing its findings."""


def _guarded(func: Callable[[Document, dict[str, Any]], Iterable[Finding]], doc: Document,
             options: dict[str, Any]) -> Iterator[Finding]:
    """The findings of a check; a RecursionError of the check itself (not of what is done with each
    finding between two of them) becomes :class:`_TooDeep`."""
    try:
        iterator = iter(func(doc, options))
    except RecursionError:
        raise _TooDeep from None
    while True:
        try:
            finding = next(iterator)
        except StopIteration:
            return
        except RecursionError:
            raise _TooDeep from None
        yield finding
        del finding


class _Undo:
    """Takes back what one rule's findings added (results, counts, suppressions used) when its check
    fails part way, so that its outcome is as if the check had found nothing."""

    def __init__(self, report: Report, summary: dict[str, int], suppressor: Suppressor, rule_id: str,
                 kept: list[Finding] | None) -> None:
        self.report, self.summary, self.rule_id, self.kept = report, summary, rule_id, kept
        self.lengths = len(report.results), len(report.suppressed), len(kept or ())
        self.counts = dict(summary)
        self.unused = [d for d in suppressor.directives if rule_id not in d.used]

    def __call__(self) -> None:
        del self.report.results[self.lengths[0]:]
        del self.report.suppressed[self.lengths[1]:]
        if self.kept is not None:
            del self.kept[self.lengths[2]:]
        self.summary.update(self.counts)
        for directive in self.unused:
            directive.used.discard(self.rule_id)


def _result(doc: Document, rule: Rule, finding: Finding, options: Options, *, reason: str | None = None) -> Result:
    element = doc.root if finding.element is None else finding.element  # page-level: the <html> start tag
    if finding.span is not None:  # a finding about source text that is no element (a comment)
        line, column = doc.source.position(finding.span[0])
        snippet = doc.source.text[finding.span[0]:finding.span[1]]
        snippet = " ".join(snippet.split())
    else:
        line, column = doc.position(element)
        snippet = doc.snippet(element)
    if finding.outcome == "inapplicable":
        message = f"{rule.title}: nothing in the page to check"
    elif finding.message == "internal":
        message = f"a11ycheck could not finish this rule: {finding.data['error']}"
    else:
        message = rule.message(finding.message, finding.data)
    return Result(
        rule=rule.id,
        outcome=finding.outcome,
        impact=rule.impact,
        message=message,
        line=line,
        column=column,
        snippet=snippet,
        selector="" if finding.span is not None else doc.selector(element),
        wcag=list(rule.wcag),
        act=list(rule.act),
        axe=list(rule.axe),
        help=help_link(rule, options.help_url),
        severity="warning" if finding.warning else severity_of(rule.id, options, rule),
        reason=reason,
    )


def example_findings(rule: Rule, html: str, options: Mapping[str, Any] | None = None) -> tuple[Document, list[Finding]]:
    """The findings a rule reports on one of its examples (suppressed ones left out), and the page they are
    about; the example's outcome is the worst of theirs (``inapplicable`` when there are none)."""
    opts = Options(select=(rule.id,), fragment=False, rule_options={rule.id: dict(options or {})})
    doc = Document(Source.from_text(html))
    findings: list[Finding] = []
    _run_rules(doc, [rule], opts, findings)
    return doc, findings
