"""Language tags: the ACT "known primary language tag" over the IANA registry that langcodes ships."""

from __future__ import annotations

import subprocess
import sys

import pytest

from a11ycheck.lang import has_known_primary_language, known_languages, primary_subtag


@pytest.mark.parametrize(
    "tag",
    ["en", "en-US", "EN", "zh-Hant-TW", "de-CH-1996", "de-hello", "en-US-GB", "cmn", "lb", " fr ", "qab"],
)
def test_known_primary_language(tag: str) -> None:
    assert has_known_primary_language(tag)


@pytest.mark.parametrize(
    "tag",
    [
        "",
        "  ",
        "en_US",  # an underscore is no subtag separator: "en_US" is not a subtag at all
        "xyz",
        "eng",  # ISO 639-2 code the registry does not list (it has "en")
        "english",
        "i-klingon",  # grandfathered: no known primary language subtag, as the ACT rules say
        "i-lux",
        "#!",
        "-en",
        "é",
    ],
)
def test_unknown_primary_language(tag: str) -> None:
    assert not has_known_primary_language(tag)


@pytest.mark.parametrize(
    ("tag", "primary"),
    [("en-US", "en"), ("ZH-hant", "zh"), (" de ", "de"), ("en_US", None), ("", None), ("#!-en", None), ("12", "12")],
)
def test_primary_subtag(tag: str, primary: str | None) -> None:
    assert primary_subtag(tag) == primary


def test_registry_is_complete_and_ranges_are_expanded() -> None:
    languages = known_languages()
    assert {"en", "de", "ast", "yue", "zxx", "qaa", "qtz"} <= languages
    assert len(languages) > 8000
    assert not any(".." in subtag or subtag != subtag.lower() for subtag in languages)


def test_the_registry_is_read_without_importing_langcodes() -> None:
    """langcodes' own import builds tables we do not use (about 0.1 s, more than a small page's check)."""
    code = ("import sys; from a11ycheck.lang import known_languages; assert 'en' in known_languages(); "
            "print(sorted(m for m in sys.modules if m.startswith('langcodes')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_the_languages_are_kept_between_processes(tmp_path, monkeypatch) -> None:
    from a11ycheck import lang, precompiled

    monkeypatch.setattr(precompiled, "folder", lambda: tmp_path)
    built = lang.known_languages.__wrapped__()
    monkeypatch.setattr(lang, "_read_registry", lambda registry: pytest.fail("the registry was read again"))
    assert lang.known_languages.__wrapped__() == built
