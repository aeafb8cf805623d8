"""Where elements are, as messages name them: ``<nav> at 3:1``, and a list of such places that fits a message field."""

from __future__ import annotations

from collections.abc import Sequence

from .document import Document, Element

FIELD_MAX = 80  # message fields longer than this are cut (see ruleset.Rule.message)


def where(doc: Document, element: Element) -> str:
    """The element's tag and its line:column: ``<nav> at 3:1``."""
    line, column = doc.position(element)
    tag = element.tag if isinstance(element.tag, str) else ""
    return f"<{tag}> at {line}:{column}"


def places(doc: Document, elements: Sequence[Element]) -> str:
    """As many of the elements' places as fit one message field, and how many more: ``<nav> at 3:1, <nav> at 4:3
    and 5 more``."""
    shown: list[str] = []
    for count, element in enumerate(elements):
        rest = len(elements) - count - 1
        text = ", ".join([*shown, where(doc, element)])
        if len(text) + (len(f" and {rest} more") if rest else 0) > FIELD_MAX and shown:
            return ", ".join(shown) + f" and {len(elements) - count} more"
        shown.append(where(doc, element))
    return ", ".join(shown)
