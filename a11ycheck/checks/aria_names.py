"""Names of elements given an ARIA role that needs one: dialogs, meters, progress bars, tooltips, tree items.

axe-core's ``aria-*-name`` family: each applies to elements whose ``role`` attribute gives the role (native
``<progress>`` and ``<meter>`` are the form rules' business), in the accessibility tree.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..accname import accessible_name
from ..aria import explicit_role
from ..controls import candidates
from ..document import Document
from ..visibility import is_programmatically_hidden
from . import Finding, check, failed, passed


def _names(doc: Document, roles: frozenset[str]) -> Iterator[Finding]:
    """Passed with its name, or failed, for each element in the tree whose explicit role is one of ``roles``."""
    for element in candidates(doc, "role"):
        found = explicit_role(element)
        if found not in roles or is_programmatically_hidden(doc, element):
            continue
        name = accessible_name(doc, element)
        if name:
            yield passed(element, name=name, role=found)
        else:
            yield failed(element, "empty", role=found, tag=element.tag)


@check("aria-dialog-name")
def aria_dialog_name(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Dialogs and alert dialogs have an accessible name."""
    return _names(doc, frozenset(["dialog", "alertdialog"]))


@check("aria-meter-name")
def aria_meter_name(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Elements with the role meter have an accessible name."""
    return _names(doc, frozenset(["meter"]))


@check("aria-progressbar-name")
def aria_progressbar_name(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Elements with the role progressbar have an accessible name."""
    return _names(doc, frozenset(["progressbar"]))


@check("aria-tooltip-name")
def aria_tooltip_name(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Tooltips have an accessible name (their text, usually)."""
    return _names(doc, frozenset(["tooltip"]))


@check("aria-treeitem-name")
def aria_treeitem_name(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Tree items have an accessible name (their text, usually)."""
    return _names(doc, frozenset(["treeitem"]))
