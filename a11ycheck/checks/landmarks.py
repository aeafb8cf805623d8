"""Landmark structure (best practices, axe-core's ``landmark-*`` and ``region`` rules): one main landmark, no
duplicate banner, contentinfo or main, the top-level landmarks not nested in others, landmarks of one role told apart
by name, and the page's content inside landmarks.

A landmark is an element in the accessibility tree whose semantic role is a landmark role (``header`` and
``footer`` inside sectioning content, an unnamed ``section`` or ``form`` are none). Each rule of several
findings reports the duplicates once, on the first, naming where the others are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ..accname import accessible_name
from ..aria import role
from ..document import Document, Element
from ..pageindex import LANDMARK_ROLES, in_page_links, landmarks, page_index
from ..places import places, where
from ..visibility import is_programmatically_hidden
from . import Finding, check, failed, passed

# What may stand outside landmarks (axe-core's region rule): live regions, dialogs, buttons, SVG, and frames (whose
# content is another page's).
_LIVE_ROLES = frozenset(["alert", "log", "status"])
_REGION_LIKE_TAGS = frozenset(["dialog", "svg", "iframe", "frame"])
_REGION_LIKE_ROLES = frozenset(["button", "dialog", "alertdialog"]) | _LIVE_ROLES | LANDMARK_ROLES
# Content of its own (axe-core's has-content, not counting descendants): visual elements and roles, and text.
_VISUAL_TAGS = frozenset(["img", "iframe", "object", "video", "audio", "canvas", "svg", "math", "button", "select",
                          "textarea", "keygen", "progress", "meter"])
_VISUAL_ROLES = frozenset(["checkbox", "img", "meter", "progressbar", "scrollbar", "radio", "slider", "spinbutton",
                           "textbox"])
# Elements that draw nothing but are no hidden content either (browsers give them no display: none): one in a block
# does not keep the block from widening.
_DRAWN_NOTHING = frozenset(["source", "track"])
_NO_TEXT = frozenset(["head", "title", "template", "script", "style", "iframe", "object", "video", "audio",
                      "noscript"])


def _enclosing(doc: Document, element: Element, kind: str) -> Element | None:
    """The nearest landmark around ``element`` (a form only by an explicit role, as axe-core reads it), or
    None; a complementary landmark may sit in the main one."""
    for ancestor in element.iterancestors():
        found = role(doc, ancestor)
        if ancestor.tag == "form" and ancestor.get("role") is None:
            continue
        if found in LANDMARK_ROLES and not (found == "main" and kind == "complementary"):
            return ancestor
    return None


def _top_level(kind: str) -> Callable[[Document, Mapping[str, Any]], Iterator[Finding]]:
    def run(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for element, landmark in landmarks(doc):
            if landmark != kind:
                continue
            outer = _enclosing(doc, element, kind)
            if outer is None:
                yield passed(element, tag=element.tag)
            else:
                yield failed(element, tag=element.tag, outer=where(doc, outer), outer_role=role(doc, outer))

    run.__doc__ = f"A {kind} landmark is not inside another landmark (axe-core landmark-{kind}-is-top-level)."
    return run


for _kind in ("banner", "contentinfo", "main", "complementary"):
    check(f"landmark-{_kind}-is-top-level")(_top_level(_kind))


def _no_duplicate(kind: str) -> Callable[[Document, Mapping[str, Any]], Iterator[Finding]]:
    def run(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        found = [element for element, landmark in landmarks(doc) if landmark == kind]
        if len(found) == 1:
            yield passed(found[0], tag=found[0].tag)
        elif found:
            others = places(doc, found[1:])
            yield failed(found[0], tag=found[0].tag, count=len(found), others=others)

    run.__doc__ = f"The page has at most one {kind} landmark (axe-core landmark-no-duplicate-{kind})."
    return run


for _kind in ("banner", "contentinfo", "main"):
    check(f"landmark-no-duplicate-{_kind}")(_no_duplicate(_kind))


@check("landmark-one-main")
def landmark_one_main(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The page has a main landmark (axe-core landmark-one-main)."""
    if doc.root.tag != "html":
        return
    main = next((element for element, landmark in landmarks(doc) if landmark == "main"), None)
    yield failed(doc.root) if main is None else passed(doc.root, where=where(doc, main))


@check("landmark-unique")
def landmark_unique(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Landmarks of one role have different accessible names (axe-core landmark-unique); a group of the same
    role and name fails once, on its first."""
    groups: dict[tuple[str, str], list[Element]] = {}
    for element, landmark in landmarks(doc):
        name = " ".join(accessible_name(doc, element).split()).lower()
        groups.setdefault((landmark, name), []).append(element)
    for (landmark, name), elements in groups.items():
        first = elements[0]
        if len(elements) == 1:
            yield passed(first, tag=first.tag, role=landmark)
        else:
            others = places(doc, elements[1:])
            yield failed(first, "named" if name else "fail", tag=first.tag, role=landmark, name=name, others=others)


def _region_like(doc: Document, element: Element, skip_links: set[Element]) -> bool:
    """A landmark, live region, dialog, button, SVG or frame, a working skip link, or hidden: what may stand
    outside landmarks."""
    if element.tag in _REGION_LIKE_TAGS or element in skip_links:
        return True
    if (element.get("aria-live") or "").strip().lower() in ("assertive", "polite"):
        return True
    if role(doc, element) in _REGION_LIKE_ROLES:
        return True
    return element.tag not in _DRAWN_NOTHING and is_programmatically_hidden(doc, element)


def _own_content(doc: Document, element: Element) -> bool:
    """Text of its own, a visual element or role, or an ARIA label (axe-core's has-content without descendants),
    and not an empty presentational wrapper."""
    tag = element.tag
    text = tag not in _NO_TEXT and (
        bool((element.text or "").strip()) or any((child.tail or "").strip() for child in element)
    )
    explicit = (element.get("role") or "").strip().lower().split()[:1]
    if explicit:
        visual = explicit[0] in _VISUAL_ROLES
    else:
        visual = tag in _VISUAL_TAGS or (tag == "input" and (element.get("type") or "").strip().lower() != "hidden")
    labelled = bool((element.get("aria-label") or "").strip() or (element.get("aria-labelledby") or "").strip())
    if not (text or visual or labelled):
        return False
    return text or role(doc, element) not in ("none", "presentation")


def _skip_links(doc: Document) -> set[Element]:
    """In-page links to an existing target that come before the first link to another page."""
    jumps = {jump.link for jump in in_page_links(doc) if jump.target is not None}
    links = page_index(doc).links
    first_away = next((link for link in links if link not in jumps
                       and not link.get("href", "").strip().lower().startswith("javascript:")), None)
    if first_away is None:
        return jumps
    limit = doc.order[first_away]
    return {link for link in jumps if doc.order[link] < limit}


def outside_landmarks(doc: Document) -> list[Element]:
    """The outermost blocks of content outside every landmark, in document order (axe-core's region rule): each
    element with content of its own outside landmarks, widened to its largest ancestor below ``body`` that holds
    no landmark (nor anything else that may stand outside one)."""
    body = doc.body
    if body is None:
        return []
    skip_links = _skip_links(doc)
    holds_region: set[Element] = set()
    found: list[Element] = []
    stack = [child for child in reversed(body) if isinstance(child.tag, str)]
    while stack:
        element = stack.pop()
        if _region_like(doc, element, skip_links):
            node: Element | None = element
            while node is not None and node not in holds_region:
                holds_region.add(node)
                node = node.getparent()
        elif _own_content(doc, element):
            found.append(element)
        else:
            stack.extend(child for child in reversed(element) if isinstance(child.tag, str))
    blocks: dict[Element, None] = {}
    for element in found:
        parent = element.getparent()
        while parent is not None and parent is not body and parent not in holds_region:
            element, parent = parent, parent.getparent()
        blocks.setdefault(element)
    return list(blocks)


@check("region")
def region(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The page's content lies inside landmarks (axe-core region): one finding per page, on the first block outside
    them, naming the others."""
    if doc.body is None:
        return
    blocks = outside_landmarks(doc)
    if not blocks:
        yield passed(doc.root)
        return
    yield failed(blocks[0], "fail" if len(blocks) > 1 else "one", tag=blocks[0].tag, count=len(blocks),
                 others=places(doc, blocks[1:]))
