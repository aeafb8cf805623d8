"""The parsed page and the facts about it that rules share, each computed once and on demand.

The tree is lxml's (libxml2's HTML parser, ``huge_tree`` on, no network). ``<noscript>`` and
``<template>`` content is emptied: a browser with scripting on renders neither. Positions come from
the decoded source text, not from lxml (whose ``sourceline`` saturates at 65535 and has no column).
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin

from lxml import etree

from .source import Source

if TYPE_CHECKING:
    from collections.abc import Iterable

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

# Start tags in the source, in document order. Comments, raw-text elements and the content of
# noscript/template are skipped as a whole (their own start tag is still recorded).
_RAW = "script|style|textarea|title|xmp|iframe|noembed|noscript|template"
_TAG_RE = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<[!?][^>]*>?"
    r"|</[^>]*>?"
    r"|<(?P<name>[a-zA-Z][^\s/>\x00]*)(?P<attrs>(?:[^>\"']+|\"[^\"]*\"|'[^']*')*)>?",
    re.DOTALL,
)
_RAW_END = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in _RAW.split("|")}
_SNIPPET_MAX = 300
_XP_EMPTY = etree.XPath("//noscript[node()] | //template[node()]")
_XP_IDS = etree.XPath("//*[@id]")


def parse(source: Source) -> Element:
    """Parse decoded text into an lxml tree whose root is ``<html>``."""
    root = etree.fromstring(source.text.encode("utf-8", "surrogatepass"), _PARSER)
    if root is None:  # only whitespace or comments
        root = etree.fromstring(b"<html></html>", _PARSER)
    for element in _XP_EMPTY(root):
        tail = element.tail
        element.clear()
        element.tail = tail
    return root


class Document:
    """A page: its source, its tree, and lazily computed shared facts."""

    def __init__(self, source: Source, *, path: str | None = None, url: str | None = None,
                 root: Element | None = None, site_root: str | None = None) -> None:
        self.source = source
        self.path = path
        self.site_root = site_root  # local folder that root-relative URLs resolve into (--root)
        self.root = parse(source) if root is None else root
        self._url = url
        self._positions: dict[str, dict[Element, tuple[int, int]]] = {}
        self._cache: dict[str, Any] = {}

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
    def _tag_index(self) -> dict[str, list[tuple[int, int]]]:
        """Start tags of the source by lowercase name: (start offset, end offset), in order."""
        index = self._cache.get("tags")
        if index is not None:
            return index
        index = {}
        text = self.source.text
        pos = 0
        search = _TAG_RE.search
        while True:
            match = search(text, pos)
            if match is None:
                break
            pos = match.end()
            name = match.group("name")
            if name is None:
                continue
            name = name.lower()
            index.setdefault(name, []).append((match.start(), pos))
            end_re = _RAW_END.get(name)
            if end_re is not None:
                close = end_re.search(text, pos)
                pos = close.end() if close else len(text)
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
        from bisect import bisect_right

        return bisect_right(starts, offset)

    def _align(self, tag: str) -> dict[Element, tuple[int, int]]:
        """Match the tree's elements named ``tag`` to their start tags in the source."""
        spans = self._tag_index().get(tag, [])
        elements = [el for el in self.root.iter(tag)]
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
            same = [s for s in parent.iterchildren(node.tag)]
            parts.append(node.tag if len(same) == 1 else f"{node.tag}:nth-of-type({same.index(node) + 1})")
            node = parent
        return " > ".join(reversed(parts))

    # -- text ----------------------------------------------------------------------------------
    @staticmethod
    def text(element: Element) -> str:
        """Whitespace-normalised text content of an element."""
        return " ".join("".join(element.itertext()).split())

    def elements(self, path: etree.XPath) -> Iterable[Element]:
        """Run a compiled XPath over the page."""
        return path(self.root)


_SIMPLE_ID = re.compile(r"^[A-Za-z_][\w-]*$")
