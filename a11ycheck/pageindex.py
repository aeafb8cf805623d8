"""The page index: the elements the link and bypass checks look at, gathered in one walk of the page,
with the facts drawn from it (in-page links and their targets, headings, how a message names a link)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin

from .accname import accessible_name
from .aria import role
from .document import Document, Element
from .memo import MemoKey
from .visibility import is_programmatically_hidden

__all__ = ["LANDMARK_ROLES", "Jump", "PageIndex", "headings", "in_page_links", "landmarks", "link_label", "page_index"]

_HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_LANDMARK_TAGS = frozenset(["main", "nav", "aside", "header", "footer", "form", "section", "search"])
_FOCUS_TAGS = frozenset(["button", "input", "select", "textarea", "iframe", "summary"])
_EMBED_TAGS = frozenset(["iframe", "frame", "object", "embed"])
_BUTTON_INPUTS = frozenset(["button", "submit", "reset", "image"])
_CONTROL_ATTRS = frozenset(["onclick", "aria-expanded", "aria-controls"])
_WATCHED_TAGS = _HEADING_TAGS | _LANDMARK_TAGS | _FOCUS_TAGS | _EMBED_TAGS | {"a", "area", "audio", "video", "svg"}
_WATCHED_ATTRS = _CONTROL_ATTRS | {"role", "tabindex", "contenteditable"}
# Fragments that scroll to the top of the page when no element carries them (HTML's "top", and the
# "#0" of script placeholders).
_TOP_FRAGMENTS = frozenset(["top", "0"])


@dataclass(frozen=True, slots=True)
class Jump:
    """An in-page link: the link, its decoded fragment, its target (None when missing) and how many
    elements carry that id or name."""

    link: Element
    fragment: str
    target: Element | None
    count: int


@dataclass(slots=True)
class PageIndex:
    """The elements the link and bypass checks look at, gathered in one walk of the page, in order."""

    links: list[Element] = field(default_factory=list)  # a and area with href
    link_like: list[Element] = field(default_factory=list)  # links and [role]
    headings: list[Element] = field(default_factory=list)  # h1-h6 and [role]
    landmarks: list[Element] = field(default_factory=list)  # sectioning elements and [role]
    focusable: list[Element] = field(default_factory=list)  # elements that may take focus
    controls: list[Element] = field(default_factory=list)  # buttons, onclick, toggles, script links…
    leaving: list[Element] = field(default_factory=list)  # links and form[action]
    embedded: bool = False  # an iframe, frame, object or embed
    in_svg: set[Element] = field(default_factory=set)  # SVG elements (not HTML ones in foreignObject)


def _is_control(element: Element, tag: str, keys: list[str]) -> bool:
    """May collapse a block or move focus when activated, by its own markup or by a script."""
    if tag in ("button", "summary") or not _CONTROL_ATTRS.isdisjoint(keys):
        return True
    if tag == "input":
        return (element.get("type") or "").strip().lower() in _BUTTON_INPUTS
    if tag == "a" and "href" in keys:
        href = element.get("href", "").strip()
        return href == "#" or href.lower().startswith("javascript:") or ("#" in href and href[0] != "#")
    return ("tabindex" in keys and tag != "area") or (element.get("role") or "").lower().split()[:1] == ["button"]


_INDEX_KEY: MemoKey[PageIndex] = MemoKey("pageindex.index")
_LANDMARKS_KEY: MemoKey[list[tuple[Element, str]]] = MemoKey("pageindex.landmarks")
LANDMARK_ROLES = frozenset(["banner", "complementary", "contentinfo", "form", "main", "navigation", "region", "search"])


def page_index(doc: Document) -> PageIndex:
    """The :class:`PageIndex` of a page, computed once."""

    def compute() -> PageIndex:
        index = PageIndex()
        links, link_like, headings, landmarks = index.links, index.link_like, index.headings, index.landmarks
        focusable, controls, leaving = index.focusable, index.controls, index.leaving
        svgs = []
        for element, tag, keys in doc.marked:
            if tag not in _WATCHED_TAGS and _WATCHED_ATTRS.isdisjoint(keys):
                continue
            has_role = "role" in keys
            if (tag == "a" or tag == "area") and "href" in keys:
                links.append(element)
                leaving.append(element)
                link_like.append(element)
                focusable.append(element)
            else:
                if tag == "form" and "action" in keys:
                    leaving.append(element)
                if has_role:
                    link_like.append(element)
                if (
                    tag in _FOCUS_TAGS
                    or "tabindex" in keys
                    or "contenteditable" in keys
                    or (tag in ("audio", "video") and "controls" in keys)
                ):
                    focusable.append(element)
            if has_role or tag in _HEADING_TAGS:
                headings.append(element)
            if has_role or tag in _LANDMARK_TAGS:
                landmarks.append(element)
            if _is_control(element, tag, keys):
                controls.append(element)
            if tag in _EMBED_TAGS:
                index.embedded = True
            elif tag == "svg":
                svgs.append(element)
        for svg in svgs:
            html = {el for foreign in svg.iter("foreignobject") for el in foreign.iter()}
            index.in_svg.update(el for el in svg.iter() if el not in html)
        return index

    return doc.memo(_INDEX_KEY, compute)


def _fragment(doc: Document, href: str) -> tuple[str, str] | None:
    """The (raw, decoded) fragment of an in-page link, or None when the link leaves the page."""
    href = href.strip()
    # a <base href> elsewhere makes even "#x" leave the page
    if href.startswith("#") and doc.url and urldefrag(urljoin(doc.base_url, href))[0] != urldefrag(doc.url)[0]:
        return None
    decoded = doc.fragment_target(href)
    if decoded is None:
        return None
    return href.split("#", 1)[1], decoded


def _indicated(doc: Document, fragment: str) -> tuple[Element | None, int]:
    """HTML's indicated element: the first element with the id, else the first ``a`` with the name."""
    for index in (doc.ids, doc.names):
        found = index.get(fragment)
        if found:
            return found[0], len(found)
    return None, 0


_IN_PAGE_KEY: MemoKey[list[Jump]] = MemoKey("pageindex.in_page_links")


def in_page_links(doc: Document) -> list[Jump]:
    """Every link of semantic role ``link`` that points into the page itself, in document order.

    ``#``, hash-bang (``#!…``) and hash-route (``#/…``) links are no targets; ``#top`` and ``#0``
    only when an element carries that id or name (else they scroll to the top).
    """

    def compute() -> list[Jump]:
        jumps = []
        for link in page_index(doc).links:
            if "#" not in link.get("href", ""):
                continue
            fragments = _fragment(doc, link.get("href", ""))
            if fragments is None or role(doc, link) != "link":
                continue
            raw, decoded = fragments
            if not decoded or decoded[0] in "!/":
                continue
            target, count = _indicated(doc, raw)
            if target is None and raw != decoded:
                target, count = _indicated(doc, decoded)
            if target is None and decoded.lower() in _TOP_FRAGMENTS:
                continue
            jumps.append(Jump(link, decoded, target, count))
        return jumps

    return doc.memo(_IN_PAGE_KEY, compute)


def link_label(doc: Document, link: Element) -> str:
    """How a message names a link: its accessible name, else its text, else its href."""
    return accessible_name(doc, link) or doc.text(link) or link.get("href", "").strip()


_HEADINGS_KEY: MemoKey[list[Element]] = MemoKey("pageindex.headings")


def headings(doc: Document) -> list[Element]:
    """Elements of semantic role ``heading`` included in the accessibility tree, in document order."""

    def compute() -> list[Element]:
        index = page_index(doc)
        return [
            element
            for element in index.headings
            if element not in index.in_svg
            and role(doc, element) == "heading"
            and not is_programmatically_hidden(doc, element)
        ]

    return doc.memo(_HEADINGS_KEY, compute)


def landmarks(doc: Document) -> list[tuple[Element, str]]:
    """The landmarks of the page in the accessibility tree, with their roles, in document order."""

    def compute() -> list[tuple[Element, str]]:
        found = []
        for element in page_index(doc).landmarks:
            landmark = role(doc, element)
            if landmark in LANDMARK_ROLES and not is_programmatically_hidden(doc, element):
                found.append((element, landmark))
        return found

    return doc.memo(_LANDMARKS_KEY, compute)
