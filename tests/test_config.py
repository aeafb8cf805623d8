"""Configuration files: discovery, every key, and a clear error for each bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from a11ycheck.config import Config, ConfigError, find_config, load_config
from a11ycheck.ruleset import load_rules

RULES = load_rules()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_found_upward_from_the_checked_path(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.a11ycheck]\nfail-on = 'serious'\n")
    page = write(tmp_path / "site" / "news" / "a.html", "<p>x</p>")
    assert find_config(page) == tmp_path / "pyproject.toml"
    write(tmp_path / "site" / ".a11ycheck.toml", "fail-on = 'critical'\n")
    assert find_config(page) == tmp_path / "site" / ".a11ycheck.toml"


def test_pyproject_without_the_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.ruff]\nline-length = 100\n")
    assert find_config(tmp_path) is None or find_config(tmp_path) != tmp_path / "pyproject.toml"


def test_every_key_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / ".a11ycheck.toml", """
select = ["document-title"]
extend-select = ["page"]
ignore = ["document-title"]
exclude = ["legacy/**", "*.tmp.html"]
fail-on = "serious"
ignore-selectors = [".ad-slot", "#third-party iframe"]
[per-file-ignores]
"archive/**" = ["document-title"]
[rules.document-title]
severity = "warning"
ignore-selectors = [".widget"]
""")
    config = load_config(path, RULES)
    assert config.select == ("document-title",)
    assert config.extend_select == ("page",)
    assert config.fail_on == "serious"
    assert config.severity == {"document-title": "warning"}
    assert config.rule_ignore_selectors == {"document-title": (".widget",)}
    assert config.excluded(str(tmp_path / "legacy" / "old" / "a.html"))
    assert config.excluded(str(tmp_path / "deep" / "x.tmp.html"))
    assert not config.excluded(str(tmp_path / "news" / "a.html"))
    assert config.ignored_for(str(tmp_path / "archive" / "2019" / "a.html")) == ("document-title",)
    assert config.ignored_for(str(tmp_path / "news" / "a.html")) == ()
    assert not config.fails("document-title", "critical")  # a warning never fails the run


def test_fail_on_threshold() -> None:
    config = Config(fail_on="serious")
    assert config.fails("image-alt", "critical")
    assert config.fails("image-alt", "serious")
    assert not config.fails("image-alt", "moderate")


@pytest.mark.parametrize(("text", "message"), [
    ("colour = 'red'\n", ".a11ycheck.toml: colour: unknown key"),
    ("select = ['no-such-rule']\n", "select: unknown rule or tag 'no-such-rule'"),
    ("select = 'document-title'\n", "select: expected a list of rule ids or tags"),
    ("fail-on = 'huge'\n", "fail-on: expected one of critical, serious, moderate, minor, got 'huge'"),
    ("ignore-selectors = ['div[']\n", "ignore-selectors: invalid CSS selector 'div['"),
    ("[rules.nope]\nseverity = 'off'\n", "rules.nope: unknown rule"),
    ("[rules.document-title]\nseverity = 'loud'\n", "rules.document-title.severity: expected one of error"),
    ("[rules.document-title]\ncolour = 1\n", "rules.document-title.colour: unknown option"),
    ("[per-file-ignores]\n'x/**' = ['zzz']\n", "per-file-ignores.x/**: unknown rule or tag 'zzz'"),
    ("select = [\n", "not valid TOML"),
])
def test_bad_config_names_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / ".a11ycheck.toml", text)
    with pytest.raises(ConfigError) as err:
        load_config(path, RULES)
    assert str(err.value).startswith(str(path))
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_pyproject_keys_are_named_with_their_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.a11ycheck]\nfail_on = 'minor'\n")
    with pytest.raises(ConfigError, match=r"tool\.a11ycheck\.fail_on: unknown key"):
        load_config(path, RULES)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "nope.toml", RULES)
