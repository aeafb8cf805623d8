"""Code frames for ``--show-source``, like ruff's and html-validate's ``codeframe``: the source lines around a
finding, numbered, with a caret under its column and a line of ``^`` under its start tag.

The lines come from the page file read again at render time (reports do not carry page text: a run over
thousands of pages would hold every page). A file can change between its check and its report, so a
frame is drawn only where the finding's start tag is still at its line and column; elsewhere the finding
shows its start tag alone, with a note when the file no longer matches. Standard input, URLs, pages from web
archives and markup given as a string have no file to read: they show the start tag alone.
"""

from __future__ import annotations

import os
from array import array
from bisect import bisect_right

from ..fetch import is_url
from ..results import Report, Result
from ..shown import visible
from ..source import InputError, Source, line_starts, read_file

__all__ = ["CHANGED", "Frames"]

CONTEXT = 2  # lines shown before and after the finding's line
WIDTH = 100  # columns of a line shown; a longer (minified) line is cut around the finding
TAB = 4
CHANGED = "(source not shown: the file changed since it was checked)"


class Frames:
    """The code frames of one report's findings."""

    def __init__(self, report: Report) -> None:
        self.text: str | None = None
        if report.warc is None and report.path != "-" and not is_url(report.path) and os.path.isfile(report.path):
            try:
                self.text = Source.from_bytes(read_file(report.path)).text
            except InputError:
                self.text = None
        self.starts = line_starts(self.text) if self.text is not None else array("I")

    def frame(self, result: Result) -> list[str]:
        """The lines that show where ``result`` is (no line when it has no start tag)."""
        if not result.snippet:
            return []
        found = self._span(result)
        if found is None:
            gutter = " " * len(str(result.line))
            note = [f"  {gutter} | {CHANGED}"] if self.text is not None and result.engine == "static" else []
            return [f"  {result.line} | {visible(result.snippet)}", f"  {gutter} | ^", *note]
        start, end = found
        first, last = max(1, result.line - CONTEXT), min(len(self.starts), result.line + CONTEXT)
        width = len(str(last))
        lines = {n: self._line(n) for n in range(first, last + 1)}
        column = len(_shown(lines[result.line][: result.column - 1]))
        line = lines[result.line]
        marks = len(_shown(line[: min(end - start, len(line) - result.column + 1) + result.column - 1])) - column
        cut = max(0, column - WIDTH // 3) if max(len(_shown(x)) for x in lines.values()) > WIDTH else 0
        out = []
        for n, line in lines.items():
            out.append(f"{'>' if n == result.line else ' '} {n:>{width}} | {_window(_shown(line), cut)}".rstrip())
            if n == result.line:
                caret = column - cut + (1 if cut else 0)
                out.append(f"  {' ' * width} | {' ' * caret}{'^' * max(1, min(marks, WIDTH - caret + 1))}")
        return out

    def _line(self, n: int) -> str:
        """The text of line ``n`` (1-based) without its line break."""
        text = self.text or ""
        end = self.starts[n] if n < len(self.starts) else len(text)
        return text[self.starts[n - 1]: end].rstrip("\r\n")  # (a line holds no break but its last)

    def _span(self, result: Result) -> tuple[int, int] | None:
        """Where the result's start tag is in the text read again, or None when it is not at its place."""
        if self.text is None or not 0 < result.line <= len(self.starts):
            return None
        start = self.starts[result.line - 1] + result.column - 1
        if bisect_right(self.starts, start) != result.line:
            return None
        end = _match(self.text, start, result.snippet.removesuffix("…"))
        return None if end is None else (start, end)


def _match(text: str, at: int, snippet: str) -> int | None:
    """The end of ``snippet`` in ``text`` from ``at`` (a space in it stands for a run of white space), or None."""
    for char in snippet:
        if char == " ":
            if at >= len(text) or not text[at].isspace():
                return None
            while at < len(text) and text[at].isspace():
                at += 1
        elif at < len(text) and text[at] == char:
            at += 1
        else:
            return None
    return at


def _shown(text: str) -> str:
    """A line as the frame prints it: tabs as spaces, control characters as escapes."""
    return visible(text.expandtabs(TAB))


def _window(line: str, cut: int) -> str:
    """At most ``WIDTH`` columns of a line from ``cut``, an ellipsis marking what is left out (nothing for
    a line that ends before ``cut``)."""
    part = line[cut: cut + WIDTH]
    if not part:
        return ""
    return ("…" if cut else "") + part + ("…" if cut + WIDTH < len(line) else "")
