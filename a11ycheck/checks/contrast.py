"""Colour contrast of text (WCAG 1.4.3 and 1.4.6; axe-core ``color-contrast`` and ``color-contrast-enhanced``).

Each visible element with text of its own is checked once, with the colour of its text and of what it is
painted on, as :mod:`a11ycheck.cascade` computes them from the page's sheets. What a static read cannot
know (a background image, an element positioned over others, a colour from an unread sheet) is
``cantTell``, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..cascade import computed
from ..colors import RGBA, contrast
from ..document import Document, Element
from ..memo import MemoKey
from ..stylesheets import unread_styling
from ..visibility import is_disabled, is_visible
from . import Finding, cant_tell, check, failed, passed

_XP_TEXT = etree.XPath(
    "//body//*[text()[normalize-space()]] | //body[text()[normalize-space()]]"
    " | //body//input[normalize-space(@value)][not(@type) or contains(' text search email url tel number submit"
    " button reset ', concat(' ', translate(normalize-space(@type), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',"
    " 'abcdefghijklmnopqrstuvwxyz'), ' '))]"
)
_XP_EMPTY_WITH_ID = etree.XPath("//body//*[@id and not(node())]")
_XP_SCRIPTS = etree.XPath("//script[not(@src)]")
_XP_LABELS = etree.XPath("//label")
_XP_ANY_DISABLED = etree.XPath("boolean(//*[@disabled or @aria-disabled])")
_XP_LABELLED = etree.XPath("//*[@aria-labelledby]")
# Not text the page draws with its own colours: replaced content, form widgets the browser draws, SVG and MathML
# (ACT applies the rule to HTML text only)
_NOT_TEXT = frozenset(["svg", "math", "select", "option", "optgroup", "textarea", "script", "style", "noscript",
                       "template", "iframe", "object", "canvas", "video", "audio", "head", "title", "datalist"])
_LABELABLE = ("input", "select", "textarea", "button", "meter", "output", "progress")
_LOGO = re.compile(r"(?:^|[\s_-])(?<!not-)(?<!no-)logo(?:type)?(?:$|\s)")  # site-logo, header__logo, logo
_LARGE_PX, _LARGE_BOLD_PX = 24.0, 14 * 4 / 3  # 18pt, and 14pt bold


@dataclass(frozen=True, slots=True)
class _Sample:
    """One element's text: the colours it shows and what they sit on (None: unknown), and its size."""

    element: Element
    text: tuple[RGBA, ...] | None
    background: tuple[RGBA, ...] | None
    large: bool | None  # None: unknown size
    font_px: float | None
    unknown: str  # why the colours are unknown ("" when known)
    shadows: tuple[tuple[RGBA, ...] | None, ...]  # each text-shadow as drawn (None: unknown)
    script: bool  # an empty element a script of the page may fill with text


_SAMPLES_KEY: MemoKey[list[_Sample]] = MemoKey("contrast.samples")


def _samples(doc: Document) -> list[_Sample]:
    """Every element with visible text of its own, and its colours (once per page, for both rules)."""
    return doc.memo(_SAMPLES_KEY, lambda: list(_collect(doc)))


def _collect(doc: Document) -> Iterator[_Sample]:
    exempt = _Exempt(doc)
    for element in _XP_TEXT(doc.root):
        if _language(element) and not exempt(element) and is_visible(doc, element):
            sample = _sample(doc, element, script=False)
            if sample is not None:
                yield sample
    scripts = " ".join(text for script in _XP_SCRIPTS(doc.root) for text in script.itertext())
    if "attachShadow" in scripts:
        for element in _XP_EMPTY_WITH_ID(doc.root):
            ident = element.get("id", "")
            if (f"'{ident}'" in scripts or f'"{ident}"' in scripts or f"'#{ident}'" in scripts) and not exempt(
                element) and is_visible(doc, element):
                sample = _sample(doc, element, script=True)
                if sample is not None:
                    yield sample


def _sample(doc: Document, element: Element, *, script: bool) -> _Sample | None:
    style = computed(doc, element)
    if style.font_px == 0:
        return None  # no text is drawn
    if style.color is not None and style.color[3] <= 0:
        return None  # transparent text: not visible
    backdrop = style.backdrop
    background = backdrop.flat()
    text = backdrop.flat(style.color) if style.color is not None and background is not None else None
    unknown = style.color_from if style.color is None else "" if background is not None else backdrop.unknown
    if text is not None and text == background:
        return None  # drawn in the colour of its background: no text to see (WCAG: not a visual presentation)
    px, weight = style.font_px, style.weight
    large = None if px is None else px >= _LARGE_PX or (px >= _LARGE_BOLD_PX - 1e-6 and (weight or 400) >= 700)
    if large is False and weight is None and px is not None and px >= _LARGE_BOLD_PX - 1e-6:
        large = None
    shadows = tuple(backdrop.flat(colour) if colour is not None else None for colour in style.shadows)
    return _Sample(element, text, background, large, px, unknown or ("colour" if text is None else ""),
                   shadows, script)


def _language(element: Element) -> bool:
    """Whether the element's own text may express something in human language: not symbols only (a
    separator, an arrow), nor one character standing for an ``aria-label`` (a button's "X" named "Close")."""
    if element.tag == "input":
        text = (element.get("value") or "").strip()
    else:
        text = "".join((element.text or "", *(child.tail or "" for child in element))).strip()
    if not any(char.isalnum() for char in text):
        return False
    return len(text) > 1 or not any(node.get("aria-label") for node in (element, *element.iterancestors()))


class _Exempt:
    """Whether an element's text is outside the rule: not HTML text the page colours, part of a disabled
    control or of its label, or of a logotype (an element whose class or id names a logo)."""

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._known: dict[Element, bool] = {}
        self._labels = _disabled_labels(doc)

    def __call__(self, element: Element) -> bool:
        chain: list[Element] = []
        node: Element | None = element
        while node is not None and node not in self._known:
            chain.append(node)
            node = node.getparent()
        state = False if node is None else self._known[node]
        for node in reversed(chain):
            state = state or self._own(node)
            self._known[node] = state
        return state

    def _own(self, node: Element) -> bool:
        tag = node.tag
        if not isinstance(tag, str) or tag in _NOT_TEXT or node in self._labels:
            return True
        if _aria_disabled(node) or is_disabled(self._doc, node):
            return True
        if tag in ("html", "body"):
            return False
        names = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
        return "logo" in names and _LOGO.search(names) is not None and len("".join(node.itertext()).strip()) <= 60


def _aria_disabled(element: Element) -> bool:
    return (element.get("aria-disabled") or "").strip().lower() == "true"


def _disabled_labels(doc: Document) -> set[Element]:
    """The labels of disabled controls: ``<label>`` elements, and elements a disabled widget's
    ``aria-labelledby`` names."""
    found: set[Element] = set()
    if not _XP_ANY_DISABLED(doc.root):
        return found
    for label in _XP_LABELS(doc.root):
        target = label.get("for")
        control = doc.by_id(target) if target else next(
            (e for e in label.iter(*_LABELABLE) if e.get("type") != "hidden"), None)
        if control is not None and (is_disabled(doc, control) or _aria_disabled(control)):
            found.add(label)
    for element in _XP_LABELLED(doc.root):
        if is_disabled(doc, element) or _aria_disabled(element):
            named = (doc.by_id(ident) for ident in element.get("aria-labelledby", "").split())
            found.update(label for label in named if label is not None)
    return found


def _hex(color: RGBA) -> str:
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in color[:3])


def _contrast(doc: Document, options: Mapping[str, Any], normal: float, large: float) -> Iterator[Finding]:
    """Each text element against the ratios for normal and for large text."""
    unread = len(unread_styling(doc)) if options.get("unread-sheets", "cantTell") == "cantTell" else 0
    for sample in _samples(doc):
        element = sample.element
        if sample.text is None or sample.background is None:
            if not sample.script:
                yield cant_tell(element, sample.unknown or "colour")
            continue
        ratios = [contrast(text, background) for text, background in zip(sample.text, sample.background, strict=True)]
        worst = min(range(len(ratios)), key=ratios.__getitem__)
        needs = (large, normal) if sample.large is None else (large, large) if sample.large else (normal, normal)
        size = "unknown size" if sample.font_px is None else f"{sample.font_px:.3g}px"
        data = {"ratio": f"{ratios[worst]:.2f}", "text": _hex(sample.text[worst]),
                "background": _hex(sample.background[worst]), "needed": f"{needs[1]:g}", "size": size}
        verdict = _verdict(ratios, needs)
        if sample.shadows:  # each shadow is a background the text may be read against
            shadowed = [_verdict([contrast(t, s) for t, s in zip(sample.text, shadow, strict=True)], needs)
                        if shadow is not None else "unknown" for shadow in sample.shadows]
            if verdict != "passed" or any(v == "failed" for v in shadowed):
                verdict = "failed" if verdict == "failed" and all(v == "failed" for v in shadowed) else "shadow"
        if sample.script:
            if verdict == "failed":
                yield cant_tell(element, "script", **data)
        elif verdict == "passed":
            yield passed(element, **data)
        elif verdict == "failed":
            if unread:
                yield cant_tell(element, "unread_sheets", count=unread, **data)
            else:
                yield failed(element, "fail" if len(ratios) == 1 else "fail_gradient", **data)
        elif verdict == "mixed":
            yield cant_tell(element, "size", large=f"{large:g}", **data) if sample.large is None else cant_tell(
                element, "gradient", **data)
        else:
            yield cant_tell(element, verdict, **data)


def _verdict(ratios: list[float], needs: tuple[float, float]) -> str:
    """passed (every ratio meets the higher need), failed (none meets the lower) or mixed."""
    if min(ratios) >= needs[1]:
        return "passed"
    return "failed" if max(ratios) < needs[0] else "mixed"


@check("color-contrast")
def color_contrast(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Text has a contrast of at least 4.5:1, or 3:1 when large (WCAG 1.4.3, ACT afw4f7)."""
    return _contrast(doc, options, 4.5, 3.0)


@check("color-contrast-enhanced")
def color_contrast_enhanced(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Text has a contrast of at least 7:1, or 4.5:1 when large (WCAG 1.4.6, ACT 09o5cg)."""
    return _contrast(doc, options, 7.0, 4.5)
