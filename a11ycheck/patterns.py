"""The regular expressions and CSS selectors of rule options: checked when read, matched in bounded time.

Options named ``…-patterns`` (or ``…-pattern``) hold regular expressions, options named ``…-selectors``
(or ``…-selector``) CSS selectors. :func:`option_problem` says what is wrong with such a value; the
configuration reader asks it about every such option, so a bad one is an error naming the file and the
key before any page is read, never an error on every page.

The patterns of one option are matched as one (any of them), ignoring case. A rule file's own patterns
are matched with :mod:`re`. A user's are matched with the ``regex`` package (the syntax of ``re``; imported
only then), under a time budget per option and page: :data:`TIME_BUDGET` seconds for all the searches of
the option on the page together. The search that runs out of it raises :class:`OutOfTime`, once; the
option is then given up for the rest of the page (its later searches find nothing), so a pattern that
backtracks without end costs a page at most that long.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from functools import lru_cache, partial
from typing import Any, TypeVar

from lxml import etree

__all__ = ["TIME_BUDGET", "OutOfTime", "Patterns", "option_problem", "selector_problem", "selectors_xpath",
           "shown"]

TIME_BUDGET = 1.0  # seconds that the searches of one option's user patterns may take on one page, together
_NOTHING = "(?!)"  # the patterns of an empty list: they match nothing
_PROBE = etree.fromstring("<html><body><div class='a' id='b'><p lang='en'>text</p></div></body></html>")
_T = TypeVar("_T")


class OutOfTime(Exception):
    """The user patterns of an option ran out of their time budget on this page (raised once)."""

    def __init__(self, option: str) -> None:
        super().__init__(
            f"the regular expressions of {option} took more than {TIME_BUDGET:g} s on this page: "
            "they are not used on the rest of it"
        )


class Patterns:
    """The patterns of one option, matched as one on one page (a new object for each page)."""

    def __init__(self, option: str, patterns: Sequence[str], *, trusted: bool) -> None:
        self.option = option
        self._compiled = _compile(tuple(patterns), trusted)
        self._left = None if trusted else TIME_BUDGET  # seconds; None: no limit (the rule file's own)
        self._told = False

    def search(self, text: str) -> Any:
        """The first match in the text, or None (also once the option is given up on this page)."""
        if self._left is None:
            return self._compiled.search(text)
        return self._timed(lambda timeout: self._compiled.search(text, timeout=timeout), None)

    def finditer(self, text: str) -> list[Any]:
        """Every match in the text, in order (none once the option is given up on this page)."""
        if self._left is None:
            return list(self._compiled.finditer(text))
        return self._timed(lambda timeout: list(self._compiled.finditer(text, timeout=timeout)), [])

    def _timed(self, search: Callable[[float], _T], nothing: _T) -> _T:
        if self._told:
            return nothing
        if self._left is not None and self._left > 0:
            start = time.perf_counter()
            try:
                return search(self._left)
            except TimeoutError:
                self._left = 0.0
            finally:
                self._left -= time.perf_counter() - start
        self._told = True
        raise OutOfTime(self.option)


@lru_cache(maxsize=32)
def _compile(patterns: tuple[str, ...], trusted: bool) -> Any:
    joined = "|".join(f"(?:{pattern})" for pattern in patterns) or _NOTHING
    if trusted:
        return re.compile(joined, re.IGNORECASE)
    import regex  # only for a user's patterns: it can stop a search after a time

    return regex.compile(joined, regex.IGNORECASE)


@lru_cache(maxsize=32)
def selectors_xpath(selectors: tuple[str, ...]) -> etree.XPath:
    """One query for the descendants of an element that match any of the selectors."""
    from cssselect import GenericTranslator

    translator = GenericTranslator()
    paths = [translator.css_to_xpath(selector, prefix="descendant::") for selector in selectors]
    return etree.XPath(" | ".join(paths) if paths else "/..")


def selector_problem(selector: str) -> str | None:
    """Why a CSS selector cannot be matched (None: it can), as the HTML translator of the suppressions
    reads it."""
    from cssselect import HTMLTranslator

    return _query_problem(lambda: etree.XPath(HTMLTranslator().css_to_xpath(selector)))


def option_problem(name: str, value: Any) -> str | None:
    """What is wrong with the value of a rule option of patterns or selectors (None: nothing, or
    another kind of option)."""
    patterns = name.endswith(("-pattern", "-patterns", "_pattern", "_patterns")) or name == "pattern"
    selectors = name.endswith(("-selector", "-selectors", "_selector", "_selectors")) or name == "selector"
    if not patterns and not selectors:
        return None
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        return "expected a list of strings"
    return _patterns_problem(values) if patterns else _selectors_problem(values)


def _patterns_problem(values: list[str]) -> str | None:
    import regex

    for pattern in values:
        try:
            regex.compile(pattern, regex.IGNORECASE)
        except regex.error as exc:
            return f"invalid regular expression {shown(pattern)} ({exc})"
    try:
        _compile(tuple(values), False)
    except regex.error as exc:  # (patterns fine alone that cannot be joined)
        return f"these regular expressions cannot be matched as one ({exc})"
    return None


def _selectors_problem(values: list[str]) -> str | None:
    for selector in values:
        problem = _query_problem(partial(selectors_xpath, (selector,)))
        if problem:
            return f"invalid CSS selector {shown(selector)} ({problem})"
    problem = _query_problem(partial(selectors_xpath, tuple(values)))
    return f"these CSS selectors cannot be matched as one ({problem})" if problem else None


def _query_problem(query: Callable[[], etree.XPath]) -> str | None:
    """Why a query cannot be built or run (it is run on a small page: libxml2 refuses some only then)."""
    from cssselect import SelectorError

    try:
        query()(_PROBE)
    except (SelectorError, etree.XPathError) as exc:
        return str(exc) or type(exc).__name__
    except RecursionError:
        return "nested too deeply"
    return None


def shown(value: str, limit: int = 80) -> str:
    """A value quoted for an error message, shortened when long."""
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")
