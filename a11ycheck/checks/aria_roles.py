"""ARIA roles on HTML elements: allowed on the element (html-aria), not deprecated; ``role="text"`` without
focusable content."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from ..aria import ROLES, explicit_role, implicit_role, role
from ..aria_data import ROLE_DATA
from ..controls import candidates
from ..document import Document, Element
from ..html_aria import ANY, allowed_roles, is_html_element
from ..visibility import is_focusable, is_programmatically_hidden
from . import Finding, cant_tell, check, failed, passed

# roles an element may restate where its context takes them away (a header in an article is no banner), as
# axe-core allows them
_RESTATED = {"header": "banner", "footer": "contentinfo", "li": "listitem"}
# DPUB roles html-aria allows only on elements whose implicit role is the one they specialise
_DPUB_SPECIAL = frozenset(
    ["doc-backlink", "doc-biblioentry", "doc-biblioref", "doc-cover", "doc-endnote", "doc-glossref", "doc-noteref"]
)
# deprecated role → the role that replaces it (WAI-ARIA 1.2, DPUB-ARIA 1.1)
_DEPRECATED = {"directory": "list", "doc-biblioentry": "listitem", "doc-endnote": "listitem"}


def _role_tokens(element: Element) -> list[str]:
    """The valid roles of the ``role`` attribute, in order (fallback roles included)."""
    return [token for token in (element.get("role") or "").lower().split() if token in ROLES]


def _allowed(name: str, element: Element) -> bool:
    implicit = implicit_role(element)
    if name in (implicit, _RESTATED.get(str(element.tag))):
        return True
    if name in _DPUB_SPECIAL and implicit not in ROLE_DATA[name].parents:
        return False
    allowed = allowed_roles(element)
    return allowed is ANY or name in allowed


@check("aria-allowed-role")
def aria_allowed_role(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The roles of an HTML element's ``role`` attribute are ones html-aria allows on the element."""
    for element in candidates(doc, "role"):
        tokens = _role_tokens(element)
        if not tokens or not is_html_element(element):
            continue
        refused = [name for name in tokens if not _allowed(name, element)]
        if not refused:
            yield passed(element, role=" ".join(tokens), tag=str(element.tag))
            continue
        data = {"role": ", ".join(refused), "tag": str(element.tag), "implicit": _implicit_text(element)}
        if is_programmatically_hidden(doc, element):  # wrong once shown, if it ever is (axe-core: review)
            yield cant_tell(element, "hidden", **data)
        else:
            yield failed(element, **data)


def _implicit_text(element: Element) -> str:
    implicit = implicit_role(element)
    return f"its own role is {implicit}" if implicit and implicit != "generic" else "it has no role of its own"


@check("aria-deprecated-role")
def aria_deprecated_role(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """An element's explicit role is not one WAI-ARIA or DPUB-ARIA deprecated."""
    for element in candidates(doc, "role"):
        found = explicit_role(element)
        if found is None or is_programmatically_hidden(doc, element):
            continue
        if found in _DEPRECATED:
            yield failed(element, role=found, tag=element.tag, replacement=_DEPRECATED[found])
        else:
            yield passed(element, role=found)


@cache
def _is_widget(name: str) -> bool:
    """The role is a widget: ``widget`` is among its superclasses."""
    return name == "widget" or any(_is_widget(parent) for parent in ROLE_DATA[name].parents)


def _focusable_widgets(doc: Document, element: Element) -> list[Element]:
    found = []
    for inner in element.iterdescendants():
        if not isinstance(inner.tag, str):
            continue
        inner_role = role(doc, inner)
        if inner_role in ROLE_DATA and _is_widget(inner_role) and is_focusable(doc, inner):
            found.append(inner)
    return found


@check("aria-text")
def aria_text(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """An element with ``role="text"`` (a WebKit role that flattens its content into one text) contains no
    focusable widget: VoiceOver would read it as text and the widget would be lost."""
    for element in candidates(doc, "role"):
        if (element.get("role") or "").strip().lower() != "text" or is_programmatically_hidden(doc, element):
            continue
        widgets = _focusable_widgets(doc, element)
        if widgets:
            first = widgets[0]
            child = f"<{first.tag!s}> (role {role(doc, first)})"
            yield failed(element, tag=str(element.tag), child=child, count=len(widgets))
        else:
            yield passed(element, tag=element.tag)
