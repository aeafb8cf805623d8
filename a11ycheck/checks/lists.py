"""Lists and description lists: what a list may hold, and where a list item or a term may stand.

The four rules read the HTML structure as axe-core's ``list``, ``listitem``, ``definition-list`` and
``dlitem`` do: each applies to an element without a ``role`` attribute that is in the accessibility tree,
and looks only at its parent (items) or its children (lists), as the browser builds the list from them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..aria import explicit_role
from ..aria_data import ROLE_DATA
from ..document import Document, Element
from ..owned import stray_owned
from ..visibility import is_inert, is_programmatically_hidden
from . import Finding, check, failed, passed

_LIST_PARENTS = frozenset(["ul", "ol", "menu"])
_PASSED_OVER = frozenset(["presentation", "none"])  # roles that leave the parent's list to the item
# listitem and its subclasses (DPUB's doc-biblioentry, doc-endnote)
_ITEM_ROLES = frozenset(name for name, data in ROLE_DATA.items() if name == "listitem" or "listitem" in data.parents)
_DL_ROLES = _ITEM_ROLES | {"definition", "term"}
_TEXT_LIMIT = 40


def _applies(doc: Document, element: Element) -> bool:
    """No ``role`` attribute (an empty one counts as none) and in the accessibility tree."""
    return not element.get("role") and not _hidden(doc, element)


def _hidden(doc: Document, element: Element) -> bool:
    """Out of the accessibility tree: hidden, ``aria-hidden`` or inert."""
    return is_programmatically_hidden(doc, element) or is_inert(doc, element)


def _tag(element: Element) -> str:
    """The element as messages name it: ``<ul>``, or ``<ul role="tabpanel">`` when it has a role."""
    value = element.get("role")
    tag: str = element.tag  # type: ignore[assignment]  # parsed HTML: a tag is a str
    return f'<{tag} role="{value}">' if value else f"<{tag}>"


def _text(value: str) -> str:
    """A text node as messages quote it, cut short."""
    text = " ".join(value.split())
    return f'text "{text[:_TEXT_LIMIT]}…"' if len(text) > _TEXT_LIMIT else f'text "{text}"'


def _children(element: Element) -> Iterator[tuple[str | None, Element | None]]:
    """The element's child nodes: (text, None) for each non-blank text node, (None, child) for each
    child element; comments and processing instructions only for the text after them."""
    if element.text and element.text.strip():
        yield element.text, None
    for child in element:
        if isinstance(child.tag, str):
            yield None, child
        if child.tail and child.tail.strip():
            yield child.tail, None


def _intruders(doc: Document, element: Element, roles: frozenset[str], tags: frozenset[str],
               groups: bool = False) -> list[str]:
    """What the list holds besides its items, as messages name it (each kind once): text, and child
    elements in the accessibility tree whose explicit role is not in ``roles``, or that have none and
    a tag not in ``tags``. With ``groups``, a ``<div>`` without a role is a group whose children are
    checked in its place (``<dl>``)."""
    found: list[str] = []
    queue = [(child, False) for child in _children(element)]
    while queue:
        (text, child), nested = queue.pop(0)
        prefix = "<div> holding " if nested else ""
        if child is None:
            issue = prefix + _text(text or "")
        elif groups and not nested and child.tag == "div" and explicit_role(child) is None:
            queue.extend((grandchild, True) for grandchild in _children(child))
            continue
        elif _hidden(doc, child):
            continue
        else:
            explicit = explicit_role(child)
            if (explicit in roles) if explicit is not None else (child.tag in tags):
                continue
            issue = prefix + _tag(child)
        if issue not in found:
            found.append(issue)
    return found


def _fails_required_owned(doc: Document, element: Element) -> bool:
    """aria-required-owned fails the list: it owns an element whose role is not listitem."""
    owning = stray_owned(doc, element)
    return owning is not None and owning[1] is not None


@check("list")
def list_children(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A ``<ul>`` or ``<ol>`` holds only list items (and hidden elements such as scripts).

    A list that owns an element of another role is left to aria-required-owned (ACT bc4a75), which fails
    it: one defect, one finding. This rule keeps the lists that rule passes (text, an iframe among the items).
    """
    for element in doc.root.iter("ul", "ol"):
        if not _applies(doc, element) or _fails_required_owned(doc, element):
            continue
        found = _intruders(doc, element, _ITEM_ROLES, frozenset(["li"]))
        if found:
            yield failed(element, tag=_tag(element), children=", ".join(found))
        else:
            yield passed(element, tag=_tag(element))


@check("listitem")
def list_item_parent(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """An ``<li>`` is the child of a ``<ul>``, ``<ol>`` or ``<menu>``, or of an element with role list
    (or a presentational one)."""
    for element in doc.root.iter("li"):
        if not _applies(doc, element):
            continue
        parent = element.getparent()
        if parent is None:
            continue
        parent_role = explicit_role(parent)
        if parent_role in _PASSED_OVER or parent_role == "list":
            yield passed(element, parent=_tag(parent))
        elif parent_role is not None:
            yield failed(element, "role", parent=_tag(parent), role=parent_role)
        elif parent.tag in _LIST_PARENTS:
            yield passed(element, parent=_tag(parent))
        else:
            yield failed(element, parent=_tag(parent))


@check("definition-list")
def definition_list_children(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A ``<dl>`` holds only ``<dt>`` and ``<dd>`` groups (directly or in ``<div>`` wrappers), and a
    ``<dd>`` follows some ``<dt>``."""
    for element in doc.root.iter("dl"):
        if not _applies(doc, element):
            continue
        found = _intruders(doc, element, _DL_ROLES, frozenset(["dt", "dd"]), groups=True)
        if found:
            yield failed(element, tag=_tag(element), children=", ".join(found))
        elif not _ordered(element):
            yield failed(element, "order", tag=_tag(element))
        else:
            yield passed(element, tag=_tag(element))


def _ordered(element: Element) -> bool:
    """Some ``<dd>`` child follows a ``<dt>`` child, or there are neither (groups in ``<div>`` aside)."""
    seen_term = seen_any = False
    for child in element:
        if child.tag == "dt":
            seen_term = seen_any = True
        elif child.tag == "dd":
            if seen_term:
                return True
            seen_any = True
    return not seen_any


@check("dlitem")
def description_item_parent(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A ``<dt>`` or ``<dd>`` is the child of a ``<dl>``, or of a ``<div>`` that is a child of one."""
    for element in doc.root.iter("dt", "dd"):
        if not _applies(doc, element):
            continue
        parent = element.getparent()
        if parent is None:
            continue
        if parent.tag == "div" and explicit_role(parent) in (None, *_PASSED_OVER):
            grandparent = parent.getparent()
            parent = grandparent if grandparent is not None else parent
        if parent.tag != "dl":
            yield failed(element, tag=element.tag, parent=_tag(parent))
        elif explicit_role(parent) not in (None, "list", *_PASSED_OVER):
            yield failed(element, "role", tag=element.tag, parent=_tag(parent), role=explicit_role(parent))
        else:
            yield passed(element, tag=element.tag, parent=_tag(parent))
