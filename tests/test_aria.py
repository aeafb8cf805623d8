"""Roles as data: implicit roles (html-aria), explicit roles, semantic roles and attribute values."""

from __future__ import annotations

import pytest

from a11ycheck.aria import ROLES, explicit_role, implicit_role, is_valid_value, role
from a11ycheck.aria_data import ATTRIBUTES, GLOBAL, ROLE_DATA
from a11ycheck.document import Document
from a11ycheck.source import Source


def _doc(body: str) -> Document:
    return Document(Source.from_text(f"<!doctype html><html lang='en'><body>{body}</body></html>"))


def _role_of(body: str, ident: str = "t") -> str | None:
    doc = _doc(body)
    return role(doc, doc.by_id(ident))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<a id="t" href="/">Home</a>', "link"),
        ('<a id="t">Home</a>', "generic"),
        ('<img id="t" src="a.png" alt="">', "presentation"),
        ('<img id="t" src="a.png" alt="" aria-label="Logo">', "img"),
        # a title is no global ARIA attribute: the image stays presentational (html-aam, axe)
        ('<img id="t" src="a.png" alt="" title="Gift guide">', "presentation"),
        ('<img id="t" src="a.png">', "img"),
        ('<section id="t">Text</section>', "generic"),
        ('<section id="t" aria-label="Sport">Text</section>', "region"),
        ('<header id="t">Site</header>', "banner"),
        ('<article><header id="t">Byline</header></article>', "generic"),
        ('<div role="main"><footer id="t">Notes</footer></div>', "generic"),
        ('<footer id="t">Contact</footer>', "contentinfo"),
        ('<aside id="t">Related</aside>', "complementary"),
        ('<article><aside id="t">Quote</aside></article>', "generic"),
        ('<ul><li id="t">One</li></ul>', "listitem"),
        ('<div><li id="t">One</li></div>', "generic"),
        ('<table><tr><th id="t">Year</th></tr><tr><td>2024</td></tr></table>', "columnheader"),
        ('<table><tr><th id="t">2024</th><td>12</td></tr></table>', "rowheader"),
        ('<table><tr><th id="t" scope="row">2024</th></tr></table>', "rowheader"),
        ('<table><tr><td id="t">1</td></tr></table>', "cell"),
        ('<table role="grid"><tr><td id="t">1</td></tr></table>', "gridcell"),
        ('<input id="t" type="checkbox">', "checkbox"),
        ('<input id="t" type="email" list="l"><datalist id="l"></datalist>', "combobox"),
        ('<input id="t" type="password">', None),
        ('<input id="t" type="weird">', "textbox"),
        ('<select id="t"><option>A</option></select>', "combobox"),
        ('<select id="t" multiple><option>A</option></select>', "listbox"),
        ('<form id="t"></form>', "generic"),
        ('<form id="t" aria-label="Search"></form>', "form"),
        ("<h3 id='t'>Title</h3>", "heading"),
        ("<label id='t'>Name</label>", None),
        # custom elements are generic (html-aam); SVG's hyphenated names are not custom elements
        ('<amp-img id="t" src="a.jpg" width="4" height="3"></amp-img>', "generic"),
        ('<site-header id="t">The Daily</site-header>', "generic"),
        ('<svg><font-face id="t"></font-face></svg>', None),
    ],
)
def test_role_of_html_elements(body: str, expected: str | None) -> None:
    assert _role_of(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<div id="t" role="lnik link">Home</div>', "link"),
        ('<div id="t" role="LINK">Home</div>', "link"),
        ('<div id="t" role="widget">Home</div>', "generic"),  # abstract roles are not valid
        ('<h1 id="t" role="none">Title</h1>', "none"),
        ('<h1 id="t" role="none" tabindex="-1">Title</h1>', "heading"),  # focusable: conflict resolution
        ('<h1 id="t" role="presentation" aria-describedby="x">Title</h1>', "heading"),  # global attribute
        ('<h1 id="t" role="none" aria-checked="true">Title</h1>', "none"),  # not a global attribute
        ('<button id="t" role="none">OK</button>', "button"),  # natively focusable
        ('<img id="t" src="a.png" alt="" tabindex="0">', "img"),
        ('<ul role="none"><li id="t">One</li></ul>', "presentation"),  # inherited presentational role
        ('<ul role="none"><li id="t" role="tab">One</li></ul>', "tab"),
        ('<table role="presentation"><tr><td id="t">1</td></tr></table>', "presentation"),
    ],
)
def test_semantic_role(body: str, expected: str) -> None:
    assert _role_of(body) == expected


def test_explicit_and_implicit_role_apart() -> None:
    doc = _doc('<ul role="tablist"><li id="t" role="bogus tab">A</li></ul>')
    item = doc.by_id("t")
    assert explicit_role(item) == "tab"
    assert implicit_role(item) == "listitem"


def test_role_table_is_consistent() -> None:
    for name, data in ROLE_DATA.items():
        assert all(parent in ROLE_DATA for parent in data.parents), name
        assert all(c in ROLE_DATA for c in data.context), name
        assert all(part in ROLE_DATA for entry in data.owned for part in entry.split(">")), name
        assert data.required <= data.supported, name
        assert all(a in ATTRIBUTES for a in data.supported | data.prohibited), name
    assert "widget" not in ROLES and "doc-noteref" in ROLES and "graphics-symbol" in ROLES
    assert ROLE_DATA["switch"].supported >= {"aria-checked", "aria-readonly"}  # inherited from checkbox
    assert "aria-label" in GLOBAL and "aria-checked" not in GLOBAL


@pytest.mark.parametrize(
    ("name", "value", "valid"),
    [
        ("aria-expanded", "false", True),
        ("aria-expanded", " TRUE ", True),
        ("aria-expanded", "undefined", True),
        ("aria-expanded", "collapsed", False),
        ("aria-modal", "undefined", False),
        ("aria-pressed", "mixed", True),
        ("aria-checked", "yes", False),
        ("aria-level", "2", True),
        ("aria-rowindex", "2.5", False),
        ("aria-valuenow", "-2.5e3", True),
        ("aria-valuenow", "NaN", False),
        ("aria-live", "polite", True),
        ("aria-live", "page", False),
        ("aria-relevant", "additions text", True),
        ("aria-relevant", "text always", False),
        ("aria-current", "page", True),
        ("aria-labelledby", "no-such-id", True),
        ("aria-label", "anything", True),
    ],
)
def test_attribute_values(name: str, value: str, valid: bool) -> None:
    assert is_valid_value(name, value) is valid


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # an iframe's focus passes to its document: it does not keep the frame's role, a tabindex does
        ('<iframe id="t" role="none" src="a.html"></iframe>', "none"),
        ('<iframe id="t" role="none" tabindex="0" src="a.html"></iframe>', None),
        ('<iframe id="t" role="presentation" aria-live="polite" src="a.html"></iframe>', None),
    ],
)
def test_presentational_roles_conflict_resolution_on_frames(body: str, expected: str | None) -> None:
    assert _role_of(body) == expected
