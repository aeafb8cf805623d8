"""Form fields: accessible names (WCAG 4.1.2) and autocomplete purposes (WCAG 1.3.5)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from lxml import etree

from ..aria import explicit_role, role
from ..aria_data import ROLE_DATA
from ..controls import candidates
from ..document import Document, Element
from ..visibility import is_disabled, is_programmatically_hidden, is_tabbable, is_visible
from . import Finding, check, failed, named, passed

_XP_ARIA_DISABLED = etree.XPath(
    "ancestor-or-self::*[translate(normalize-space(@aria-disabled), 'TRUE', 'true') = 'true']"
)
# ACT e086e5: the roles of form fields (inheriting from input, menuitem or select)
_FIELD_ROLES = frozenset(
    [
        "checkbox",
        "combobox",
        "listbox",
        "menuitemcheckbox",
        "menuitemradio",
        "radio",
        "searchbox",
        "slider",
        "spinbutton",
        "switch",
        "textbox",
    ]
)
# inputs html-aria leaves without a role, which browsers expose as fields all the same: the kind of each
_ROLELESS_FIELDS = {
    **dict.fromkeys(["date", "datetime-local", "month", "password", "time", "week"], "textbox"),
    "color": "colour picker",
    "file": "file upload",
}
_ASCII_SPACES = " \t\n\f\r"
_ASCII_WHITESPACE = re.compile(r"[ \t\n\f\r]+")
_AUTOFILLED = frozenset(["input", "select", "textarea"])
_FIXED_VALUE_TYPES = frozenset(["button", "checkbox", "file", "image", "radio", "reset", "submit"])
# HTML "autofill field" names; contact fields may follow home/work/mobile/fax/pager
_FIELDS = frozenset(
    [
        "name",
        "honorific-prefix",
        "given-name",
        "additional-name",
        "family-name",
        "honorific-suffix",
        "nickname",
        "username",
        "new-password",
        "current-password",
        "one-time-code",
        "organization-title",
        "organization",
        "street-address",
        "address-line1",
        "address-line2",
        "address-line3",
        "address-level4",
        "address-level3",
        "address-level2",
        "address-level1",
        "country",
        "country-name",
        "postal-code",
        "cc-name",
        "cc-given-name",
        "cc-additional-name",
        "cc-family-name",
        "cc-number",
        "cc-exp",
        "cc-exp-month",
        "cc-exp-year",
        "cc-csc",
        "cc-type",
        "transaction-currency",
        "transaction-amount",
        "language",
        "bday",
        "bday-day",
        "bday-month",
        "bday-year",
        "sex",
        "url",
        "photo",
    ]
)
_CONTACT_FIELDS = frozenset(
    [
        "tel",
        "tel-country-code",
        "tel-national",
        "tel-area-code",
        "tel-local",
        "tel-local-prefix",
        "tel-local-suffix",
        "tel-extension",
        "email",
        "impp",
    ]
)
_CONTACT_KINDS = frozenset(["home", "work", "mobile", "fax", "pager"])


@check("form-field-name")
def form_field_name(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Every form field in the accessibility tree has a name (ACT e086e5; and, as axe-core's label rule,
    the inputs without a role: file uploads, colour pickers, dates)."""
    for element in candidates(doc, "controls"):
        found = role(doc, element)
        field = found if found in _FIELD_ROLES else _roleless_field(element) if found is None else None
        if field and not is_programmatically_hidden(doc, element):
            yield named(doc, element, field)


def _roleless_field(element: Element) -> str | None:
    """The kind of field of an input html-aria leaves without a role but browsers expose (date, file…)."""
    if element.tag == "input" and explicit_role(element) is None:
        return _ROLELESS_FIELDS.get((element.get("type") or "").strip().lower())
    return None


@cache
def _is_widget(name: str | None) -> bool:
    """True for roles that inherit from the abstract ``widget`` role."""
    data = ROLE_DATA.get(name or "")
    return data is not None and ("widget" in data.parents or any(_is_widget(p) for p in data.parents))


def _autocomplete_applies(doc: Document, element: Element, tokens: list[str], toggles: frozenset[str]) -> bool:
    """ACT 73f2c2 applicability, past the non-empty value: not a toggle (``on``, ``off``, or one of the
    ``toggle-words`` authors write for them), disabled, fixed-value, hidden or static element."""
    if len(tokens) == 1 and (tokens[0] in ("on", "off") or tokens[0] in toggles):
        return False
    if is_disabled(doc, element) or _XP_ARIA_DISABLED(element):
        return False
    if element.tag == "input" and (element.get("type") or "").strip().lower() in _FIXED_VALUE_TYPES:
        return False
    if not is_visible(doc, element) and is_programmatically_hidden(doc, element):
        return False
    return is_tabbable(doc, element) or _is_widget(role(doc, element))


def autocomplete_problem(tokens: list[str]) -> str | None:
    """Why a token list is not a valid autofill detail list (HTML "autofill detail tokens"), or None."""
    rest = list(tokens)
    if rest and rest[-1] == "webauthn":
        rest.pop()
    if not rest:
        return "no-field"
    field = rest.pop()
    if field in _CONTACT_FIELDS:
        if rest and rest[-1] in _CONTACT_KINDS:
            rest.pop()
    elif field not in _FIELDS:
        optional = field in _CONTACT_KINDS or field in ("shipping", "billing") or field.startswith("section-")
        return "no-field" if optional else "unknown-field"
    if rest and rest[-1] in ("shipping", "billing"):
        rest.pop()
    if rest and rest[-1].startswith("section-"):
        rest.pop()
    return "order" if rest else None


@check("autocomplete-valid")
def autocomplete_valid(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """An ``autocomplete`` value on a field a user fills names a known purpose, with its optional
    tokens in order (ACT 73f2c2)."""
    toggles = frozenset(word.lower() for word in options.get("toggle-words", ()))
    for element in candidates(doc, "controls"):
        value = element.get("autocomplete", "")
        tokens = _ASCII_WHITESPACE.split(value.lower().strip(_ASCII_SPACES)) if value.strip(_ASCII_SPACES) else []
        if not tokens or element.tag not in _AUTOFILLED or not _autocomplete_applies(doc, element, tokens, toggles):
            continue
        problem = autocomplete_problem(tokens)
        if problem is None:
            yield passed(element, value=" ".join(tokens))
        else:
            yield failed(element, problem, value=value.strip(), field=tokens[-1])
