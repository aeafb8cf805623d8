"""Configuration files: discovery, every key, and a clear error for each bad one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from a11ycheck import Options, check, patterns
from a11ycheck.config import Config, ConfigError, find_config, load_config
from a11ycheck.engine import severity_of
from a11ycheck.patterns import option_problem
from a11ycheck.policy import Overrides, resolve
from a11ycheck.results import Result
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
    _, policy = resolve(config, Overrides())
    assert policy.excluded(str(tmp_path / "legacy" / "old" / "a.html"))
    assert policy.excluded(str(tmp_path / "deep" / "x.tmp.html"))
    assert not policy.excluded(str(tmp_path / "news" / "a.html"))
    assert policy.ignored_for(str(tmp_path / "archive" / "2019" / "a.html")) == ("document-title",)
    assert policy.ignored_for(str(tmp_path / "news" / "a.html")) == ()
    assert not blocks(config, "document-title", "critical")  # a warning never fails the run


def blocks(config: Config, rule: str, impact: str) -> bool:
    """Whether a failure of this rule and impact, as the engine reports it, fails a run under the config."""
    options, policy = resolve(config, Overrides())
    return policy.blocks(Result(rule=rule, outcome="failed", impact=impact, message="",
                                severity=severity_of(rule, options)))


def test_fail_on_threshold() -> None:
    config = Config(fail_on="serious")
    assert blocks(config, "image-alt", "critical")
    assert blocks(config, "image-alt", "serious")
    assert not blocks(config, "image-alt", "moderate")


def test_rules_without_a_wcag_failure_are_warnings_by_default() -> None:
    config = Config()
    assert config.level("image-alt", RULES) == "error"
    for rule in ("duplicate-id", "photo-credit", "photo-credit-hidden", "media-fallback", "image-decorative",
                 "unused-suppression", "bypass-page"):
        assert config.level(rule, RULES) == "warning", rule
        assert not blocks(config, rule, "critical")
    assert config.level("axe/color-contrast", RULES) == "error"  # an engine's own rule


def test_a_tag_sets_the_severity_of_its_rules(tmp_path: Path) -> None:
    path = write(tmp_path / ".a11ycheck.toml", "[rules]\nnews = 'error'\n[rules.photo-credit-hidden]\n"
                                                "severity = 'warning'\n")
    config = load_config(path, RULES)
    assert config.level("photo-credit", RULES) == "error"
    assert config.level("media-fallback", RULES) == "error"
    assert config.level("photo-credit-hidden", RULES) == "warning"  # the rule's own entry wins over its tag's
    assert config.level("duplicate-id", RULES) == "warning"
    assert blocks(config, "photo-credit", "minor")


def test_the_last_tag_written_wins_and_off_switches_rules_off(tmp_path: Path) -> None:
    path = write(tmp_path / ".a11ycheck.toml", "[rules]\nbest-practice = 'off'\nnews = 'error'\n")
    config = load_config(path, RULES)
    assert config.level("photo-credit", RULES) == "error"  # news and best-practice: news, written last
    options, _ = resolve(config, Overrides())
    assert "duplicate-id" in options.ignore and "photo-credit" not in options.ignore


@pytest.mark.parametrize(("text", "message"), [
    ("colour = 'red'\n", ".a11ycheck.toml: colour: unknown key"),
    ("select = ['no-such-rule']\n", "select: unknown rule or tag 'no-such-rule'"),
    ("select = 'document-title'\n", "select: expected a list of rule ids or tags"),
    ("fail-on = 'huge'\n", "fail-on: expected one of critical, serious, moderate, minor, got 'huge'"),
    ("ignore-selectors = ['div[']\n", "ignore-selectors: invalid CSS selector 'div['"),
    ("[rules.nope]\nseverity = 'off'\n", "rules.nope: unknown rule or tag"),
    ("select = ['documnet-title']\n", "select: unknown rule or tag 'documnet-title' (did you mean 'document-title'?)"),
    ("[rules.newz]\nseverity = 'off'\n", "rules.newz: unknown rule or tag (did you mean 'news'?)"),
    ("[rules.news]\ncredit-patterns = ['Foto:']\n",
     "rules.news.credit-patterns: a tag takes only a severity (options are set per rule)"),
    ("[rules.document-title]\nseverity = 'loud'\n", "rules.document-title.severity: expected one of error"),
    ("[rules.document-title]\ncolour = 1\n", "rules.document-title.colour: unknown option"),
    ("[per-file-ignores]\n'x/**' = ['zzz']\n", "per-file-ignores.x/**: unknown rule or tag 'zzz'"),
    ("select = [\n", "not valid TOML"),
    ("[rules.photo-credit]\ncredit-patterns = ['(']\n",
     "rules.photo-credit.credit-patterns: invalid regular expression '(' (missing ) at position 1)"),
    ("[rules.photo-credit]\ncredit-patterns = [1]\n", "rules.photo-credit.credit-patterns: expected a list of strings"),
    ("[rules.photo-credit]\nextend-credit-patterns = ['(']\n",
     "rules.photo-credit.extend-credit-patterns: invalid regular expression '('"),
    ("[rules.photo-credit]\nextend-credit-selectors = 'small'\n",
     "rules.photo-credit.extend-credit-selectors: expected list, got 'small'"),
    ("[rules.photo-credit-hidden]\ncredit-selectors = ['small', 'div[']\n",
     "rules.photo-credit-hidden.credit-selectors: invalid CSS selector 'div['"),
    ("[rules.photo-credit]\ncredit-selectors = ['" + " ".join(["div"] * 3000) + "']\n",
     "rules.photo-credit.credit-selectors: invalid CSS selector 'div div"),
    ("ignore-selectors = ['" + " ".join(["p"] * 3000) + "']\n", "ignore-selectors: invalid CSS selector 'p p p"),
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


def test_every_rule_files_own_patterns_and_selectors_are_valid() -> None:
    for rule in RULES.values():
        for name, value in rule.options.items():
            assert option_problem(name, value) is None, (rule.id, name)


def test_a_users_credit_patterns_are_read_as_the_readme_shows(tmp_path: Path) -> None:
    path = write(tmp_path / ".a11ycheck.toml", "[rules.photo-credit]\ncredit-patterns = ['(?i)\\bFoto:', '©']\n")
    config = load_config(path, RULES)
    options = Options(select=("photo-credit",), rule_options=config.rule_options, include_passed=True)
    figure = '<figure><img src="{}.jpg" alt="Boats"><figcaption>Boats. {}</figcaption></figure>'
    page = f"<!doctype html><body>{figure.format('a', 'FOTO: Jane Doe')}{figure.format('b', 'Photo: Jane')}</body>"
    report = check(page, options=options)
    assert report.error is None
    assert [(r.outcome, r.snippet) for r in report.results] == [
        ("passed", '<img src="a.jpg" alt="Boats">'),
        ("failed", '<img src="b.jpg" alt="Boats">'),  # the default patterns are replaced
    ]


def _credit_page(captions: list[str]) -> str:
    figure = '<figure><img src="{}.jpg" alt="Boats"><figcaption>{}</figcaption></figure>'
    return ("<!doctype html><html lang='en'><head><title>News</title></head><body><main><h1>News</h1>"
            + "".join(figure.format(i, caption) for i, caption in enumerate(captions))
            + '<img src="no-alt.jpg"></main></body></html>')


def test_a_users_pattern_that_runs_too_long_is_given_up_for_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patterns, "TIME_BUDGET", 0.02)
    options = Options(rule_options={"photo-credit": {"credit-patterns": ["(a|aa)+$", "Photo:"]}})
    slow = "a" * 30 + "!"  # (a|aa)+$ backtracks over it: about a second, without a limit
    report = check(_credit_page([slow, slow, "Boats. <small>Jane Doe</small>"]), options=options)
    assert report.error is None
    assert [(r.rule, r.outcome, r.snippet, r.message) for r in report.results if r.rule != "bypass-skip-link"] == [
        ("photo-credit", "cantTell", '<img src="0.jpg" alt="Boats">',
         "a11ycheck could not finish this rule: the regular expressions of credit-patterns took more than 0.02 s"
         " on this page: they are not used on the rest of it"),
        ("photo-credit", "failed", '<img src="1.jpg" alt="Boats">',
         f'The photo 1.jpg has the caption "{slow}" but no credit: name the photographer or agency in the caption'),
        # (2.jpg passes: its credit element is still found)
        ("image-alt", "failed", '<img src="no-alt.jpg">',
         "The image no-alt.jpg has no text alternative: add an alt attribute that describes it, or alt=\"\" if it is"
         " decorative"),
    ]


def test_a_pattern_that_would_never_end_does_not_hang_the_command_line(tmp_path: Path) -> None:
    write(tmp_path / ".a11ycheck.toml", "[rules.photo-credit]\ncredit-patterns = ['(a|aa)+$']\n")
    write(tmp_path / "page.html", _credit_page(["a" * 80 + "!"] * 3))
    done = subprocess.run([sys.executable, "-m", "a11ycheck", "page.html", "--review"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=30, check=False)  # (without a time limit: for ages)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert sum("photo-credit [cantTell] a11ycheck could not finish this rule" in line for line in lines) == 1
    assert sum(": photo-credit [warning] The photo" in line for line in lines) == 2
    assert any(": image-alt The image no-alt.jpg" in line for line in lines)


@pytest.mark.parametrize("option", ["credit-patterns = ['(']", "credit-selectors = ['figcaption >']"])
def test_a_bad_pattern_or_selector_is_one_line_and_exit_2(tmp_path: Path, option: str) -> None:
    write(tmp_path / ".a11ycheck.toml", f"[rules.photo-credit]\n{option}\n")
    write(tmp_path / "page.html", _credit_page(["Boats"]))
    done = subprocess.run([sys.executable, "-m", "a11ycheck", "page.html"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"a11ycheck: {tmp_path / '.a11ycheck.toml'}: rules.photo-credit.credit-")
    assert done.stderr.count("\n") == 1
