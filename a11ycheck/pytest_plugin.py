"""The pytest plugin: ``assert_accessible``, the ``a11y`` fixture, the ``a11y`` marker, and ``--a11y``.

Registered through the ``pytest11`` entry point, so installing a11ycheck is enough.
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import pytest

from .engine import Options, check
from .policy import Overrides, Policy, build, split_names
from .results import Report, Result
from .ruleset import load_rules, selectable
from .shown import quote_path, visible
from .source import HTML_EXTENSIONS
from .suggest import did_you_mean
from .targets import as_page, describe, is_webdriver, to_source

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr  # (pytest exports it under no public name)

__all__ = ["A11y", "AccessibilityError", "assert_accessible"]

# The a11y marker of the running test narrows assert_accessible (select / ignore).
_MARK: contextvars.ContextVar[Mapping[str, Any]] = contextvars.ContextVar(
    "a11ycheck_mark", default=MappingProxyType({})
)
# The running test's rootdir: the project whose configuration assert_accessible follows (else the cwd's).
_ROOTDIR: contextvars.ContextVar[Path | None] = contextvars.ContextVar("a11ycheck_rootdir", default=None)
# The running test's name: markup with no path or URL of its own is named after it.
_TEST: contextvars.ContextVar[str | None] = contextvars.ContextVar("a11ycheck_test", default=None)


class AccessibilityError(AssertionError):
    """A page with findings; its text is what the CLI prints, under a one-line summary."""

    def __init__(self, report: Report, failures: Sequence[Any], *, verbose: bool = False, review: bool = False,
                 review_hint: str = "review=True lists them") -> None:
        self.report = report
        self.failures = list(failures)
        self.verbose = verbose
        self.review, self.review_hint = review, review_hint  # list the review items, or say how to
        super().__init__(self.summary)

    @property
    def summary(self) -> str:
        """One line: how many failures of which rules."""
        if self.report.error is not None:
            return f"{quote_path(self.report.path)}: could not be checked: {visible(self.report.error)}"
        rules = sorted({r.rule for r in self.failures})
        count = len(self.failures)
        return f"{quote_path(self.report.path)}: {count} accessibility failure{'s' * (count != 1)} ({', '.join(rules)})"

    def __str__(self) -> str:
        from .reporters import Context
        from .reporters.text import render

        if self.report.error is not None:
            return self.summary
        reviews = [r for r in self.report.results if r.outcome == "cantTell"]
        shown = Report(self.report.path, results=[*self.failures, *reviews], summary=self.report.summary)
        text = render([shown], Context(show_source=True, review=self.review, review_hint=self.review_hint))
        return f"{self.summary}\n\n{text.rstrip()}"


AccessibilityError.__module__ = "a11ycheck"  # where tests import it from, and how pytest names it


def _unknown(names: Iterable[str]) -> str | None:
    """What is wrong with the names that are no rule id and no tag (with the closest known name), or None."""
    names = list(dict.fromkeys(names))
    if not names:
        return None  # the rules are not loaded for nothing (pytest_configure runs in every session)
    known = selectable(load_rules())
    unknown = [name + did_you_mean(name, known) for name in names if name not in known]
    return f"unknown rule or tag: {', '.join(unknown)}" if unknown else None


def _settings(target: Any, select: Iterable[str] | str | None, ignore: Iterable[str] | str | None,
              fragment: bool | None, *, fail_on: str | None = None,
              review: bool | None = None) -> tuple[Options, Policy]:
    """The options and policy of a check from a test: the project's configuration (found upward from a
    path, else from the test's rootdir or the cwd), with the test's marker and the arguments on top."""
    __tracebackhide__ = True
    mark = _MARK.get()
    chosen = split_names(select) if select is not None else mark.get("select")
    ignored = (*split_names(ignore), *mark.get("ignore", ()))
    problem = _unknown([*(chosen or ()), *ignored])
    if problem:
        raise ValueError(problem)
    target = as_page(target)
    path = os.fspath(target) if isinstance(target, os.PathLike) else None
    options, policy = build(path or _ROOTDIR.get() or ".", Overrides(
        select=tuple(chosen) if chosen is not None else None, ignore=ignored, fragment=fragment,
        fail_on=fail_on, review=review))
    return (policy.options_for(options, path) if path else options), policy


def _name(target: Any) -> str:
    """The target's name in reports: its path or URL, else ``<html from TEST>`` inside a test."""
    test = _TEST.get()
    return describe(target, f"<html from {test}>" if test else "<html>")


def _static(target: Any, options: Options) -> Report:
    """The static engine's report; a path is checked as the local file it is (its folder's files may be read)."""
    page = target if isinstance(target, os.PathLike) else to_source(target)
    return check(page, path=_name(target), options=options)


def _check(target: Any, options: Options, engine: str) -> Report:
    __tracebackhide__ = True
    target = as_page(target)
    if engine == "static":
        return _static(target, options)
    from . import browser

    if is_webdriver(target):  # the user's own browser: only the packages are needed
        reason = browser.available(need_browser=False)
        if reason:
            pytest.skip(reason)
        axe = browser.check_driver(target, options=options)
    else:
        reason = browser.available()
        if reason:
            pytest.skip(reason)
        with browser.BrowserSession(options=options) as session:
            axe = session.check_source(to_source(target), path=_name(target))
    if engine == "axe":
        return axe
    return browser.merge(_static(target, options), axe)


def assert_accessible(target: Any, *, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
                      fail_on: str | None = None, engine: str = "static", fragment: bool | None = None,
                      review: bool | None = None) -> Report:
    """Check a page (HTML text or bytes, a path, a soup, an lxml element, a WebDriver, a response; a string
    with no ``<`` is a path, which must name a file) with the project's configuration (``[tool.a11ycheck]``)
    and raise :class:`AccessibilityError` if any failure of error severity reaches ``fail_on`` impact
    (default: the configuration's ``fail-on``, else minor); its text lists the items to review too when
    ``review`` (default: the configuration's). Returns the report."""
    __tracebackhide__ = True  # a failure shows the test's line and the findings, not this function
    if engine not in ("static", "axe", "both"):
        raise ValueError(f"engine must be static, axe or both, not {engine!r}")
    options, policy = _settings(target, select, ignore, fragment, fail_on=fail_on, review=review)
    report = _check(target, options, engine)
    if report.error is not None:
        raise AccessibilityError(report, [])
    failures = _blocking(report, policy)
    if failures:
        raise AccessibilityError(report, failures, review=policy.review)
    return report


def _blocking(report: Report, policy: Policy) -> list[Result]:
    """The failures that fail a test: the same decision as the CLI's exit code (:meth:`Policy.blocks`)."""
    return [r for r in report.results if policy.blocks(r)]


class A11y:
    """The ``a11y`` fixture: check pages inside a test, with the test's marker applied."""

    def check(self, target: Any, *, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
              fragment: bool | None = None, engine: str = "static") -> Report:
        """The report for a target, without asserting."""
        __tracebackhide__ = True
        return _check(target, _settings(target, select, ignore, fragment)[0], engine)

    def axe(self, driver: Any) -> Report:
        """axe-core's report on a WebDriver's current page."""
        __tracebackhide__ = True
        return _check(driver, _settings(driver, None, None, None)[0], "axe")

    assert_accessible = staticmethod(assert_accessible)


# -- pytest hooks -------------------------------------------------------------------------------
def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("a11ycheck", "accessibility checks of HTML files")
    group.addoption("--a11y", action="store_true", help="collect HTML files as accessibility test items")
    group.addoption("--a11y-select", action="append", default=[], metavar="RULE,...", help="only these rules")
    group.addoption("--a11y-ignore", action="append", default=[], metavar="RULE,...", help="skip these rules")
    group.addoption("--a11y-review", action="store_true", help="list the items to review beside the failures")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "a11y(select=None, ignore=None): narrow what assert_accessible checks")
    for option in ("a11y_select", "a11y_ignore"):  # once, before any item runs
        problem = _unknown(split_names(config.getoption(option)))
        if problem:
            raise pytest.UsageError(f"--{option.replace('_', '-')}: {problem}")


@pytest.fixture
def a11y() -> A11y:
    """Check pages from a test: ``a11y.check(html)``, ``a11y.assert_accessible(html)``, ``a11y.axe(driver)``."""
    return A11y()


_MARK_KEYWORDS = ("select", "ignore")


def _mark(marker: pytest.Mark) -> dict[str, tuple[str, ...]]:
    """The a11y marker's keywords, each as a tuple of names; a test with a wrong marker fails, saying why."""
    if marker.args:
        pytest.fail(f"@pytest.mark.a11y takes keywords only (select=, ignore=), not {marker.args!r}", pytrace=False)
    for key in marker.kwargs:
        if key not in _MARK_KEYWORDS:
            pytest.fail(f"@pytest.mark.a11y: unknown keyword {key}{did_you_mean(key, _MARK_KEYWORDS)}; "
                        "it takes select= and ignore=", pytrace=False)
    mark = {key: split_names(value) for key, value in marker.kwargs.items()}
    problem = _unknown(name for names in mark.values() for name in names)
    if problem:
        pytest.fail(f"@pytest.mark.a11y: {problem}", pytrace=False)
    return mark


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    marks = [_mark(marker) for marker in item.iter_markers("a11y")]  # every one checked; the closest applies
    token, test = _MARK.set(marks[0] if marks else {}), _TEST.set(item.name)
    root = _ROOTDIR.set(item.config.rootpath)
    try:
        return (yield)
    finally:
        _ROOTDIR.reset(root)
        _TEST.reset(test)
        _MARK.reset(token)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if parent.config.getoption("a11y") and file_path.suffix.lower() in HTML_EXTENSIONS:
        return A11yFile.from_parent(parent, path=file_path)
    return None


class A11yFile(pytest.File):
    """An HTML file collected by ``--a11y``: one test item."""

    def collect(self) -> Iterator[pytest.Item]:
        yield A11yItem.from_parent(self, name="a11ycheck")


class A11yItem(pytest.Item):
    """Checks one HTML file with the project's configuration and the ``--a11y-*`` options."""

    def runtest(self) -> None:
        path = str(self.path)
        options, policy = build(path, Overrides(
            select=split_names(self.config.getoption("a11y_select")) or None,
            ignore=split_names(self.config.getoption("a11y_ignore")),
            review=True if self.config.getoption("a11y_review") else None,
        ))
        report = check(self.path, path=path, options=policy.options_for(options, path))
        failures = _blocking(report, policy)
        if report.error is not None or failures:
            raise AccessibilityError(report, failures, review=policy.review, review_hint="--a11y-review lists them")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str | TerminalRepr:
        if isinstance(excinfo.value, AccessibilityError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"a11ycheck {self.path.name}"
