"""The result cache, as ruff has one: a page file's report is kept, and an unchanged page is not checked again.

An entry is named by a hash of what stays the same between runs over one page (the checker's code and
rule files, its version and its dependencies' versions, the page's effective options, and the page's path,
folder and root relative to the project), and holds what changes: a SHA-256 of the page's bytes, every
file the page looked up inside its root (through :meth:`LocalFiles.real <a11ycheck.localfiles.LocalFiles.real>`:
media, tracks, frames, style sheets; each with its kind, size, mtime and SHA-256), and the report. A
lookup is a hit only when all of it still holds; anything else (no entry, another page's bytes, a file
changed, an entry that cannot be read or parsed) is a miss: the page is checked and its entry rewritten.

Layout: ``DIR/CACHEDIR.TAG``, ``DIR/.gitignore`` (``*``), ``DIR/<version>/<entry>.json``. An entry's first
line carries a SHA-256 of the rest, so a damaged entry is a miss even where it still parses; entries are
written whole or not at all (:func:`~a11ycheck.fileio.replace_file`) and read only as regular files, never
through a symbolic link; no absolute path is stored, so a folder restored in another checkout still hits.
Only page files given as paths are cached: not standard input, URLs, web archives nor the browser engines.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import stat
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import __version__, precompiled
from .distributions import versions
from .engine import Options, check_local
from .fileio import replace_file
from .localfiles import LocalFiles, Stamp, open_regular, read_regular, stamp
from .results import Report
from .ruleset import rules_dir
from .source import read_file

__all__ = ["DEFAULT_DIR", "Cache", "CacheUnusable", "open_cache"]

DEFAULT_DIR = ".a11ycheck_cache"
_LAYOUT = 1  # the entries' format: a change makes every older entry a miss
_HEAD = b"a11ycheck-cache %d " % _LAYOUT  # an entry's first line: this, then the SHA-256 of the rest
_DEPENDENCIES = ("lxml", "selectolax", "beautifulsoup4", "tinycss2", "webencodings", "cssselect", "av", "langcodes",
                 "regex")  # whose versions can change results
_ENTRY_LIMIT = 256 * 1024 * 1024  # an entry larger than this is not read (a report of every element, passed ones too)
_TAG = b"Signature: 8a477f597d28d172789f06886806bc55\n# a11ycheck's result cache: safe to delete.\n"


class CacheUnusable(Exception):
    """The cache folder cannot be used (the run goes on without it); ``str()`` names the folder and the reason."""


@dataclass(frozen=True)
class Cache:
    """A cache folder opened for one run: where its entries are, what they are keyed on."""

    folder: str  # DIR/<version>, a real folder
    base: str  # real path of the project root: paths in keys are relative to it
    code: str  # hex digest of the code, the rule files and the versions

    def check(self, path: str, options: Options) -> Report:
        """The report of the page file ``path``: its entry's when it still holds, else a fresh check (then
        stored). Raises :class:`~a11ycheck.source.InputError` as reading the page does."""
        data = read_file(path, options.max_bytes)
        files = LocalFiles.of_file(path, options.root)
        digest = hashlib.sha256(data).hexdigest()
        entry = os.path.join(self.folder, self._name(path, files, options) + ".json")
        report = _load(entry, digest, files)
        if report is not None:
            report.path = path
            return report
        files = replace(files, looked=[])
        report = check_local(data, files, path=path, options=options)
        if report.error is None:
            _store(entry, digest, files, report)
        return report

    def _name(self, path: str, files: LocalFiles, options: Options) -> str:
        """The entry's name: what stays the same between runs over this page with these options."""
        settings = {f.name: getattr(options, f.name) for f in dataclasses.fields(Options) if f.name != "root"}
        key = [self.code, settings, _relative(files.root, self.base), _relative(files.folder or "", self.base),
               files.rooted, os.path.basename(path)]
        return hashlib.sha256(json.dumps(key, sort_keys=True, default=_plain).encode()).hexdigest()


def _plain(value: Any) -> Any:
    """Options' mappings (read-only ones too) as JSON objects."""
    if hasattr(value, "items"):
        return dict(value.items())
    raise TypeError(f"cannot key on a {type(value).__name__}")


def _relative(path: str, base: str) -> str:
    return os.path.relpath(path, base) if path else ""


def _load(entry: str, digest: str, files: LocalFiles) -> Report | None:
    """The entry's report when its page and the files it looked up are unchanged; None for any miss."""
    try:
        head, _, body = read_regular(entry, _ENTRY_LIMIT).partition(b"\n")
        if head != _HEAD + hashlib.sha256(body).hexdigest().encode():  # another layout, or damaged
            return None
        data = json.loads(body)
        if data["page"] != digest:
            return None
        for wanted, found, signature in data["looked"]:
            now = files.real(os.path.normpath(os.path.join(files.root, wanted)))
            if now != (None if found is None else os.path.normpath(os.path.join(files.root, found))):
                return None
            if now is not None and not _same(now, signature):
                return None
        report = Report.from_dict(data["report"])
        report.encoding = data["encoding"]
        return report
    except (OSError, ValueError, LookupError, TypeError, AttributeError):  # missing, unreadable or corrupt: a miss
        return None


def _kind(found: Stamp) -> str:
    if found is None:
        return "missing"
    return "file" if stat.S_ISREG(found[0]) else "folder" if stat.S_ISDIR(found[0]) else "other"


def _signature(path: str | None, before: Stamp) -> list[Any] | None:
    """What a page's results can depend on of a file it looked up, whose stamp was ``before`` then: its kind,
    and a regular file's size, mtime and hash; None when it changed since (its entry is not kept)."""
    kind = _kind(before)
    content = _hash(path) if kind == "file" and path is not None else None
    if stamp(path) != before or (kind == "file" and content is None):
        return None
    return ["file", before[1], before[2], content] if kind == "file" and before is not None else [kind]


def _same(path: str, signature: list[Any]) -> bool:
    """True when the file still has ``signature``: same kind, and for a regular file the same size and the
    same mtime or, when that changed (a fresh checkout), the same content."""
    now = stamp(path)
    if _kind(now) != signature[0]:
        return False
    if now is None or signature[0] != "file":
        return True
    return now[1] == signature[1] and (now[2] == signature[2] or _hash(path) == signature[3])


def _hash(path: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with open_regular(path) as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _store(entry: str, digest: str, files: LocalFiles, report: Report) -> None:
    """Write the entry of a page just checked, unless a file it looked up changed during the check."""
    looked: list[list[Any]] = []
    seen: set[str] = set()
    for wanted, found, before in files.looked or ():
        if wanted in seen:
            continue
        seen.add(wanted)
        signature = _signature(found, before)
        if signature is None:
            return
        looked.append([os.path.relpath(wanted, files.root),
                       None if found is None else os.path.relpath(found, files.root), signature])
    data = {"page": digest, "looked": looked, "encoding": report.encoding,
            "report": {**report.to_dict(), "path": ""}}  # (the path as given is the run's, set on a hit)
    body = json.dumps(data, separators=(",", ":")).encode()
    with contextlib.suppress(OSError):  # a full disk, a read-only folder: the page is checked again next time
        replace_file(entry, _HEAD + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)


def code_digest() -> str:
    """A digest of everything that makes the checker's results: its version, Python's and its dependencies',
    the package's source files and the rule files (their contents' digest kept between processes while their
    sizes and times stay, as the rule tables are: :mod:`a11ycheck.precompiled`)."""
    digest = hashlib.sha256(f"{_LAYOUT} {__version__} {sys.version}".encode())
    for name, version in versions(_DEPENDENCIES).items():
        digest.update(f"{name} {version or '-'}\n".encode())
    package = Path(__file__).resolve().parent
    sources = sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    groups = ((package, sources), (rules_dir(), sorted(rules_dir().glob("*.toml"))))
    digest.update(precompiled.cached("code", [path for _, paths in groups for path in paths],
                                     lambda: _files_digest(groups)).encode())
    return digest.hexdigest()


def _files_digest(groups: tuple[tuple[Path, list[Path]], ...]) -> str:
    """A digest of the files' names (relative to their folder) and contents."""
    digest = hashlib.sha256()
    for folder, paths in groups:
        for path in paths:
            digest.update(f"{path.relative_to(folder).as_posix()}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def open_cache(named: str | None, configured: str | None, base: str) -> Cache:
    """The cache of a run under the project root ``base``: in ``named`` (``--cache-dir``, the environment:
    the user's own choice, followed as given), else in ``configured`` (the configuration's ``cache-dir``,
    absolute, inside the project), else in ``base/.a11ycheck_cache``. A folder inside the project is never
    reached through a symbolic link (a checkout can hold one: to ``/etc``, ``/dev``); folders are created
    as needed. :class:`CacheUnusable` when it cannot be used."""
    given, base = os.path.abspath(base), os.path.realpath(base)
    if named is not None:
        top, shown = os.path.realpath(named), named
        try:
            os.makedirs(os.path.dirname(top), exist_ok=True)
        except OSError as exc:
            raise CacheUnusable(f"{shown}: cache not used (cannot create it: {exc.strerror or exc})") from None
        _folder(top, shown)
    else:
        rel = os.path.relpath(configured, given) if configured else DEFAULT_DIR
        top = os.path.join(base, rel)
        shown = os.path.relpath(top)
        if rel == ".." or rel.startswith("../"):  # (the configuration's cache-dir is checked when it is read)
            raise CacheUnusable(f"{shown}: cache not used (outside the project)")
        here = base
        for part in Path(rel).parts:
            here = os.path.join(here, part)
            _folder(here, shown, project=True)
    _create(os.path.join(top, "CACHEDIR.TAG"), _TAG, shown)
    _create(os.path.join(top, ".gitignore"), b"# made by a11ycheck: its result cache\n*\n", shown)
    folder = os.path.join(top, __version__)
    _folder(folder, shown)
    return Cache(folder, base, code_digest())


def _folder(path: str, shown: str, *, project: bool = False) -> None:
    """Make sure ``path`` is a real folder (created if missing), never a symbolic link or anything else. In
    the ``project``, a folder is not created in one whose mode says read-only (root could write it anyway:
    a shared, read-only tree is left as it is)."""
    try:
        if project and not os.path.lexists(path) and not os.lstat(os.path.dirname(path)).st_mode & stat.S_IWUSR:
            raise CacheUnusable(f"{shown}: cache not used ({os.path.dirname(path)} is read-only)")
        os.mkdir(path)
    except FileExistsError:
        pass
    except OSError as exc:
        raise CacheUnusable(f"{shown}: cache not used (cannot create {path}: {exc.strerror or exc})") from None
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise CacheUnusable(f"{shown}: cache not used ({path} is a symbolic link; "
                            "name the folder with --cache-dir to use it)")
    if not stat.S_ISDIR(info.st_mode):
        raise CacheUnusable(f"{shown}: cache not used ({path} is not a folder)")


def _create(path: str, data: bytes, shown: str) -> None:
    """Write a new small file, leaving whatever is already there (a file, a link, a device) untouched."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    except FileExistsError:
        return
    except OSError as exc:
        raise CacheUnusable(f"{shown}: cache not used (cannot write in it: {exc.strerror or exc})") from None
    with open(fd, "wb") as handle:
        handle.write(data)
