"""ARIA roles and attributes: defined, permitted, valid, required, in context, hidden from focus."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import chain
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from ..accname import content_text
from ..aria import explicit_role, implicit_role, is_valid_value, role
from ..aria_data import ATTRIBUTES, GLOBAL, ROLE_DATA, RoleData
from ..document import Document, Element
from ..memo import MemoKey
from ..owned import OWNED_RULES, OWNER_TAGS, stray_owned, tree_parent
from ..stylesheets import unread_sheets
from ..visibility import is_focusable, is_programmatically_hidden, is_tabbable
from . import Finding, cant_tell, check, failed, failed_warning, passed

_XP_SCRIPTS = etree.XPath("//script[not(@src)]")
# Elements whose implicit role makes their children presentational (void img, input, hr: nothing inside).
_PRESENTATIONAL_TAGS = frozenset(["button", "meter", "option", "progress"])
_NATIVE_TAGS = OWNER_TAGS | _PRESENTATIONAL_TAGS
_FOCUS_CANDIDATES = (
    "[@tabindex or @href or @contenteditable or self::button or self::input or self::select or self::textarea"
    " or self::iframe or self::summary or self::audio or self::video]"
)
_XP_FOCUSABLE_SELF = etree.XPath(f"descendant-or-self::*{_FOCUS_CANDIDATES}")
_XP_FOCUSABLE_INSIDE = etree.XPath(f"descendant::*{_FOCUS_CANDIDATES}")
_INPUT_LIKE_TEXTBOX = frozenset(["date", "datetime-local", "month", "password", "time", "week"])
_REQUIRED_BY_DEFAULT = {"option": frozenset(["aria-selected"])}  # required but with an implicit value


# -- shared facts ----------------------------------------------------------------------------------


class _Candidates:
    """The page's elements that carry ARIA, found in one walk: those with ``aria-*`` attributes and
    those with a ``role`` attribute, each also without MathML (the rules apply to HTML and SVG); and the
    native owners and controls the role rules look at."""

    def __init__(self, doc: Document) -> None:
        self.aria: list[Element] = []
        self.roles: list[Element] = []
        self.native: list[Element] = []  # owners and presentational-children elements by tag, without role
        for element, tag, keys in doc.marked:
            if keys:
                if "aria-" in " ".join(keys):  # one substring test beats a loop over the names
                    self.aria.append(element)
                if "role" in keys:
                    self.roles.append(element)
                    continue
            if tag in _NATIVE_TAGS:
                self.native.append(element)
        math = {e for m in doc.root.iter("math") for e in m.iter()}
        self.aria_html = [e for e in self.aria if e not in math] if math else self.aria
        self.roles_html = [e for e in self.roles if e not in math] if math else self.roles


_CANDIDATES_KEY: MemoKey[_Candidates] = MemoKey("aria.candidates")


def _candidates(doc: Document) -> _Candidates:
    return doc.memo(_CANDIDATES_KEY, lambda: _Candidates(doc))


def _aria_attributes(element: Element) -> list[str]:
    return [name for name in element.attrib if name.startswith("aria-")]


def _hidden(doc: Document, element: Element) -> bool:
    """Not included in the accessibility tree. Checks ask only before they fail an element: a hidden
    element is inapplicable, and reporting it passed instead changes no verdict."""
    return is_programmatically_hidden(doc, element)


def _start_tag(element: Element) -> str:
    """A short start tag naming the element by its most telling attribute: ``<a href="/news">``."""
    for name in ("id", "href", "name", "type", "class"):
        value = element.get(name)
        if value:
            return f'<{element.tag} {name}="{value}">'  # type: ignore[str-bytes-safe]  # parsed HTML: a tag is a str
    return f"<{element.tag}>"  # type: ignore[str-bytes-safe]  # parsed HTML: a tag is a str


def _describe(doc: Document, element: Element) -> str:
    """The element and its semantic role, as messages name them: ``div`` (role generic)."""
    found = role(doc, element)
    return f"<{element.tag}> (role {found})" if found else f"<{element.tag}> (no role)"  # type: ignore[str-bytes-safe]  # parsed HTML: a tag is a str


# -- 5f99a7: aria-* attributes exist -------------------------------------------------------------


@check("aria-attr-defined")
def aria_attr_defined(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Every ``aria-*`` attribute is defined in WAI-ARIA (ACT 5f99a7)."""
    for element in _candidates(doc).aria:
        for name in _aria_attributes(element):
            if name in ATTRIBUTES:
                yield passed(element, attribute=name)
                continue
            import difflib  # (only for an unknown attribute: most pages have none)

            close = difflib.get_close_matches(name, ATTRIBUTES, n=1, cutoff=0.85)
            if close:
                yield failed(element, "typo", attribute=name, suggestion=close[0])
            else:
                yield failed(element, "unknown", attribute=name)


# -- kb1m8s and 5c01ea: attributes allowed on the role ----------------------------------------------


@check("aria-prohibited-global")
def aria_prohibited_global(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Global ARIA attributes are not used on roles that prohibit them (ACT kb1m8s)."""
    for element in _candidates(doc).aria_html:
        names = [name for name in _aria_attributes(element) if name in GLOBAL]
        if not names:
            continue
        found = role(doc, element)
        prohibited = ROLE_DATA[found].prohibited if found else frozenset()
        if any(name in prohibited for name in names) and _hidden(doc, element):
            continue
        for name in names:
            if name not in prohibited:
                yield passed(element, attribute=name, target=_describe(doc, element))
            elif content_text(doc, element):
                yield failed_warning(element, "content", attribute=name, role=found, tag=element.tag)
            else:
                yield failed(element, attribute=name, role=found, tag=element.tag)


def _language_feature(element: Element) -> RoleData | None:
    """html-aria: the role whose attributes an element without a role may take, if any."""
    tag = element.tag
    if tag in ("audio", "video"):
        return ROLE_DATA["application"]
    if tag == "summary":
        return ROLE_DATA["button"]
    if tag == "input" and (element.get("type") or "").strip().lower() in _INPUT_LIKE_TEXTBOX:
        return ROLE_DATA["textbox"]
    return None


def _allowed_on(element: Element, found: str | None) -> frozenset[str]:
    data = ROLE_DATA[found] if found else _language_feature(element)
    allowed = data.supported if data else frozenset()
    if found is None and element.tag == "input":  # color and file inputs take aria-required too
        allowed |= {"aria-required"}
    return allowed


# Roles that took aria-expanded in WAI-ARIA 1.1 (supported on section, sectionhead, document and window, it
# was inherited by their subclasses) but not in 1.2; browsers still expose it there, and axe-core 4.10 allows it.
_ARIA11_EXPANDED = frozenset([
    "alert", "alertdialog", "article", "banner", "cell", "complementary", "contentinfo", "definition", "dialog",
    "directory", "document", "feed", "figure", "form", "grid", "group", "heading", "img", "list", "listitem",
    "log", "main", "marquee", "math", "menu", "menubar", "navigation", "note", "progressbar", "radiogroup",
    "region", "search", "status", "table", "tablist", "tabpanel", "term", "timer", "toolbar", "tooltip", "tree",
    "treegrid", "window"
])


@check("aria-allowed-attr")
def aria_allowed_attr(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """ARIA states and properties are global or supported by the element's role (ACT 5c01ea)."""
    for element in _candidates(doc).aria_html:
        names = [name for name in _aria_attributes(element) if name in ATTRIBUTES]
        if not names:
            continue
        found = role(doc, element)
        allowed = _allowed_on(element, found)
        if any(name not in GLOBAL and name not in allowed for name in names) and _hidden(doc, element):
            continue
        for name in names:
            if name in GLOBAL or name in allowed:
                yield passed(element, attribute=name, target=_describe(doc, element))
            elif name == "aria-expanded" and found in _ARIA11_EXPANDED:
                yield failed_warning(element, "aria11", attribute=name, role=found, tag=element.tag)
            elif found:
                yield failed(element, attribute=name, role=found, tag=element.tag)
            else:
                yield failed(element, "no-role", attribute=name, tag=element.tag)


# -- 6a7281: attribute values ----------------------------------------------------------------------


def _expected(name: str) -> str:
    attribute = ATTRIBUTES[name]
    if attribute.tokens:
        listed = ", ".join(sorted(attribute.tokens))
        return f"one of {listed}" if attribute.kind == "token" else f"a list of {listed}"
    return {
        "true/false": "true or false",
        "tristate": "true, false or mixed",
        "true/false/undefined": "true, false or undefined",
        "integer": "an integer",
        "number": "a number",
    }[attribute.kind]


@check("aria-valid-value")
def aria_valid_value(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Every ARIA state or property with a value has a value of its type (ACT 6a7281)."""
    for element in _candidates(doc).aria_html:
        for name in _aria_attributes(element):
            value = element.get(name, "")
            if name not in ATTRIBUTES or not value.strip():
                continue
            if is_valid_value(name, value):
                yield passed(element, attribute=name, value=value)
            else:
                yield failed(element, attribute=name, value=value, expected=_expected(name))


# ID references that must name an element of the page (axe-core's aria-valid-attr-value), and the state
# under which each is not checked: the element is collapsed or unselected, its target not built yet.
_IDREFS: dict[str, tuple[str, ...]] = {
    "aria-activedescendant": (),
    "aria-controls": ("aria-expanded", "aria-selected"),
    "aria-details": (),
    "aria-flowto": (),
    "aria-owns": ("aria-expanded",),
}
_SINGLE_IDREF = frozenset(["aria-activedescendant", "aria-details"])


@check("aria-valid-idref")
def aria_valid_idref(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """ID reference attributes name at least one element of the page (axe-core aria-valid-attr-value)."""
    for element in _candidates(doc).aria_html:
        for name, unless in _IDREFS.items():
            value = (element.get(name) or "").strip()
            if not value or any((element.get(state) or "").strip().lower() == "false" for state in unless):
                continue
            ids = [value] if name in _SINGLE_IDREF else value.split()
            if any(doc.by_id(ident) is not None for ident in ids):
                yield passed(element, attribute=name, value=value)
            elif not _hidden(doc, element):
                fields = {"attribute": name, "value": value, "which": "the id " + " or ".join(ids)}
                popup = name == "aria-controls" and (element.get("aria-haspopup") or "false").strip() != "false"
                yield cant_tell(element, "popup", **fields) if popup else failed(element, **fields)


# -- 4e8ab6: required states and properties -------------------------------------------------------

# Native attributes that give a role's required state (HTML-AAM), by element.
_NATIVE_STATES: dict[str, frozenset[str]] = {
    "input:checkbox": frozenset(["aria-checked"]),
    "input:radio": frozenset(["aria-checked"]),
    "input:range": frozenset(["aria-valuenow"]),
    "meter": frozenset(["aria-valuenow"]),
    "progress": frozenset(["aria-valuenow"]),
    "select": frozenset(["aria-expanded", "aria-controls"]),
    "option": frozenset(["aria-selected", "aria-checked"]),
    **{f"h{n}": frozenset(["aria-level"]) for n in range(1, 7)},
}


def _native_states(element: Element) -> frozenset[str]:
    tag: str = element.tag  # type: ignore[assignment]  # parsed HTML: a tag is a str
    key = f"input:{(element.get('type') or '').strip().lower()}" if tag == "input" else tag
    return _NATIVE_STATES.get(key, frozenset())


@check("aria-required-attr")
def aria_required_attr(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Elements with an explicit role set the states and properties the role requires (ACT 4e8ab6)."""
    for element in _candidates(doc).roles_html:
        explicit = explicit_role(element)
        if explicit is None or explicit == implicit_role(element):
            continue
        required = ROLE_DATA[explicit].required - _REQUIRED_BY_DEFAULT.get(explicit, frozenset())
        if explicit == "separator" and is_focusable(doc, element):
            required |= {"aria-valuenow"}
        missing = sorted(name for name in required - _native_states(element) if not (element.get(name) or "").strip())
        if missing and not _hidden(doc, element):
            yield failed(element, role=explicit, missing=", ".join(missing))
        elif missing:
            continue
        else:
            yield passed(element, role=explicit)


# -- 674b10: role values ---------------------------------------------------------------------------


@check("role-valid")
def role_valid(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Every non-empty ``role`` attribute has at least one valid, non-abstract role (ACT 674b10)."""
    for element in _candidates(doc).roles_html:
        value = element.get("role", "")
        if not value.strip():
            continue
        found = explicit_role(element)
        if found:
            yield passed(element, role=found)
        elif _hidden(doc, element):
            continue
        elif any(token in ROLE_DATA for token in value.lower().split()):
            yield failed(element, "abstract", value=value.strip())
        else:
            yield failed(element, value=value.strip())


# -- ff89c9 and bc4a75: context and owned elements -------------------------------------------------


@check("aria-required-context")
def aria_required_context(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """An element with an explicit role that needs a context role is the child of one (ACT ff89c9)."""
    for element in _candidates(doc).roles_html:
        explicit = explicit_role(element)
        data = ROLE_DATA.get(explicit or "")
        if data is None or not data.aria12 or not data.context or explicit == implicit_role(element):
            continue
        parent = tree_parent(doc, element)
        context = ", ".join(sorted(data.context))
        if parent is not None and role(doc, parent) in data.context:
            yield passed(element, role=explicit, parent=_describe(doc, parent))
        elif _hidden(doc, element):
            continue
        elif parent is None:
            yield failed(element, "orphan", role=explicit, context=context)
        else:
            yield failed(element, role=explicit, context=context, parent=_describe(doc, parent))


def _owned_text(direct: frozenset[str], nested: Mapping[str, frozenset[str]]) -> str:
    """Required owned elements as messages say them: ``option, or a group of those``."""
    parts = [", ".join(sorted(direct))]
    for container, inner in sorted(nested.items()):
        parts.append(f"a {container} of {'those' if inner == direct else ', '.join(sorted(inner))}")
    return ", or ".join(parts)


_OWNED_TEXT = {name: _owned_text(*rules) for name, rules in OWNED_RULES.items()}


@check("aria-required-owned")
def aria_required_owned(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """An element whose role restricts what it owns owns only those roles (ACT bc4a75)."""
    candidates = _candidates(doc)
    by_tag = (e for e in candidates.native if e.tag in OWNER_TAGS)
    for element in chain(by_tag, candidates.roles_html):
        owning = stray_owned(doc, element)
        if owning is None:
            continue
        found, stray = owning
        if stray is None:
            yield passed(element, role=found)
        elif not _hidden(doc, element):
            yield failed(element, role=found, child=_describe(doc, stray), allowed=_OWNED_TEXT[found])


# -- 307n5z and 6cfa84: focusable content where it is not exposed -------------------------------------


def _is_a(name: str, ancestor: str) -> bool:
    """The role ``name`` is a subclass of ``ancestor`` in the WAI-ARIA role taxonomy."""
    data = ROLE_DATA.get(name)
    return data is not None and any(p == ancestor or _is_a(p, ancestor) for p in data.parents)


_WIDGET_ROLES = frozenset(name for name in ROLE_DATA if _is_a(name, "widget"))


@check("presentational-children-focusable")
def presentational_children_focusable(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Elements whose role makes their children presentational contain nothing focusable (ACT 307n5z)."""
    candidates = _candidates(doc)
    by_tag = (e for e in candidates.native if e.tag in _PRESENTATIONAL_TAGS)
    for element in chain(by_tag, candidates.roles_html):
        found = role(doc, element)
        data = ROLE_DATA.get(found or "")
        if data is None or not data.presentational or not data.aria12:
            continue
        inside = _XP_FOCUSABLE_INSIDE(element) if len(element) else []
        inner = next((e for e in inside if is_tabbable(doc, e)), None)
        if inner is not None:
            yield failed(element, role=found, child=_start_tag(inner))
            continue
        # out of the tab order, a widget still takes focus from a click or a script (axe-core fails it too)
        widget = next((e for e in inside if role(doc, e) in _WIDGET_ROLES and is_focusable(doc, e)), None)
        if widget is None:
            yield passed(element, role=found)
        else:
            yield cant_tell(element, "focusable", role=found, child=_start_tag(widget))


_FOCUS_SCRIPTS_KEY: MemoKey[list[str]] = MemoKey("aria.focus_scripts")


def _focus_scripted(doc: Document, element: Element) -> bool:
    """A script may move focus away from the element: a focus handler, or an inline script naming it."""
    if element.get("onfocus") is not None or element.get("onfocusin") is not None:
        return True
    ident = element.get("id")
    if not ident:
        return False
    scripts = doc.memo(
        _FOCUS_SCRIPTS_KEY, lambda: [text for s in _XP_SCRIPTS(doc.root) if "focus" in (text := s.text or "")]
    )
    return any(ident in text for text in scripts)


# Web font services, whose stylesheets hold @font-face rules only.
_FONT_HOSTS = frozenset(["fonts.googleapis.com", "use.typekit.net", "p.typekit.net", "fast.fonts.net",
                         "cloud.typography.com", "glyph.medium.com", "typeface.nyt.com"])


def _font_sheet(url: str) -> bool:
    """A stylesheet of web fonts: from a web font service, or named for fonts (``fonts.css``, ``web-fonts.….css``,
    a ``/fonts/css/`` folder) and not for an icon font, whose sheet also has classes of its own."""
    parts = urlsplit(url.strip())
    path = parts.path.lower()
    if (parts.hostname or "").lower() in _FONT_HOSTS:
        return True
    name = path.rsplit("/", 1)[-1]
    return ("font" in name or "/fonts/css/" in path) and not any(word in path for word in ("awesome", "icon"))


def _styled_elsewhere(doc: Document, element: Element, container: Element) -> bool:
    """The page has stylesheets a11ycheck could not read (web font sheets aside), and they can target the
    element or an element between it and the ``aria-hidden`` container (a class or an id): they may keep it
    undisplayed."""
    if all(_font_sheet(url) for url in unread_sheets(doc)):
        return False  # (none, or only sheets of web fonts: they cannot take an element out of the focus order)
    node: Element | None = element
    while node is not None:
        if node.get("class") or node.get("id"):
            return True
        if node is container:
            return False
        node = node.getparent()
    return False


@check("aria-hidden-focus")
def aria_hidden_focus(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Nothing inside ``aria-hidden="true"`` is in sequential focus navigation (ACT 6cfa84)."""
    for element in _candidates(doc).aria:
        if element.get("aria-hidden", "").strip().lower() != "true":
            continue
        focusable = [e for e in _XP_FOCUSABLE_SELF(element) if is_tabbable(doc, e)]
        if not focusable:
            yield passed(element)
            continue
        certain = [e for e in focusable if not _focus_scripted(doc, e) and not _styled_elsewhere(doc, e, element)]
        if certain:
            yield failed(element, child=_start_tag(certain[0]), count=len(certain))
        elif _focus_scripted(doc, focusable[0]):
            yield cant_tell(element, "scripted", child=_start_tag(focusable[0]))
        else:
            yield cant_tell(element, "stylesheet", child=_start_tag(focusable[0]))
