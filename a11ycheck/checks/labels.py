"""Labels of form fields: more than one ``<label>`` (WCAG 3.3.2) and a title in place of a label."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from lxml import etree

from ..accname import labels_for, labels_of
from ..controls import candidates
from ..document import Document, Element
from ..visibility import is_programmatically_hidden, is_rendered
from . import Finding, cant_tell, check, failed, passed

# input types that a <label> does not name (axe-core's label-matches)
_UNLABELLED_TYPES = frozenset(["hidden", "image", "button", "submit", "reset"])
# text a label gives: a text node, an image's alt, an aria-label (scripts and styles aside)
_XP_TEXT = etree.XPath(
    "boolean(descendant::text()[normalize-space()][not(ancestor::script or ancestor::style)]"
    " | descendant-or-self::*[normalize-space(@aria-label)] | descendant::img[normalize-space(@alt)])"
)


def _fields(doc: Document) -> Iterator[Element]:
    """The page's labelable fields in the accessibility tree: select, textarea and inputs but buttons,
    image buttons and hidden inputs."""
    for element in candidates(doc, "controls"):
        if element.tag not in ("input", "select", "textarea"):
            continue
        if element.tag == "input" and (element.get("type") or "").strip().lower() in _UNLABELLED_TYPES:
            continue
        if not is_programmatically_hidden(doc, element):
            yield element


def _label_text(doc: Document, label: Element) -> str:
    """What a label says, to tell the labels apart in a message."""
    for text in (doc.text(label), label.get("aria-label", ""), label.get("title", "")):
        if text.strip():
            return " ".join(text.split())
    return "(no text)"


# -- form-field-multiple-labels ---------------------------------------------------------------


@check("form-field-multiple-labels")
def form_field_multiple_labels(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A field has at most one ``<label>``: the rendered ones saying ``for`` its id and the ones around it."""
    for element in _fields(doc):
        ident = element.get("id") or ""
        labels = [label for label in labels_for(doc, ident) if is_rendered(doc, label)] if ident else []
        labels += [label for label in element.iterancestors("label") if label not in labels]
        if not labels:
            continue
        texts = ", ".join(f'"{_label_text(doc, label)}"' for label in labels)
        if len(labels) == 1:
            yield passed(element, text=texts)
            continue
        sharing = len(doc.ids.get(ident, ()))
        spoken = [label for label in labels if not is_programmatically_hidden(doc, label)]
        if sharing > 1:
            yield cant_tell(element, "shared_id", tag=element.tag, id=ident, count=len(labels), others=sharing - 1,
                            texts=texts)
        elif len(spoken) > 1:
            yield cant_tell(element, "multiple", tag=element.tag, count=len(labels), texts=texts)
        elif spoken and spoken[0].get("id") in (element.get("aria-labelledby") or "").split():
            yield passed(element, "labelledby", text=_label_text(doc, spoken[0]))
        else:
            yield cant_tell(element, "hidden", tag=element.tag, count=len(labels), spoken=len(spoken), texts=texts)


# -- label-title-only -------------------------------------------------------------------------


def _has_label(doc: Document, element: Element) -> bool:
    """A label with text in the accessibility tree: aria-labelledby, aria-label or a ``<label>``."""
    if (element.get("aria-label") or "").strip():
        return True
    referenced = (doc.by_id(ident) for ident in (element.get("aria-labelledby") or "").split())
    sources = [node for node in referenced if node is not None] + labels_of(doc, element)
    return any(_XP_TEXT(node) and not is_programmatically_hidden(doc, node) for node in sources)


@check("label-title-only")
def label_title_only(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A field with a title or a description also has a label (fields with neither are form-field-name's)."""
    for element in _fields(doc):
        title = " ".join((element.get("title") or "").split())
        described = (element.get("aria-describedby") or "").strip()
        if not title and not described:
            continue
        ident = element.get("id") or ""
        if _has_label(doc, element):
            yield passed(element)
        elif ident and doc.by_id(ident) is not element and labels_for(doc, ident):
            yield failed(element, "shared_id", tag=element.tag, id=ident)
        elif title:
            yield failed(element, "title", tag=element.tag, title=title)
        else:
            yield failed(element, "describedby", tag=element.tag, ids=described)
