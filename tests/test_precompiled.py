"""Tables kept between processes (the rule files' tables): used while their files are unchanged, built
again when one changes, and never used when the kept file is corrupt."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from a11ycheck import precompiled, ruleset


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setattr(precompiled, "folder", lambda: folder)
    return folder


def _counting(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value

    return calls, build


def test_a_table_is_built_once_and_again_when_a_source_changes(kept: Path, tmp_path: Path) -> None:
    source = tmp_path / "data.txt"
    source.write_text("one")
    calls, build = _counting({"a": [1, ("b", None)]})
    assert precompiled.cached("t", [source], build) == {"a": [1, ("b", None)]}
    assert precompiled.cached("t", [source], build) == {"a": [1, ("b", None)]}
    assert len(calls) == 1 and len(list(kept.glob("t.*.table"))) == 1
    source.write_text("other")
    precompiled.cached("t", [source], build)
    assert len(calls) == 2
    os.utime(source, ns=(0, 0))  # the same size, another time
    precompiled.cached("t", [source], build)
    assert len(calls) == 3
    precompiled.cached("t", [source, tmp_path / "gone.txt"], build)  # a source that cannot be looked at
    assert len(calls) == 4


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "other-format"])
def test_a_damaged_table_is_never_used_and_is_replaced(kept: Path, tmp_path: Path, damage: str) -> None:
    source = tmp_path / "data.txt"
    source.write_text("one")
    calls, build = _counting(["right"])
    precompiled.cached("t", [source], build)
    (table,) = kept.glob("t.*.table")
    data = table.read_bytes()
    broken = {"flip": data[:-3] + bytes([data[-3] ^ 1]) + data[-2:], "truncate": data[:len(data) // 2],
              "empty": b"", "other-format": b"x" + data[1:]}[damage]
    table.write_bytes(broken)
    assert precompiled.cached("t", [source], build) == ["right"]
    assert len(calls) == 2 and table.read_bytes() == data


def test_an_unwritable_folder_only_costs_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(precompiled, "folder", lambda: blocker / "cache")
    calls, build = _counting([1])
    assert precompiled.cached("t", [blocker], build) == [1] and precompiled.cached("t", [blocker], build) == [1]
    assert len(calls) == 2


def test_the_built_in_rules_read_back_equal_and_follow_an_edited_file(kept: Path, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    fresh: dict[str, ruleset.Rule] = {}
    ruleset._load_directory(ruleset.rules_dir(), fresh)  # builds the table
    again: dict[str, ruleset.Rule] = {}
    monkeypatch.setattr(ruleset, "_validated", lambda path: pytest.fail(f"{path} read again"))
    ruleset._load_directory(ruleset.rules_dir(), again)
    assert again == fresh and len(again) > 100
    monkeypatch.undo()
    copy = tmp_path / "rules"
    shutil.copytree(ruleset.rules_dir(), copy)
    monkeypatch.setattr(ruleset, "rules_dir", lambda: copy)
    monkeypatch.setattr(precompiled, "folder", lambda: kept)
    ruleset._load_directory(copy, {})
    image_alt = copy / "image-alt.toml"
    image_alt.write_text(image_alt.read_text().replace('title = "', 'title = "Edited: ', 1))
    edited: dict[str, ruleset.Rule] = {}
    ruleset._load_directory(copy, edited)
    assert edited["image-alt"].title.startswith("Edited: ")
    image_alt.write_text(image_alt.read_text().replace('id = "image-alt"', 'id = "image alt"'))
    with pytest.raises(ruleset.RuleError, match="not kebab-case"):
        ruleset._load_directory(copy, {})
