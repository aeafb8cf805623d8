"""Keys of the per-document cache (:meth:`a11ycheck.document.Document.memo`), typed by the value they hold.

A key is a module-level constant of the module that computes the fact, named ``<FACT>_KEY``; keys compare
by identity, so a mistyped key is a name error (and a wrong value type a mypy error), never a silent miss.
Its text, ``"<module>.<fact>"``, is for reading only.
"""

from __future__ import annotations

from typing import Generic, TypeVar

__all__ = ["MemoKey"]

T = TypeVar("T")


class MemoKey(Generic[T]):
    """The key of one fact of a document, whose value is a ``T``."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"MemoKey({self.name!r})"
