"""The html5lib tree-construction tests (``../shared/html5lib-tests``): reading them, and dumping a
tree built by :func:`a11ycheck.parsing.build` in their format."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

SUITE = Path(__file__).resolve().parents[1].parent / "shared" / "html5lib-tests" / "tree-construction"
_SECTIONS = ("errors", "new-errors", "document-fragment", "script-off", "script-on", "document")
# HTML integration points of foreign content: their children are HTML again.
_SVG_HTML = frozenset(("foreignobject", "desc", "title"))
_MATH_HTML = frozenset(("mi", "mo", "mn", "ms", "mtext"))
# The tree keeps libxml2's lowercase names; the standard's DOM has these in SVG and MathML.
def _by_lowercase(names: str) -> dict[str, str]:
    return {name.lower(): name for name in names.split()}


_SVG_TAGS = _by_lowercase("""altGlyph altGlyphDef altGlyphItem animateColor animateMotion
    animateTransform clipPath feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
    feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR
    feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting feSpotLight
    feTile feTurbulence foreignObject glyphRef linearGradient radialGradient textPath""")
_SVG_ATTRIBUTES = _by_lowercase("""attributeName attributeType baseFrequency baseProfile
    calcMode clipPathUnits diffuseConstant edgeMode filterUnits glyphRef gradientTransform gradientUnits
    kernelMatrix kernelUnitLength keyPoints keySplines keyTimes lengthAdjust limitingConeAngle markerHeight
    markerUnits markerWidth maskContentUnits maskUnits numOctaves pathLength patternContentUnits
    patternTransform patternUnits pointsAtX pointsAtY pointsAtZ preserveAlpha preserveAspectRatio
    primitiveUnits refX refY repeatCount repeatDur requiredExtensions requiredFeatures specularConstant
    specularExponent spreadMethod startOffset stdDeviation stitchTiles surfaceScale systemLanguage tableValues
    targetX targetY textLength viewBox viewTarget xChannelSelector yChannelSelector zoomAndPan""")
_ADJUSTED = frozenset(("xlink:actuate", "xlink:arcrole", "xlink:href", "xlink:role", "xlink:show", "xlink:title",
                       "xlink:type", "xml:lang", "xml:space", "xmlns:xlink"))


@dataclass(frozen=True)
class Case:
    file: str
    number: int
    data: str
    scripting: bool | None  # None: the test holds in both modes
    fragment: bool
    expected: str

    @property
    def name(self) -> str:
        return f"{self.file}:{self.number}"


def cases() -> list[Case]:
    """Every test of the suite's ``.dat`` files, in order."""
    found = []
    for path in sorted(SUITE.glob("*.dat")):
        text = path.read_text(encoding="utf-8")
        blocks = text.split("\n\n#data\n")
        for number, block in enumerate(blocks):
            block = block.removeprefix("#data\n")
            sections: dict[str, list[str]] = {"data": []}
            current = "data"
            for line in block.split("\n"):
                if line.startswith("#") and line[1:] in _SECTIONS:
                    current = line[1:]
                    sections.setdefault(current, [])
                    continue
                sections[current].append(line)
            scripting = True if "script-on" in sections else False if "script-off" in sections else None
            expected = "\n".join(sections.get("document", [])).rstrip("\n")
            found.append(Case(path.name, number, "\n".join(sections["data"]), scripting,
                              "document-fragment" in sections, expected))
    return found


def comparable(expected: str) -> str:
    """The expected dump without what the checker's tree leaves out by design: the doctype and the
    comments outside ``<html>`` (no rule reads them; suppression comments are read from the source)."""
    lines = expected.split("\n")
    kept = [line for line in lines if not (line.startswith("| <!DOCTYPE") or line.startswith("| <!--"))]
    return "\n".join(kept)


def dump(root: etree._Element) -> str:
    """The tree in the suite's format (``| `` lines, two spaces per level, attributes sorted)."""
    out: list[str] = []
    _dump(root, 0, "html", out)
    return "\n".join(out)


def _namespace(tag: str, outer: str) -> str:
    if outer in ("html", "math-text", "annotation"):
        if tag == "svg":
            return "svg"
        if tag == "math" or (outer == "math-text" and tag in ("mglyph", "malignmark")):
            return "math"
        return "math" if outer == "annotation" else "html"
    return outer


def _dump(element: etree._Element, depth: int, outer: str, out: list[str]) -> None:
    indent = "| " + "  " * depth
    if not isinstance(element.tag, str):
        out.append(f"{indent}<!-- {element.text or ''} -->")
    else:
        space = _namespace(element.tag, outer)
        tag = _SVG_TAGS.get(element.tag, element.tag) if space == "svg" else element.tag
        out.append(f"{indent}<{'' if space == 'html' else space + ' '}{tag}>")
        attributes = sorted((_attribute_name(name, space), value) for name, value in element.attrib.items())
        out.extend(f'{indent}  {name}="{value}"' for name, value in attributes)
        inner = space
        if (space == "svg" and element.tag in _SVG_HTML) or (space == "math" and element.tag in _MATH_HTML):
            inner = "html"
        if space == "math" and element.tag in _MATH_HTML:
            inner = "math-text"
        elif space == "math" and element.tag == "annotation-xml":
            html = element.get("encoding", "").lower() in ("text/html", "application/xhtml+xml")
            inner = "html" if html else "annotation"
        level = depth + 1
        if element.tag == "template" and space == "html":
            out.append(f"{indent}  content")
            level += 1
        if element.text:
            out.append(f'{"| " + "  " * level}"{element.text}"')
        for child in element:
            _dump(child, level, inner, out)
    if element.tail and depth:
        out.append(f'{indent}"{element.tail}"')


def _attribute_name(name: str, space: str) -> str:
    if space != "html" and name in _ADJUSTED:
        return name.replace(":", " ", 1)
    if space == "svg":
        return _SVG_ATTRIBUTES.get(name, name)
    if space == "math" and name == "definitionurl":
        return "definitionURL"
    return name
