"""Selection by WCAG version and level: tags derived from each rule's criteria, usable wherever a tag is."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from a11ycheck.config import ConfigError, load_config
from a11ycheck.ruleset import RuleError, load_rule, load_rules, rules_dir
from a11ycheck.wcag import CRITERIA, rule_tags

RULES = load_rules(rules_dir())
PAGE = '<!doctype html><html><head></head><body><input name="email" autocomplete="emial"></body></html>'


def selected(cli_run, path: Path, *args: str) -> set[str]:
    run = cli_run(path, "--format", "json", "--include-passed", "--isolated", *args)
    return {r["rule"] for r in run.json()["files"][0]["results"]}


def test_the_table_counts_the_criteria_of_each_version() -> None:
    versions = [c.version for c in CRITERIA.values()]
    assert (versions.count("2.0"), versions.count("2.1"), versions.count("2.2")) == (61, 17, 9)
    assert CRITERIA["2.5.3"] == ("Label in Name", "A", "2.1")


def test_tags_follow_the_version_that_added_each_criterion_as_axe_does() -> None:
    assert RULES["label-in-name"].tags == ("names", "wcag21a")  # 2.5.3 is WCAG 2.1: not wcag2a
    assert RULES["autocomplete-valid"].tags == ("forms", "wcag21aa")  # 1.3.5
    assert RULES["meta-viewport"].tags == ("page", "meta", "wcag2aa", "wcag21aa")  # 1.4.4 and 1.4.10
    assert RULES["html-has-lang"].tags == ("page", "language", "wcag2a")
    assert RULES["unused-suppression"].tags == ("suppressions", "best-practice")  # no criterion
    assert rule_tags(["4.1.1"], []) == ("wcag2a-obsolete", "best-practice")
    assert rule_tags(["2.5.8", "1.1.1"], ["images", "wcag22aa"]) == ("images", "wcag2a", "wcag22aa")


def test_rule_files_leave_level_tags_to_the_table() -> None:
    for rule in RULES.values():
        declared = tomllib.loads(Path(rule.path).read_text(encoding="utf-8")).get("tags", [])
        assert not [t for t in declared if t.startswith("wcag")], rule.id


def test_a_criterion_not_in_wcag_is_a_rule_file_error(tmp_path: Path) -> None:
    text = Path(RULES["document-title"].path).read_text(encoding="utf-8").replace('"2.4.2"', '"2.4.99"')
    (tmp_path / "document-title.toml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError, match=re.escape("bad WCAG criterion '2.4.99'")):
        load_rule(tmp_path / "document-title.toml")


def test_select_ignore_and_severity_by_wcag_tag(cli_run, page) -> None:
    path = page("a.html", PAGE)
    wcag21 = selected(cli_run, path, "--select", "wcag21a,wcag21aa")
    assert {"autocomplete-valid", "label-in-name"} <= wcag21
    assert "html-has-lang" not in wcag21 and "image-alt" not in wcag21
    assert "autocomplete-valid" not in selected(cli_run, path, "--select", "wcag2a,wcag2aa")
    assert "html-has-lang" in selected(cli_run, path, "--select", "document-title", "--extend-select", "wcag2a")
    assert "autocomplete-valid" not in selected(cli_run, path, "--ignore", "wcag21aa")
    assert not selected(cli_run, path, "--select", "best-practice") & {"html-has-lang", "autocomplete-valid"}
    assert selected(cli_run, path, "--select", "wcag22aa") == set()  # no rule checks a WCAG 2.2 criterion yet
    run = cli_run(path, "--isolated", "--select", "autocomplete-valid", "--severity", "wcag21aa=warning")
    assert run.code == 0 and "autocomplete-valid [warning]" in run.out


def test_wcag_tags_in_the_configuration(tmp_path: Path) -> None:
    path = tmp_path / ".a11ycheck.toml"
    path.write_text("select = ['wcag2a', 'wcag22aa']\n[rules]\nwcag21aa = 'warning'\n", encoding="utf-8")
    config = load_config(path, RULES)
    assert config.select == ("wcag2a", "wcag22aa")
    assert config.level("autocomplete-valid", RULES) == "warning"
    path.write_text("select = ['wcag21']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="did you mean 'wcag21a"):
        load_config(path, RULES)
