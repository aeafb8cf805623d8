"""House rules: a package adds rules through the ``a11ycheck.rules`` entry point and tests them with
``a11ycheck.testing``, the way the built-in rules are tested."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

RULE = '''
id = "newsroom-byline"
title = "Articles name their author"
impact = "minor"
tags = ["news", "house"]
description = "Readers and screen reader users look for who wrote the story."
fix = "Add an element with class byline to the article."

[messages]
pass = "The article has a byline"
fail = "The article has no byline"

[[examples]]
outcome = "passed"
html = "<article><p class='byline'>By Ann</p></article>"

[[examples]]
outcome = "failed"
expect = [{ selector = "article", message = "fail" }]
html = "<article><p>No author</p></article>"
'''

CHECK = '''
from lxml import etree
from a11ycheck.checks import check, failed, passed

_ARTICLES = etree.XPath("//article")


@check("newsroom-byline")
def byline(doc, options):
    for article in _ARTICLES(doc.root):
        has = article.xpath(".//*[contains(concat(' ', normalize-space(@class), ' '), ' byline ')]")
        yield passed(article) if has else failed(article)
'''


@pytest.fixture
def plugin(tmp_path: Path) -> Path:
    package = tmp_path / "newsroom_rules"
    (package / "rules").mkdir(parents=True)
    (package / "__init__.py").write_text(CHECK)
    (package / "rules" / "newsroom-byline.toml").write_text(RULE)
    dist = tmp_path / "newsroom_rules-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: newsroom-rules\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[a11ycheck.rules]\nnewsroom = newsroom_rules\n")
    return tmp_path


def run(plugin: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(plugin))
    return subprocess.run([sys.executable, "-m", "a11ycheck", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=120, check=False)


def test_installed_house_rules_are_listed_and_run(plugin: Path) -> None:
    listed = run(plugin, "rules")
    assert "newsroom-byline" in listed.stdout
    page = plugin / "story.html"
    page.write_text("<!doctype html><html lang='en'><head><title>S</title></head>"
                    "<body><main><h1>S</h1><article><p>Text</p></article></main></body></html>")
    done = run(plugin, str(page), "--select", "newsroom-byline", "--isolated")
    assert done.returncode == 0  # no WCAG criterion: a warning, as for the built-in rules
    assert f"{page}:1:" in done.stdout and "newsroom-byline [warning] The article has no byline" in done.stdout
    rule_file = plugin / "newsroom_rules" / "rules" / "newsroom-byline.toml"
    rule_file.write_text(RULE.replace('tags = ["news", "house"]', 'tags = ["news", "house"]\nseverity = "error"'))
    done = run(plugin, str(page), "--select", "newsroom-byline", "--isolated")
    assert done.returncode == 1 and "newsroom-byline The article has no byline" in done.stdout
    explained = run(plugin, "rule", "newsroom-byline")
    assert "Readers and screen reader users" in explained.stdout


def test_a_house_rule_package_tests_its_examples_with_the_helper(plugin: Path) -> None:
    (plugin / "test_house.py").write_text(textwrap.dedent('''
        import pytest
        import newsroom_rules
        from a11ycheck.testing import assert_example, example_params

        @pytest.mark.parametrize(("rule", "example"), example_params(newsroom_rules.__path__[0] + "/rules"))
        def test_example(rule, example):
            assert_example(rule, example)
    '''))
    env = dict(os.environ, PYTHONPATH=str(plugin))
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_house.py"],
                          capture_output=True, text=True, env=env, cwd=plugin, timeout=120, check=False)
    assert "2 passed" in done.stdout, done.stdout + done.stderr
    wrong = (plugin / "newsroom_rules" / "rules" / "newsroom-byline.toml")
    wrong.write_text(RULE.replace("<p>No author</p>", "<p class='byline'>No author</p>"))
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_house.py"],
                          capture_output=True, text=True, env=env, cwd=plugin, timeout=120, check=False)
    assert "1 failed, 1 passed" in done.stdout
    assert "newsroom-byline: example gave passed, the rule file says failed" in done.stdout


def test_a_broken_house_rule_package_is_a_one_line_error(plugin: Path) -> None:
    (plugin / "newsroom_rules" / "__init__.py").write_text("raise ImportError('missing dependency foo')\n")
    done = run(plugin, "rules")
    assert done.returncode == 2
    assert done.stderr.strip() == ("a11ycheck: house rules 'newsroom' (newsroom_rules): cannot import "
                                   "(missing dependency foo)")


def test_a_malformed_house_rule_file_is_a_one_line_error(plugin: Path) -> None:
    rule_file = plugin / "newsroom_rules" / "rules" / "newsroom-byline.toml"
    messages = '[messages]\npass = "The article has a byline"\nfail = "The article has no byline"'
    rule_file.write_text(RULE.replace(messages, 'messages = "The article has no byline"'))
    done = run(plugin, "rules")
    assert done.returncode == 2
    assert done.stderr.strip() == f"a11ycheck: {rule_file}: 'messages' must be a table, not a string"
