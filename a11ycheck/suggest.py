"""Suggestions for a mistyped name: "did you mean …?"."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["did_you_mean"]


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`` (did you mean 'image-alt'?)`` for the known names closest to ``name``; empty when none is close."""
    from difflib import get_close_matches  # (only for a mistyped name)

    close = get_close_matches(name, sorted(set(known)), n=3, cutoff=0.75)
    return f" (did you mean {' or '.join(map(repr, close))}?)" if close else ""
