"""ARIA in HTML (html-aria): the roles an HTML element may take with its ``role`` attribute.

The table follows html-aria as axe-core 4.10 encodes it (``htmlElms``' ``allowedRoles``): ``*`` for any role,
``-`` for none but the implicit one. Elements not in the table (custom elements, SVG and MathML content) are not
HTML elements with a role restriction.
"""

from __future__ import annotations

from .document import Element

__all__ = ["ANY", "allowed_roles", "is_html_element"]

ANY = None  # allowed_roles' answer for an element that may take any role

_SPEC = """
abbr address b bdi bdo blockquote canvas cite code data del dfn div em figure hgroup i ins kbd mark output p pre q rp
 rt ruby s samp small span strong sub sup table tbody td tfoot th thead time tr u var: *
base body caption col colgroup datalist dd details head html label legend link main map meta meter noscript optgroup
 option param picture progress script slot source style summary template textarea title track: -
article: feed presentation none document application main region
aside: feed note presentation none region search doc-dedication doc-example doc-footnote doc-glossary doc-pullquote
 doc-tip
audio video: application
br wbr: presentation none
button: checkbox combobox gridcell link menuitem menuitemcheckbox menuitemradio option radio separator slider switch
 tab treeitem
dialog: alertdialog
dl: group list presentation none
dt: listitem
embed: application document img presentation none
fieldset: none presentation radiogroup
figcaption: group none presentation
footer header: group none presentation doc-footnote
form: form search none presentation
h1 h2 h3 h4 h5 h6: none presentation tab doc-subtitle
hr: none presentation doc-pagebreak
iframe: application document img none presentation
li: menuitem menuitemcheckbox menuitemradio option none presentation radio separator tab treeitem doc-biblioentry
 doc-endnote
menu ol ul: directory group listbox menu menubar none presentation radiogroup tablist toolbar tree
nav: doc-index doc-pagelist doc-toc menu menubar none presentation tablist
object: application document img
search: form group none presentation region search
section: alert alertdialog application banner complementary contentinfo dialog document feed group log main marquee
 navigation none note presentation search status tabpanel doc-abstract doc-acknowledgments doc-afterword
 doc-appendix doc-bibliography doc-chapter doc-colophon doc-conclusion doc-credit doc-credits doc-dedication
 doc-endnotes doc-epigraph doc-epilogue doc-errata doc-example doc-foreword doc-glossary doc-index doc-introduction
 doc-notice doc-pagelist doc-part doc-preface doc-prologue doc-qna doc-toc
"""
# Elements whose allowed roles depend on their attributes: their entry is the variant's.
_VARIANTS = """
a-href: button checkbox menuitem menuitemcheckbox menuitemradio option radio switch tab treeitem doc-backlink
 doc-biblioref doc-glossref doc-noteref
a: *
area-href: -
area: button link
img-named: button checkbox link menuitem menuitemcheckbox menuitemradio meter option progressbar radio scrollbar
 separator slider switch tab treeitem doc-cover
img: presentation none
input-button: checkbox combobox link menuitem menuitemcheckbox menuitemradio option radio switch tab
input-checkbox-pressed: button menuitemcheckbox option switch
input-checkbox: menuitemcheckbox option switch
input-image: link menuitem menuitemcheckbox menuitemradio radio switch
input-radio: menuitemradio
input-none: -
input: combobox searchbox spinbutton
select-menu: menu
select: -
"""
_INPUT_NO_ROLES = frozenset(
    ["color", "date", "datetime-local", "file", "hidden", "month", "number", "password", "range", "reset", "submit",
     "time", "week"]
)
# input types as the DOM's ``type`` property reads them; any other value is "text"
_INPUT_TYPES = _INPUT_NO_ROLES | frozenset(
    ["button", "checkbox", "email", "image", "radio", "search", "tel", "text", "url"]
)


_FOREIGN = frozenset(["svg", "math"])  # their content is SVG or MathML, not HTML


def _parse(spec: str) -> dict[str, frozenset[str] | None]:
    table: dict[str, frozenset[str] | None] = {}
    for entry in spec.replace("\n ", " ").strip().splitlines():
        tags, _, roles = entry.partition(":")
        value = ANY if roles.strip() == "*" else frozenset(roles.split()) - {"-"}
        table.update(dict.fromkeys(tags.split(), value))
    return table


_ALLOWED = _parse(_SPEC) | _parse(_VARIANTS)


def is_html_element(element: Element) -> bool:
    """An HTML element html-aria has a row for: no custom element, no SVG or MathML element."""
    if element.tag not in _ALLOWED:
        return False
    return not any(a.tag in _FOREIGN for a in element.iterancestors())


def allowed_roles(element: Element) -> frozenset[str] | None:
    """The roles an HTML element may take besides its implicit role, or :data:`ANY`."""
    return _ALLOWED[_variant(element)]


def _variant(element: Element) -> str:
    tag: str = element.tag  # type: ignore[assignment]  # parsed HTML: a tag is a str
    if tag in ("a", "area"):
        return f"{tag}-href" if element.get("href") is not None else tag
    if tag == "img":
        named = element.get("alt") or any(
            (element.get(name) or "").strip() for name in ("aria-label", "aria-labelledby", "title")
        )
        return "img-named" if named else "img"
    if tag == "select":
        size = element.get("size")
        return "select-menu" if element.get("multiple") is None and size in (None, "1") else "select"
    if tag == "input":
        return _input_variant(element)
    return tag


def _input_variant(element: Element) -> str:
    kind = (element.get("type") or "").strip().lower()
    kind = kind if kind in _INPUT_TYPES else "text"
    if kind in _INPUT_NO_ROLES or (kind == "text" and element.get("list") is not None):
        return "input-none"
    if kind == "checkbox" and element.get("aria-pressed") is not None:
        return "input-checkbox-pressed"
    if kind in ("button", "checkbox", "image", "radio"):
        return f"input-{kind}"
    return "input"
