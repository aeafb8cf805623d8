"""Reading and decoding pages the way a browser does, and mapping offsets to line:column.

Nothing downstream of this module sees raw bytes: a :class:`Source` holds the decoded text, the
encoding it was decoded with, and a map from code-point offsets to 1-based lines and columns.
"""

from __future__ import annotations

import bisect
import codecs
import os
import re
import stat
from array import array
from dataclasses import dataclass, field
from typing import Protocol, cast

import webencodings

HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")  # files that are checked as pages
MAX_BYTES = 256 * 1024 * 1024  # the default bound on a page's bytes (file, stdin or URL): far above real pages
_CHUNK = 1 << 20  # bytes read at once from a stream of unknown size

__all__ = ["HTML_EXTENSIONS", "MAX_BYTES", "InputError", "Source", "decode", "line_starts", "read_file", "read_stream",
           "too_large"]


class InputError(Exception):
    """A page that cannot be checked: unreadable, empty or not HTML. The message is the reason."""


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG "prescan a byte stream to determine its encoding", reduced to what pages use: comments are
# skipped, and a <meta> gives an encoding through its charset attribute, or through http-equiv=content-type
# with a content attribute that names a charset.
_PRESCAN_RE = re.compile(rb"<!--.*?-->|<meta(?=[\s/])(?P<attrs>[^>]*)>?", re.IGNORECASE | re.DOTALL)
_ATTR_RE = re.compile(rb"""([^\s/>=][^\s/>=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?""")
_CONTENT_CHARSET_RE = re.compile(rb"""charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;"']+))""", re.IGNORECASE)
_UTF8 = webencodings.UTF8
_WINDOWS_1252 = cast(webencodings.Encoding, webencodings.lookup("windows-1252"))  # (a label: never None)
# WHATWG prescan: a <meta> cannot declare UTF-16 in its own ASCII-compatible bytes (browsers read UTF-8),
# and one that names x-user-defined means windows-1252 (the HTTP header's x-user-defined is kept)
_PRESCAN_AS = {"utf-16le": _UTF8, "utf-16be": _UTF8, "x-user-defined": _WINDOWS_1252}
_BINARY_MAGIC = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"%PDF",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\x7fELF",
    b"BZh",
    b"\xfd7zXZ",
    b"RIFF",
    b"OggS",
    b"\x00\x00\x00",
)
_CONTROL = bytes(set(range(32)) - {9, 10, 12, 13, 27})


def _meta_encoding(data: bytes) -> webencodings.Encoding | None:
    """The encoding the first ``<meta>`` in the first 1024 bytes that names a WHATWG label declares."""
    head = data[:1024]
    for match in _PRESCAN_RE.finditer(head):
        if match.group("attrs") is None:
            continue
        attrs: dict[bytes, bytes] = {}
        for name, *values in _ATTR_RE.findall(match.group("attrs")):
            attrs.setdefault(name.lower(), b"".join(values))
        label = attrs.get(b"charset")
        if label is None and attrs.get(b"http-equiv", b"").strip().lower() == b"content-type":
            found = _CONTENT_CHARSET_RE.search(attrs.get(b"content", b""))
            label = b"".join(found.groups(b"")) if found else None
        # labels outside the Encoding Standard (utf-7; Python's rot13, base64, idna) are skipped, as browsers do
        encoding = webencodings.lookup(label.decode("ascii", "replace")) if label else None
        if encoding is not None:
            return _PRESCAN_AS.get(encoding.name, encoding)
    return None


def prescan(data: bytes) -> str | None:
    """The Python codec of the encoding a ``<meta>`` in the first 1024 bytes declares, if any (WHATWG prescan)."""
    encoding = _meta_encoding(data)
    return encoding.codec_info.name if encoding is not None else None


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not a text document (an image renamed .html, an archive)."""
    head = data[:4096]
    if head.startswith(_BINARY_MAGIC):
        return True
    if not head:
        return False
    controls = sum(head.count(bytes([c])) for c in _CONTROL)
    return controls / len(head) > 0.05


def _legacy_decode(data: bytes) -> str:
    # windows-1252 as browsers have it: the five undefined bytes map to C1 controls
    return data.decode("windows-1252", errors="a11ycheck-c1")


def _c1_handler(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):  # (registered for decoding only)
        raise err
    chunk = err.object[err.start : err.end]
    return "".join(chr(b) for b in chunk), err.end


codecs.register_error("a11ycheck-c1", _c1_handler)


def decode(data: bytes, *, http_charset: str | None = None) -> tuple[str, str]:
    """Decode page bytes as a browser does; return ``(text, encoding)``, the encoding as a Python codec name.

    Order: byte order mark, then the HTTP ``Content-Type`` charset when it is a label of the WHATWG
    Encoding Standard, then the ``<meta>`` prescan (unless the bytes are valid UTF-8 with non-ASCII in them:
    a re-saved page's stale declaration), then UTF-8 if the bytes are valid UTF-8, else windows-1252 (the
    legacy default). Bytes the chosen encoding cannot map become U+FFFD, as in a browser; nothing raises.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), name
    declared = webencodings.lookup(http_charset) if http_charset else None
    if declared is None:
        declared = _meta_encoding(data)
        # A saved page often keeps a <meta> of the encoding it was served in after being re-saved as
        # UTF-8; legacy-encoded text with non-ASCII bytes is almost never valid UTF-8 by accident.
        if declared is not None and declared.name != "utf-8" and not data.isascii():
            try:
                return data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                pass
    if declared is None:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            declared = _WINDOWS_1252
    name = declared.codec_info.name
    if declared.name == "windows-1252":
        return _legacy_decode(data), name
    if declared.name == "replacement":  # (ISO-2022-KR, HZ-GB-2312...: a whole page is one U+FFFD, never their bytes)
        return "\ufffd" if data else "", name
    return declared.codec_info.decode(data, "replace")[0], name


_BLOCK = 1 << 10
_NEWLINE_RE = re.compile(r"\r\n?|\n")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


@dataclass(slots=True)
class Source:
    """A decoded page: its text, encoding, and an offset → line:column map."""

    text: str
    encoding: str = "utf-8"
    _line_index: _LineStarts | LineBreaks | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_bytes(cls, data: bytes, *, http_charset: str | None = None) -> Source:
        """Decode bytes; raise :class:`InputError` for empty or binary input."""
        served = webencodings.lookup(http_charset) if http_charset else None
        utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
            served is not None and served.name in ("utf-16le", "utf-16be"))  # (its NUL bytes are text)
        if not utf16 and looks_binary(data):
            raise InputError("not an HTML file (binary content)")
        text, encoding = decode(data, http_charset=http_charset)
        if not text or text.isspace():  # (as ``not text.strip()``, without a copy of a large page)
            raise InputError("empty file")
        cleaned = clean(text) if b"\x00" in data else text  # (no NUL byte, no U+0000: the byte scan is quicker)
        return cls(cleaned, encoding)

    @classmethod
    def from_text(cls, text: str) -> Source:
        """Wrap text that is already decoded (lone surrogates, which no encoding can carry, become U+FFFD)."""
        if _SURROGATE_RE.search(text):
            text = _SURROGATE_RE.sub("\ufffd", text)
        return cls(clean(text), "utf-8")

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a code-point offset; CR, LF and CRLF each end a line."""
        return self._lines().position(offset)

    def _lines(self) -> _LineStarts | LineBreaks:
        if self._line_index is None:
            text = self.text
            self._line_index = _LineStarts(text) if "\r" in text else LineBreaks(text)
        return self._line_index


def line_starts(text: str) -> array[int]:
    """The offset where each line starts (CR, LF and CRLF each end a line, as :meth:`Source.position` counts)."""
    starts = array(offset_type(len(text)), [0])
    starts.extend(m.end() for m in _NEWLINE_RE.finditer(text))
    return starts


class _LineStarts:
    """Where every line starts (text with CR or CRLF line breaks)."""

    __slots__ = ("starts",)

    def __init__(self, text: str) -> None:
        self.starts = line_starts(text)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


class LineBreaks:
    """Lines of a text whose line breaks are all LF, from its line breaks counted per block: a position
    is then found by ``str.count`` and ``str.find`` within a block, which scan in C, instead of indexing
    every line (on pages of thousands of short lines that costs a quarter of the parse)."""

    __slots__ = ("counts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.counts = counts = array("q", [0])  # line breaks before each block
        total = 0
        count = text.count
        for begin in range(0, len(text), _BLOCK):
            total += count("\n", begin, begin + _BLOCK)
            counts.append(total)

    def _break(self, n: int) -> int:
        """Offset of the n-th line break (1-based), or -1 for n = 0."""
        if n <= 0:
            return -1
        block = bisect.bisect_left(self.counts, n) - 1
        find = self.text.find
        at = block * _BLOCK - 1
        for _ in range(n - self.counts[block]):
            at = find("\n", at + 1)
        return at

    def position(self, offset: int) -> tuple[int, int]:
        block = offset // _BLOCK
        begin = block * _BLOCK
        before = self.counts[block] + self.text.count("\n", begin, offset)
        start = self.text.rfind("\n", begin, offset)
        if start < 0:
            start = self._break(before)
        return before + 1, offset - start


def offset_type(size: int) -> str:
    """The array type code for offsets into a text of this size: 4 bytes an offset while they fit."""
    return "I" if size < 1 << 32 and array("I").itemsize == 4 else "q"


def clean(text: str) -> str:
    """Replace NUL with U+FFFD, as the HTML tokenizer does; offsets are unchanged."""
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def too_large(max_bytes: int) -> InputError:
    """The error of a page over the size bound."""
    size = f"{max_bytes // (1024 * 1024)} MB" if max_bytes % (1024 * 1024) == 0 else f"{max_bytes} bytes"
    return InputError(f"larger than {size} (--max-size)")


class Readable(Protocol):
    """What :func:`read_stream` reads: a binary file, stdin, a WARC record's payload."""

    def read(self, size: int, /) -> bytes: ...


def read_stream(stream: Readable, max_bytes: int = MAX_BYTES, *, size_hint: int = _CHUNK) -> bytes:
    """A stream's bytes (stdin, a file) to its end, reading no more than ``max_bytes + 1`` of them;
    ``size_hint``: the size expected (a file's), read at once."""
    parts: list[bytes] = []
    size, want = 0, min(size_hint, max_bytes) + 1
    while size <= max_bytes:
        part = stream.read(want)
        if not part:
            break
        parts.append(part)
        size += len(part)
        want = min(_CHUNK, max_bytes + 1 - size)
    if size > max_bytes:
        raise too_large(max_bytes)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def read_file(path: str, max_bytes: int = MAX_BYTES) -> bytes:
    """A regular file's bytes; raise :class:`InputError` with a one-line reason.

    Anything else is refused without reading: a FIFO would wait for a writer forever, a device
    (a symlink to ``/dev/zero``) never ends. A file over ``max_bytes`` is refused after at most
    ``max_bytes + 1`` bytes (a file may grow after its size was looked at).
    """
    try:
        _regular(os.stat(path).st_mode)  # before opening: opening a device can do things
        # (a FIFO put in its place in between is opened without waiting for a writer, and refused)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with open(fd, "rb") as handle:
            info = os.fstat(fd)
            _regular(info.st_mode)
            if info.st_size > max_bytes:
                raise too_large(max_bytes)
            return read_stream(handle, max_bytes, size_hint=info.st_size)
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})") from None


def _regular(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise InputError("is a directory")
    if not stat.S_ISREG(mode):
        raise InputError("not a regular file")
