"""Web archives (WARC, ISO 28500) as input: every HTML response record is a page to check.

Records stream from FastWARC (about twice as fast as warcio on gzipped archives, see ``docs/scale.md``),
so memory holds one record at a time however large the archive. A damaged stretch (a truncated or
corrupt gzip member, a record cut short or shorter or longer than its ``Content-Length``, a broken HTTP
head, a payload whose Content-Encoding does not decode) becomes a :class:`WarcError` naming the archive
and the byte offset, and reading goes on at the next record that can be found. A record is whole when
the next one begins where its ``Content-Length`` ends (FastWARC reads on from there, and stops at a head
that is not one) or, for the last record read, when its framing checks out (:func:`_record_end`).

The WARC standard has each record compressed as its own gzip member, and a record's offset is its member's.
An archive compressed as a whole (``gzip crawl.warc``: its first member holds more than one record) is read
through its decompressed bytes (:class:`_Inflated`), and its offsets count those bytes, as in ``zcat
crawl.warc.gz``; it is one unit (:func:`member_ranges`). In any other archive, a gzip member that holds several
records is an error (its records have no offset of their own) and reading goes on after it.
"""

from __future__ import annotations

import io
import os
import re
import sys
import zlib
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING, BinaryIO

from .engine import Options, check, internal_error
from .results import Report
from .source import MAX_BYTES, InputError, Source, read_stream

if TYPE_CHECKING:
    from fastwarc.warc import WarcRecord

__all__ = ["EXTENSIONS", "Page", "WarcError", "available", "check_page", "check_warc", "failed_item", "is_warc",
           "iter_pages", "member_ranges", "open_archive"]

EXTENSIONS = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/"
_CHARSET_RE = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)
_SCAN_CHUNK = 1 << 20
_HEAD_MAX = 1 << 16  # a WARC record head longer than this is taken as broken
_LENGTH_RE = re.compile(rb"(?im)^content-length:\s*(\d+)")
_RECORD_END = b"\r\n\r\n"
_INFLATE_STEP = 1 << 18  # compressed bytes read, and decompressed bytes made at most, in one step of _Inflated
_CHECKPOINT_EVERY = 1 << 22  # decompressed bytes between two checkpoints of an archive compressed as a whole
_CHECKPOINTS = 32  # the checkpoints kept (about 10 KB each): a seek back within 128 MB restarts near its target
_SEVERAL = "gzip member holding several records: compressed as a whole, not record by record " \
           "(`warcio recompress` fixes it)"


@dataclass(frozen=True, slots=True)
class Page:
    """One HTML response record: where it lies, what the server said, and its (decoded) payload."""

    warc: str
    offset: int  # byte offset of the record (of its gzip member) in the archive; see the module's docstring
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


def iter_pages(path: str, *, start: int = 0, end: int | None = None, skipped: Counter[str] | None = None,
               max_bytes: int = MAX_BYTES) -> Iterator[Page | WarcError]:
    """The HTML pages of an archive (a path, or a URL fsspec reads) in file order, and a :class:`WarcError`
    for each damaged stretch.

    Only records starting in ``[start, end)`` are read (``start`` must be a record boundary, see
    :func:`member_ranges`). Records that are not pages are counted in ``skipped`` by kind: the WARC
    record type (``request``, ``warcinfo``...), ``HTTP 404``, or the media type (``image/png``). A page
    whose payload (decoded) is over ``max_bytes`` is a :class:`WarcError`, read no further than that.
    Raises ImportError without FastWARC (see :func:`available`).
    """
    skipped = Counter() if skipped is None else skipped
    try:
        handle, size = open_archive(path)
    except OSError as exc:
        yield WarcError(path, 0, f"cannot read ({exc.strerror or exc})")
        return
    with handle:
        gzipped = _sniff(handle)
        if gzipped is None:
            yield WarcError(path, 0, "not a WARC file (neither a WARC record nor a gzip member at its start)")
        elif gzipped and start == 0 and _whole(handle):
            inflated = _Inflated(handle)
            yield from _records(path, io.BufferedReader(inflated, _INFLATE_STEP), False, 0, sys.maxsize, skipped,
                                max_bytes)
            if inflated.fault is not None:
                yield WarcError(path, inflated.fault_at, inflated.fault)
        else:
            yield from _records(path, handle, gzipped, start, size if end is None else min(end, size), skipped,
                                max_bytes)


def _records(path: str, handle: BinaryIO, gzipped: bool, start: int, end: int, skipped: Counter[str],
             max_bytes: int) -> Iterator[Page | WarcError]:
    """:func:`iter_pages` on an open archive whose records are plain or each in its own gzip member."""
    from fastwarc.stream_io import GzipReader
    from fastwarc.warc import ArchiveIterator

    pos = start
    while pos < end:
        handle.seek(pos)
        reader = GzipReader(handle, fsspec_args=False) if gzipped else handle
        last: int | None = None
        held: Page | WarcError | None = None  # a record is given out once the next one began: it is whole
        reason, several = "truncated record or gzip member", False
        try:
            for record in ArchiveIterator(reader, parse_http=True, auto_decode="all", fsspec_args=False):
                offset = reader.frame_start_position() if isinstance(reader, GzipReader) else record.stream_pos
                assert offset is not None  # (a gzip reader reading a record is in a gzip member)
                if offset == last:  # a second record in the gzip member of the last one: none of them is read
                    held, reason, several = None, _SEVERAL, True
                    break
                if held is not None:
                    yield held
                    held = None
                if offset >= end:
                    return
                last = offset
                held = _page(path, offset, record, skipped, max_bytes)
        except OSError as exc:
            reason = _reason(exc)
        if last is not None and not several:
            try:
                stop = _record_end(handle, last, gzipped)
            except _Broken as broken:
                reason = str(broken)
            else:  # the last record read is whole: go on from its end, where the fault (if any) is
                if held is not None:
                    yield held
                pos = stop
                continue
        elif last is None and not _readable_at(handle, pos):
            return  # the end of an archive whose size is not known in advance (see _Inflated)
        bad = pos if last is None else last
        yield WarcError(path, bad, reason)
        following = _next_record(handle, bad + 1, gzipped, end)
        if following is None:
            return
        pos = following


def member_ranges(path: str, size_hint: int) -> list[tuple[int, int]]:
    """Split a gzipped archive into byte ranges of about ``size_hint`` bytes on record boundaries."""
    handle, size = open_archive(path)
    with handle:
        if _sniff(handle) is not True or size <= size_hint or _whole(handle):
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
        report = Report(path=page.uri, error=internal_error(exc))
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
    for item in iter_pages(path, skipped=skipped, max_bytes=(options or Options()).max_bytes):
        if isinstance(item, WarcError):
            yield item, error_report(item)
        else:
            yield item, check_page(item, options)


def open_archive(path: str, block_size: int | None = None) -> tuple[BinaryIO, int]:
    """A local path, or a URL any fsspec filesystem reads (``s3://``, ``gs://``...): the open file and its size.

    ``block_size``: for URLs, the bytes each request fetches (default: the filesystem's, several MB).
    """
    if "://" not in path:
        handle = open(path, "rb")  # noqa: SIM115 - the caller closes it
        return handle, os.fstat(handle.fileno()).st_size
    import fsspec  # only for URLs: a dependency of dask, and of the survey extra

    handle = fsspec.open(path, "rb", **({} if block_size is None else {"block_size": block_size})).open()
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


def _whole(handle: BinaryIO) -> bool:
    """True for a gzipped archive compressed as a whole: its first gzip member holds more than one record."""
    from fastwarc.stream_io import GzipReader
    from fastwarc.warc import ArchiveIterator

    handle.seek(0)
    reader = GzipReader(handle, fsspec_args=False)
    try:
        for n, _ in enumerate(ArchiveIterator(reader, parse_http=False, fsspec_args=False)):
            if n:
                return reader.frame_start_position() == 0
    except OSError:  # damage is found and reported when the records are read
        pass
    return False


def _readable_at(handle: BinaryIO, pos: int) -> bool:
    handle.seek(pos)
    return bool(handle.read(1))


def _page(path: str, offset: int, record: WarcRecord, skipped: Counter[str],
          max_bytes: int) -> Page | WarcError | None:
    from fastwarc.warc import WarcRecordType

    uri = record.headers.get("WARC-Target-URI") or ""
    if record.record_type != WarcRecordType.response:
        kind = record.headers.get("WARC-Type")  # (no default: fastwarc types get() str | None)
        skipped[kind if kind is not None else "unknown"] += 1
        return None
    if not (record.headers.get("Content-Type") or "").lower().startswith("application/http"):
        skipped["response without HTTP"] += 1
        return None
    status = record.http_headers.status_code if record.http_headers is not None else None
    if not isinstance(status, int):
        return WarcError(path, offset, f"broken HTTP head in the record of {uri}")
    if status != 200:
        skipped[f"HTTP {status}"] += 1
        return None
    content_type = record.http_headers.get("Content-Type") or ""
    media = content_type.split(";", 1)[0].strip().lower()
    if media not in HTML_TYPES:
        skipped[media or "no Content-Type"] += 1
        return None
    try:
        body = read_stream(record.reader, max_bytes)  # (decoded: a small gzip payload may inflate to any size)
    except InputError as exc:
        return WarcError(path, offset, f"the page {uri} is {exc}")
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


class _Broken(Exception):
    """Why the record at an offset is not whole."""


def _record_end(handle: BinaryIO, offset: int, gzipped: bool) -> int:
    """The byte offset just past the record (its gzip member) at ``offset``, once its framing is checked.

    A whole record is its WARC head, the ``Content-Length`` bytes of its block and CRLF CRLF (alone in
    its gzip member, in a gzipped archive). Raises :class:`_Broken` with the reason when it is not.
    """
    handle.seek(offset)
    if gzipped:
        member = _inflate_member(handle)
        if member is None:
            raise _Broken("truncated record or gzip member")
        head, length, tail, consumed = member
        stop = offset + consumed
    else:
        head = handle.read(_HEAD_MAX)
    split = head.find(b"\r\n\r\n")
    if split < 0 and len(head) < _HEAD_MAX:  # the head itself ends early
        raise _Broken("truncated record or gzip member")
    found = _LENGTH_RE.search(head[:split]) if split >= 0 else None
    if found is None:
        raise _Broken("broken WARC record header")
    declared = int(found.group(1))
    need = split + 4 + declared + len(_RECORD_END)
    if gzipped:
        whole, short = length == need and tail == _RECORD_END, length < need
    else:
        stop = offset + need
        handle.seek(stop - len(_RECORD_END))
        ending = handle.read(len(_RECORD_END))  # shorter when the archive ends before ``stop``
        whole = ending == _RECORD_END
        short = not whole and (len(ending) < len(_RECORD_END)
                               or _next_record(handle, offset + 1, False, stop) is not None)
    if short:
        raise _Broken(f"truncated record (shorter than its Content-Length of {declared} bytes)")
    if not whole:
        raise _Broken(f"record does not end where its Content-Length of {declared} bytes says")
    return stop


def _inflate_member(handle: BinaryIO) -> tuple[bytes, int, bytes, int] | None:
    """The gzip member at the handle's position: its first bytes inflated (up to ``_HEAD_MAX``), its inflated
    length, its last four inflated bytes, and its compressed length. None if it does not inflate to its end.

    Inflates in bounded steps, so a member that inflates to gigabytes costs time, not memory.
    """
    inflater = zlib.decompressobj(31)
    head, tail, length, consumed = b"", b"", 0, 0
    while not inflater.eof:
        chunk = inflater.unconsumed_tail or handle.read(_SCAN_CHUNK)
        if not chunk:
            return None
        if not inflater.unconsumed_tail:
            consumed += len(chunk)
        try:
            out = inflater.decompress(chunk, _SCAN_CHUNK)
        except zlib.error:
            return None
        if len(head) < _HEAD_MAX:
            head += out[:_HEAD_MAX - len(head)]
        tail = (tail + out)[-len(_RECORD_END):]
        length += len(out)
    return head, length, tail, consumed - len(inflater.unused_data)


class _Inflated(io.RawIOBase):
    """The decompressed bytes of a gzipped archive (its members one after another, as ``zcat`` gives them),
    to read and seek like a plain archive, in bounded memory.

    Inflates a step at a time. A checkpoint of the inflater every ``_CHECKPOINT_EVERY`` bytes (the last
    ``_CHECKPOINTS`` kept) lets a seek back start near its target, not from the archive's start. The bytes end
    where the gzip data stops inflating; ``fault`` then says why, and ``fault_at`` where.
    """

    _start: int  # the decompressed offset of _chunk
    _chunk: bytes  # the bytes inflated last
    _pos: int  # the decompressed offset read next

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        self._checkpoints: deque[tuple[int, int, zlib._Decompress]] = deque(maxlen=_CHECKPOINTS)
        self.fault: str | None = None
        self.fault_at = 0
        self._resume(0, 0, zlib.decompressobj(31))

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence not in (io.SEEK_SET, io.SEEK_CUR):
            raise io.UnsupportedOperation("the decompressed size is not known before the end")
        target = offset + (self._pos if whence == io.SEEK_CUR else 0)
        if target < self._start:
            at, raw_at, inflater = max((c for c in self._checkpoints if c[0] <= target), key=lambda c: c[0],
                                       default=(0, 0, zlib.decompressobj(31)))
            self._resume(at, raw_at, inflater.copy())
        self._pos = target
        return target

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while self._pos >= self._start + len(self._chunk):
            if not self._inflate():
                return 0
        begin = self._pos - self._start
        count = min(len(buffer), len(self._chunk) - begin)
        buffer[:count] = memoryview(self._chunk)[begin:begin + count]
        self._pos += count
        return count

    def _resume(self, at: int, raw_at: int, inflater: zlib._Decompress) -> None:
        """Go on inflating from a checkpoint: ``at`` decompressed bytes, ``raw_at`` compressed ones read."""
        self._raw.seek(raw_at)
        self._raw_at = raw_at
        self._inflater: zlib._Decompress | None = inflater  # None once the gzip data stopped inflating
        self._start, self._chunk, self._pos = at, b"", at
        self._next_checkpoint = at + _CHECKPOINT_EVERY

    def _inflate(self) -> bool:
        """Replace the chunk by the next decompressed bytes; False where the gzip data ends or stops inflating."""
        inflater, end = self._inflater, self._start + len(self._chunk)
        if inflater is None:
            return False
        if end >= self._next_checkpoint and not (inflater.unconsumed_tail or inflater.eof):  # holding no input
            self._checkpoints.append((end, self._raw_at, inflater.copy()))
            self._next_checkpoint = end + _CHECKPOINT_EVERY
        if inflater.eof:  # a member ended: the next one, if there is one
            data = inflater.unused_data or self._read_raw()
            if not data:
                return False
            inflater = self._inflater = zlib.decompressobj(31)
        else:
            data = inflater.unconsumed_tail or self._read_raw()
        before = inflater.copy()
        try:
            out = inflater.decompress(data, _INFLATE_STEP)
        except zlib.error:
            return self._stop(end, _inflated_before_error(before, data),
                              "corrupt gzip data (or bytes that are not gzip after it): the rest cannot be read")
        if not (out or data or inflater.eof):
            return self._stop(end, b"", "truncated gzip data: the archive ends inside a gzip member")
        self._start, self._chunk = end, out
        return True

    def _read_raw(self) -> bytes:
        data = self._raw.read(_INFLATE_STEP)
        self._raw_at += len(data)
        return data

    def _stop(self, end: int, last: bytes, fault: str) -> bool:
        """End the bytes with ``last``, the bytes that inflated before the fault."""
        self._inflater = None
        self._start, self._chunk = end, last
        self.fault, self.fault_at = fault, end + len(last)
        return bool(last)


def _inflated_before_error(inflater: zlib._Decompress, data: bytes) -> bytes:
    """What ``data`` inflates to before the point where it stops inflating (``decompress`` raises, giving
    nothing): a small step at a time, up to about ``_INFLATE_STEP`` bytes."""
    out = bytearray()
    for at in range(0, len(data), 256):
        try:
            out += inflater.decompress(data[at:at + 256])
        except zlib.error:
            break
        if len(out) >= _INFLATE_STEP:
            break
    return bytes(out)


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
