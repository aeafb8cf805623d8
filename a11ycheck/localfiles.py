"""The local files a page names: one resolver for every URL that may open one, and a safe way to open it.

Every local read is confined to a *root*, a real folder: the site root (``--root``) when one is given,
else the folder of the page file and below. A page that was not read from a local file (text, stdin,
a fetched URL, an archived record, whatever its label says) has no root unless one is given.

A URL names a local file only when, after ``<base href>`` and percent-decoding, its path lies inside
the root with every symbolic link in it resolved. Root-relative URLs (``/media/clip.mp4``) resolve into
a given root only; ``file:`` URLs (no host, or ``localhost``) only when they land inside the root.
Links are followed inside the root only: outside it the path is taken as written, never looked at, so
what a page is told never depends on what exists outside the root. Anything else (``http:``, ``data:``,
a path outside the root) is *not local*, exactly like a remote URL.

:func:`open_regular` opens regular files only, without blocking and without following a last
symbolic link: a FIFO, a device, a socket or a directory is unreadable and is never opened.
"""

from __future__ import annotations

import errno
import os
import posixpath
import stat
from collections import deque
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import unquote, urljoin, urlsplit

if TYPE_CHECKING:
    from .document import Document

__all__ = ["READ_LIMIT", "LocalFiles", "Looked", "Stamp", "is_regular", "local_file", "open_regular", "read_regular",
           "stamp"]

_MAX_LINKS = 40  # symbolic links followed in one path (Linux's own limit)
_LOCAL_HOSTS = ("", "localhost")
# A text file a page names (a caption track, an iframe document) larger than this is not read: 16 MiB is
# hours of cues, and far above an embedded document (a sparse file of gigabytes is refused by its size).
READ_LIMIT = 16 * 1024 * 1024

# A file's kind (``stat.S_IFMT``), size and mtime in ns; None: there is none.
Stamp = tuple[int, int, int] | None
# What a page's checks looked up inside the root, in order: (the path asked for, the real path it resolved
# to or None, that file's stamp then). Every local read goes through :meth:`LocalFiles.real`, so this lists
# every local file whose presence, kind or content a page's results can depend on (the result cache
# validates them on a hit, and keeps no entry when one changed during the check).
Looked = list[tuple[str, str | None, Stamp]]


@dataclass(frozen=True, slots=True)
class LocalFiles:
    """Where a page's local files may be: the root that confines every read, and how its URLs reach it."""

    root: str  # real path of the root
    folder: str | None  # real folder that relative URLs resolve against; None: the page is not a local file
    rooted: bool  # the root was given: root-relative URLs resolve into it
    looked: Looked | None = field(default=None, compare=False)  # when given, every lookup is appended to it

    @classmethod
    def for_page(cls, page_file: str | None, root: str | None) -> LocalFiles | None:
        """The local files of a page read from ``page_file`` (None: not read from a local file), with the
        site root ``root`` (None: the page's own folder, if it has one)."""
        if page_file is not None:
            return cls.of_file(page_file, root)
        return cls(os.path.realpath(root), None, rooted=True) if root else None

    @classmethod
    def of_file(cls, page_file: str, root: str | None) -> LocalFiles:
        """The local files of a page read from ``page_file``: inside ``root``, or its own folder."""
        folder = os.path.realpath(os.path.dirname(os.path.abspath(page_file)))
        return cls(os.path.realpath(root) if root else folder, folder, rooted=bool(root))

    def contains(self, path: str) -> bool:
        """True when the real path ``path`` lies inside the root."""
        return _inside(self.root, path)

    def beside(self, path: str) -> LocalFiles:
        """The same root, for a document read from the local file ``path`` (an iframe's)."""
        return replace(self, folder=os.path.dirname(path))

    def resolve(self, url: str, base: str = "") -> str | None:
        """The real path of the local file a URL of the page names (it may not exist), or None: not local."""
        url = url.strip().replace("\\", "/")  # a browser reads a backslash as a slash in these URLs
        if not url:
            return None
        try:
            parts = urlsplit(urljoin(base.strip().replace("\\", "/"), url) if base.strip() else url)
        except ValueError:  # a malformed URL (http://[::1) opens nothing
            return None
        if parts.scheme == "file":
            if parts.netloc.lower() not in _LOCAL_HOSTS:
                return None
            return self.real(posixpath.normpath("/" + unquote(parts.path).lstrip("/")))
        if parts.scheme or parts.netloc:
            return None
        return self.path_for(unquote(parts.path))

    def path_for(self, path: str) -> str | None:
        """The real path of the local file a decoded URL path names: an absolute one from the given root
        (its ``..`` stop there, as a web server's do), a relative one from the page's folder; None when
        it is not local."""
        if not path:
            return None
        if path.startswith("/"):
            if not self.rooted:
                return None
            return self.real(posixpath.join(self.root, posixpath.normpath(path).lstrip("/")))
        if self.folder is None:
            return None
        return self.real(posixpath.normpath(posixpath.join(self.folder, path)))

    def real(self, path: str) -> str | None:
        """The absolute ``path`` with its links resolved, when that lies inside the root; else None. The
        one door to the files inside the root: a lookup inside it is recorded in ``looked`` (one outside
        gives None whatever exists there)."""
        found = _beneath(self.root, path)
        if self.looked is not None and _inside(self.root, path):
            self.looked.append((path, found, stamp(found)))
        return found


def _inside(root: str, path: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def _nameable(path: str) -> bool:
    """False for a path no file can have (a NUL, a lone surrogate the file system cannot encode)."""
    try:
        os.fsencode(path)
    except UnicodeEncodeError:
        return False
    return "\x00" not in path


def _beneath(root: str, path: str) -> str | None:
    """``path`` (absolute) with its symbolic links resolved, when that lies inside ``root``; else None.

    Only what lies inside the root is looked at (``lstat``, ``readlink``); outside it, components are
    taken as written. Every component inside the root that exists is looked at, so no link is left in
    what is returned.
    """
    if not _nameable(path):
        return None
    todo = deque(path.split("/"))
    done = "/"
    links = 0
    while todo:
        part = todo.popleft()
        if part in ("", "."):
            continue
        if part == "..":
            done = os.path.dirname(done)
            continue
        done = os.path.join(done, part)
        if not _inside(root, done):
            continue
        try:
            if not stat.S_ISLNK(os.lstat(done).st_mode):
                continue
        except OSError:  # missing (or under a file): nothing there to follow
            continue
        links += 1
        if links > _MAX_LINKS:  # a loop
            return None
        try:
            target = os.readlink(done)
        except OSError:  # gone since the look
            return None
        done = "/" if target.startswith("/") else os.path.dirname(done)
        todo.extendleft(reversed(target.split("/")))
    return done if _inside(root, done) else None


def local_file(doc: Document, url: str) -> str | None:
    """The real path of the local file a URL of the page names (after its ``<base href>``), or None."""
    files = doc.files
    if files is None:
        return None
    return files.resolve(url, doc.base_href or "")


def stamp(path: str | None) -> Stamp:
    """The kind, size and mtime of what is at ``path`` (not following a last link), or None."""
    try:
        info = os.lstat(path) if path is not None else None
    except OSError:
        return None
    return None if info is None else (stat.S_IFMT(info.st_mode), info.st_size, info.st_mtime_ns)


def is_regular(path: str) -> bool:
    """True for a regular file (a symbolic link, FIFO, device, socket or directory is none)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def open_regular(path: str) -> BinaryIO:
    """Open a regular file for reading; OSError for anything else (a symbolic link, FIFO, device, socket
    or directory is never opened), or when it cannot be opened. Never blocks."""
    if not is_regular(path):
        raise OSError(errno.EINVAL, "not a regular file", path)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced since the look
            raise OSError(errno.EINVAL, "not a regular file", path)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; OSError when it is larger or unreadable
    (a sparse file of gigabytes costs nothing: it is refused by its size)."""
    with open_regular(path) as handle:
        if os.fstat(handle.fileno()).st_size > limit:
            raise OSError(errno.EFBIG, f"larger than {limit} bytes", path)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit} bytes", path)
    return data
