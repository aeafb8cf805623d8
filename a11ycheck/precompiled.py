"""Tables built once from data files (the rule files, the language registry) and kept for the next process.

Each table is one file in the package's ``__pycache__`` folder, as Python keeps compiled modules there: it
holds the table (:mod:`marshal`: plain values only, nothing that runs code when read), the key it was
built for and a checksum. The key is the name, size and modification time of every file the table is
built from and of the modules whose code builds it, with Python's version, so an edited, added or removed
file, or a new a11ycheck, makes a new table. A cache file that is unreadable, truncated, corrupt or of
another key is never used: the table is built again and the file replaced (atomically). Where the folder
cannot be written (a read-only installation), the table is built in each process, as it was before.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

__all__ = ["cached", "folder"]

_MAGIC = b"a11ycheck-table-1\n"


def folder() -> Path:
    """Where the tables are kept: the package's ``__pycache__``."""
    return Path(__file__).resolve().parent / "__pycache__"


def cached(name: str, sources: Iterable[Path], build: Callable[[], Any]) -> Any:
    """The table ``name``: read back when the ``sources`` are as they were when it was built, else built
    (``build()``, plain values only: str, int, float, bool, None, bytes, list, tuple, dict, set) and kept."""
    try:
        key = (sys.version, tuple((str(path), *_stamp(path)) for path in sources))
    except OSError:  # a source that cannot be looked at (a zipped installation): no cache
        return build()
    path = folder() / f"{name}.{sys.implementation.cache_tag}.table"
    found = _read(path, key)
    if found is not None:
        return found[0]
    value = build()
    _write(path, key, value)
    return value


def _stamp(path: Path) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_size, stat.st_mtime_ns


def _read(path: Path, key: Any) -> tuple[Any] | None:
    """``(table,)`` from the file when it is whole and of this key, else None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC)
    if data[:head] != _MAGIC or int.from_bytes(data[head:head + 4], "big") != zlib.crc32(data[head + 4:]):
        return None
    try:
        stored_key, value = marshal.loads(data[head + 4:])
    except (ValueError, EOFError, TypeError):
        return None
    return (value,) if stored_key == key else None


def _write(path: Path, key: Any, value: Any) -> None:
    """Keep the table for the next process; a folder that cannot be written, or a value marshal cannot
    hold, leaves no file (and no error: the table was built)."""
    try:
        body = marshal.dumps((key, value))
    except ValueError:
        return
    from .fileio import replace_file  # (only when a table is rebuilt)

    with suppress(OSError):
        path.parent.mkdir(exist_ok=True)
        replace_file(str(path), _MAGIC + zlib.crc32(body).to_bytes(4, "big") + body)
