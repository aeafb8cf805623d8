"""Check functions, one per rule, grouped by family in the modules of this package.

A check is a small function ``(doc, options) -> Iterable[Finding]`` registered with ``@check(rule_id)``.
It yields one finding per applicable element (or one for the page, on ``doc.root``); a check that
yields nothing makes its rule inapplicable. User-facing text lives in the rule file's ``messages``:
a finding names a message key and the data that fills it.

A check module imports this package and the fact layer (``a11ycheck.document``, ``pageindex``, ``images``,
``controls``…), never another check module: a fact two families share lives in the fact layer, and is
cached per page under a typed :class:`a11ycheck.memo.MemoKey`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..accname import accessible_name
from ..document import Document, Element
from ..results import Outcome

__all__ = ["CHECKS", "Check", "Finding", "cant_tell", "check", "failed", "failed_warning", "load_checks", "named",
           "passed"]

Check = Callable[[Document, Mapping[str, Any]], Iterable["Finding"]]
CHECKS: dict[str, Check] = {}


@dataclass(slots=True)
class Finding:
    """A check's verdict on one element: outcome, message key and the data for the message."""

    element: Element | None
    outcome: Outcome
    message: str
    data: dict[str, Any] = field(default_factory=dict)
    span: tuple[int, int] | None = None  # source offsets, for a finding about text that is no element
    warning: bool = False  # a failure of the rule that is no failure of its WCAG criteria: never an error


def check(rule_id: str) -> Callable[[Check], Check]:
    """Register a function as the check of the rule ``rule_id``."""

    def register(func: Check) -> Check:
        if rule_id in CHECKS and CHECKS[rule_id] is not func:
            raise ValueError(f"two checks for rule {rule_id!r}")
        CHECKS[rule_id] = func
        return func

    return register


def passed(element: Element | None, message: str = "pass", **data: Any) -> Finding:
    """A passed finding."""
    return Finding(element, "passed", message, data)


def failed(element: Element | None, message: str = "fail", **data: Any) -> Finding:
    """A failed finding."""
    return Finding(element, "failed", message, data)


def failed_warning(element: Element | None, message: str = "fail", **data: Any) -> Finding:
    """A failed finding that fails the rule (its ACT rule) but not its WCAG criteria, whose ACT rule maps them
    only as less strict: reported with severity "warning" whatever the rule's, so it never fails a run."""
    return Finding(element, "failed", message, data, warning=True)


def cant_tell(element: Element | None, message: str = "cantTell", **data: Any) -> Finding:
    """A finding that needs a human review."""
    return Finding(element, "cantTell", message, data)


def named(doc: Document, element: Element, kind: str) -> Finding:
    """Passed with the element's name, or failed when it is empty."""
    name = accessible_name(doc, element)
    if name:
        return passed(element, name=name, kind=kind)
    return failed(element, "empty", kind=kind, tag=element.tag)


def load_checks() -> dict[str, Check]:
    """Import every check module of this package (registering its checks) and return the registry."""
    _import_modules()
    return CHECKS


@cache
def _import_modules() -> None:
    """Once per process: listing the package and going through the import machinery for every page
    cost 2% of a check."""
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
