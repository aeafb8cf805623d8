"""How names and page text appear in reports: printable, valid UTF-8, and for names lossless.

Every reporter and every line on stderr shows a file name (or URI) with :func:`quote_path`, and text taken
from pages (messages, start tags, errors) in terminal, XML and HTML output with :func:`visible`.
"""

from __future__ import annotations

import re

__all__ = ["name_bytes", "quote_path", "visible"]

# C0 controls, DEL and C1 controls (a terminal acts on ESC and CSI; XML 1.0 forbids most C0), lone surrogates
# (a file name's bytes that are not UTF-8 reach Python as U+DC80-U+DCFF: no UTF-8 writer can encode them), and
# U+FFFE, U+FFFF (not characters in XML 1.0)
_UNPRINTABLE = "\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_UNPRINTABLE_RE = re.compile(f"[{_UNPRINTABLE}]")
_NEEDS_QUOTES_RE = re.compile(f'^"|[{_UNPRINTABLE}]')
_QUOTED_RE = re.compile(f'[{_UNPRINTABLE}"\\\\]')  # what is escaped within the quotes
_SHORT = {"\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r",
          '"': '\\"', "\\": "\\\\"}


def name_bytes(name: str) -> bytes:
    """The bytes a name stands for: its UTF-8, with the bytes that are not UTF-8, which Python keeps as
    U+DC80-U+DCFF (``surrogateescape``), given back (any other lone surrogate as its ``surrogatepass`` bytes)."""
    try:
        return name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return b"".join(bytes([ord(c) - 0xDC00]) if "\udc80" <= c <= "\udcff" else c.encode("utf-8", "surrogatepass")
                        for c in name)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    short = _SHORT.get(char)
    return short if short is not None else "".join(f"\\{byte:03o}" for byte in name_bytes(char))


def quote_path(name: str) -> str:
    r"""A file name or URI as reports show it, in the style of git's ``core.quotePath=false``.

    A name with no control character (C0, DEL, C1), no byte that is not UTF-8, no U+FFFE or U+FFFF, and
    no double quote at its start is shown as it is. Any other is shown in double quotes, with ``\"`` and
    ``\\`` for a quote and a backslash, ``\a \b \t \n \v \f \r``, and three octal digits for each
    other byte of such a character, and for each byte that is not UTF-8: ``bad<0xff>.html`` is shown
    ``"bad\377.html"``. A shown name that starts with a double quote is so always a quoted one, and C
    unquoting (git's, or Python's ``codecs.escape_decode``) of what lies between its quotes gives back the
    name's bytes.
    """
    if not _NEEDS_QUOTES_RE.search(name):
        return name
    return '"' + _QUOTED_RE.sub(_escape, name) + '"'


def visible(text: str) -> str:
    r"""Page text with each control character (and lone surrogate, U+FFFE, U+FFFF) written as a ``\xHH``
    (``\uHHHH``) escape: safe on a terminal, in XML and in HTML."""
    return _UNPRINTABLE_RE.sub(_hex, text) if _UNPRINTABLE_RE.search(text) else text


def _hex(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
