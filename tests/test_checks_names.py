"""Button, menu item, summary names and label in name beyond the rule files' examples."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from a11ycheck.checks.names import _contiguous, _without_symbols, _words
from a11ycheck.engine import Options, check
from a11ycheck.results import Result

PAGE = "<!doctype html><html lang='en'><head><title>t</title>{head}</head><body>\n{body}\n</body></html>"


def results(body: str, rule: str, head: str = "") -> list[Result]:
    """The passed, failed and cantTell results of one rule on a page."""
    report = check(PAGE.format(head=head, body=body), options=Options(select=(rule,), include_passed=True))
    return [r for r in report.results if r.rule == rule and r.outcome != "inapplicable"]


def outcomes(body: str, rule: str, head: str = "") -> list[str]:
    return [r.outcome for r in results(body, rule, head)]


def test_button_messages_name_the_button_and_the_element() -> None:
    named, empty = results('<button>Play</button><div role="button" tabindex="0"></div>', "button-name")
    assert (named.outcome, named.message) == ("passed", 'The button is named "Play"')
    assert empty.outcome == "failed"
    assert "This div element has the role button" in empty.message


def test_a_button_with_a_presentational_role_is_still_a_button() -> None:
    assert outcomes('<button role="presentation"></button>', "button-name") == ["failed"]


def test_a_button_hidden_by_the_page_style_sheet_is_not_checked() -> None:
    assert outcomes("<button class='icon'></button>", "button-name", "<style>.icon{display:none}</style>") == []


def test_visually_hidden_buttons_are_still_checked() -> None:
    head = "<style>.sr-only{position:absolute;clip:rect(0 0 0 0)}</style>"
    assert outcomes("<button class='sr-only'></button>", "button-name", head) == ["failed"]


def test_menuitem_named_by_aria_labelledby() -> None:
    body = '<span id="l">Print</span><div role="menu"><div role="menuitem" aria-labelledby="l"></div></div>'
    assert outcomes(body, "menuitem-name") == ["passed"]


def test_summary_named_only_by_a_hidden_span_fails() -> None:
    body = '<details><summary><span aria-hidden="true">▸</span></summary><p>x</p></details>'
    assert outcomes(body, "summary-name") == ["failed"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<a href="#" aria-label="Subscribe now">Subscribe</a>', ["passed"]),
        ('<a href="#" aria-label="Sign up">Subscribe</a>', ["failed"]),
        ('<a href="#" aria-labelledby="l">Subscribe</a><span id="l">Subscribe to the newsletter</span>', ["passed"]),
        # hyphenation and abbreviations put the element outside the rule
        ('<a href="#" aria-label="e-mail us">email us</a>', []),
        ('<a href="#" aria-label="Saint Louis">St. Louis</a>', []),
        # "It" is no abbreviation of "Italy": no period
        ('<a href="#" aria-label="Discover Italy">Discover It</a>', ["failed"]),
        # only the visible text counts
        (
            '<button aria-label="Next">Next<span style="position:absolute;clip:rect(0 0 0 0)"> story</span></button>',
            ["passed"],
        ),
        # not a widget, or no visible text
        ('<div aria-label="Intro">Hello</div>', []),
        ('<button aria-label="Close"><img src="x.svg" alt="close"></button>', []),
    ],
)
def test_label_in_name(body: str, expected: list[str]) -> None:
    assert outcomes(body, "label-in-name") == expected


def test_label_in_name_icon_font_ligature_is_not_text() -> None:
    head = "<style>.material-icons{font-family:'Material Icons'}</style>"
    body = '<button aria-label="Find" class="material-icons">search</button>'
    assert outcomes(body, "label-in-name", head) == ["passed"]


def test_label_in_name_message_quotes_label_and_name() -> None:
    (result,) = results('<a href="#" aria-label="Sign up">Subscribe</a>', "label-in-name")
    assert '"Subscribe"' in result.message
    assert '"Sign up"' in result.message


def test_label_in_name_cannot_tell_about_sr_only_text_styled_by_a_linked_sheet() -> None:
    body = '<button aria-label="Chapters menu">Chapters<span class="vjs-control-text">Chapters</span></button>'
    assert outcomes(body, "label-in-name", '<link rel="stylesheet" href="/video-js.css">') == ["cantTell"]
    assert outcomes(body, "label-in-name") == ["failed"]  # no sheet outside the page: the text is visible


_LATIN = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789é", min_size=2, max_size=8)
_HAN = st.text(alphabet="搜索新闻检查天气体育世界", min_size=1, max_size=3)
_GLUE = st.sampled_from([" ", "  ", ", ", ": ", " - ", "\u00a0", " (aside) ", "… ", " / "])


@settings(max_examples=200, deadline=None)
@given(st.lists(_LATIN, min_size=1, max_size=6), st.data())
def test_any_contiguous_run_of_the_names_words_is_contained(words: list[str], data: st.DataObject) -> None:
    """Whatever the case, punctuation, spacing and parenthesised asides around them, a contiguous run
    of the name's words is contained in it (label in name algorithm)."""
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, len(words)))
    name = "".join(w + data.draw(_GLUE) for w in words)
    label = " ".join(w.upper() for w in words[start:end]) + data.draw(st.sampled_from(["", "…", " (PDF)", "!"]))
    assert _contiguous(_words(label), _words(name))


@settings(max_examples=200, deadline=None)
@given(st.lists(_HAN, min_size=1, max_size=5), st.data())
def test_a_run_of_words_written_without_spaces_is_contained(words: list[str], data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, len(words)))
    assert _contiguous(_words("".join(words[start:end])), _words("".join(words)))


@settings(max_examples=200, deadline=None)
@given(st.lists(_LATIN, min_size=2, max_size=5, unique_by=str.casefold))
def test_words_out_of_order_are_not_contained(words: list[str]) -> None:
    name = " ".join(words)
    assert not _contiguous(_words(" ".join(reversed(words))), _words(name))


@pytest.mark.parametrize(
    ("label", "name", "kept"),
    [
        ("X", "Close", []),
        ("i", "More information", []),
        ("x Close", "Close", ["close"]),
        ("X", "Share on X", []),
        ("1", "1a", ["1"]),
        ("搜", "新闻", ["搜"]),
        ("Box x", "Box x 2", ["box", "x"]),
    ],
)
def test_letters_used_as_symbols_are_not_part_of_the_label(label: str, name: str, kept: list[str]) -> None:
    assert _without_symbols(_words(label), _words(name)) == kept
