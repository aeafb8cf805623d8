"""WAI-ARIA roles of elements: implicit roles (html-aria), explicit roles and semantic roles.

The semantic role follows the ACT definition: an element marked as decorative (``role="none"`` or
``"presentation"``, or ``<img alt="">``) that is focusable or carries a global ARIA attribute keeps its
implicit role (WAI-ARIA presentational roles conflict resolution); otherwise the explicit role wins over
the implicit one. Owned elements of a presentational list or table (``li``, ``tr``, ``td``…) inherit
the presentational role. The role and attribute tables live in :mod:`a11ycheck.aria_data`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .aria_data import ATTRIBUTES, GLOBAL, ROLE_DATA
from .document import Document, Element
from .memo import MemoKey

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "NAME_FROM_CONTENT",
    "PRESENTATIONAL",
    "ROLES",
    "explicit_role",
    "implicit_role",
    "is_valid_value",
    "keeps_node",
    "role",
]

# Roles whose accessible name may come from their content (WAI-ARIA 1.2, "Name From: contents").
NAME_FROM_CONTENT = frozenset(
    [
        "button",
        "cell",
        "checkbox",
        "columnheader",
        "gridcell",
        "heading",
        "link",
        "menuitem",
        "menuitemcheckbox",
        "menuitemradio",
        "option",
        "radio",
        "row",
        "rowheader",
        "sectionhead",
        "switch",
        "tab",
        "tooltip",
        "treeitem",
        "doc-backlink",
        "doc-biblioref",
        "doc-glossref",
        "doc-noteref",
    ]
)
# Valid values of the role attribute: every non-abstract role.
ROLES = frozenset(name for name, data in ROLE_DATA.items() if not data.abstract)
PRESENTATIONAL = frozenset(["none", "presentation"])

_SIMPLE = {
    "address": "group",
    "article": "article",
    "b": "generic",
    "bdi": "generic",
    "bdo": "generic",
    "blockquote": "blockquote",
    "body": "generic",
    "button": "button",
    "caption": "caption",
    "code": "code",
    "data": "generic",
    "datalist": "listbox",
    "dd": "definition",
    "del": "deletion",
    "details": "group",
    "dfn": "term",
    "dialog": "dialog",
    "div": "generic",
    "dt": "term",
    "em": "emphasis",
    "fieldset": "group",
    "figure": "figure",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "hgroup": "group",
    "hr": "separator",
    "html": "document",
    "i": "generic",
    "ins": "insertion",
    "main": "main",
    "mark": "mark",
    "math": "math",
    "menu": "list",
    "meter": "meter",
    "nav": "navigation",
    "ol": "list",
    "optgroup": "group",
    "option": "option",
    "output": "status",
    "p": "paragraph",
    "pre": "generic",
    "progress": "progressbar",
    "q": "generic",
    "s": "deletion",
    "samp": "generic",
    "search": "search",
    "small": "generic",
    "span": "generic",
    "strong": "strong",
    "sub": "subscript",
    "sup": "superscript",
    "svg": "graphics-document",
    "table": "table",
    "tbody": "rowgroup",
    "textarea": "textbox",
    "tfoot": "rowgroup",
    "thead": "rowgroup",
    "time": "time",
    "tr": "row",
    "u": "generic",
    "ul": "list",
}
_INPUT = {
    "button": "button",
    "checkbox": "checkbox",
    "email": "textbox",
    "image": "button",
    "number": "spinbutton",
    "radio": "radio",
    "range": "slider",
    "reset": "button",
    "search": "searchbox",
    "submit": "button",
    "tel": "textbox",
    "text": "textbox",
    "url": "textbox",
}
# input types with no role (html-aria); an unknown type is a text field.
_INPUT_NO_ROLE = frozenset(["color", "date", "datetime-local", "file", "hidden", "month", "password", "time", "week"])
_SECTIONING_TAGS = frozenset(["article", "aside", "main", "nav", "section"])
_SECTIONING_ROLES = frozenset(["article", "complementary", "main", "navigation", "region"])
_TABLE_PARTS = frozenset(["caption", "tbody", "td", "tfoot", "th", "thead", "tr"])
_LIST_TAGS = frozenset(["menu", "ol", "ul"])
# names with a hyphen that are not custom elements (HTML: valid custom element names); custom elements
# (AMP's amp-img, a framework's app-header) are generic (html-aam)
_NOT_CUSTOM = frozenset(
    [
        "annotation-xml",
        "color-profile",
        "font-face",
        "font-face-format",
        "font-face-name",
        "font-face-src",
        "font-face-uri",
        "missing-glyph",
    ]
)
_INTEGER_RE = re.compile(r"[-+]?\d+")
_NUMBER_RE = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
# Global attributes that make a decorative element keep its role: the WAI-ARIA 1.2 ones, except aria-hidden
# (which hides the element instead).
_CONFLICT_ATTRS = GLOBAL - {"aria-braillelabel", "aria-brailleroledescription", "aria-description", "aria-hidden"}


def _has_name_attr(element: Element) -> bool:
    return bool(
        (element.get("aria-label") or "").strip()
        or (element.get("aria-labelledby") or "").strip()
        or (element.get("title") or "").strip()
    )


def _in_sectioning(element: Element) -> bool:
    return any(a.tag in _SECTIONING_TAGS or explicit_role(a) in _SECTIONING_ROLES for a in element.iterancestors())


def _input(element: Element) -> str | None:
    kind = (element.get("type") or "").strip().lower()
    if kind in _INPUT_NO_ROLE:
        return None
    found = _INPUT.get(kind, "textbox")
    if found in ("textbox", "searchbox") and element.get("list") is not None:
        return "combobox"
    return found


def _select(element: Element) -> str:
    size = (element.get("size") or "").strip()
    return "listbox" if element.get("multiple") is not None or (size.isdigit() and int(size) > 1) else "combobox"


def _img(element: Element) -> str:
    """``alt=""`` makes the image presentational; a ``title`` does not undo it (html-aam), a naming ARIA
    attribute does (as every global ARIA attribute does, in :func:`keeps_node`)."""
    named = (element.get("aria-label") or "").strip() or (element.get("aria-labelledby") or "").strip()
    return "presentation" if element.get("alt") == "" and not named else "img"


def _aside(element: Element) -> str:
    if _has_name_attr(element):
        return "complementary"
    scoped = any(a.tag in ("article", "aside", "nav", "section") for a in element.iterancestors())
    return "generic" if scoped else "complementary"


def _header_footer(landmark: str) -> Callable[[Element], str]:
    def resolve(element: Element) -> str:
        return "generic" if _in_sectioning(element) else landmark

    return resolve


def _table_of(element: Element) -> Element | None:
    return next(element.iterancestors("table"), None)


def _td(element: Element) -> str:
    table = _table_of(element)
    return "gridcell" if table is not None and explicit_role(table) in ("grid", "treegrid") else "cell"


def _th(element: Element) -> str:
    scope = (element.get("scope") or "").strip().lower()
    if scope in ("row", "rowgroup"):
        return "rowheader"
    if scope in ("col", "colgroup"):
        return "columnheader"
    row = element.getparent()
    if row is None or row.getparent() is None or row.getparent().tag == "thead":  # type: ignore[union-attr]  # tested just before
        return "columnheader"
    return "rowheader" if any(cell.tag == "td" for cell in row) else "columnheader"


_HANDLERS: dict[str, Callable[[Element], str | None]] = {
    "a": lambda e: "link" if e.get("href") is not None else "generic",
    "area": lambda e: "link" if e.get("href") is not None else "generic",
    "aside": _aside,
    "footer": _header_footer("contentinfo"),
    "form": lambda e: "form" if _has_name_attr(e) else "generic",
    "header": _header_footer("banner"),
    "img": _img,
    "input": _input,
    "li": lambda e: "listitem" if (p := e.getparent()) is not None and p.tag in _LIST_TAGS else "generic",
    "section": lambda e: "region" if _has_name_attr(e) else "generic",
    "select": _select,
    "td": _td,
    "th": _th,
}


def implicit_role(element: Element) -> str | None:
    """The role an HTML element has without a ``role`` attribute (html-aria; custom elements: html-aam),
    or None."""
    tag = element.tag
    if not isinstance(tag, str):
        return None
    if tag in _SIMPLE:
        return _SIMPLE[tag]
    handler = _HANDLERS.get(tag)
    if handler:
        return handler(element)
    return "generic" if "-" in tag and tag not in _NOT_CUSTOM else None


def explicit_role(element: Element) -> str | None:
    """The first valid (non-abstract) token of the ``role`` attribute, or None."""
    value = element.get("role")
    if not value:
        return None
    for token in value.lower().split():
        if token in ROLES:
            return token
    return None


_ROLES_KEY: MemoKey[dict[Element, str | None]] = MemoKey("aria.roles")


def role(doc: Document, element: Element) -> str | None:
    """The element's semantic role (ACT definition), computed once per page."""
    cache = doc.memo(_ROLES_KEY, dict)
    try:
        return cache[element]
    except KeyError:
        found = cache[element] = _semantic_role(doc, element)
        return found


def _semantic_role(doc: Document, element: Element) -> str | None:
    explicit = explicit_role(element)
    implicit = implicit_role(element)
    if explicit is None and implicit != "presentation" and not _inherits_presentation(doc, element):
        return implicit
    if explicit is not None and explicit not in PRESENTATIONAL:
        return explicit
    if keeps_node(doc, element):
        return "img" if implicit == "presentation" else implicit
    return explicit or "presentation"


def _inherits_presentation(doc: Document, element: Element) -> bool:
    """An owned element of a presentational list or table with no role of its own is presentational."""
    tag = element.tag
    if tag == "li":
        owner = element.getparent()
        return owner is not None and owner.tag in _LIST_TAGS and role(doc, owner) in PRESENTATIONAL
    if tag in _TABLE_PARTS:
        table = _table_of(element)
        return table is not None and role(doc, table) in PRESENTATIONAL
    return False


def keeps_node(doc: Document, element: Element) -> bool:
    """Focusable, or with a global ARIA attribute: browsers give the element a node of its own in the
    accessibility tree even when its role says it has none (presentational roles conflict resolution) or
    little (a generic ``<div>`` that is otherwise passed over). An iframe's own focus passes to its document:
    only a ``tabindex`` makes it focusable here (as in axe-core and ACT cae760)."""
    from .visibility import is_focusable, tabindex_value

    return (
        tabindex_value(element) is not None
        or any(name in _CONFLICT_ATTRS for name in element.attrib)
        or (element.tag != "iframe" and is_focusable(doc, element))
    )


def is_valid_value(name: str, value: str) -> bool:
    """True when ``value`` is valid for the ARIA attribute ``name`` (its WAI-ARIA value type)."""
    attribute = ATTRIBUTES[name]
    value = value.strip().lower()
    kind = attribute.kind
    if kind in ("string", "idref", "idrefs"):
        return True
    if kind == "true/false":
        return value in ("true", "false")
    if kind == "tristate":
        return value in ("true", "false", "mixed", "undefined")
    if kind == "true/false/undefined":
        return value in ("true", "false", "undefined")
    if kind == "integer":
        return _INTEGER_RE.fullmatch(value) is not None
    if kind == "number":
        return _NUMBER_RE.fullmatch(value) is not None
    if kind == "token":
        return value in attribute.tokens
    tokens = value.split()
    return bool(tokens) and all(token in attribute.tokens for token in tokens)
