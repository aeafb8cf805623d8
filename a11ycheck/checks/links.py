"""Links: in-page link targets, skip links, and link and heading names."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any

from ..accname import accessible_name
from ..aria import role
from ..axtree import is_exposed
from ..document import Document, Element
from ..images import image_label, only_image
from ..pageindex import Jump, headings, in_page_links, link_label, page_index
from ..ruleset import load_rules
from ..visibility import is_programmatically_hidden, is_rendered, is_tabbable
from . import Finding, cant_tell, check, failed, passed

_LINK_ROLES = frozenset(["link", "doc-backlink", "doc-biblioref", "doc-glossref", "doc-noteref"])
# A link with a script hook may make or show its target itself (a disclosure, a tab, a gallery).
_SCRIPT_HOOK_RE = re.compile(r"^on|^aria-(?:controls|expanded)$|^data-.*(?:toggle|trigger|action|target)")


def _target_problem(doc: Document, jump: Jump) -> str | None:
    """Why an in-page link leads nowhere: its target is missing or hidden; None when it works (a shared
    id leads to its first element: duplicate-id reports the sharing)."""
    link, target = jump.link, jump.target
    if target is not None and is_rendered(doc, target):
        return None
    if target is not None and jump.fragment in (link.get("aria-controls") or "").split():
        return None  # a disclosure that declares it shows its hidden target
    scripted = any(_SCRIPT_HOOK_RE.match(name) for name in link.attrib)
    return ("hidden" if target is not None else "missing") + ("-scripted" if scripted else "")


_WORD_RE = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def _names_action(fragment: str, words: frozenset[str]) -> bool:
    """The fragment's first word (``#closeShare``, ``#share-more``, ``#print``) is one of ``words``."""
    found = _WORD_RE.search(fragment)
    return found is not None and found.group().casefold() in words


@cache
def _skip_phrases() -> tuple[str, ...]:
    """The phrases that name a skip link: skip-link-position's (to the content, the navigation…) and
    skip-link-section's (past the next section), from their rule files."""
    rules = load_rules()
    return (*rules["skip-link-position"].options["phrases"], *rules["skip-link-section"].options["section_phrases"])



@check("link-target")
def link_target(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A rendered skip link's target exists and is rendered (WCAG 2.4.1). Another in-page link to nowhere
    fails no criterion and its target may come from a script: a review; one whose fragment names what a
    script does (``#close``, ``#print``, ``#temp``) is a script hook, not checked."""
    actions = frozenset(word.casefold() for word in options.get("action-words", ()))
    for jump in in_page_links(doc):
        if not is_rendered(doc, jump.link):
            continue  # nobody can follow it
        label = link_label(doc, jump.link)
        skip = _matches(label, _skip_phrases())
        if _names_action(jump.fragment, actions) and not skip:
            continue
        problem = _target_problem(doc, jump)
        data = {"id": jump.fragment, "text": label}
        if problem is None:
            yield passed(jump.link, **data)
        elif problem.endswith("-scripted"):
            yield cant_tell(jump.link, problem, **data)
        elif skip:
            yield failed(jump.link, problem, **data)
        else:
            yield cant_tell(jump.link, f"{problem}-link", **data)


# -- skip links --------------------------------------------------------------------------------


@cache
def _phrase_re(phrases: Sequence[str]) -> re.Pattern[str]:
    """A case-insensitive pattern matching any phrase at the start of a link name."""
    words = sorted((" ".join(p.split()) for p in phrases if p.strip()), key=len, reverse=True)
    return re.compile(r"^\W*(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b", re.I)


def _matches(name: str, phrases: Sequence[str]) -> bool:
    return bool(phrases) and _phrase_re(tuple(phrases)).search(name) is not None


def _skip_links(doc: Document, phrases: Sequence[str]) -> list[Jump]:
    """In-page links whose name starts with one of the phrases."""
    return [jump for jump in in_page_links(doc) if _matches(link_label(doc, jump.link), phrases)]


def _late(doc: Document, link: Element, skip: set[Element], limit: int) -> bool:
    """True when ``limit`` or more tabbable elements, skip links aside, come before ``link``."""
    before = 0
    for element in page_index(doc).focusable:
        if element is link:
            return False
        if element not in skip and is_tabbable(doc, element):
            before += 1
            if before >= limit:
                return True
    return False


def _reachable(doc: Document, link: Element) -> bool:
    return is_rendered(doc, link) and not (link.get("tabindex") or "").strip().startswith("-")


@check("skip-link-position")
def skip_link_position(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A skip-to-content link is reachable, among the first focusable elements, and jumps forward."""
    page = _skip_links(doc, options.get("phrases", ()))
    limit = int(options.get("max_position", 3))
    skip = {jump.link for jump in page}
    order = doc.order
    reachable = [jump for jump in page if _reachable(doc, jump.link)]
    for jump in page:
        data: dict[str, Any] = {"text": link_label(doc, jump.link), "id": jump.fragment, "limit": limit}
        if jump not in reachable:
            if not reachable:  # a hidden copy (in a sticky bar, say) of a working skip link is no fault
                yield failed(jump.link, "not-focusable", **data)
        elif _late(doc, jump.link, skip, limit):
            yield failed(jump.link, "late", **data)
        elif jump.target is not None and order[jump.target] < order[jump.link]:
            yield failed(jump.link, "backwards", **data)
        else:
            yield passed(jump.link, **data)


def _skipped_section(link: Element) -> Element | None:
    """The block a section skip link stands before: the next element after it (or after the
    nearest ancestor that has one)."""
    for node in (link, *link.iterancestors()):
        following = node.getnext()
        while following is not None and not isinstance(following.tag, str):
            following = following.getnext()
        if following is not None:
            return following
    return None


@check("skip-link-section")
def skip_link_section(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A "skip next section" link lands after the section it skips (missing targets: link-target)."""
    section = _skip_links(doc, options.get("section_phrases", ()))
    order = doc.order
    for jump in section:
        target = jump.target
        if target is None:
            continue
        data = {"text": link_label(doc, jump.link), "id": jump.fragment}
        skipped = _skipped_section(jump.link)
        if order[target] < order[jump.link]:
            yield failed(jump.link, "backwards", **data)
        elif skipped is not None and (target is skipped or skipped in set(target.iterancestors())):
            yield failed(jump.link, "inside", section=skipped.tag, **data)
        else:
            yield passed(jump.link, **data)


# -- names ---------------------------------------------------------------------------------------


@check("link-name")
def link_name(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Each link in the accessibility tree has a non-empty accessible name (ACT c487ae). A link made of
    images only is named by them: its failure names the image (image-alt leaves that image to it)."""
    index = page_index(doc)
    for element in index.link_like:
        if element in index.in_svg or role(doc, element) not in _LINK_ROLES or is_programmatically_hidden(doc, element):
            continue
        name = accessible_name(doc, element)
        href = element.get("href")
        if name:
            yield passed(element, name=name)
        elif href is None:
            yield failed(element, "no-href", tag=element.tag, role=role(doc, element))
        elif element.tag == "area":
            yield failed(element, "area", href=href)
        elif (image := only_image(element)) is not None:
            yield failed(element, "image", href=href, file=image_label(image))
        else:
            yield failed(element, href=href)


@check("heading-name")
def heading_name(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Each heading in the accessibility tree has a non-empty accessible name (ACT ffd0e9). A heading inside an
    element whose children are presentational (a button, ``role="img"``) is part of that element's content, not
    a node of the tree with a role of its own: the rule does not apply to it."""
    for element in headings(doc):
        if not is_exposed(doc, element):
            continue
        name = accessible_name(doc, element)
        tag = element.tag if element.tag[1:].isdigit() else f'{element.tag} role="heading"'  # type: ignore[index, str-bytes-safe]  # parsed HTML: a tag is a str
        yield passed(element, name=name) if name else failed(element, tag=tag)
