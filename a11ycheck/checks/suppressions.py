"""Suppressions that suppress nothing, or name a rule that does not exist (like ruff's RUF100)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..document import Document
from ..ruleset import load_rules
from ..suppress import SUPPRESSION_KEY
from . import Finding, check, failed, passed


@check("unused-suppression")
def unused_suppression(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Every directive in the page either suppressed a finding of a rule that ran, or is reported."""
    suppressor, ran = doc.memo(SUPPRESSION_KEY, lambda: (None, []))
    if suppressor is None:
        return
    problems = {id(d): why for d, why in suppressor.unused(ran, load_rules())}
    for directive in suppressor.directives:
        if directive.kind == "enable":
            continue
        rules = ", ".join(directive.rules) or "all rules"
        span = None if directive.element is not None else (directive.start, directive.end)
        why = problems.get(id(directive))
        finding = failed(directive.element, "fail", rules=rules, problem=why) if why else passed(
            directive.element, rules=rules)
        finding.span = span
        yield finding
