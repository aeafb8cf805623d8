"""Project configuration: ``[tool.a11ycheck]`` in ``pyproject.toml`` or a ``.a11ycheck.toml``.

Found upward from the checked path (``--config FILE`` names one, ``--isolated`` ignores them all).
Every key is validated: an unknown key or a bad value is a :class:`ConfigError` naming the file and
the key.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .budget import TIMEOUT
from .patterns import option_problem, selector_problem, shown
from .results import IMPACTS
from .ruleset import Rule, selectable
from .source import MAX_BYTES
from .suggest import did_you_mean

__all__ = ["SEVERITIES", "Config", "ConfigError", "UsageError", "fail_on_problem", "find_config", "load_config",
           "megabytes"]

SEVERITIES = ("error", "warning", "off")
_TOP_KEYS = {"select", "ignore", "extend-select", "per-file-ignores", "fail-on", "exclude", "ignore-selectors",
             "rules", "timeout", "max-size", "review", "root", "help-url", "cache-dir"}
_RULE_KEYS = {"severity", "ignore-selectors"}


class UsageError(ValueError):
    """A command line, a setting or an argument that cannot be used: exit code 2 at the command line."""


class ConfigError(UsageError):
    """A configuration file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Config:
    """The settings of a project, with defaults that change nothing."""

    path: str | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fail_on: str | None = None  # None: the policy's default
    exclude: tuple[str, ...] = ()
    ignore_selectors: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)  # rule id or tag → level, in the file's order
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    rule_ignore_selectors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    timeout: float = TIMEOUT  # seconds, a page's time budget
    max_bytes: int = MAX_BYTES  # a page's size bound (``max-size``, in MB)
    review: bool = False  # list the review items (cantTell) in the reports for people (``--review``)
    root: str | None = None  # the site root (``--root``), relative to the file's folder in the file
    help_url: str | None = None  # where the team hosts the rule pages: "https://docs.example/rules/{rule}"
    cache_dir: str | None = None  # the result cache's folder (``cache-dir``), inside the file's folder

    def level(self, rule_id: str, rules: Mapping[str, Rule]) -> str:
        """The severity of a rule, "error", "warning" or "off": its own entry in the configuration, else
        that of the last of its tags there, else the rule file's (see :func:`~a11ycheck.ruleset.default_severity`);
        the engines' own rules (axe-core's) are errors."""
        if rule_id in self.severity:
            return self.severity[rule_id]
        rule = rules.get(rule_id)
        if rule is None:
            return "error"
        by_tag = [level for name, level in self.severity.items() if name in rule.tags]
        return by_tag[-1] if by_tag else rule.severity


def fail_on_problem(value: Any) -> str | None:
    """What is wrong with a ``fail-on`` value, or None for an impact."""
    return None if value in IMPACTS else f"expected one of {', '.join(IMPACTS)}, got {value!r}"


def megabytes(size: float) -> int:
    """Bytes in ``size`` MB (MiB, as ``--max-size`` counts them)."""
    return max(1, round(size * 1024 * 1024))


def find_config(start: str | os.PathLike[str]) -> Path | None:
    """The nearest ``.a11ycheck.toml``, or ``pyproject.toml`` with ``[tool.a11ycheck]``, upward from start;
    a ``pyproject.toml`` on the way that cannot be read is a :class:`ConfigError`."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        dotfile = folder / ".a11ycheck.toml"
        if dotfile.is_file():
            return dotfile
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "a11ycheck" in _read_toml(pyproject).get("tool", {}):
            return pyproject  # (a broken one is an error: it may hold the settings)
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # (only when there is a file to read: its import compiles regular expressions)

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None


def load_config(path: str | os.PathLike[str], rules: Mapping[str, Rule]) -> Config:
    """Read and validate a configuration file against the known rules."""
    path = Path(path)
    data = _read_toml(path)
    prefix = ""
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("a11ycheck", {})
        prefix = "tool.a11ycheck."
    return _Reader(str(path), prefix, rules).read(data)


class _Reader:
    def __init__(self, path: str, prefix: str, rules: Mapping[str, Rule]) -> None:
        self.path, self.prefix, self.rules = path, prefix, rules
        self.names = selectable(rules)

    def error(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.path}: {self.prefix}{key}: {problem}")

    def names_list(self, key: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(key, "expected a list of rule ids or tags")
        unknown = [repr(v) + did_you_mean(v, self.names) for v in value if v not in self.names]
        if unknown:
            raise self.error(key, f"unknown rule or tag {', '.join(unknown)}")
        return tuple(value)

    def strings(self, key: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(key, "expected a list of strings")
        return tuple(value)

    def positive(self, key: str, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < float("inf"):
            raise self.error(key, f"expected a positive number, got {value!r}")
        return float(value)

    def help_url(self, value: Any) -> str:
        try:
            valid = isinstance(value, str) and "{rule}" in value and bool(value.format(rule="image-alt"))
        except (KeyError, IndexError, ValueError):
            valid = False
        if not valid:
            raise self.error("help-url", f'expected a URL with {{rule}} in it ("https://…/{{rule}}"), got {value!r}')
        return value

    def inside(self, key: str, value: Any) -> str:
        """A folder relative to the file's, not climbing out of it (a checkout's configuration must not make a
        run write elsewhere), as an absolute path."""
        parts = value.replace("\\", "/").split("/") if isinstance(value, str) else []
        if not value or not parts or os.path.isabs(value) or ".." in parts:
            raise self.error(key, f"expected a folder inside the project (relative, no '..'), got {value!r}")
        return os.path.join(os.path.dirname(os.path.abspath(self.path)), value)

    def selectors(self, key: str, value: Any) -> tuple[str, ...]:
        found = self.strings(key, value)
        for selector in found:
            problem = selector_problem(selector)
            if problem:
                raise self.error(key, f"invalid CSS selector {shown(selector)} ({problem})")
        return found

    def read(self, data: dict[str, Any]) -> Config:
        unknown = sorted(set(data) - _TOP_KEYS)
        if unknown:
            raise self.error(unknown[0], f"unknown key (known: {', '.join(sorted(_TOP_KEYS))})")
        values: dict[str, Any] = {"path": self.path}
        if "select" in data:
            values["select"] = self.names_list("select", data["select"])
        if "extend-select" in data:
            values["extend_select"] = self.names_list("extend-select", data["extend-select"])
        if "ignore" in data:
            values["ignore"] = self.names_list("ignore", data["ignore"])
        if "exclude" in data:
            values["exclude"] = self.strings("exclude", data["exclude"])
        if "ignore-selectors" in data:
            values["ignore_selectors"] = self.selectors("ignore-selectors", data["ignore-selectors"])
        if "fail-on" in data:
            problem = fail_on_problem(data["fail-on"])
            if problem:
                raise self.error("fail-on", problem)
            values["fail_on"] = data["fail-on"]
        if "root" in data:
            if not isinstance(data["root"], str) or not data["root"]:
                raise self.error("root", f"expected a folder, got {data['root']!r}")
            values["root"] = os.path.join(os.path.dirname(os.path.abspath(self.path)), data["root"])
        if "cache-dir" in data:
            values["cache_dir"] = self.inside("cache-dir", data["cache-dir"])
        if "timeout" in data:
            values["timeout"] = self.positive("timeout", data["timeout"])
        if "max-size" in data:
            values["max_bytes"] = megabytes(self.positive("max-size", data["max-size"]))
        if "review" in data:
            if not isinstance(data["review"], bool):
                raise self.error("review", f"expected true or false, got {data['review']!r}")
            values["review"] = data["review"]
        if "help-url" in data:
            values["help_url"] = self.help_url(data["help-url"])
        if "per-file-ignores" in data:
            table = data["per-file-ignores"]
            if not isinstance(table, dict):
                raise self.error("per-file-ignores", "expected a table of glob = [rules]")
            values["per_file_ignores"] = tuple(
                (glob, self.names_list(f"per-file-ignores.{glob}", names)) for glob, names in table.items()
            )
        if "rules" in data:
            self.read_rules(data["rules"], values)
        return Config(**values)

    def read_rules(self, table: Any, values: dict[str, Any]) -> None:
        if not isinstance(table, dict):
            raise self.error("rules", "expected a table per rule id or tag")
        severity: dict[str, str] = {}
        options: dict[str, dict[str, Any]] = {}
        selectors: dict[str, tuple[str, ...]] = {}
        for rule_id, settings in table.items():
            key = f"rules.{rule_id}"
            if rule_id not in self.names:
                raise self.error(key, "unknown rule or tag" + did_you_mean(rule_id, self.names))
            rule = self.rules.get(rule_id)
            if isinstance(settings, str):  # rules.image-alt = "warning", rules.news = "error"
                settings = {"severity": settings}
            if not isinstance(settings, dict):
                raise self.error(key, 'expected a severity ("error", "warning", "off") or a table')
            for name, value in settings.items():
                if name == "severity":
                    if value not in SEVERITIES:
                        raise self.error(f"{key}.severity", f"expected one of {', '.join(SEVERITIES)}, got {value!r}")
                    severity[rule_id] = value
                elif rule is None:  # a tag: its rules' options differ
                    raise self.error(f"{key}.{name}", "a tag takes only a severity (options are set per rule)")
                elif name == "ignore-selectors":
                    selectors[rule_id] = self.selectors(f"{key}.ignore-selectors", value)
                elif name in rule.options:
                    default = rule.options[name]
                    if not isinstance(value, type(default)) or isinstance(value, bool) != isinstance(default, bool):
                        raise self.error(f"{key}.{name}", f"expected {type(default).__name__}, got {value!r}")
                    problem = option_problem(name, value)
                    if problem:
                        raise self.error(f"{key}.{name}", problem)
                    options.setdefault(rule_id, {})[name] = value
                else:
                    known = sorted(_RULE_KEYS | set(rule.options))
                    raise self.error(f"{key}.{name}", f"unknown option (known: {', '.join(known)})")
        values.update(severity=severity, rule_options=options, rule_ignore_selectors=selectors)
