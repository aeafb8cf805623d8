"""Distributions looked for without importing importlib.metadata: entry points (a "no" only when it would find
none) and versions."""

from __future__ import annotations

import sys
from importlib.machinery import BuiltinImporter, PathFinder
from pathlib import Path

import pytest

from a11ycheck.distributions import may_declare, versions


@pytest.fixture
def path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("sys.path", [str(tmp_path)])
    monkeypatch.setattr("sys.meta_path", [BuiltinImporter, PathFinder])  # (as Python starts; tests may add finders)
    return tmp_path


def _dist(folder: Path, name: str, entry_points: str | None, listed: str = "entry_points.txt") -> None:
    (folder / name / listed).parent.mkdir(parents=True)
    if entry_points is not None:
        (folder / name / listed).write_text(entry_points)


def test_no_distribution_declares_the_group(path: Path) -> None:
    _dist(path, "other-1.0.dist-info", "[console_scripts]\nother = other:main\n")
    _dist(path, "bare-1.0.dist-info", None)
    assert not may_declare("a11ycheck.rules")


@pytest.mark.parametrize("name", ["newsroom-1.0.dist-info", "Newsroom-1.0.DIST-INFO", "newsroom.egg-info"])
def test_a_distribution_declares_the_group(path: Path, name: str) -> None:
    _dist(path, name, "[console_scripts]\nx = y\n\n[a11ycheck.rules]\nnewsroom = newsroom_rules\n")
    assert may_declare("a11ycheck.rules")


def test_an_egg_folder_and_a_zipped_egg(path: Path) -> None:
    _dist(path, "newsroom-1.0.egg", "[a11ycheck.rules]\nnewsroom = newsroom_rules\n", "EGG-INFO/entry_points.txt")
    assert may_declare("a11ycheck.rules")
    (path / "newsroom-1.0.egg" / "EGG-INFO" / "entry_points.txt").write_text("")
    assert not may_declare("a11ycheck.rules")
    (path / "zipped-1.0.egg").write_bytes(b"PK")
    assert may_declare("a11ycheck.rules")


def test_a_zip_archive_on_the_path_is_left_to_importlib_metadata(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = path / "site.zip"
    archive.write_bytes(b"PK")
    monkeypatch.setattr("sys.path", [str(path), str(archive), str(path / "missing")])
    assert may_declare("a11ycheck.rules")


def test_another_finder_that_lists_distributions_is_left_to_importlib_metadata(path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    class Finder:
        def find_distributions(self, context: object) -> list[object]:
            return []

    monkeypatch.setattr("sys.meta_path", [Finder(), BuiltinImporter, PathFinder])
    assert may_declare("a11ycheck.rules")


def test_versions_are_importlib_metadatas_without_importing_it() -> None:
    import importlib.metadata

    names = ("lxml", "tinycss2", "cssselect", "no-such-distribution-here")
    found = versions(names)
    assert found["no-such-distribution-here"] is None
    assert {name: found[name] for name in names[:3]} == {name: importlib.metadata.version(name) for name in names[:3]}


def test_versions_read_a_dist_info_folders_name_first_on_the_path(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "Tiny_CSS-9.9.dist-info").mkdir()  # (names are compared normalised, as importlib does)
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    monkeypatch.setattr(sys, "meta_path", [PathFinder])  # (as Python starts: no finder of another kind)
    assert versions(("tiny.css",)) == {"tiny.css": "9.9"}
