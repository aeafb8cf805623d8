"""Hiddenness and focusability read from the page and its CSS: attributes, inline styles, its style sheets.

Three degrees of hiddenness, after the ACT glossary:

- *not rendered* (:func:`is_rendered` is False): the element or an ancestor has ``display: none`` (the
  ``hidden`` attribute and the user agent's sheet count, unless the author sets ``display``), an
  ancestor has ``content-visibility: hidden``, or it sits in a closed ``<details>`` outside its summary;
- *programmatically hidden*: not rendered, a computed ``visibility`` other than ``visible``, or an
  inclusive ancestor with ``aria-hidden="true"``: not in the accessibility tree;
- *not visible* (:func:`is_visible` is False): programmatically hidden by CSS, or still in the
  accessibility tree but clipped away, moved off-screen, fully transparent or in a box of at most 1px
  that hides its overflow (the "sr-only" patterns); text is not drawn either (:func:`shows_text`) where
  its element declares ``color: transparent`` or ``font-size: 0``.

Each fact is computed once per element and page, walking up only to the nearest ancestor already known.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .css import length_px, styles
from .document import Document, Element
from .memo import MemoKey

__all__ = [
    "NOT_DRAWN",
    "hides_content",
    "is_disabled",
    "is_focusable",
    "is_inert",
    "is_programmatically_hidden",
    "is_rendered",
    "is_tabbable",
    "is_visible",
    "shows_text",
    "tabindex_value",
]

# Elements the user agent's sheet does not render (HTML "Rendering", hidden elements).
_UA_NONE = frozenset(
    # (not "head": the elements the HTML parser puts there are listed, obsolete ones aside)
    ["script", "style", "title", "meta", "link", "base", "template", "noscript", "datalist", "param", "source", "track"]
)
# SVG elements that are never drawn themselves (definitions, metadata, a tooltip's <title>): an SVG of
# only these draws nothing, and their text is no part of what a page shows.
NOT_DRAWN = frozenset(["defs", "symbol", "style", "title", "desc", "metadata", "script"])
_SPECIAL = _UA_NONE | {"input", "dialog", "details", "summary"}  # tags whose state is their own
_OWN = frozenset(["style", "hidden", "aria-hidden", "inert"])  # attributes that can change an element's state
_FORM_CONTROLS = frozenset(["button", "input", "select", "textarea", "fieldset", "optgroup", "option"])
_OFF_SCREEN_PX = -999.0
_INTEGER = re.compile(r"^[\t\n\f\r ]*([+-]?\d+)")
_CLIP_RECT = re.compile(r"rect\(([^)]*)\)")
_INSET = re.compile(r"inset\(\s*(\d+(?:\.\d+)?)%")
_CIRCLE_ZERO = re.compile(r"circle\(\s*0(?:px|%)?\s*(?:\)|at\b)")
_TRANSPARENT = re.compile(  # (an alpha of 0: the fourth of four comma-separated values, or after a '/')
    r"transparent|(?:rgba?|hsla?)\((?:(?:[^,()]*,){3}|[^/()]*/)\s*0*\.?0+%?\s*\)|#[0-9a-f]{3}0|#[0-9a-f]{6}00"
)
_NO_SIZE = re.compile(r"0*\.?0+\s*(?:px|pt|em|rem|%|ex|ch|vw|vh)?")


class _State(NamedTuple):
    rendered: bool
    visibility: str  # computed: visible, hidden or collapse
    clipped: bool  # clipped away, off-screen or transparent (itself or an ancestor)
    aria_hidden: bool  # itself or an ancestor has aria-hidden="true"
    inert: bool
    hides_content: bool  # a closed details (all but its summary) or content-visibility: hidden


_TOP = _State(True, "visible", False, False, False, False)


_STATES_KEY: MemoKey[dict[Element, _State]] = MemoKey("visibility.states")


def _state(doc: Document, element: Element) -> _State:
    """The element's hiddenness facts, cached per page for it and every ancestor on the way up."""
    cache: dict[Element, _State] = doc.memo(_STATES_KEY, dict)
    found = cache.get(element)
    if found is not None:
        return found
    chain: list[Element] = []
    node: Element | None = element
    while node is not None and node not in cache:
        chain.append(node)
        node = node.getparent()
    state = _TOP if node is None else cache[node]
    sheet = styles(doc)
    declared_of, styled = sheet.declared, sheet.styled()
    for node in reversed(chain):
        if state.hides_content or node.tag in _SPECIAL or node in styled or not _OWN.isdisjoint(node.keys()):
            state = _step(node, state, declared_of(node))
        cache[node] = state  # (else, the common case: nothing of its own, the parent's facts hold)
    return state


def _step(node: Element, parent: _State, declared: dict[str, str]) -> _State:
    """The state of an element from its parent's and its own declarations and attributes."""
    get = node.get
    tag = node.tag
    aria_hidden, inert = get("aria-hidden"), get("inert")
    if not declared and aria_hidden is None and inert is None and get("hidden") is None and tag not in _SPECIAL:
        # the common case: nothing of its own, the parent's facts hold
        return parent if not parent.hides_content else parent._replace(rendered=False, hides_content=False)
    rendered = parent.rendered and not _display_none(node, declared)
    if rendered and parent.hides_content:
        up = node.getparent()
        rendered = tag == "summary" and up is not None and up.tag == "details" and _details_summary(up) is node
    visibility = declared.get("visibility")
    if visibility not in ("visible", "hidden", "collapse"):
        visibility = parent.visibility
    return _State(
        rendered,
        visibility,
        parent.clipped or (bool(declared) and _clipped(declared)),
        parent.aria_hidden or (aria_hidden or "").strip().lower() == "true",
        parent.inert or inert is not None,
        (tag == "details" and get("open") is None) or declared.get("content-visibility") == "hidden",
    )


def _display_none(element: Element, declared: dict[str, str]) -> bool:
    display = declared.get("display")
    if display is not None:
        return display == "none"
    tag = element.tag
    if element.get("hidden") is not None or tag in _UA_NONE:
        return True
    if tag == "input":
        return (element.get("type") or "").strip().lower() == "hidden"
    return tag == "dialog" and element.get("open") is None


def _details_summary(details: Element) -> Element | None:
    """The summary that works as the ``details`` element's summary button (its first summary child)."""
    return next(details.iterchildren("summary"), None)


def _clipped(declared: dict[str, str]) -> bool:
    """Clipped to nothing, moved far off-screen or transparent by its own declarations."""
    position = declared.get("position")
    if _zero(declared.get("opacity")):
        return True
    if (declared.get("overflow") in ("hidden", "clip") and all(_tiny(declared.get(p)) for p in ("width", "height"))
            and (position in ("absolute", "fixed") or declared.get("display") not in (None, "inline", "contents"))):
        return True  # (a box of at most 1px that hides its overflow; width and height do not size an inline box)
    clip = declared.get("clip")
    if clip and position in (None, "absolute", "fixed") and _empty_rect(clip):
        return True
    if _empty_clip_path(declared.get("clip-path")):
        return True
    if position != "static" and any(_far(declared.get(p)) for p in ("left", "top")):
        return True
    return any(_far(declared.get(p)) for p in ("margin-left", "margin-top", "text-indent"))


def _zero(value: str | None) -> bool:
    try:
        return value is not None and float(value) == 0
    except ValueError:
        return False


def _tiny(value: str | None) -> bool:
    size = length_px(value)
    return size is not None and size <= 1


def _far(value: str | None) -> bool:
    size = length_px(value)
    return size is not None and size <= _OFF_SCREEN_PX


def _empty_rect(clip: str) -> bool:
    match = _CLIP_RECT.search(clip)
    if match is None:
        return False
    sizes = [length_px(v) for v in match.group(1).replace(",", " ").split()]
    if len(sizes) != 4 or any(s is None for s in sizes):
        return False
    top, right, bottom, left = sizes
    return (right - left) <= 1 or (bottom - top) <= 1  # type: ignore[operator]


def _empty_clip_path(value: str | None) -> bool:
    if not value:
        return False
    inset = _INSET.match(value)
    if inset:
        return float(inset.group(1)) >= 50
    return _CIRCLE_ZERO.match(value) is not None


def is_rendered(doc: Document, element: Element) -> bool:
    """False when the element is not rendered (see the module docstring)."""
    return _state(doc, element).rendered


def hides_content(doc: Document, element: Element) -> bool:
    """The element renders none of its content (``content-visibility: hidden``), or only its summary (a
    closed ``details``): its own text is neither shown nor in the accessibility tree."""
    if element.tag != "details" and element.get("style") is None and element not in styles(doc).styled():
        return False  # (the common case, without computing its state)
    return _state(doc, element).hides_content


def shows_text(doc: Document, element: Element) -> bool:
    """The element is visible and draws its own text: it declares neither a transparent colour nor a
    font size of 0. Its descendants are taken to draw theirs (the inline-block gap trick sets ``font-size:
    0`` on a row and sizes its items again, in blocks the style sheet reading does not keep)."""
    if not is_visible(doc, element):
        return False
    declared = styles(doc).declared(element)
    color, size = declared.get("color"), declared.get("font-size")
    if color is not None and _TRANSPARENT.fullmatch(color):
        return False
    return size is None or _NO_SIZE.fullmatch(size) is None


def is_visible(doc: Document, element: Element) -> bool:
    """Rendered, ``visibility: visible``, and not clipped away, off-screen or transparent."""
    state = _state(doc, element)
    return state.rendered and state.visibility == "visible" and not state.clipped


def is_programmatically_hidden(doc: Document, element: Element) -> bool:
    """Not rendered, not ``visibility: visible``, or inside ``aria-hidden="true"``: out of the
    accessibility tree (an sr-only element is *not* programmatically hidden)."""
    state = _state(doc, element)
    return not state.rendered or state.visibility != "visible" or state.aria_hidden


def is_inert(doc: Document, element: Element) -> bool:
    """The element or an ancestor has the ``inert`` attribute."""
    return _state(doc, element).inert


# -- focus --------------------------------------------------------------------------------------
def tabindex_value(element: Element) -> int | None:
    """The ``tabindex`` parsed with HTML's rules for parsing integers; None when absent or invalid."""
    raw = element.get("tabindex")
    if raw is None:
        return None
    match = _INTEGER.match(raw)
    return int(match.group(1)) if match else None


def is_disabled(doc: Document, element: Element) -> bool:
    """HTML's *actually disabled*: a disabled form control, an option in a disabled optgroup, or a
    control inside a disabled ``fieldset`` but outside that fieldset's first ``legend``."""
    tag = element.tag
    if tag not in _FORM_CONTROLS:
        return False
    if element.get("disabled") is not None:
        return True
    if tag == "option":
        parent = element.getparent()
        return parent is not None and parent.tag == "optgroup" and parent.get("disabled") is not None
    child = element
    for ancestor in element.iterancestors():
        if ancestor.tag == "fieldset" and ancestor.get("disabled") is not None:
            legend = next(ancestor.iterchildren("legend"), None)
            if legend is None or child is not legend:
                return True
        child = ancestor
    return False


def _natively_focusable(element: Element) -> bool:
    tag = element.tag
    if tag in ("a", "area"):
        return element.get("href") is not None
    if tag in ("button", "select", "textarea", "iframe"):
        return True
    if tag == "input":
        return (element.get("type") or "").strip().lower() != "hidden"
    if tag in ("audio", "video"):
        return element.get("controls") is not None
    if tag == "summary":
        parent = element.getparent()
        return parent is not None and parent.tag == "details" and _details_summary(parent) is element
    return (element.get("contenteditable") or "false").strip().lower() in ("", "true", "plaintext-only")


def is_focusable(doc: Document, element: Element) -> bool:
    """ACT *focusable*: in sequential focus navigation, or with a valid ``tabindex`` (even negative);
    never when disabled, inert, not rendered or invisible."""
    if not isinstance(element.tag, str) or is_disabled(doc, element) or is_inert(doc, element):
        return False
    if tabindex_value(element) is None and not _natively_focusable(element):
        return False
    state = _state(doc, element)
    return state.rendered and state.visibility == "visible"


def is_tabbable(doc: Document, element: Element) -> bool:
    """Part of sequential focus navigation: focusable and no negative ``tabindex``."""
    index = tabindex_value(element)
    return (index is None or index >= 0) and is_focusable(doc, element)
