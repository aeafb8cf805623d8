"""What a page's URLs say without fetching them: their parts, where they lead, the file name they end in.

A page may hold any text where a URL belongs: a malformed one (``http://[::1``) makes :mod:`urllib.parse`
raise, and is taken here as what a browser takes it for, a URL that leads nowhere.
"""

from __future__ import annotations

from urllib.parse import SplitResult, unquote, urljoin, urlsplit

__all__ = ["file_name", "join_url", "parse_url", "split_url"]


def parse_url(url: str) -> SplitResult | None:
    """The parts of a URL, or None when it is malformed."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def split_url(url: str) -> SplitResult:
    """The parts of a URL; a malformed one is all path."""
    return parse_url(url) or SplitResult("", "", url, "", "")


def join_url(base: str, url: str) -> str | None:
    """``url`` resolved against ``base`` ('' : none), or None when either is malformed."""
    try:
        joined = urljoin(base, url)
    except ValueError:
        return None
    return joined if parse_url(joined) is not None else None


def file_name(url: str) -> str:
    """The decoded last path segment of a URL ('' for a data: URL or a bare directory)."""
    if url.startswith("data:"):
        return ""
    raw = split_url(url).path.rsplit("/", 1)[-1]
    decoded = unquote(raw)
    return raw if "\ufffd" in decoded else decoded  # a stray % is not an escape
