"""Fetching a page by URL: the one case where a11ycheck uses the network, because the user asked.

httpx with an overall deadline, a size limit, redirects followed; the charset of the ``Content-Type`` header
takes part in decoding as a browser's does (after a BOM, before the ``<meta>`` prescan).
"""

from __future__ import annotations

import re
import socket
import threading
import time
from contextlib import suppress
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from .budget import TIMEOUT
from .source import MAX_BYTES, InputError, Source, too_large

__all__ = ["Fetched", "fetch", "fetch_same_origin", "is_url", "origin_of"]

_MAX_REDIRECTS = 5

_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


@dataclass(frozen=True, slots=True)
class Fetched:
    """A page fetched by URL: its final URL and the limits of its fetch (the files of its origin that it
    names, its style sheets, are fetched within the same limits)."""

    url: str
    timeout: float
    max_bytes: int


def is_url(path: str) -> bool:
    """True for an http(s) URL given where a path could be."""
    return path.startswith(("http://", "https://"))


class _Deadline:
    """Ends a fetch at its deadline: shuts down every connection it opened, which ends a read that waits
    (httpx's timeout bounds each read, not the whole: a server sending a byte a second never ends it)."""

    def __init__(self, seconds: float) -> None:
        self.expired = threading.Event()
        self.sockets: list[socket.socket] = []  # duplicates: they outlive the originals that TLS detaches
        self.timer = threading.Timer(seconds, self._expire)
        self.timer.daemon = True

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace hook: note each new connection."""
        if event == "connection.connect_tcp.complete":
            sock = info["return_value"].get_extra_info("socket")
            if sock is not None:
                self.sockets.append(sock.dup())
                if self.expired.is_set():  # (expired while it connected)
                    self._expire()

    def _expire(self) -> None:
        self.expired.set()
        for sock in self.sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Deadline:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()
        for sock in self.sockets:
            sock.close()


def fetch(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> tuple[Source, str]:
    """The decoded page at ``url`` and its final URL (after redirects), all of it within ``timeout``
    seconds and ``max_bytes`` bytes; :class:`InputError` on failure."""
    data, media_type, final, _ = _download(url, timeout=timeout, max_bytes=max_bytes, types=_HTML_TYPES,
                                           kind="an HTML page")
    match = _CHARSET_RE.search(media_type)
    return Source.from_bytes(data, http_charset=match.group(1) if match else None), final


def fetch_same_origin(url: str, origin: str, *, timeout: float, max_bytes: int, types: tuple[str, ...],
                      kind: str) -> tuple[bytes, str, str]:
    """The bytes at ``url`` (of a media type among ``types``), their ``Content-Type`` and final URL, fetched
    only while every URL on the way (``url`` and each redirect) has the origin ``origin``
    (``scheme://host:port``); within ``timeout`` seconds in all and ``max_bytes`` bytes. :class:`InputError`
    on failure or on leaving the origin."""
    deadline = time.monotonic() + timeout
    for _ in range(_MAX_REDIRECTS + 1):
        if origin_of(url) != origin:
            raise InputError("not of the page's origin")
        left = deadline - time.monotonic()
        if left <= 0:
            raise InputError(f"took longer than {timeout:g} s to fetch (--timeout)")
        data, media_type, final, location = _download(url, timeout=left, max_bytes=max_bytes, types=types,
                                                      kind=kind, follow=False)
        if location is None:
            return data, media_type, final
        url = urljoin(url, location)
    raise InputError("too many redirects")


def origin_of(url: str) -> str | None:
    """``scheme://host:port`` of an http(s) URL (the default port written out); None for any other."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return f"{parts.scheme}://{parts.hostname}:{port or (443 if parts.scheme == 'https' else 80)}"


def _download(url: str, *, timeout: float, max_bytes: int, types: tuple[str, ...], kind: str,
              follow: bool = True) -> tuple[bytes, str, str, str | None]:
    """(body, Content-Type, final URL, None) of a GET of ``kind`` (one of the media ``types``); without
    ``follow``, a redirect is not followed: (b"", "", URL, its location)."""
    import httpx

    late = InputError(f"took longer than {timeout:g} s to fetch (--timeout)")
    deadline = _Deadline(timeout)
    try:
        with deadline, \
                httpx.Client(follow_redirects=follow, timeout=timeout, headers={"User-Agent": "a11ycheck"}) as client, \
                client.stream("GET", url, extensions={"trace": deadline.trace}) as response:
            if not follow and response.is_redirect:
                return b"", "", url, response.headers.get("location", "")
            if response.status_code >= 400:
                raise InputError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
            media_type = response.headers.get("content-type", "")
            if media_type.split(";")[0].strip().lower() not in types:
                raise InputError(f"not {kind} (Content-Type {media_type.split(';')[0].strip()})")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise too_large(max_bytes)
                if deadline.expired.is_set():
                    raise late
                chunks.append(chunk)
            final = str(response.url)
    except httpx.TimeoutException:
        raise late from None
    except httpx.HTTPError as exc:
        if deadline.expired.is_set():
            raise late from None
        raise InputError(f"cannot fetch ({type(exc).__name__}: {exc})") from None
    if deadline.expired.is_set():  # (the last bytes came in as the connection was shut down)
        raise late
    return b"".join(chunks), media_type, final, None
