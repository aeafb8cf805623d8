"""Accessible name and description (W3C accname 1.2 with html-aam) over the static document.

:func:`accessible_name` follows the algorithm's steps: hidden nodes (2A; the content of a hidden node
that ``aria-labelledby`` references directly is used), ``aria-labelledby`` (2B, never followed twice),
embedded controls (2C: a textbox's value, the selected option of a combobox or listbox, a range's
value), ``aria-label`` (2D), the host language's labels (2E: ``<label>``, ``alt``, ``value`` of
buttons, ``legend``, ``figcaption``, ``caption``, SVG ``<title>``), name from content (2F–2H: block
elements and ``<br>`` separate words) and the tooltip ``title`` (2I), then an input's placeholder.
CSS-generated content cannot be known from the page and is ignored. Content is walked with explicit
stacks, so any nesting depth works. :func:`visible_inner_text` is the ACT rules' *visible inner text*,
for comparing what is seen with what is announced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from .aria import NAME_FROM_CONTENT, PRESENTATIONAL, role
from .css import styles
from .document import Document, Element
from .memo import MemoKey
from .visibility import NOT_DRAWN, hides_content, is_programmatically_hidden, is_rendered, is_visible, shows_text

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["accessible_description", "accessible_name", "content_text", "labels_for", "labels_of", "visible_inner_text"]

_XP_LABEL_FOR = etree.XPath("descendant::label[@for]")
_XP_LABELABLE = etree.XPath(
    "descendant::*[self::button or self::meter or self::output or self::progress or self::select"
    " or self::textarea or (self::input and not(translate(@type, 'HIDEN', 'hiden') = 'hidden'))][1]"
)
_LABELABLE = frozenset(["button", "input", "meter", "output", "progress", "select", "textarea"])
_NEVER_TEXT = frozenset(["script", "style", "template", "noscript"])
_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
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
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    ]
)
_CELLS = frozenset(["td", "th", "tr"])
_INLINE_DISPLAYS = frozenset(["inline", "contents", "none"])
_BUTTON_DEFAULTS = {"submit": "Submit", "reset": "Reset"}
_TEXT_INPUTS = frozenset(["", "text", "search", "email", "tel", "url", "password", "number"])
_CONTROL_ROLES = frozenset(
    ["textbox", "searchbox", "combobox", "listbox", "slider", "spinbutton", "scrollbar", "progressbar", "meter"]
)
# elements named from their content whatever their role (html-aam)
_CONTENT_TAGS = frozenset(["summary"])
# the only tags whose implicit role can be one of _CONTROL_ROLES
_CONTROL_TAGS = frozenset(["input", "select", "textarea", "datalist", "progress", "meter"])
# the child that names a grouping element (2E)
_CAPTIONS = {"fieldset": "legend", "figure": "figcaption", "table": "caption"}
# the tags that the host language names (2E)
_NATIVE_TAGS = _LABELABLE | {"img", "area", "option", "optgroup", "svg"} | _CAPTIONS.keys()


def _squash(text: str) -> str:
    return " ".join(text.split())


_LABELS_FOR_KEY: MemoKey[dict[str, list[Element]]] = MemoKey("accname.labels_for")


def labels_for(doc: Document, ident: str) -> list[Element]:
    """The ``<label for>`` elements whose ``for`` is ``ident``, in document order (whichever element
    carries that id)."""

    def by_for() -> dict[str, list[Element]]:
        index: dict[str, list[Element]] = {}
        for label in _XP_LABEL_FOR(doc.root):
            index.setdefault(label.get("for", ""), []).append(label)
        return index

    return doc.memo(_LABELS_FOR_KEY, by_for).get(ident, [])


def labels_of(doc: Document, element: Element) -> list[Element]:
    """The ``<label>`` elements of a labelable control: ``for`` its id, or wrapping it as their first
    labelable descendant, in document order."""
    if element.tag not in _LABELABLE:
        return []
    found: list[Element] = []
    ident = element.get("id")
    if ident and doc.by_id(ident) is element:
        found.extend(labels_for(doc, ident))
    for ancestor in element.iterancestors("label"):
        if ancestor.get("for") is None and ancestor not in found:
            first = _XP_LABELABLE(ancestor)
            if first and first[0] is element:
                found.append(ancestor)
        break
    if len(found) > 1:
        order = doc.order
        found.sort(key=lambda label: order.get(label, 0))
    return found


_NAMES_KEY: MemoKey[dict[Element, str]] = MemoKey("accname.names")


def accessible_name(doc: Document, element: Element) -> str:
    """The element's accessible name, whitespace-normalised ("" when it has none)."""
    cache = doc.memo(_NAMES_KEY, dict)
    name = cache.get(element)
    if name is None:
        name = _squash(_Walk(doc).text(element, root=True))
        if len(name) <= 4096:  # a name longer than that is worked out again if asked again
            cache[element] = name
    return name


def content_text(doc: Document, element: Element) -> str:
    """The text of the element's content as a name from content reads it (2F–2H), whitespace-normalised:
    what assistive technologies still read when they ignore a name the element's role cannot take."""
    return _squash(_Walk(doc)._content(element))


def accessible_description(doc: Document, element: Element) -> str:
    """The element's accessible description: ``aria-describedby``, else ``aria-description``, else a
    ``title`` that did not give the name."""
    ids = (element.get("aria-describedby") or "").split()
    targets = [t for t in (doc.by_id(i) for i in ids) if t is not None]
    if targets:
        text = " ".join(_squash(_Walk(doc).referenced(t)) for t in targets)
        if text.strip():
            return _squash(text)
    description = _squash(element.get("aria-description") or "")
    if description:
        return description
    title = _squash(element.get("title") or "")
    return title if title and title != accessible_name(doc, element) else ""


class _Walk:
    """One run of the text alternative computation (accname step 2)."""

    def __init__(self, doc: Document, *, in_labelledby: bool = False, hidden_ok: bool = False) -> None:
        self.doc = doc
        self.in_labelledby = in_labelledby  # inside an aria-labelledby/-describedby traversal
        self.hidden_ok = hidden_ok  # the directly referenced node is hidden: its hidden content counts
        self.visited: set[Element] = set()

    def referenced(self, target: Element) -> str:
        """The text of a node referenced by ``aria-labelledby`` or ``aria-describedby``."""
        walk = _Walk(self.doc, in_labelledby=True, hidden_ok=is_programmatically_hidden(self.doc, target))
        return walk.text(target)

    def text(self, node: Element, *, root: bool = False) -> str:
        """The text alternative of a node: the root of the computation, or a referenced node."""
        decided = self._decided(node, root=root)
        if decided is not None:
            return decided
        # 2F: name from content (always inside a recursion)
        if not root or self.in_labelledby or node.tag in _CONTENT_TAGS or role(self.doc, node) in NAME_FROM_CONTENT:
            content = self._content(node)
            if content.strip():
                return content
        # 2I: tooltip, then an input's placeholder (html-aam)
        title = node.get("title")
        if title and title.strip():
            return title
        if root and _is_text_input(node):
            return node.get("placeholder") or node.get("aria-placeholder") or ""
        return ""

    def _decided(self, node: Element, *, root: bool = False) -> str | None:
        """Steps 2A to 2E: the node's text when its content is not needed for it, else None."""
        doc = self.doc
        if node in self.visited or node.tag in _NEVER_TEXT:
            return ""
        self.visited.add(node)
        # 2A: hidden, unless the root or inside a hidden node that was referenced directly
        if not root and not self.hidden_ok and is_programmatically_hidden(doc, node):
            return ""
        # 2B: aria-labelledby
        ids = None if self.in_labelledby else node.get("aria-labelledby")
        if ids:
            targets = [t for t in (doc.by_id(i) for i in ids.split()) if t is not None]
            if targets:
                text = " ".join(_squash(self.referenced(t)) for t in targets)
                if text.strip():
                    return text
        # 2C: a control embedded in the label of another element (only these tags or a role make one)
        if not root and (node.tag in _CONTROL_TAGS or node.get("role") is not None):
            node_role = role(doc, node)
            if node_role in _CONTROL_ROLES:
                return _control_value(node, node_role)
        # 2D: aria-label
        label = node.get("aria-label")
        if label and label.strip():
            return label
        # 2E: the host language's label
        native = self._native(node) if node.tag in _NATIVE_TAGS else None
        return native if native and native.strip() else None

    def _content(self, node: Element) -> str:
        """The text of the node's descendants (2F–2H), walked with an explicit stack: any depth.

        A descendant whose text is not decided by 2A–2E gives its own content, or its ``title`` when
        that is empty; block-level descendants are set apart with spaces, ``<br>`` is a space."""
        doc = self.doc
        skipped = hides_content(doc, node)
        if not len(node):
            return "" if skipped else node.text or ""
        parts = ["" if skipped else node.text or ""]
        solid = 0 if parts[0].strip() else -1  # index of the last part with more than whitespace
        # frames: (element, its children, index of its first part, whether it is block-level, whether its
        # own text is skipped); a block's first part is preceded by a "" that becomes its leading space
        # when its text is not empty
        stack: list[tuple[Element, Iterator[Element], int, bool, bool]] = [(node, iter(node), 0, False, skipped)]
        while stack:
            element, children, start, block, skipped = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if not stack:
                    break
                skipped = stack[-1][4]
                if solid < start:  # (a part with text is never taken out: no need to look again)
                    del parts[start:]
                    parts.append(_tooltip(doc, element) or "")
                    if parts[-1]:
                        solid = len(parts) - 1
                if block and solid >= start:
                    parts[start - 1] = " "
                    parts.append(" ")
                part = element.tail or ""
            elif not isinstance(child.tag, str) or child.tag == "br":
                parts.append(" " if child.tag == "br" else "")
                part = child.tail or ""
            else:
                decided = self._decided(child)
                if decided is None:
                    child_block = _is_block(doc, child)
                    if child_block:
                        parts.append("")
                    skipped = hides_content(doc, child)
                    stack.append((child, iter(child), len(parts), child_block, skipped))
                    part = child.text or ""
                else:
                    if decided.strip():
                        solid = len(parts)
                    parts.append(f" {decided} " if decided and _is_block(doc, child) else decided)
                    part = child.tail or ""
            if skipped:  # text that content-visibility: hidden or a closed details does not render
                part = ""
            if part.strip():
                solid = len(parts)
            parts.append(part)
        return "".join(parts)

    def _native(self, node: Element) -> str | None:
        """Step 2E for an element of :data:`_NATIVE_TAGS`: its label in HTML, or None."""
        tag: str = node.tag  # type: ignore[assignment]  # parsed HTML: a tag is a str
        if tag == "input":
            kind = (node.get("type") or "").strip().lower()
            if kind in ("button", "submit", "reset"):
                value = node.get("value")
                return value if value is not None else _BUTTON_DEFAULTS.get(kind)
            if kind == "image":
                return node.get("alt")
        if tag in _LABELABLE:
            labels = labels_of(self.doc, node)
            if not self.hidden_ok:  # 2A: a hidden label gives nothing (its own text included)
                labels = [label for label in labels if not is_programmatically_hidden(self.doc, label)]
            return " ".join(_squash(self._content(label)) for label in labels) if labels else None
        if tag in ("img", "area"):
            return node.get("alt")
        if tag in ("option", "optgroup") and node.get("label"):
            return node.get("label")
        if tag == "svg":
            title = next(node.iterchildren("title"), None)
            return _text(title) if title is not None else None
        child_tag = _CAPTIONS.get(tag)
        if child_tag:
            child = next(node.iterchildren(child_tag), None)
            if child is not None and not is_programmatically_hidden(self.doc, child):
                self.visited.add(child)
                return _squash(self._content(child))
        return None


def _tooltip(doc: Document, element: Element) -> str | None:
    """The ``title`` of a node inside a name (2I), unless the node is presentational: it is not exposed."""
    title = element.get("title")
    return title if title and title.strip() and role(doc, element) not in PRESENTATIONAL else None


def _is_text_input(node: Element) -> bool:
    if node.tag == "textarea":
        return True
    return node.tag == "input" and (node.get("type") or "").strip().lower() in _TEXT_INPUTS


def _is_block(doc: Document, element: Element) -> bool:
    """Whether the element's display puts its text apart from its neighbours' (block, table, list…)."""
    display = styles(doc).declared(element).get("display")
    if display is not None:
        return display not in _INLINE_DISPLAYS
    return element.tag in _BLOCK or element.tag in _CELLS


def _control_value(node: Element, node_role: str) -> str:
    """The value of an embedded control (accname 2C)."""
    tag = node.tag
    if node_role in ("textbox", "searchbox"):
        if tag == "textarea":
            return node.text or ""
        return (node.get("value") or "") if tag == "input" else _text(node)
    if node_role in ("combobox", "listbox"):
        if tag == "select":
            options = list(node.iter("option"))
            chosen = [o for o in options if o.get("selected") is not None]
            if not chosen and node_role == "combobox" and options:
                chosen = options[:1]
            return " ".join(_squash(o.get("label") or _text(o)) for o in chosen)
        if tag == "input":
            return node.get("value") or ""
        chosen = [o for o in node.iter() if (o.get("aria-selected") or "").lower() == "true"]
        return " ".join(_text(o) for o in chosen)
    return node.get("aria-valuetext") or node.get("aria-valuenow") or node.get("value") or ""


def _text(node: Element) -> str:
    return _squash("".join(node.itertext()))


# -- visible inner text (ACT glossary) ----------------------------------------------------------
def visible_inner_text(doc: Document, element: Element) -> str:
    """The ACT *visible inner text* of an element: its visible text, with blocks and ``<br>`` as line
    breaks and table cells as spaces; rendered but invisible elements count as one space."""
    parts: list[str] = []
    # the stack holds elements to open, and the text (an edge, a tail) to emit when one closes
    stack: list[Element | str] = [element]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        if not isinstance(item.tag, str) or item.tag in _NEVER_TEXT or not is_rendered(doc, item):
            continue
        if not is_visible(doc, item):
            parts.append(" ")
            continue
        if item.tag == "br":
            parts.append("\n")
            continue
        if item.tag in NOT_DRAWN:  # (an HTML page's own <title> is not inside the elements read here)
            continue
        edge = " " if item.tag in _CELLS else "\n" if _is_block(doc, item) else ""
        parts.append(edge)
        # its own text, unless not drawn (transparent, of no size) or skipped (only a closed details' summary
        # is rendered, say)
        shown = shows_text(doc, item) and not hides_content(doc, item)
        parts.append(_squash_keep_edges(item.text) if shown else "")
        stack.append(edge)
        for child in reversed(item):
            stack.append(_squash_keep_edges(child.tail) if shown else "")
            stack.append(child)
    return "".join(parts)


def _squash_keep_edges(text: str | None) -> str:
    """A visible text node's data with runs of whitespace made one space."""
    if not text:
        return ""
    squashed = " ".join(text.split())
    if not squashed:
        return " "
    return (" " if text[0].isspace() else "") + squashed + (" " if text[-1].isspace() else "")
