"""Video, audio and iframes: alternatives, captions, autoplay, frame names and frame focus.

What the page cannot show is read from local media files (:mod:`a11ycheck.media`): whether a video
has sound, how long autoplaying audio lasts. Whether a transcript, a caption track or an audio
description is *equivalent* to the media is for a human: those rules fail only when the page offers no
candidate at all, and say cantTell otherwise. A media file that cannot be read is unknown, never silent.

Every media rule takes the option ``reviewed``: media file names or URLs that a human has checked
against the rule; the rule then passes them instead of asking again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..accname import accessible_name
from ..aria import PRESENTATIONAL, role
from ..document import Document, Element, text_nodes
from ..localfiles import READ_LIMIT, local_file, read_regular
from ..media import MediaInfo, media_window, probe, read_track
from ..memo import MemoKey
from ..source import InputError, Source
from ..urls import file_name
from ..visibility import (
    is_inert,
    is_programmatically_hidden,
    is_rendered,
    is_tabbable,
    is_visible,
    tabindex_value,
)
from . import Finding, cant_tell, check, failed, passed

# Elements whose text is not the page's own text (see _body_texts).
_NOT_TEXT = frozenset(["script", "style", "video", "audio", "iframe", "object", "template"])
# elements that carry text in attributes, or embed a document that may hold text
_XP_TEXT_CARRIERS = etree.XPath(
    "//body//*[normalize-space(@alt) or normalize-space(@aria-label) or normalize-space(@title)]"
    "[not(ancestor-or-self::video or ancestor-or-self::audio)]"
    " | //iframe[@src or @srcdoc] | //object[@data] | //embed[@src]"
)
_XP_LINKS = etree.XPath("(//a[@href] | //area[@href])[not(ancestor::video or ancestor::audio)]")
_XP_EMBEDS = etree.XPath("//iframe[@src or @srcdoc] | //object[@data] | //embed[@src]")
# Names of controls that say they pause, stop or mute media (English, German, French, Spanish, Italian,
# Dutch, Portuguese): the page's own statement of the instrument's objective.
_STOP_WORDS = re.compile(
    r"\b(?:pause|paus(?:e|ieren)|stop+(?:pen)?|mute|unmute|sound off|audio off|stumm(?:schalten)?|ton aus|"
    r"arr[êe]t(?:er)?|couper le son|muet|pausar|detener|silenciar|sin sonido|pausa|ferma|muto|"
    r"pauzeren|dempen|parar)\b",
    re.IGNORECASE,
)
_XP_CONTROLS = etree.XPath("//button | //input | //a[@href] | //select | //*[@role] | //*[@onclick]")
_CONTROL_ROLES = frozenset(
    ["button", "checkbox", "combobox", "link", "listbox", "menuitem", "menuitemcheckbox", "menuitemradio", "option",
     "radio", "slider", "spinbutton", "switch", "tab"]
)
_XP_TABBABLE = etree.XPath(
    "//a[@href] | //area[@href] | //button | //input | //select | //textarea | //iframe | //summary"
    " | //*[@tabindex] | //*[@contenteditable] | //audio[@controls] | //video[@controls]"
)
_XP_SCRIPT = etree.XPath("(//script)[1]")
_XP_FALLBACK_LINK = etree.XPath("(.//a[@href] | .//area[@href])[1]")
_WORD_RE = re.compile(r"\w")
_SIZE_RE = re.compile(r"(?:^|;)\s*(width|height)\s*:\s*([\d.]+)px", re.IGNORECASE)
_UNSUPPORTED_RE = re.compile(
    r"support|upgrade|update your browser|enable javascript|html5|modern browser|cannot play|can't play|unable to play",
    re.IGNORECASE,
)
_CAPTION_KINDS = ("captions", "subtitles")
_TRACK_KINDS = ("subtitles", "captions", "descriptions", "chapters", "metadata")
_AUTOPLAY_LIMIT = 3.0  # seconds of audio (WCAG 1.4.2)

Verdict = Callable[[Document, Element, "Media"], Finding]


# -- the media an element plays -------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Media:
    """The resource a ``video`` or ``audio`` element plays, as far as the page and local files tell."""

    url: str  # as written in the page (src of the element or of its chosen <source>); "" when none
    info: MediaInfo | None  # None: not a local file, missing, or unreadable

    @property
    def name(self) -> str:
        """The file name, for messages (urls.file_name, as images are named); a URL without one as written,
        but a data: URL as just that."""
        return file_name(self.url) or ("a data: URL" if self.url.startswith("data:") else self.url)

    @property
    def sound(self) -> bool | None:
        """Whether the resource has audio that is not only silence (None: unknown)."""
        return None if self.info is None else self.info.has_sound

    def reviewed(self, options: Mapping[str, Any]) -> bool:
        """True when the rule's ``reviewed`` option names this file (by URL or file name)."""
        names = options.get("reviewed") or ()
        return bool(self.url) and (self.url in names or self.name in names)


_ELEMENTS_KEY: MemoKey[list[Element]] = MemoKey("media.elements")


def _media_elements(doc: Document) -> list[Element]:
    """Every ``video`` and ``audio`` of the page, found once."""
    return doc.memo(_ELEMENTS_KEY, lambda: list(doc.root.iter("video", "audio")))


_IFRAMES_KEY: MemoKey[list[Element]] = MemoKey("media.iframes")


def _iframes(doc: Document) -> list[Element]:
    return doc.memo(_IFRAMES_KEY, lambda: list(doc.root.iter("iframe")))


_RESOURCES_KEY: MemoKey[dict[Element, Media]] = MemoKey("media.resources")


def media_of(doc: Document, element: Element) -> Media:
    """The element's resource: its ``src``, else the first ``<source>`` a browser would get to play."""
    cache = doc.memo(_RESOURCES_KEY, dict)
    if element not in cache:
        cache[element] = _resolve(doc, element)
    return cache[element]


def _resolve(doc: Document, element: Element) -> Media:
    src = element.get("src")
    urls = [src.strip()] if src is not None else [
        s.get("src", "").strip() for s in element.iter("source") if s.get("src", "").strip()
    ]
    for url in urls:
        path = local_file(doc, url)
        if path is None:  # remote: the browser plays it, we cannot read it
            return Media(url, None)
        info = probe(path)
        if info is not None:
            return Media(url, info)
    return Media(urls[0] if urls else "", None)


# -- what the page offers besides the media (once per page) ------------------------------------
_TEXT_KEY: MemoKey[bool] = MemoKey("media.text")
_VISIBLE_TEXT_KEY: MemoKey[bool] = MemoKey("media.visible_text")


def _has_text(doc: Document, *, visible: bool) -> bool:
    """Text outside the media that is in the accessibility tree (and visible): text nodes, text
    alternatives (alt, aria-label, title) and embedded documents, which may hold text."""

    def shown(element: Element) -> bool:
        return not is_programmatically_hidden(doc, element) and (not visible or is_visible(doc, element))

    def compute() -> bool:
        for text, owner in _body_texts(doc):
            if _WORD_RE.search(text) and shown(owner):
                return True
        return any(shown(element) for element in _XP_TEXT_CARRIERS(doc.root))

    return doc.memo(_VISIBLE_TEXT_KEY if visible else _TEXT_KEY, compute)


def _body_texts(doc: Document) -> Iterator[tuple[str, Element]]:
    """The text nodes in ``body`` and not in an element of :data:`_NOT_TEXT`, with the elements that
    hold them, in document order: lazily (a page's first words are usually near its top), where an
    XPath query would gather every text node of a large page first."""
    for body in doc.root.iter("body"):
        yield from text_nodes(body, _NOT_TEXT)


_LINKS_KEY: MemoKey[bool] = MemoKey("media.links")


def _has_links(doc: Document) -> bool:
    """A link or an embedded document (iframe, object) in the accessibility tree."""
    return doc.memo(
        _LINKS_KEY,
        lambda: any(not is_programmatically_hidden(doc, el) for el in (*_XP_LINKS(doc.root), *_XP_EMBEDS(doc.root))),
    )


_SCRIPT_KEY: MemoKey[bool] = MemoKey("media.script")


def _has_script(doc: Document) -> bool:
    return doc.memo(_SCRIPT_KEY, lambda: bool(_XP_SCRIPT(doc.root)))


# -- applicability shared by the ACT media rules ------------------------------------------------------
def _media_targets(doc: Document, tag: str) -> Iterator[tuple[Element, Media]]:
    """``video`` or ``audio`` elements that have a resource to play."""
    for element in _media_elements(doc):
        if element.tag == tag:
            media = media_of(doc, element)
            if media.url:
                yield element, media


def _video_rule(doc: Document, options: Mapping[str, Any], sound: bool | None, verdict: Verdict) -> Iterator[Finding]:
    """Run ``verdict`` on every visible video; ``sound`` True/False keeps only videos with/without audio."""
    for element, media in _media_targets(doc, "video"):
        if not is_visible(doc, element):
            continue
        if sound is not None and media.sound is (not sound):
            continue
        if sound is not None and media.sound is None and not media.reviewed(options):
            yield cant_tell(element, "unknown_audio", file=media.name)
        else:
            yield _verdict(doc, element, media, options, verdict)


def _audio_rule(doc: Document, options: Mapping[str, Any], verdict: Verdict) -> Iterator[Finding]:
    """Run ``verdict`` on every audio element that plays by itself or has a visible play button."""
    for element, media in _media_targets(doc, "audio"):
        if element.get("autoplay") is None and not _native_controls(doc, element):
            if _has_script(doc):
                yield cant_tell(element, "scripted", file=media.name)
            continue
        yield _verdict(doc, element, media, options, verdict)


def _native_controls(doc: Document, element: Element) -> bool:
    """The element shows its browser controls (play, pause, mute) to everyone."""
    shown = element.get("controls") is not None and is_visible(doc, element)
    return shown and not is_programmatically_hidden(doc, element)


def _verdict(doc: Document, element: Element, media: Media, options: Mapping[str, Any], verdict: Verdict) -> Finding:
    """The rule's verdict, or passed when the ``reviewed`` option says a human checked this file."""
    return passed(element, "reviewed", file=media.name) if media.reviewed(options) else verdict(doc, element, media)


def _combine(findings: list[Finding], element: Element, media: Media) -> Finding:
    """An ACT rule passed when one of its sub-rules passes, failed when all fail, else cantTell."""
    outcomes = {f.outcome for f in findings}
    if "passed" in outcomes:
        return passed(element, file=media.name)
    if outcomes == {"failed"}:
        return failed(element, "no_alternative", file=media.name)
    return cant_tell(element, "check_alternative", file=media.name)


# -- the judgements the page can only prepare -------------------------------------------------------
def _transcript(visible: bool) -> Verdict:
    """A transcript on the page or linked (in the accessibility tree, and visible when asked)."""

    def verdict(doc: Document, element: Element, media: Media) -> Finding:
        if _has_text(doc, visible=visible) or _has_links(doc):
            return cant_tell(element, "check_transcript", file=media.name)
        if media.info is None:
            return cant_tell(element, "unknown_file", file=media.name)
        return failed(element, "no_transcript", file=media.name)

    return verdict


def _text_alternative(doc: Document, element: Element, media: Media) -> Finding:
    """The media is an alternative for text on the page: that text must be visible."""
    if _has_text(doc, visible=True):
        return cant_tell(element, "check_text", file=media.name)
    if media.info is None:
        return cant_tell(element, "unknown_file", file=media.name)
    return failed(element, "no_text", file=media.name)


def _tracks(element: Element, kinds: tuple[str, ...]) -> list[Element]:
    return [t for t in element.iter("track") if _track_kind(t) in kinds and t.get("src", "").strip()]


def _track_kind(track: Element) -> str:
    kind = track.get("kind")
    if kind is None:
        return "subtitles"
    kind = kind.strip().lower()
    return kind if kind in _TRACK_KINDS else "metadata"


def _captions(doc: Document, element: Element, media: Media) -> Finding:
    tracks = _tracks(element, _CAPTION_KINDS)
    if tracks:
        return cant_tell(element, "check_track", file=media.name, track=_file_name(tracks[0].get("src", "")))
    return cant_tell(element, "no_track", file=media.name)


def _audio_description(doc: Document, element: Element, media: Media) -> Finding:
    tracks = _tracks(element, ("descriptions",))
    if tracks:
        return cant_tell(element, "check_track", file=media.name, track=_file_name(tracks[0].get("src", "")))
    return cant_tell(element, "check_audio", file=media.name)


def _audio_track_alternative(doc: Document, element: Element, media: Media) -> Finding:
    others = [el for el in _media_elements(doc) if el is not element and media_of(doc, el).url]
    if others or _has_links(doc):
        return cant_tell(element, "check_audio_alternative", file=media.name)
    if media.info is None:
        return cant_tell(element, "unknown_file", file=media.name)
    return failed(element, "no_audio_alternative", file=media.name)


def _any_of(*verdicts: Verdict) -> Verdict:
    def verdict(doc: Document, element: Element, media: Media) -> Finding:
        return _combine([v(doc, element, media) for v in verdicts], element, media)

    return verdict


def _file_name(url: str) -> str:
    return Media(url.strip(), None).name


# -- ACT video and audio rules ----------------------------------------------------------------------------
@check("video-transcript")
def video_transcript(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Visible video: its visual information is in a transcript on the page or linked (ACT 1a02b0)."""
    yield from _video_rule(doc, options, None, _transcript(visible=False))


@check("video-audio-captions")
def video_audio_captions(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Visible video with sound: its audio information is captioned (ACT f51b46)."""
    yield from _video_rule(doc, options, True, _captions)


@check("video-media-alternative")
def video_media_alternative(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Visible video with sound is an alternative for text on the page (ACT ab4d13)."""
    yield from _video_rule(doc, options, True, _text_alternative)


@check("video-audio-description")
def video_audio_description(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Visible video with sound: its visual information is in its audio or a description (ACT 1ea59c)."""
    yield from _video_rule(doc, options, True, _audio_description)


@check("video-audio-alternative")
def video_audio_alternative(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Visible video with sound: captions, or it is an alternative for text (ACT eac66b)."""
    yield from _video_rule(doc, options, True, _any_of(_text_alternative, _captions))


@check("video-visual-alternative")
def video_visual_alternative(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Visible video with sound: audio description, transcript or text alternative (ACT c5a4ea)."""
    yield from _video_rule(doc, options, True, _any_of(_audio_description, _transcript(visible=False),
                                                       _text_alternative))


@check("video-visual-alternative-strict")
def video_visual_alternative_strict(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Visible video with sound: audio description, or it is an alternative for text (ACT 1ec09b)."""
    yield from _video_rule(doc, options, True, _any_of(_audio_description, _text_alternative))


@check("video-silent-transcript")
def video_silent_transcript(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Visible video without sound: a transcript on the page or linked (ACT ee13b5)."""
    yield from _video_rule(doc, options, False, _transcript(visible=False))


@check("video-silent-media-alternative")
def video_silent_media_alternative(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Visible video without sound is an alternative for text on the page (ACT fd26cf)."""
    yield from _video_rule(doc, options, False, _text_alternative)


@check("video-silent-audio-track")
def video_silent_audio_track(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Visible video without sound: an audio alternative (ACT d7ba54)."""
    yield from _video_rule(doc, options, False, _audio_track_alternative)


@check("video-silent-alternative")
def video_silent_alternative(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Visible video without sound: text alternative, transcript or audio alternative (ACT c3232f)."""
    yield from _video_rule(doc, options, False, _any_of(_text_alternative, _transcript(visible=False),
                                                        _audio_track_alternative))


@check("audio-transcript")
def audio_transcript(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Playable audio: a visible transcript on the page or linked (ACT 2eb176)."""
    yield from _audio_rule(doc, options, _transcript(visible=True))


@check("audio-media-alternative")
def audio_media_alternative(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Playable audio is an alternative for text on the page (ACT afb423)."""
    yield from _audio_rule(doc, options, _text_alternative)


@check("audio-alternative")
def audio_alternative(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Playable audio: a transcript, or it is an alternative for text (ACT e7aa44)."""
    yield from _audio_rule(doc, options, _any_of(_transcript(visible=True), _text_alternative))


# -- autoplay (WCAG 1.4.2) -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Autoplay:
    """What is known of an autoplaying, unmuted element's audio output."""

    element: Element
    media: Media
    applicable: bool | None  # a resource over 3 s with sound (None: unknown)
    output: float | None  # seconds of sound it plays (None: unknown)
    window: float | None  # length of the media fragment it plays, when the URL gives one


_AUTOPLAY_KEY: MemoKey[list[_Autoplay]] = MemoKey("media.autoplay")


def _autoplaying(doc: Document) -> list[_Autoplay]:
    def compute() -> list[_Autoplay]:
        found = []
        for element in _media_elements(doc):
            media = media_of(doc, element)
            if element.get("autoplay") is None or element.get("muted") is not None or not media.url:
                continue
            start, end = media_window(media.url)
            window = None if end is None else max(0.0, end - start)
            info = media.info
            if info is None:
                found.append(_Autoplay(element, media, None, None, window))
                continue
            sound = info.has_sound
            applicable = None if sound is None else sound and info.duration > _AUTOPLAY_LIMIT
            if applicable is False:
                continue
            output = info.sound_between(start, end)
            found.append(_Autoplay(element, media, applicable, output, window))
        return found

    return doc.memo(_AUTOPLAY_KEY, compute)


def _short_audio(doc: Document, target: _Autoplay) -> Finding:
    """The audio it plays lasts 3 seconds at most (ACT aaa1bf's expectation)."""
    element, name = target.element, target.media.name
    if element.get("loop") is not None:
        return cant_tell(element, "loops", file=name)
    if target.window is not None and target.window <= _AUTOPLAY_LIMIT:
        return passed(element, "short_fragment", file=name, seconds=f"{target.window:g}")
    if target.output is None:
        return cant_tell(element, "unknown_audio", file=name)
    if target.output <= _AUTOPLAY_LIMIT:
        return passed(element, file=name, seconds=f"{target.output:.1f}")
    if not target.applicable:
        return cant_tell(element, "unknown_audio", file=name)
    return failed(element, "long_sound", file=name, seconds=f"{target.output:.1f}")


def _control(doc: Document, target: _Autoplay) -> Finding:
    """A visible, named instrument in the page pauses or mutes it (ACT 4c31df's expectations)."""
    element, name = target.element, target.media.name
    if _native_controls(doc, element):
        return passed(element, file=name)
    candidates = [
        el for el in _XP_CONTROLS(doc.root)
        if (role(doc, el) in _CONTROL_ROLES or el.get("onclick") is not None)
        and not is_programmatically_hidden(doc, el) and is_visible(doc, el) and accessible_name(doc, el)
    ]
    for candidate in candidates:  # a control whose name says it pauses, stops or mutes is that instrument
        if _STOP_WORDS.search(accessible_name(doc, candidate)):
            return passed(element, "pass_control", file=name, control=accessible_name(doc, candidate))
    if candidates:
        nearest = _nearest_control(doc, element, candidates)
        if nearest is None:
            return cant_tell(element, "check_page_controls", file=name)
        return cant_tell(element, "check_controls", file=name, control=accessible_name(doc, nearest))
    if not target.applicable:
        return cant_tell(element, "unknown_audio", file=name)
    return failed(element, "no_control", file=name)


def _navigates(doc: Document, control: Element) -> bool:
    """A link that goes somewhere (another page, a place in this one): not a player's control."""
    href = (control.get("href") or "").strip().lower()
    if control.tag not in ("a", "area") or not href or href == "#" or href.startswith("javascript:"):
        return False
    return control.get("onclick") is None and role(doc, control) == "link"


_PLAYER_LEVELS = 2  # a player's controls sit beside the media, in its parent or grandparent


def _nearest_control(doc: Document, media: Element, candidates: list[Element]) -> Element | None:
    """The control a reviewer should try on a media element: of those that are no navigation link, the
    one in the media's nearest container (then the closest in document order); None when that container
    is not the media's parent or grandparent (a menu button in the page header is no candidate)."""
    depth = {node: n for n, node in enumerate(reversed([media, *media.iterancestors()]))}
    order = doc.order

    def closeness(control: Element) -> tuple[int, int]:
        shared = next((depth[node] for node in control.iterancestors() if node in depth), 0)
        return -shared, abs(order[control] - order[media])

    plausible = [c for c in candidates if not _navigates(doc, c)]
    nearest = min(plausible, key=closeness, default=None)
    if nearest is None or -closeness(nearest)[0] < depth[media] - _PLAYER_LEVELS:
        return None
    return nearest


@check("autoplay-short-audio")
def autoplay_short_audio(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Autoplaying, unmuted media plays no more than 3 seconds of audio (ACT aaa1bf)."""
    for target in _autoplaying(doc):
        yield _short_audio(doc, target)


@check("autoplay-control")
def autoplay_control(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Autoplaying, unmuted media with over 3 seconds of audio has a control to stop it (ACT 4c31df)."""
    for target in _autoplaying(doc):
        yield _control(doc, target)


@check("autoplay-audio")
def autoplay_audio(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Autoplaying audio lasts 3 seconds at most or can be stopped (ACT 80f0bf)."""
    for target in _autoplaying(doc):
        yield _combine([_short_audio(doc, target), _control(doc, target)], target.element, target.media)


# -- iframes -------------------------------------------------------------------------------------------------
def _negative_tabindex(element: Element) -> bool:
    index = tabindex_value(element)
    return index is not None and index < 0


@check("iframe-name")
def iframe_name(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """An iframe in the accessibility tree and the tab order has a non-empty name (ACT cae760)."""
    for frame in _iframes(doc):
        if role(doc, frame) in PRESENTATIONAL or _negative_tabindex(frame) or is_programmatically_hidden(doc, frame):
            continue
        name = accessible_name(doc, frame)
        if name:
            yield passed(frame, name=name)
        else:
            yield failed(frame, "unnamed", src=_file_name(frame.get("src") or "") or "srcdoc")


def _frame_document(doc: Document, frame: Element) -> Document | None:
    """The document an iframe shows: its ``srcdoc``, or a local ``src`` file; None when unknown."""
    srcdoc = frame.get("srcdoc")
    if srcdoc is not None:
        return Document(Source.from_text(srcdoc), files=doc.files)
    path = local_file(doc, frame.get("src") or "")
    if path is None or doc.files is None:
        return None
    try:
        return Document(Source.from_bytes(read_regular(path, READ_LIMIT)), path=path, files=doc.files.beside(path))
    except (InputError, OSError):
        return None


def _tiny(frame: Element) -> bool:
    """Width or height of at most 1 pixel (attribute or inline style): its content cannot be seen."""
    sizes = [frame.get("width"), frame.get("height")]
    sizes += [m.group(2) for m in _SIZE_RE.finditer(frame.get("style") or "")]
    for size in sizes:
        try:
            if float((size or "").strip().removesuffix("px")) <= 1:
                return True
        except ValueError:
            continue
    return False


@check("iframe-tab-order")
def iframe_tab_order(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """An iframe holding tabbable content is not taken out of the tab order (ACT akn7bn)."""
    for frame in _iframes(doc):
        if is_inert(doc, frame) or not is_visible(doc, frame) or _tiny(frame):
            continue
        src = (frame.get("src") or "").strip()
        if frame.get("srcdoc") is None and src.lower() in ("", "about:blank"):
            continue  # an empty document: nothing to tab to
        src = "srcdoc" if frame.get("srcdoc") is not None else _file_name(src)
        inner = _frame_document(doc, frame)
        if inner is None:
            if _negative_tabindex(frame):
                yield cant_tell(frame, "unknown_content", src=src)
            continue
        tabbable = next((el for el in _XP_TABBABLE(inner.root) if is_tabbable(inner, el) and is_visible(inner, el)),
                        None)
        if tabbable is None:
            continue
        if _negative_tabindex(frame):
            yield failed(frame, "excluded", src=src, target=inner.snippet(tabbable))
        else:
            yield passed(frame, src=src)


# -- house rules ------------------------------------------------------------------------------------------------
@check("media-fallback")
def media_fallback(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The fallback content of video and audio offers the media another way: a link to it or a transcript."""
    for element in _media_elements(doc):
        if not is_rendered(doc, element):
            continue
        text = doc.text(element)  # source and track are void: whatever the parser nests in them is fallback
        tag = element.tag
        if _XP_FALLBACK_LINK(element):
            yield passed(element, tag=tag)
        elif not _WORD_RE.search(text):
            yield failed(element, "missing", tag=tag, file=media_of(doc, element).name or "(no source)")
        elif _UNSUPPORTED_RE.search(text) and len(text.split()) <= 30:
            yield failed(element, "unsupported", tag=tag, text=text)
        else:
            yield cant_tell(element, "check", tag=tag, text=text)


@check("video-captions")
def video_captions(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A rendered video with sound has a captions or subtitles track."""
    for element, media in _media_targets(doc, "video"):
        if not is_visible(doc, element):
            continue
        tracks = _tracks(element, _CAPTION_KINDS)
        if tracks:
            yield passed(element, file=media.name, track=_file_name(tracks[0].get("src", "")))
        elif media.sound is False:
            yield passed(element, "no_sound", file=media.name)
        elif media.reviewed(options):
            yield passed(element, "reviewed", file=media.name)
        elif media.sound is None:
            yield cant_tell(element, "unknown_audio", file=media.name)
        else:
            yield cant_tell(element, "no_track", file=media.name)


@check("track-valid")
def track_valid(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A ``track`` has a ``src``, subtitles name their language, and a local WebVTT file has cues."""
    for track in doc.root.iter("track"):
        src = (track.get("src") or "").strip()
        kind = _track_kind(track)
        if not src:
            yield failed(track, "no_src", kind=kind)
            continue
        name = _file_name(src)
        if kind == "subtitles" and not (track.get("srclang") or "").strip():
            yield failed(track, "no_srclang", file=name)
            continue
        path = local_file(doc, src)
        if path is None:
            yield passed(track, "not_read", file=name, kind=kind)
            continue
        info = read_track(path)
        if info is None:
            yield cant_tell(track, "unreadable", file=name, limit=f"{READ_LIMIT >> 20} MiB")
        elif not info.webvtt or not info.cues:
            yield failed(track, "no_cues", file=name)
        else:
            yield passed(track, file=name, kind=kind, cues=info.cues)
