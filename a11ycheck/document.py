"""The parsed page and the facts about it that rules share, each computed once and on demand.

The tree is lxml's (libxml2's HTML parser, ``huge_tree`` on, no network). ``<noscript>`` and
``<template>`` content is emptied: a browser with scripting on renders neither. Positions come from
the decoded source text, not from lxml (whose ``sourceline`` saturates at 65535 and has no column).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin

from lxml import etree

from .source import Source

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

Element = etree._Element

__all__ = ["Document", "Element", "parse"]

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

# Tags in the source, as the HTML tokenizer sees them. Comments, doctypes and bogus comments match
# without a name; the content of raw-text elements is skipped by :func:`_scan`.
_TAG_RE = re.compile(
    r"<!--(?:-?>|.*?(?:--!?>|\Z))"
    r"|<[!?][^>]*>?"
    r"|</(?P<end>[a-zA-Z][^\s/>]*)[^>]*>?"
    r"|</[^>]*>?"
    r"|<(?P<name>[a-zA-Z][^\s/>]*)"
    r"""(?:[\s/]+|[^\s/>][^\s/>=]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*>?""",
    re.DOTALL,
)
# Elements whose content is text, not markup (noscript too: a browser with scripting on treats it so).
_RAW = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
        "template", "plaintext")
_RAW_END = {name: re.compile(rf"</{name}(?=[\s/>])", re.IGNORECASE) for name in _RAW}
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"))
# libxml2 stops parsing (and drops the rest of the page) past 2048 open elements even with huge_tree;
# a page nested deeper is parsed again with the start tags past 512 blanked out (Blink's own depth limit).
_MAX_DEPTH = 512
_SNIPPET_MAX = 300
_XP_EMPTY = etree.XPath("//noscript[node()] | //template[node()]")
_XP_IDS = etree.XPath("//*[@id]")


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
                yield end.lower(), True, match.start(), pos
            continue
        name = name.lower()
        yield name, False, match.start(), pos
        end_re = _RAW_END.get(name)
        if end_re is not None:
            close = end_re.search(text, pos)
            pos = close.start() if close else len(text)


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
    parts: list[str] = []
    last = 0
    for start, end in blank:
        parts.append(text[last:start])
        parts.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        last = end
    parts.append(text[last:])
    return "".join(parts)


_NOT_NEWLINE = re.compile(r"[^\r\n]")


def _parse_text(text: str) -> tuple[Element, str]:
    """Parse text; return the tree and the text it was parsed from (flattened when nested too deep)."""
    root = etree.fromstring(text.encode("utf-8", "surrogatepass"), _PARSER)
    if any(e.type_name == "ERR_RESOURCE_LIMIT" and "depth" in e.message for e in _PARSER.error_log):
        text = _flatten(text)
        root = etree.fromstring(text.encode("utf-8", "surrogatepass"), _PARSER)
    if root is None:  # only whitespace or comments
        root = etree.fromstring(b"<html></html>", _PARSER)
    for element in _XP_EMPTY(root):
        tail = element.tail
        element.clear()
        element.tail = tail
    return root, text


def parse(source: Source) -> Element:
    """Parse decoded text into an lxml tree whose root is ``<html>``."""
    return _parse_text(source.text)[0]


class Document:
    """A page: its source, its tree, and lazily computed shared facts."""

    def __init__(self, source: Source, *, path: str | None = None, url: str | None = None,
                 root: Element | None = None, site_root: str | None = None) -> None:
        self.source = source
        self.path = path
        self.site_root = site_root  # local folder that root-relative URLs resolve into (--root)
        if root is None:
            root, self._text = _parse_text(source.text)
        else:
            self._text = source.text
        self.root = root
        self._url = url
        self._positions: dict[str, dict[Element, tuple[int, int]]] = {}
        self._cache: dict[str, Any] = {}
        self._siblings: dict[Element, tuple[dict[Element, int], dict[str, int]]] = {}

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
        index: dict[str, list[Element]] = {}
        for element in _XP_IDS(self.root):
            index.setdefault(element.get("id"), []).append(element)
        return index

    def by_id(self, ident: str) -> Element | None:
        """The first element with this id (as ``getElementById``), or None."""
        found = self.ids.get(ident)
        return found[0] if found else None

    @cached_property
    def names(self) -> dict[str, list[Element]]:
        """Values of ``<a name>`` → anchors, for fragment navigation."""
        index: dict[str, list[Element]] = {}
        for element in self.root.iterfind(".//a[@name]"):
            index.setdefault(element.get("name"), []).append(element)
        return index

    @cached_property
    def order(self) -> dict[Element, int]:
        """Document order of every element (index into a pre-order walk)."""
        return {el: i for i, el in enumerate(self.root.iter(etree.Element))}

    def memo(self, key: str, compute: Any) -> Any:
        """A per-document cache for facts a check module computes once (``compute()`` on a miss)."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    # -- URLs ----------------------------------------------------------------------------------
    @cached_property
    def url(self) -> str:
        """The document's own URL: as given, else its canonical link, else empty."""
        if self._url:
            return self._url
        for link in self.root.iterfind(".//head/link[@rel][@href]"):
            if "canonical" in link.get("rel", "").lower().split():
                return link.get("href", "").strip()
        return ""

    @cached_property
    def base_url(self) -> str:
        """The URL relative links resolve against (``<base href>`` over the document's URL)."""
        base = self.root.find(".//base[@href]")
        if base is not None:
            return urljoin(self.url, base.get("href", "").strip())
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
    def _tag_index(self) -> dict[str, array[int]]:
        """Start tags of the source by lowercase name: start and end offsets, flat and in order.

        Arrays, not tuples: a page of 300 000 tags takes 5 MB here instead of 40.
        """
        index = self._cache.get("tags")
        if index is None:
            index = {}
            for name, is_end, start, end in _scan(self._text):
                if not is_end:
                    spans = index.get(name)
                    if spans is None:
                        spans = index[name] = array("q")
                    spans.append(start)
                    spans.append(end)
            self._cache["tags"] = index
        return index

    def _lf_line(self, offset: int) -> int:
        """Line of an offset counting LF only, as libxml2's ``sourceline`` does."""
        starts = self._cache.get("lf")
        if starts is None:
            text = self.source.text
            starts = [0]
            find = text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._cache["lf"] = starts
        return bisect_right(starts, offset)

    def _align(self, tag: str) -> dict[Element, tuple[int, int]]:
        """Match the tree's elements named ``tag`` to their start tags in the source."""
        flat = self._tag_index().get(tag)
        spans = list(zip(flat[0::2], flat[1::2], strict=True)) if flat else []
        try:
            elements = list(self.root.iter(tag))
        except ValueError:  # a name lxml refuses as a query (control characters): compare instead
            elements = [el for el in self.root.iter() if el.tag == tag]
        mapping: dict[Element, tuple[int, int]] = {}
        if len(spans) == len(elements):
            return dict(zip(elements, spans, strict=True))
        j = 0
        for element in elements:
            line = element.sourceline
            if j >= len(spans):
                break
            if line is None or line >= 65535:
                mapping[element] = spans[j]
                j += 1
                continue
            while j < len(spans) and self._lf_line(spans[j][1] - 1) < line:
                j += 1
            if j < len(spans) and self._lf_line(spans[j][0]) <= line <= self._lf_line(spans[j][1] - 1):
                mapping[element] = spans[j]
                j += 1
        return mapping

    def span(self, element: Element) -> tuple[int, int] | None:
        """(start, end) offsets of the element's start tag in the source, or None if implied."""
        tag = element.tag
        if not isinstance(tag, str):
            return None
        mapping = self._positions.get(tag)
        if mapping is None:
            mapping = self._positions[tag] = self._align(tag)
        return mapping.get(element)

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
        """A CSS path that selects the element (an id when it is unique)."""
        if element is None:
            return ""
        parts: list[str] = []
        node: Element | None = element
        while node is not None and isinstance(node.tag, str):
            ident = node.get("id")
            if ident and len(self.ids.get(ident, ())) == 1 and _SIMPLE_ID.match(ident):
                parts.append(f"#{ident}")
                break
            parent = node.getparent()
            if parent is None:
                parts.append(node.tag)
                break
            nth, count = self._nth_of_type(parent, node)
            parts.append(node.tag if count == 1 else f"{node.tag}:nth-of-type({nth})")
            node = parent
        return " > ".join(reversed(parts))

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


_SIMPLE_ID = re.compile(r"^[A-Za-z_][\w-]*$")
