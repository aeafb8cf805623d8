"""The parsed page and the facts about it that rules share, each computed once and on demand.

The tree is the one a browser builds (:mod:`a11ycheck.parsing`: the HTML standard's tree construction,
scripting on, ``<noscript>`` and ``<template>`` empty), in lxml. Positions come from the decoded source
text: each element knows the start tag it was made from.
"""

from __future__ import annotations

import re
from functools import cached_property
from sys import intern
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar
from urllib.parse import unquote, urldefrag

from lxml import etree

from .parsing import Tree, build
from .source import Source
from .urls import join_url, parse_url

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from .fetch import FetchedPage
    from .localfiles import LocalFiles
    from .memo import MemoKey

Element: TypeAlias = etree._Element
T = TypeVar("T")

__all__ = ["Document", "Element", "text_nodes"]

_SNIPPET_MAX = 300
# The elements some check looks at, found in one walk of the page (see :attr:`Document.marked`): these
# tags, these attributes, and every attribute whose name holds "aria-". The check modules that read
# ``marked`` list what they need here (pageindex: watched tags and attributes; aria: owner and
# presentational tags; controls: form controls and summary).
MARK_TAGS = frozenset([
    "h1", "h2", "h3", "h4", "h5", "h6", "main", "nav", "aside", "header", "footer", "form", "section", "search",
    "button", "input", "select", "textarea", "iframe", "summary", "frame", "object", "embed", "a", "area",
    "audio", "video", "svg", "menu", "ol", "table", "tbody", "tfoot", "thead", "tr", "ul", "meter", "option",
    "progress",
])
MARK_ATTRS = frozenset(["role", "tabindex", "contenteditable", "onclick"])


class Document:
    """A page: its source, its tree, and lazily computed shared facts."""

    def __init__(self, source: Source, *, path: str | None = None, url: str | None = None,
                 root: Element | None = None, files: LocalFiles | None = None,
                 fetched: FetchedPage | None = None) -> None:
        self.source = source
        self.path = path
        self.files = files  # where the local files it names may be read (None: nowhere)
        self.fetched = fetched  # the page was fetched by URL: its same-origin style sheets may be too (None: never)
        self._tree: Tree | None = None  # None: a tree given, whose elements have no place in the source
        if root is None:
            self._tree = build(source.text)
            root = self._tree.root
        self.root = root
        self._url = url
        self._empty_caches()

    def _empty_caches(self) -> None:
        self._cache: dict[MemoKey[Any], Any] = {}
        self._siblings: dict[Element, tuple[dict[Element, int], dict[str, int]]] = {}
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
                    found = ids.get(ident)  # type: ignore[arg-type]  # "id" in keys: not None
                    if found is None:
                        ids[ident] = [element]  # type: ignore[index]  # "id" in keys: not None
                    else:
                        found.append(element)
                elif "class" in keys:
                    classed.append(element)
                if "lang" in keys:
                    langs.append(element)
                if tag in tags or not attrs.isdisjoint(keys) or "aria-" in " ".join(keys):
                    # (kept: one string per name, where lxml makes a new one per call)
                    marked.append((element, intern(tag), list(map(intern, keys))))  # type: ignore[arg-type]  # parsed HTML: a tag is a str
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

    def memo(self, key: MemoKey[T], compute: Callable[[], T]) -> T:
        """A per-document cache for facts a module computes once (``compute()`` on a miss)."""
        value = self._cache.get(key, _MISSING)
        if value is _MISSING:
            value = self._cache[key] = compute()
        return value

    # -- URLs ----------------------------------------------------------------------------------
    @cached_property
    def url(self) -> str:
        """The document's own URL: as given, else its canonical link, else empty (a malformed one is none)."""
        if self._url and parse_url(self._url) is not None:
            return self._url
        for link in self.head.iterchildren("link") if self.head is not None else ():
            rel, href = link.get("rel"), link.get("href")
            if href is not None and rel and "canonical" in rel.lower().split() and parse_url(href.strip()) is not None:
                return href.strip()
        return ""

    @cached_property
    def base_href(self) -> str | None:
        """The ``href`` of the first ``<base href>``, stripped (None: none): what the page's relative URLs
        resolve against, its local files' included (:mod:`a11ycheck.localfiles`, without :attr:`url`)."""
        for base in self.root.iter("base"):
            href = base.get("href")
            if href is not None:
                return href.strip()
        return None

    @cached_property
    def base_url(self) -> str:
        """The URL relative links resolve against (``<base href>`` over the document's URL)."""
        return self.url if self.base_href is None else join_url(self.url, self.base_href) or self.url

    def fragment_target(self, href: str) -> str | None:
        """The decoded fragment of an in-page link, or None when ``href`` leaves the page."""
        href = href.strip()
        if href.startswith("#"):
            return unquote(href[1:])
        if "#" not in href or not self.url:
            return None
        joined = join_url(self.base_url, href)
        if joined is None:
            return None
        resolved, fragment = urldefrag(joined)
        own, _ = urldefrag(self.url)
        return unquote(fragment) if resolved == own else None

    # -- positions and snippets ----------------------------------------------------------------
    def span(self, element: Element) -> tuple[int, int] | None:
        """(start, end) offsets of the element's start tag in the source, or None if implied."""
        return None if self._tree is None else self._tree.span(element, self.order)

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
            text = f"<{element.tag}{attrs}>"  # type: ignore[str-bytes-safe]  # parsed HTML: a tag is a str
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
                positions[child] = counts[child.tag] = counts.get(child.tag, 0) + 1  # type: ignore[index, arg-type]  # parsed HTML: a tag is a str
            table = self._siblings[parent] = (positions, counts)
        return table[0][node], table[1][node.tag]  # type: ignore[index]  # parsed HTML: a tag is a str

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


class _Order(dict[Element, int]):
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
_SIMPLE_ID = re.compile(r"^[A-Za-z_][\w-]*$")
