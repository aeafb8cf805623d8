"""The layers: shared facts live in the fact layer (beside document.py), not in check modules."""

from __future__ import annotations

from conftest import ROOT, imported

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
