"""Ownership in the accessibility tree: aria-owns, an element's parent and children in the tree as
WAI-ARIA's required context roles and required owned elements read them, and the owned element an
element's role does not allow (ACT bc4a75, checked by ``aria-required-owned`` and deferred to by ``list``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from .aria import PRESENTATIONAL, explicit_role, keeps_node, role
from .aria_data import ROLE_DATA, RoleData
from .document import Document, Element
from .memo import MemoKey
from .visibility import is_programmatically_hidden

__all__ = ["OWNED_RULES", "OWNER_TAGS", "ownership", "stray_owned", "tree_parent"]

# Elements whose implicit role restricts what they own.
OWNER_TAGS = frozenset(["menu", "ol", "select", "table", "tbody", "tfoot", "thead", "tr", "ul"])
_NATIVE_CHILDREN = {
    **dict.fromkeys(("menu", "ol", "ul"), frozenset(["li", "script", "template"])),
    **dict.fromkeys(("tbody", "tfoot", "thead"), frozenset(["tr", "script", "template"])),
    "table": frozenset(["caption", "colgroup", "tbody", "tfoot", "thead", "tr", "script", "template"]),
    "tr": frozenset(["td", "th", "script", "template"]),
}

_Ownership = tuple[dict[Element, Element], dict[Element, list[Element]]]
_OWNERSHIP_KEY: MemoKey[_Ownership] = MemoKey("owned.ownership")
_BUSY_KEY: MemoKey[set[Element]] = MemoKey("owned.busy")


def ownership(doc: Document) -> _Ownership:
    """aria-owns: owned element → its owner, and owner → the elements it owns (first owner wins)."""

    def compute() -> _Ownership:
        owner_of: dict[Element, Element] = {}
        owned: dict[Element, list[Element]] = {}
        for owner, _, keys in doc.marked:
            if "aria-owns" not in keys:
                continue
            ancestors = set(owner.iterancestors())
            for ident in owner.get("aria-owns", "").split():
                target = doc.by_id(ident)
                if target is None or target is owner or target in owner_of or target in ancestors:
                    continue
                owner_of[target] = owner
                owned.setdefault(owner, []).append(target)
        return owner_of, owned

    return doc.memo(_OWNERSHIP_KEY, compute)


def _transparent(doc: Document, element: Element, generic: bool) -> bool:
    """No node of its own in the accessibility tree: its children belong to its parent. With ``generic``,
    a generic element (``<div>``, ``<span>``) that is neither focusable nor has a global ARIA attribute is
    passed over too, as WAI-ARIA 1.3 and axe-core pass over generic wrappers between an element and its
    required context, or an ARIA container and the elements it owns."""
    found = role(doc, element)
    if found is None or found in PRESENTATIONAL:
        return True
    return generic and found == "generic" and not keeps_node(doc, element)


def tree_parent(doc: Document, element: Element) -> Element | None:
    """The element's parent in the accessibility tree as its required context is looked for: aria-owns
    first, transparent and plain generic ancestors skipped, and those not included in the tree
    (``visibility: hidden`` that the element reverts)."""
    owner_of, _ = ownership(doc)
    node = element
    seen = {element}  # aria-owns can loop between elements that have no role
    while True:
        parent = owner_of.get(node)
        if parent is None:
            parent = node.getparent()
        if parent is None or parent in seen:
            return None
        if not _transparent(doc, parent, generic=True) and not is_programmatically_hidden(doc, parent):
            return parent
        seen.add(parent)
        node = parent


def _tree_children(doc: Document, element: Element) -> Iterator[Element]:
    """The element's children in the accessibility tree, transparent elements flattened (hidden ones
    included: callers check hiddenness only for the children that matter). Iterative: pages nest deep.
    Plain generic wrappers are flattened under an explicit ARIA role only: the children of a native list,
    table part or row without one follow the HTML content model, where a ``<div>`` is out of place."""
    owner_of, owned = ownership(doc)
    generic = explicit_role(element) is not None

    def direct(node: Element) -> Iterator[Element]:
        yield from (c for c in node if isinstance(c.tag, str) and owner_of.get(c, node) is node)
        yield from owned.get(node, ())

    seen = {element}
    stack = [direct(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child not in seen:
            seen.add(child)
            if _transparent(doc, child, generic):
                stack.append(direct(child))
            else:
                yield child


def _owned_rules(data: RoleData) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """Required owned elements as: roles owned directly, and container role → roles it may own."""
    direct = {entry for entry in data.owned if ">" not in entry}
    nested: dict[str, set[str]] = {}
    for entry in data.owned:
        if ">" in entry:
            container, _, inner = entry.partition(">")
            nested.setdefault(container, set()).add(inner)
    return frozenset(direct), {k: frozenset(v) for k, v in nested.items()}


# WAI-ARIA 1.2 roles that restrict what they own → (roles owned directly, container role → roles it may own)
OWNED_RULES = {name: _owned_rules(data) for name, data in ROLE_DATA.items() if data.owned and data.aria12}


def _stray_child(
    doc: Document, element: Element, direct: frozenset[str], nested: Mapping[str, frozenset[str]]
) -> Element | None:
    """The first owned element whose role the owner does not allow, or None."""
    for child in _tree_children(doc, element):
        found = role(doc, child)
        if found in direct:
            continue
        stray: Element | None = child
        if found is not None and found in nested:
            stray = _stray_child(doc, child, nested[found], {found: nested[found]})
        if stray is not None and not is_programmatically_hidden(doc, stray):
            return stray
    return None


def _native_content(doc: Document, element: Element) -> bool:
    """A native list, table part or row whose children are the native elements it expects, none of
    them with a role or moved by aria-owns: it owns only allowed roles (a shortcut past role lookups)."""
    expected = _NATIVE_CHILDREN.get(element.tag)  # type: ignore[arg-type]  # parsed HTML: a tag is a str
    if expected is None or element.get("role") is not None or element.get("aria-owns") is not None:
        return False
    owner_of, _ = ownership(doc)
    return all(
        not isinstance(child.tag, str)
        or (child.tag in expected and child.get("role") is None and child not in owner_of)
        for child in element
    )


def _is_true(value: str | None) -> bool:
    return (value or "").strip().lower() == "true"


def _busy(doc: Document, element: Element) -> bool:
    """The element or an ancestor has ``aria-busy="true"``: its content is still being built."""
    busy = doc.memo(
        _BUSY_KEY,
        lambda: {e for e, _, keys in doc.marked if "aria-busy" in keys and _is_true(e.get("aria-busy"))},
    )
    return bool(busy) and any(e in busy for e in (element, *element.iterancestors()))


def stray_owned(doc: Document, element: Element) -> tuple[str, Element | None] | None:
    """For an element whose WAI-ARIA 1.2 role restricts what it owns and whose content is not being
    built (``aria-busy``): its role and the first owned element that role does not allow (None when
    it owns only allowed ones). None for any other element: ACT bc4a75 does not apply."""
    found = role(doc, element)
    if found not in OWNED_RULES or _busy(doc, element):
        return None
    if _native_content(doc, element):
        return found, None
    return found, _stray_child(doc, element, *OWNED_RULES[found])
