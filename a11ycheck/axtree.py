"""Which elements the accessibility tree exposes as nodes of their own.

ACT's *included in the accessibility tree* is ``not is_programmatically_hidden`` (:mod:`a11ycheck.visibility`).
An included element inside one whose role makes its children presentational (``button``, ``img``,
``checkbox``…) is in the tree only as part of that element's content: it is not *exposed* with a role
of its own.
"""

from __future__ import annotations

from .aria import role
from .aria_data import ROLE_DATA
from .document import Document, Element
from .visibility import is_programmatically_hidden

__all__ = ["is_exposed"]


def is_exposed(doc: Document, element: Element) -> bool:
    """Included in the accessibility tree (not programmatically hidden) and not inside an element whose
    role makes its children presentational: a node of the tree with its own role."""
    if is_programmatically_hidden(doc, element):
        return False
    for ancestor in element.iterancestors():
        data = ROLE_DATA.get(role(doc, ancestor) or "")
        if data is not None and data.presentational:
            return False
    return True
