"""Suppressions: inline comments, the ``data-a11ycheck-ignore`` attribute, and ``ignore-selectors``.

- ``<!-- a11ycheck-disable-next-line image-alt -- reason -->``: findings on the next line;
- ``<!-- a11ycheck-disable image-alt -->`` … ``<!-- a11ycheck-enable image-alt -->``: a range
  (no rule ids: every rule);
- ``data-a11ycheck-ignore="image-alt -- reason"``: the element and everything inside it;
- ``ignore-selectors`` from the configuration: elements matching a CSS selector and their content.

A directive that suppresses nothing, or names an unknown rule, is reported (like ruff's RUF100).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from .document import Document, Element
from .memo import MemoKey

__all__ = ["SELECTOR_REASON", "SUPPRESSION_KEY", "UNUSED_SUPPRESSION", "Directive", "Suppressor"]

UNUSED_SUPPRESSION = "unused-suppression"  # the rule that reports directives nothing used; it runs last
SELECTOR_REASON = "matches ignore-selectors"  # the reason of a finding suppressed by the configuration
# (the page's Suppressor, ids of the rules run before it)
SUPPRESSION_KEY: MemoKey[tuple[Suppressor | None, list[str]]] = MemoKey("suppress.suppression")

_COMMENT_RE = re.compile(
    r"<!--\s*a11ycheck-(disable-next-line|disable|enable)\b(.*?)-->",
    re.DOTALL,
)
_XP_ATTR = etree.XPath("//*[@data-a11ycheck-ignore]")


@dataclass(slots=True)
class Directive:
    """One suppression written in the page."""

    kind: str  # disable-next-line, disable, enable, attribute
    rules: tuple[str, ...]  # empty: every rule
    reason: str
    start: int  # source offset of the comment (or of the element's start tag)
    end: int
    element: Element | None = None
    next_line: int = 0  # for disable-next-line: the line it applies to
    used: set[str] = field(default_factory=set)

    def covers(self, rule_id: str) -> bool:
        """Whether the directive names this rule (or names none, meaning all)."""
        return not self.rules or rule_id in self.rules


def _split(body: str) -> tuple[tuple[str, ...], str]:
    names, _, reason = body.partition(" -- ")
    if names.strip().startswith("--"):
        names, reason = "", names.strip()[2:]
    ids = tuple(n for n in re.split(r"[\s,]+", names.strip()) if n)
    return ids, " ".join(reason.split())


@lru_cache(maxsize=256)
def _xpath(selector: str) -> etree.XPath:
    from cssselect import HTMLTranslator

    return etree.XPath(HTMLTranslator().css_to_xpath(selector))


class Suppressor:
    """Decides, per finding, whether a suppression applies, and remembers which were used."""

    def __init__(self, doc: Document, ignore_selectors: Mapping[str, Iterable[str]] | None = None) -> None:
        self.doc = doc
        self.directives: list[Directive] = []
        text = doc.source.text
        if "a11ycheck-" in text:
            for match in _COMMENT_RE.finditer(text):
                ids, reason = _split(match.group(2))
                next_line = doc.source.position(match.end())[0] + 1
                self.directives.append(Directive(match.group(1), ids, reason, match.start(), match.end(),
                                                 next_line=next_line))
            for element in _XP_ATTR(doc.root):
                ids, reason = _split(element.get("data-a11ycheck-ignore", ""))
                span = doc.span(element) or (0, 0)
                self.directives.append(Directive("attribute", ids, reason, span[0], span[1], element))
        self.selectors: dict[str, set[Element]] = {}
        for rule_id, selectors in (ignore_selectors or {}).items():
            matched = self.selectors.setdefault(rule_id, set())
            for selector in selectors:
                matched.update(_xpath(selector)(doc.root))

    def __bool__(self) -> bool:
        return bool(self.directives or any(self.selectors.values()))

    def reason(self, rule_id: str, element: Element | None) -> str | None:
        """The reason a finding of ``rule_id`` on ``element`` is suppressed, or None if it is not."""
        if element is None:
            return None
        chain = (element, *element.iterancestors())
        for key in (rule_id, "*"):
            matched = self.selectors.get(key)
            if matched and any(node in matched for node in chain):
                return SELECTOR_REASON
        span = self.doc.span(element)
        offset = span[0] if span else 0
        line = self.doc.source.position(offset)[0]
        open_ranges: dict[str, Directive] = {}
        found: Directive | None = None
        for directive in self.directives:
            if directive.kind == "attribute":
                if directive.covers(rule_id) and directive.element in chain:
                    found = directive
            elif directive.kind == "disable-next-line":
                if directive.covers(rule_id) and directive.next_line == line:
                    found = directive
            elif directive.start < offset:
                covered = rule_id if directive.covers(rule_id) else None
                if covered and directive.kind == "disable":
                    open_ranges[covered] = directive
                elif covered and directive.kind == "enable":
                    open_ranges.pop(covered, None)
        found = found or open_ranges.get(rule_id)
        if found is None:
            return None
        found.used.add(rule_id)
        return found.reason or "suppressed in the page"

    def unused(self, ran: Iterable[str], known: Iterable[str]) -> list[tuple[Directive, str]]:
        """Directives that named an unknown rule, or suppressed nothing among the rules that ran."""
        ran, known = set(ran), set(known)
        problems = []
        for directive in self.directives:
            if directive.kind == "enable":
                continue
            unknown = [r for r in directive.rules if r not in known]
            if unknown:
                problems.append((directive, f"unknown rule {', '.join(unknown)}"))
            elif not directive.used and (not directive.rules or set(directive.rules) & ran):
                problems.append((directive, "suppresses nothing"))
        return problems
