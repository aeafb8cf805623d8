"""Shared helpers: run the command line in-process or as a real process, and write test pages."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from a11ycheck import checks as checks_module
from a11ycheck import cli, engine, policy
from a11ycheck.ruleset import Example, Rule, load_rules

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def imported(module: Path, package: str) -> set[str]:
    """The absolute names of the modules a module's source imports (at any depth: lazy imports too)."""
    found = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            name = ".".join([*base, node.module] if node.module else base)
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
    return found


@pytest.fixture(autouse=True)
def _no_result_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run checks its pages (in this process and in child processes): a test that changes a check or
    a rule must see it. tests/test_cache.py turns the cache back on."""
    monkeypatch.setenv("A11YCHECK_NO_CACHE", "1")


@dataclass
class Run:
    """What a command-line run left behind."""

    code: int
    out: str
    err: str

    def json(self) -> dict[str, Any]:
        """The standard output parsed as JSON."""
        return json.loads(self.out)


@pytest.fixture
def cli_run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run ``a11ycheck ARGS`` in this process (fast; no terminal, no stdin)."""

    def run(*args: str | os.PathLike[str]) -> Run:
        try:
            code = cli.main([os.fspath(a) for a in args])
        except SystemExit as exc:  # argparse usage errors and --version
            code = exc.code if isinstance(exc.code, int) else 2
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def run_process(*args: str | os.PathLike[str], stdin: bytes | None = None, cwd: str | os.PathLike[str] | None = None,
                env: Mapping[str, str] | None = None, **kwargs: Any) -> Run:
    """Run ``python -m a11ycheck ARGS`` as a real process."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "A11YCHECK_ROOT")}
    full_env.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "a11ycheck", *map(os.fspath, args)],
        input=stdin, capture_output=True, cwd=cwd, env=full_env, timeout=300, check=False, **kwargs,
    )
    return Run(done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))


@pytest.fixture
def page(tmp_path: Path) -> Callable[..., Path]:
    """Write a page (text as UTF-8, or bytes as they are) under the test's folder; return its path."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return write


REVIEW_RULE = Rule(
    id="test-review",
    title="Something for a human to look at",
    impact="minor",
    description="A rule that only asks for review, for tests.",
    fix="Look.",
    messages={"pass": "fine", "cantTell": "look at this <p>"},
    examples=(Example("cantTell", "<p>x</p>"), Example("passed", "<div></div>")),
    tags=("test",),
)


@pytest.fixture
def review_rule(monkeypatch: pytest.MonkeyPatch) -> Iterator[Rule]:
    """An extra rule, known to the CLI and the engine, that gives cantTell on every ``<p>``."""
    rules = {**load_rules(), REVIEW_RULE.id: REVIEW_RULE}
    monkeypatch.setattr(engine, "load_rules", lambda: rules)
    monkeypatch.setattr(cli, "load_rules", lambda: rules)
    monkeypatch.setattr(policy, "load_rules", lambda: rules)
    monkeypatch.setitem(
        checks_module.load_checks(), REVIEW_RULE.id,
        lambda doc, options: [checks_module.cant_tell(p) for p in doc.root.iter("p")],
    )
    yield REVIEW_RULE
