"""All the real article pages of ``../shared/corpus`` in one CLI run: every page reported, none broken.

The corpus is not part of the project; the test runs when it is found (``A11YCHECK_CORPUS`` names
another folder) and is skipped otherwise.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import ROOT, run_process

CORPUS = Path(os.environ.get("A11YCHECK_CORPUS") or ROOT.parent / "shared" / "corpus")
# U+FFFD, or UTF-8 read as windows-1252: Ã© (é), Ã¼ (ü), â€™ (’), â€œ (“), â€” (—), Â  (no-break space)
MOJIBAKE = re.compile("\ufffd|Ã[\u0080-\u00bf]|â€[\u0080-\u203a™œ\u009d]|Â[\u00a0-\u00bf]")

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS} (set A11YCHECK_CORPUS)")


@pytest.fixture(scope="module")
def corpus_run() -> tuple[list[Path], dict]:
    pages = sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() in (".html", ".htm", ".xhtml", ".shtml"))
    run = run_process(CORPUS, "--format", "json")
    assert "Traceback" not in run.err, run.err
    assert run.code in (0, 1), run.err
    return pages, run.json()


def test_every_page_is_reported_without_error(corpus_run) -> None:
    pages, data = corpus_run
    if "A11YCHECK_CORPUS" not in os.environ:
        assert len(pages) == 240
    assert sorted(Path(f["path"]) for f in data["files"]) == pages
    assert [f for f in data["files"] if "error" in f] == []


def test_no_mojibake_in_snippets_or_messages(corpus_run) -> None:
    _, data = corpus_run
    bad = [
        (f["path"], r["line"], r["rule"], MOJIBAKE.search(r["snippet"] + " " + r["message"]).group())
        for f in data["files"]
        for r in f["results"]
        if MOJIBAKE.search(r["snippet"] + " " + r["message"])
    ]
    assert bad == []


def test_mojibake_pattern_catches_what_it_should() -> None:
    for sample in ("café".encode().decode("cp1252"), "it’s".encode().decode("cp1252"), "a\ufffdb",
                   "“x—”".encode().decode("cp1252", "a11ycheck-c1"), "a\u00a0b".encode().decode("cp1252")):
        assert MOJIBAKE.search(sample), sample
    for sample in ("café", "it’s", "Ärger über Öl", "Â", "â€"):
        assert not MOJIBAKE.search(sample), sample
