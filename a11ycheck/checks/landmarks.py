"""Landmark structure (best practices, axe-core's ``landmark-*`` rules): one main landmark, no duplicate banner,
contentinfo or main, the top-level landmarks not nested in others, and landmarks of one role told apart by name.

A landmark is an element in the accessibility tree whose semantic role is a landmark role (``header`` and
``footer`` inside sectioning content, an unnamed ``section`` or ``form`` are none). Each rule of several
findings reports the duplicates once, on the first, naming where the others are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ..accname import accessible_name
from ..aria import role
from ..document import Document, Element
from ..visibility import is_programmatically_hidden
from . import Finding, check, failed, passed
from .links import page_index

LANDMARK_ROLES = frozenset(["banner", "complementary", "contentinfo", "form", "main", "navigation", "region", "search"])
_TAGS = {"banner": "header", "contentinfo": "footer", "main": "main", "complementary": "aside"}


def landmarks(doc: Document) -> list[tuple[Element, str]]:
    """The landmarks of the page in the accessibility tree, with their roles, in document order."""

    def compute() -> list[tuple[Element, str]]:
        found = []
        for element in page_index(doc).landmarks:
            landmark = role(doc, element)
            if landmark in LANDMARK_ROLES and not is_programmatically_hidden(doc, element):
                found.append((element, landmark))
        return found

    return doc.memo("landmarks", compute)


def _where(doc: Document, element: Element) -> str:
    line, column = doc.position(element)
    return f"<{element.tag}> at {line}:{column}"


def _enclosing(doc: Document, element: Element, kind: str) -> Element | None:
    """The nearest landmark around ``element`` (a form only by an explicit role, as axe-core reads it), or
    None; a complementary landmark may sit in the main one."""
    for ancestor in element.iterancestors():
        found = role(doc, ancestor)
        if ancestor.tag == "form" and ancestor.get("role") is None:
            continue
        if found in LANDMARK_ROLES and not (found == "main" and kind == "complementary"):
            return ancestor
    return None


def _top_level(kind: str) -> Callable[[Document, Mapping[str, Any]], Iterator[Finding]]:
    def run(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for element, landmark in landmarks(doc):
            if landmark != kind:
                continue
            outer = _enclosing(doc, element, kind)
            if outer is None:
                yield passed(element, tag=element.tag)
            else:
                yield failed(element, tag=element.tag, outer=_where(doc, outer), outer_role=role(doc, outer))

    run.__doc__ = f"A {kind} landmark is not inside another landmark (axe-core landmark-{kind}-is-top-level)."
    return run


for _kind in ("banner", "contentinfo", "main", "complementary"):
    check(f"landmark-{_kind}-is-top-level")(_top_level(_kind))


def _no_duplicate(kind: str) -> Callable[[Document, Mapping[str, Any]], Iterator[Finding]]:
    def run(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        found = [element for element, landmark in landmarks(doc) if landmark == kind]
        if len(found) == 1:
            yield passed(found[0], tag=found[0].tag)
        elif found:
            others = ", ".join(_where(doc, element) for element in found[1:])
            yield failed(found[0], tag=found[0].tag, count=len(found), others=others)

    run.__doc__ = f"The page has at most one {kind} landmark (axe-core landmark-no-duplicate-{kind})."
    return run


for _kind in ("banner", "contentinfo", "main"):
    check(f"landmark-no-duplicate-{_kind}")(_no_duplicate(_kind))


@check("landmark-one-main")
def landmark_one_main(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The page has a main landmark (axe-core landmark-one-main)."""
    if doc.root.tag != "html":
        return
    main = next((element for element, landmark in landmarks(doc) if landmark == "main"), None)
    yield failed(doc.root) if main is None else passed(doc.root, where=_where(doc, main))


@check("landmark-unique")
def landmark_unique(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Landmarks of one role have different accessible names (axe-core landmark-unique); a group of the same
    role and name fails once, on its first."""
    groups: dict[tuple[str, str], list[Element]] = {}
    for element, landmark in landmarks(doc):
        name = " ".join(accessible_name(doc, element).split()).lower()
        groups.setdefault((landmark, name), []).append(element)
    for (landmark, name), elements in groups.items():
        first = elements[0]
        if len(elements) == 1:
            yield passed(first, tag=first.tag, role=landmark)
        else:
            others = ", ".join(_where(doc, element) for element in elements[1:])
            yield failed(first, "named" if name else "fail", tag=first.tag, role=landmark, name=name, others=others)
