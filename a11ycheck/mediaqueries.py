"""Media queries, evaluated for the one viewport a static read assumes: a 1280×720 colour screen with a
fine pointer that hovers, light scheme, no reduced motion, no forced colours. Unknown features do not match."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["length_px", "media_matches"]

_VIEWPORT = {"width": 1280.0, "height": 720.0}
_FEATURE = re.compile(r"\(\s*([a-z-]+)\s*(?::\s*([^)]*))?\)")


@lru_cache(maxsize=1024)
def media_matches(query_list: str) -> bool:
    """Whether a media query list matches a 1280×720 screen (unknown features do not match)."""
    query_list = query_list.strip().lower()
    if not query_list:
        return True
    return any(_query_matches(query) for query in query_list.split(","))


def _query_matches(query: str) -> bool:
    words = query.split()
    negate = bool(words) and words[0] == "not"
    rest = re.sub(r"^\s*(?:not|only)\s+", "", query)
    media_type = re.match(r"\s*([a-z]+)", rest)
    result = media_type is None or media_type.group(1) in ("all", "screen")
    for name, value in _FEATURE.findall(rest):
        result = result and _feature_matches(name, value.strip())
    if "(" in rest and not _FEATURE.search(rest):
        result = False
    return not result if negate else result


_KNOWN_FEATURES = {
    "orientation": "landscape",
    "hover": "hover",
    "pointer": "fine",
    "prefers-reduced-motion": "no-preference",
    "prefers-color-scheme": "light",
    "prefers-contrast": "no-preference",
    "forced-colors": "none",
}


def _feature_matches(name: str, value: str) -> bool:
    if name in ("min-width", "max-width", "min-height", "max-height"):
        size = length_px(value)
        if size is None:
            return False
        actual = _VIEWPORT[name[4:]]
        return actual >= size if name.startswith("min") else actual <= size
    if name in _KNOWN_FEATURES:
        ours = _KNOWN_FEATURES[name]
        return value == ours if value else ours not in ("none", "no-preference")
    return name == "color"


_LENGTH = re.compile(r"^(-?\d*\.?\d+)\s*(px|em|rem|%)?$")


def length_px(value: str | None) -> float | None:
    """A declared length in px (em and rem as 16px); None for percentages, keywords or expressions."""
    match = _LENGTH.match(value.strip()) if value else None
    if match is None or match.group(2) == "%":
        return None
    number = float(match.group(1))
    return number * 16 if match.group(2) in ("em", "rem") else number
