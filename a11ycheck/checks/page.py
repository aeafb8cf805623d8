"""Page basics: title, language, unique ids, and the ``meta`` viewport and refresh pragmas."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from lxml import etree

from ..accname import accessible_name
from ..document import Document, Element
from ..lang import has_known_primary_language, primary_subtag
from ..memo import MemoKey
from ..pageindex import in_page_links
from ..visibility import is_programmatically_hidden, is_visible
from . import Finding, cant_tell, check, failed, passed

_XP_TITLE = etree.XPath("(//title[not(ancestor::svg) and not(ancestor::math)])[1]")
_ASCII_WHITESPACE = " \t\n\f\r"
# Elements whose text is never rendered nor exposed as text.
_NO_TEXT = frozenset(["script", "style", "template", "noscript", "title", "desc"])
# Attributes that can give an element an accessible name or description.
_NAMING = ("alt", "aria-label", "aria-labelledby", "title", "aria-description", "aria-describedby", "placeholder",
           "value")


@check("document-title")
def document_title(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The page has a ``title`` element with non-whitespace text (ACT 2779a5)."""
    if doc.root.tag != "html":
        return
    in_head = doc.head.find("title") if doc.head is not None else None
    found = [in_head] if in_head is not None else _XP_TITLE(doc.root)
    if not found:
        yield failed(doc.root, "missing")
    elif not "".join(found[0].itertext()).strip():
        yield failed(found[0], "empty")
    else:
        yield passed(found[0], title=doc.text(found[0]))


# -- language -------------------------------------------------------------------------------------


def _lang_problem(value: str) -> tuple[str, dict[str, str]] | None:
    """Why a ``lang`` value has no known primary language subtag (message key and data), or None."""
    if has_known_primary_language(value):
        return None
    tag = value.strip(_ASCII_WHITESPACE)
    if "_" in tag and has_known_primary_language(tag.replace("_", "-")):
        return "underscore", {"lang": value, "suggestion": tag.replace("_", "-")}
    primary = primary_subtag(value)
    if primary is None:
        return "no_subtag", {"lang": value}
    return "unknown", {"lang": value, "primary": primary}


@check("html-has-lang")
def html_has_lang(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The ``html`` element has a ``lang`` attribute that is not empty or whitespace (ACT b5c3f8)."""
    html = doc.root
    if html.tag != "html":
        return
    lang = html.get("lang")
    if lang is None:
        xml_lang = html.get("xml:lang")
        if xml_lang is not None:
            yield failed(html, "xml_lang_only", xml_lang=xml_lang)
        else:
            yield failed(html, "missing")
    elif not lang.strip(_ASCII_WHITESPACE):
        yield failed(html, "empty")
    else:
        yield passed(html, lang=lang)


@check("html-lang-valid")
def html_lang_valid(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The ``lang`` of the ``html`` element has a known primary language subtag (ACT bf051a)."""
    html = doc.root
    lang = html.get("lang") if html.tag == "html" else None
    if lang is None or not lang.strip(_ASCII_WHITESPACE):
        return
    problem = _lang_problem(lang)
    yield passed(html, lang=lang) if problem is None else failed(html, problem[0], **problem[1])


@check("html-xml-lang-mismatch")
def html_xml_lang_mismatch(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """``lang`` and ``xml:lang`` of the ``html`` element have the same primary subtag (ACT 5b7ae0)."""
    html = doc.root
    if html.tag != "html":
        return
    lang, xml_lang = html.get("lang"), html.get("xml:lang")
    if lang is None or not xml_lang or not has_known_primary_language(lang):
        return
    primary, xml_primary = primary_subtag(lang), primary_subtag(xml_lang)
    if xml_primary is None:
        yield cant_tell(html, "xml_unreadable", lang=lang, xml_lang=xml_lang)
    elif xml_primary != primary:
        yield failed(html, "fail", lang=lang, xml_lang=xml_lang, primary=primary, xml_primary=xml_primary)
    else:
        yield passed(html, lang=lang, xml_lang=xml_lang)


def _text_shown(doc: Document, element: Element) -> bool:
    """The element's own text nodes are visible or included in the accessibility tree."""
    return is_visible(doc, element) or not is_programmatically_hidden(doc, element)


def _has_name_or_description(doc: Document, element: Element) -> bool:
    """The element, included in the accessibility tree, has a non-empty accessible name or description."""
    if not any(element.get(attr) for attr in _NAMING) or is_programmatically_hidden(doc, element):
        return False
    if accessible_name(doc, element) or (element.get("title") or "").strip():
        return True
    if (element.get("aria-description") or "").strip():
        return True
    refs = (doc.by_id(ident) for ident in (element.get("aria-describedby") or "").split())
    return any(ref is not None and "".join(ref.itertext()).strip() for ref in refs)


def _inherits_text(doc: Document, element: Element) -> bool:
    """Some text inherits its programmatic language from ``element`` (ACT definition, as far as a
    static page tells): a text node shown in an element that inherits the language, or the accessible
    name or description of such an element. Descendants with their own non-empty ``lang`` are skipped."""
    stack = [element]
    while stack:
        node = stack.pop()
        if node.tag in _NO_TEXT:
            continue
        texts = [node.text, *(child.tail for child in node)]
        if any(text and text.strip() for text in texts) and _text_shown(doc, node):
            return True
        if _has_name_or_description(doc, node):
            return True
        stack.extend(child for child in node if isinstance(child.tag, str) and not child.get("lang"))
    return False


def _in_html_body(element: Element) -> bool:
    """In (or the) ``body``, and neither in nor an ``svg`` or ``math`` element."""
    tags = {node.tag for node in (element, *element.iterancestors())}
    return "body" in tags and "svg" not in tags and "math" not in tags


@check("lang-valid")
def lang_valid(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A non-empty ``lang`` in the body, over some text, has a known primary language subtag (ACT de46e4)."""
    for element in doc.langs:
        if element.get("lang") == "" or not _in_html_body(element) or not _inherits_text(doc, element):
            continue
        lang = element.get("lang", "")  # (every element of doc.langs has one)
        problem = _lang_problem(lang)
        yield passed(element, lang=lang) if problem is None else failed(element, problem[0], **problem[1])


# -- ids ------------------------------------------------------------------------------------------


# Attributes whose value names ids that an accessibility relationship follows: ARIA's id references on
# any element, and the HTML ones on the elements that have them (labels, table headers, datalists, form
# owners, popovers, commands; a usemap names a map, "#name").
_ARIA_REFERENCES = ("aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "aria-activedescendant",
                    "aria-details", "aria-errormessage", "aria-flowto")
_HTML_REFERENCES = {
    "label": ("for",), "output": ("for", "form"), "td": ("headers",), "th": ("headers",),
    "input": ("list", "form", "popovertarget"), "button": ("form", "popovertarget", "commandfor"),
    "fieldset": ("form",), "object": ("form", "usemap"), "select": ("form",), "textarea": ("form",),
    "img": ("usemap",),
}


def _references(doc: Document) -> dict[str, tuple[Element, str]]:
    """Each id that something refers to → the first element and attribute that do (ARIA's references in
    document order, then the HTML ones, then in-page links; ``url(#…)`` and ``<use href>`` inside SVG
    paint relate nothing for users)."""
    found: dict[str, tuple[Element, str]] = {}
    aria = ((element, [name for name in names if name in _ARIA_REFERENCES]) for element, _, names in doc.marked)
    html = ((element, _HTML_REFERENCES[element.tag]) for element in doc.root.iter(*_HTML_REFERENCES))  # type: ignore[index]  # parsed HTML: a tag is a str
    for element, names in (*aria, *html):
        for name in names:
            value = element.get(name)
            if value is None:
                continue
            idents = [value.strip().removeprefix("#")] if name == "usemap" else value.split()
            for ident in idents:
                found.setdefault(ident, (element, name))
    for jump in in_page_links(doc):
        raw = jump.link.get("href", "").split("#", 1)[1]
        for ident in (raw, jump.fragment):
            found.setdefault(ident, (jump.link, "href"))
    return found


@check("duplicate-id")
def duplicate_id(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """An id that something refers to (an ARIA relation, a label, table headers, an in-page link…) is
    used once; each later use fails, naming the first one and the reference. Ids nothing refers to are
    inapplicable: since WCAG 2.2 dropped 4.1.1 Parsing, a duplicate matters by what it breaks."""
    references = _references(doc)
    for ident, elements in doc.ids.items():
        if not ident or ident not in references:
            continue
        first = elements[0]
        copies = [element for element in elements[1:] if first not in element.iterancestors()]
        if not copies:  # (a copy inside the first element is reached with it)
            yield passed(first, id=ident)
            continue
        line, column = doc.position(first)
        referrer, attr = references[ident]
        by_line, by_column = doc.position(referrer)
        for element in copies:
            yield failed(element, id=ident, tag=first.tag, line=line, column=column, count=len(elements),
                         attr=attr, by=referrer.tag, by_line=by_line, by_column=by_column)


# -- meta pragmas ---------------------------------------------------------------------------------

_REFRESH_RE = re.compile(r"[ \t\n\f\r]*(\d*)([\d.]*)(.?)", re.DOTALL)


def refresh_time(content: str | None) -> int | None:
    """The delay in seconds of a ``meta`` refresh ``content`` value, per the HTML shared declarative
    refresh steps, or None when browsers do not refresh on it (empty, ``-1``, ``+5``, ``0: url``)."""
    if not content:
        return None
    match = _REFRESH_RE.match(content)
    assert match is not None  # every group may be empty: the pattern matches any text
    digits, rest, after = match.groups()
    if not digits and not rest.startswith("."):
        return None
    if after and after not in ";," + _ASCII_WHITESPACE:
        return None
    return int(digits) if digits else 0


_METAS_KEY: MemoKey[list[Element]] = MemoKey("page.metas")


def _metas(doc: Document) -> list[Element]:
    """The page's ``meta`` elements, found once for the three meta rules."""
    return doc.memo(_METAS_KEY, lambda: [meta for meta in doc.root.iter("meta")
                                          if next(meta.iterancestors("svg"), None) is None])


def _first_refresh(doc: Document) -> tuple[Element, int] | None:
    """The first ``meta http-equiv=refresh`` with a valid ``content``, and its delay."""
    for meta in _metas(doc):
        if meta.get("http-equiv", "").lower() != "refresh":
            continue
        seconds = refresh_time(meta.get("content"))
        if seconds is not None:
            return meta, seconds
    return None


@check("meta-refresh")
def meta_refresh(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The first valid meta refresh redirects at once or waits more than 20 hours (ACT bc659a)."""
    found = _first_refresh(doc)
    if found is None:
        return
    meta, seconds = found
    limit = int(options.get("max_seconds", 72000))
    content = meta.get("content", "")
    if seconds == 0 or seconds > limit:
        yield passed(meta, seconds=seconds, content=content)
    else:
        yield failed(meta, seconds=seconds, content=content, limit=limit)


@check("meta-refresh-no-delay")
def meta_refresh_no_delay(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The first valid meta refresh has no delay at all (ACT bisz58)."""
    found = _first_refresh(doc)
    if found is None:
        return
    meta, seconds = found
    content = meta.get("content", "")
    yield passed(meta, content=content) if seconds == 0 else failed(meta, seconds=seconds, content=content)


_VIEWPORT_PROPERTY_RE = re.compile(r"([^\s,;=]+)\s*(?:=\s*([^\s,;=]*))?")
_NUMBER_RE = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")


def viewport_properties(content: str) -> dict[str, str]:
    """The properties of a viewport ``content`` value, lowercase name → lowercase value (last wins)."""
    return {m.group(1).lower(): (m.group(2) or "").lower() for m in _VIEWPORT_PROPERTY_RE.finditer(content)}


def _viewport_number(value: str) -> float | None:
    """A viewport property value as a number (css-device-adapt: device-width and device-height are 10)."""
    if value in ("device-width", "device-height"):
        return 10.0
    return float(value) if _NUMBER_RE.fullmatch(value) else None


def _zoom_problems(props: dict[str, str]) -> Iterator[tuple[str, str, str]]:
    """(outcome, message key, value) for each property of a viewport that restricts zoom or may.

    ``user-scalable=no`` and a ``maximum-scale`` below 2 fail. Browsers that honour the viewport also
    read numbers between -1 and 1 and unknown words as ``no``: those are left for review.
    """
    scalable = props.get("user-scalable")
    if scalable == "no":
        yield "failed", "user_scalable", scalable
    elif scalable is not None and scalable != "yes":
        number = _viewport_number(scalable)
        if number is None or -1 < number < 1:
            yield "cantTell", "user_scalable_unclear", scalable
    maximum = props.get("maximum-scale")
    if maximum is not None:
        number = _viewport_number(maximum)
        if number is None or number < 0:
            yield "cantTell", "maximum_scale_unclear", maximum
        elif number < 2:
            yield "failed", "maximum_scale", maximum


def _viewports(doc: Document) -> Iterator[tuple[Element, str, dict[str, str]]]:
    """Each viewport ``meta`` with a ``content``, its content and its properties."""
    for meta in _metas(doc):
        if meta.get("name", "").strip(_ASCII_WHITESPACE).lower() == "viewport" and meta.get("content") is not None:
            content = meta.get("content", "")
            yield meta, content, viewport_properties(content)


@check("meta-viewport")
def meta_viewport(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A viewport ``meta`` with ``user-scalable`` or ``maximum-scale`` leaves zoom on (ACT b4f0c3)."""
    for meta, content, props in _viewports(doc):
        if "user-scalable" not in props and "maximum-scale" not in props:
            continue
        problems = sorted(_zoom_problems(props), key=lambda p: p[0] != "failed")
        if not problems:
            yield passed(meta, content=content)
            continue
        outcome, key, value = problems[0]
        make = failed if outcome == "failed" else cant_tell
        yield make(meta, key, value=value, content=content)


@check("meta-viewport-large")
def meta_viewport_large(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A viewport ``maximum-scale`` that allows 200% allows 500% too (axe-core's best practice); one below 2, or
    that browsers read differently, is ``meta-viewport``'s finding."""
    for meta, content, props in _viewports(doc):
        maximum = props.get("maximum-scale")
        number = None if maximum is None else _viewport_number(maximum)
        if number is not None and number >= 2:
            yield passed(meta, content=content) if number >= 5 else failed(meta, value=maximum, content=content)
