"""Fetching a page by URL: the one case where a11ycheck uses the network, because the user asked.

httpx with a timeout, a size limit, redirects followed; the charset of the ``Content-Type`` header
takes part in decoding as a browser's does (after a BOM, before the ``<meta>`` prescan).
"""

from __future__ import annotations

import re

from .source import InputError, Source

__all__ = ["MAX_BYTES", "TIMEOUT", "fetch", "is_url"]

MAX_BYTES = 50 * 1024 * 1024
TIMEOUT = 30.0
_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


def is_url(path: str) -> bool:
    """True for an http(s) URL given where a path could be."""
    return path.startswith(("http://", "https://"))


def fetch(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> tuple[Source, str]:
    """The decoded page at ``url`` and its final URL (after redirects); :class:`InputError` on failure."""
    import httpx

    try:
        with httpx.Client(follow_redirects=True, timeout=timeout, headers={"User-Agent": "a11ycheck"}) as client, \
                client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise InputError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
            media_type = response.headers.get("content-type", "")
            if media_type.split(";")[0].strip().lower() not in _HTML_TYPES:
                raise InputError(f"not an HTML page (Content-Type {media_type.split(';')[0].strip()})")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise InputError(f"page larger than {max_bytes // (1024 * 1024)} MB")
                chunks.append(chunk)
            final = str(response.url)
    except httpx.TimeoutException:
        raise InputError(f"no answer within {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise InputError(f"cannot fetch ({type(exc).__name__}: {exc})") from None
    match = _CHARSET_RE.search(media_type)
    return Source.from_bytes(b"".join(chunks), http_charset=match.group(1) if match else None), final
