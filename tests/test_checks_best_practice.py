"""Best-practice rules (axe-core's landmark-*, region, heading-order, tabindex…): warnings that do not fail a run,
one finding per group or page, and messages that say where the rest is."""

from __future__ import annotations

from pathlib import Path

import pytest

from a11ycheck.cli import main
from a11ycheck.engine import Options, check

BEST_PRACTICE = ("accesskeys", "heading-order", "image-redundant-alt", "landmark-one-main", "landmark-unique",
                 "page-has-heading-one", "region", "tabindex")


def results(html: str, rule: str) -> list:
    report = check(html, options=Options(select=(rule,), fragment=False))
    return [r for r in report.results if r.outcome == "failed"]


def test_best_practice_failures_are_warnings_and_do_not_fail_the_run(tmp_path: Path, capsys) -> None:
    page = tmp_path / "page.html"
    page.write_text('<!doctype html><html lang="en"><head><title>Storm</title></head><body>'
                    '<div><h2>Storm</h2><h4 tabindex="2">Overnight</h4><a href="/" accesskey="s">Home</a>'
                    '<a href="/s" accesskey="S">Search</a><nav>a</nav><nav>b</nav>'
                    '<p><img src="s.jpg" alt="Storm photo">Storm photo</p></div></body></html>')
    code = main([str(page), "--select", ",".join(BEST_PRACTICE), "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0
    failed = {result["rule"] for result in __import__("json").loads(out)["files"][0]["results"]
              if result["outcome"] == "failed" and result["severity"] == "warning"}
    assert failed == set(BEST_PRACTICE)


def test_region_fails_once_per_page_naming_the_first_blocks_and_how_many_more() -> None:
    blocks = "".join(f"<div><p>Block {n}</p></div>" for n in range(8))
    [result] = results(f'<!doctype html><html lang="en"><body><main><p>Story</p></main>{blocks}</body></html>',
                       "region")
    assert result.snippet == "<div>"
    assert result.message.startswith("8 blocks hold content outside every landmark: this <div>, <div> at 1:")
    assert result.message.count("<div> at") == 4  # as many as fit a message field, uncut
    assert " and 3 more; move them" in result.message and "…" not in result.message


@pytest.mark.parametrize(("html", "count"), [
    ('<div><main><p>Story</p></main><div><p>A</p><p>B</p></div></div>', 1),  # widened to the div holding both
    ('<div><p>A</p><div role="status">Saved</div><p>B</p></div>', 2),  # not across a live region
    ('<div><button>Menu</button><p>A</p></div>', 1),
    ('<div><p>A</p><picture><source srcset="a.webp"><img src="a.jpg" alt="A"></picture></div>', 1),  # one block
    ('<div style="display:none"><p>A</p></div><svg><text>Logo</text></svg><iframe title="Ad"></iframe>', 0),
])
def test_region_widens_each_block_up_to_an_ancestor_without_landmarks(html: str, count: int) -> None:
    found = results(f'<!doctype html><html lang="en"><body>{html}</body></html>', "region")
    assert (int(found[0].message.split()[0]) if found and found[0].message[0].isdigit() else len(found)) == count


def test_landmark_unique_names_the_other_landmarks_with_their_positions() -> None:
    [result] = results('<!doctype html><html lang="en"><body>\n<nav>a</nav>\n<nav>b</nav>\n  <nav>c</nav>'
                       '<nav aria-label="Footer">d</nav></body></html>', "landmark-unique")
    assert result.line == 2
    assert result.message == ("This <nav> and <nav> at 3:1, <nav> at 4:3 are navigation landmarks with no name: "
                              "give each an aria-label that tells them apart")


def test_heading_order_names_both_headings_and_the_missing_level() -> None:
    [result] = results('<h1>Storm</h1>\n<div role="heading">Overnight</div><h4>Later</h4>', "heading-order")
    assert result.message == ('This level 4 heading "Later" follows the level 2 heading "Overnight" at 2:1: '
                              "the levels skip h3")
