"""WAI-ARIA roles as data: implicit roles of HTML elements (html-aria) and role resolution."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .document import Document, Element

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["NAME_FROM_CONTENT", "explicit_role", "implicit_role", "role"]

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
    ]
)

ROLES = frozenset(
    [
        "alert",
        "alertdialog",
        "application",
        "article",
        "banner",
        "blockquote",
        "button",
        "caption",
        "cell",
        "checkbox",
        "code",
        "columnheader",
        "combobox",
        "complementary",
        "contentinfo",
        "definition",
        "deletion",
        "dialog",
        "directory",
        "document",
        "emphasis",
        "feed",
        "figure",
        "form",
        "generic",
        "grid",
        "gridcell",
        "group",
        "heading",
        "img",
        "insertion",
        "link",
        "list",
        "listbox",
        "listitem",
        "log",
        "main",
        "mark",
        "marquee",
        "math",
        "menu",
        "menubar",
        "menuitem",
        "menuitemcheckbox",
        "menuitemradio",
        "meter",
        "navigation",
        "none",
        "note",
        "option",
        "paragraph",
        "presentation",
        "progressbar",
        "radio",
        "radiogroup",
        "region",
        "row",
        "rowgroup",
        "rowheader",
        "scrollbar",
        "search",
        "searchbox",
        "separator",
        "slider",
        "spinbutton",
        "status",
        "strong",
        "subscript",
        "superscript",
        "switch",
        "tab",
        "table",
        "tablist",
        "tabpanel",
        "term",
        "textbox",
        "time",
        "timer",
        "toolbar",
        "tooltip",
        "tree",
        "treegrid",
        "treeitem",
        "doc-abstract",
        "doc-acknowledgments",
        "doc-afterword",
        "doc-appendix",
        "doc-backlink",
        "doc-biblioentry",
        "doc-bibliography",
        "doc-biblioref",
        "doc-chapter",
        "doc-colophon",
        "doc-conclusion",
        "doc-cover",
        "doc-credit",
        "doc-credits",
        "doc-dedication",
        "doc-endnote",
        "doc-endnotes",
        "doc-epigraph",
        "doc-epilogue",
        "doc-errata",
        "doc-example",
        "doc-footnote",
        "doc-foreword",
        "doc-glossary",
        "doc-glossref",
        "doc-index",
        "doc-introduction",
        "doc-noteref",
        "doc-notice",
        "doc-pagebreak",
        "doc-pagelist",
        "doc-part",
        "doc-preface",
        "doc-prologue",
        "doc-pullquote",
        "doc-qna",
        "doc-subtitle",
        "doc-tip",
        "doc-toc",
        "graphics-document",
        "graphics-object",
        "graphics-symbol",
    ]
)

_SIMPLE = {
    "article": "article",
    "aside": "complementary",
    "blockquote": "blockquote",
    "button": "button",
    "caption": "caption",
    "code": "code",
    "datalist": "listbox",
    "del": "deletion",
    "details": "group",
    "dfn": "term",
    "dialog": "dialog",
    "em": "emphasis",
    "fieldset": "group",
    "figure": "figure",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "hr": "separator",
    "html": "document",
    "iframe": None,
    "ins": "insertion",
    "li": "listitem",
    "main": "main",
    "math": "math",
    "menu": "list",
    "meter": "meter",
    "nav": "navigation",
    "ol": "list",
    "optgroup": "group",
    "option": "option",
    "output": "status",
    "p": "paragraph",
    "progress": "progressbar",
    "search": "search",
    "strong": "strong",
    "sub": "subscript",
    "sup": "superscript",
    "table": "table",
    "tbody": "rowgroup",
    "textarea": "textbox",
    "tfoot": "rowgroup",
    "thead": "rowgroup",
    "time": "time",
    "tr": "row",
    "ul": "list",
    "dd": "definition",
    "dt": "term",
    "b": "generic",
    "bdi": "generic",
    "bdo": "generic",
    "data": "generic",
    "div": "generic",
    "i": "generic",
    "pre": "generic",
    "q": "generic",
    "samp": "generic",
    "small": "generic",
    "span": "generic",
    "u": "generic",
    "address": "group",
    "hgroup": "group",
    "legend": None,
    "svg": "graphics-document",
    "mark": "mark",
    "summary": None,
}
_INPUT = {
    "button": "button",
    "image": "button",
    "reset": "button",
    "submit": "button",
    "checkbox": "checkbox",
    "radio": "radio",
    "range": "slider",
    "number": "spinbutton",
    "search": "searchbox",
    "email": "textbox",
    "tel": "textbox",
    "text": "textbox",
    "url": "textbox",
    "": "textbox",
}
_SECTIONING = ("article", "aside", "main", "nav", "section")


def _has_name_attr(element: Element) -> bool:
    return bool((element.get("aria-label") or "").strip() or element.get("aria-labelledby") or element.get("title"))


def implicit_role(element: Element) -> str | None:
    """The role an HTML element has without a ``role`` attribute (html-aria), or None."""
    tag = element.tag
    if not isinstance(tag, str):
        return None
    if tag in _SIMPLE:
        return _SIMPLE[tag]
    handler = _HANDLERS.get(tag)
    return handler(element) if handler else None


def _input(element: Element) -> str | None:
    kind = (element.get("type") or "").strip().lower()
    if kind in ("", "text", "search", "email", "tel", "url") and element.get("list") is not None:
        return "combobox"
    return _INPUT.get(
        kind,
        "textbox"
        if kind not in ("hidden", "file", "color", "date", "datetime-local", "month", "time", "week", "password")
        else None,
    )


def _select(element: Element) -> str:
    size = element.get("size")
    multiple = element.get("multiple") is not None
    try:
        big = size is not None and int(size) > 1
    except ValueError:
        big = False
    return "listbox" if multiple or big else "combobox"


def _img(element: Element) -> str:
    alt = element.get("alt")
    if alt is not None and alt == "" and not _has_name_attr(element):
        return "presentation"
    return "img"


def _section_like(landmark: str) -> Callable[[Element], str | None]:
    def resolve(element: Element) -> str | None:
        if any(a.tag in _SECTIONING for a in element.iterancestors()):
            return "generic"
        return landmark

    return resolve


_HANDLERS: dict[str, Callable[[Element], str | None]] = {
    "a": lambda e: "link" if e.get("href") is not None else "generic",
    "area": lambda e: "link" if e.get("href") is not None else "generic",
    "footer": _section_like("contentinfo"),
    "header": _section_like("banner"),
    "form": lambda e: "form" if _has_name_attr(e) else None,
    "section": lambda e: "region" if _has_name_attr(e) else "generic",
    "img": _img,
    "input": _input,
    "select": _select,
    "th": lambda e: "columnheader",
    "td": lambda e: "cell",
}


def explicit_role(element: Element) -> str | None:
    """The first valid token of the ``role`` attribute, or None."""
    value = element.get("role")
    if not value:
        return None
    for token in value.lower().split():
        if token in ROLES:
            return token
    return None


def role(doc: Document, element: Element) -> str | None:
    """The element's semantic role: explicit when valid, else implicit; presentational role
    conflicts resolved (a focusable element or one with global ARIA keeps its implicit role)."""
    explicit = explicit_role(element)
    if explicit in ("none", "presentation"):
        from .visibility import is_focusable

        if is_focusable(doc, element) or any(k.startswith("aria-") and k not in _NON_GLOBAL for k in element.attrib):
            return implicit_role(element)
        return "presentation"
    return explicit or implicit_role(element)


_NON_GLOBAL = frozenset(
    [
        "aria-autocomplete",
        "aria-checked",
        "aria-colcount",
        "aria-colindex",
        "aria-colspan",
        "aria-expanded",
        "aria-level",
        "aria-modal",
        "aria-multiline",
        "aria-multiselectable",
        "aria-orientation",
        "aria-placeholder",
        "aria-posinset",
        "aria-pressed",
        "aria-readonly",
        "aria-required",
        "aria-rowcount",
        "aria-rowindex",
        "aria-rowspan",
        "aria-selected",
        "aria-setsize",
        "aria-sort",
        "aria-valuemax",
        "aria-valuemin",
        "aria-valuenow",
        "aria-valuetext",
    ]
)
