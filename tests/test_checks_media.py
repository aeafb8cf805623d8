"""Media rules on pages whose media files are local (generated here): what reading them decides."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from test_media import write_media

from a11ycheck.document import Document
from a11ycheck.engine import Options, check
from a11ycheck.results import Result
from a11ycheck.source import Source


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site root with a video with sound, one with a silent track, a 5 s audio and a caption track."""
    media = tmp_path / "media"
    media.mkdir()
    write_media(media / "speech.mp4")
    write_media(media / "timelapse.mp4", audio="silence")
    write_media(media / "jingle.m4a", seconds=5, video=False)
    (media / "speech.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n")
    (media / "empty.vtt").write_text("WEBVTT\n")
    return tmp_path


def results(site: Path, rule: str, body: str) -> list[Result]:
    html = f"<!doctype html><html lang='en'><head><title>t</title></head><body>{body}</body></html>"
    options = Options(select=(rule,), include_passed=True, root=str(site))
    return [r for r in check(html, options=options).results if r.outcome != "inapplicable"]


def outcome(site: Path, rule: str, body: str) -> tuple[str, str] | None:
    found = results(site, rule, body)
    assert len(found) <= 1, found
    return (found[0].outcome, found[0].message) if found else None


# -- sound decides which video rules apply ---------------------------------------------------------------
def test_silent_video_alone_fails_the_visual_only_rules(site: Path) -> None:
    body = '<video controls src="/media/timelapse.mp4"></video>'
    for rule in ("video-silent-transcript", "video-silent-media-alternative", "video-silent-audio-track",
                 "video-silent-alternative"):
        result, message = outcome(site, rule, body)
        assert result == "failed", rule
        assert "timelapse.mp4" in message
    assert outcome(site, "video-audio-captions", body) is None, "a silent track is no sound"
    assert outcome(site, "video-captions", body)[0] == "passed"


def test_text_beside_a_silent_video_needs_review(site: Path) -> None:
    body = '<video controls src="/media/timelapse.mp4"></video><p>The bridge rises in a year.</p>'
    assert outcome(site, "video-silent-transcript", body)[0] == "cantTell"
    hidden = '<video controls src="/media/timelapse.mp4"></video><p aria-hidden="true">The bridge rises.</p>'
    assert outcome(site, "video-silent-transcript", hidden)[0] == "failed"


def test_video_with_sound_applies_to_the_audio_rules(site: Path) -> None:
    body = '<video controls src="/media/speech.mp4"></video>'
    assert outcome(site, "video-silent-transcript", body) is None
    assert outcome(site, "video-media-alternative", body)[0] == "failed"
    result, message = outcome(site, "video-audio-captions", body)
    assert result == "cantTell" and "speech.mp4 has sound and no captions track" in message
    with_track = '<video controls src="/media/speech.mp4"><track kind="captions" src="/media/speech.vtt"></video>'
    assert "caption track speech.vtt" in outcome(site, "video-audio-captions", with_track)[1]


def test_missing_file_is_unknown_never_silent(site: Path) -> None:
    body = '<video controls src="/media/perspective-video-silent.mp4"></video>'
    for rule in ("video-silent-transcript", "video-audio-captions", "video-captions"):
        result, message = outcome(site, rule, body)
        assert result == "cantTell", rule
        assert "perspective-video-silent.mp4" in message


def test_first_readable_source_is_played(site: Path) -> None:
    body = ('<video controls><source src="/media/gone.mp4"><source src="/media/timelapse.mp4"></video>')
    assert outcome(site, "video-silent-transcript", body)[0] == "failed"
    remote_first = ('<video controls><source src="https://cdn.example.com/a.mp4">'
                    '<source src="/media/timelapse.mp4"></video>')
    assert outcome(site, "video-silent-transcript", remote_first)[0] == "cantTell"


def test_reviewed_option_passes_a_checked_file(site: Path) -> None:
    html = "<html><body><video controls src='/media/speech.mp4'></video><p>Transcript: hello.</p></body></html>"
    options = Options(select=("video-transcript",), include_passed=True, root=str(site),
                      rule_options={"video-transcript": {"reviewed": ["speech.mp4"]}})
    [result] = check(html, options=options).results
    assert result.outcome == "passed"


# -- autoplay -----------------------------------------------------------------------------------------------------
def test_autoplaying_audio_over_three_seconds(site: Path) -> None:
    body = '<audio autoplay src="/media/jingle.m4a"></audio>'
    result, message = outcome(site, "autoplay-short-audio", body)
    assert result == "failed" and "jingle.m4a plays 5." in message
    assert outcome(site, "autoplay-control", body)[0] == "failed"
    assert outcome(site, "autoplay-audio", body)[0] == "failed"


def test_autoplay_with_controls_or_short_fragment_passes(site: Path) -> None:
    controls = '<audio autoplay controls src="/media/jingle.m4a"></audio>'
    assert outcome(site, "autoplay-control", controls)[0] == "passed"
    assert outcome(site, "autoplay-audio", controls)[0] == "passed"
    short = '<audio autoplay src="/media/jingle.m4a#t=1,3"></audio>'
    assert outcome(site, "autoplay-short-audio", short)[0] == "passed"
    assert outcome(site, "autoplay-audio", short)[0] == "passed"


def test_autoplay_rules_skip_silent_short_and_muted_media(site: Path) -> None:
    for body in ('<video autoplay src="/media/timelapse.mp4"></video>',  # silent track
                 '<video autoplay src="/media/speech.mp4"></video>',  # 1 s of sound
                 '<audio autoplay muted src="/media/jingle.m4a"></audio>'):
        assert outcome(site, "autoplay-audio", body) is None, body


def test_custom_buttons_named_for_stopping_pass_others_need_review_hidden_ones_fail(site: Path) -> None:
    for name in ("Mute", "Pause video", "Ton aus", "Couper le son"):
        body = f'<audio autoplay src="/media/jingle.m4a"></audio><button>{name}</button>'
        result, message = outcome(site, "autoplay-control", body)
        assert result == "passed" and f'"{name}"' in message
    other = '<audio autoplay src="/media/jingle.m4a"></audio><button>Share</button>'
    result, message = outcome(site, "autoplay-control", other)
    assert result == "cantTell" and '"Share"' in message
    hidden = '<audio autoplay src="/media/jingle.m4a"></audio><div aria-hidden="true"><button>Mute</button></div>'
    assert outcome(site, "autoplay-control", hidden)[0] == "failed"


def test_the_control_to_check_is_the_players_not_the_skip_link(site: Path) -> None:
    page = ('<a href="#main">Skip to content</a><header><button>Menu</button></header><main id="main"><div>'
            '<div class="player"><audio autoplay src="/media/jingle.m4a"></audio><span><button>▶ ⏸</button></span>'
            '</div></div></main>')
    result, message = outcome(site, "autoplay-control", page)
    assert result == "cantTell" and '"▶ ⏸"' in message
    alone = page.replace("<span><button>▶ ⏸</button></span>", "")
    result, message = outcome(site, "autoplay-control", alone)
    assert result == "cantTell" and "Skip to content" not in message and "Menu" not in message
    assert message.endswith("no control next to it says it pauses or mutes it: check that one on the page does")


# -- tracks and iframes ----------------------------------------------------------------------------------------
def test_track_files_are_read(site: Path) -> None:
    good = '<video src="/media/speech.mp4"><track kind="captions" src="/media/speech.vtt"></video>'
    assert outcome(site, "track-valid", good)[0] == "passed"
    empty = '<video src="/media/speech.mp4"><track kind="captions" src="/media/empty.vtt"></video>'
    result, message = outcome(site, "track-valid", empty)
    assert result == "failed" and "empty.vtt" in message
    missing = '<video src="/media/speech.mp4"><track kind="captions" src="/media/gone.vtt"></video>'
    assert outcome(site, "track-valid", missing)[0] == "cantTell"


def test_local_iframe_document_is_read(site: Path) -> None:
    (site / "form.html").write_text("<html><body><a href='/'>Home</a></body></html>")
    (site / "text.html").write_text("<html><body><p>Just text</p></body></html>")
    assert outcome(site, "iframe-tab-order", '<iframe tabindex="-1" src="/form.html"></iframe>')[0] == "failed"
    assert outcome(site, "iframe-tab-order", '<iframe tabindex="-1" src="/text.html"></iframe>') is None
    assert outcome(site, "iframe-tab-order", '<iframe src="/form.html"></iframe>')[0] == "passed"


@pytest.mark.parametrize(
    ("beside", "expected"),
    [
        ("<p>The bridge rises in a year.</p>", "cantTell"),
        ("<div aria-hidden='true'><b>Bridge</b> rises in a year.</div>", "failed"),  # tail text of a hidden box
        ("<div aria-hidden='true'><b>x</b></div> The bridge rises.", "cantTell"),  # tail text of the body
        ("<img src='steps.png' alt='Step 1: the pillars; step 2: the deck'>", "cantTell"),  # a text alternative
        ("<p>!</p>", "failed"),  # punctuation is no transcript
    ],
)
def test_what_counts_as_text_beside_the_video(site: Path, beside: str, expected: str) -> None:
    body = f'<video controls src="/media/timelapse.mp4"></video>{beside}'
    assert outcome(site, "video-silent-media-alternative", body)[0] == expected


_BODY_PIECES = ["<p>", "</p>", "<div>", "</div>", " ", "\n", "word", "<!-- c -->", "<script>s</script>",
                "<style>s</style>", "<video>v<track></video>", "<audio>a</audio>", "<iframe>i</iframe>",
                "<object>o<b>p</b></object>", "<b>", "</b>", "<br>", "tail"]
_XP_BODY_TEXT = etree.XPath(
    "//body//text()[normalize-space()][not(ancestor::script or ancestor::style or ancestor::video"
    " or ancestor::audio or ancestor::iframe or ancestor::object or ancestor::template)]"
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_BODY_PIECES), max_size=30))
def test_body_texts_walk_agrees_with_xpath(pieces: list[str]) -> None:
    from a11ycheck.checks.media import _body_texts

    doc = Document(Source.from_text("<html><body>" + "".join(pieces)))
    expected = [(str(text), text.getparent().getparent() if text.is_tail else text.getparent())
                for text in _XP_BODY_TEXT(doc.root)]
    assert [(text, owner) for text, owner in _body_texts(doc) if text.strip(" \t\r\n")] == expected


def test_media_is_named_in_messages_as_images_are() -> None:
    from a11ycheck.checks.media import Media

    assert Media("/clips/my%20film.mp4?v=2", None).name == "my film.mp4"  # decoded, as urls.file_name does
    assert Media("data:video/mp4;base64,AAAA", None).name == "a data: URL"
    assert Media("https://cdn.example/live/", None).name == "https://cdn.example/live/"
