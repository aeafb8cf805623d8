"""Inline suppressions, the data attribute and ignore-selectors, and reports of unused ones."""

from __future__ import annotations

from a11ycheck.document import Document
from a11ycheck.source import Source
from a11ycheck.suppress import Suppressor

PAGE = """<html><body>
<!-- a11ycheck-disable-next-line image-alt -- legacy CMS, ticket 42 -->
<img id="a" src="a.jpg">
<img id="b" src="b.jpg">
<!-- a11ycheck-disable image-alt, photo-credit -->
<img id="c" src="c.jpg">
<!-- a11ycheck-enable image-alt -->
<img id="d" src="d.jpg">
<div data-a11ycheck-ignore="image-alt -- partner widget"><p><img id="e" src="e.jpg"></p></div>
<div class="ad-slot"><img id="f" src="f.jpg"></div>
<!-- a11ycheck-disable-next-line link-name -->
<p>nothing here</p>
<!-- a11ycheck-disable-next-line no-such-rule -->
</body></html>
"""


def setup() -> tuple[Document, Suppressor]:
    doc = Document(Source.from_text(PAGE))
    return doc, Suppressor(doc, {"*": [".ad-slot"]})


def test_next_line_range_and_attribute() -> None:
    doc, sup = setup()
    img = doc.by_id
    assert sup.reason("image-alt", img("a")) == "legacy CMS, ticket 42"
    assert sup.reason("image-alt", img("b")) is None
    assert sup.reason("image-alt", img("c")) == "suppressed in the page"
    assert sup.reason("photo-credit", img("d")) == "suppressed in the page"  # still disabled
    assert sup.reason("image-alt", img("d")) is None  # enabled again
    assert sup.reason("image-alt", img("e")) == "partner widget"
    assert sup.reason("link-name", img("e")) is None  # the attribute names image-alt only
    assert sup.reason("image-alt", img("f")) == "matches ignore-selectors"


def test_unused_and_unknown_suppressions_are_reported() -> None:
    doc, sup = setup()
    for ident in "abcdef":
        sup.reason("image-alt", doc.by_id(ident))
    problems = {(d.rules, why) for d, why in sup.unused(ran={"image-alt", "link-name"},
                                                        known={"image-alt", "link-name", "photo-credit"})}
    assert (("link-name",), "suppresses nothing") in problems
    assert (("no-such-rule",), "unknown rule no-such-rule") in problems
    assert not any(rules == ("image-alt",) for rules, _ in problems)


def test_a_directive_for_a_rule_that_did_not_run_is_not_unused() -> None:
    sup = setup()[1]
    problems = sup.unused(ran={"document-title"}, known={"image-alt", "link-name", "photo-credit"})
    assert all("unknown" in why for _, why in problems)


def test_pages_without_directives_cost_nothing() -> None:
    doc = Document(Source.from_text("<p>plain</p>"))
    assert not Suppressor(doc)
