"""A run's policy: the configuration files found for a path and a door's own settings, turned once
into the engine's :class:`~a11ycheck.engine.Options` and a frozen :class:`Policy`.

Every door (the command line, the survey, the benchmark, ``assert_accessible``, the ``a11y`` fixture and
``pytest --a11y``) calls :func:`build`; none of them reads a configuration file or decides what fails
by itself. The options carry each rule's severity into the engines, so every result says whether it
is an error or a warning; the policy says which of them block (``fail-on``), which files are excluded,
which rules are off for a file (``per-file-ignores``) and whether review items are listed.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from .config import SEVERITIES, Config, UsageError, fail_on_problem, find_config, load_config, megabytes
from .engine import Options
from .fetch import is_url
from .results import IMPACTS, Result, Severity
from .ruleset import load_rules, selectable
from .suggest import did_you_mean
from .urls import split_url

__all__ = ["DEFAULT_FAIL_ON", "Overrides", "Policy", "blocking", "build", "project_config", "split_names"]

DEFAULT_FAIL_ON = "minor"  # every failure of error severity blocks


def blocking(result: Result, fail_on: str = DEFAULT_FAIL_ON) -> bool:
    """Whether a result fails the run: a failure of error severity and of ``fail_on`` impact or worse."""
    return (result.outcome == "failed" and result.severity == "error"
            and IMPACTS.index(result.impact) <= IMPACTS.index(fail_on))


@dataclass(frozen=True)
class Policy:
    """What a run's results mean: which failures block it, which files it skips, what it lists."""

    fail_on: str = DEFAULT_FAIL_ON  # the least impact of a blocking failure
    severity: Mapping[str, Severity] = field(default_factory=dict)  # rule id → level (the options carry it too)
    review: bool = False  # list the review items (cantTell) in the reports for people
    base: str | None = None  # the folder the globs below are relative to (the config file's; None: the cwd)
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    cache_dir: str | None = None  # the configuration's folder for the result cache (None: the default)

    def blocks(self, result: Result) -> bool:
        """Whether a result fails the run (:func:`blocking` at this policy's ``fail-on``)."""
        return blocking(result, self.fail_on)

    def excluded(self, path: str) -> bool:
        """True when an ``exclude`` glob matches the path (relative to the config's folder)."""
        return bool(self.exclude) and any(_glob(self._relative(path), pattern) for pattern in self.exclude)

    def ignored_for(self, path: str) -> tuple[str, ...]:
        """Rules or tags that ``per-file-ignores`` turns off for this path (a URL's: its path, such as
        ``news/2024/story.html`` for ``https://example.com/news/2024/story.html``, whatever its host)."""
        if not self.per_file_ignores:
            return ()
        rel = self._relative(path)
        return tuple(name for pattern, names in self.per_file_ignores if _glob(rel, pattern) for name in names)

    def options_for(self, options: Options, path: str) -> Options:
        """The options for one file: its ``per-file-ignores`` added (the one place they are applied)."""
        extra = self.ignored_for(path)
        return replace(options, ignore=(*options.ignore, *extra)) if extra else options

    def _relative(self, path: str) -> str:
        if is_url(path):  # a page fetched or archived: the globs match its URL's path, decoded
            return unquote(split_url(path).path).lstrip("/")
        base = Path(self.base) if self.base else Path.cwd()
        absolute = Path(os.path.abspath(path))  # symlinks stay as named: a link loop must not raise
        try:
            return PurePosixPath(absolute.relative_to(base)).as_posix()
        except ValueError:
            return PurePosixPath(Path(path)).as_posix()


def _glob(rel: str, pattern: str) -> bool:
    pattern = pattern.removeprefix("./")
    if fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(rel, pattern.rstrip("/") + "/*"):
        return True
    # a pattern without a slash matches a file or folder name at any depth, as in .gitignore
    return "/" not in pattern and any(fnmatch.fnmatchcase(part, pattern) for part in rel.split("/"))


@dataclass(frozen=True)
class Overrides:
    """A door's own settings, over the configuration files' (None or empty: the file's)."""

    select: tuple[str, ...] | None = None  # instead of the file's
    extend_select: tuple[str, ...] = ()  # added to the file's
    ignore: tuple[str, ...] = ()  # added to the file's
    severity: Mapping[str, str] = field(default_factory=dict)  # rule id or tag → level, over the file's
    fail_on: str | None = None
    review: bool | None = None
    root: str | None = None
    include_passed: bool = False
    fragment: bool | None = None
    timeout: float | None = None
    max_size: float | None = None  # MB


def split_names(values: Iterable[str] | str | None) -> tuple[str, ...]:
    """Rule ids or tags given as repeated, comma-separated values, or as one such string:
    ``["a,b", "c"]`` → ``("a", "b", "c")``."""
    values = [values] if isinstance(values, str) else values or ()
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def project_config(start: str | os.PathLike[str] | None = ".", *, config_file: str | None = None,
                   isolated: bool = False) -> Config:
    """The configuration for a path: ``config_file`` alone when named, none when ``isolated`` (or no
    start), else the nearest one found upward from ``start``."""
    if isolated:
        return Config()
    if config_file is not None:
        return load_config(config_file, load_rules())
    found = find_config(start) if start is not None else None
    return load_config(found, load_rules()) if found else Config()


def build(start: str | os.PathLike[str] | None = ".", overrides: Overrides | None = None, *,
          config_file: str | None = None, isolated: bool = False) -> tuple[Options, Policy]:
    """The options and the policy of a run: the configuration found for ``start`` (see
    :func:`project_config`) with the door's ``overrides`` on top. A bad file or setting is a
    :class:`~a11ycheck.config.UsageError` (a :class:`~a11ycheck.config.ConfigError` naming the file)."""
    config = project_config(start, config_file=config_file, isolated=isolated)
    return resolve(config, overrides or Overrides())


def resolve(config: Config, overrides: Overrides) -> tuple[Options, Policy]:
    """The options and the policy of a configuration with a door's overrides on top."""
    rules = load_rules()
    _check_names([*(overrides.select or ()), *overrides.extend_select, *overrides.ignore, *overrides.severity])
    bad = [f"{name}={level}" for name, level in overrides.severity.items() if level not in SEVERITIES]
    if bad:
        raise UsageError(f"severity {', '.join(bad)}: expected one of {', '.join(SEVERITIES)}")
    if overrides.fail_on is not None and (problem := fail_on_problem(overrides.fail_on)):
        raise UsageError(f"fail-on: {problem}")
    kept = {name: level for name, level in config.severity.items() if name not in overrides.severity}
    config = replace(config, severity={**kept, **overrides.severity})
    levels = {rule_id: config.level(rule_id, rules) for rule_id in rules}
    chosen = overrides.select if overrides.select is not None else config.select
    extra = (*config.extend_select, *overrides.extend_select)
    if extra:
        base = chosen if chosen is not None else tuple(r.id for r in rules.values() if r.status == "stable")
        chosen = (*base, *extra)
    selectors = dict(config.rule_ignore_selectors)
    if config.ignore_selectors:
        selectors["*"] = config.ignore_selectors
    severity: dict[str, Severity] = {rule_id: level for rule_id, level in levels.items()  # type: ignore[misc]
                                     if level != "off"}
    off = tuple(rule_id for rule_id, level in levels.items() if level == "off")
    options = Options(
        select=chosen, ignore=(*config.ignore, *off, *overrides.ignore),
        include_passed=overrides.include_passed, rule_options=config.rule_options,
        root=overrides.root or config.root, fragment=overrides.fragment, ignore_selectors=selectors,
        severity=severity, timeout=overrides.timeout or config.timeout,
        max_bytes=config.max_bytes if overrides.max_size is None else megabytes(overrides.max_size),
        help_url=config.help_url,
    )
    policy = Policy(
        fail_on=overrides.fail_on or config.fail_on or DEFAULT_FAIL_ON, severity=severity,
        review=config.review if overrides.review is None else overrides.review,
        base=os.path.dirname(os.path.abspath(config.path)) if config.path else None,
        exclude=config.exclude, per_file_ignores=config.per_file_ignores, cache_dir=config.cache_dir,
    )
    return options, policy


def _check_names(names: Sequence[str]) -> None:
    known = selectable(load_rules())
    unknown = [name + did_you_mean(name, known) for name in names if name not in known]
    if unknown:
        raise UsageError(f"unknown rule or tag: {', '.join(unknown)} (see 'a11ycheck rules')")
