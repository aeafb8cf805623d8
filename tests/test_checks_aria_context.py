"""ACT ff89c9 (aria-required-context) from its text: the target's parent in the accessibility tree,
found through aria-owns and past elements with no node of their own, has a required context role."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from a11ycheck.engine import Options, check

PAGE = "<!doctype html><html lang='en'><head><title>t</title></head><body>\n{body}\n</body></html>"
RULE = "aria-required-context"


def outcomes(body: str) -> list[str]:
    report = check(PAGE.format(body=body), options=Options(select=(RULE,), include_passed=True))
    return [r.outcome for r in report.results if r.rule == RULE and r.outcome != "inapplicable"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a list not included in the tree is no parent: its visible items stand alone
        ('<div role="list" style="visibility: hidden"><div role="listitem" style="visibility: visible">A</div></div>',
         ["failed"]),
        # an element not included in the tree is passed over like a presentational one
        ('<div role="list"><div role="tabpanel" style="visibility: hidden">'
         '<div role="listitem" style="visibility: visible">A</div></div></div>', ["passed"]),
        # ARIA 1.2: listitem's context is list (or directory), no longer group
        ('<div role="list"><div role="group"><div role="listitem">A</div></div></div>', ["failed"]),
        ('<div role="tree"><div role="group"><div role="treeitem">A</div></div></div>', ["passed"]),
        # subclass roles of a context role are not context roles
        ('<div role="feed"><div role="listitem">A</div></div>', ["failed"]),
        # presentational roles conflict: a focusable role="none" keeps its node and breaks the context
        ('<div role="list"><div role="none" tabindex="-1"><div role="listitem">A</div></div></div>', ["failed"]),
        # an implicit list is a context
        ("<ul><div role=\"listitem\">A</div></ul>", ["passed"]),
        # aria-owns moves the item out of its DOM list
        ('<div role="list"><div id="t" role="listitem">A</div></div><div role="tabpanel" aria-owns="t"></div>',
         ["failed"]),
        # an owner not included in the tree owns nothing there
        ('<div role="list" style="display: none" aria-owns="t"></div><div id="t" role="listitem">A</div>', ["failed"]),
        # WAI-ARIA 1.2 details is a group: no list context either
        ('<div role="list"><details open><summary>S</summary><div role="listitem">A</div></details></div>',
         ["failed"]),
        # an li outside a list has the implicit role generic: role="listitem" is applicable and fails
        ('<div><li role="listitem">A</li></div>', ["failed"]),
    ],
)
def test_context_from_the_rule_text(body: str, expected: list[str]) -> None:
    assert outcomes(body) == expected


# Wrappers: markup, and whether the accessibility tree passes over them ("skip"), makes them the
# target's parent with the list role ("list") or with another role or node of their own ("other").
_WRAPPERS = {
    "plain": ("<div>", "skip"),
    "span": ("<span>", "skip"),
    "none": ('<div role="none">', "skip"),
    "presentation-ul": ('<ul role="presentation">', "skip"),
    "unseen": ('<div style="visibility: hidden">', "skip"),
    "unseen-list": ('<div role="list" style="visibility: hidden">', "skip"),
    "list": ('<div role="list">', "list"),
    "ul": ("<ol>", "list"),
    "live": ('<div aria-live="polite">', "other"),
    "focusable-none": ('<div role="none" tabindex="-1">', "other"),
    "named": ('<span aria-label="x">', "other"),
    "tabpanel": ('<div role="tabpanel">', "other"),
    "group": ('<div role="group">', "other"),
    "article": ("<article>", "other"),
}
_OWNERS = {"list": "list", "tabpanel": "other", "plain": "skip", "none": "skip"}


def _close(markup: str) -> str:
    return f"</{markup[1:].split()[0].rstrip('>')}>"


def _expected(chain: list[str], owner: str | None) -> str:
    """The oracle: the first ancestor the tree keeps (the owner first, then its ancestors: the body)."""
    if owner is not None:
        kind = _OWNERS[owner]
        return {"list": "passed", "other": "failed"}.get(kind, "failed")
    unseen = [i for i, name in enumerate(chain) if name.startswith("unseen")]  # visibility is inherited
    for i, name in reversed(list(enumerate(chain))):
        kind = _WRAPPERS[name][1]
        if kind != "skip" and not (unseen and i >= unseen[0]):
            return "passed" if kind == "list" else "failed"
    return "failed"


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(sorted(_WRAPPERS)), max_size=5),
    st.one_of(st.none(), st.sampled_from(sorted(_OWNERS))),
)
def test_the_tree_parent_is_the_first_ancestor_with_a_node(chain: list[str], owner: str | None) -> None:
    """Any nesting of wrappers around one list item, optionally owned elsewhere by aria-owns."""
    opening = "".join(_WRAPPERS[name][0] for name in chain)
    closing = "".join(_close(_WRAPPERS[name][0]) for name in reversed(chain))
    target = '<div id="t" role="listitem" style="visibility: visible">Item</div>'
    owning = ""
    if owner is not None:
        attrs = {"list": ' role="list"', "tabpanel": ' role="tabpanel"', "plain": "", "none": ' role="none"'}[owner]
        owning = f'<div{attrs} aria-owns="t"></div>'
    assert outcomes(opening + target + closing + owning) == [_expected(chain, owner)]
