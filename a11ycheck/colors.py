"""CSS colour values and the WCAG contrast ratio.

Colours are ``(r, g, b, a)`` tuples of floats in 0..1 (sRGB, alpha not premultiplied). Values are
parsed by tinycss2's CSS Color 4 reader (hex, ``rgb()``, ``hsl()``, ``hwb()``, named colours,
``transparent``), plus the few system colours a browser's default sheet uses.
"""

from __future__ import annotations

from functools import lru_cache

from tinycss2 import color4

__all__ = ["BLACK", "CURRENT", "RGBA", "WHITE", "contrast", "luminance", "over", "parse_color"]

RGBA = tuple[float, float, float, float]
BLACK: RGBA = (0.0, 0.0, 0.0, 1.0)
WHITE: RGBA = (1.0, 1.0, 1.0, 1.0)
CURRENT = "currentcolor"  # parse_color's answer for currentColor: the element's own colour

_SYSTEM: dict[str, RGBA] = {  # as Chromium draws them in the light scheme
    "canvas": WHITE,
    "canvastext": BLACK,
    "field": WHITE,
    "fieldtext": BLACK,
    "buttonface": (0xEF / 255, 0xEF / 255, 0xEF / 255, 1.0),
    "buttontext": BLACK,
    "linktext": (0.0, 0.0, 0xEE / 255, 1.0),
    "windowtext": BLACK,
    "window": WHITE,
    "mark": (1.0, 1.0, 0.0, 1.0),
    "marktext": BLACK,
}


@lru_cache(maxsize=4096)
def parse_color(value: str) -> RGBA | str | None:
    """The colour a CSS value names, :data:`CURRENT` for currentColor, or None when it is no colour
    this reader knows (a ``var()``, an unknown keyword, a colour space it cannot convert)."""
    value = value.strip().lower()
    system = _SYSTEM.get(value)
    if system is not None:
        return system
    try:
        parsed = color4.parse_color(value)
    except (ValueError, TypeError):  # (malformed arguments)
        return None
    if parsed is None:
        return None
    if isinstance(parsed, str):
        return CURRENT if parsed == CURRENT else None
    try:
        srgb = parsed.to("srgb")
    except (NotImplementedError, ValueError, ZeroDivisionError):
        return None
    r, g, b = (min(1.0, max(0.0, float(c))) for c in srgb.coordinates)  # type: ignore[attr-defined]  # (clipped to the gamut)
    return (r, g, b, min(1.0, max(0.0, float(srgb.alpha))))  # type: ignore[attr-defined]  # (tinycss2's Color is untyped)


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(color: RGBA) -> float:
    """WCAG's relative luminance of an opaque colour."""
    r, g, b, _ = color
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast(first: RGBA, second: RGBA) -> float:
    """WCAG's contrast ratio of two opaque colours, 1 to 21."""
    a, b = luminance(first), luminance(second)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def over(top: RGBA, below: RGBA) -> RGBA:
    """``top`` painted over ``below`` (source-over compositing)."""
    alpha = top[3]
    if alpha >= 1.0:
        return top
    out = alpha + below[3] * (1 - alpha)
    if out <= 0:
        return (0.0, 0.0, 0.0, 0.0)
    mix = [(t * alpha + b * below[3] * (1 - alpha)) / out for t, b in zip(top[:3], below[:3], strict=True)]
    return (mix[0], mix[1], mix[2], out)
