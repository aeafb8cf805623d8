"""The W3C ACT rules test cases: no false failure ever, and no rule below its recorded grade."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("conformance", ROOT / "scripts" / "conformance.py")
conformance = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(conformance)

CASES = conformance.DEFAULT_CASES
RANK = {"complete": 4, "correct": 3, "partial": 2, "none": 1, "wrong": 0}

pytestmark = pytest.mark.skipif(
    not (CASES / "manifest.json").is_file(),
    reason=f"ACT cases not found at {CASES} (set A11YCHECK_ACT_CASES to run the conformance test)",
)


@pytest.fixture(scope="module")
def graded() -> dict:
    return conformance.run(CASES)


def test_no_rule_has_a_false_failure(graded) -> None:
    wrong = {rule: graded["misses"][rule] for rule, grade in graded["ours"].items() if grade == "wrong"}
    assert wrong == {}


def test_no_rule_drops_below_its_recorded_grade(graded) -> None:
    recorded = json.loads(conformance.GRADES.read_text())
    dropped = {
        rule: f"{grade} -> {graded['ours'].get(rule, 'none')}"
        for rule, grade in recorded.items()
        if RANK[graded["ours"].get(rule, "none")] < RANK[grade]
    }
    assert dropped == {}
