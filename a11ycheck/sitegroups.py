"""The site view: failures that are the same defect on several pages, grouped (a report over results).

A site is built from a few templates, so one defect of the header shows on every page. Two failures are the
same defect when they are on the same site, with the same rule, the same element path (the result's
``selector``) and the same start tag, once both are normalised (:func:`defect_key`): what a template writes
differently on each page is set aside, what the template itself writes is kept.

- The site: a page named by URL (fetched, or a web archive's record) is on its URL's host, lowercased, with a
  leading ``www.`` set aside; every local file of a run is on one site (a build folder). Pages of two hosts
  never share a template defect, however alike their markup (an ``<html>`` without ``lang``).

- The path: a run of digits in the id it starts from (``#post-48213 > div > a``) becomes ``#``.
  ``:nth-of-type`` positions are the template's structure: kept.
- The start tag: its tag name and its attributes, sorted by name. A ``data-*`` attribute keeps its name only;
  a URL attribute (``href``, ``src``, ``action``, ...) keeps its URL without query and fragment (tracking and
  cache parameters), host and path kept (an article's own link or image is not the template's); any other
  value has its runs of digits made ``#`` (generated ids, ``aria-labelledby`` references, sizes). A start tag
  cut short in the report (``…``) loses its last, partial attribute.
- The message is not part of the key: it names the page's own places and counts (``<nav> at 19635:25``,
  ``49 blocks``), which differ on every page of a template. A group shows its first example's message.

A defect on :data:`MIN_PAGES` pages or more is a group; every failure with its key (on any page, as many
times as it is there) belongs to the group, and the rest stay per page. Only failures are grouped (review
items are one per element of a page). Groups come worst first: pages × impact weight, then by rule, path and
start tag, and the example pages are the first by path, so the view does not depend on the order of pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .results import IMPACTS, Report, Result
from .urls import split_url

__all__ = ["EXAMPLES", "MIN_PAGES", "Group", "Place", "SiteView", "Totals", "defect_key", "normal_selector",
           "normal_tag", "pages", "site_of"]

MIN_PAGES = 2  # a defect on this many pages or more is a group
EXAMPLES = 3  # example pages a group lists
_WEIGHT = {impact: len(IMPACTS) - n for n, impact in enumerate(IMPACTS)}  # critical 4 … minor 1
_DIGITS_RE = re.compile(r"\d+")
_TAG_RE = re.compile(r"<([A-Za-z][^\s/>]*)")
_ATTR_RE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s>]*)))?""")
_URL_ATTRS = frozenset({"action", "background", "cite", "data", "formaction", "href", "poster", "src", "srcset"})
_ANCHOR_RE = re.compile(r"^#[^\s>]+")

Key = tuple[str, str, str, str]  # site, rule, normalised path, normalised start tag


@lru_cache(maxsize=4096)
def site_of(path: str) -> str:
    """The site of a page shown as ``path``: its URL's host without ``www.``; "" for a local file."""
    if "://" not in path:
        return ""
    host = (split_url(path).hostname or "").lower()
    return host.removeprefix("www.")


@lru_cache(maxsize=4096)
def normal_selector(selector: str) -> str:
    """The element path with the digits of the id it starts from made ``#``."""
    return _ANCHOR_RE.sub(lambda m: _DIGITS_RE.sub("#", m.group()), selector, count=1)


@lru_cache(maxsize=4096)
def normal_tag(snippet: str) -> str:
    """The start tag with what differs from page to page set aside (see the module's docs)."""
    tag = _TAG_RE.match(snippet)
    if tag is None:
        return _DIGITS_RE.sub("#", snippet)
    rest = snippet[tag.end():]
    cut = rest.endswith("…")
    attrs = []
    for match in _ATTR_RE.finditer(rest.removesuffix("…")):
        name, value = match.group(1).lower(), next((v for v in match.group(2, 3, 4) if v is not None), None)
        if name.startswith("data-") or value is None:
            attrs.append(name)
        elif name in _URL_ATTRS:
            attrs.append(f'{name}="{value.split("#", 1)[0].split("?", 1)[0]}"')
        else:
            attrs.append(f'{name}="{_DIGITS_RE.sub("#", value)}"')
    if cut and attrs:
        attrs.pop()  # the attribute the cut fell in
    return f"<{tag.group(1).lower()}{''.join(' ' + a for a in sorted(attrs))}>"


def defect_key(path: str, rule: str, selector: str, snippet: str) -> Key:
    """What makes two failures the same defect: the site of their page (shown as ``path``), rule, normalised
    element path and normalised start tag."""
    return site_of(path), rule, normal_selector(selector), normal_tag(snippet)


@dataclass(frozen=True, slots=True)
class Place:
    """Where a group's defect first is on one of its pages."""

    path: str
    line: int
    column: int


@dataclass(slots=True)
class Group:
    """One defect on several pages: the first failure seen stands for it (its selector, start tag, message)."""

    key: Key
    first: Result
    impact: str
    pages: int = 0
    findings: int = 0
    examples: list[Place] = field(default_factory=list)  # the first pages by path, the first place on each

    @property
    def weight(self) -> int:
        """How bad the group is: its pages times its impact's weight."""
        return self.pages * _WEIGHT.get(self.impact, 1)


@dataclass(frozen=True, slots=True)
class Totals:
    """How much of a run the site view holds: its groups, the failures in them and the pages they are on, and
    the failures left per page (page-specific) and their pages."""

    groups: int
    grouped_pages: int
    grouped_failures: int
    alone_pages: int
    alone_failures: int

    def __str__(self) -> str:
        return (f"{self.groups} template defect{'s' * (self.groups != 1)} on {pages(self.grouped_pages)} "
                f"({self.grouped_failures} failures); {self.alone_failures} page-specific failures on "
                f"{pages(self.alone_pages)}")


def pages(count: int) -> str:
    """``count`` pages, in words."""
    return f"{count} page{'s' * (count != 1)}"


class SiteView:
    """The groups of a run, added to one report at a time (:meth:`add`), then read (:attr:`groups`)."""

    def __init__(self, min_pages: int = MIN_PAGES) -> None:
        self.min_pages = min_pages
        self._seen: dict[Key, Group] = {}
        self._last: dict[Key, object] = {}  # the last page counted for each key
        self._on_page: dict[object, list[Group]] = {}  # each page's failures, as their (would-be) groups
        self._groups: list[Group] | None = None

    @classmethod
    def of(cls, reports: Iterable[Report], min_pages: int = MIN_PAGES) -> SiteView:
        """The site view of a run's reports."""
        view = cls(min_pages)
        for report in reports:
            view.add(report)
        return view

    def add(self, report: Report) -> None:
        """Count a report's failures."""
        if report.error is None:
            page = (report.path, report.warc, report.offset)
            for result in report.results:
                if result.outcome == "failed":
                    self.add_result(page, report.path, result)

    def add_result(self, page: object, path: str, result: Result) -> None:
        """Count one failure of the page ``page`` (any hashable that tells pages apart), shown as ``path``."""
        key = defect_key(path, result.rule, result.selector, result.snippet)
        group = self._seen.get(key)
        if group is None:
            group = self._seen[key] = Group(key, result, result.impact)
        elif _WEIGHT.get(result.impact, 1) > _WEIGHT.get(group.impact, 1):
            group.impact = result.impact
        group.findings += 1
        self._on_page.setdefault(page, []).append(group)
        self._groups = None
        place = Place(path, result.line, result.column)
        if self._last.get(key) == page:  # the page's place is its first in the source
            group.examples = [place if p.path == path and (p.line, p.column) > (place.line, place.column) else p
                              for p in group.examples]
            return
        self._last[key] = page
        group.pages += 1
        if len(group.examples) < EXAMPLES or path < group.examples[-1].path:
            group.examples = sorted([*group.examples, place], key=lambda p: p.path)[:EXAMPLES]

    @property
    def groups(self) -> list[Group]:
        """The groups, worst first."""
        if self._groups is None:
            found = [g for g in self._seen.values() if g.pages >= self.min_pages]
            self._groups = sorted(found, key=lambda g: (-g.weight, -g.pages, g.key))
        return self._groups

    def totals(self) -> Totals:
        """The site view's totals."""
        grouped_pages = alone_pages = grouped_failures = 0
        for found in self._on_page.values():
            grouped = sum(1 for group in found if group.pages >= self.min_pages)
            grouped_failures += grouped
            grouped_pages += grouped > 0
            alone_pages += grouped < len(found)
        failures = sum(map(len, self._on_page.values()))
        return Totals(len(self.groups), grouped_pages, grouped_failures, alone_pages, failures - grouped_failures)

    def grouped(self, result: Result, path: str) -> bool:
        """Whether a failure of the page shown as ``path`` belongs to a group."""
        if result.outcome != "failed":
            return False
        group = self._seen.get(defect_key(path, result.rule, result.selector, result.snippet))
        return group is not None and group.pages >= self.min_pages
