"""Language tags: the primary language subtag of a ``lang`` value and whether the registry knows it.

The ACT rules (b5c3f8, bf051a, de46e4, 5b7ae0) ask for a *known primary language tag*: the first
hyphen-separated subtag, compared case-insensitively, is registered in the IANA Language Subtag
Registry with ``Type: language``. The rest of the tag is not checked (``de-hello`` still means German
to browsers and screen readers), grandfathered tags such as ``i-klingon`` have no known primary
subtag, and neither have three-letter ISO 639-2 codes that the registry does not list (``eng``).

The registry is the copy of the IANA file that the ``langcodes`` package ships as data (its
``File-Date`` header tells its age; nothing is fetched), read once per process from the package's folder
without importing ``langcodes`` itself (its import builds large tables, about as long as a small page's check).
"""

from __future__ import annotations

import itertools
import re
import string
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from . import precompiled

__all__ = ["has_known_primary_language", "known_languages", "primary_subtag"]

_ASCII_WHITESPACE = " \t\n\f\r"
# A registry record opens with its Type and Subtag fields, in that order.
_LANGUAGE_RECORD_RE = re.compile(r"^Type: language\nSubtag: (\S+)$", re.MULTILINE)


@cache
def known_languages() -> frozenset[str]:
    """Every primary language subtag of the IANA registry (``Type: language``), lowercase.

    Ranges (the private-use ``qaa..qtz``) are expanded. The set is kept between processes
    (:mod:`~a11ycheck.precompiled`).
    """
    registry = _registry_file()
    return frozenset(precompiled.cached("languages", [registry, Path(__file__)], lambda: _read_registry(registry)))


def _read_registry(registry: Path) -> list[str]:
    known: set[str] = set()
    for subtag in _LANGUAGE_RECORD_RE.findall(registry.read_text("utf-8")):
        known.update(_expand(subtag.lower()))
    return sorted(known)


def _registry_file() -> Path:
    """langcodes' copy of the registry, found without running the package's ``__init__``."""
    spec = find_spec("langcodes")
    folders = spec.submodule_search_locations if spec is not None else None
    if not folders:
        raise ModuleNotFoundError("langcodes is not installed", name="langcodes")
    return Path(next(iter(folders)), "data", "language-subtag-registry.txt")


def _expand(subtag: str) -> list[str]:
    """``qaa..qac`` → ``[qaa, qab, qac]``; a plain subtag → itself."""
    if ".." not in subtag:
        return [subtag]
    first, last = subtag.split("..")
    alphabet = string.ascii_lowercase
    found = []
    for combo in itertools.product(alphabet, repeat=len(first)):
        candidate = "".join(combo)
        if first <= candidate <= last:
            found.append(candidate)
    return found


def primary_subtag(value: str) -> str | None:
    """The lowercase primary subtag of a language tag, or None when the value has none.

    A subtag is a non-empty run of ASCII letters and digits; ``en_US`` or ``#!`` therefore have no
    primary subtag. Surrounding ASCII whitespace is ignored, as browsers ignore it.
    """
    first = value.strip(_ASCII_WHITESPACE).split("-", 1)[0]
    if first and first.isascii() and first.isalnum():
        return first.lower()
    return None


def has_known_primary_language(value: str) -> bool:
    """True when the tag's primary subtag is a registered language (the ACT definition)."""
    primary = primary_subtag(value)
    return primary is not None and primary in known_languages()
