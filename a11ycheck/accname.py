"""Accessible name computation (W3C accname 1.2) over the static document.

``accessible_name(doc, element)`` follows the algorithm's steps: hidden nodes (2A), aria-labelledby
(2B), embedded controls (2C), aria-label (2D), native labels (2E), name from content (2F/2G) and the
tooltip ``title`` (2I). Results are cached per document.
"""

from __future__ import annotations

from lxml import etree

from .aria import NAME_FROM_CONTENT, role
from .document import Document, Element
from .visibility import is_programmatically_hidden

__all__ = ["accessible_name", "labels_of"]

_XP_LABEL_FOR = etree.XPath("//label[@for]")
_LABELABLE = {"button", "input", "meter", "output", "progress", "select", "textarea"}
_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "td",
        "th",
        "tr",
        "ul",
        "caption",
        "tbody",
        "thead",
        "tfoot",
    ]
)
_INPUT_DEFAULTS = {"submit": "Submit", "reset": "Reset"}
_CONTROL_ROLES = {
    "textbox",
    "searchbox",
    "combobox",
    "listbox",
    "slider",
    "spinbutton",
    "scrollbar",
    "progressbar",
    "meter",
}


def _squash(text: str) -> str:
    return " ".join(text.split())


def labels_of(doc: Document, element: Element) -> list[Element]:
    """``<label>`` elements that label a form control: ``for`` its id, or wrapping it."""

    def index() -> dict[str, list[Element]]:
        by_for: dict[str, list[Element]] = {}
        for label in _XP_LABEL_FOR(doc.root):
            by_for.setdefault(label.get("for"), []).append(label)
        return by_for

    found: list[Element] = []
    ident = element.get("id")
    if ident:
        target = doc.by_id(ident)
        if target is element:
            found.extend(doc.memo("labels-for", index).get(ident, []))
    for ancestor in element.iterancestors("label"):
        if ancestor.get("for") is None and ancestor not in found:
            found.append(ancestor)
        break
    return found


def accessible_name(doc: Document, element: Element) -> str:
    """The element's accessible name, whitespace-normalised."""
    cache = doc.memo("accname", dict)
    if element not in cache:
        cache[element] = _squash(_Computation(doc).name(element, root=True))
    return cache[element]


class _Computation:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.visited: set[Element] = set()

    def name(self, node: Element, *, root: bool = False, labelledby: bool = False, content: bool = False) -> str:
        doc = self.doc
        if node in self.visited:
            return ""
        self.visited.add(node)
        # 2A: hidden and not directly referenced
        if not labelledby and is_programmatically_hidden(doc, node):
            return ""
        # 2B: aria-labelledby (not followed when already inside a labelledby traversal)
        if not labelledby or root:
            ids = (node.get("aria-labelledby") or "").split()
            if ids:
                parts = []
                for ident in ids:
                    target = doc.by_id(ident)
                    if target is not None:
                        parts.append(_squash(_Computation(doc).name(target, labelledby=True)))
                text = " ".join(p for p in parts if p)
                if text.strip():
                    return text
        node_role = role(doc, node)
        # 2C: an embedded control inside a label or name from content
        if not root and node_role in _CONTROL_ROLES:
            return self._control_value(node, node_role)
        # 2D: aria-label
        label = node.get("aria-label")
        if label and label.strip() and node_role not in ("presentation", "none"):
            return label
        # 2E: native label
        native = self._native(node, node_role)
        if native is not None and native.strip():
            return native
        # 2F: name from content
        if node_role in NAME_FROM_CONTENT or not root or (labelledby and root):
            text = self._content(node)
            if text.strip():
                return text
        # 2I: tooltip
        title = node.get("title")
        if title and title.strip():
            return title
        if node.tag in ("input",) and (node.get("type") or "").lower() in ("submit", "reset"):
            return _INPUT_DEFAULTS[(node.get("type") or "").lower()]
        if node.tag == "input" and (node.get("type") or "").lower() == "image":
            return node.get("value") or ""
        return ""

    def _content(self, node: Element) -> str:
        out: list[str] = [node.text or ""]
        for child in node:
            if isinstance(child.tag, str):
                block = child.tag in _BLOCK
                text = self.name(child, content=True)
                out.append(f" {text} " if block else text)
            if child.tail:
                out.append(child.tail)
        return "".join(out)

    def _control_value(self, node: Element, node_role: str) -> str:
        tag = node.tag
        if node_role in ("textbox", "searchbox"):
            if tag == "textarea":
                return node.text or ""
            return node.get("value") or ""
        if node_role in ("combobox", "listbox"):
            if tag == "select":
                chosen = [o for o in node.iter("option") if o.get("selected") is not None]
                if not chosen and node_role == "combobox":
                    chosen = list(node.iter("option"))[:1]
                return " ".join(_squash("".join(o.itertext())) for o in chosen)
            return node.get("value") or ""
        return node.get("aria-valuetext") or node.get("aria-valuenow") or node.get("value") or ""

    def _native(self, node: Element, node_role: str | None) -> str | None:
        doc = self.doc
        tag = node.tag
        if tag == "input":
            kind = (node.get("type") or "").strip().lower()
            if kind in ("button", "submit", "reset"):
                value = node.get("value")
                return value if value is not None else _INPUT_DEFAULTS.get(kind, "")
            if kind == "image":
                alt = node.get("alt")
                return alt
        if tag in _LABELABLE:
            labels = labels_of(doc, node)
            if labels:
                return " ".join(_squash(self._content_of_label(lab)) for lab in labels)
            if tag == "input" and node_role in ("textbox", "searchbox", "combobox"):
                return None
        if tag in ("img", "area"):
            return node.get("alt")
        if tag == "fieldset":
            legend = node.find("legend")
            return _squash(self.name(legend, content=True)) if legend is not None else None
        if tag == "figure":
            caption = node.find("figcaption")
            return _squash(self.name(caption, content=True)) if caption is not None else None
        if tag == "table":
            caption = node.find("caption")
            return _squash(self.name(caption, content=True)) if caption is not None else None
        if tag == "svg":
            for child in node:
                if child.tag == "title":
                    return _squash("".join(child.itertext()))
        if tag == "optgroup":
            return node.get("label")
        return None

    def _content_of_label(self, label: Element) -> str:
        self.visited.discard(label)
        return self.name(label, content=True, labelledby=False)
