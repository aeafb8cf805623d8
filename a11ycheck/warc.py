"""Web archives (WARC, ISO 28500) as input: every HTML response record is a page to check.

Records stream from FastWARC (about twice as fast as warcio on gzipped archives, see ``docs/scale.md``),
so memory holds one record at a time however large the archive. A damaged stretch (a truncated or
corrupt gzip member, a record cut short, a broken HTTP head, a payload whose Content-Encoding does not
decode) becomes a :class:`WarcError` naming the archive and the byte offset, and reading goes on at
the next record that can be found.
"""

from __future__ import annotations

import os
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING, BinaryIO

from .engine import Options, check
from .results import Report
from .source import InputError, Source

if TYPE_CHECKING:
    from fastwarc.warc import WarcRecord

__all__ = ["EXTENSIONS", "Page", "WarcError", "available", "check_page", "check_warc", "failed_item", "is_warc",
           "iter_pages", "member_ranges"]

EXTENSIONS = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/"
_CHARSET_RE = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)
_SCAN_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Page:
    """One HTML response record: where it lies, what the server said, and its (decoded) payload."""

    warc: str
    offset: int  # byte offset of the record (of its gzip member) in the archive
    uri: str
    status: int
    content_type: str
    charset: str | None  # the HTTP Content-Type charset, if any
    body: bytes


@dataclass(frozen=True, slots=True)
class WarcError:
    """A part of an archive that could not be read."""

    warc: str
    offset: int
    message: str

    def __str__(self) -> str:
        return f"{self.warc}: byte {self.offset}: {self.message}"


def available() -> str | None:
    """None when archives can be read, else why not (FastWARC, of the ``survey`` extra, is missing)."""
    try:
        import fastwarc.warc  # noqa: F401
    except ImportError:
        return "reading WARC needs FastWARC, not found: pip install 'a11ycheck[survey]'"
    return None


def is_warc(path: str | os.PathLike[str]) -> bool:
    """True for a path named like a web archive (``.warc`` or ``.warc.gz``)."""
    return os.fspath(path).lower().endswith(EXTENSIONS)


def iter_pages(path: str, *, start: int = 0, end: int | None = None,
               skipped: Counter[str] | None = None) -> Iterator[Page | WarcError]:
    """The HTML pages of an archive (a path, or a URL fsspec reads) in file order, and a :class:`WarcError`
    for each damaged stretch.

    Only records starting in ``[start, end)`` are read (``start`` must be a record boundary, see
    :func:`member_ranges`). Records that are not pages are counted in ``skipped`` by kind: the WARC
    record type (``request``, ``warcinfo``...), ``HTTP 404``, or the media type (``image/png``).
    Raises ImportError without FastWARC (see :func:`available`).
    """
    from fastwarc.warc import ArchiveIterator

    skipped = Counter() if skipped is None else skipped
    try:
        handle, size = _open(path)
    except OSError as exc:
        yield WarcError(path, 0, f"cannot read ({exc.strerror or exc})")
        return
    with handle:
        end = size if end is None else min(end, size)
        gzipped = _sniff(handle)
        if gzipped is None:
            yield WarcError(path, 0, "not a WARC file (neither a WARC record nor a gzip member at its start)")
            return
        pos = start
        while pos < end:
            handle.seek(pos)
            last: int | None = None
            held: Page | WarcError | None = None  # a record is given out once the next one began: it is whole
            reason = "truncated record or gzip member"
            try:
                for record in ArchiveIterator(handle, parse_http=True, auto_decode="all", fsspec_args=False):
                    if held is not None:
                        yield held
                        held = None
                    if record.stream_pos >= end:
                        return
                    last = record.stream_pos
                    held = _page(path, record, skipped)
            except OSError as exc:
                reason = _reason(exc)
            stop = None if last is None else _record_end(handle, last, gzipped, size)
            if stop is not None:  # the last record read is whole: go on from its end, where the fault (if any) is
                if held is not None:
                    yield held
                if stop >= end:
                    return
                pos = stop
                continue
            bad = pos if last is None else last
            yield WarcError(path, bad, reason)
            following = _next_record(handle, bad + 1, gzipped, end)
            if following is None:
                return
            pos = following


def member_ranges(path: str, size_hint: int) -> list[tuple[int, int]]:
    """Split a gzipped archive into byte ranges of about ``size_hint`` bytes on record boundaries."""
    handle, size = _open(path)
    with handle:
        if _sniff(handle) is not True or size <= size_hint:
            return [(0, size)]
        cuts = [0]
        for target in range(size_hint, size, size_hint):
            found = _next_record(handle, max(target, cuts[-1] + 1), True, size)
            if found is None:
                break
            if found > cuts[-1]:
                cuts.append(found)
    cuts.append(size)
    return [(a, b) for a, b in pairwise(cuts) if b > a]


def check_page(page: Page, options: Options | None = None) -> Report:
    """Check one archived page: decoded with its HTTP charset, reported under its target URI."""
    options = replace(options or Options(), url=page.uri)
    try:
        source = Source.from_bytes(page.body, http_charset=page.charset)
        report = check(source, path=page.uri, options=options)
    except InputError as exc:
        report = Report(path=page.uri, error=str(exc))
    except Exception as exc:  # a bug in a check must not stop the rest of the archive
        reason = " ".join(str(exc).split())
        report = Report(path=page.uri, error=f"internal error, please report it: {type(exc).__name__}: {reason}")
    report.warc, report.offset = page.warc, page.offset
    return report


def error_report(error: WarcError) -> Report:
    """A damaged stretch of an archive as a report: the archive's path, the byte offset, the reason."""
    return Report(path=error.warc, error=f"byte {error.offset}: {error.message}", warc=error.warc, offset=error.offset)


def check_item(item: Page | WarcError, options: Options | None = None) -> Report:
    """The report of one item :func:`iter_pages` yields (a worker's task in parallel runs)."""
    return error_report(item) if isinstance(item, WarcError) else check_page(item, options)


def failed_item(item: Page | WarcError, reason: str) -> Report:
    """The report of an item whose check did not come back (its worker died, say)."""
    if isinstance(item, WarcError):
        return error_report(replace(item, message=reason))
    return Report(path=item.uri, error=reason, warc=item.warc, offset=item.offset)


def check_warc(path: str, options: Options | None = None, *,
               skipped: Counter[str] | None = None) -> Iterator[tuple[Page | WarcError, Report]]:
    """Each page of an archive with its report; a damaged stretch gives a report with only an error.

    The error report's ``path`` is the archive's; a page's is its ``WARC-Target-URI``.
    """
    for item in iter_pages(path, skipped=skipped):
        if isinstance(item, WarcError):
            yield item, error_report(item)
        else:
            yield item, check_page(item, options)


def _open(path: str) -> tuple[BinaryIO, int]:
    """A local path, or a URL any fsspec filesystem reads (``s3://``, ``gs://``...): the open file and its size."""
    if "://" not in path:
        handle = open(path, "rb")  # noqa: SIM115 - the caller closes it
        return handle, os.fstat(handle.fileno()).st_size
    import fsspec  # only for URLs: a dependency of dask, and of the survey extra

    handle = fsspec.open(path, "rb").open()
    return handle, handle.size


def _sniff(handle: BinaryIO) -> bool | None:
    """True for a gzipped archive, False for a plain one, None for something else."""
    handle.seek(0)
    head = handle.read(64)
    if head.startswith(_WARC_MAGIC):
        return False
    if head.startswith(_GZIP_MAGIC):
        return _member_starts_warc(handle, 0)
    return None


def _member_starts_warc(handle: BinaryIO, offset: int) -> bool | None:
    handle.seek(offset)
    try:
        text = zlib.decompressobj(31).decompress(handle.read(4096), 16)
    except zlib.error:
        return None
    return True if text.startswith(_WARC_MAGIC) else None


def _page(path: str, record: WarcRecord, skipped: Counter[str]) -> Page | WarcError | None:
    from fastwarc.warc import WarcRecordType

    offset = record.stream_pos
    uri = record.headers.get("WARC-Target-URI", "")
    if record.record_type != WarcRecordType.response:
        skipped[record.headers.get("WARC-Type", "unknown")] += 1
        return None
    if not record.headers.get("Content-Type", "").lower().startswith("application/http"):
        skipped["response without HTTP"] += 1
        return None
    status = record.http_headers.status_code if record.http_headers is not None else None
    if not isinstance(status, int):
        return WarcError(path, offset, f"broken HTTP head in the record of {uri}")
    if status != 200:
        skipped[f"HTTP {status}"] += 1
        return None
    content_type = record.http_headers.get("Content-Type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    if media not in HTML_TYPES:
        skipped[media or "no Content-Type"] += 1
        return None
    try:
        body = record.reader.read()
    except OSError:
        encoding = record.http_headers.get("Content-Encoding", "")
        return WarcError(path, offset, f"cannot decode the payload ({encoding or 'no'} Content-Encoding) of {uri}")
    found = _CHARSET_RE.search(content_type)
    return Page(path, offset, uri, status, media, found.group(1) if found else None, body)


def _reason(exc: OSError) -> str:
    text = str(exc).lower()
    if "gzip" in text or "decompress" in text:
        return "corrupt gzip member"
    if "header" in text:
        return "broken WARC record header"
    return f"unreadable record ({' '.join(str(exc).split())})"


def _record_end(handle: BinaryIO, offset: int, gzipped: bool, size: int) -> int | None:
    """The byte offset just past the record (its gzip member) at ``offset``; None if that cannot be read."""
    handle.seek(offset)
    if gzipped:
        inflater = zlib.decompressobj(31)
        consumed = 0
        while not inflater.eof:
            chunk = handle.read(_SCAN_CHUNK)
            if not chunk:
                return None
            try:
                inflater.decompress(chunk)
            except zlib.error:
                return None
            consumed += len(chunk)
        return offset + consumed - len(inflater.unused_data)
    head = handle.read(65536)
    split = head.find(b"\r\n\r\n")
    found = re.search(rb"(?im)^content-length:\s*(\d+)", head[:split]) if split >= 0 else None
    if found is None:
        return None
    stop = offset + split + 4 + int(found.group(1)) + 4
    return stop if stop <= size else None


def _next_record(handle: BinaryIO, pos: int, gzipped: bool, end: int) -> int | None:
    """The offset of the first record at or after ``pos`` and before ``end`` that reads as one, if any."""
    magic = _GZIP_MAGIC if gzipped else b"\nWARC/1."
    while pos < end:
        handle.seek(pos)
        chunk = handle.read(_SCAN_CHUNK + len(magic))
        if not chunk:
            return None
        at = chunk.find(magic)
        while at >= 0 and pos + at < end:
            candidate = pos + at if gzipped else pos + at + 1
            if not gzipped or _member_starts_warc(handle, candidate):
                return candidate
            at = chunk.find(magic, at + 1)
        pos += _SCAN_CHUNK
    return None
