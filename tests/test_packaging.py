"""What an install pulls: the core needs no pytest, the browser extra no axe-core older than 4."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

from conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_core_does_not_depend_on_pytest() -> None:
    assert not [d for d in PROJECT["dependencies"] if d.split(">")[0].split("=")[0].strip() == "pytest"]
    assert PROJECT["entry-points"]["pytest11"] == {"a11ycheck": "a11ycheck.pytest_plugin"}  # loaded by pytest


def test_the_browser_extra_needs_python_3_12() -> None:
    """On 3.11 pip would take axe-selenium-python 2, which bundles axe-core 3.1.1 from 2018."""
    browser = PROJECT["optional-dependencies"]["browser"]
    assert browser and all(d.endswith("; python_version >= '3.12'") for d in browser)
    assert any(d.startswith("axe-selenium-python>=3;") for d in browser)


def test_the_core_imports_and_runs_without_pytest() -> None:
    script = textwrap.dedent(f"""
        import importlib, pathlib, sys
        sys.modules["pytest"] = None  # any import of pytest fails
        import a11ycheck
        package = pathlib.Path(a11ycheck.__file__).parent
        for path in sorted(package.rglob("*.py")):  # the survey extra's modules aside
            name = ".".join(("a11ycheck", *path.relative_to(package).with_suffix("").parts)).removesuffix(".__init__")
            if name not in ("a11ycheck.__main__", "a11ycheck.pytest_plugin", "a11ycheck.survey") \
                    and not name.startswith("a11ycheck.survey."):
                importlib.import_module(name)
        from a11ycheck.cli import main
        sys.exit(main([{str(FIXTURES / "article.html")!r}, "--isolated", "--jobs", "1", "--format", "json"]))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stderr  # the article's known failures
    assert '"html-has-lang"' in done.stdout


def test_the_plugins_names_without_pytest_are_one_clear_error() -> None:
    script = textwrap.dedent("""
        import sys
        sys.modules["pytest"] = None  # any import of pytest fails
        import a11ycheck
        for name in ("assert_accessible", "AccessibilityError"):
            try:
                exec(f"from a11ycheck import {name}")
            except ImportError as exc:
                assert exc.__cause__ is None and exc.__suppress_context__, name
                print(exc)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"a11ycheck.{name} needs pytest, which is not installed: pip install 'pytest>=8'"
        for name in ("assert_accessible", "AccessibilityError")
    ]
