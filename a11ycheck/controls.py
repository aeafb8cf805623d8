"""The page's controls and the elements the name rules look at, by kind, found in one walk."""

from __future__ import annotations

from .document import Document, Element
from .memo import MemoKey

__all__ = ["candidates"]

# The candidates of the name rules (checks/names.py, checks/forms.py), from the page's one walk (Document.marked).
_CANDIDATE_TAGS = frozenset(["button", "input", "select", "textarea", "summary"])
_CONTROL_TAGS = frozenset(["button", "input", "select", "textarea"])


_CANDIDATES_KEY: MemoKey[dict[str, list[Element]]] = MemoKey("controls.candidates")


def candidates(doc: Document, kind: str) -> list[Element]:
    """The page's candidates of one kind: 'controls' (form controls and buttons), 'role', 'summary'
    or 'labelled' (with aria-label or aria-labelledby), in document order, found in one pass."""

    def index() -> dict[str, list[Element]]:
        found: dict[str, list[Element]] = {"controls": [], "role": [], "summary": [], "labelled": []}
        root = doc.root
        for element, tag, keys in doc.marked:
            has_role = "role" in keys
            labelled = "aria-label" in keys or "aria-labelledby" in keys
            if element is root or not (has_role or labelled or tag in _CANDIDATE_TAGS):
                continue  # (the candidates are the root's descendants)
            if has_role or tag in _CONTROL_TAGS:
                found["controls"].append(element)
            if has_role:
                found["role"].append(element)
            if tag == "summary":
                found["summary"].append(element)
            if labelled:
                found["labelled"].append(element)
        return found

    return doc.memo(_CANDIDATES_KEY, index)[kind]
