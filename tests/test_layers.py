"""The layers: shared facts live in the fact layer (beside document.py), not in check modules, and the
per-document cache is keyed by typed constants."""

from __future__ import annotations

import ast
import re

from conftest import ROOT, imported

from a11ycheck.document import Document
from a11ycheck.memo import MemoKey
from a11ycheck.source import Source

CHECKS = ROOT / "a11ycheck" / "checks"


def test_no_check_module_imports_another() -> None:
    """A check module imports the check vocabulary (``a11ycheck.checks``) and the fact layer, never another
    check module: a fact two families share is computed in the fact layer (pageindex, images, controls…)."""
    modules = {path.stem for path in CHECKS.glob("*.py")} - {"__init__"}
    found = []
    for path in sorted(CHECKS.glob("*.py")):
        for name in imported(path, "a11ycheck.checks"):
            parts = name.split(".")
            if parts[:2] == ["a11ycheck", "checks"] and len(parts) > 2 and parts[2] in modules:
                found.append(f"{path.stem} imports {name}")
    assert found == []


def _key_names(node: ast.expr) -> list[str]:
    """The names a ``memo`` key expression may take (both branches of ``A if x else B``)."""
    if isinstance(node, ast.IfExp):
        return [*_key_names(node.body), *_key_names(node.orelse)]
    if isinstance(node, ast.Name):
        return [node.id]
    return [node.attr] if isinstance(node, ast.Attribute) else [ast.unparse(node)]


def _memo_facts() -> tuple[list[str], list[tuple[str, str]]]:
    """The names of the keys every ``.memo(...)`` call of the package passes, and each ``MemoKey("...")``'s
    text with the module that defines it."""
    keys, texts = [], []
    for path in sorted((ROOT / "a11ycheck").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            if isinstance(node.func, ast.Attribute) and node.func.attr == "memo":
                keys += _key_names(node.args[0])
            elif isinstance(node.func, ast.Name) and node.func.id == "MemoKey":
                texts.append((ast.unparse(node.args[0]).strip("'\""), path.stem))
    return keys, texts


def test_memo_keys_are_typed_module_constants_named_one_way() -> None:
    """Every ``Document.memo`` key is a ``MemoKey`` constant (``*_KEY``), never a string a typo would miss;
    each key's text is unique and reads ``<module>.<fact>``, the module being the one that defines it."""
    keys, texts = _memo_facts()
    assert len(keys) > 20
    assert [key for key in keys if not re.fullmatch(r"_?[A-Z_]+_KEY", key)] == []
    assert [text for text, module in texts if not re.fullmatch(rf"{module}\.[a-z_]+", text)] == []
    assert len({text for text, _ in texts}) == len(texts)


def test_a_memo_key_is_its_own_constant() -> None:
    """Two keys with the same text are two facts: a key compares by identity, not by its text."""
    doc = Document(Source.from_text("<p>x</p>"))
    first, second = MemoKey[int]("test.fact"), MemoKey[int]("test.fact")
    assert (doc.memo(first, lambda: 1), doc.memo(second, lambda: 2), doc.memo(first, lambda: 3)) == (1, 2, 1)
