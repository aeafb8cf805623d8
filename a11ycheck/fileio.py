"""Writing files the user owns: atomically, so a crash never leaves half a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

__all__ = ["atomic_write", "write_text"]


def atomic_write(path: str | os.PathLike[str], text: str | Iterable[str]) -> None:
    """Replace ``path`` with ``text`` (UTF-8; a string or its pieces) in one rename; the old file stays
    until the new is complete."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            write_text(handle, text)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(handle: TextIO, text: str | Iterable[str]) -> None:
    """Write a string, or its pieces as they come (a few thousand to a write), to a text stream."""
    if isinstance(text, str):
        handle.write(text)
        return
    batch: list[str] = []
    for piece in text:
        batch.append(piece)
        if len(batch) == 4096:
            handle.write("".join(batch))
            batch.clear()
    handle.write("".join(batch))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
