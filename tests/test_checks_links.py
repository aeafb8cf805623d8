"""Links, skip links and bypass blocks beyond the rule files' examples."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from a11ycheck.document import Document
from a11ycheck.engine import Options, check
from a11ycheck.results import Result
from a11ycheck.ruleset import load_rules
from a11ycheck.source import Source

PAGE = "<!doctype html><html lang='{lang}'><head>{head}</head><body>\n{body}\n</body></html>"


def results(body: str, rule: str, *, head: str = "", lang: str = "en", url: str | None = None) -> list[Result]:
    """The results (passed ones too, inapplicable not) of one rule on a page."""
    html = PAGE.format(lang=lang, head=head, body=body)
    report = check(html, options=Options(select=(rule,), include_passed=True, url=url))
    return [r for r in report.results if r.rule == rule and r.outcome != "inapplicable"]


def outcomes(body: str, rule: str, **kwargs: str) -> list[str]:
    return [r.outcome for r in results(body, rule, **kwargs)]


@pytest.mark.parametrize(
    ("href", "ident"),
    [("#caf%C3%A9", "café"), ("#a%20b", "a b"), ("#a%20b", "a%20b"), ("#%E2%9C%93", "✓")],
)
def test_fragments_are_percent_decoded(href: str, ident: str) -> None:
    assert outcomes(f'<a href="{href}">Go</a><p id="{ident}">Here</p>', "link-target") == ["passed"]


def test_undecoded_miss_names_the_decoded_id() -> None:
    (result,) = results('<a href="#caf%C3%A9">Skip to the café</a><p id="cafe">Here</p>', "link-target")
    assert result.outcome == "failed"
    assert 'no element has id="café"' in result.message


@pytest.mark.parametrize("href", ["#", "#top", "#TOP", "#0", "#!/news/1", "#/sport", "#!"])
def test_no_in_page_target(href: str) -> None:
    assert results(f'<a href="{href}">Go</a><p>Text</p>', "link-target") == []


def test_top_is_checked_when_the_page_has_that_id() -> None:
    assert outcomes('<a href="#top">Jump to top</a><div id="top" hidden></div>', "link-target") == ["failed"]


CANONICAL = '<link rel="canonical" href="https://news.example/2024/story.html">'


@pytest.mark.parametrize(
    ("head", "href", "expected"),
    [
        (CANONICAL, "https://news.example/2024/story.html#gone", ["failed"]),
        (CANONICAL, "story.html#gone", ["failed"]),
        (CANONICAL + '<base href="https://news.example/2024/">', "story.html#gone", ["failed"]),
        (CANONICAL + '<base href="https://news.example/">', "story.html#gone", []),  # another page
        (CANONICAL + '<base href="https://cdn.example/">', "#gone", []),  # "#x" leaves the page
        (CANONICAL, "https://news.example/other.html#gone", []),
        ("", "story.html#gone", []),  # own URL unknown: cannot tell it is this page
    ],
)
def test_base_href_resolution(head: str, href: str, expected: list[str]) -> None:
    body = f'<a href="{href}">Skip to content</a><p id="here">Here</p>'
    assert outcomes(body, "link-target", head=head) == expected


def test_url_option_wins_over_the_canonical_link() -> None:
    body = '<a href="https://mirror.example/a.html#gone">Skip to content</a>'
    assert outcomes(body, "link-target", head=CANONICAL, url="https://mirror.example/a.html") == ["failed"]


def test_a_shared_target_id_is_one_finding_of_duplicate_id() -> None:
    body = '<a href="#story">Read the story</a><div id="story">A</div><section id="story">B</section>'
    assert outcomes(body, "link-target") == ["passed"]  # the link reaches the first element
    (result,) = results(body, "duplicate-id")
    assert result.message.endswith("the href of the <a> at 2:1 reaches only that first one")


@pytest.mark.parametrize(("href", "label", "outcome"), [
    ("#close", "Close", None), ("#print", "Click to print", None), ("#temp", "page settings", None),
    ("#cancel", "Cancel", None), ("#closeShare", "#closeShare", None), ("#share-more", "More Share Options", None),
    ("#x", "Close the site navigation", None), ("#prev", "#prev", None), ("#PRINT", "Print", None),
    ("#search", "Skip to search", "failed"), ("#more", "Jump to more stories", "failed"),
    ("#site-index", "Skip to site index", "failed"), ("#after", "Skip next section", "failed"),
    ("#comments", "0 Comments", "cantTell"), ("#closing-remarks", "Closing remarks", "cantTell"),
    ("#photo-18635622", "photo", "cantTell"), ("#comment-form-load-service:Twitter", "Login via Twitter", "cantTell"),
])
def test_script_hooks_are_not_checked_skip_links_to_nowhere_fail_other_links_to_nowhere_are_reviewed(
    href: str, label: str, outcome: str | None
) -> None:
    body = f'<a href="{href}">{label}</a><main><h1>Story</h1></main>'
    assert outcomes(body, "link-target") == ([outcome] if outcome else [])


def test_action_words_can_be_configured() -> None:
    html = PAGE.format(lang="fr", head="", body='<a href="#fermer">Fermer</a><a href="#gone">Gone</a>')

    def reported(**options: list[str]) -> list[str]:
        report = check(html, options=Options(select=("link-target",), rule_options={"link-target": options}))
        return [r.snippet for r in report.results]

    assert reported() == ['<a href="#gone">']
    assert reported(**{"action-words": ["gone"]}) == ['<a href="#fermer">']


def test_missing_target_position_and_message() -> None:
    body = '<p>Intro</p>\n<nav>\n  <a href="/">Home</a>  <a href="#main-content">Skip to content</a>\n</nav>'
    (result,) = results(body, "link-target")
    assert (result.outcome, result.line, result.column) == ("failed", 4, 25)
    assert result.message == (
        'The link "Skip to content" points to #main-content, but no element has id="main-content"'
        ' (nor an <a name="main-content">)'
    )
    assert result.snippet == '<a href="#main-content">'


def test_link_without_name_is_named_by_its_href() -> None:
    (result,) = results('<a href="#nowhere"><img src="x.png" alt=""></a>', "link-target")
    assert '"#nowhere"' in result.message


def test_a_link_to_nowhere_that_is_not_a_skip_link_is_a_review_saying_no_criterion_fails() -> None:
    (result,) = results('<a href="#comments">12 comments</a><main><h1>Story</h1></main>', "link-target")
    assert (result.outcome, result.message) == ("cantTell", (
        'The link "12 comments" points to #comments, which is not in the page: check that a script adds it'
        " (a comment section, a slide), or fix the link (not a skip link: no WCAG criterion fails)"))


def test_german_skip_link() -> None:
    skip = '<a href="#inhalt">Zum Inhalt springen</a>'
    body = skip + '<nav><a href="/">Start</a></nav><main id="inhalt"><h1>A</h1></main>'
    assert outcomes(body, "skip-link-position", lang="de") == ["passed"]
    late = '<nav><a href="/">Start</a><a href="/a">A</a><a href="/b">B</a></nav>' + skip
    (result,) = results(late + '<main id="inhalt"></main>', "skip-link-position", lang="de")
    assert result.outcome == "failed"
    assert 'The skip link "Zum Inhalt springen" is not among the first 3 focusable elements' in result.message


def test_skip_link_phrases_are_matched_at_the_start_only() -> None:
    body = '<a href="#ad-end">You can skip this ad in 5 seconds.</a><div id="ad-end"></div>'
    assert results(body, "skip-link-position") == []


def test_skip_links_before_do_not_count_and_negative_tabindex_does_not_count() -> None:
    body = (
        '<div tabindex="-1">Menu</div><a href="#n">Skip to navigation</a><a href="#s">Skip to search</a>'
        '<a href="#f">Skip to footer</a><a href="#m">Skip to main content</a>'
        '<nav id="n"></nav><form id="s"></form><main id="m"></main><footer id="f"></footer>'
    )
    assert outcomes(body, "skip-link-position") == ["passed"] * 4


def test_section_skip_link_lands_inside_the_section() -> None:
    body = (
        "<main><h1>Story</h1><div><a href=\"#teaser-list\">Skip next section DW's Top Story</a></div>"
        '<section class="teasers"><h2>Top Story</h2><ul id="teaser-list"><li><a href="/a">A</a></li></ul></section>'
        "<p>More</p></main>"
    )
    (result,) = results(body, "skip-link-section")
    assert result.outcome == "failed"
    assert result.message == (
        "The section skip link \"Skip next section DW's Top Story\" lands at #teaser-list, inside the <section> it"
        " should skip"
    )


def test_section_skip_link_with_missing_target_is_left_to_link_target() -> None:
    body = '<a href="#after">Skip next section</a><section><a href="/a">A</a></section>'
    assert results(body, "skip-link-section") == []
    assert outcomes(body, "link-target") == ["failed"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<a href="#main">Skip to content</a><nav><a href="/a">A</a></nav><div id="main"><p>Story</p></div>', "passed"),
        ('<div><a href="/a">A</a></div><div><p>Story</p></div>', "failed"),
        ('<button>Menu</button><div><a href="/a">A</a></div><div><p>Story</p></div>', "cantTell"),
        # content after the link lies only in an aside: it may be repeated content at the end
        ('<p>Story</p><a href="/a">A</a><aside><p>About</p></aside>', "cantTell"),
        # a main landmark that opens with the menu takes users to the menu, not past it (ACT b40fd1)
        ('<main><nav><a href="/a">A</a></nav><p>Story</p></main>', "failed"),
        # nothing but a navigation landmark: the page's own content is in no landmark
        ('<nav><a href="/a">A</a></nav><div><p>Story</p></div>', "failed"),
    ],
)
def test_bypass(body: str, expected: str) -> None:
    assert outcomes(body, "bypass") == [expected]


def test_bypass_skip_link_into_the_sidebar_is_not_enough() -> None:
    body = '<a href="#about">Skip to content</a><aside><p id="about">About</p></aside><div><a href="/a">A</a>X</div>'
    (result,) = results(body, "bypass-skip-link")
    assert (result.outcome, result.line, result.column) == ("failed", 2, 1)
    assert 'moves focus past the repeated blocks: "Skip to content" (to #about)' in result.message


@pytest.mark.parametrize(
    ("extra", "rules"),
    [
        ('<iframe src="/frame.html" title="Story"></iframe>',
         ("bypass", "bypass-skip-link", "bypass-heading", "bypass-landmark", "bypass-collapsible")),
        ('<a href="/this-page.html#story">Read</a>', ("bypass", "bypass-skip-link", "bypass-collapsible")),
    ],
)
def test_no_certain_bypass_failure_with_unseen_content(extra: str, rules: tuple[str, ...]) -> None:
    body = f'<div><a href="/a">A</a></div>{extra}<div><p>Story</p></div>'
    for rule in rules:
        assert "failed" not in outcomes(body, rule), rule


def test_svg_links_are_not_html_links() -> None:
    body = '<svg><a href="/a"><circle r="4"></circle></a><foreignObject><a href="/b"></a></foreignObject></svg>'
    (result,) = results(body, "link-name")
    assert (result.outcome, result.snippet) == ("failed", '<a href="/b">')


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('<a href="/share"><span class="icon"></span></a>',
         'The link to "/share" has no accessible name (no text, no alt on its image, no aria-label)'),
        ('<a href="/share"><img src="share.svg"></a>',
         'The link to "/share" contains only the image share.svg, which has no text alternative: the link has no '
         'name; give the image a text alternative that says where the link goes, or the link an aria-label'),
        ('<span role="link" tabindex="0"></span>',
         'The <span> with role "link" has no accessible name (no text, no aria-label)'),
    ],
)
def test_link_name_messages(body: str, message: str) -> None:
    assert [r.message for r in results(body, "link-name")] == [message]


def test_heading_name_message_names_the_element() -> None:
    found = results('<h2>Sport</h2><h3> <img src="x.png" alt=""> </h3>', "heading-name")
    assert [(r.outcome, r.message) for r in found] == [
        ("passed", 'The heading is named "Sport"'),
        ("failed", "The <h3> heading has no accessible name: it is empty"),
    ]


def test_house_rule_fails_where_the_act_rule_asks_for_a_review() -> None:
    body = '<button>Menu</button><nav><a href="/news">News</a></nav><div><p>Story</p></div>'
    assert outcomes(body, "bypass") == ["cantTell"]
    (result,) = results(body, "bypass-page")
    assert result.outcome == "failed"
    assert result.message.endswith('after the link "News"')


@pytest.mark.parametrize(
    ("body", "snippet"),
    [('<button>Menu</button><nav><a href="/news">News</a></nav><div><p>Story</p></div>', "<button>"),
     ('<nav><a href="/news">News</a> <a href="#more">More</a><p id="more">x</p></nav><div><p>Story</p></div>',
      '<a href="#more">'),
     ('<nav><a href="/news">News</a></nav><aside><p>Story</p></aside>', "<nav>")],
)
def test_bypass_review_items_sit_on_the_element_they_name(body: str, snippet: str) -> None:
    for rule in ("bypass", "bypass-collapsible", "bypass-skip-link", "bypass-landmark"):
        found = [r for r in results(body, rule) if r.outcome == "cantTell"]
        assert [r.snippet for r in found] in ([snippet], []), rule
    assert [r.snippet for r in results(body, "bypass")] == [snippet]


def test_hidden_copy_of_a_working_skip_link_is_not_reported() -> None:
    skip = '<a href="#main">Skip to content</a>'
    body = f'{skip}<div class="sticky" style="display: none">{skip}</div><main id="main"><h1>A</h1></main>'
    assert outcomes(body, "skip-link-position") == ["passed"]
    assert outcomes(f'<div hidden>{skip}</div><main id="main"></main>', "skip-link-position") == ["failed"]


def test_bypass_decides_2_4_1_and_its_technique_rules_warn() -> None:
    rules = load_rules()
    techniques = ("bypass-collapsible", "bypass-heading", "bypass-landmark", "bypass-skip-link", "skip-link-position")
    assert {rules[rule].severity for rule in techniques} == {"warning"}
    assert {rules[rule].severity for rule in ("bypass", "link-target")} == {"error"}


# -- the lazy text walk of the bypass checks agrees with XPath ------------------------------------

_TEXT_PIECES = ["<p>", "</p>", "<div id=t>", "</div>", " ", "\n", "x", "\xa0", "<!-- c -->", "<script>s</script>",
                "<style>s</style>", "<template>t</template>", "<b>", "</b>", "<br>", "<span id=t>", "</span>"]
_XP_TEXT = "[normalize-space()][not(parent::script) and not(parent::style) and not(parent::template)]"


def _xpath_owners(node: etree._Element, axes: str) -> list[etree._Element]:
    owners = []
    for text in node.xpath(axes):
        parent = text.getparent()
        owners.append(parent.getparent() if text.is_tail and parent.getparent() is not None else parent)
    return owners


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TEXT_PIECES), max_size=40))
def test_text_owners_walk_agrees_with_xpath(pieces: list[str]) -> None:
    from a11ycheck.checks.bypass import _text_owners

    root = Document(Source.from_text("<html><body>" + "".join(pieces) + "<div id=t>")).root
    for node in root.iter("div", "span"):
        following = f"following::text(){_XP_TEXT}"
        assert list(_text_owners(node, within=False)) == _xpath_owners(node, following)
        inside = f"descendant::text(){_XP_TEXT} | {following}"
        assert list(_text_owners(node, within=True)) == _xpath_owners(node, inside)


# -- the technique rules of 2.4.1 and the bypass rule agree ----------------------------------------

_BLOCKS = [
    '<nav><a href="/a">A</a></nav>', '<header><a href="/">Home</a></header>', '<footer><p>Imprint</p></footer>',
    '<aside><p>About</p></aside>', '<main><p>Story</p></main>', '<main><nav><a href="/m">M</a></nav><p>S</p></main>',
    '<main aria-hidden="true"><p>Old</p></main>', '<section aria-label="Story"><p>Text</p></section>',
    '<div><p>Story</p></div>', '<div><a href="/b">B</a></div>', "<h2>Title</h2>", "<button>Menu</button>",
    '<a href="#own">Skip</a>', '<div id="own"><p>Own</p></div>', '<form aria-label="Find"><p>Find</p></form>',
]
_TECHNIQUES = ("bypass-landmark", "bypass-skip-link", "bypass-heading", "bypass-collapsible")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_BLOCKS), max_size=6))
def test_bypass_fails_only_where_every_technique_fails_and_passes_where_one_passes(blocks: list[str]) -> None:
    """ACT cf77f2 is met by any of its techniques (b40fd1, ye5d6e, 047fe0, 3e12e1): a failure of ``bypass``
    needs each technique rule to fail, and a technique rule that passes makes ``bypass`` pass."""
    body = "".join(blocks)
    verdict = outcomes(body, "bypass")
    techniques = {rule: outcomes(body, rule) for rule in _TECHNIQUES}
    if verdict == ["failed"]:
        assert all("failed" in found for found in techniques.values()), techniques
    if any(found and set(found) == {"passed"} for found in techniques.values()):
        assert verdict == ["passed"], techniques


# -- ACT 047fe0 from its definitions: a visible heading in the accessibility tree after repeated content --

_WRAPPERS = {  # a wrapper's attributes -> (hides it from the accessibility tree, makes it invisible)
    "": (False, False),
    ' aria-hidden="true"': (True, False),
    ' style="display: none"': (True, True),
    ' style="position: absolute; left: -9999px"': (False, True),
    ' style="opacity: 0"': (False, True),
}
_CONTENTS = {  # the heading's content -> whether it draws something
    "Story": True,
    "": False,
    '<span aria-hidden="true">Story</span>': True,
    '<img src="a.png" alt="">': True,
    '<span style="position: absolute; top: -2000px">Story</span>': False,
    '<span hidden>Story</span>': False,
}


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(sorted(_WRAPPERS)), max_size=4),
    st.sampled_from(sorted(_CONTENTS)),
    st.booleans(),
    st.sampled_from(["visible", "hidden"]),
)
def test_bypass_heading_follows_the_definitions(wrappers: list[str], content: str, after: bool,
                                                visibility: str) -> None:
    """Passed exactly when the heading is after the navigation, included in the accessibility tree (no
    ``display: none``, ``aria-hidden`` or computed ``visibility: hidden`` on it or a wrapper) and visible
    (that, and nothing clips or moves it away, and its content draws something)."""
    heading = f'<h2 style="visibility: {visibility}">{content}</h2>'
    for attributes in reversed(wrappers):
        heading = f"<div{attributes}>{heading}</div>"
    nav = '<nav><a href="/news">News</a></nav>'
    body = f"{nav}{heading}<p>Text</p>" if after else f"{heading}{nav}<p>Text</p>"
    hidden = visibility == "hidden" or any(_WRAPPERS[w][0] for w in wrappers)
    invisible = hidden or any(_WRAPPERS[w][1] for w in wrappers) or not _CONTENTS[content]
    expected = "passed" if after and not hidden and not invisible else "failed"
    assert outcomes(body, "bypass-heading") == [expected]


# -- ACT ffd0e9: a heading's name from its content, over any nesting (accname 2A, 2E, 2F, 2I) ----------

_HIDING = ['aria-hidden="true"', "hidden", 'style="display: none"', 'style="visibility: hidden"']


@st.composite
def _content(draw: st.DrawFn, depth: int = 0) -> tuple[str, bool]:
    """Markup for a heading's content, and whether it gives the heading a name."""
    kind = draw(st.sampled_from(["text", "blank", "image", "span", "hidden"] if depth < 4 else ["text", "blank"]))
    if kind == "text":
        return "News", True
    if kind == "blank":
        return draw(st.sampled_from([" ", "\n\t", "", "<br>"])), False
    if kind == "image":
        alt = draw(st.sampled_from([None, "", "Logo"]))
        title = draw(st.sampled_from([None, "Tip"]))
        markup = "<img src=a.png" + (f' alt="{alt}"' if alt is not None else "")
        markup += f' title="{title}">' if title else ">"
        return markup, bool(alt) or (alt is None and title is not None)  # alt="": decorative, no title
    children = draw(st.lists(_content(depth + 1), max_size=3))
    inner = "".join(markup for markup, _ in children)
    if kind == "hidden":
        return f"<span {draw(st.sampled_from(_HIDING))}>{inner}</span>", False
    return f"<span>{inner}</span>", any(named for _, named in children)


@settings(max_examples=200, deadline=None)
@given(st.lists(_content(), max_size=3), st.sampled_from(["<h2>{}</h2>", '<p role="heading" aria-level="2">{}</p>']))
def test_heading_name_from_content_follows_accname(content: list[tuple[str, bool]], heading: str) -> None:
    body = heading.format("".join(markup for markup, _ in content))
    expected = "passed" if any(named for _, named in content) else "failed"
    assert outcomes(body, "heading-name") == [expected]
