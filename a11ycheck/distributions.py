"""The installed distributions, as far as a run needs them, found without :mod:`importlib.metadata` (whose
import alone costs several times a small page's check): whether any may declare entry points of a group,
and the versions of some (the result cache's key).

For entry points, the answer errs one way only: False means that :func:`importlib.metadata.entry_points`
would find none of the group; True means it may, and then it is asked. The distributions are looked for as it looks for
them on ``sys.path``: ``*.dist-info`` and ``*.egg-info`` folders, and ``*.egg`` folders' ``EGG-INFO``.
A zip archive on the path, or an import finder of another kind that lists distributions, answers True.
"""

from __future__ import annotations

import os
import sys
from importlib.machinery import PathFinder

__all__ = ["may_declare", "versions"]

_FOLDERS = {".dist-info": "entry_points.txt", ".egg-info": "entry_points.txt", ".egg": "EGG-INFO/entry_points.txt"}


def _other_finders() -> bool:
    """Whether an import finder other than the path's may list distributions (then importlib.metadata is asked)."""
    return any(finder is not PathFinder and hasattr(finder, "find_distributions") for finder in sys.meta_path)


def versions(names: tuple[str, ...]) -> dict[str, str | None]:
    """Each named distribution's version (None: not installed), the first found on ``sys.path``, as
    :func:`importlib.metadata.version` finds it: from its ``*.dist-info`` or ``*.egg-info`` folder's name."""
    wanted = {_normalized(name): name for name in names}
    found: dict[str, str | None] = {}
    if _other_finders() or any(entry and not os.path.isdir(entry) and os.path.exists(entry) for entry in sys.path):
        import importlib.metadata  # (a zip archive or another finder: let it look)

        for name in names:
            try:
                found[name] = importlib.metadata.version(name)
            except Exception:  # (not installed; another finder's own error, e.g. importlib_metadata's)
                found[name] = None
        return found
    for entry in sys.path:
        try:
            listed = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in listed:
            stem = next((folder[: -len(s)] for s in (".dist-info", ".egg-info") if folder.lower().endswith(s)), None)
            if stem is None or "-" not in stem:
                continue
            dist, version = stem.split("-")[:2]
            asked = wanted.get(_normalized(dist))
            if asked is not None and asked not in found:
                found[asked] = version
    return {name: found.get(name) for name in names}


def _normalized(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def may_declare(group: str) -> bool:
    """False when no ``entry_points.txt`` of a distribution on ``sys.path`` has the section ``[group]``."""
    if _other_finders():
        return True
    needle = f"[{group}]".encode()
    for entry in sys.path:
        folder = entry or "."
        if not os.path.isdir(folder):
            if os.path.exists(folder):  # a zip archive
                return True
            continue
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            listed = next((file for suffix, file in _FOLDERS.items() if name.lower().endswith(suffix)), None)
            if listed is None:
                continue
            place = os.path.join(folder, name)
            if not os.path.isdir(place):
                if name.lower().endswith(".egg"):  # a zipped egg
                    return True
                continue
            try:
                with open(os.path.join(place, listed), "rb") as handle:
                    if needle in handle.read():
                        return True
            except OSError:
                continue
    return False
