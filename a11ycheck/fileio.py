"""Writing the files the user names (``-o``, ``FORMAT=FILE``, ``--write-baseline``, the survey report).

A new path or a regular file is replaced atomically (temporary file in the same folder, fsync, rename;
the old file's mode, and as root its owner and group, are kept), so a crash never leaves half a file.
A symlink, or a chain of them, is followed and its final target written that way (created if missing);
the link stays. A character device, FIFO or socket is opened and written in place, never replaced.
``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N`` and ``/proc/self/fd/N`` are written to that open
descriptor. A folder or a block device is refused. Any failure is a :class:`WriteError`, one line.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
from collections.abc import Iterable
from typing import TextIO

from .shown import quote_path

__all__ = ["WriteError", "replace_file", "write_file", "write_text"]

MAX_LINKS = 40  # as the kernel's own limit on a chain of symlinks (ELOOP)
_DESCRIPTOR = re.compile(r"/dev/(?:fd/(?P<fd>\d+)|std(?P<std>in|out|err))|/proc/(?:self|(?P<pid>\d+))/fd/(?P<pfd>\d+)")
_STD = {"in": 0, "out": 1, "err": 2}
_TEMP_OPEN = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


class WriteError(OSError):
    """A file the user named could not be written; ``str()`` is one line naming it (as reports show names)
    and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{quote_path(path)}: cannot write ({reason})")
        self.path = path
        self.reason = reason


def write_file(path: str | os.PathLike[str], text: str | Iterable[str]) -> None:
    """Write ``text`` (UTF-8; a string or its pieces) to ``path`` as its kind asks (see the module)."""
    name = os.fspath(path)
    target: str | int = name
    try:
        target = _resolve(name)
        if isinstance(target, int):
            _write_descriptor(target, text)
        else:
            _write_path(target, text)
    except OSError as exc:
        if isinstance(exc, BrokenPipeError) and isinstance(target, int):
            raise  # the reader of an inherited pipe left, as it may for standard output (cli.main's case)
        where = f"{quote_path(target)}: " if isinstance(target, str) and target != name else ""
        raise WriteError(name, where + (exc.strerror or str(exc))) from exc


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


def _resolve(path: str) -> str | int:
    """The open descriptor ``path`` names, or the path at the end of its chain of symlinks (not a link)."""
    for _ in range(MAX_LINKS):
        found = _DESCRIPTOR.fullmatch(path)
        if found and found["pid"] in (None, str(os.getpid())):
            return _STD[found["std"]] if found["std"] else int(found["fd"] or found["pfd"])
        try:
            link = os.readlink(path)
        except (FileNotFoundError, NotADirectoryError):
            return path  # a new file (or a missing folder, which creating the file reports)
        except OSError as exc:
            if exc.errno == errno.EINVAL:  # not a symlink
                return path
            raise
        path = os.path.join(os.path.dirname(path), link)  # a relative target is relative to the link's folder
    raise OSError(errno.ELOOP, os.strerror(errno.ELOOP))


def _write_path(path: str, text: str | Iterable[str]) -> None:
    """Write to a path that is not a symlink, as its kind asks."""
    try:
        info: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        info = None
    if info is None or stat.S_ISREG(info.st_mode):
        _replace(path, text, info)
    elif stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        _write_in_place(path, text)
    elif stat.S_ISSOCK(info.st_mode):
        _send(path, text)
    elif stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
    else:
        raise OSError(errno.ENOTSUP, "a block device: refused")


def _write_descriptor(fd: int, text: str | Iterable[str]) -> None:
    """Write at the descriptor's position, after what Python's own streams hold, and leave it open."""
    os.fstat(fd)  # EBADF for a descriptor that is not open
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    with open(fd, "w", encoding="utf-8", newline="", closefd=False) as handle:
        write_text(handle, text)


def _write_in_place(path: str, text: str | Iterable[str]) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_NOFOLLOW | os.O_CLOEXEC)
    with open(fd, "w", encoding="utf-8", newline="") as handle:
        write_text(handle, text)


def _send(path: str, text: str | Iterable[str]) -> None:
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(path)
        with sock.makefile("w", encoding="utf-8", newline="") as handle:
            write_text(handle, text)


def _replace(path: str, text: str | Iterable[str], old: os.stat_result | None) -> None:
    """Write a temporary file beside ``path`` and rename it over ``old`` (its mode and owner kept, if it
    exists); the old file stays until the new one is whole."""
    folder, name = os.path.split(path)
    fd, tmp = _temporary(folder or ".", name)
    try:
        with open(fd, "w", encoding="utf-8", newline="") as handle:
            write_text(handle, text)
            handle.flush()
            if old is not None:
                if os.geteuid() == 0:
                    os.fchown(fd, old.st_uid, old.st_gid)
                os.fchmod(fd, stat.S_IMODE(old.st_mode))
            os.fsync(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # the rename is done; a folder that cannot be synced costs no report
        folder_fd = os.open(folder or ".", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            os.fsync(folder_fd)
        finally:
            os.close(folder_fd)


def replace_file(path: str, data: bytes) -> None:
    """Put ``data`` at ``path`` whole or not at all: a temporary file beside it, renamed over it. Whatever is
    at ``path`` (a symlink, a FIFO, a device) is replaced by the rename, never followed or opened. Not
    synced: for files that a crash may lose but that are never seen half-written (the result cache's
    entries). OSError when it fails; no temporary file is left behind."""
    folder, name = os.path.split(path)
    fd, tmp = _temporary(folder or ".", name)
    try:
        with open(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _temporary(folder: str, name: str) -> tuple[int, str]:
    """A new hidden file in ``folder``, mode 0666 less the umask (as the file would get), opened for writing."""
    stem = os.fsdecode(os.fsencode(name)[:100])  # room for the suffix within the 255-byte limit on a name
    for _ in range(10):
        tmp = os.path.join(folder, f".{stem}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(tmp, _TEMP_OPEN, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name")
