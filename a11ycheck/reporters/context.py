"""What every reporter is given besides the reports: one small frozen value, the same for every format."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..policy import DEFAULT_FAIL_ON
from ..results import Report
from ..ruleset import Rule, load_rules
from .listing import REVIEW_HINT

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["MAX_ANNOTATIONS", "Context", "Reporter", "Text"]

MAX_ANNOTATIONS = 10  # github: annotations per type by default (GitHub shows about ten per type and step)
Text = str | Iterator[str]  # a report's text, whole or in pieces (JSON: a large run is never one string)


@dataclass(frozen=True, slots=True)
class Context:
    """How to render: the run's choices that reporters read (each reads those it knows)."""

    color: bool = False  # text: ANSI colours
    show_source: bool = False  # text: a code frame under each finding
    statistics: bool = False  # text: counts per rule and status
    fail_on: str = DEFAULT_FAIL_ON  # the run's fail-on: a failure of a lesser impact does not fail it
    review: bool = False  # list the review items (one per element), else count them
    review_hint: str = REVIEW_HINT  # how to list them, when they are only counted
    rules: Mapping[str, Rule] = field(default_factory=load_rules)  # rule metadata: titles, fixes, help links
    now: datetime | None = None  # html: the report's time (default: now)
    step_summary: str | None = None  # github: the file a job summary is appended to (GITHUB_STEP_SUMMARY)
    max_annotations: int = MAX_ANNOTATIONS  # github: annotations per type at most (0: no cap)
    site_view: bool = True  # text, html, json: defects on several pages grouped (sitegroups), leading the report


class Reporter(Protocol):
    """One output format: the text of a run's reports."""

    def __call__(self, reports: Iterable[Report], context: Context, /) -> Text: ...
