"""Rule pages: docs/rules/ is current with rules/*.toml, results link to the pages, a team can host them."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from a11ycheck import check
from a11ycheck.config import ConfigError, load_config
from a11ycheck.engine import Options
from a11ycheck.rulepages import INDEX, outdated, page, pages, write_pages
from a11ycheck.ruleset import HELP_URL, load_rules, rules_dir

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "docs" / "rules"
RULES = load_rules(rules_dir())
UNNAMED = "<!doctype html><html><head><title>t</title></head><body><img src=a.jpg></body></html>"


def test_the_checked_in_pages_are_current() -> None:
    assert outdated(PAGES, RULES) == [], "rule pages not current: run python scripts/rule_pages.py"


def test_outdated_finds_changed_missing_and_left_over_pages(tmp_path: Path) -> None:
    assert write_pages(tmp_path, RULES) == sorted(pages(RULES))
    assert outdated(tmp_path, RULES) == []
    (tmp_path / "image-alt.md").write_text("old", encoding="utf-8")
    (tmp_path / "document-title.md").unlink()
    (tmp_path / "gone-rule.md").write_text("a rule that was removed", encoding="utf-8")
    assert outdated(tmp_path, RULES) == ["document-title.md", "gone-rule.md", "image-alt.md"]
    assert write_pages(tmp_path, RULES) == ["document-title.md", "gone-rule.md", "image-alt.md"]
    assert outdated(tmp_path, RULES) == [] and not (tmp_path / "gone-rule.md").exists()


def test_the_script_checks_and_writes(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "rule_pages.py"), "--check"],
                          capture_output=True, text=True, check=False, timeout=60)
    assert (done.returncode, done.stdout) == (0, "")


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda r: r.id)
def test_a_page_holds_the_rule_file(rule) -> None:
    text = page(rule)
    assert text.startswith(f"# {rule.id}: {rule.title}\n")
    assert rule.description in text and rule.fix in text
    assert f"- Impact: {rule.impact}\n- Default severity: {rule.severity} " in text
    for criterion in rule.wcag:
        assert f"[{criterion} " in text
    axe = text.split("- axe-core rules (the same check): ", 1)[1].split("\n", 1)[0]
    assert axe == (", ".join(f"[`{a}`](https://dequeuniversity.com/rules/axe/4.10/{a})" for a in rule.axe) or "none")
    for key, message in rule.messages.items():
        assert f"{key}  " in text and message in text
    assert text.count("```html\n") == len(rule.examples)
    if rule.options:  # the block is valid TOML, and its values the defaults
        block = text.split("```toml\n", 1)[1].split("```", 1)[0]
        assert tomllib.loads(block)["tool"]["a11ycheck"]["rules"][rule.id] == rule.options


def test_the_index_links_every_page() -> None:
    index = pages(RULES)[INDEX]
    for rule in RULES.values():
        assert f"| [{rule.id}]({rule.id}.md) | " in index


def test_results_link_to_the_rule_pages_in_the_repository() -> None:
    (result,) = check(UNNAMED, options=Options(select=("image-alt",))).results
    assert result.help == HELP_URL.format(rule="image-alt")
    assert result.help.endswith("/docs/rules/image-alt.md") and (PAGES / "image-alt.md").is_file()
    assert "a11ycheck.dev" not in result.help


def test_a_team_hosts_the_pages_with_help_url(tmp_path: Path) -> None:
    path = tmp_path / ".a11ycheck.toml"
    path.write_text('help-url = "https://docs.example/a11y/{rule}.html"\n', encoding="utf-8")
    config = load_config(path, RULES)
    assert config.help_url == "https://docs.example/a11y/{rule}.html"
    (result,) = check(UNNAMED, options=Options(select=("image-alt",), help_url=config.help_url)).results
    assert result.help == "https://docs.example/a11y/image-alt.html"


@pytest.mark.parametrize("value", ['"https://docs.example/rules/"', '"https://x/{id}"', '"https://x/{rule"', "1"])
def test_a_help_url_without_rule_is_an_error(tmp_path: Path, value: str) -> None:
    path = tmp_path / ".a11ycheck.toml"
    path.write_text(f"help-url = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"help-url: expected a URL with \{rule\} in it"):
        load_config(path, RULES)


def test_the_command_line_takes_help_url_from_the_config(cli_run, tmp_path: Path) -> None:
    (tmp_path / ".a11ycheck.toml").write_text('help-url = "https://docs.example/{rule}"\n', encoding="utf-8")
    (tmp_path / "a.html").write_text(UNNAMED, encoding="utf-8")
    run = cli_run(tmp_path / "a.html", "--select", "image-alt", "--format", "json")
    assert [r["help"] for r in run.json()["files"][0]["results"]] == ["https://docs.example/image-alt"]
