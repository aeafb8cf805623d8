"""The colours, backgrounds and font sizes of the page's elements through the CSS cascade.

Where :mod:`a11ycheck.css` keeps only what hides content, this module keeps what contrast needs:
``color``, the backgrounds (``background``, ``background-color``, ``background-image``), ``opacity``,
``font``, ``font-size``, ``font-weight``, ``text-shadow``, ``position``, the effects that change what is
drawn (``filter``, ``mix-blend-mode``, ``background-clip: text``, ``-webkit-text-fill-color``) and the
custom properties (``--*``) they may name through ``var()``.

A sheet (:func:`a11ycheck.stylesheets.page_sheets`) is read once per content hash and run: one pass
over its braces keeps the rule blocks with such declarations, in screen ``@media`` (as css.py
evaluates them). Per page, blocks whose selectors need a class or id the page lacks are dropped before
their selectors are compiled; each selector is tested only on the elements that carry its rightmost
class or id, or its tag. Values are computed on demand, for an element and the ancestors not yet known.

What a static read cannot know is said so, never guessed: a background image, a gradient whose
colours pass on some stops and fail on others, an element positioned out of the flow (``absolute``,
``fixed``, ``sticky``: what lies beneath it is not its parent), a blend mode or filter, a ``var()`` the
sheets read do not define, and a font size in viewport units make the colour pair unknown.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

from lxml import etree

from .colors import BLACK, CURRENT, RGBA, WHITE, over, parse_color
from .css import _carriers, _compile_selectors, _compiled, _matches, _needs, media_matches
from .document import Document, Element, uncached_ancestry
from .memo import MemoKey
from .stylesheets import page_sheets

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence


__all__ = ["Backdrop", "Style", "computed"]

_WANTED = re.compile(
    r"(?:^|(?<=[;{\s]))(color|background(?:-color|-image|-clip)?|-webkit-background-clip|-webkit-text-fill-color"
    r"|opacity|font(?:-size|-weight)?|text-shadow|position|filter|mix-blend-mode|--[\w-]+)\s*:\s*([^;}]*)",
    re.IGNORECASE,
)
_INLINE = re.compile(r"(?:^|;)\s*([a-zA-Z-]+|--[\w-]+)\s*:\s*([^;]+)")
# (a string ends at its quote, or unclosed at the line's end, as CSS reads it: every quote starts one match)
_COMMENT_OR_STRING = re.compile(r"/\*.*?(?:\*/|\Z)|\"(?:[^\"\\\n]|\\.)*+(?:\"|$)|'(?:[^'\\\n]|\\.)*+(?:'|$)",
                                re.DOTALL | re.MULTILINE)
_BRACKETS_IN_STRING = str.maketrans("{}[]()", "______")
_BRACE = re.compile(r"[{}]")
_IMPORTANT = re.compile(r"\s*!\s*important\s*$")
_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,([^()]*(?:\([^()]*\)[^()]*)*))?\)")
_CACHE_SIZE = 64
_MAX_CANDIDATES = 32  # colours a backdrop may take (gradient samples); more: unknown
_GRADIENT_STEPS = 4  # samples between two stops of a gradient

# (property, value, important, shorthand it came from or "")
Declaration = tuple[str, str, bool, str]


# -- reading a sheet ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Block:
    """A rule block with kept declarations: its selector list, the ids and classes each selector needs
    (``()``: unknown), where it sits in its sheet."""

    prelude: str
    needs: tuple[frozenset[str], ...]
    order: int
    declarations: tuple[Declaration, ...]


_SHEETS: OrderedDict[tuple[int, int], tuple[Block, ...]] = OrderedDict()


def sheet_blocks(text: str) -> tuple[Block, ...]:
    """The rule blocks of a sheet that declare a property this module keeps, from the cache when the
    same text was read before."""
    key = (hash(text), len(text))
    blocks = _SHEETS.get(key)
    if blocks is None:
        blocks = _SHEETS[key] = tuple(_read_sheet(text))
        if len(_SHEETS) > _CACHE_SIZE:
            _SHEETS.popitem(last=False)
    else:
        _SHEETS.move_to_end(key)
    return blocks


_RULE, _GROUP, _SKIP = 0, 1, 2


def _read_sheet(text: str) -> Iterator[Block]:
    """One pass over the sheet's blocks: style rules inside groups that apply on screen (``@media`` for
    the configured screen, ``@supports`` and ``@layer``); other at-rules' blocks and nested rules skipped.

    A prelude with an unclosed ``[`` or ``(`` (``<![CDATA[`` pasted into a sheet) opens a block that runs
    to its matching bracket, braces and all, as CSS parses it: the rule it starts is invalid, and skipped.
    Time is linear in the sheet's size: each brace is found at most twice.
    """
    text = _COMMENT_OR_STRING.sub(_blank, text)
    stack: list[int] = []  # the kinds of the open blocks
    skipping = 0  # how many of the open blocks are skipped ones
    step = _next(text, 0)
    while step is not None:
        start, raw, body, end = step
        if raw is None:  # a '}'
            if stack:
                skipping -= stack.pop() == _SKIP
            step = _next(text, end)
            continue
        begin = raw.rfind(";") + 1
        if ("[" in raw or "(" in raw) and (opened := _unclosed(raw, begin)) >= 0:
            # the brace is inside a [ or ( block of an invalid prelude: skip that block and the rule's own
            end = _matching(text, start + opened)
            following = _BRACE.search(text, end)
            if following is not None and text[following.start()] == "{":
                end = _matching(text, following.start())
            step = _next(text, end)
            continue
        prelude = raw[begin:].strip()
        nested = bool(stack) and stack[-1] == _RULE  # a nested rule: its selector is relative, not read
        kind = _SKIP if nested else _at_rule(prelude) if prelude.startswith("@") else _RULE
        if body is None:  # a block that holds blocks
            skipping += kind == _SKIP
            stack.append(kind)
            if kind == _RULE and not skipping:  # (its own declarations come before its first nested rule)
                inner = _BRACE.search(text, end)
                own = text[end : inner.start() if inner else len(text)]
                body = own[: own.rfind(";") + 1]
        if body and kind == _RULE and not skipping and prelude:
            declarations = _kept(body)
            if declarations:
                yield Block(prelude, _needs(prelude), start, declarations)
        step = _next(text, end)


def _next(text: str, position: int) -> tuple[int, str | None, str | None, int] | None:
    """The next step from ``position``: (start, None, None, end) for a block's end; (start, prelude, body,
    end) for a rule with a block of declarations only; (start, prelude, None, end) for a block that holds
    blocks, ``end`` just inside it. None at the sheet's end."""
    brace = _BRACE.search(text, position)
    if brace is None:
        return None
    at = brace.start()
    if text[at] == "}":
        return at, None, None, at + 1
    after = _BRACE.search(text, at + 1)
    if after is not None and text[after.start()] == "}":
        return position, text[position:at], text[at + 1 : after.start()], after.end()
    return position, text[position:at], None, at + 1


def _blank(match: re.Match[str]) -> str:
    """A comment as a space; a string with its brackets made harmless (``content: '{'``)."""
    found = match.group()
    return " " if found[0] == "/" else found.translate(_BRACKETS_IN_STRING)


_BRACKET = re.compile(r"[\[\](){}]")
_CLOSER = {"[": "]", "(": ")", "{": "}"}


def _unclosed(text: str, start: int) -> int:
    """Where the first ``[`` or ``(`` of ``text`` from ``start`` left open is, or -1."""
    opened: list[int] = []
    for match in _BRACKET.finditer(text, start):
        char = match.group()
        if char in _CLOSER:
            opened.append(match.start())
        elif opened and _CLOSER[text[opened[-1]]] == char:
            opened.pop()
    return opened[0] if opened else -1


def _matching(text: str, start: int) -> int:
    """The offset after the bracket that closes the one at ``start`` (the text's end if none): a closer of
    another kind inside is no closer, as CSS reads blocks."""
    wanted: list[str] = []
    for match in _BRACKET.finditer(text, start):
        char = match.group()
        if char in _CLOSER:
            wanted.append(_CLOSER[char])
        elif wanted and wanted[-1] == char:
            wanted.pop()
            if not wanted:
                return match.end()
    return len(text)


def _at_rule(prelude: str) -> int:
    name = prelude[1:].split(None, 1)[0].split("(", 1)[0].lower() if len(prelude) > 1 else ""
    if name == "media":
        return _GROUP if media_matches(prelude[6:]) else _SKIP
    return _GROUP if name in ("supports", "layer") else _SKIP


@lru_cache(maxsize=16384)
def _kept(block: str) -> tuple[Declaration, ...]:
    out: list[Declaration] = []
    for match in _WANTED.finditer(block):
        out += _expand(match.group(1).lower(), match.group(2))
    return tuple(out)


def _expand(prop: str, raw: str) -> list[Declaration]:
    """A declaration, its value lowercase without ``!important``; a shorthand as its longhands."""
    value = raw.strip().lower()
    important = _IMPORTANT.search(value) is not None
    if important:
        value = _IMPORTANT.sub("", value).strip()
    if prop == "background":
        return [("background-color", value, important, prop), ("background-image", value, important, prop)]
    if prop == "font":
        return [("font-size", value, important, prop), ("font-weight", value, important, prop)]
    if prop == "-webkit-background-clip":
        prop = "background-clip"
    if not value or (prop in _COLOR_PROPERTIES and "var(" not in value and value not in _WIDE_KEYWORDS
                     and parse_color(value) is None):
        return []  # an invalid declaration, which browsers drop: a lower one applies
    if _UNREAD.get(prop) == value:
        return []  # (a value that changes nothing the check reads; ignoring it can only make a verdict cantTell)
    return [(prop, value, important, "")]


# Values left out, for speed: each block kept costs a selector to match. Leaving one out can only leave the
# effect of a lower declaration in place (a shadow, a filter), which makes the colours unknown, never wrong.
_UNREAD = {"text-shadow": "none", "filter": "none", "mix-blend-mode": "normal", "opacity": "1"}


_COLOR_PROPERTIES = frozenset(["color", "background-color", "-webkit-text-fill-color"])
_WIDE_KEYWORDS = frozenset(["inherit", "initial", "unset", "revert", "revert-layer"])


def inline_declarations(style: str | None) -> tuple[Declaration, ...]:
    """The kept declarations of a ``style`` attribute."""
    if not style:
        return ()
    return _inline(style)


@lru_cache(maxsize=8192)
def _inline(style: str) -> tuple[Declaration, ...]:
    return _kept(";" + style)


# -- matching and cascading on one page ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Rule:
    key: str
    xpath: str
    requires: frozenset[str]
    rank: tuple[tuple[int, int, int], int, int]  # specificity, sheet order, place in the sheet
    declarations: tuple[Declaration, ...]


Declared = dict[str, tuple[str, str]]  # property → (value, shorthand it came from or "")
_NONE: Declared = {}


class PageStyles:
    """The declared values of the kept properties for the elements of one page."""

    def __init__(self, doc: Document) -> None:
        blocks = [(sheet.order, block) for sheet in page_sheets(doc) for block in sheet_blocks(sheet.text)]
        wanted = {token for _, block in blocks for need in block.needs for token in need}
        unknown = {block.prelude: _compile_selectors(block.prelude) for _, block in blocks if not block.needs}
        wanted.update(token for rules in unknown.values() for rule in rules for token in rule.requires)
        carriers = _carriers(doc.classed, wanted) if wanted else {}
        present = carriers.keys()
        by_tag: dict[str, list[Element]] = {}
        rules: list[_Rule] = []
        for order, block in blocks:
            if block.needs and not any(need <= present for need in block.needs):
                continue
            for selector in unknown.get(block.prelude) or _compile_selectors(block.prelude):
                if selector.requires <= present:
                    rank = (selector.specificity, order, block.order)
                    rules.append(_Rule(selector.key, selector.xpath, selector.requires, rank, block.declarations))
        found: dict[Element, list[_Rule]] = {}
        for rule in rules:
            if rule.key[0] in ".#":
                candidates: Sequence[Element] = carriers.get(rule.key, ())
            elif rule.requires and len(holders := carriers[min(rule.requires, key=lambda t: len(carriers[t]))]) <= 16:
                candidates = _near(holders, rule.key)
            else:
                if not by_tag:
                    for element in doc.root.iter(etree.Element):
                        by_tag.setdefault(element.tag, []).append(element)  # type: ignore[arg-type]  # parsed HTML: a tag is a str
                        by_tag.setdefault("*", []).append(element)
                candidates = by_tag.get(rule.key, ())
            if not candidates:
                continue
            if rule.xpath != _simple(rule.key):
                candidates = _selected(rule.xpath, candidates, doc.root)
            for element in candidates:
                found.setdefault(element, []).append(rule)
        self._found = found
        self._declared: dict[Element, Declared] = {}

    def declared(self, element: Element) -> Declared:
        """The winning value of each kept property on the element (sheets, then its ``style``)."""
        done = self._declared.get(element)
        if done is not None:
            return done
        rules = self._found.get(element)
        style = element.get("style")
        if not rules and not style:
            return _NONE
        best: dict[str, tuple[tuple[bool, bool, tuple[tuple[int, int, int], int, int]], str, str]] = {}
        for rule in rules or ():
            for prop, value, important, shorthand in rule.declarations:
                rank = (important, False, rule.rank)
                if prop not in best or rank >= best[prop][0]:
                    best[prop] = (rank, value, shorthand)
        for prop, value, important, shorthand in inline_declarations(style):
            rank = (important, True, ((0, 0, 0), 0, 0))
            if prop not in best or rank >= best[prop][0]:
                best[prop] = (rank, value, shorthand)
        declared = self._declared[element] = {prop: (value, shorthand) for prop, (_, value, shorthand) in best.items()}
        return declared


def _near(holders: Sequence[Element], tag: str) -> list[Element]:
    """The elements of a tag a selector that needs one of ``holders`` may match: its subject lies in the
    subtree of that holder's parent (each compound's element is a descendant, or a sibling's, of the one
    before it)."""
    scopes: dict[Element, None] = {}
    for holder in holders:
        parent = holder.getparent()
        scopes[parent if parent is not None else holder] = None
    found: dict[Element, None] = {}
    for scope in scopes:
        found.update(dict.fromkeys(scope.iter(etree.Element) if tag == "*" else scope.iter(tag)))
    return list(found)


@lru_cache(maxsize=8192)
def _simple(key: str) -> str:
    """The test of a selector that is its key alone (``.a``, ``#b``, ``p``): its candidates all match."""
    return _compile_selectors(key)[0].xpath if _SIMPLE_KEY.match(key) and _compile_selectors(key) else ""


_SIMPLE_KEY = re.compile(r"^[.#]?-?[a-zA-Z_][\w-]*$|^\*$")
_SCAN_FROM = 400  # candidates from which one query over the page beats a test on each


def _selected(xpath: str, candidates: Sequence[Element], root: Element) -> Sequence[Element]:
    """The candidates a selector's subject test matches: tested one by one, or, when they are many, by one
    query over the page (in C), whose answers are then the candidates among them."""
    if len(candidates) < _SCAN_FROM:
        test = _compiled(xpath)
        return _matches(test, candidates) if test is not None else ()
    scan = _compiled("descendant-or-self::" + xpath.removeprefix("self::"))
    if scan is None:
        return ()
    try:
        found = scan(root)
    except etree.XPathError:
        return ()
    return found if isinstance(found, list) else ()


_PAGE_KEY: MemoKey[PageStyles] = MemoKey("cascade.page")


# -- computed values -----------------------------------------------------------------------------------------
Candidates = tuple[RGBA, ...] | None  # the colours a layer may have at the text; None: unknown
Group = tuple[float, Candidates]  # an opacity group: its opacity, and what is painted in it so far


class Backdrop(NamedTuple):
    """What an element's content is painted on: its opacity groups, innermost last; and why it is
    unknown, when a candidate is None."""

    groups: tuple[Group, ...]
    unknown: str = ""  # "image", "gradient", "positioned", "effect", "colour"

    def paint(self, layer: tuple[RGBA, ...] | None, why: str) -> Backdrop:
        """The backdrop with a layer painted over it (None: a layer that cannot be known)."""
        opacity, below = self.groups[-1]
        painted = _paint(layer, below)
        unknown = why if painted is None and (layer is None or below is not None) else self.unknown
        return Backdrop((*self.groups[:-1], (opacity, painted)), unknown)

    def flat(self, top: RGBA | None = None) -> tuple[RGBA, ...] | None:
        """The opaque colours the page shows here (with ``top`` painted over it, as text is), or None."""
        opacity, current = self.groups[-1]
        if top is not None:
            current = _paint((top,), current, merge=False)
        for below_opacity, below in reversed(self.groups[:-1]):
            if current is None:
                return None
            current = _paint(tuple((r, g, b, a * opacity) for r, g, b, a in current), below, merge=False)
            opacity = below_opacity
        return current


def _paint(layer: tuple[RGBA, ...] | None, below: Candidates, *, merge: bool = True) -> Candidates:
    """Each colour of ``layer`` over each of ``below``, in that order (``merge``: equal results once)."""
    if layer is None:
        return None
    if below is None:
        return layer if all(c[3] >= 1.0 for c in layer) else None
    if len(layer) == 1 and layer[0][3] <= 0:
        return below
    painted = (over(top, under) for top in layer for under in below)
    out = tuple(dict.fromkeys(painted)) if merge else tuple(painted)
    return out if len(out) <= _MAX_CANDIDATES else None


_PAGE_BACKDROP = Backdrop(((1.0, (WHITE,)),))


class Style(NamedTuple):
    """The computed values contrast needs, of one element."""

    color: RGBA | None  # None: unknown
    variables: dict[str, str]
    font_px: float | None  # None: unknown
    weight: int | None
    backdrop: Backdrop  # what its content is painted on
    shadows: tuple[RGBA | None, ...]  # the colours of its text-shadows (None: unknown), not those of the text's own
    color_from: str  # "" when known, else why not


_ROOT_STYLE = Style(BLACK, {}, 16.0, 400, _PAGE_BACKDROP, (), "")
_STYLES_KEY: MemoKey[dict[Element, Style]] = MemoKey("cascade.styles")

# The browser's own sheet, as far as colours and sizes go (Chromium, light scheme).
_UA_SIZE = {"h1": "2em", "h2": "1.5em", "h3": "1.17em", "h4": "1em", "h5": "0.83em", "h6": "0.67em",
            "small": "smaller", "big": "larger", "sub": "smaller", "sup": "smaller",
            "button": "13.3333px", "input": "13.3333px"}  # (form controls do not inherit the font)
_UA_BOLD = frozenset(["h1", "h2", "h3", "h4", "h5", "h6", "b", "strong", "th"])
_BUTTON_FACE: RGBA = (0xEF / 255, 0xEF / 255, 0xEF / 255, 1.0)
_LINK: RGBA = (0.0, 0.0, 0xEE / 255, 1.0)
_MARK: RGBA = (1.0, 1.0, 0.0, 1.0)
_KEYWORD_PX = {"xx-small": 9.0, "x-small": 10.0, "small": 13.0, "medium": 16.0, "large": 18.0,
               "x-large": 24.0, "xx-large": 32.0, "xxx-large": 48.0}
_SIZE = re.compile(r"^(-?\d*\.?\d+)(px|pt|pc|em|rem|%|ex|ch|in|cm|mm|q)?$")
_UNIT_PX = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6}
_FONT_SIZE_TOKEN = re.compile(r"(?:^|\s)((?:\d*\.?\d+)(?:px|pt|pc|em|rem|%|ex|ch|in|cm|mm|q)|[a-z-]+-?(?:small|large)"
                              r"|medium|larger|smaller)(?:\s*/\s*\S+)?(?=\s)")
_FONT_WEIGHT_TOKEN = re.compile(r"(?:^|\s)(bold|bolder|lighter|[1-9]00)(?=\s)")
_POSITIONED = frozenset(["absolute", "fixed", "sticky"])
_UA_COLOURED = frozenset(["a", "button", "input", "mark"])  # elements the browser's sheet gives a colour
_BUTTON_INPUTS = frozenset(["submit", "button", "reset"])


def computed(doc: Document, element: Element) -> Style:
    """The element's computed colour, background, font and effects, for it and every ancestor on the way up."""
    cache = doc.memo(_STYLES_KEY, dict)
    found = cache.get(element)
    if found is not None:
        return found
    page = doc.memo(_PAGE_KEY, lambda: PageStyles(doc))
    chain, above = uncached_ancestry(cache, element)
    style = _ROOT_STYLE if above is None else above
    root_px = _ROOT_STYLE.font_px
    for node in reversed(chain):
        style = _step(node, style, page.declared(node), root_px)
        if node is doc.root and style.font_px is not None:
            root_px = style.font_px
        cache[node] = style
    return style


def _step(node: Element, parent: Style, declared: Declared, root_px: float | None) -> Style:
    tag: str = node.tag  # type: ignore[assignment]  # parsed HTML: a tag is a str
    ua_size, ua_bold = _UA_SIZE.get(tag), tag in _UA_BOLD
    if not declared and ua_size is None and not ua_bold and tag not in _UA_COLOURED:
        return parent  # the common case: all inherited, nothing painted
    variables = parent.variables
    custom = [prop for prop in declared if prop.startswith("--")]
    if custom:
        variables = {**variables, **{prop: declared[prop][0] for prop in custom}}

    def value(prop: str) -> tuple[str | None, str]:
        """The declared value with its var()s substituted (None: not declared; "?": unresolvable)."""
        found = declared.get(prop)
        if found is None:
            return None, ""
        raw, shorthand = found
        return (_substitute(raw, variables) if "var(" in raw else raw), shorthand

    # colour
    color, color_from = parent.color, parent.color_from
    raw, _ = value("color")
    if raw is None:
        if tag == "a" and node.get("href") is not None:
            color, color_from = _LINK, ""
        elif tag in _UA_COLOURED:  # (a form control does not inherit its colour: ButtonText, FieldText)
            color, color_from = BLACK, ""
    elif raw == "?":
        color, color_from = None, "colour"
    elif raw not in ("inherit", "unset", "currentcolor"):
        parsed = BLACK if raw == "initial" else parse_color(raw)
        if parsed is None:
            color, color_from = None, "colour"
        elif isinstance(parsed, tuple):
            color, color_from = parsed, ""
    fill, _ = value("-webkit-text-fill-color")
    if fill is not None and fill not in ("currentcolor", "inherit", "unset", "initial"):
        parsed = parse_color(fill) if fill != "?" else None
        color, color_from = (parsed, "") if isinstance(parsed, tuple) else (None, "effect")
    clip, _ = value("background-clip")
    if clip is not None and "text" in clip:
        color, color_from = None, "effect"

    # font
    size, shorthand = value("font-size")
    font_px = parent.font_px
    if size is not None and shorthand == "font":
        size = _font_shorthand_size(size)
    if size is None:
        size = ua_size
    if size is not None and size not in ("inherit", "unset"):
        font_px = _font_px(size, parent.font_px, root_px)
    weight_value, shorthand = value("font-weight")
    weight = parent.weight
    if weight_value is not None and shorthand == "font":
        weight_value = _font_shorthand_weight(weight_value)
    if weight_value is None and ua_bold:
        weight_value = "bold"
    if weight_value is not None and weight_value not in ("inherit", "unset"):
        weight = _weight(weight_value, parent.weight)

    shadow_value, _ = value("text-shadow")
    shadows = parent.shadows if shadow_value is None or shadow_value in ("inherit", "unset") else _shadows(shadow_value)

    # backdrop
    backdrop = parent.backdrop
    position, _ = value("position")
    if position in _POSITIONED:
        backdrop = Backdrop(tuple((opacity, None) for opacity, _ in backdrop.groups), "positioned")
    opacity = _opacity(value("opacity")[0])
    if opacity < 1.0:
        backdrop = Backdrop((*backdrop.groups, (opacity, ((0.0, 0.0, 0.0, 0.0),))), backdrop.unknown)
    effect = (value("filter")[0] or "none") not in ("none", "initial", "unset") or (
        value("mix-blend-mode")[0] or "normal") not in ("normal", "initial", "unset")
    if effect:
        backdrop = backdrop.paint(None, "effect")
    input_type = (node.get("type") or "").strip().lower() if tag == "input" else ""
    bg, why = _background_color(value("background-color"), tag, input_type)
    image = _background_image(value("background-image"))
    if bg is None:
        backdrop = backdrop.paint(None, why)
    elif bg[3] > 0:
        backdrop = backdrop.paint((bg,), "")
    if image is not None:
        backdrop = backdrop.paint(*image)
    return Style(color, variables, font_px, weight, backdrop, shadows, color_from)


def _substitute(value: str, variables: dict[str, str], depth: int = 0) -> str:
    """``var()``s replaced by their values or fallbacks ("?" when one cannot be resolved)."""
    if depth > 8:
        return "?"

    def one(match: re.Match[str]) -> str:
        found = variables.get(match.group(1))
        if found is None:
            found = match.group(2)
        if found is None:
            return "\0"
        return _substitute(found.strip(), variables, depth + 1) if "var(" in found else found.strip()

    out = _VAR.sub(one, value)
    return "?" if "\0" in out or "var(" in out or out == "?" else out


def _background_color(found: tuple[str | None, str], tag: str, input_type: str) -> tuple[RGBA | None, str]:
    """The background colour an element paints (transparent when none), or None and why."""
    raw, shorthand = found
    if raw is None:
        if tag == "button" or (tag == "input" and input_type in _BUTTON_INPUTS):
            return _BUTTON_FACE, ""
        if tag == "input":
            return WHITE, ""
        if tag == "mark":
            return _MARK, ""
        return (0.0, 0.0, 0.0, 0.0), ""
    if raw == "?":
        return None, "colour"
    if shorthand == "background":
        return _shorthand_color(raw)
    if raw in ("transparent", "initial", "unset", "none"):
        return (0.0, 0.0, 0.0, 0.0), ""
    parsed = parse_color(raw)
    return (parsed, "") if isinstance(parsed, tuple) else (None, "colour")


@lru_cache(maxsize=4096)
def _shorthand_color(value: str) -> tuple[RGBA | None, str]:
    if value in ("none", "transparent", "initial", "unset", "0", "0 0"):
        return (0.0, 0.0, 0.0, 0.0), ""
    if value == "inherit":
        return None, "colour"
    last = _split(value, ",")[-1]
    for token in _split(last, " "):
        parsed = parse_color(token)
        if isinstance(parsed, tuple):
            return parsed, ""
        if parsed == CURRENT:
            return None, "colour"
    return (0.0, 0.0, 0.0, 0.0), ""


def _background_image(found: tuple[str | None, str]) -> tuple[tuple[RGBA, ...] | None, str] | None:
    """The layer a background image paints: None when there is none, (None, why) when it cannot be
    known, or the colours a single gradient takes."""
    raw, _ = found
    if raw is None or "(" not in raw:
        return None if raw != "?" else (None, "colour")
    return _image(raw)


@lru_cache(maxsize=4096)
def _image(value: str) -> tuple[tuple[RGBA, ...] | None, str] | None:
    layers = [layer for layer in _split(value, ",") if "(" in layer]
    images = [layer for layer in layers if re.search(r"(?:url|image|image-set|element|gradient|paint)\(", layer)]
    if not images:
        return None
    if len(images) > 1 or "gradient(" not in images[0]:
        return None, "image"
    gradient = images[0]
    inner = gradient[gradient.index("(") + 1 : gradient.rindex(")")] if ")" in gradient else ""
    stops: list[RGBA] = []
    for argument in _split(inner, ","):
        colours = [parse_color(token) for token in _split(argument, " ")]
        colour = next((c for c in colours if isinstance(c, tuple)), None)
        if colour is not None:
            stops.append(colour)
        elif stops or any(token.startswith("var(") or token == "?" for token in _split(argument, " ")):
            return None, "gradient"
    if not stops:
        return None, "gradient"
    samples = [stops[0]]
    for first, second in pairwise(stops):
        samples += [_mix(first, second, step / _GRADIENT_STEPS) for step in range(1, _GRADIENT_STEPS + 1)]
    return tuple(dict.fromkeys(samples)), "gradient"


def _mix(first: RGBA, second: RGBA, t: float) -> RGBA:
    """Interpolated in premultiplied sRGB, as browsers draw gradients."""
    alpha = first[3] + (second[3] - first[3]) * t
    if alpha <= 0:
        return (0.0, 0.0, 0.0, 0.0)
    rgb = [(a * first[3] + (b * second[3] - a * first[3]) * t) / alpha
           for a, b in zip(first[:3], second[:3], strict=True)]
    return (rgb[0], rgb[1], rgb[2], alpha)


def _split(value: str, separator: str) -> list[str]:
    """``value`` split at ``separator`` outside parentheses (a space: any whitespace), parts stripped."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in value:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if depth == 0 and (char == separator or (separator == " " and char.isspace())):
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [part for part in parts if part]


@lru_cache(maxsize=1024)
def _shadows(value: str) -> tuple[RGBA | None, ...]:
    """The colours of a ``text-shadow`` (None for one that cannot be read); one in the text's own colour
    only thickens the text, and is left out."""
    if value in ("none", "initial", "?"):
        return () if value != "?" else (None,)
    out: list[RGBA | None] = []
    for part in _split(value, ","):
        colours = [parse_color(token) for token in _split(part, " ")]
        colour = next((c for c in colours if c is not None), CURRENT)
        if isinstance(colour, tuple) and colour[3] > 0:
            out.append(colour)
    return tuple(out)


def _opacity(raw: str | None) -> float:
    if raw is None or raw in ("inherit", "initial", "unset", "?"):
        return 1.0
    try:
        number = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        return 1.0
    return min(1.0, max(0.0, number))


def _font_px(value: str, parent: float | None, root: float | None) -> float | None:
    """A ``font-size`` in px (None: unknown, as for viewport units and expressions)."""
    if value in _KEYWORD_PX:
        return _KEYWORD_PX[value]
    if value == "initial":
        return 16.0
    if value in ("larger", "smaller"):
        return None if parent is None else parent * 1.2 if value == "larger" else parent / 1.2
    match = _SIZE.match(value)
    if match is None:
        return None
    number, unit = float(match.group(1)), match.group(2) or ""
    if unit in _UNIT_PX:
        return number * _UNIT_PX[unit]
    if unit == "rem":
        return None if root is None else number * root
    if unit in ("em", "%", "ex", "ch"):
        scale = {"em": 1.0, "%": 0.01, "ex": 0.5, "ch": 0.5}[unit]
        return None if parent is None else number * scale * parent
    return number if number == 0 else None


def _font_shorthand_size(value: str) -> str | None:
    if value in ("inherit", "initial", "unset"):
        return value
    match = _FONT_SIZE_TOKEN.search(value + " ")
    return match.group(1) if match else "?"


def _font_shorthand_weight(value: str) -> str:
    if value in ("inherit", "initial", "unset"):
        return value
    match = _FONT_WEIGHT_TOKEN.search(" " + value.split(",")[0] + " ")
    return match.group(1) if match else "normal"


def _weight(value: str, parent: int | None) -> int | None:
    if value in ("normal", "initial"):
        return 400
    if value == "bold":
        return 700
    if value in ("bolder", "lighter"):
        if parent is None:
            return None
        if value == "bolder":
            return 400 if parent < 400 else 700 if parent < 600 else 900
        return 100 if parent < 600 else 400 if parent < 800 else 700
    try:
        return int(float(value))
    except ValueError:
        return None
