"""The parsed page and the facts about it that rules share, each computed once and on demand.

The tree is lxml's (libxml2's HTML parser, ``huge_tree`` on, no network). ``<noscript>`` and
``<template>`` content is emptied: a browser with scripting on renders neither. A start tag keeps its
first :data:`_MAX_ATTRIBUTES` attributes (libxml2 builds an element of n attributes in n² steps).
Positions come from the decoded source text, not from lxml (whose ``sourceline`` saturates at 65535
and has no column).
"""

from __future__ import annotations

import re
from array import array
from functools import cached_property, lru_cache
from sys import intern
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin

from lxml import etree

from .source import LineBreaks, Source, offset_type

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from .localfiles import LocalFiles

Element = etree._Element

__all__ = ["Document", "Element", "parse", "text_nodes"]

_PARSER = etree.HTMLParser(
    huge_tree=True,
    no_network=True,
    recover=True,
    remove_comments=False,
    remove_pis=True,
    encoding="utf-8",
    default_doctype=False,
    collect_ids=False,
)

# HTML's whitespace (Python's ``\s`` would also take U+00A0 and other Unicode spaces into tag names).
_WS = r"\t\n\f\r "
# Tags in the source, as the HTML tokenizer sees them. Comments, doctypes and bogus comments match
# without a name; the content of raw-text elements is skipped by :func:`_scan`.
_TAG_RE = re.compile(
    r"<!--(?:-?>|.*?(?:--!?>|\Z))"
    r"|<[!?][^>]*>?"
    rf"|</(?P<end>[a-zA-Z][^{_WS}/>]*)[^>]*>?"
    r"|</[^>]*>?"
    rf"|<(?P<name>[a-zA-Z][^{_WS}/>]*)"
    rf"""(?:[{_WS}/]+|[^{_WS}/>][^{_WS}/>=]*(?:[{_WS}]*=[{_WS}]*(?:"[^"]*"|'[^']*'|[^{_WS}>]+))?)*>?""",
    re.DOTALL,
)
# Elements whose content is text, not markup (noscript too: a browser with scripting on treats it so).
_RAW = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
        "template", "plaintext")
_RAW_END = {name: re.compile(rf"</{name}(?=[{_WS}/>])", re.IGNORECASE) for name in _RAW}
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"))
# libxml2 stops parsing (and drops the rest of the page) past 2048 open elements even with huge_tree;
# a page nested deeper is parsed again with the start tags past 512 blanked out (Blink's own depth limit).
_MAX_DEPTH = 512
_SNIPPET_MAX = 300
# The elements some check looks at, found in one walk of the page (see :attr:`Document.marked`): these
# tags, these attributes, and every attribute whose name holds "aria-". The check modules that read
# ``marked`` list what they need here (links: watched tags and attributes; aria: owner and
# presentational tags; names: form controls and summary).
MARK_TAGS = frozenset([
    "h1", "h2", "h3", "h4", "h5", "h6", "main", "nav", "aside", "header", "footer", "form", "section", "search",
    "button", "input", "select", "textarea", "iframe", "summary", "frame", "object", "embed", "a", "area",
    "audio", "video", "svg", "menu", "ol", "table", "tbody", "tfoot", "thead", "tr", "ul", "meter", "option",
    "progress",
])
MARK_ATTRS = frozenset(["role", "tabindex", "contenteditable", "onclick"])


def _lower(name: str) -> str:
    """A tag name lowercased as the HTML tokenizer (and libxml2) does: ASCII letters only."""
    return name.lower() if name.isascii() else "".join(c.lower() if c.isascii() else c for c in name)


def _scan(text: str) -> Iterator[tuple[str, bool, int, int]]:
    """Tags of the source in order: (lowercase name, is end tag, start offset, end offset)."""
    pos = 0
    search = _TAG_RE.search
    while True:
        match = search(text, pos)
        if match is None:
            return
        pos = match.end()
        name = match.group("name")
        if name is None:
            end = match.group("end")
            if end is not None:
                yield _lower(end), True, match.start(), pos
            continue
        name = _lower(name)
        yield name, False, match.start(), pos
        end_re = _RAW_END.get(name)
        if end_re is not None:
            close = end_re.search(text, pos)
            pos = close.start() if close else len(text)


# Start tags as _TAG_RE reads them, in pieces for the targeted tokenizer of :func:`_start_tags`.
_ATTRS = rf"""(?:[{_WS}/]++|[^{_WS}/>][^{_WS}/>=]*+(?:[{_WS}]*=[{_WS}]*(?:"[^"]*+"|'[^']*+'|[^{_WS}>]++))?)*+>?"""


def _either_case(name: str) -> str:
    """A pattern for an ASCII name in any case (``(?i)`` would also match the Kelvin sign for k)."""
    return "".join(f"[{c}{c.upper()}]" if c.isascii() and c.isalpha() else re.escape(c) for c in name)


# The tokenizer of :func:`_scan` as one pattern that stops only at start tags (raw-text content is
# skipped by the caller), or, for :func:`_start_tags`, only at start tags with one name.
_SKIP = r"(?>[^<]++|<!--(?:-?>|.*?(?:--!?>|\Z))|<[!?][^>]*+>?|</[^>]*+>?"
_NEXT_START = re.compile(rf"{_SKIP}|<(?![a-zA-Z]))*+(?:<(?P<name>[a-zA-Z][^{_WS}/>]*+){_ATTRS}|\Z)", re.DOTALL)
# Names whose start tags are near the top of a page: for them alone, a scan that stops early pays.
_EARLY = frozenset(("html", "head", "body", "title", "meta", "link", "base"))


def _all_start_tags(text: str) -> dict[str, array[int]]:
    """Start tags of the source by lowercase name: start and end offsets, flat and in order (as :func:`_scan`)."""
    index: dict[str, array[int]] = {}
    pos = 0
    size = len(text)
    kind = offset_type(size)
    match = _NEXT_START.match
    raw_end = _RAW_END.get
    while True:
        found = match(text, pos)
        name = found.group("name")  # type: ignore[union-attr]  # the pattern matches at any position
        if name is None:
            return index
        name = _lower(name)
        pos = found.end()  # type: ignore[union-attr]
        spans = index.get(name)
        if spans is None:
            spans = index[name] = array(kind)
        spans.append(found.start("name") - 1)  # type: ignore[union-attr]
        spans.append(pos)
        end_re = raw_end(name)
        if end_re is not None:
            close = end_re.search(text, pos)
            pos = close.start() if close else size


# One start tag, from its "<" to its end (as _TAG_RE reads it).
_START_TAG = re.compile(rf"<[^{_WS}/>]*+{_ATTRS}", re.DOTALL)
# libxml2 adds each attribute at the end of its element's list, walking the list: an element of n
# attributes costs n²/2 steps (500 000 took minutes). Attributes past these are blanked before parsing.
_MAX_ATTRIBUTES = 1024
_ATTRIBUTE = rf"""[{_WS}/]*+[^{_WS}/>][^{_WS}/>=]*+(?:[{_WS}]*+=[{_WS}]*+(?:"[^"]*+"|'[^']*+'|[^{_WS}>]++))?+"""
_MANY_ATTRIBUTES = rf"<[a-zA-Z][^{_WS}/>]*+(?:{_ATTRIBUTE}){{{_MAX_ATTRIBUTES}}}"
_TOO_MANY = re.compile(_MANY_ATTRIBUTES)
# Whether some tag has too many, in one pass: every other tag is read once, to its last attribute (a
# search would read a tag again from each '<' in it: "<a <a <a …>" is one tag of many attributes).
_ANY_TOO_MANY = re.compile(
    rf"(?:[^<]++|<(?![a-zA-Z])|<[a-zA-Z][^{_WS}/>]*+(?:{_ATTRIBUTE}){{0,{_MAX_ATTRIBUTES - 1}}}+(?!{_ATTRIBUTE}))*+"
    + _MANY_ATTRIBUTES
)


def _named(name: str) -> str:
    return rf"{_either_case(name)}(?=[{_WS}/>]|\Z)"


@lru_cache(maxsize=128)
def _candidates(name: str) -> re.Pattern[str]:
    """``<name`` in any case, wherever it is (in a comment or script too)."""
    return re.compile(rf"<{_named(name)}")


@lru_cache(maxsize=16)
def _upto(name: str) -> re.Pattern[str]:
    """The tokenizer of :func:`_start_tags` up to the next start tag named ``name`` (a large pattern:
    compiled only for the names whose tags are searched this way)."""
    named = _named(name)
    raw = "".join(rf"|<{_either_case(r)}(?=[{_WS}/>]|\Z){_ATTRS}(?:[^<]++|<(?!(?i:/{r})[{_WS}/>]))*+"
                  for r in _RAW if r != name)
    skip = f"{_SKIP}{raw}" + rf"|<(?!{named})(?:[a-zA-Z][^{_WS}/>]*+{_ATTRS})?)"
    return re.compile(rf"{skip}*+(?:<(?P<name>{named})|\Z)", re.DOTALL)


def _start_tags(text: str, name: str, *, first: bool = False) -> array[int]:
    """The start tags named ``name`` (lowercase ASCII), exactly as :func:`_scan` finds them (only the
    first with ``first``); the scan stops after the last place the name occurs in the text."""
    found = array(offset_type(len(text)))
    candidates, upto, start_tag = _candidates(name), _upto(name), _START_TAG
    if first:  # the first candidate is nearly always the tag: no need to find the last one
        last = stop = -1 if candidates.search(text) is None else len(text)
    else:
        last = _last_candidate(text, name)
        # the text past the last candidate's name and the character after it holds no such tag
        stop = min(len(text), last + len(name) + 2)
    if last < 0:
        return found
    pos = 0
    match = upto.match
    end_re = _RAW_END.get(name)
    while pos <= last:
        tag = match(text, pos, stop)
        if tag is None or tag.group("name") is None:
            break
        begin = tag.start("name") - 1
        pos = start_tag.match(text, begin).end()  # type: ignore[union-attr]
        found.append(begin)
        found.append(pos)
        if first:
            break
        if end_re is not None:
            close = end_re.search(text, pos)
            pos = close.start() if close else len(text)
    return found


def _last_candidate(text: str, name: str) -> int:
    """Offset of the last ``<name`` (any case) in the text, in a comment or script or not; -1 if none."""
    candidates = _candidates(name)
    last = -1
    for letter in {name[0], name[0].upper() if name[0].isascii() else name[0]}:
        end = len(text)
        while (at := text.rfind("<" + letter, 0, end)) > last:
            if candidates.match(text, at):
                last = at
                break
            end = at
    return last


def _line_start_tags(text: str, name: str, begin: int, end: int) -> list[int]:
    """Offsets of the start tags named ``name`` that end on the line ``text[begin:end]``, read as
    :func:`_scan` reads a tag but without knowing whether the line opens inside a comment or script.

    A tag that starts on an earlier line starts at the last ``<`` before this one. Only the last tag
    on the line is read to its end: an earlier one can run past the line only around a later one
    (inside its attribute value), which then shows as one start tag too many, never one too few.
    """
    candidates, start_tag = _candidates(name), _START_TAG
    found = []
    before = text.rfind("<", 0, begin)
    if (before >= 0 and candidates.match(text, before)
            and begin < start_tag.match(text, before).end() <= end):  # type: ignore[union-attr]
        found.append(before)
    found += [candidate.start() for candidate in candidates.finditer(text, begin, end)]
    if found and found[-1] >= begin and start_tag.match(text, found[-1]).end() > end:  # type: ignore[union-attr]
        found.pop()
    return found


def _flatten(text: str) -> str:
    """Blank out the tags of elements nested deeper than :data:`_MAX_DEPTH` (offsets and lines kept).

    Their content then belongs to the deepest kept ancestor, much as a browser's parser puts elements
    past its own depth limit beside, not inside, the last one.
    """
    stack: list[tuple[str, bool]] = []
    blank: list[tuple[int, int]] = []
    for name, is_end, start, end in _scan(text):
        if not is_end:
            if name in _VOID:
                continue
            deep = len(stack) >= _MAX_DEPTH
            stack.append((name, deep))
            if deep:
                blank.append((start, end))
            continue
        for i in range(len(stack) - 1, max(len(stack) - 64, -1), -1):
            if stack[i][0] == name:
                if stack[i][1]:
                    blank.append((start, end))
                del stack[i:]
                break
    return _blanked(text, blank)


def _trim_attributes(text: str) -> str:
    """Blank out the attributes of start tags past their first :data:`_MAX_ATTRIBUTES` (offsets and
    lines kept): the tree is then built in time linear in the page."""
    blank = []
    for _, is_end, start, end in _scan(text):
        many = None if is_end else _TOO_MANY.match(text, start)
        if many is not None:
            blank.append((many.end(), end - 1 if text[end - 1] == ">" else end))
    return _blanked(text, blank)


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the characters of the spans (in order, apart) made spaces, line breaks kept."""
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        last = end
    parts.append(text[last:])
    return "".join(parts)


_NOT_NEWLINE = re.compile(r"[^\r\n]")


def _parse_text(text: str, data: bytes | None = None) -> tuple[Element, str]:
    """Parse text (``data``: its UTF-8, when at hand); return the tree and the text it was parsed
    from (flattened when nested too deep, its start tags trimmed to :data:`_MAX_ATTRIBUTES`)."""
    if _ANY_TOO_MANY.match(text):  # (in a script or comment too: then nothing is trimmed)
        text, data = _trim_attributes(text), None
    root = etree.fromstring(text.encode("utf-8", "surrogatepass") if data is None else data, _PARSER)
    del data
    if any(e.type_name == "ERR_RESOURCE_LIMIT" and "depth" in e.message for e in _PARSER.error_log):
        text = _flatten(text)
        root = etree.fromstring(text.encode("utf-8", "surrogatepass"), _PARSER)
    if root is None:  # only whitespace or comments
        root = etree.fromstring(b"<html></html>", _PARSER)
    for element in [e for e in root.iter("noscript", "template") if len(e) or e.text is not None]:
        # as clear() but keeping the tail (setting a tail back fails on text with control characters)
        element.attrib.clear()
        element.text = None
        for child in list(element):
            element.remove(child)
    return root, text


def parse(source: Source) -> Element:
    """Parse decoded text into an lxml tree whose root is ``<html>``."""
    return _parse_text(source.text)[0]


class Document:
    """A page: its source, its tree, and lazily computed shared facts."""

    def __init__(self, source: Source, *, path: str | None = None, url: str | None = None,
                 root: Element | None = None, files: LocalFiles | None = None) -> None:
        self.source = source
        self.path = path
        self.files = files  # where the local files it names may be read (None: nowhere)
        if root is None:
            root, self._text = _parse_text(source.text, source.utf8())
        else:
            self._text = source.text
        self.root = root
        self._url = url
        self._empty_caches()

    def _empty_caches(self) -> None:
        self._positions: dict[str, tuple[dict[Element, int], array[int]]] = {}
        self._cache: dict[str, Any] = {}
        self._siblings: dict[Element, tuple[dict[Element, int], dict[str, int]]] = {}
        self._lines: dict[str, _ByLine] = {}
        self._on_line: dict[tuple[str, int], dict[Element, int]] = {}
        self._selectors: dict[Element, str] = {}

    def release(self) -> None:
        """Drop every computed fact. Some hold the document (a cycle): without this, a checked page
        waits for the cyclic garbage collector instead of being freed at once."""
        for key in [key for key, value in vars(self).items() if isinstance(value, (dict, list, tuple))]:
            del self.__dict__[key]
        self._empty_caches()

    # -- tree queries ------------------------------------------------------------------------
    @cached_property
    def body(self) -> Element | None:
        """The ``<body>`` element, if the parser made one."""
        return self.root.find("body")

    @cached_property
    def head(self) -> Element | None:
        """The ``<head>`` element, if the parser made one."""
        return self.root.find("head")

    @cached_property
    def ids(self) -> dict[str, list[Element]]:
        """Every id in the page → the elements that carry it, in document order."""
        return self._census[0]

    @cached_property
    def marked(self) -> list[tuple[Element, str, list[str]]]:
        """(element, tag, attribute names) of the elements with a tag of :data:`MARK_TAGS`, an attribute
        of :data:`MARK_ATTRS` or an ``aria-`` attribute, in document order (the root included)."""
        return self._census[1]

    @cached_property
    def langs(self) -> list[Element]:
        """The elements with a ``lang`` attribute, in document order."""
        return self._census[4]

    @cached_property
    def _census(self) -> tuple[dict[str, list[Element]], list[tuple[Element, str, list[str]]],
                               dict[Element, int], list[Element], list[Element]]:
        """One walk of the page for :attr:`ids`, :attr:`marked`, :attr:`order`, :attr:`classed` and :attr:`langs`
        (reading a few attributes of every element costs about a quarter of the parse; each
        full-tree XPath with a predicate as much or more)."""
        ids: dict[str, list[Element]] = {}
        marked: list[tuple[Element, str, list[str]]] = []
        order: dict[Element, int] = {}
        classed: list[Element] = []
        langs: list[Element] = []
        tags, attrs = MARK_TAGS, MARK_ATTRS
        for i, element in enumerate(self.root.iter(etree.Element)):
            keys = element.keys()
            if keys:
                tag = element.tag
                if "id" in keys:
                    order[element] = i
                    classed.append(element)
                    ident = element.get("id")
                    found = ids.get(ident)
                    if found is None:
                        ids[ident] = [element]
                    else:
                        found.append(element)
                elif "class" in keys:
                    classed.append(element)
                if "lang" in keys:
                    langs.append(element)
                if tag in tags or not attrs.isdisjoint(keys) or "aria-" in " ".join(keys):
                    # (kept: one string per name, where lxml makes a new one per call)
                    marked.append((element, intern(tag), list(map(intern, keys))))
                    order[element] = i
                elif tag == "label" or (tag == "a" and "name" in keys):
                    order[element] = i
            elif element.tag in tags:
                marked.append((element, intern(element.tag), keys))
                order[element] = i
        return ids, marked, _Order(order, self.root), classed, langs

    def by_id(self, ident: str) -> Element | None:
        """The first element with this id (as ``getElementById``), or None."""
        found = self.ids.get(ident)
        return found[0] if found else None

    @cached_property
    def names(self) -> dict[str, list[Element]]:
        """Values of ``<a name>`` → anchors, for fragment navigation."""
        index: dict[str, list[Element]] = {}
        for element in self.root.iter("a"):
            name = element.get("name")
            if name is not None:
                index.setdefault(name, []).append(element)
        return index

    @cached_property
    def order(self) -> dict[Element, int]:
        """Document order of every element (index into a pre-order walk). Indexed at first for the
        elements the checks compare (marked ones, those with an id, labels, named anchors): a page
        of millions of elements then needs no Python object for each."""
        return self._census[2]

    @cached_property
    def classed(self) -> list[Element]:
        """The elements with a ``class`` or an ``id``, in document order (the root included)."""
        return self._census[3]

    def memo(self, key: str, compute: Any) -> Any:
        """A per-document cache for facts a check module computes once (``compute()`` on a miss)."""
        value = self._cache.get(key, _MISSING)
        if value is _MISSING:
            value = self._cache[key] = compute()
        return value

    # -- URLs ----------------------------------------------------------------------------------
    @cached_property
    def url(self) -> str:
        """The document's own URL: as given, else its canonical link, else empty."""
        if self._url:
            return self._url
        for head in self.root.iter("head"):
            for link in head.iterchildren("link"):
                rel, href = link.get("rel"), link.get("href")
                if href is not None and rel and "canonical" in rel.lower().split():
                    return href.strip()
        return ""

    @cached_property
    def base_url(self) -> str:
        """The URL relative links resolve against (``<base href>`` over the document's URL)."""
        for base in self.root.iter("base"):
            href = base.get("href")
            if href is not None:
                return urljoin(self.url, href.strip())
        return self.url

    def fragment_target(self, href: str) -> str | None:
        """The decoded fragment of an in-page link, or None when ``href`` leaves the page."""
        href = href.strip()
        if href.startswith("#"):
            return unquote(href[1:])
        if "#" not in href or not self.url:
            return None
        resolved, fragment = urldefrag(urljoin(self.base_url, href))
        own, _ = urldefrag(self.url)
        return unquote(fragment) if resolved == own else None

    # -- positions and snippets ----------------------------------------------------------------
    def _tag_spans(self, tag: str) -> array[int] | None:
        """Start and end offsets, flat and in order, of the source's start tags named ``tag``.

        For the tags near a page's top (``<html>``, ``<meta>``) the source is tokenized only that far;
        for the others, whose lines were ambiguous (see :meth:`span`), it is tokenized whole, once.
        Arrays, not tuples: a page of 300 000 tags takes 5 MB here instead of 40.
        """
        index = self._cache.get("tags")
        if index is not None:
            return index.get(tag)
        early = self._cache.setdefault("early", {})
        if tag in _EARLY:
            if tag not in early:  # (the tree has one html, head and body: made from the first such tag)
                early[tag] = _start_tags(self._text, tag, first=tag in ("html", "head", "body"))
            return early[tag]
        index = self._cache["tags"] = _all_start_tags(self._text)
        return index.get(tag)

    def _lf_line(self, offset: int) -> int:
        """Line of an offset counting LF only, as libxml2's ``sourceline`` does."""
        lines = self._cache.get("lf")
        if lines is None:
            lines = self._cache["lf"] = LineBreaks(self.source.text)
        return lines.position(offset)[0]

    def _align(self, tag: str) -> tuple[dict[Element, int], array[int]]:
        """Match the tree's elements named ``tag`` to their start tags in the source: element → the
        index of its start tag among the tag's spans (start and end offsets, flat)."""
        flat = self._tag_spans(tag)
        if flat is None:
            flat = array("q")
        count = len(flat) // 2
        try:
            elements = list(self.root.iter(tag))
        except ValueError:  # a name lxml refuses as a query (control characters): compare instead
            elements = [el for el in self.root.iter() if el.tag == tag]
        if count == len(elements):
            return {element: k for k, element in enumerate(elements)}, flat
        mapping: dict[Element, int] = {}
        lf_line = self._lf_line
        j = 0
        for element in elements:
            line = element.sourceline
            if j >= count:
                break
            if line is None or line >= 65535:
                mapping[element] = j
                j += 1
                continue
            while j < count and lf_line(flat[2 * j + 1] - 1) < line:
                j += 1
            if j < count and lf_line(flat[2 * j]) <= line <= lf_line(flat[2 * j + 1] - 1):
                mapping[element] = j
                j += 1
        return mapping, flat

    def span(self, element: Element) -> tuple[int, int] | None:
        """(start, end) offsets of the element's start tag in the source, or None if implied.

        Found first on the element's own line (libxml2's ``sourceline``: where the start tag ends),
        by a query over that line alone; only when the line's start tags of that name and the tree's
        elements reported there disagree in number (a tag in a comment or script, an implied element,
        a tag over several lines) is the whole source tokenized, once, for that tag.
        """
        tag = element.tag
        if not isinstance(tag, str):
            return None
        aligned = self._positions.get(tag)
        if aligned is None:
            if tag not in _EARLY:
                found = self._span_on_line(element, tag)
                if found is not _UNSURE:
                    return found  # type: ignore[return-value]
            aligned = self._positions[tag] = self._align(tag)
        k = aligned[0].get(element)
        return None if k is None else (aligned[1][2 * k], aligned[1][2 * k + 1])

    def _span_on_line(self, element: Element, tag: str) -> tuple[int, int] | object:
        """The span of the element's start tag when its line alone tells it, else :data:`_UNSURE`."""
        line = element.sourceline
        if line is None or line >= _LINE_LIMIT:
            return _UNSURE
        by_line = self._lines.get(tag)
        if by_line is None:
            if self._has_cr:  # libxml2 counts lines by LF alone; the source by CR, LF and CRLF
                return _UNSURE
            try:
                by_line = self._lines[tag] = _ByLine(self.root.iter(tag))
            except ValueError:  # a name lxml refuses as a query (control characters)
                return _UNSURE
        on_line = self._on_line.get((tag, line))
        if on_line is None:
            begin, end = self.source.line_bounds(line)
            elements = by_line.on(line)
            starts = _line_start_tags(self._text, tag, begin, end)
            sure = len(starts) == len(elements)
            on_line = self._on_line[tag, line] = dict(zip(elements, starts, strict=True)) if sure else {}
        start = on_line.get(element)
        if start is None:
            return _UNSURE
        return start, _START_TAG.match(self._text, start).end()  # type: ignore[union-attr]

    @cached_property
    def _has_cr(self) -> bool:
        return "\r" in self._text

    def position(self, element: Element | None) -> tuple[int, int]:
        """1-based line and column of the element's start tag; 1:1 when it has none in the source."""
        span = self.span(element) if element is not None else None
        return self.source.position(span[0]) if span else (1, 1)

    def snippet(self, element: Element | None) -> str:
        """The element's start tag as written in the source (shortened when long)."""
        if element is None:
            return ""
        span = self.span(element)
        if span:
            text = self.source.text[span[0] : span[1]]
        else:
            attrs = "".join(f' {k}="{v}"' for k, v in element.attrib.items())
            text = f"<{element.tag}{attrs}>"
        text = " ".join(text.split())
        return text if len(text) <= _SNIPPET_MAX else text[: _SNIPPET_MAX - 1] + "…"

    def selector(self, element: Element | None) -> str:
        """A CSS path that selects the element (an id when it is unique). Each ancestor's path is
        worked out once: results on one page share most of theirs."""
        if element is None:
            return ""
        known = self._selectors
        steps: list[tuple[Element, str, bool]] = []  # (node, its part, whether the path starts there)
        path = ""
        node: Element | None = element
        while node is not None and isinstance(node.tag, str):
            found = known.get(node)
            if found is not None:
                path = found
                break
            ident = node.get("id")
            if ident and len(self.ids.get(ident, ())) == 1 and _SIMPLE_ID.match(ident):
                steps.append((node, f"#{ident}", True))
                break
            parent = node.getparent()
            if parent is None:
                steps.append((node, node.tag, True))
                break
            nth, count = self._nth_of_type(parent, node)
            steps.append((node, node.tag if count == 1 else f"{node.tag}:nth-of-type({nth})", False))
            node = parent
        for node, part, starts in reversed(steps):
            path = known[node] = part if starts or not path else f"{path} > {part}"
        return path

    def _nth_of_type(self, parent: Element, node: Element) -> tuple[int, int]:
        """(1-based position among siblings of its tag, number of such siblings), indexed once per parent."""
        table = self._siblings.get(parent)
        if table is None:
            positions: dict[Element, int] = {}
            counts: dict[str, int] = {}
            for child in parent.iterchildren(etree.Element):
                positions[child] = counts[child.tag] = counts.get(child.tag, 0) + 1
            table = self._siblings[parent] = (positions, counts)
        return table[0][node], table[1][node.tag]

    # -- text ----------------------------------------------------------------------------------
    @staticmethod
    def text(element: Element) -> str:
        """Whitespace-normalised text content of an element."""
        return " ".join("".join(element.itertext()).split())

    def elements(self, path: etree.XPath) -> Iterable[Element]:
        """Run a compiled XPath over the page."""
        return path(self.root)


def text_nodes(element: Element, skip: frozenset[str] = frozenset()) -> Iterator[tuple[str, Element]]:
    """The text nodes inside ``element`` (its tail aside), each with the element that holds it, in
    document order and lazily: a caller that stops at the first it wants walks no further. The content
    of elements named in ``skip`` is passed over (not their tails); a comment has none."""
    if not isinstance(element.tag, str):
        return
    if element.text:
        yield element.text, element
    stack = [(element, iter(element))]
    while stack:
        owner, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if stack and owner.tail:
                yield owner.tail, stack[-1][0]
        elif not isinstance(child.tag, str) or child.tag in skip:
            if child.tail:
                yield child.tail, owner
        else:
            if child.text:
                yield child.text, child
            stack.append((child, iter(child)))


class _ByLine:
    """The elements of one tag by ``sourceline``, read from the tree only as far as a question needs
    (lines grow in document order: the elements on a line are all read once a later line shows)."""

    __slots__ = ("_lines", "_rest", "_upto")

    def __init__(self, elements: Iterator[Element]) -> None:
        self._lines: dict[int | None, list[Element]] = {}
        self._rest = elements
        self._upto = 0  # every line before this one is complete

    def on(self, line: int) -> list[Element]:
        """The elements whose start tag ends on ``line``, in document order."""
        if line >= self._upto:
            lines = self._lines
            for node in self._rest:
                found = node.sourceline
                lines.setdefault(found, []).append(node)
                if found is not None and found > line:
                    self._upto = found
                    break
            else:
                self._upto = _LINE_LIMIT
        return self._lines.get(line, [])


class _Order(dict):  # type: ignore[type-arg]
    """Document order of some elements; asked for another, it indexes every element."""

    def __init__(self, partial: dict[Element, int], root: Element) -> None:
        super().__init__(partial)
        self._root: Element | None = root

    def _complete(self) -> None:
        if self._root is not None:
            self.update((el, i) for i, el in enumerate(self._root.iter(etree.Element)))
            self._root = None

    def __missing__(self, element: Element) -> int:
        if self._root is None:
            raise KeyError(element)
        self._complete()
        return self[element]

    def get(self, element: Element, default: Any = None) -> Any:
        if element not in self:
            self._complete()
        return super().get(element, default)

    def __contains__(self, element: object) -> bool:
        if not super().__contains__(element):
            self._complete()
        return super().__contains__(element)


_MISSING = object()
_UNSURE = object()
_LINE_LIMIT = 65535  # libxml2's sourceline saturates here
_SIMPLE_ID = re.compile(r"^[A-Za-z_][\w-]*$")
