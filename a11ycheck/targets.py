"""Turning what a test holds into page bytes: strings, bytes, paths, soups, lxml trees, drivers, responses."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

__all__ = ["TargetError", "describe", "is_webdriver", "to_source"]


class TargetError(TypeError):
    """Something that is not a page."""


def is_webdriver(target: Any) -> bool:
    """True for a Selenium WebDriver (duck-typed: ``page_source`` and ``execute_script``).

    A BeautifulSoup tag answers every attribute with a child lookup, so it is ruled out first."""
    if type(target).__module__.startswith("bs4"):
        return False
    return hasattr(target, "page_source") and hasattr(target, "execute_script")


def describe(target: Any) -> str:
    """A short name for the target, used as the report's path."""
    if isinstance(target, os.PathLike):
        return os.fspath(target)
    if is_webdriver(target):
        return getattr(target, "current_url", "") or "<webdriver>"
    url = getattr(target, "url", None)
    if isinstance(url, str) and url:
        return url
    return "<html>"


def to_source(target: Any) -> str | bytes:
    """The markup of a target: text stays text (already decoded), bytes are decoded by the engine."""
    if isinstance(target, str):
        return target
    if isinstance(target, bytes | bytearray | memoryview):
        return bytes(target)
    if isinstance(target, os.PathLike):
        return Path(target).read_bytes()
    if is_webdriver(target):
        return target.page_source
    module = type(target).__module__
    if module.startswith("bs4"):
        return str(target)
    if module.startswith("lxml"):
        from lxml import etree

        return etree.tostring(target, method="html", encoding="unicode")
    for name in ("content", "data"):  # requests / httpx / Django / Flask test clients
        value = getattr(target, name, None)
        if isinstance(value, bytes | bytearray):
            return bytes(value)
    text = getattr(target, "text", None)
    if isinstance(text, str):
        return text
    if callable(getattr(target, "get_data", None)):
        return target.get_data()
    raise TargetError(f"cannot check a {type(target).__name__}: pass HTML text, bytes, a path, a BeautifulSoup "
                      "object, an lxml element, a WebDriver or a response")
