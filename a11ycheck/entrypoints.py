"""Whether any installed distribution may declare entry points of a group, found without
:mod:`importlib.metadata` (whose import alone costs several times a small page's check).

The answer errs one way only: False means that :func:`importlib.metadata.entry_points` would find none of
the group; True means it may, and then it is asked. The distributions are looked for as it looks for
them on ``sys.path``: ``*.dist-info`` and ``*.egg-info`` folders, and ``*.egg`` folders' ``EGG-INFO``.
A zip archive on the path, or an import finder of another kind that lists distributions, answers True.
"""

from __future__ import annotations

import os
import sys
from importlib.machinery import PathFinder

__all__ = ["may_declare"]

_FOLDERS = {".dist-info": "entry_points.txt", ".egg-info": "entry_points.txt", ".egg": "EGG-INFO/entry_points.txt"}


def may_declare(group: str) -> bool:
    """False when no ``entry_points.txt`` of a distribution on ``sys.path`` has the section ``[group]``."""
    if any(finder is not PathFinder and hasattr(finder, "find_distributions") for finder in sys.meta_path):
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
