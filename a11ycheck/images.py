"""Images as facts: the URLs an image may load, how a message names an image, and the image that is
all a link or button holds."""

from __future__ import annotations

from lxml import etree

from .document import Element
from .urls import file_name

__all__ = ["file_label", "image_label", "only_image", "sources"]

_LAZY_SRC = ("src", "data-src", "data-lazy", "data-lazy-src", "data-original", "srcset", "data-srcset")
_XP_OWN_TEXT = etree.XPath("boolean(descendant::text()[normalize-space()][not(ancestor::svg)])")
_XP_INNER_IMAGES = etree.XPath("descendant::img | descendant::svg[not(ancestor::svg)]")


def sources(img: Element) -> list[str]:
    """The image's candidate URLs: src, lazy-loading attributes, every srcset candidate."""
    urls: list[str] = []
    for attr in _LAZY_SRC:
        value = (img.get(attr) or "").strip()
        if not value:
            continue
        if attr.endswith("srcset"):
            urls += [c.split()[0] for c in value.split(",") if c.strip()]
        else:
            urls.append(value)
    return urls


def file_label(img: Element) -> str:
    """How a message names an image: the file name of its first real source."""
    for url in sources(img):
        name = file_name(url)
        if name:
            return name
    return "(no file name)"


def only_image(control: Element) -> Element | None:
    """The first image of a link or button whose only content is images (``img``, ``svg``), else None."""
    if _XP_OWN_TEXT(control):
        return None
    found = _XP_INNER_IMAGES(control)
    return found[0] if found else None


def image_label(image: Element) -> str:
    """How a message names an image: the file name of an ``img``, ``<svg>`` for an SVG."""
    return file_label(image) if image.tag == "img" else f"<{image.tag}>"  # type: ignore[str-bytes-safe]  # parsed HTML: a tag is a str
