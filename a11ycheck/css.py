"""The page's CSS, reduced to the few properties that can hide or move content.

Cost is the design constraint: pages carry megabytes of ``<style>`` text, nearly all of it about
colours and layout. A sheet is never parsed whole. One regex (a literal ``:`` prefix, so it scans in C)
finds the declarations that can hide something (``display: none``, ``visibility: hidden``, ``clip:
rect``, a large negative offset, …); only the rule blocks around those hits are parsed, with tinycss2,
and only the :data:`KEPT` properties of them are kept. Blocks that could show a hidden element again
(``display: block``…) are indexed by their subject only when the sheet hides something, and looked at
only for elements that are hidden. Parsed sheets are cached by content hash across pages (a site
repeats its sheet on every page).

Per page, kept blocks whose selectors need a class or id the page lacks are dropped before parsing
their selectors (cssselect, translated to XPath tests on the subject element); one pass over the
elements with a class or id finds the candidates of the others, and each test runs in C.

Hostile sheets cost time linear in their size: every search for a block's braces, an at-rule or a
prelude goes on from where the last one stopped, and a block ends at the next ``{`` or ``}`` (its
nested blocks are blocks of their own). The rules keyed by a tag are tested by one query over the page
per :data:`_BATCH` of them (libxml2 refuses an expression nested 5000 deep); a selector libxml2 cannot
evaluate, or of more than :data:`_MAX_COMPOUNDS` compounds, is dropped alone, as an unknown one is.

The sheets are the page's own and its site's (:mod:`a11ycheck.stylesheets`: ``<style>``, linked and imported
sheets in cascade order). Known limits: ``@media`` queries are evaluated for a 1280×720 screen
(:mod:`a11ycheck.mediaqueries`); ``@layer`` order is not applied; scripts that change classes are not run.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING

import cssselect
import tinycss2
from cssselect.parser import Class, CombinedSelector, Element, Hash
from cssselect.xpath import XPathExpr
from lxml import etree

from .mediaqueries import length_px, media_matches
from .memo import MemoKey
from .stylesheets import page_sheets

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from .document import Document
    from .document import Element as Node

__all__ = [
    "KEPT",
    "Sheet",
    "StyleRule",
    "Styles",
    "inline_declarations",
    "length_px",
    "media_matches",
    "parse_sheet",
    "styles",
]

KEPT = frozenset(
    [
        "display",
        "visibility",
        "content-visibility",
        "clip",
        "clip-path",
        "position",
        "left",
        "top",
        "margin-left",
        "margin-top",
        "text-indent",
        "opacity",
        "color",  # transparent text is not visible
        "font-size",  # nor text of no size
        "width",  # nor content of a 1px box that hides its overflow (an sr-only pattern)
        "height",
        "overflow",
        "font-family",  # only icon fonts are kept: their ligatures ("search") draw pictures, not text
    ]
)
_PREFILTER = re.compile(
    r":(?:(?<=display:)\s*none|(?<=visibility:)\s*(?:hidden|collapse|visible)|(?<=content-visibility:)\s*hidden"
    r"|(?<=clip:)\s*rect|(?<=clip-path:)\s*(?:inset|circle|polygon)|(?<=left:|-top:)\s*-\d{3}"
    r"|(?<=\Wtop:)\s*-\d{3}|(?<=text-indent:)\s*-\d{3}|(?<=opacity:)\s*0(?![.\d]*[1-9])"
    r"|(?<=[;{\s]color:)\s*transparent|(?<=font-size:)\s*0(?![.\d]*[1-9])|(?<=width:)\s*(?:0|1px)(?![\w.%])"
    r"|(?<=font-family:)[^;}:]*[Ii]con)"  # (not past the next ':': each colon starts one scan)
)
_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_MARKUP_COMMENT = re.compile(r"<!--|-->")
_CDATA = "<![CDATA["
_BRACKET = re.compile(r"[\[\]]")
_GROUP_AT = re.compile(
    r"@(media|supports|layer|container|document|-moz-document|(?:-[a-z]+-)?keyframes)\b([^{;}@]*)\{"
)
_GROUP_END = re.compile(r"\}\s*\}|\{\s*\}")
_KEPT_DECL = re.compile(r"[;{\s]((?:" + "|".join(sorted(KEPT, key=len, reverse=True)) + r")\s*:[^;}]*)", re.I)
_SHOWING = re.compile(r":(?<=display:)\s*(?!none\b)[a-z]")
_COMBINATOR = re.compile(r"\s*[>+~]\s*|\s+")
_TAG = re.compile(r"[a-zA-Z][\w-]*")
_TOKEN = re.compile(r"([.#](?:-?[^\W\d]|--|\\.)(?:[\w-]|\\.)*)")  # simple escapes (md\:block) allowed
# a ';', or what may hold one (an attribute selector, a string); never past the next '[': each one starts one scan
_PRELUDE_PART = re.compile(r"""\[(?:"[^"]*"|'[^']*'|[^\]\["'])*\]|"[^"]*"|'[^']*'|;""")
_ATTRIBUTE = re.compile(r"\[[^\][]*\]")  # (not past the next '[': each one starts one scan)
_INLINE_DECL = re.compile(r"(?:^|;)\s*([a-zA-Z-]+)\s*:\s*([^;]+)")  # a name after a ";" (not "*display", an IE hack)
_IMPORTANT = re.compile(r"\s*!\s*important\s*$", re.IGNORECASE)
_CACHE_SIZE = 64
_BATCH = 256  # tag-keyed rules tested by one query over the page (libxml2 nests each 'or': at 5000, it refuses)
_MAX_COMPOUNDS = 64  # a selector of more compounds is dropped
_AT_RULES_BACK = 4


class _Translator(cssselect.HTMLTranslator):
    """cssselect's HTML translator with combinators turned into predicates on the subject element.

    ``.a .b`` becomes ``descendant-or-self::*[.b][ancestor::*[.a]]`` rather than a path down from every
    ``.a``: one pass over the tree, without the overlapping descendant scans of nested matches.
    """

    @staticmethod
    def _step(left: XPathExpr, axis: str) -> str:
        if left.path:
            raise cssselect.ExpressionError("unexpected path in a compound selector")
        return f"{axis}::{left.element}" + (f"[{left.condition}]" if left.condition else "")

    def xpath_descendant_combinator(self, left: XPathExpr, right: XPathExpr) -> XPathExpr:
        return right.add_condition(self._step(left, "ancestor"))

    def xpath_child_combinator(self, left: XPathExpr, right: XPathExpr) -> XPathExpr:
        return right.add_condition(self._step(left, "parent"))

    def xpath_direct_adjacent_combinator(self, left: XPathExpr, right: XPathExpr) -> XPathExpr:
        return right.add_condition(self._step(left, "preceding-sibling::*[1]/self"))

    def xpath_indirect_adjacent_combinator(self, left: XPathExpr, right: XPathExpr) -> XPathExpr:
        return right.add_condition(self._step(left, "preceding-sibling"))


_TRANSLATOR = _Translator()
_NOTHING: dict[str, str] = {}

Declarations = tuple[tuple[str, str, bool], ...]  # (property, lowercase value, !important)


@dataclass(frozen=True, slots=True)
class Block:
    """A kept rule block: its selector list, where it sits, and its kept declarations."""

    prelude: str
    needs: tuple[frozenset[str], ...]  # per selector: the ids and classes it needs; () = unknown
    order: int
    declarations: Declarations


class Sheet:
    """The kept rule blocks of one style sheet, in source order; and, built on first need, the blocks
    that could show again what ``display: none`` or the ``hidden`` attribute hides, by their subject's
    id, class or tag."""

    __slots__ = ("_at_rules", "_showing", "blocks")

    def __init__(self, blocks: tuple[Block, ...], at_rules: _AtRules | str | None = None) -> None:
        self.blocks = blocks
        # (the text, or its comment-free form) kept only while the showing index is not built; None: the
        # sheet shows nothing
        self._at_rules = at_rules
        self._showing: dict[str, tuple[Block, ...]] | None = None

    @property
    def shows(self) -> bool:
        """Whether the sheet can set ``display`` to something other than ``none``."""
        return self._at_rules is not None or bool(self._showing)

    def showing(self) -> dict[str, tuple[Block, ...]]:
        """Subject key → blocks that set ``display`` to something other than ``none``."""
        if self._showing is None:
            found: dict[str, list[Block]] = {}
            if self._at_rules is not None:
                at_rules = self._at_rules
                if isinstance(at_rules, str):
                    at_rules = _read_rules(at_rules)
                for block, prelude in _blocks(at_rules, _SHOWING, needs=False):
                    for part in prelude.split(",") if "(" not in prelude else ():
                        found.setdefault(_subject_key(part), []).append(
                            Block(part.strip(), (), block.order, block.declarations)
                        )
            self._showing = {key: tuple(blocks) for key, blocks in found.items()}
            self._at_rules = None
        return self._showing


@dataclass(frozen=True, slots=True)
class StyleRule:
    """One selector of a kept block, ready to match: an XPath test on the subject element."""

    key: str  # the rightmost compound's '#id', else '.class', else tag name, else '*'
    xpath: str  # ``self::…``
    requires: frozenset[str]  # every '#id' and '.class' the selector needs in the page
    specificity: tuple[int, int, int]
    order: int = 0
    declarations: Declarations = ()


_SHEETS: OrderedDict[tuple[int, int], Sheet] = OrderedDict()


def parse_sheet(text: str) -> Sheet:
    """The kept blocks of a sheet, from the cache when the same text was parsed before."""
    digest = (hash(text), len(text))
    sheet = _SHEETS.get(digest)
    if sheet is None:
        sheet = _SHEETS[digest] = _parse(text)
        if len(_SHEETS) > _CACHE_SIZE:
            _SHEETS.popitem(last=False)
    else:
        _SHEETS.move_to_end(digest)
    return sheet


def _parse(text: str) -> Sheet:
    shows = _SHOWING.search(text) is not None  # (it may show what the ``hidden`` attribute hides)
    if _PREFILTER.search(text) is None:
        return Sheet((), text if shows else None)
    at_rules = _read_rules(text)
    return Sheet(tuple(block for block, _ in _blocks(at_rules, _PREFILTER)), at_rules if shows else None)


def _read_rules(text: str) -> _AtRules:
    """A sheet's text as its rules are read: comments, markup comment marks and CDATA sections taken out."""
    return _AtRules(_markup_free(_COMMENT.sub(" ", text)))


def _markup_free(text: str) -> str:
    """The comment-free sheet without what a browser never applies of the markup around old sheets: the markup
    comment marks ``<!--`` and ``-->`` are ignored at its top level, and a ``<![CDATA[`` section (a sheet
    written for XHTML) is blanked: its ``[`` opens a block that takes every rule up to the matching ``]`` into
    the selector of the first one (the ``<!`` and ``>`` left around it make the next selector invalid too)."""
    text = _MARKUP_COMMENT.sub("    ", text)
    parts: list[str] = []
    kept = 0  # the text before this offset is in parts
    start = text.find(_CDATA)
    while start >= 0:
        depth, end = 0, len(text)
        for bracket in _BRACKET.finditer(text, start + 2):
            depth += 1 if bracket.group() == "[" else -1
            if depth == 0:
                end = bracket.end()
                break
        parts += [text[kept : start + 2], " " * (end - start - 2)]
        kept = end
        start = text.find(_CDATA, end)
    return "".join(parts) + text[kept:] if parts else text


def _blocks(sheet: _AtRules, pattern: re.Pattern[str], *, needs: bool = True) -> Iterator[tuple[Block, str]]:
    """The rule blocks around the pattern's hits that apply on screen, with their kept declarations.

    A block runs from the nearest ``{`` before a hit to the nearest ``{`` or ``}`` after it. The hits
    come in order, so every search here starts where the last one of its kind stopped, or stops where
    the block before began: no stretch of the text is searched twice, whatever the sheet holds.
    """
    text = sheet.text
    open_at, searched = -1, 0  # the last '{' before ``searched``
    done = -1  # the '{' of the last block looked at
    opening = closing = -1  # the first '{', and '}', at or after the end of some earlier hit
    for hit in pattern.finditer(text):
        found = text.rfind("{", searched, hit.start())
        searched = hit.start()
        open_at = found if found >= 0 else open_at
        if open_at < 0 or open_at == done:
            continue
        before = text.rfind("{", max(done, 0), open_at)  # (the last block's '{' is one: none is further)
        done = open_at
        if opening < hit.end():
            opening = _find(text, "{", hit.end())
        if closing < hit.end():
            closing = _find(text, "}", hit.end())
        end = min(opening, closing)
        after = max(before, text.rfind("}", before + 1, open_at))
        prelude_at = max(after, _last_semicolon(text, after + 1, open_at))
        prelude = text[prelude_at + 1 : open_at].strip()
        if not prelude or prelude.startswith("@") or not sheet.applies(open_at):
            continue
        kept = ";".join(m.group(1).strip() for m in _KEPT_DECL.finditer(text, open_at, end))
        declarations = _declarations(kept)
        if declarations:
            yield Block(prelude, _needs(prelude) if needs else (), open_at, declarations), prelude


def _last_semicolon(text: str, start: int, end: int) -> int:
    """The offset of the last ``;`` between ``start`` and ``end`` that ends a statement or declaration, not one
    inside an attribute selector or a string (``[style="margin:0;"]``); -1 when there is none."""
    found = -1
    for match in _PRELUDE_PART.finditer(text, start, end):
        if match.group() == ";":
            found = match.start()
    return found


def _find(text: str, char: str, start: int) -> int:
    """The offset of the first ``char`` at or after ``start``; the text's length when there is none."""
    found = text.find(char, start)
    return len(text) if found < 0 else found


def _subject_key(selector: str) -> str:
    """The id, else class, else tag of a plain selector's rightmost compound ('*' when none)."""
    compound = _COMBINATOR.split(_ATTRIBUTE.sub("", selector).strip())[-1]
    tokens = [token.replace("\\", "") for token in _TOKEN.findall(compound)]
    for token in tokens:
        if token[0] == "#":
            return token
    if tokens:
        return tokens[0]
    tag = _TAG.match(compound)
    return tag.group(0).lower() if tag else "*"


@lru_cache(maxsize=4096)
def _declarations(kept: str) -> Declarations:
    """The kept declarations (``prop: value; …`` text) parsed by tinycss2."""
    out = []
    for node in tinycss2.parse_blocks_contents(kept, skip_whitespace=True, skip_comments=True):
        if node.type == "declaration" and node.lower_name in KEPT:
            out.append((node.lower_name, tinycss2.serialize(node.value).strip().lower(), node.important))
    return tuple(out)


def _needs(prelude: str) -> tuple[frozenset[str], ...]:
    """The ids and classes each selector of a plain selector list needs (unknown: ``()``)."""
    if "(" in prelude or "\\" in prelude:
        return ()
    return tuple(frozenset(_TOKEN.findall(_ATTRIBUTE.sub("", part))) for part in prelude.split(","))


@lru_cache(maxsize=16384)
def _compile_selectors(prelude: str) -> tuple[StyleRule, ...]:
    """The selectors of a selector list as subject tests (pseudo-elements and unknown pseudo-classes
    dropped), cached across pages."""
    try:
        parsed = cssselect.parse(prelude)
    except (cssselect.SelectorError, RecursionError):  # (pseudo-classes nested past Python's stack)
        return ()
    out = []
    for selector in parsed:
        if selector.pseudo_element is not None:
            continue  # ::before and ::after hide generated content, not the element
        tree = selector.parsed_tree
        if _compounds(tree) > _MAX_COMPOUNDS:
            continue  # its translation would recurse once per compound
        try:
            xpath = _TRANSLATOR.selector_to_xpath(selector, prefix="self::")
            out.append(StyleRule(_key(tree), xpath, frozenset(_required(tree)), selector.specificity()))
        except (cssselect.SelectorError, RecursionError):
            continue
    return tuple(out)


def _compounds(tree: object) -> int:
    """The number of compound selectors in a complex selector (``a > b c``: 3)."""
    count = 1
    while isinstance(tree, CombinedSelector):
        count += 1
        tree = tree.selector
    return count


def _key(tree: object) -> str:
    """The most selective simple selector of the rightmost compound: id, else class, else tag."""
    while isinstance(tree, CombinedSelector):
        tree = tree.subselector
    found_class = None
    node = tree
    while node is not None and not isinstance(node, Element):
        if isinstance(node, Hash):
            return "#" + node.id
        if isinstance(node, Class):
            found_class = "." + node.class_name
        node = getattr(node, "selector", None)
    if found_class:
        return found_class
    return node.element.lower() if isinstance(node, Element) and node.element else "*"


def _required(tree: object) -> Iterator[str]:
    """The ids and classes a selector cannot match without (those under ``:not()`` or ``:is()`` aside)."""
    if isinstance(tree, CombinedSelector):
        yield from _required(tree.selector)
        yield from _required(tree.subselector)
        return
    if isinstance(tree, Hash):
        yield "#" + tree.id
    elif isinstance(tree, Class):
        yield "." + tree.class_name
    inner = getattr(tree, "selector", None)
    if inner is not None:
        yield from _required(inner)


# -- grouping at-rules (@media, @supports) ----------------------------------------------------------
class _AtRules:
    """A sheet's comment-free text and its grouping at-rules, looked up by position.

    Whether the grouping rule around a position applies: ``@media`` for a 1280×720 screen, ``@supports``
    and ``@layer`` always, ``@keyframes`` and ``@container`` never. The nearest grouping at-rule before
    the position is looked up, past at most a few other at-rules. Positions are asked in order (within
    one pass over the sheet), so the search for the nearest ``@`` goes on from the last one; each
    at-rule, and the way back to the ``@`` before it, is read once; the searches for the ends of groups
    share one forward scan.
    """

    __slots__ = ("_end", "_groups", "_last", "_previous", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._last = (0, -1)  # (searched up to, the last '@' before it)
        self._previous: dict[int, int] = {}  # an '@' → the '@' before it
        self._groups: dict[int, tuple[int, bool] | None] = {}  # an at-rule's start → (end, applies), or None
        self._end = (len(text) + 1, 0, 0)  # the last search for a group's end: (from, match start, match end)

    def applies(self, position: int) -> bool:
        """Whether the grouping rule around ``position`` (if any) applies."""
        searched, start = self._last if self._last[0] <= position else (0, -1)
        found = self.text.rfind("@", searched, position)
        start = found if found >= 0 else start
        self._last = (position, start)
        for _ in range(_AT_RULES_BACK):
            if start < 0:
                break
            group = self._group(start)
            if group is not None:
                return group[1] if group[0] > position else True
            previous = self._previous.get(start)
            if previous is None:
                previous = self._previous[start] = self.text.rfind("@", 0, start)
            start = previous
        return True

    def _group(self, start: int) -> tuple[int, bool] | None:
        if start not in self._groups:
            match = _GROUP_AT.match(self.text, start)
            if match is None:
                self._groups[start] = None
            else:
                kind = match.group(1)
                applies = media_matches(match.group(2)) if kind == "media" else kind in ("supports", "layer")
                self._groups[start] = (self._group_end(match.end() - 1), applies)
        return self._groups[start]

    def _group_end(self, position: int) -> int:
        """The end of the first ``}}`` or ``{}`` at or after ``position`` (the text's end if none)."""
        searched, start, end = self._end
        if not searched <= position <= start:
            found = _GROUP_END.search(self.text, position)
            start, end = (found.start(), found.end()) if found else (len(self.text), len(self.text))
            self._end = (position, start, end)
        return end


# -- per-page evaluation ------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _compiled(xpath: str) -> etree.XPath | None:
    try:
        return etree.XPath(xpath)
    except etree.XPathError:
        return None


def _matches(test: etree.XPath, elements: Iterable[Node]) -> list[Node]:
    """The elements a subject test matches; none when libxml2 cannot evaluate it (a query nested past
    its recursion limit): the rule is then dropped, as one whose selector cannot be parsed."""
    try:
        return [element for element in elements if test(element)]
    except etree.XPathError:
        return []


class Styles:
    """The cascaded values of the :data:`KEPT` properties for the elements of one page.

    Built on the first question about the page. Kept blocks whose selectors need a class or id the
    page lacks are dropped before their selectors are even parsed; one pass over the elements with a
    class or id finds the carriers of the others.
    """

    def __init__(self, root: Node, sheets: Iterable[str], classed: Sequence[Node] | None = None) -> None:
        self._root = root
        self._showing_sheets: list[tuple[int, Sheet]] = []  # the sheets that may show a hidden element
        blocks: list[tuple[int, Block]] = []
        order = 0
        for text in sheets:
            sheet = parse_sheet(text)
            blocks += [(order + block.order, block) for block in sheet.blocks]
            if sheet.shows:
                self._showing_sheets.append((order, sheet))
            order += len(text) + 1
        unknown = {block.prelude: _compile_selectors(block.prelude) for _, block in blocks if not block.needs}
        wanted = {t for _, block in blocks for need in block.needs for t in need}
        wanted.update(t for rules in unknown.values() for rule in rules for t in rule.requires)
        self._carriers = _carriers(_XP_MARKED(root) if classed is None else classed, wanted) if wanted else {}
        present = self._carriers.keys()
        self._rules = [
            StyleRule(rule.key, rule.xpath, rule.requires, rule.specificity, order, block.declarations)
            for order, block in blocks
            if not block.needs or any(need <= present for need in block.needs)
            for rule in unknown.get(block.prelude) or _compile_selectors(block.prelude)
            if rule.requires <= present
        ]
        self._by_element: dict[Node, list[StyleRule]] | None = None
        self._computed: dict[Node, dict[str, str]] = {}

    def _matching(self) -> dict[Node, list[StyleRule]]:
        """Element → the kept rules it matches, found once per page. A rule keyed by an id or class
        tests only the elements that carry it; the rules keyed by a tag run their selectors over the
        page, a batch at a time."""
        if self._by_element is None:
            found: dict[Node, list[tuple[int, StyleRule]]] = {}
            by_tag: list[tuple[int, StyleRule, etree.XPath]] = []
            for i, rule in enumerate(self._rules):
                test = _compiled(rule.xpath)
                if test is None:
                    continue
                if rule.key[0] in ".#":
                    for element in _matches(test, self._carriers.get(rule.key, ())):
                        found.setdefault(element, []).append((i, rule))
                else:
                    by_tag.append((i, rule, test))
            for start in range(0, len(by_tag), _BATCH):
                batch = by_tag[start : start + _BATCH]
                candidates = self._candidates(batch)
                for i, rule, test in batch:
                    for element in _matches(test, candidates):
                        found.setdefault(element, []).append((i, rule))
            # each element's rules in sheet order
            self._by_element = {element: [rule for _, rule in sorted(pairs, key=itemgetter(0))]
                                for element, pairs in found.items()}
        return self._by_element

    def _candidates(self, batch: Sequence[tuple[int, StyleRule, etree.XPath]]) -> Sequence[Node]:
        """The elements some rule of the batch may match: found by one pass over the page (all of
        them when that query cannot be compiled or evaluated)."""
        anyone = _compiled(f"descendant-or-self::*[{' or '.join(rule.xpath for _, rule, _ in batch)}]")
        if anyone is not None:
            try:
                return anyone(self._root)
            except etree.XPathError:
                pass
        return list(self._root.iter(etree.Element))

    def styled(self) -> dict[Node, list[StyleRule]]:
        """The elements some kept rule of the page's sheets matches (an element not among them, and
        without a ``style`` or ``hidden`` attribute, declares nothing)."""
        return self._matching() if self._rules else {}

    def declared(self, element: Node) -> dict[str, str]:
        """The winning value of each kept property declared on the element (sheets and ``style``)."""
        computed = self._computed.get(element)
        if computed is not None:
            return computed
        rules = self._matching().get(element, []) if self._rules else []
        style = element.get("style")
        if self._showing_sheets and (element.get("hidden") is not None or any(_hides(rule) for rule in rules)):
            rules = rules + self._shown(element)
        if not rules and not style:
            self._computed[element] = _NOTHING  # (asked again by name and text computations)
            return _NOTHING
        best: dict[str, tuple[tuple, str]] = {}
        for rule in rules:
            for prop, value, important in rule.declarations:
                rank = (important, False, rule.specificity, rule.order)
                if prop not in best or rank > best[prop][0]:
                    best[prop] = (rank, value)
        for prop, value, important in inline_declarations(style):
            rank = (important, True, (0, 0, 0), 0)
            if prop not in best or rank > best[prop][0]:
                best[prop] = (rank, value)
        computed = self._computed[element] = {prop: value for prop, (_, value) in best.items()}
        return computed

    def _shown(self, element: Node) -> list[StyleRule]:
        """Rules that set ``display`` to something other than none on a hidden element: consulted
        only for elements that ``display: none`` or the ``hidden`` attribute hides."""
        keys: list[str] = ["*", element.tag, *("." + name for name in (element.get("class") or "").split())]  # type: ignore[list-item]  # parsed HTML: a tag is a str
        if element.get("id"):
            keys.append("#" + element.get("id", ""))
        found = []
        for offset, sheet in self._showing_sheets:
            showing = sheet.showing()
            for block in (block for key in keys for block in showing.get(key, ())):
                for rule in _compile_selectors(block.prelude):
                    test = _compiled(rule.xpath)
                    if test is not None and _matches(test, (element,)):
                        found.append(
                            StyleRule(
                                rule.key,
                                rule.xpath,
                                rule.requires,
                                rule.specificity,
                                offset + block.order,
                                block.declarations,
                            )
                        )
        return found


def _hides(rule: StyleRule) -> bool:
    return any(prop == "display" and value == "none" for prop, value, _ in rule.declarations)


_XP_MARKED = etree.XPath("descendant-or-self::*[@class or @id]")


def _carriers(classed: Iterable[Node], keys: set[str]) -> dict[str, list[Node]]:
    """The elements that carry each '#id' and '.class' key (one pass over the elements with a class
    or id, in document order)."""
    found: dict[str, list[Node]] = {}
    classes = {k[1:] for k in keys if k[0] == "."}
    idents = {k[1:] for k in keys if k[0] == "#"}
    for element in classed:
        ident = element.get("id")
        if ident in idents:
            found.setdefault("#" + ident, []).append(element)
        names = element.get("class")
        if names and not classes.isdisjoint(names.split()):
            for name in classes.intersection(names.split()):
                found.setdefault("." + name, []).append(element)
    return found


def inline_declarations(style: str | None) -> Declarations:
    """The kept declarations of a ``style`` attribute, lowercase, with their ``!important`` flag."""
    if not style:
        return ()
    out = []
    for match in _INLINE_DECL.finditer(style):
        prop = match.group(1).lower()
        if prop in KEPT:
            value = match.group(2).strip().lower()
            important = _IMPORTANT.search(value) is not None
            out.append((prop, _IMPORTANT.sub("", value).strip(), important))
    return tuple(out)


_STYLES_KEY: MemoKey[Styles] = MemoKey("css.styles")


def styles(doc: Document) -> Styles:
    """The page's :class:`Styles` over its style sheets (:func:`~a11ycheck.stylesheets.page_sheets`), built
    once per document."""
    return doc.memo(_STYLES_KEY, lambda: Styles(doc.root, [sheet.text for sheet in page_sheets(doc)], doc.classed))
