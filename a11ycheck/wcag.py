"""WCAG success criteria: name, level and the version that added each, and the tags derived from them.

The one table of criteria. A rule's tags for selection by WCAG version and level (``wcag2a``, ``wcag2aa``,
``wcag21a``, ``wcag21aa``, ``wcag22aa``, …, and ``best-practice``) are derived from its criteria here, as
axe-core tags its rules: a criterion is tagged with the version that added it, so WCAG 2.1 AA is
``wcag2a,wcag2aa,wcag21a,wcag21aa``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

__all__ = ["CRITERIA", "OBSOLETE", "TAGS", "Criterion", "rule_tags", "understanding_url"]


class Criterion(NamedTuple):
    """A WCAG success criterion."""

    name: str
    level: str  # "A", "AA", "AAA"
    version: str  # the WCAG version that added it: "2.0", "2.1", "2.2"


def _table(version: str, text: str) -> dict[str, Criterion]:
    rows = (line.split(None, 2) for line in text.strip().splitlines())
    return {number: Criterion(name, level, version) for number, level, name in rows}


CRITERIA: dict[str, Criterion] = {
    **_table("2.0", """
1.1.1 A Non-text Content
1.2.1 A Audio-only and Video-only (Prerecorded)
1.2.2 A Captions (Prerecorded)
1.2.3 A Audio Description or Media Alternative (Prerecorded)
1.2.4 AA Captions (Live)
1.2.5 AA Audio Description (Prerecorded)
1.2.6 AAA Sign Language (Prerecorded)
1.2.7 AAA Extended Audio Description (Prerecorded)
1.2.8 AAA Media Alternative (Prerecorded)
1.2.9 AAA Audio-only (Live)
1.3.1 A Info and Relationships
1.3.2 A Meaningful Sequence
1.3.3 A Sensory Characteristics
1.4.1 A Use of Color
1.4.2 A Audio Control
1.4.3 AA Contrast (Minimum)
1.4.4 AA Resize Text
1.4.5 AA Images of Text
1.4.6 AAA Contrast (Enhanced)
1.4.7 AAA Low or No Background Audio
1.4.8 AAA Visual Presentation
1.4.9 AAA Images of Text (No Exception)
2.1.1 A Keyboard
2.1.2 A No Keyboard Trap
2.1.3 AAA Keyboard (No Exception)
2.2.1 A Timing Adjustable
2.2.2 A Pause, Stop, Hide
2.2.3 AAA No Timing
2.2.4 AAA Interruptions
2.2.5 AAA Re-authenticating
2.3.1 A Three Flashes or Below Threshold
2.3.2 AAA Three Flashes
2.4.1 A Bypass Blocks
2.4.2 A Page Titled
2.4.3 A Focus Order
2.4.4 A Link Purpose (In Context)
2.4.5 AA Multiple Ways
2.4.6 AA Headings and Labels
2.4.7 AA Focus Visible
2.4.8 AAA Location
2.4.9 AAA Link Purpose (Link Only)
2.4.10 AAA Section Headings
3.1.1 A Language of Page
3.1.2 AA Language of Parts
3.1.3 AAA Unusual Words
3.1.4 AAA Abbreviations
3.1.5 AAA Reading Level
3.1.6 AAA Pronunciation
3.2.1 A On Focus
3.2.2 A On Input
3.2.3 AA Consistent Navigation
3.2.4 AA Consistent Identification
3.2.5 AAA Change on Request
3.3.1 A Error Identification
3.3.2 A Labels or Instructions
3.3.3 AA Error Suggestion
3.3.4 AA Error Prevention (Legal, Financial, Data)
3.3.5 AAA Help
3.3.6 AAA Error Prevention (All)
4.1.1 A Parsing
4.1.2 A Name, Role, Value
"""),
    **_table("2.1", """
1.3.4 AA Orientation
1.3.5 AA Identify Input Purpose
1.3.6 AAA Identify Purpose
1.4.10 AA Reflow
1.4.11 AA Non-text Contrast
1.4.12 AA Text Spacing
1.4.13 AA Content on Hover or Focus
2.1.4 A Character Key Shortcuts
2.2.6 AAA Timeouts
2.3.3 AAA Animation from Interactions
2.5.1 A Pointer Gestures
2.5.2 A Pointer Cancellation
2.5.3 A Label in Name
2.5.4 A Motion Actuation
2.5.5 AAA Target Size (Enhanced)
2.5.6 AAA Concurrent Input Mechanisms
4.1.3 AA Status Messages
"""),
    **_table("2.2", """
2.4.11 AA Focus Not Obscured (Minimum)
2.4.12 AAA Focus Not Obscured (Enhanced)
2.4.13 AAA Focus Appearance
2.5.7 AA Dragging Movements
2.5.8 AA Target Size (Minimum)
3.2.6 A Consistent Help
3.3.7 A Redundant Entry
3.3.8 AA Accessible Authentication (Minimum)
3.3.9 AAA Accessible Authentication (Enhanced)
"""),
}
OBSOLETE = frozenset(["4.1.1"])  # Parsing: removed from WCAG 2.2 (always satisfied, as 2.1 notes)
_LEVEL_TAG_RE = re.compile(r"^wcag2\d?a{1,3}(?:-obsolete)?$")


def _level_tags() -> tuple[str, ...]:
    versions = sorted({c.version for c in CRITERIA.values()})
    return tuple(f"wcag{v.replace('.', '').removesuffix('0')}{level}" for v in versions for level in ("a", "aa", "aaa"))


TAGS = (*_level_tags(), "wcag2a-obsolete", "best-practice")  # every tag derived here, whether a rule has it or not


def _tag(number: str) -> str:
    criterion = CRITERIA[number]
    version = criterion.version.replace(".", "").removesuffix("0")  # 2.0 → "2", 2.1 → "21"
    return f"wcag{version}{criterion.level.lower()}" + ("-obsolete" if number in OBSOLETE else "")


def rule_tags(criteria: Iterable[str], tags: Iterable[str]) -> tuple[str, ...]:
    """A rule's tags: its own (less any WCAG level tag written by hand), then one per version and level of
    its criteria, and ``best-practice`` when it names no current criterion."""
    known = sorted((c for c in set(criteria) if c in CRITERIA), key=lambda c: (CRITERIA[c].version, CRITERIA[c].level))
    derived = [_tag(c) for c in known] + ([] if set(known) - OBSOLETE else ["best-practice"])
    own = [t for t in tags if not _LEVEL_TAG_RE.match(t)]
    return tuple(dict.fromkeys([*own, *derived]))


def understanding_url(number: str) -> str:
    """The W3C's "Understanding" page of a criterion."""
    slug = re.sub(r"[^a-z0-9]+", "-", CRITERIA[number].name.lower()).strip("-")
    return f"https://www.w3.org/WAI/WCAG22/Understanding/{slug}"
