"""Turning what a test holds into page bytes: strings, bytes, paths, soups, lxml trees, drivers, responses."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .shown import quote_path

__all__ = ["TargetError", "as_page", "describe", "is_markup", "is_webdriver", "to_source"]


class TargetError(TypeError):
    """Something that is not a page."""


def is_markup(text: str) -> bool:
    """True for a string that holds a ``<`` (a tag, a comment, a doctype): any other string is a path."""
    return "<" in text


def as_page(target: Any) -> Any:
    """The target, with a string that is not markup read as the path it names (relative to the working
    folder). A path that names no file is an error, never an empty page."""
    __tracebackhide__ = True  # a test's failure shows the test's line, not this one
    hint = ""
    if isinstance(target, str) and not is_markup(target):
        if not target.strip():
            raise TargetError("an empty string is not a page: pass HTML text (with a '<') or a path")
        target, hint = Path(target), " (a string with no '<' is a path)"
    if isinstance(target, os.PathLike) and not os.path.isfile(target):
        name = os.fspath(target)
        where = "" if os.path.isabs(name) else f" in {quote_path(os.getcwd())}"
        reason = ("is a folder, not a file" if os.path.isdir(target) else
                  "is not a regular file" if os.path.exists(target) else "does not exist")
        raise FileNotFoundError(f"{quote_path(name)}: {reason}{where}{hint}")
    return target


def is_webdriver(target: Any) -> bool:
    """True for a Selenium WebDriver (duck-typed: ``page_source`` and ``execute_script``).

    A BeautifulSoup tag answers every attribute with a child lookup, so it is ruled out first."""
    if type(target).__module__.startswith("bs4"):
        return False
    return hasattr(target, "page_source") and hasattr(target, "execute_script")


def describe(target: Any, unnamed: str = "<html>") -> str:
    """A short name for the target, used as the report's path: its path or URL, else ``unnamed``."""
    if isinstance(target, os.PathLike):
        return os.fspath(target)
    if is_webdriver(target):
        return getattr(target, "current_url", "") or "<webdriver>"
    url = getattr(target, "url", None)
    if isinstance(url, str) and url:
        return url
    return unnamed


def to_source(target: Any) -> str | bytes:
    """The markup of a target: text stays text (already decoded), bytes are decoded by the engine, a path
    (see :func:`as_page`) is read."""
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
