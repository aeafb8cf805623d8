"""Bypass blocks (WCAG 2.4.1): skip links, headings, landmarks and collapsible blocks.

The ACT rules behind these checks speak of *repeated* content: blocks that also appear on a page this
one links to. A single static page cannot see those other pages, so the checks assume what the ACT
rules' own examples show: ``nav``, ``header``, ``footer``, ``aside`` (and the landmark roles they map
to) hold repeated content, the rest of the page is the page's own. They pass on what clearly bypasses
the blocks, fail only when no means exists at all, and ask for a review (cantTell) otherwise, on the
element to look at. The technique rules (collapsible blocks, skip links, landmarks) ask only while
``bypass`` cannot tell: once a skip link, a main landmark or a heading bypasses the blocks, whether
another technique also works changes nothing for the criterion.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..accname import accessible_name
from ..document import Document, Element, text_nodes
from ..memo import MemoKey
from ..pageindex import Jump, headings, in_page_links, landmarks, link_label, page_index
from ..urls import join_url, parse_url, split_url
from ..visibility import is_programmatically_hidden, is_rendered, is_visible, shows_text
from . import Finding, cant_tell, check, failed, passed

# onclick="location.assign('#main')", location.href = '#main', location.hash = 'main'
_SCRIPTED_JUMP_RE = re.compile(
    r"""location(?:\.href)?\s*=\s*['"]#([^'"]+)['"]"""
    r"""|location\.(?:assign|replace)\(\s*['"]#([^'"]+)['"]\s*\)"""
    r"""|location\.hash\s*=\s*['"]#?([^'"]+)['"]"""
)
_XML_SPACE = " \t\r\n"  # what XPath's normalize-space() strips
_NO_TEXT = frozenset(("script", "style", "template"))
_REPEATED = frozenset(["banner", "complementary", "contentinfo", "navigation", "search"])
_OWN = frozenset(["main", "region"])
_EMBEDDED = frozenset(["img", "svg", "video", "audio", "canvas", "iframe", "object", "embed", "input", "select",
                       "textarea", "button", "picture", "math"])
_TOGGLE_ATTR_RE = re.compile(r"^(?:popovertarget|commandfor|aria-controls|aria-expanded|data-.*(?:toggle|target))$")
_NOT_PAGES = ("mailto:", "tel:", "javascript:", "data:", "sms:")
# elements that draw something of their own, whatever their text (replaced elements and controls)
_DRAWN = ("img", "svg", "canvas", "video", "iframe", "object", "embed", "input", "select", "textarea", "meter",
          "progress")
# a declaration in a style attribute that may paint an empty element's own box
_BOX_PAINT_RE = re.compile(r"(?:^|;)\s*(?:border|background|outline|box-shadow)[a-z-]*\s*:\s*(?!none\b)", re.I)


def _counted(text: str | None, owner: Element) -> bool:
    """A text node that is not blank and not directly inside script, style or template."""
    return text is not None and owner.tag not in _NO_TEXT and bool(text.strip(_XML_SPACE))


def _text_owners(node: Element, *, within: bool) -> Iterator[Element]:
    """The elements holding the counted text nodes (see :func:`_counted`) in document order: those in
    ``node`` (when ``within``) and those after it — XPath's ``descendant::text()`` and
    ``following::text()``, but lazy: the walk stops where the caller stops asking."""
    if within:
        yield from _text_owners_in(node)
    while (parent := node.getparent()) is not None:
        if _counted(node.tail, parent):
            yield parent
        for sibling in node.itersiblings():
            yield from _text_owners_in(sibling)
            if _counted(sibling.tail, parent):
                yield parent
        node = parent


def _text_owners_in(element: Element) -> Iterator[Element]:
    """:func:`_text_owners` for the text inside one element (its tail aside)."""
    return (owner for text, owner in text_nodes(element) if _counted(text, owner))


def _perceivable(doc: Document, element: Element) -> bool:
    """ACT's perceivable content (for the text an element holds): visible or in the accessibility tree."""
    return is_visible(doc, element) or not is_programmatically_hidden(doc, element)


def _shows_something(doc: Document, element: Element) -> bool:
    """The element is *visible* in the ACT sense: it draws text or an embedded element that is visible, or
    its ``style`` attribute may paint its box (a border, a background; style sheets keep no such property)."""
    if any(_counted(text, owner) and shows_text(doc, owner) for text, owner in text_nodes(element, _NO_TEXT)):
        return True
    if any(is_visible(doc, drawn) for drawn in element.iter(*_DRAWN)):
        return True
    return _BOX_PAINT_RE.search(element.get("style") or "") is not None and is_visible(doc, element)


def _name(doc: Document, element: Element) -> str:
    return accessible_name(doc, element) or doc.text(element)


@dataclass
class _Page:
    """What the bypass checks share about a page, each fact computed on first use."""

    doc: Document
    landings: dict[Element, bool] = field(default_factory=dict)  # jump target → lands on own content

    @cached_property
    def landmarks(self) -> list[tuple[Element, str]]:
        """Landmarks in the accessibility tree, with their roles."""
        return landmarks(self.doc)

    @cached_property
    def repeated_blocks(self) -> set[Element]:
        """Landmarks assumed to hold repeated content (navigation, banner, contentinfo, complementary)."""
        return {element for element, landmark in self.landmarks if landmark in _REPEATED}

    def in_repeated_block(self, element: Element) -> bool:
        blocks = self.repeated_blocks
        return bool(blocks) and any(node in blocks for node in (element, *element.iterancestors()))

    @cached_property
    def own_heading(self) -> Element | None:
        """The first visible heading outside the blocks assumed repeated."""
        doc = self.doc
        return next((h for h in headings(doc) if is_visible(doc, h) and not self.in_repeated_block(h)), None)

    @cached_property
    def jumps(self) -> list[Jump]:
        """In-page links, and elements whose ``onclick`` sets the location to a fragment of the page."""
        doc = self.doc
        scripted = []
        for element in page_index(doc).controls:
            match = _SCRIPTED_JUMP_RE.search(element.get("onclick") or "")
            if match and is_rendered(doc, element):
                fragment = next(group for group in match.groups() if group)
                found = doc.ids.get(fragment) or doc.names.get(fragment) or []
                scripted.append(Jump(element, fragment, found[0] if found else None, len(found)))
        return sorted([*in_page_links(doc), *scripted], key=lambda jump: doc.order[jump.link])

    def lands_on_own_content(self, target: Element | None) -> bool:
        """The first text at or after a rendered target lies outside the blocks assumed repeated."""
        if target is None or not is_rendered(self.doc, target):
            return False
        if target not in self.landings:
            landing = next(_text_owners(target, within=True), None)
            self.landings[target] = landing is not None and not self.in_repeated_block(landing)
        return self.landings[target]

    @cached_property
    def skip_link(self) -> Jump | None:
        """The first jump forward to content outside the blocks assumed repeated."""
        order = self.doc.order
        return next(
            (
                jump
                for jump in self.jumps
                if jump.target is not None
                and order[jump.target] > order[jump.link]
                and self.lands_on_own_content(jump.target)
            ),
            None,
        )

    @cached_property
    def no_working_jump(self) -> bool:
        """Every jump is broken (missing or hidden target) or lands in a block assumed repeated."""
        return not any(self.lands_on_own_content(jump.target) for jump in self.jumps)

    @cached_property
    def leaving_link(self) -> Element | None:
        """The first link (or form) that leads to another page: a page that may repeat this one's blocks."""
        doc = self.doc
        own = split_url(doc.url) if doc.url else None
        for element in page_index(doc).leaving:
            href = (element.get("href") if element.tag != "form" else element.get("action")) or ""
            href = href.strip()
            if href.lower().startswith(_NOT_PAGES):
                continue
            joined = href if own is None else join_url(doc.base_url, href)
            there = parse_url(joined) if joined is not None else None
            if there is None:  # a malformed URL leads nowhere
                continue
            if own is None:
                if there.path or there.netloc:
                    return element
                continue
            if (there.netloc, there.path) != (own.netloc, own.path):
                return element
        return None

    @cached_property
    def instrument(self) -> Element | None:
        """The first element that may collapse a block or move focus when activated (scripted jumps,
        judged by their target, aside)."""
        judged = {jump.link for jump in self.jumps}
        return next(
            (el for el in page_index(self.doc).controls if el not in judged and is_rendered(self.doc, el)), None
        )

    @cached_property
    def own_content(self) -> Element | None:
        """The element holding the first perceivable text (visible or in the accessibility tree) after the
        first leaving link outside the blocks assumed repeated: the page's own content (None when an
        embedded document, whose content cannot be seen from here, belongs to the page)."""
        return self.own_content_from(self.leaving_link)

    def own_content_from(self, start: Element | None) -> Element | None:
        """The element holding the first perceivable text after ``start`` (not inside it) outside the blocks
        assumed repeated (None when there is none, or an embedded document belongs to the page)."""
        if start is None or page_index(self.doc).embedded:
            return None
        for owner in _text_owners(start, within=False):
            if _perceivable(self.doc, owner) and not self.in_repeated_block(owner):
                return owner
        return None

    @property
    def own_content_after_link(self) -> bool:
        """Some perceivable text follows the first leaving link outside the blocks assumed repeated."""
        return self.own_content is not None

    def own_content_after(self, start: Element | None) -> bool:
        """Some perceivable text follows ``start`` (not inside it) outside the blocks assumed repeated."""
        return self.own_content_from(start) is not None

    def starts_with_own_content(self, landmark: Element, kind: str) -> bool:
        """The landmark's first perceivable content may be the page's own content: a ``complementary``
        landmark may hold it (asides are only assumed repeated); a navigation, banner, contentinfo or search
        landmark, one whose first text lies in such a block (a ``main`` opening with the menu) and one with
        no text nor embedded content do not."""
        if kind == "complementary":
            return True
        if kind in _REPEATED:
            return False
        doc = self.doc
        first = next((owner for owner in _text_owners(landmark, within=True) if _perceivable(doc, owner)), None)
        if first is None:
            return any(isinstance(el.tag, str) and el.tag in _EMBEDDED for el in landmark.iter())
        return not self.in_repeated_block(first)

    @cached_property
    def own_landmark(self) -> tuple[Element, str] | None:
        """The first ``main`` or ``region`` landmark that starts with the page's own content (ACT b40fd1),
        not with a block assumed repeated."""
        return next(((el, kind) for el, kind in self.landmarks
                     if kind in _OWN and self.starts_with_own_content(el, kind)), None)

    @cached_property
    def no_landmark_for_own_content(self) -> bool:
        """The page's own content follows a link to another page, and no landmark in the accessibility tree
        can start with it (ACT b40fd1 fails)."""
        return self.own_content_after_link and not any(
            self.starts_with_own_content(el, kind) for el, kind in self.landmarks
        )

    @cached_property
    def first_repeated_block(self) -> Element | None:
        """The first landmark assumed to hold repeated content."""
        return next((element for element, landmark in self.landmarks if landmark in _REPEATED), None)

    @cached_property
    def repeated_start(self) -> Element | None:
        """Where the content assumed repeated begins: the first landmark assumed repeated or the first link
        to another page, whichever comes first (None when the page links to no other page)."""
        link, block = self.leaving_link, self.first_repeated_block
        if link is None or block is None:
            return link
        return block if self.doc.order[block] < self.doc.order[link] else link

    @cached_property
    def no_means(self) -> bool:
        """Nothing at all could bypass a block: no in-page link, landmark, heading or instrument, while
        the page's own content follows a link to another page."""
        return (
            not self.jumps
            and not headings(self.doc)
            and self.instrument is None
            and self.no_landmark_for_own_content
        )

    @cached_property
    def bypassed(self) -> bool:
        """A skip link, a main landmark or a heading marks the page's own content: the ``bypass`` rule
        passes, and whether another technique works too changes nothing for WCAG 2.4.1."""
        return self.skip_link is not None or self.own_landmark is not None or self.own_heading is not None

    def review(self) -> Finding:
        """A cantTell on the element a reviewer should look at (the page, when there is none)."""
        doc = self.doc
        if self.instrument is not None:
            return cant_tell(self.instrument, "review-control", tag=self.instrument.tag,
                             name=_name(doc, self.instrument))
        if self.jumps:
            jump = self.jumps[0]
            return cant_tell(jump.link, "review-link", text=link_label(doc, jump.link), id=jump.fragment)
        if self.landmarks:
            element, landmark = self.landmarks[0]
            return cant_tell(element, "review-landmark", tag=element.tag, landmark=landmark)
        return cant_tell(doc.root, "review")

    def technique_review(self) -> Iterator[Finding]:
        """A technique rule's review, only while ``bypass`` itself cannot tell: on a page that a skip
        link, a main landmark or a heading already lets users bypass, it would ask for nothing to fix."""
        if not self.bypassed:
            yield self.review()


_PAGE_KEY: MemoKey[_Page] = MemoKey("bypass.page")


def _page(doc: Document) -> _Page:
    return doc.memo(_PAGE_KEY, lambda: _Page(doc))


@check("bypass")
def bypass(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The page offers a way to bypass blocks of repeated content (ACT cf77f2)."""
    page = _page(doc)
    if page.skip_link is not None:
        jump = page.skip_link
        yield passed(doc.root, text=link_label(doc, jump.link), id=jump.fragment)
    elif page.own_landmark is not None:
        yield passed(doc.root, "landmark", landmark=page.own_landmark[1], tag=page.own_landmark[0].tag)
    elif page.own_heading is not None:
        yield passed(doc.root, "heading", heading=doc.text(page.own_heading))
    elif page.leaving_link is None:
        yield passed(doc.root, "single")
    elif page.no_means:
        yield failed(doc.root, "fail", link=link_label(doc, page.leaving_link))
    else:
        yield page.review()


@check("bypass-page")
def bypass_page(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """House rule: a page that links elsewhere marks its own content with a skip link, a main landmark or
    a heading; no review, unlike ACT cf77f2 (a menu button might collapse the blocks)."""
    page = _page(doc)
    if page.skip_link is not None or page.own_landmark is not None or page.own_heading is not None:
        yield passed(doc.root)
    elif page.leaving_link is not None:
        yield failed(doc.root, link=link_label(doc, page.leaving_link))


@check("bypass-skip-link")
def bypass_skip_link(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """An instrument moves focus to the page's own content after repeated content (ACT ye5d6e)."""
    page = _page(doc)
    if page.skip_link is not None:
        jump = page.skip_link
        yield passed(jump.link, text=link_label(doc, jump.link), id=jump.fragment)
    elif page.leaving_link is not None and page.no_working_jump and page.instrument is None \
            and page.own_content_after_link:
        link = link_label(doc, page.leaving_link)
        if page.jumps:
            jump = page.jumps[0]
            yield failed(jump.link, "misdirected", text=link_label(doc, jump.link), id=jump.fragment, link=link)
        else:
            yield failed(doc.root, "fail", link=link)
    else:
        yield from page.technique_review()


@check("bypass-heading")
def bypass_heading(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A visible heading in the accessibility tree is part of the page's own content after repeated content
    (ACT 047fe0): outside the blocks assumed repeated and after the first of them (or the first link to
    another page). A heading before all repeated content, or one that draws nothing, does not count; one
    that only a link to another page follows asks for a review (that link may be the page's own)."""
    page = _page(doc)
    start, leaving = page.repeated_start, page.leaving_link
    if start is None or leaving is None:  # (a start of repeated content implies a link to another page)
        yield passed(doc.root, "single")
        return
    order = doc.order
    own = [h for h in headings(doc) if not page.in_repeated_block(h)]
    after = [h for h in own if order[h] > order[start]]
    content_after = page.own_content_after(start)
    # (with nothing of its own after the repeated content, a page passes on any heading of its own, as before)
    shown = next((h for h in (after if content_after else own) if _shows_something(doc, h)), None)
    if shown is not None:
        yield passed(shown, heading=doc.text(shown))
    elif content_after:
        link = link_label(doc, leaving)
        if after:
            yield failed(after[0], "invisible", heading=_name(doc, after[0]), link=link)
        elif own and start is page.first_repeated_block:
            yield failed(own[0], "before", heading=_name(doc, own[0]), tag=start.tag, link=link)
        elif own:  # only a link to another page precedes them: is anything before them repeated?
            yield cant_tell(own[0], "before-link", heading=_name(doc, own[0]), link=link)
        else:
            yield failed(doc.root, "in-repeated" if headings(doc) else "fail", link=link)
    else:
        yield cant_tell(leaving, "cantTell", link=link_label(doc, leaving))


@check("bypass-landmark")
def bypass_landmark(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A landmark starts with the page's own content after repeated content (ACT b40fd1)."""
    page = _page(doc)
    if page.leaving_link is None:
        yield passed(doc.root, "single")
    elif page.own_landmark is not None:
        element, landmark = page.own_landmark
        yield passed(element, landmark=landmark, tag=element.tag)
    elif (own := page.own_content) is not None and page.no_landmark_for_own_content:
        link = link_label(doc, page.leaving_link)
        if not page.landmarks:
            yield failed(doc.root, "fail", link=link)
        else:
            names = ", ".join(dict.fromkeys(kind for _, kind in page.landmarks))
            yield failed(doc.root, "outside", link=link, tag=own.tag, text=doc.text(own)[:60], landmarks=names)
    else:
        yield from page.technique_review()


def _runs_scripts(doc: Document) -> bool:
    """The page may run a script: a ``script`` element of a script type, an event handler attribute, or a
    ``javascript:`` URL."""
    for element in doc.root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "script":
            kind = (element.get("type") or "").strip().lower()
            if kind in ("", "module") or "javascript" in kind or "ecmascript" in kind:
                return True
        for name, value in element.attrib.items():
            if name.startswith("on") or value.strip().lower().startswith("javascript:"):
                return True
    return False


def _collapses_natively(doc: Document, page: _Page) -> bool:
    """Without scripts, what HTML and CSS alone may hide a block with: a ``details`` summary, a popover or
    command button, a checkbox or radio button (CSS ``:checked``), a link to a fragment (CSS ``:target``);
    and a control marked for a script (``aria-controls``, ``aria-expanded``, ``data-…toggle``), whose
    script the page may get elsewhere."""
    if page.jumps:
        return True
    for element in page_index(doc).controls:
        if element.tag == "summary" or "#" in (element.get("href") or ""):
            return True
        if any(_TOGGLE_ATTR_RE.match(name) for name in element.attrib):
            return True
    return any(
        (element.get("type") or "").strip().lower() in ("checkbox", "radio") for element in doc.root.iter("input")
    )


@check("bypass-collapsible")
def bypass_collapsible(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Blocks of repeated content before the page's own content can be collapsed (ACT 3e12e1)."""
    page = _page(doc)
    if page.leaving_link is None:
        yield passed(doc.root)
    elif page.instrument is None and page.own_content_after_link:
        yield failed(doc.root, "fail", link=link_label(doc, page.leaving_link))
    elif (
        page.instrument is not None
        and page.own_content_after_link
        and not _runs_scripts(doc)
        and not _collapses_natively(doc, page)
    ):
        instrument = page.instrument
        yield failed(instrument, "no-script", tag=instrument.tag, name=_name(doc, instrument),
                     link=link_label(doc, page.leaving_link))
    else:
        yield from page.technique_review()
