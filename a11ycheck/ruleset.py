"""Rule metadata: one declarative TOML file per rule in ``rules/``, loaded and validated here (the schema:
``docs/rule-files.md``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import patterns, precompiled, results, wcag
from .distributions import may_declare
from .patterns import selector_problem
from .results import IMPACTS, OUTCOMES, Severity
from .wcag import CRITERIA, OBSOLETE, TAGS, rule_tags

__all__ = ["Example", "Expected", "Rule", "RuleError", "default_severity", "help_link", "load_rule", "load_rules",
           "rules_dir", "selectable"]

_ID_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_ACT_RE = re.compile(r"^[0-9a-z]{6}$")
_REQUIRED = ("id", "title", "impact", "description", "fix", "messages", "examples")
_TYPES: dict[str, type] = {
    "id": str, "title": str, "impact": str, "description": str, "fix": str, "messages": dict, "examples": list,
    "wcag": list, "act": list, "axe": list, "tags": list, "status": str, "options": dict, "help": str, "page": bool,
    "severity": str,
}
_STRING_LISTS = ("wcag", "act", "axe", "tags")
_EXAMPLE_TYPES: dict[str, type] = {"outcome": str, "html": str, "note": str, "options": dict, "expect": list}
_EXPECTED_TYPES: dict[str, type] = {"selector": str, "line": int, "message": str}
_KINDS = {str: "a string", int: "an integer", float: "a float", bool: "a boolean", list: "an array", dict: "a table"}
_RULE_CODE = [Path(module.__file__ or "") for module in (patterns, results, wcag)] + [Path(__file__)]  # validates
HELP_URL = "https://github.com/a11ycheck/a11ycheck/blob/main/docs/rules/{rule}.md"  # docs/rules/, rulepages.py


class RuleError(ValueError):
    """A rule file that does not follow the schema."""


@dataclass(frozen=True, slots=True)
class Expected:
    """A finding an example expects: the message key, and the element (a CSS selector) or, for a finding
    about source text that is no element (a comment), the line it starts on."""

    message: str
    selector: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Example:
    """An HTML example from a rule file, the outcome the rule must give it, and (when listed) every finding
    of that outcome it must report."""

    outcome: str
    html: str
    note: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    expect: tuple[Expected, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule as its file declares it."""

    id: str
    title: str
    impact: str
    description: str
    fix: str
    messages: dict[str, str]
    examples: tuple[Example, ...]
    wcag: tuple[str, ...] = ()
    act: tuple[str, ...] = ()
    axe: tuple[str, ...] = ()  # axe-core rule ids that check the same thing (for teams coming from axe)
    tags: tuple[str, ...] = ()
    status: str = "stable"
    options: dict[str, Any] = field(default_factory=dict)
    help: str = ""
    page: bool = False  # a page-level rule (inapplicable to fragments)
    severity: Severity = "error"  # "warning": its failures are reported but do not fail a run (see default_severity)
    path: str = ""

    def message(self, key: str, data: dict[str, Any]) -> str:
        """Format the message ``key`` with the check's data."""
        template = self.messages.get(key)
        if template is None:
            raise KeyError(f"rule {self.id}: no message {key!r}")
        return template.format_map(_Shortened(data))


class _Shortened(dict):
    """Message data with long values cut, so a message stays one readable line."""

    def __getitem__(self, key: str) -> str:
        value = " ".join(str(super().__getitem__(key)).split())
        return value if len(value) <= 80 else value[:79] + "…"


def rules_dir() -> Path:
    """The directory holding the built-in rule files (inside the wheel, or the source tree)."""
    here = Path(__file__).resolve().parent
    packaged = here / "rules"
    return packaged if packaged.is_dir() else here.parent / "rules"


def load_rule(path: Path) -> Rule:
    """Load and validate one rule file; raise :class:`RuleError` naming the file and the fault."""
    return _rule(path, _validated(path))


def _validated(path: Path) -> dict[str, Any]:
    """A rule file's table, once it follows the schema."""
    import tomllib  # (only when the kept tables are stale: its import compiles its regular expressions)

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RuleError(f"{path}: {exc}") from None
    problems = _validate(data, path)
    if problems:
        raise RuleError(f"{path}: " + "; ".join(problems))
    return data


def _rule(path: Path, data: dict[str, Any]) -> Rule:
    """The rule of a valid rule file's table."""
    examples = tuple(
        Example(outcome=e["outcome"], html=e["html"], note=e.get("note", ""), options=e.get("options", {}),
                expect=tuple(Expected(**x) for x in e.get("expect", ())))
        for e in data["examples"]
    )
    return Rule(
        id=data["id"],
        title=data["title"],
        impact=data["impact"],
        description=data["description"].strip(),
        fix=data["fix"].strip(),
        messages=dict(data["messages"]),
        examples=examples,
        wcag=tuple(data.get("wcag", ())),
        act=tuple(data.get("act", ())),
        axe=tuple(data.get("axe", ())),
        tags=rule_tags(data.get("wcag", ()), data.get("tags", ())),  # with wcag2a… and best-practice derived
        status=data.get("status", "stable"),
        options=dict(data.get("options", {})),
        help=data.get("help") or HELP_URL.format(rule=data["id"]),
        page=bool(data.get("page", False)),
        severity=data.get("severity") or default_severity(data.get("wcag", ()), data.get("tags", ())),
        path=str(path),
    )


def help_link(rule: Rule, template: str | None = None) -> str:
    """A rule's help link: its own, or its page where a team hosts the pages (``help-url``, with ``{rule}``)."""
    own = rule.help != HELP_URL.format(rule=rule.id)
    return template.format(rule=rule.id) if template and not own else rule.help


def default_severity(wcag: Iterable[str], tags: Iterable[str]) -> Severity:
    """The severity of a rule whose file declares none: "error" when its failures fail a WCAG 2.2 success
    criterion (it names one, and is not tagged ``best-practice``), else "warning" (reported, but a run
    fails on it only when the configuration makes it an error)."""
    criteria = set(wcag) - OBSOLETE
    return "error" if criteria and "best-practice" not in tags else "warning"


def selectable(rules: Mapping[str, Rule]) -> set[str]:
    """The names a selection may use: rule ids, their tags, and every WCAG version and level tag."""
    return {*rules, *(tag for rule in rules.values() for tag in rule.tags), *TAGS}


def _validate(data: dict[str, Any], path: Path) -> list[str]:
    problems = [f"missing {key!r}" for key in _REQUIRED if key not in data]
    problems += [f"unknown key {key!r}" for key in data if key not in _TYPES]
    problems += _type_problems(data, _TYPES, "")
    problems += [f"{key!r} must be an array of strings" for key in _STRING_LISTS
                 if isinstance(data.get(key), list) and not all(isinstance(v, str) for v in data[key])]
    if isinstance(data.get("messages"), dict):
        problems += [f"message {key!r} must be a string" for key, v in data["messages"].items()
                     if not isinstance(v, str)]
    if problems:
        return problems
    if not _ID_RE.match(data["id"]):
        problems.append(f"id {data['id']!r} is not kebab-case")
    if path.stem != data["id"]:
        problems.append(f"file name {path.name!r} does not match id {data['id']!r}")
    if data["impact"] not in IMPACTS:
        problems.append(f"impact {data['impact']!r} is not one of {', '.join(IMPACTS)}")
    problems += [f"bad WCAG criterion {c!r}" for c in data.get("wcag", ()) if c not in CRITERIA]
    problems += [f"bad ACT rule id {a!r}" for a in data.get("act", ()) if not _ACT_RE.match(a)]
    problems += [f"bad axe-core rule id {a!r}" for a in data.get("axe", ()) if not _ID_RE.match(a)]
    if data.get("severity", "error") not in ("error", "warning"):
        problems.append(f"severity {data['severity']!r} is not error or warning")
    if data.get("status", "stable") not in ("stable", "preview", "deprecated"):
        problems.append(f"status {data['status']!r} is not stable, preview or deprecated")
    for n, example in enumerate(data["examples"], 1):
        problems += [f"example {n}: {p}" for p in _example_problems(example, data)]
    outcomes = {e.get("outcome") for e in data["examples"] if isinstance(e, dict)}
    if "failed" not in outcomes and "cantTell" not in outcomes:
        problems.append("no failed or cantTell example")
    if "passed" not in outcomes:
        problems.append("no passed example")
    return problems


def _type_problems(table: dict[str, Any], types: dict[str, type], where: str) -> list[str]:
    """The values of known keys of a table that are not of their type (a boolean is no integer)."""
    return [f"{where}{key!r} must be {_KINDS[types[key]]}, not {_KINDS.get(type(v), type(v).__name__)}"
            for key, v in table.items()
            if key in types and (not isinstance(v, types[key]) or (types[key] is int and isinstance(v, bool)))]


def _example_problems(example: Any, data: dict[str, Any]) -> list[str]:
    """What is wrong with one ``[[examples]]`` table of a rule file (whose top level is valid)."""
    if not isinstance(example, dict):
        return [f"must be a table, not {_KINDS.get(type(example), type(example).__name__)}"]
    problems = [f"unknown key {key!r}" for key in example if key not in _EXAMPLE_TYPES]
    problems += [f"missing {key!r}" for key in ("outcome", "html") if key not in example]
    problems += _type_problems(example, _EXAMPLE_TYPES, "")
    if problems:
        return problems
    if example["outcome"] not in OUTCOMES:
        problems.append(f"outcome {example['outcome']!r} is not one of {', '.join(OUTCOMES)}")
    if not example["html"].strip():
        problems.append("empty 'html'")
    problems += [f"unknown option {key!r} (the rule's options: {', '.join(data.get('options', {})) or 'none'})"
                 for key in example.get("options", {}) if key not in data.get("options", {})]
    expect = example.get("expect", [])
    if expect and example["outcome"] == "inapplicable":
        problems.append("'expect' lists findings, and an inapplicable example has none")
    for n, expected in enumerate(expect, 1):
        problems += [f"expect {n}: {p}" for p in _expected_problems(expected, data["messages"])]
    return problems


def _expected_problems(expected: Any, messages: dict[str, str]) -> list[str]:
    """What is wrong with one finding an example expects."""
    if not isinstance(expected, dict):
        return [f"must be a table, not {_KINDS.get(type(expected), type(expected).__name__)}"]
    problems = [f"unknown key {key!r}" for key in expected if key not in _EXPECTED_TYPES]
    if "message" not in expected:
        problems.append("missing 'message'")
    if ("selector" in expected) == ("line" in expected):
        problems.append("give the element's 'selector' or, for a finding that is no element, its 'line'")
    problems += _type_problems(expected, _EXPECTED_TYPES, "")
    if problems:
        return problems
    if expected["message"] not in messages:
        problems.append(f"message {expected['message']!r} is not in [messages]")
    if "selector" in expected:
        problem = selector_problem(expected["selector"])
        if problem:
            problems.append(f"invalid CSS selector {expected['selector']!r} ({problem})")
    elif expected["line"] < 1:
        problems.append(f"line {expected['line']} is not a line number")
    return problems


ENTRY_POINTS = "a11ycheck.rules"


def _load_directory(directory: Path, rules: dict[str, Rule]) -> None:
    paths = sorted(directory.glob("*.toml"))
    if directory == rules_dir():  # the built-in rules: their validated tables are kept between processes
        tables = precompiled.cached("rules", [*paths, *_RULE_CODE],
                                    lambda: [_validated(path) for path in paths])
    else:
        tables = [_validated(path) for path in paths]
    for path, data in zip(paths, tables, strict=True):
        rule = _rule(path, data)
        if rule.id in rules:
            raise RuleError(f"{path}: duplicate rule id {rule.id!r} (also in {rules[rule.id].path})")
        rules[rule.id] = rule


def plugin_rule_dirs() -> list[tuple[str, Path]]:
    """House rules from installed packages: each ``a11ycheck.rules`` entry point names a module that
    registers its checks when imported and holds its rule files in ``RULES_DIR`` (default: ``rules/``
    beside the module)."""
    if not may_declare(ENTRY_POINTS):  # (the usual case, found without importing importlib.metadata)
        return []
    from importlib.metadata import entry_points

    found = []
    for entry in sorted(entry_points(group=ENTRY_POINTS), key=lambda e: e.name):
        try:
            module = entry.load()
        except Exception as exc:  # a broken plugin is named, not a traceback
            raise RuleError(f"house rules {entry.name!r} ({entry.value}): cannot import ({exc})") from None
        directory = getattr(module, "RULES_DIR", None) or Path(module.__file__ or ".").parent / "rules"
        found.append((entry.name, Path(directory)))
    return found


@cache
def load_rules(directory: Path | None = None) -> dict[str, Rule]:
    """Rules by id, in id order: those of one directory, or (default) the built-in ones and every
    installed package's house rules."""
    rules: dict[str, Rule] = {}
    if directory is not None:
        _load_directory(directory, rules)
        return rules
    _load_directory(rules_dir(), rules)
    for _, folder in plugin_rule_dirs():
        _load_directory(folder, rules)
    return dict(sorted(rules.items()))
