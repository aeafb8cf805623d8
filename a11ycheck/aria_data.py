"""WAI-ARIA 1.2 (with the Graphics and DPUB modules) as compact tables: roles and attributes.

Each role lists its superclasses, its own supported and required states and properties, its required
context roles, its required owned elements (``group>option`` means a ``group`` that owns ``option``),
and flags: ``abstract``, ``presentational`` (children presentational) and ``aria12`` (the role is
a WAI-ARIA 1.2 Recommendation role; the ACT rules on context and owned elements apply only to those).
Where ARIA 1.2 and 1.3 differ, the tables take the more permissive reading, so that a page written to
either passes; required context roles are ARIA 1.2's (``listitem`` in ``list`` or ``directory``, not
``group``: ARIA 1.1's ``group`` went with ``list``'s ``group>listitem``), as ACT ff89c9 reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ATTRIBUTES", "GLOBAL", "ROLE_DATA", "Attribute", "RoleData"]


@dataclass(frozen=True, slots=True)
class Attribute:
    """An ARIA state or property: its value type and, for tokens, the allowed values."""

    # true/false, tristate, true/false/undefined, idref, idrefs, integer, number, string, token or tokens
    kind: str
    tokens: frozenset[str] = frozenset()
    is_global: bool = False


def _attrs(spec: str, *, is_global: bool = False) -> dict[str, Attribute]:
    """Parse ``name:kind[=tok|tok]`` entries separated by whitespace."""
    table = {}
    for entry in spec.split():
        name, _, kind = entry.partition(":")
        kind, _, tokens = kind.partition("=")
        table[f"aria-{name}"] = Attribute(kind, frozenset(tokens.split("|")) if tokens else frozenset(), is_global)
    return table


GLOBAL_SPEC = """
atomic:true/false busy:true/false controls:idrefs current:token=page|step|location|date|time|true|false
describedby:idrefs description:string details:idrefs disabled:true/false
dropeffect:tokens=copy|execute|link|move|none|popup errormessage:idrefs flowto:idrefs
grabbed:true/false/undefined haspopup:token=false|true|menu|listbox|tree|grid|dialog
hidden:true/false/undefined invalid:token=grammar|false|spelling|true keyshortcuts:string label:string
labelledby:idrefs live:token=assertive|off|polite owns:idrefs relevant:tokens=additions|all|removals|text
roledescription:string braillelabel:string brailleroledescription:string
"""
LOCAL_SPEC = """
activedescendant:idref autocomplete:token=inline|list|both|none checked:tristate colcount:integer
colindex:integer colindextext:string colspan:integer expanded:true/false/undefined level:integer
modal:true/false multiline:true/false multiselectable:true/false orientation:token=horizontal|undefined|vertical
placeholder:string posinset:integer pressed:tristate readonly:true/false required:true/false rowcount:integer
rowindex:integer rowindextext:string rowspan:integer selected:true/false/undefined setsize:integer
sort:token=ascending|descending|none|other valuemax:number valuemin:number valuenow:number valuetext:string
"""
ATTRIBUTES: dict[str, Attribute] = {**_attrs(GLOBAL_SPEC, is_global=True), **_attrs(LOCAL_SPEC)}
GLOBAL = frozenset(name for name, attr in ATTRIBUTES.items() if attr.is_global)


@dataclass(frozen=True, slots=True)
class RoleData:
    """One role's row of the WAI-ARIA role table."""

    parents: tuple[str, ...]
    supported: frozenset[str]
    required: frozenset[str]
    context: frozenset[str]
    owned: frozenset[str]
    prohibited: frozenset[str]
    abstract: bool
    presentational: bool
    aria12: bool


_NAMING = "label labelledby braillelabel brailleroledescription"
_UNNAMED = {"prohibit": _NAMING}  # roles that cannot be named (ARIA 1.2 "prohibited: aria-label, aria-labelledby")
_CELL = {"supports": "colindex colindextext colspan rowindex rowindextext rowspan", "context": "row"}
_MENU_OWNED = (
    "group>menuitem group>menuitemradio group>menuitemcheckbox group>separator menuitem menuitemcheckbox "
    "menuitemradio separator"
)
_ROWS = "caption row rowgroup>row"

# role: (superclasses, {supports, requires, context, owns, prohibit, flags}); attribute names without "aria-".
_ROLES: dict[str, tuple[str, dict[str, str]]] = {
    # abstract roles
    "roletype": ("", {"flags": "abstract"}),
    "structure": ("roletype", {"flags": "abstract"}),
    "widget": ("roletype", {"flags": "abstract"}),
    "window": ("roletype", {"flags": "abstract"}),
    "command": ("widget", {"flags": "abstract"}),
    "composite": ("widget", {"supports": "activedescendant", "flags": "abstract"}),
    "input": ("widget", {"flags": "abstract"}),
    "range": ("structure", {"supports": "valuemax valuemin valuenow valuetext", "flags": "abstract"}),
    "section": ("structure", {"flags": "abstract"}),
    "sectionhead": ("structure", {"flags": "abstract"}),
    "landmark": ("section", {"flags": "abstract"}),
    "select": ("composite group", {"supports": "orientation", "flags": "abstract"}),
    # WAI-ARIA 1.2
    "alert": ("section", {}),
    "alertdialog": ("alert dialog", {}),
    "application": ("structure", {"supports": "activedescendant expanded"}),
    "article": ("document", {"supports": "posinset setsize"}),
    "banner": ("landmark", {}),
    "blockquote": ("section", {}),
    "button": ("command", {"supports": "expanded pressed", "flags": "presentational"}),
    "caption": ("section", {"context": "figure grid table treegrid", **_UNNAMED}),
    "cell": ("section", _CELL),
    "checkbox": ("input", {"supports": "expanded readonly required", "requires": "checked", "flags": "presentational"}),
    "code": ("section", _UNNAMED),
    "columnheader": ("cell gridcell sectionhead", {"supports": "sort", "context": "row"}),
    "combobox": (
        "input",
        {"supports": "activedescendant autocomplete controls readonly required", "requires": "expanded"},
    ),
    "complementary": ("landmark", {}),
    "contentinfo": ("landmark", {}),
    "definition": ("section", {}),
    "deletion": ("section", _UNNAMED),
    "dialog": ("window", {"supports": "modal"}),
    "directory": ("list", {}),
    "document": ("structure", {}),
    "emphasis": ("section", _UNNAMED),
    "feed": ("list", {"owns": "article"}),
    "figure": ("section", {}),
    "form": ("landmark", {}),
    "generic": ("structure", {"prohibit": _NAMING + " roledescription"}),
    "grid": ("composite table", {"supports": "multiselectable readonly", "owns": _ROWS}),
    "gridcell": ("cell widget", {"supports": "expanded readonly required selected", "context": "row"}),
    "group": ("section", {"supports": "activedescendant"}),
    "heading": ("sectionhead", {"requires": "level"}),
    "img": ("section", {"flags": "presentational"}),
    "insertion": ("section", _UNNAMED),
    "link": ("command", {"supports": "expanded"}),
    "list": ("section", {"owns": "listitem"}),
    "listbox": ("select", {"supports": "expanded multiselectable readonly required", "owns": "group>option option"}),
    "listitem": ("section", {"supports": "level posinset setsize", "context": "directory list"}),
    "log": ("section", {}),
    "main": ("landmark", {}),
    "marquee": ("section", {}),
    "math": ("section", {}),
    "menu": ("select", {"owns": _MENU_OWNED}),
    "menubar": ("menu", {"owns": _MENU_OWNED}),
    "menuitem": ("command", {"supports": "expanded posinset setsize", "context": "group menu menubar"}),
    "menuitemcheckbox": (
        "checkbox menuitem",
        {"requires": "checked", "context": "group menu menubar", "flags": "presentational"},
    ),
    "menuitemradio": (
        "menuitemcheckbox radio",
        {"requires": "checked", "context": "group menu menubar", "flags": "presentational"},
    ),
    "meter": ("range", {"requires": "valuenow", "flags": "presentational"}),
    "navigation": ("landmark", {}),
    "none": ("structure", _UNNAMED),
    "note": ("section", {}),
    "option": (
        "input",
        {"supports": "checked posinset setsize selected", "context": "group listbox", "flags": "presentational"},
    ),
    "paragraph": ("section", _UNNAMED),
    "presentation": ("structure", _UNNAMED),
    "progressbar": ("range widget", {"flags": "presentational"}),
    "radio": ("input", {"supports": "posinset setsize", "requires": "checked", "flags": "presentational"}),
    "radiogroup": ("select", {"supports": "readonly required"}),
    "region": ("landmark", {}),
    "row": (
        "group widget",
        {
            "supports": "colindex colindextext expanded level posinset rowindex rowindextext selected setsize",
            "context": "grid rowgroup table treegrid",
            "owns": "cell columnheader gridcell rowheader",
        },
    ),
    "rowgroup": ("structure", {"context": "grid table treegrid", "owns": "row"}),
    "rowheader": ("cell gridcell sectionhead", {"supports": "expanded sort", "context": "row"}),
    "scrollbar": (
        "range widget",
        {"supports": "controls orientation", "requires": "valuenow", "flags": "presentational"},
    ),
    "search": ("landmark", {}),
    "searchbox": ("textbox", {}),
    "separator": (
        "structure widget",
        {"supports": "orientation valuemax valuemin valuenow valuetext", "flags": "presentational"},
    ),
    "slider": ("input range", {"supports": "orientation readonly", "requires": "valuenow", "flags": "presentational"}),
    "spinbutton": ("composite input range", {"supports": "readonly required"}),
    "status": ("section", {}),
    "strong": ("section", _UNNAMED),
    "subscript": ("section", _UNNAMED),
    "superscript": ("section", _UNNAMED),
    "switch": ("checkbox", {"requires": "checked", "flags": "presentational"}),
    "tab": (
        "widget",
        {"supports": "expanded posinset selected setsize", "context": "tablist", "flags": "presentational"},
    ),
    "table": ("section", {"supports": "colcount rowcount", "owns": _ROWS}),
    "tablist": ("composite", {"supports": "multiselectable orientation", "owns": "tab"}),
    "tabpanel": ("section", {}),
    "term": ("section", {}),
    "textbox": ("input", {"supports": "activedescendant autocomplete multiline placeholder readonly required"}),
    "time": ("section", {}),
    "timer": ("status", {}),
    "toolbar": ("group", {"supports": "orientation"}),
    "tooltip": ("section", {}),
    "tree": ("select", {"supports": "multiselectable required", "owns": "group>treeitem treeitem"}),
    "treegrid": ("grid tree", {"owns": _ROWS}),
    "treeitem": ("listitem option", {"supports": "expanded", "context": "group tree"}),
    # WAI-ARIA 1.3 roles that html-aria already maps to
    "mark": ("section", {"flags": "later"}),
    "comment": ("article", {"flags": "later"}),
    "suggestion": ("section", {"flags": "later"}),
    "image": ("img", {"flags": "later presentational"}),
    # WAI-ARIA Graphics Module 1.0
    "graphics-document": ("document", {"flags": "later"}),
    "graphics-object": ("group", {"flags": "later"}),
    "graphics-symbol": ("img", {"flags": "later"}),
}
# Digital Publishing WAI-ARIA Module 1.0 / 1.1: role → superclass.
_DPUB = {
    "landmark": "acknowledgments afterword appendix bibliography chapter conclusion credits endnotes epilogue "
    "errata foreword glossary index introduction pagelist part preface prologue toc",
    "section": "abstract colophon credit dedication epigraph example footnote notice pagefooter pageheader "
    "pullquote qna tip",
    "link": "backlink biblioref glossref noteref",
    "listitem": "biblioentry endnote",
    "img": "cover",
    "separator": "pagebreak",
    "sectionhead": "subtitle",
}
for _parent, _names in _DPUB.items():
    for _name in _names.split():
        _ROLES[f"doc-{_name}"] = (_parent, {"flags": "later"})


def _aria(names: str) -> frozenset[str]:
    return frozenset(f"aria-{n}" for n in names.split())


def _build() -> dict[str, RoleData]:
    table: dict[str, RoleData] = {}

    def build(name: str) -> RoleData:
        if name in table:
            return table[name]
        parents, spec = _ROLES[name]
        inherited = [build(p) for p in parents.split()]
        flags = spec.get("flags", "").split()
        data = RoleData(
            parents=tuple(parents.split()),
            supported=frozenset().union(
                _aria(spec.get("supports", "")), _aria(spec.get("requires", "")), *(p.supported for p in inherited)
            ),
            required=_aria(spec.get("requires", "")),
            context=frozenset(spec.get("context", "").split()),
            owned=frozenset(spec.get("owns", "").split()),
            prohibited=_aria(spec.get("prohibit", "")),
            abstract="abstract" in flags,
            presentational="presentational" in flags,
            aria12="abstract" not in flags and "later" not in flags,
        )
        table[name] = data
        return data

    for role_name in _ROLES:
        build(role_name)
    return table


ROLE_DATA: dict[str, RoleData] = _build()
