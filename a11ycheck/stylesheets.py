"""The page's style sheets in cascade order: its ``<style>`` elements, its linked sheets and their ``@import``s.

A linked sheet (``<link rel="stylesheet" href>``, not alternate, not disabled, of type ``text/css`` or none)
and an imported one are read only

- from a local file, through the page's confined resolver (:mod:`a11ycheck.localfiles`: inside the root,
  never through a link out of it, regular files only, at most :data:`~a11ycheck.localfiles.READ_LIMIT`
  bytes); the text of a file is kept for the run by its identity, size and time of change, so a site's
  pages read their shared sheets once;
- or, for a page fetched by URL, from the page's own origin (redirects included), within the page's size
  bound, all the sheets of a page within a quarter of its time budget; a sheet fetched (or failed) is kept
  for five minutes by URL, so a site's pages fetch their shared sheets once per process.

A page is checked as the top-level document a browser shows: a ``<style>`` that only hides the whole page
(``html`` or ``body`` ``{display: none}``) on a page whose script tests whether it is framed (``self ==
top``: the frame-busting defence, which shows the page when it is not) is left out.

Nothing else is ever read: a sheet elsewhere (another host, a ``data:`` URL, a file outside the root) is
*unread*, as is one that fails; the page is checked without it. ``media`` attributes, the media of an
``@import`` and (in :mod:`a11ycheck.css`) ``@media`` blocks are evaluated for the viewport of
:func:`~a11ycheck.css.media_matches`. An ``@import`` is expanded in place (before the rules of its sheet),
:data:`MAX_DEPTH` deep at most, :data:`MAX_SHEETS` sheets per page at most, an import cycle not followed.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import tinycss2
import webencodings
from tinycss2.ast import FunctionBlock, IdentToken, Node, StringToken, URLToken

from .fetch import fetch_bytes, origin_of
from .localfiles import READ_LIMIT, open_regular
from .mediaqueries import media_matches
from .memo import MemoKey
from .source import InputError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .document import Document, Element
    from .localfiles import LocalFiles

__all__ = ["MAX_DEPTH", "MAX_SHEETS", "PageSheet", "font_sheet", "page_sheets", "unread_sheets", "unread_styling"]

MAX_DEPTH = 8  # @import levels followed below a page's sheet
MAX_SHEETS = 256  # linked and imported sheets read for one page
_CSS_TYPES = ("text/css", "")
_CACHE_CHARS = 64 * 1024 * 1024  # decoded local sheets kept for the run, in characters
_LEADING = re.compile(r"(?:\s+|/\*.*?(?:\*/|\Z))*", re.DOTALL)  # whitespace and comments
_STATEMENT = re.compile(r"@(import|charset|layer)\b[^;{}]*(?:;|\Z)", re.IGNORECASE)
_CHARSET = re.compile(rb'@charset "([\x00-\x21\x23-\x7f]*)";')


@dataclass(frozen=True, slots=True)
class PageSheet:
    """One style sheet of the page that applies on screen."""

    text: str
    href: str | None  # the URL it was read from, resolved; None for a <style> element
    order: int  # its place in cascade order: 0, 1, …
    owner: Element  # the <style> or <link> element that brings it (an imported sheet: its importer's)


@dataclass(frozen=True, slots=True)
class _Read:
    sheets: tuple[PageSheet, ...]
    unread: tuple[str, ...]  # the URLs of applicable linked or imported sheets that could not be read


_SHEETS_KEY: MemoKey[_Read] = MemoKey("stylesheets.sheets")


def page_sheets(doc: Document) -> tuple[PageSheet, ...]:
    """The page's style sheets that apply on screen, in cascade order (read once per page)."""
    return doc.memo(_SHEETS_KEY, lambda: _Reader(doc).read()).sheets


def unread_sheets(doc: Document) -> tuple[str, ...]:
    """The URLs of the linked or imported sheets whose rules are unknown: they apply but could not be read,
    or they are for a screen of other features than the viewport's (the user's screen is unknown)."""
    return doc.memo(_SHEETS_KEY, lambda: _Reader(doc).read()).unread


# Web font services, whose stylesheets hold @font-face rules only.
_FONT_HOSTS = frozenset(["fonts.googleapis.com", "use.typekit.net", "p.typekit.net", "fast.fonts.net",
                         "cloud.typography.com", "glyph.medium.com", "typeface.nyt.com"])


def font_sheet(url: str) -> bool:
    """A stylesheet of web fonts: from a web font service, or named for fonts (``fonts.css``, ``web-fonts.….css``,
    a ``/fonts/css/`` folder) and not for an icon font, whose sheet also has classes of its own."""
    parts = urlsplit(url.strip())
    path = parts.path.lower()
    if (parts.hostname or "").lower() in _FONT_HOSTS:
        return True
    name = path.rsplit("/", 1)[-1]
    return ("font" in name or "/fonts/css/" in path) and not any(word in path for word in ("awesome", "icon"))


def unread_styling(doc: Document) -> tuple[str, ...]:
    """:func:`unread_sheets` but the sheets of web fonts (their ``@font-face`` rules style no element)."""
    return tuple(url for url in unread_sheets(doc) if not font_sheet(url))


def _applies(element: Element) -> bool:
    """A ``<style>`` or ``<link>`` element whose sheet the browser applies on some screen (its ``media``
    aside)."""
    if (element.get("type") or "").split(";")[0].strip().lower() not in _CSS_TYPES:
        return False
    if element.tag == "style":
        return True
    rel = (element.get("rel") or "").lower().split()
    return (
        "stylesheet" in rel
        and "alternate" not in rel
        and element.get("disabled") is None
        and bool((element.get("href") or "").strip())
    )


def _other_screen(media: str) -> bool:
    """A media query list that does not match the viewport but may match another screen (it has features)."""
    return "(" in media and media_matches(re.sub(r"\([^()]*\)", "", media))


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a sheet was read from, for the URLs of its imports: a local file's real path, or a fetched URL;
    and its URL as the page names it (all None: the page itself)."""

    path: str | None = None
    url: str | None = None
    href: str | None = None


_PAGE = _Place()


_PAGE_HIDDEN = re.compile(r"\s*(?:/\*.*?\*/\s*)*(?:html|body)\s*\{\s*display\s*:\s*none\s*(?:!\s*important\s*)?;?"
                          r"\s*\}\s*", re.IGNORECASE | re.DOTALL)
_FRAME_TEST = re.compile(r"\b(?:window\.)?(?:self|top)\s*[!=]==?\s*(?:window\.)?(?:self|top)\b")


def _frame_busting(doc: Document) -> bool:
    """The page's source compares ``self`` and ``top`` (whether the page is framed): asked only of a page that a
    sheet hides whole (the tree keeps few scripts' text, so the source is searched)."""
    return _FRAME_TEST.search(doc.source.text) is not None


class _Reader:
    """Reads one page's sheets, each at most once per chain of imports."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.sheets: list[PageSheet] = []
        self.unread: list[str] = []
        self.count = 0
        fallback = webencodings.lookup(doc.source.encoding or "")
        self.fallback = fallback if fallback is not None else webencodings.UTF8
        fetched = doc.fetched
        self.origin = origin_of(fetched.url) if fetched is not None else None
        self.deadline: float | None = None  # set at the first fetch

    def read(self) -> _Read:
        for element in self.doc.root.iter("style", "link"):
            if not _applies(element):
                continue
            media = element.get("media")
            if media is not None and not media_matches(media):
                if element.tag == "link" and _other_screen(media):
                    self.unread.append(element.get("href", "").strip())
                continue
            if element.tag == "style":
                text = "".join(element.itertext())
                if not (_PAGE_HIDDEN.fullmatch(text) and _frame_busting(self.doc)):
                    self._expand(text, element, _PAGE, ())
            else:
                self._link(element.get("href", "").strip(), element, _PAGE, ())
        return _Read(tuple(self.sheets), tuple(self.unread))

    def _expand(self, text: str, owner: Element, place: _Place, chain: tuple[str, ...]) -> None:
        """The sheet's imports, then the sheet itself."""
        if len(chain) <= MAX_DEPTH:
            for url, media in _imports(text):
                if media_matches(media):
                    self._link(url, owner, place, chain)
                elif _other_screen(media):
                    self.unread.append(urljoin(place.href, url) if place.href else url)
        self.sheets.append(PageSheet(text, place.href, len(self.sheets), owner))

    def _link(self, url: str, owner: Element, place: _Place, chain: tuple[str, ...]) -> None:
        """Read the sheet at ``url`` (relative to ``place``: a sheet's, or the page's) and expand it."""
        href = urljoin(place.href, url) if place.href else url
        path, fetch = self._locate(url, place)
        key = path or fetch
        if key is None:
            self.unread.append(href)
            return
        if key in chain:
            return  # an import cycle: the sheet is already being read
        if self.count >= MAX_SHEETS:
            self.unread.append(href)
            return
        self.count += 1
        if path is not None:
            text = _read_local(path, self.fallback)
            here = _Place(path=path, href=href)
        else:
            text, final = self._remote(fetch) if fetch is not None else (None, None)
            here = _Place(url=final, href=fetch)
        if text is None:
            self.unread.append(href)
            return
        self._expand(text, owner, here, (*chain, key))

    def _locate(self, url: str, place: _Place) -> tuple[str | None, str | None]:
        """(the real path of a local file, None) or (None, a URL of the page's origin to fetch) for a URL in
        a sheet or link at ``place``; (None, None) for one that may not be read."""
        files: LocalFiles | None = self.doc.files
        if place.url is not None:  # in a fetched sheet
            return None, urljoin(place.url, url)
        if files is not None:
            if place.path is not None:
                found = files.beside(place.path).resolve(url)
            else:
                found = files.resolve(url, self.doc.base_href or "")
            if found is not None:
                return found, None
        if self.origin is not None and place.path is None:
            return None, urljoin(self.doc.base_url, url)
        return None, None

    def _remote(self, url: str) -> tuple[str | None, str | None]:
        """(text, final URL) of a sheet of the page's origin; (None, None) when it cannot be fetched."""
        fetched = self.doc.fetched
        if fetched is None or self.origin is None or origin_of(url) != self.origin:
            return None, None
        key = (url, self.fallback.name, fetched.max_bytes)
        kept = _REMOTE.get(key)
        if kept is not None:
            return kept
        if self.deadline is None:
            self.deadline = time.monotonic() + fetched.timeout / 4
        left = self.deadline - time.monotonic()
        if left <= 0:
            return None, None
        try:
            data, media_type, final = fetch_bytes(url, timeout=left, origin=self.origin,
                                                  max_bytes=min(fetched.max_bytes, READ_LIMIT))
        except InputError:
            _REMOTE.put(key, None)
            return None, None
        text = _decode(data, _charset(media_type) or self.fallback) if media_type.split(";")[0].strip().lower(
            ) in _CSS_TYPES else None
        _REMOTE.put(key, text, final if text is not None else None)
        return text, final if text is not None else None


def _imports(text: str) -> Iterator[tuple[str, str]]:
    """(URL, media query list) of each ``@import`` at the head of a sheet (after ``@charset`` and ``@layer``
    statements only, as an ``@import`` anywhere else is ignored)."""
    position = 0
    while True:
        position = _LEADING.match(text, position).end()  # type: ignore[union-attr]  # (matches the empty string)
        statement = _STATEMENT.match(text, position)
        if statement is None:
            return
        position = statement.end()
        if statement.group(1).lower() == "import":
            found = _import(statement.group(0))
            if found is not None:
                yield found


def _import(statement: str) -> tuple[str, str] | None:
    """(URL, media) of one ``@import`` statement; None when it names no URL. Its ``layer`` and ``supports()``
    are passed over (the sheet applies as if unlayered; ``@supports`` is taken to hold, as in css.py)."""
    rules = tinycss2.parse_stylesheet(statement if statement.endswith(";") else statement + ";")
    if not rules or rules[0].type != "at-rule":
        return None
    tokens = [t for t in rules[0].prelude if t.type != "comment"]
    meaningful = [i for i, t in enumerate(tokens) if t.type != "whitespace"]
    if not meaningful:
        return None
    first = tokens[meaningful[0]]
    if isinstance(first, URLToken | StringToken):
        url = first.value
    elif isinstance(first, FunctionBlock) and first.lower_name == "url":
        strings = [t.value for t in first.arguments if isinstance(t, StringToken)]
        if not strings:
            return None
        url = strings[0]
    else:
        return None
    rest = meaningful[1:]
    while rest and _layer_or_supports(tokens[rest[0]]):
        rest = rest[1:]
    return url, tinycss2.serialize(tokens[rest[0]:]).strip() if rest else ""


def _layer_or_supports(token: Node) -> bool:
    if isinstance(token, IdentToken):
        return token.lower_value == "layer"
    return isinstance(token, FunctionBlock) and token.lower_name in ("layer", "supports")


def _charset(media_type: str) -> webencodings.Encoding | None:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", media_type, re.IGNORECASE)
    return webencodings.lookup(match.group(1)) if match else None


def _decode(data: bytes, fallback: webencodings.Encoding) -> str:
    """A sheet's text as CSS Syntax decodes it: its BOM, else its ``@charset``, else the fallback."""
    match = _CHARSET.match(data)
    if match is not None:
        named = webencodings.lookup(match.group(1).decode("ascii"))
        if named is not None:
            fallback = webencodings.UTF8 if named.name in ("utf-16be", "utf-16le") else named
    return webencodings.decode(data, fallback)[0]


class _Kept:
    """Sheet texts kept for the run (the survey checks pages in threads), the least recently used let go past
    :data:`_CACHE_CHARS` characters; an entry older than ``ttl`` seconds is not used."""

    def __init__(self, ttl: float | None = None) -> None:
        self._texts: OrderedDict[object, tuple[float, str | None, str | None]] = OrderedDict()
        self._chars = 0
        self._ttl = ttl
        self._lock = threading.Lock()

    def get(self, key: object) -> tuple[str | None, str | None] | None:
        """(text, final URL) kept for the key, or None."""
        with self._lock:
            kept = self._texts.get(key)
            if kept is None or (self._ttl is not None and time.monotonic() - kept[0] > self._ttl):
                return None
            self._texts.move_to_end(key)
            return kept[1], kept[2]

    def put(self, key: object, text: str | None, final: str | None = None) -> None:
        with self._lock:
            old = self._texts.pop(key, None)
            self._chars += len(text or "") - len((old or (0, "", ""))[1] or "")
            self._texts[key] = (time.monotonic(), text, final)
            while self._chars > _CACHE_CHARS and len(self._texts) > 1:
                self._chars -= len(self._texts.popitem(last=False)[1][1] or "")


_LOCAL = _Kept()  # by the file's identity, size and time of change
_REMOTE = _Kept(ttl=300.0)  # by URL, failures too: a site's pages fetch their shared sheets once per worker


def _read_local(path: str, fallback: webencodings.Encoding) -> str | None:
    """The decoded text of a local sheet, a regular file of at most :data:`READ_LIMIT` bytes (None when it
    cannot be read); kept for the run by the file's identity, size and time of change."""
    try:
        with open_regular(path) as handle:
            info = os.fstat(handle.fileno())
            key = (path, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, fallback.name)
            kept = _LOCAL.get(key)
            if kept is not None:
                return kept[0]
            if info.st_size > READ_LIMIT:
                return None
            data = handle.read(READ_LIMIT + 1)
    except OSError:
        return None
    if len(data) > READ_LIMIT:
        return None
    text = _decode(data, fallback)
    _LOCAL.put(key, text)
    return text
