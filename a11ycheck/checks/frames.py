"""Iframes with the same accessible name embed the same resource (ACT 4b1c6c, axe-core's ``frame-title-unique``).

A set of iframes in the accessibility tree whose names match (whitespace collapsed, case aside) passes when they
all embed the same resource (the same ``srcdoc``, or the same ``src`` resolved against the page), and asks for a
review otherwise: whether two different pages are equivalent resources takes a reader, and what an empty frame
(no ``src``, filled by a script) will hold cannot be read from the source.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urljoin

from ..accname import accessible_name
from ..aria import PRESENTATIONAL, role
from ..document import Document, Element
from ..places import places
from ..visibility import is_programmatically_hidden
from . import Finding, cant_tell, check, passed


def _resource(doc: Document, iframe: Element) -> str | None:
    """What the iframe embeds: its ``srcdoc``, else its ``src`` resolved against the page; None for an empty frame
    (no ``src``, an empty ``srcdoc``), which scripts fill (ad slots, social embeds): what it will hold cannot be read
    from the source."""
    srcdoc = (iframe.get("srcdoc") or "").strip()
    if srcdoc:
        return "srcdoc:" + srcdoc
    src = (iframe.get("src") or "").strip()
    return urljoin(doc.base_url, src) if src and src != "about:blank" else None



@check("frame-title-unique")
def frame_title_unique(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Iframes with matching non-empty names embed the same resource; a set of different ones is reviewed once,
    on its first."""
    sets: dict[str, list[Element]] = {}
    for iframe in doc.root.iter("iframe"):
        if is_programmatically_hidden(doc, iframe) or role(doc, iframe) in PRESENTATIONAL:
            continue
        name = " ".join(accessible_name(doc, iframe).split()).casefold()
        if name:
            sets.setdefault(name, []).append(iframe)
    for frames in sets.values():
        if len(frames) < 2:
            continue
        first, name = frames[0], " ".join(accessible_name(doc, frames[0]).split())
        resources = {_resource(doc, iframe) for iframe in frames}
        if len(resources) == 1 and None not in resources:
            yield passed(first, name=name, count=len(frames))
        else:
            others = places(doc, frames[1:])
            yield cant_tell(first, "review", name=name, others=others)
