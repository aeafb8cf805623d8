"""Fetching a page by URL: the one case where a11ycheck uses the network, because the user asked.

httpx with an overall deadline, a size limit, redirects followed; the charset of the ``Content-Type`` header
takes part in decoding as a browser's does (after a BOM, before the ``<meta>`` prescan).
"""

from __future__ import annotations

import re
import threading
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .budget import TIMEOUT
from .source import MAX_BYTES, InputError, Source, too_large

if TYPE_CHECKING:
    import socket
    import ssl

__all__ = ["USER_AGENT", "FetchedPage", "HTTPStatusError", "fetch", "fetch_bytes", "is_url", "origin_of",
           "source_of"]

_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
USER_AGENT = "a11ycheck"  # the User-Agent of every request, and the name robots.txt rules are matched by
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


class HTTPStatusError(InputError):
    """An HTTP error status (4xx, 5xx) answered the request."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A page fetched by URL: its final URL and the limits of its fetch (the files of its origin that it
    names, its style sheets, are fetched within the same limits)."""

    url: str
    timeout: float
    max_bytes: int


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
        import socket  # (only for a fetch: a run over files never imports it)

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


@cache
def _tls() -> ssl.SSLContext:
    """httpx's default TLS settings, made once per process: making them takes 100-150 ms (the CA bundle is
    read), far more than fetching a page from a nearby server, and a site's pages are fetched one by one."""
    import httpx

    return httpx.create_ssl_context()


def fetch(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> tuple[Source, str]:
    """The decoded page at ``url`` and its final URL (after redirects), all of it within ``timeout``
    seconds and ``max_bytes`` bytes; :class:`InputError` on failure."""
    body, media_type, final = fetch_bytes(url, timeout=timeout, max_bytes=max_bytes, html_only=True)
    return source_of(body, media_type), final


def source_of(body: bytes, media_type: str) -> Source:
    """A fetched page decoded, the charset of its ``Content-Type`` taking part."""
    match = _CHARSET_RE.search(media_type)
    return Source.from_bytes(body, http_charset=match.group(1) if match else None)


def fetch_bytes(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES,
                html_only: bool = False, origin: str | None = None) -> tuple[bytes, str, str]:
    """The body at ``url`` (its ``Content-Encoding`` decoded), its ``Content-Type`` and its final URL, within
    ``timeout`` seconds and ``max_bytes`` bytes; with ``html_only``, only HTML media types; with ``origin``
    (``scheme://host:port``), only URLs of that origin are requested, redirects included; :class:`InputError`
    on failure, ``HTTP 404 Not Found`` and the like for an HTTP error status."""
    import httpx

    def same_origin(request: httpx.Request) -> None:  # (called for every request, each redirect's too)
        if origin is not None and origin_of(str(request.url)) != origin:
            raise InputError("not of the page's origin")

    late = InputError(f"took longer than {timeout:g} s to fetch (--timeout)")
    deadline = _Deadline(timeout)
    try:
        with deadline, \
                httpx.Client(follow_redirects=True, timeout=timeout, headers={"User-Agent": USER_AGENT},
                             verify=_tls(), event_hooks={"request": [same_origin]}) as client, \
                client.stream("GET", url, extensions={"trace": deadline.trace}) as response:
            if response.status_code >= 400:
                status = response.status_code
                raise HTTPStatusError(status, f"HTTP {status} {response.reason_phrase}".strip())
            media_type = response.headers.get("content-type", "")
            if html_only and media_type.split(";")[0].strip().lower() not in _HTML_TYPES:
                raise InputError(f"not an HTML page (Content-Type {media_type.split(';')[0].strip()})")
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
    except httpx.InvalidURL as exc:  # (a URL urllib splits but httpx does not: http://[::1/x, a bad port)
        raise InputError(f"not a valid URL ({exc})") from None
    except httpx.HTTPError as exc:
        if deadline.expired.is_set():
            raise late from None
        raise InputError(f"cannot fetch ({type(exc).__name__}: {exc})") from None
    if deadline.expired.is_set():  # (the last bytes came in as the connection was shut down)
        raise late
    return b"".join(chunks), media_type, final
