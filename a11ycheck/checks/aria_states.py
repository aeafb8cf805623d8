"""ARIA attributes allowed only under conditions: on a native checkbox, on rows outside a treegrid, braille
labels and role descriptions that need their plain counterpart."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..accname import accessible_name
from ..aria import role
from ..document import Document, Element
from ..visibility import is_programmatically_hidden
from . import Finding, cant_tell, check, failed, passed

_TREEGRID_ROW_ATTRS = ("aria-posinset", "aria-setsize", "aria-expanded", "aria-level")
_ROW_OWNERS = frozenset(["table", "grid", "treegrid"])
_CONDITIONAL = frozenset(["aria-checked", *_TREEGRID_ROW_ATTRS])  # what _checkbox and _row read
_BRAILLE = frozenset(["aria-braillelabel", "aria-brailleroledescription"])


def _aria_elements(doc: Document, names: frozenset[str]) -> Iterator[Element]:
    """The elements with one of these ``aria-*`` attributes, in the accessibility tree (hiddenness is asked
    only of the elements that have one: most ``aria-`` attributes concern no rule of this module)."""
    for element, _, keys in doc.marked:
        if not names.isdisjoint(keys) and not is_programmatically_hidden(doc, element):
            yield element


def _checked_state(element: Element) -> str:
    return "true" if element.get("checked") is not None else "false"


def _checkbox(doc: Document, element: Element) -> Finding | None:
    """A native checkbox's ``aria-checked`` agrees with its checked state, which it overrides."""
    value = (element.get("aria-checked") or "").strip().lower()
    if element.tag != "input" or not value or role(doc, element) != "checkbox":
        return None
    if (element.get("type") or "").strip().lower() != "checkbox":
        return None
    state = _checked_state(element)
    if value == "mixed":  # only a script makes a checkbox indeterminate
        return cant_tell(element, "mixed", state=state)
    said = "true" if value == "true" else "false"
    if said == state:
        return passed(element, "pass", attribute="aria-checked")
    return failed(element, "checkbox", value=value, state="checked" if state == "true" else "not checked")


def _row_owner(element: Element) -> Element | None:
    """The closest table, grid or treegrid around a row (as axe-core finds it)."""
    for ancestor in element.iterancestors():
        tokens = (ancestor.get("role") or "").lower().split()
        if (ancestor.tag == "table" and ancestor.get("role") is None) or _ROW_OWNERS.intersection(tokens):
            return ancestor
    return None


def _row(doc: Document, element: Element) -> Finding | None:
    """A row takes aria-posinset, aria-setsize, aria-expanded and aria-level only in a treegrid."""
    names = [name for name in _TREEGRID_ROW_ATTRS if element.get(name) is not None]
    if not names or role(doc, element) != "row":
        return None
    owner = _row_owner(element)
    owner_role = role(doc, owner) if owner is not None else None
    if owner_role is None or owner_role == "treegrid":
        return passed(element, "pass", attribute=", ".join(names))
    return failed(element, "row", attribute=", ".join(names), owner=owner_role)


@check("aria-conditional-attr")
def aria_conditional_attr(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """ARIA attributes a role supports only under conditions are used under them: ``aria-checked`` on a native
    checkbox says what its checked state says; the treegrid row attributes are on rows of a treegrid."""
    for element in _aria_elements(doc, _CONDITIONAL):
        for decide in (_checkbox, _row):
            finding = decide(doc, element)
            if finding is not None:
                yield finding


@check("aria-braille-equivalent")
def aria_braille_equivalent(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """``aria-braillelabel`` goes with an accessible name, ``aria-brailleroledescription`` with an
    ``aria-roledescription``: browsers ignore the braille form without its plain one."""
    for element in _aria_elements(doc, _BRAILLE):
        if (element.get("aria-braillelabel") or "").strip():
            if accessible_name(doc, element):
                yield passed(element, attribute="aria-braillelabel")
            else:
                yield failed(element, "label", tag=element.tag)
        if (element.get("aria-brailleroledescription") or "").strip():
            if (element.get("aria-roledescription") or "").strip():
                yield passed(element, attribute="aria-brailleroledescription")
            else:
                yield failed(element, "roledescription", tag=element.tag)
