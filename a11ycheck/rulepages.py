"""Rule pages: one Markdown page per rule, made from its rule file.

The same page is ``a11ycheck rule ID`` and ``docs/rules/ID.md`` (with an index, ``docs/rules/README.md``),
which results link to; ``scripts/rule_pages.py`` writes them, and a test fails when they are not current.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .ruleset import Example, Rule
from .wcag import CRITERIA, OBSOLETE, understanding_url

__all__ = ["INDEX", "outdated", "page", "pages", "write_pages"]

INDEX = "README.md"
ACT_URL = "https://www.w3.org/WAI/standards-guidelines/act/rules/{}/"
AXE_URL = "https://dequeuniversity.com/rules/axe/4.10/{}"


def page(rule: Rule) -> str:
    """The Markdown page of one rule: what it checks, why, how to fix, its options, messages and examples."""
    parts = [f"# {rule.id}: {rule.title}", _facts(rule), f"## Why it matters\n\n{rule.description}",
             f"## How to fix\n\n{rule.fix}"]
    if rule.options:
        settings = "\n".join(f"{name} = {_toml(value)}" for name, value in rule.options.items())
        parts.append(f"## Options\n\nTheir defaults; set them in `pyproject.toml` (or at the top level of "
                     f"`.a11ycheck.toml`, without `tool.a11ycheck.`):\n\n"
                     f"```toml\n[tool.a11ycheck.rules.{rule.id}]\n{settings}\n```")
    width = max(map(len, rule.messages))
    messages = "\n".join(f"{key:<{width}}  {text}" for key, text in rule.messages.items())
    parts.append(f"## Messages\n\nEach result carries one of these messages (the key, then its text; `{{name}}` is "
                 f"filled in from the page):\n\n```text\n{messages}\n```")
    parts.append("## Examples\n\n" + "\n\n".join(map(_example, rule.examples)))
    return "\n\n".join(parts) + "\n"


def _facts(rule: Rule) -> str:
    severity = {"error": "error (its failures fail the run)",
                "warning": "warning (its failures are reported; the run still exits 0)"}[rule.severity]
    criteria = [f"[{c} {CRITERIA[c].name}]({understanding_url(c)}) (level {CRITERIA[c].level}, WCAG "
                f"{CRITERIA[c].version}{'; obsolete in 2.2' if c in OBSOLETE else ''})" for c in rule.wcag]
    acts = [f"[{a}]({ACT_URL.format(a)})" for a in rule.act]
    axe = [f"[`{a}`]({AXE_URL.format(a)})" for a in rule.axe]
    facts = [("Impact", rule.impact), ("Default severity", severity),
             ("WCAG", ", ".join(criteria) or "none (a best practice)"), ("ACT rules", ", ".join(acts) or "none"),
             ("axe-core rules (the same check)", ", ".join(axe) or "none"),
             ("Tags", ", ".join(f"`{t}`" for t in rule.tags) or "none"), ("Status", rule.status)]
    if rule.page:
        facts.append(("Scope", "the whole page (inapplicable to fragments)"))
    return "\n".join(f"- {name}: {value}" for name, value in facts)


def _example(example: Example) -> str:
    title = f"### {example.outcome.capitalize() if example.outcome != 'cantTell' else 'Needs review (cantTell)'}"
    head = title + (f": {example.note}" if example.note else "")
    if example.options:
        head += "\n\nWith " + ", ".join(f"`{name} = {_toml(value, inline=True)}`"
                                         for name, value in example.options.items())
    return f"{head}\n\n```html\n{example.html.strip()}\n```"


def _toml(value: Any, *, inline: bool = False) -> str:
    """An option's value as TOML: a list one item a line (inline: on one line), strings as literal strings
    where they can be."""
    if isinstance(value, list):
        if inline or not value:
            return "[" + ", ".join(_toml(item) for item in value) + "]"
        return "[\n" + "".join(f"    {_toml(item)},\n" for item in value) + "]"
    if isinstance(value, str) and "'" not in value and "\n" not in value:
        return f"'{value}'"
    return json.dumps(value, ensure_ascii=False)


def index(rules: Mapping[str, Rule]) -> str:
    """The index page: every rule with its impact, default severity and WCAG criteria."""
    rows = "\n".join(
        f"| [{r.id}]({r.id}.md) | {r.title.replace('|', '&#124;')} | {r.impact} | {r.severity} | "
        f"{', '.join(r.wcag) or '-'} |" for r in rules.values()
    )
    return ("# Rules\n\n"
            "One page per rule, made from `rules/*.toml` by `python scripts/rule_pages.py` (a test fails when "
            "they are not current: edit the rule file, then run the script). `a11ycheck rule ID` prints the same "
            "page. Select rules by id or tag; the WCAG tags (`wcag2a`, `wcag2aa`, `wcag21a`, `wcag21aa`, "
            "`wcag22aa`, `best-practice`) follow the version that added each criterion, as axe-core's do.\n\n"
            "| Rule | What it checks | Impact | Default severity | WCAG |\n|---|---|---|---|---|\n" + rows + "\n")


def pages(rules: Mapping[str, Rule]) -> dict[str, str]:
    """Every page by file name, the index included."""
    return {INDEX: index(rules), **{f"{rule.id}.md": page(rule) for rule in rules.values()}}


def outdated(directory: Path, rules: Mapping[str, Rule]) -> list[str]:
    """Names of the pages in ``directory`` that differ from the rules', are missing, or are left over."""
    wanted = pages(rules)
    present = {path.name for path in directory.glob("*.md")} if directory.is_dir() else set()
    differ = [name for name, text in wanted.items()
              if name not in present or (directory / name).read_text(encoding="utf-8") != text]
    return sorted(differ + sorted(present - set(wanted)))


def write_pages(directory: Path, rules: Mapping[str, Rule]) -> list[str]:
    """Write the pages that are not current, remove those of rules that are gone; return their names."""
    changed = outdated(directory, rules)
    wanted = pages(rules)
    directory.mkdir(parents=True, exist_ok=True)
    for name in changed:
        if name in wanted:
            (directory / name).write_text(wanted[name], encoding="utf-8")
        else:
            (directory / name).unlink()
    return changed
