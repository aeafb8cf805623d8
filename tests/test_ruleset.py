"""The rule-file schema refuses every kind of malformed rule file, with one line naming the file and the fault."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from a11ycheck import ruleset
from a11ycheck.engine import Options
from a11ycheck.ruleset import Expected, RuleError, load_rule, load_rules

VALID: dict[str, Any] = {
    "id": "byline",
    "title": "Articles name their author",
    "impact": "minor",
    "wcag": ["1.3.1"],
    "act": ["23a2a8"],
    "tags": ["news"],
    "status": "stable",
    "severity": "warning",
    "page": False,
    "help": "https://example.org/byline",
    "description": "Readers look for who wrote the story.",
    "fix": "Add a byline.",
    "options": {"byline-selectors": [".byline"]},
    "messages": {"pass": "The article has a byline", "fail": "The article has no byline"},
    "examples": [
        {"outcome": "passed", "html": "<article><p class='byline'>By Ann</p></article>"},
        {"outcome": "failed", "html": "<article><p>No author</p></article>", "note": "no byline",
         "options": {"byline-selectors": [".author"]}, "expect": [{"selector": "article", "message": "fail"}]},
        {"outcome": "cantTell", "html": "<!-- x --><article></article>", "expect": [{"line": 1, "message": "fail"}]},
        {"outcome": "inapplicable", "html": "<p>No article</p>"},
    ],
}


def toml(value: Any) -> str:
    """A value as TOML (inline tables and arrays; a JSON string is a TOML basic string)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(map(toml, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


def write(folder: Path, data: dict[str, Any], name: str | None = None) -> Path:
    path = folder / f"{name or data.get('id', 'rule')}.toml"
    path.write_text("".join(f"{key} = {toml(value)}\n" for key, value in data.items()), encoding="utf-8")
    return path


def refused(folder: Path, change: Any, name: str | None = None) -> str:
    """The error loading the valid rule file once ``change`` has edited its data."""
    data = copy.deepcopy(VALID)
    change(data)
    path = write(folder, data, name or "byline")
    with pytest.raises(RuleError) as caught:
        load_rule(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message.removeprefix(f"{path}: ")


def test_the_valid_rule_file_loads(tmp_path: Path) -> None:
    rule = load_rule(write(tmp_path, VALID))
    assert rule.id == "byline" and rule.severity == "warning" and len(rule.examples) == 4
    assert rule.examples[1].expect == (Expected(message="fail", selector="article"),)
    assert rule.examples[2].expect == (Expected(message="fail", line=1),)


def test_a_file_that_is_not_toml(tmp_path: Path) -> None:
    path = tmp_path / "byline.toml"
    path.write_text('id = "byline\n', encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rule(path)
    assert str(caught.value) == f"{path}: Illegal character '\\n' (at line 1, column 13)"


@pytest.mark.parametrize("key", ruleset._REQUIRED)
def test_a_required_key_missing(tmp_path: Path, key: str) -> None:
    assert refused(tmp_path, lambda d: d.pop(key)) == f"missing {key!r}"


def test_an_unknown_key(tmp_path: Path) -> None:
    assert refused(tmp_path, lambda d: d.update(wcag_level="A")) == "unknown key 'wcag_level'"


@pytest.mark.parametrize(("key", "value", "problem"), [
    ("id", 5, "'id' must be a string, not an integer"),
    ("title", ["A", "B"], "'title' must be a string, not an array"),
    ("messages", "fail", "'messages' must be a table, not a string"),
    ("examples", {"outcome": "failed"}, "'examples' must be an array, not a table"),
    ("wcag", "1.1.1", "'wcag' must be an array, not a string"),
    ("page", "yes", "'page' must be a boolean, not a string"),
    ("options", ["a"], "'options' must be a table, not an array"),
])
def test_a_key_of_the_wrong_type(tmp_path: Path, key: str, value: Any, problem: str) -> None:
    assert refused(tmp_path, lambda d: d.update({key: value})) == problem


def test_a_list_of_strings_holding_something_else(tmp_path: Path) -> None:
    assert refused(tmp_path, lambda d: d.update(tags=["news", 2])) == "'tags' must be an array of strings"


def test_a_message_that_is_not_a_string(tmp_path: Path) -> None:
    assert refused(tmp_path, lambda d: d["messages"].update(fail=["a"])) == "message 'fail' must be a string"


def test_an_id_not_in_kebab_case(tmp_path: Path) -> None:
    assert refused(tmp_path, lambda d: d.update(id="Byline_Rule"), name="Byline_Rule") == (
        "id 'Byline_Rule' is not kebab-case")


def test_a_file_name_that_is_not_the_id(tmp_path: Path) -> None:
    assert refused(tmp_path, lambda d: None, name="author") == "file name 'author.toml' does not match id 'byline'"


def test_an_unknown_impact(tmp_path: Path) -> None:
    assert refused(tmp_path, lambda d: d.update(impact="high")) == (
        "impact 'high' is not one of critical, serious, moderate, minor")


def test_a_bad_wcag_criterion(tmp_path: Path) -> None:
    assert refused(tmp_path, lambda d: d.update(wcag=["1.1.1", "WCAG 1.3.1"])) == "bad WCAG criterion 'WCAG 1.3.1'"


def test_a_bad_act_rule_id(tmp_path: Path) -> None:
    assert refused(tmp_path, lambda d: d.update(act=["23a2a8", "image-alt"])) == "bad ACT rule id 'image-alt'"


def test_a_bad_axe_rule_id(tmp_path: Path) -> None:
    assert refused(tmp_path, lambda d: d.update(axe=["image-alt", "Image Alt"])) == "bad axe-core rule id 'Image Alt'"
    assert refused(tmp_path, lambda d: d.update(axe="image-alt")) .startswith("'axe' must be")


def test_a_rules_axe_ids_reach_its_results(tmp_path: Path) -> None:
    from a11ycheck import check

    report = check("<!doctype html><html><body><img src=a.png></body></html>", options=Options(select=("image-alt",)))
    assert [r.axe for r in report.failed] == [list(load_rules()["image-alt"].axe)]
    assert report.failed[0].to_dict()["axe"] == list(load_rules()["image-alt"].axe)


AXE_RULES = Path(__file__).parent / "data" / "axe-core-rules.txt"


def axe_core_rules() -> dict[str, frozenset[str]]:
    """axe-core 4.10's rules (tests/data/axe-core-rules.txt): id → the ACT rules it implements."""
    lines = AXE_RULES.read_text(encoding="utf-8").splitlines()
    return {fields[0]: frozenset(fields[1:]) for fields in (line.split() for line in lines if not line.startswith("#"))}


def test_every_rules_axe_ids_are_axe_core_rules() -> None:
    known = axe_core_rules()
    assert len(known) == 104
    assert {rule_id: unknown for rule_id, rule in load_rules().items()
            if (unknown := [a for a in rule.axe if a not in known])} == {}


def test_a_rule_names_an_axe_rule_that_axe_says_implements_its_act_rule() -> None:
    implementing = axe_core_rules()
    missing = {}
    for rule_id, rule in load_rules().items():
        for act in rule.act:
            axe = {name for name, acts in implementing.items() if act in acts}
            if axe and not axe & set(rule.axe):
                missing[rule_id] = sorted(axe)
    assert missing == {}


def test_an_unknown_severity(tmp_path: Path) -> None:
    assert refused(tmp_path, lambda d: d.update(severity="off")) == "severity 'off' is not error or warning"


def test_an_unknown_status(tmp_path: Path) -> None:
    assert refused(tmp_path, lambda d: d.update(status="beta")) == (
        "status 'beta' is not stable, preview or deprecated")


def test_every_problem_is_listed_on_the_one_line(tmp_path: Path) -> None:
    assert refused(tmp_path, lambda d: d.update(impact="high", status="beta")) == (
        "impact 'high' is not one of critical, serious, moderate, minor; "
        "status 'beta' is not stable, preview or deprecated")


def _example(n: int, **changes: Any) -> Any:
    """A change to the n-th example (1-based): keys set, or removed when given None."""
    def change(data: dict[str, Any]) -> None:
        example = data["examples"][n - 1]
        example.update(changes)
        for key in [k for k, v in changes.items() if v is None]:
            del example[key]
    return change


@pytest.mark.parametrize(("change", "problem"), [
    (lambda d: d["examples"].append("<p>x</p>"), "example 5: must be a table, not a string"),
    (_example(2, outcom="failed"), "example 2: unknown key 'outcom'"),
    (_example(2, outcome=None), "example 2: missing 'outcome'"),
    (_example(2, html=None), "example 2: missing 'html'"),
    (_example(2, html=3), "example 2: 'html' must be a string, not an integer"),
    (_example(2, note=True), "example 2: 'note' must be a string, not a boolean"),
    (_example(2, options="x"), "example 2: 'options' must be a table, not a string"),
    (_example(2, expect={"selector": "article"}), "example 2: 'expect' must be an array, not a table"),
    (_example(2, outcome="fail"), "example 2: outcome 'fail' is not one of failed, cantTell, passed, inapplicable"),
    (_example(2, html="  \n"), "example 2: empty 'html'"),
    (_example(2, options={"byline-selector": [".x"]}),
     "example 2: unknown option 'byline-selector' (the rule's options: byline-selectors)"),
])
def test_a_malformed_example(tmp_path: Path, change: Any, problem: str) -> None:
    assert refused(tmp_path, change) == problem


def test_no_failed_or_canttell_example(tmp_path: Path) -> None:
    assert refused(tmp_path, lambda d: d.update(examples=[d["examples"][0], d["examples"][3]])) == (
        "no failed or cantTell example")


def test_no_passed_example(tmp_path: Path) -> None:
    assert refused(tmp_path, lambda d: d["examples"].pop(0)) == "no passed example"


@pytest.mark.parametrize(("expect", "problem"), [
    (["article"], "must be a table, not a string"),
    ({"selector": "article", "message": "fail", "why": "x"}, "unknown key 'why'"),
    ({"selector": "article"}, "missing 'message'"),
    ({"message": "fail"}, "give the element's 'selector' or, for a finding that is no element, its 'line'"),
    ({"selector": "article", "line": 1, "message": "fail"},
     "give the element's 'selector' or, for a finding that is no element, its 'line'"),
    ({"selector": 1, "message": "fail"}, "'selector' must be a string, not an integer"),
    ({"line": True, "message": "fail"}, "'line' must be an integer, not a boolean"),
    ({"selector": "article", "message": "failed"}, "message 'failed' is not in [messages]"),
    ({"line": 0, "message": "fail"}, "line 0 is not a line number"),
])
def test_a_malformed_expected_finding(tmp_path: Path, expect: Any, problem: str) -> None:
    got = refused(tmp_path, _example(2, expect=[expect] if not isinstance(expect, list) else expect))
    assert got == f"example 2: expect 1: {problem}"


def test_an_expected_finding_with_an_invalid_selector(tmp_path: Path) -> None:
    got = refused(tmp_path, _example(2, expect=[{"selector": "article[", "message": "fail"}]))
    assert got.startswith("example 2: expect 1: invalid CSS selector 'article[' (")


def test_expected_findings_in_an_inapplicable_example(tmp_path: Path) -> None:
    got = refused(tmp_path, _example(4, expect=[{"selector": "p", "message": "pass"}]))
    assert got == "example 4: 'expect' lists findings, and an inapplicable example has none"


def test_a_house_rule_with_the_id_of_a_built_in_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    house = tmp_path / "house"
    house.mkdir()
    path = write(house, {**VALID, "id": "image-alt"})
    monkeypatch.setattr(ruleset, "plugin_rule_dirs", lambda: [("house", house)])
    with pytest.raises(RuleError) as caught:
        load_rules.__wrapped__()
    built_in = ruleset.rules_dir() / "image-alt.toml"
    assert str(caught.value) == f"{path}: duplicate rule id 'image-alt' (also in {built_in})"
