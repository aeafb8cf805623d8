"""Images: text alternatives (WCAG 1.1.1), decorative images, image links and buttons, photo credits."""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from typing import Any

from cssselect import SelectorError
from lxml import etree

from ..accname import accessible_name
from ..aria import PRESENTATIONAL, explicit_role, role
from ..axtree import is_exposed
from ..document import Document, Element
from ..images import file_label, image_label, only_image, sources
from ..localfiles import is_regular, local_file
from ..memo import MemoKey
from ..patterns import OutOfTime, Patterns, selectors_xpath
from ..ruleset import load_rules
from ..urls import file_name, split_url
from ..visibility import NOT_DRAWN, is_focusable, is_programmatically_hidden, is_visible
from . import Finding, cant_tell, check, failed, passed

# One pass over the page collects the elements of these tags (see _index); per-element XPaths run in C.
_TAGS = ("img", "svg", "canvas", "input", "object", "area", "figure")
_XP_FOREIGN = etree.XPath("boolean(ancestor-or-self::svg or ancestor-or-self::math)")  # not an HTML element
_XP_IN_SVG = etree.XPath("boolean(ancestor::svg)")
# ACT e88epe's exception: an ancestor named from author (aria-label, aria-labelledby)
_XP_NAMED_ANCESTOR = etree.XPath(
    "boolean(ancestor::*[normalize-space(@aria-label) != '' or normalize-space(@aria-labelledby) != ''])"
)
_XP_CONTROL = etree.XPath("ancestor::*[self::a[@href] or self::button][1]")
# a link, a button or an element with an explicit widget role that takes its name from its content
_XP_IN_CONTROL = etree.XPath(
    "boolean(ancestor::*[self::a[@href] or self::button"
    " or contains(concat(' ', normalize-space(@role), ' '), ' button ')"
    " or contains(concat(' ', normalize-space(@role), ' '), ' link ')"
    " or contains(concat(' ', normalize-space(@role), ' '), ' menuitem ')])"
)
_XP_LINK_TEXT = etree.XPath("descendant::a//text()")

_SVG_IMAGE_ROLES = frozenset(["img", "graphics-document", "graphics-symbol"])
_NAMED_CONTROL_ROLES = frozenset(["link", "button", "menuitem"])  # each has its name rule (link-name, button-name…)
_DEFAULT_BUTTON_NAME = "submit query"
_IMAGE_EXT = r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?|heic|ico)"
_IMAGE_URL_RE = re.compile(_IMAGE_EXT + "$", re.IGNORECASE)
_FILE_LIKE_RE = re.compile(
    rf"^(?:\S+{_IMAGE_EXT}"  # one token with an image extension
    r"|(?:img|dsc[nf]?|pxl|pict|mvimg|p)[ _-]?\d{3,}[\w-]*(?:\.\w{3,4})?)$",  # a camera's file name
    re.IGNORECASE,
)
# a file name without its extension reads as one (a "Facebook" icon's alt does not)
_STEM_LIKE_RE = re.compile(r"^\S*[-_\d]\S*$")
_URL_RE = re.compile(r"^(?:https?://|www\.)", re.IGNORECASE)
_LENGTH_RE = re.compile(r"\s*(\d+)")
_ICON_MAX = 48  # px: a width or height this small is an icon, not a photo


# -- facts the image rules share -------------------------------------------------------------------


def _squash(text: str | None) -> str:
    return " ".join((text or "").split())


def _has_source(img: Element) -> bool:
    return bool((img.get("src") or "").strip() or (img.get("srcset") or "").strip())


_INDEX_KEY: MemoKey[dict[str, list[Element]]] = MemoKey("images.index")


def _index(doc: Document) -> dict[str, list[Element]]:
    """The page's candidates, found once: elements by tag, HTML ``img`` ("html-img", not inside SVG or
    MathML) and elements with a ``role`` ("role")."""

    def compute() -> dict[str, list[Element]]:
        found: dict[str, list[Element]] = {tag: [] for tag in _TAGS}
        for element in doc.root.iter(*_TAGS):
            found[element.tag].append(element)  # type: ignore[index]  # parsed HTML: a tag is a str
        found["html-img"] = [img for img in found["img"] if not _XP_FOREIGN(img)]
        found["role"] = [element for element, _, keys in doc.marked if "role" in keys]
        return found

    return doc.memo(_INDEX_KEY, compute)


_CAPTIONS_KEY: MemoKey[dict[Element, tuple[Element, Element]]] = MemoKey("images.captions")


def _captions(doc: Document) -> dict[Element, tuple[Element, Element]]:
    """Each image whose nearest ``figure`` has a ``figcaption`` child → (that figure, its caption)."""

    def compute() -> dict[Element, tuple[Element, Element]]:
        nearest: dict[Element, Element] = {}
        for figure in _index(doc)["figure"]:  # document order: an inner figure comes after its outer one
            for img in figure.iter("img"):
                nearest[img] = figure
        found = {}
        for img, figure in nearest.items():
            caption = figure.find("figcaption")
            if caption is not None:
                found[img] = (figure, caption)
        return found

    return doc.memo(_CAPTIONS_KEY, compute)


def _is_decorative_img(doc: Document, img: Element) -> bool:
    return role(doc, img) in PRESENTATIONAL


def unnamed_image_control(doc: Document, image: Element) -> Element | None:
    """The link or button without a name whose only content is images, ``image`` among them: its missing
    name is the one defect (link-name, button-name), which one fix mends (an alt on the image)."""
    found = _XP_CONTROL(image)
    if not found or only_image(found[0]) is None or role(doc, found[0]) not in _NAMED_CONTROL_ROLES:
        return None
    control = found[0]
    return None if is_programmatically_hidden(doc, control) or accessible_name(doc, control) else control


# -- text alternatives -----------------------------------------------------------------------------


@check("image-alt")
def image_alt(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """HTML images (``img`` and semantic ``img``) have a name or a presentational role (ACT 23a2a8).

    An image that is the only content of a link or button without a name is left to that control's
    rule (link-name, button-name): its missing alt is the control's missing name, one defect.
    """
    index = _index(doc)
    others = [el for el in index["role"] if el.tag != "img" and role(doc, el) == "img" and not _XP_FOREIGN(el)]
    for element in [*index["html-img"], *others]:
        if is_programmatically_hidden(doc, element):
            continue
        if role(doc, element) in PRESENTATIONAL:
            yield passed(element, "decorative")
            continue
        name = accessible_name(doc, element)
        if name:
            yield passed(element, name=name)
            continue
        if unnamed_image_control(doc, element) is not None:
            continue
        figure = _captions(doc).get(element)
        caption = doc.text(figure[1]) if figure else ""
        if element.get("alt") == "":
            yield failed(element, "exposed", file=file_label(element))
        elif caption:
            yield failed(element, "figcaption", file=file_label(element), caption=caption)
        elif element.tag == "img":
            yield failed(element, "fail", file=file_label(element))
        else:
            yield failed(element, "role", tag=element.tag)


def _image_buttons(doc: Document) -> list[Element]:
    return [el for el in _index(doc)["input"] if (el.get("type") or "").strip().lower() == "image"]


@check("image-button-name")
def image_button_name(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """``input type=image`` in the accessibility tree has a name other than "Submit Query" (ACT 59796f)."""
    for button in _image_buttons(doc):
        if not is_exposed(doc, button):
            continue
        name = accessible_name(doc, button)
        if not name:
            yield failed(button, "fail", file=file_label(button))
        elif name.casefold() == _DEFAULT_BUTTON_NAME:
            yield failed(button, "default", name=name, file=file_label(button))
        else:
            yield passed(button, name=name)


def _svg_name(doc: Document, element: Element) -> str:
    """Accessible name of an SVG element; a ``title`` child names any SVG element (SVG-AAM)."""
    name = accessible_name(doc, element)
    if name:
        return name
    title = element.find("title")
    return doc.text(title) if title is not None else ""


@check("svg-img-alt")
def svg_img_alt(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """SVG elements with an explicit image role in the accessibility tree have a name (ACT 7d6734)."""
    for element in _index(doc)["role"]:
        svg_role = explicit_role(element)
        if svg_role not in _SVG_IMAGE_ROLES or not (element.tag == "svg" or _XP_IN_SVG(element)):
            continue
        if not is_exposed(doc, element):
            continue
        name = _svg_name(doc, element)
        if name:
            yield passed(element, name=name, role=svg_role)
        else:
            yield failed(element, tag=element.tag, role=svg_role)


# -- object ----------------------------------------------------------------------------------------

_MEDIA_TYPES = ("image/", "audio/", "video/")


def _mime_type(obj: Element, url: str) -> str:
    """The MIME type an ``object`` declares or its URL implies ('' when unknown)."""
    declared = (obj.get("type") or "").split(";")[0].strip().lower()
    if declared:
        return declared
    if url.startswith("data:"):
        return url[5:].split(",")[0].split(";")[0].strip().lower()
    guessed, _ = mimetypes.guess_type(split_url(url).path)
    return guessed or ""


@check("object-alt")
def object_alt(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """``object`` elements embedding an image, audio or video have a name (ACT 8fc3b6)."""
    for obj in _index(doc)["object"]:
        url = (obj.get("data") or "").strip()
        if not url or explicit_role(obj) is not None or not is_exposed(doc, obj):
            continue
        file = file_name(url) or url[:40]
        mime = _mime_type(obj, url)
        if not mime:
            yield cant_tell(obj, "unknown", file=file)
            continue
        if not (mime.startswith(_MEDIA_TYPES) or mime == "application/ogg"):
            continue
        local = local_file(doc, url)
        if local is not None and not is_regular(local):
            yield cant_tell(obj, "missing", file=file)
            continue
        name = accessible_name(doc, obj)
        if name:
            yield passed(obj, name=name, file=file)
        else:
            yield failed(obj, file=file, kind="audio or video" if mime == "application/ogg" else mime.split("/")[0])


# -- decorative images -----------------------------------------------------------------------------


def _exposed(doc: Document, element: Element) -> bool:
    """A marked-decorative element that is in the accessibility tree with a non-presentational role."""
    if is_programmatically_hidden(doc, element):
        return False
    return is_focusable(doc, element) or role(doc, element) not in (*PRESENTATIONAL, None)


@check("image-decorative")
def image_decorative(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Elements marked as decorative are not exposed to assistive technologies (ACT 46ca7f)."""
    index = _index(doc)
    marked = [el for el in index["role"] if explicit_role(el) in PRESENTATIONAL]
    marked += [img for img in index["img"] if img.get("alt") == "" and explicit_role(img) is None]
    for element in marked:
        if not _exposed(doc, element):
            yield passed(element, tag=element.tag)
        elif is_focusable(doc, element):
            yield failed(element, "focusable", tag=element.tag)
        else:
            yield failed(element, "aria", tag=element.tag, role=role(doc, element))


def _ignored_how(doc: Document, element: Element) -> str | None:
    """Why assistive technologies ignore a visible graphic ('hidden', 'decorative', 'unnamed'), or None."""
    if is_programmatically_hidden(doc, element):
        return "hidden"
    semantic = role(doc, element)
    if semantic in PRESENTATIONAL:
        return "decorative"
    if element.tag == "svg" and semantic == "graphics-document" and not _svg_name(doc, element):
        return "unnamed"
    if element.tag == "canvas" and explicit_role(element) is None and not accessible_name(doc, element):
        return "unnamed"
    return None


@check("image-hidden-decorative")
def image_hidden_decorative(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Visible ``img``, ``svg`` and ``canvas`` that assistive technologies ignore are decorative (ACT e88epe).

    Whether an image is purely decorative is mostly a human judgement: an ignored image is cantTell,
    unless the page shows it informs (see :func:`_informative`): then it fails; exposed ones pass (the
    ACT rule does not apply to them). Not asked about: an image inside a link, a button
    or an element named by its author (the control's name says what the image would: when it has none,
    link-name or button-name report that), an SVG nested in another, and an SVG that draws nothing
    (a sprite sheet of symbols, or zero-sized).
    """
    index = _index(doc)
    svgs = [svg for svg in index["svg"] if not _XP_IN_SVG(svg) and not _draws_nothing(svg)]
    for element in [*index["img"], *svgs, *index["canvas"]]:
        if element.tag == "img" and not _has_source(element):
            continue  # no image is available to judge
        if not is_visible(doc, element):
            continue
        how = _ignored_how(doc, element)
        label = f"image {file_label(element)}" if element.tag == "img" else f"<{element.tag}>"  # type: ignore[str-bytes-safe]  # parsed HTML: a tag is a str
        if how is None:
            yield passed(element, file=label)
        elif _XP_NAMED_ANCESTOR(element) or _XP_IN_CONTROL(element):
            continue
        elif informative := _informative(doc, element):
            yield failed(element, informative[0], file=label, text=informative[1])
        else:
            yield cant_tell(element, how, file=label)


_XP_SVG_TEXT = etree.XPath("descendant::*[local-name() = 'text'][not(ancestor::defs or ancestor::symbol)]//text()")
_XP_SCRIPTS = etree.XPath("//script[not(@src)]/text()")
_DRAWS_TEXT_RE = re.compile(r"\.(?:fill|stroke)Text\s*\(\s*(['\"`])(.+?)\1")
_SCRIPTS_KEY: MemoKey[list[str]] = MemoKey("images.text_drawing_scripts")


def _informative(doc: Document, element: Element) -> tuple[str, str] | None:
    """What shows that an ignored graphic is not pure decoration, as (message, text): an ``img`` that
    its author marked decorative yet gave an alternative text, an ``svg`` that draws text, a ``canvas``
    a script of the page writes text on. None when only a person can tell."""
    if element.tag == "img":
        alt = " ".join((element.get("alt") or "").split())
        return ("alt", alt) if alt and explicit_role(element) in PRESENTATIONAL else None
    if element.tag == "svg":
        text = " ".join(" ".join(_XP_SVG_TEXT(element)).split())
        return ("text", text) if any(c.isalnum() for c in text) else None
    canvas_id = (element.get("id") or "").strip()
    if not canvas_id:
        return None
    scripts = doc.memo(_SCRIPTS_KEY, lambda: [s for s in _XP_SCRIPTS(doc.root) if _DRAWS_TEXT_RE.search(s)])
    for script in scripts:
        if re.search(rf"""['"`]#?{re.escape(canvas_id)}['"`]""", script):
            return ("drawn", _DRAWS_TEXT_RE.search(script).group(2))  # type: ignore[union-attr]  # kept for a match
    return None


_ZERO_RE = re.compile(r"(?:^|;)\s*(?:width|height)\s*:\s*0(?:px)?\s*(?:;|$)", re.IGNORECASE)


def _draws_nothing(svg: Element) -> bool:
    """An SVG that only defines symbols (a sprite sheet), or is zero-sized by attribute or inline style."""
    if any((svg.get(attr) or "").strip() in ("0", "0px") for attr in ("width", "height")):
        return True
    if _ZERO_RE.search(svg.get("style") or ""):
        return True
    return all(child.tag in NOT_DRAWN for child in svg.iterchildren(etree.Element))


# -- alt text quality ------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _placeholder_re(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w.casefold()) for w in words)
    return re.compile(rf"^(?:{alternatives})s?[\s_-]*\d*\W*$")


_WORD_RE = re.compile(r"[^\W\d_]+")  # a run of letters
_HEADINGS = "self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6"
# The nearest of an image's three closest ancestors that holds a heading (a teaser card, a section).
_XP_NEAR_BLOCK = etree.XPath(f"ancestor::*[position() <= 3][descendant::*[{_HEADINGS}]][1]")
_XP_HEADINGS = etree.XPath(f"descendant::*[{_HEADINGS}]")
_XP_PAGE_HEADLINES = etree.XPath("//title[not(ancestor::svg)] | //h1")


def _words(text: str) -> list[str]:
    """The words of a text, folded, without accents (slugs drop them) and without digits."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    return _WORD_RE.findall(plain)


_HEADLINES_KEY: MemoKey[set[str]] = MemoKey("images.headlines")


def _headline_words(doc: Document, img: Element) -> set[str]:
    """The words of what a CMS names an image file after: the page's title and h1, the image's caption,
    and the headings of the block around it (a teaser card)."""
    page = doc.memo(_HEADLINES_KEY,
                    lambda: {word for el in _XP_PAGE_HEADLINES(doc.root) for word in _words(doc.text(el))})
    near = [*_XP_HEADINGS(block[0])] if (block := _XP_NEAR_BLOCK(img)) else []
    caption = _captions(doc).get(img)
    if caption is not None:
        near.append(caption[1])
    return page | {w for el in near for w in _words(doc.text(el))}


def _from_headline(doc: Document, img: Element, stem: str) -> bool:
    """The file name is the slug of a headline: two words or more, all of them in the headlines around
    the image ("iran-protests-tehran-2024" beside "Iran protests in Tehran 2024")."""
    words = _words(stem)
    return len(words) >= 2 and set(words) <= _headline_words(doc, img)


def _alt_problem(doc: Document, img: Element, alt: str, placeholders: tuple[str, ...]) -> tuple[str, str] | None:
    """(message key, file name) when an alt is a file name, a placeholder or a URL, else None. An alt that
    is the file name without its extension, made from a headline by the CMS, reads as that headline."""
    folded = alt.casefold()
    for url in sources(img):
        name = file_name(url).casefold()
        stem = name.rsplit(".", 1)[0]
        if name and folded == name:
            return "filename", file_name(url)
        if name and folded == stem and _STEM_LIKE_RE.search(stem) and not _from_headline(doc, img, stem):
            return "filename", file_name(url)
    file = file_label(img)
    if _placeholder_re(placeholders).match(folded):
        return "placeholder", file
    if _URL_RE.match(alt):
        return "url", file
    if _FILE_LIKE_RE.match(alt):
        return "looks-like-file", file
    return None


@check("image-alt-filename")
def image_alt_filename(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Alt text is not the image's file name, a placeholder or a URL (WCAG failure F30)."""
    placeholders = tuple(options.get("placeholders", ()))
    for img in [*_index(doc)["html-img"], *_image_buttons(doc)]:
        alt = _squash(img.get("alt"))
        if not alt or is_programmatically_hidden(doc, img) or _is_decorative_img(doc, img):
            continue
        problem = _alt_problem(doc, img, alt, placeholders)
        if problem is None:
            yield passed(img, alt=alt)
        else:
            yield failed(img, problem[0], alt=alt, file=problem[1])


@check("image-link-name")
def image_link_name(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A link or button whose only content is images has a name (WCAG 2.4.4, 4.1.2)."""
    index = _index(doc)
    images = [*index["html-img"], *(svg for svg in index["svg"] if not _XP_IN_SVG(svg))]
    controls = {found[0]: None for found in map(_XP_CONTROL, images) if found}
    areas = [area for area in index["area"] if area.get("href") is not None]
    sole = {control: image for control in controls if (image := only_image(control)) is not None}
    for control in [*sole, *areas]:
        if is_programmatically_hidden(doc, control):
            continue
        kind = "button" if control.tag == "button" else "link"
        target = control.get("href") or ""
        name = accessible_name(doc, control)
        if name:
            yield passed(control, kind=kind, name=name)
        elif control.tag == "area":
            yield failed(control, "area", href=target)
        else:
            yield failed(control, kind, file=image_label(sole[control]), href=target)


def _normalised(text: str) -> str:
    return " ".join(text.casefold().split())


@check("image-alt-caption-duplicate")
def image_alt_caption_duplicate(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Alt text does not repeat the figure caption word for word (read twice by screen readers)."""
    for img, (_, caption) in _captions(doc).items():
        alt = _normalised(img.get("alt") or "")
        if not alt or is_programmatically_hidden(doc, img):
            continue
        parts = [caption, *caption.iterchildren(etree.Element)]
        if any(_normalised("".join(part.itertext())) == alt for part in parts):
            yield cant_tell(img, "duplicate", alt=img.get("alt"), file=file_label(img))
        else:
            yield passed(img, alt=img.get("alt"))


# -- photo credits ---------------------------------------------------------------------------------


def _credit_options(options: Mapping[str, Any]) -> tuple[Patterns, etree.XPath]:
    """The credit patterns (``credit-patterns``, which replace the defaults, and ``extend-credit-patterns``,
    which add to them; a user's are matched under a time budget, see :mod:`a11ycheck.patterns`) and the
    query for credit elements (``credit-selectors`` and ``extend-credit-selectors``)."""
    found = tuple(options.get("credit-patterns", ()))
    extra = tuple(options.get("extend-credit-patterns", ()))
    selectors = (*options.get("credit-selectors", ()), *options.get("extend-credit-selectors", ()))
    try:
        query = selectors_xpath(tuple(selectors))
    except SelectorError as exc:  # (options given to the API: a configuration file's are checked when read)
        raise ValueError(f"photo credit selector: {exc}") from None
    default = found == _default_credit_patterns()
    option = "extend-credit-patterns" if default else "credit-patterns"
    return Patterns(option, found + extra, trusted=default and not extra), query


@cache
def _default_credit_patterns() -> tuple[str, ...]:
    """The rule files' own credit patterns (the same in both photo credit rules)."""
    return tuple(load_rules()["photo-credit"].options["credit-patterns"])


def _text(element: Element) -> str:
    """Text of an element with its pieces spaced apart (``<span>Credit</span>Name`` reads "Credit Name")."""
    return _squash(" ".join(element.itertext()))


def _has_credit(doc: Document, scope: Element, pattern: Patterns, selectors: etree.XPath) -> bool:
    """A visible credit element or credit text inside ``scope``."""
    if any(_text(el) and is_visible(doc, el) for el in selectors(scope)):
        return True
    return bool(pattern.search(_text(scope)))


def _is_photo(doc: Document, img: Element) -> bool:
    """An image with a source that is neither decorative, hidden, an SVG (a logo or icon) nor tiny."""
    if not sources(img) or _is_decorative_img(doc, img) or is_programmatically_hidden(doc, img):
        return False
    if file_label(img).lower().endswith(".svg"):
        return False
    for attr in ("width", "height"):
        match = _LENGTH_RE.match(img.get(attr) or "")
        if match and int(match.group(1)) <= _ICON_MAX:
            return False
    return True


def _is_teaser(img: Element, caption: Element) -> bool:
    """A teaser card: the image links to another page, or the caption is nothing but a link."""
    link = next(img.iterancestors("a"), None)
    if link is not None and not _IMAGE_URL_RE.search(split_url(link.get("href") or "").path):
        return True
    linked = _squash("".join(_XP_LINK_TEXT(caption)))
    return bool(linked) and linked == _squash("".join(caption.itertext()))


@check("photo-credit")
def photo_credit(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A photo in a captioned figure credits its author or agency in the figure (house rule)."""
    pattern, selectors = _credit_options(options)
    seen: set[Element] = set()
    for img, (figure, caption) in _captions(doc).items():
        if figure in seen or not _is_photo(doc, img) or _is_teaser(img, caption):
            continue
        seen.add(figure)
        try:
            credited = _has_credit(doc, figure, pattern, selectors)
        except OutOfTime as exc:
            yield cant_tell(img, "internal", error=str(exc))
            continue
        if credited:
            yield passed(img, file=file_label(img))
        elif doc.text(caption):
            yield failed(img, "fail", file=file_label(img), caption=doc.text(caption))
        else:
            yield failed(img, "empty", file=file_label(img))


def _credit_context(img: Element) -> Element | None:
    """Where a visible credit for an image would be: its figure, else the parent of the image (or of its
    ``picture`` or link)."""
    figure = next(img.iterancestors("figure"), None)
    if figure is not None:
        return figure
    parent = img.getparent()
    return parent.getparent() if parent is not None and parent.tag in ("picture", "a") else parent


def _credit_in_attrs(img: Element, pattern: Patterns) -> tuple[str, str] | None:
    """(attribute, its credit) for the first of alt and title holding a credit: the text from the credit
    on, to the ")" or "]" that closes a bracket it was opened in ("(AP Photo/Jane Doe) Rest" → "AP
    Photo/Jane Doe").

    A value that is nothing but a credit word ("Reuters") is an agency logo's alt, not a credit."""
    for attr in ("alt", "title"):
        value = _squash(img.get(attr))
        for match in pattern.finditer(value):
            if match.group(0).strip() != value:
                return attr, _bracketed(value[match.start() :])
    return None


def _bracketed(text: str) -> str:
    """The text up to the first closing bracket it did not open (all of it when there is none)."""
    depth = 0
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            if not depth:
                return text[:index].rstrip()
            depth -= 1
    return text


@check("photo-credit-hidden")
def photo_credit_hidden(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A credit in an image's alt or title is also visible on the page, next to the image (house rule)."""
    pattern, selectors = _credit_options(options)
    for img in _index(doc)["html-img"]:
        try:
            found = _credit_in_attrs(img, pattern)
            if found is None or not _is_photo(doc, img):
                continue
            attr, credit = found
            context = _credit_context(img)
            credited = context is not None and _has_credit(doc, context, pattern, selectors)
        except OutOfTime as exc:
            yield cant_tell(img, "internal", error=str(exc))
            continue
        if credited:
            yield passed(img, attr=attr, credit=credit)
        else:
            yield failed(img, attr=attr, credit=credit, file=file_label(img))
