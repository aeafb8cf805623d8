"""The result cache: a second run checks only what changed, and a cache folder is never trusted blindly."""

from __future__ import annotations

import ast
import hashlib
import io
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from a11ycheck import cache, cli, engine

CUES = "WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"
TRACK_PAGE = ('<!doctype html><html lang="en"><title>t</title><video controls src="clip.mp4">'
              '<track kind="captions" src="{src}"></video></html>')
OLD = 1_600_000_000  # an mtime long before any run


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder (the current directory) with three pages, the cache turned on."""
    monkeypatch.delenv("A11YCHECK_NO_CACHE")
    monkeypatch.delenv("A11YCHECK_CACHE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    pages = tmp_path / "site"
    pages.mkdir()
    for name in ("a", "b", "c"):
        (pages / f"{name}.html").write_text(f'<!doctype html><html lang="en"><title>{name}</title><img src="x.png">')
    return tmp_path


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages really checked (not answered from the cache), in order."""
    seen: list[str] = []
    real = engine._check_source

    def counting(source, name, options, files):  # type: ignore[no-untyped-def]
        seen.append(os.path.basename(name))
        return real(source, name, options, files)

    monkeypatch.setattr(engine, "_check_source", counting)
    return seen


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["--format", "json", "--jobs", "1", *args])
    out, err = capsys.readouterr()
    return code, out, err


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/*.json"))


def test_a_second_run_checks_nothing_and_one_changed_page_alone(site, checked, capsys) -> None:
    first = run(capsys, "site")
    assert checked == ["a.html", "b.html", "c.html"]
    tag = (site / ".a11ycheck_cache" / "CACHEDIR.TAG").read_text()
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (site / ".a11ycheck_cache" / ".gitignore").read_text().endswith("*\n")
    assert len(entries(site / ".a11ycheck_cache")) == 3
    checked.clear()
    assert run(capsys, "site") == first
    assert checked == []
    (site / "site" / "b.html").write_text('<!doctype html><html><title>b</title><img src="x.png" alt="">')
    changed = run(capsys, "site")
    assert checked == ["b.html"]
    assert changed == run(capsys, "site", "--no-cache")
    assert len(entries(site / ".a11ycheck_cache")) == 3, "the page's entry is rewritten, not added"


def test_the_effective_options_are_in_the_key(site, checked, capsys) -> None:
    run(capsys, "site")
    checked.clear()
    selected = run(capsys, "site", "--select", "image-alt")
    assert checked == ["a.html", "b.html", "c.html"]
    assert selected == run(capsys, "site", "--select", "image-alt", "--no-cache")
    (site / ".a11ycheck.toml").write_text('[per-file-ignores]\n"site/b.html" = ["image-alt"]\n')
    checked.clear()
    run(capsys, "site")
    assert checked == ["b.html"], "a per-file ignore changes that page's options only"


def test_no_cache_neither_reads_nor_writes(site, checked, capsys) -> None:
    run(capsys, "site", "--no-cache")
    assert checked == ["a.html", "b.html", "c.html"]
    assert not (site / ".a11ycheck_cache").exists()


def test_the_cache_folder_can_be_named(site, checked, capsys, monkeypatch) -> None:
    run(capsys, "site", "--cache-dir", "elsewhere")
    assert len(entries(site / "elsewhere")) == 3
    monkeypatch.setenv("A11YCHECK_CACHE_DIR", str(site / "from-env"))
    run(capsys, "site")
    assert len(entries(site / "from-env")) == 3
    monkeypatch.delenv("A11YCHECK_CACHE_DIR")
    (site / "pyproject.toml").write_text('[tool.a11ycheck]\ncache-dir = "build/a11y"\n')
    checked.clear()
    run(capsys, "site")
    assert checked == ["a.html", "b.html", "c.html"] and len(entries(site / "build" / "a11y")) == 3
    assert not (site / ".a11ycheck_cache").exists()


@pytest.mark.parametrize("value", ["../out", "/tmp/x", "a/../../b", ""])
def test_a_configured_cache_folder_stays_in_the_project(site, capsys, value) -> None:
    (site / ".a11ycheck.toml").write_text(f"cache-dir = {json.dumps(value)}\n")
    code, _, err = run(capsys, "site")
    assert code == 2 and "cache-dir: expected a folder inside the project" in err
    assert len(err.splitlines()) == 1


def test_stdin_urls_and_archives_are_not_cached(site, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", open(site / "site" / "a.html"))  # noqa: SIM115 - closed by the run's end
    run(capsys, "-")
    assert not (site / ".a11ycheck_cache").exists()


def test_the_checkout_can_move(site, checked, capsys, tmp_path_factory) -> None:
    first = run(capsys, "site")
    moved = tmp_path_factory.mktemp("moved") / "project"
    shutil.copytree(site, moved, symlinks=True)
    os.chdir(moved)
    checked.clear()
    assert run(capsys, "site") == first
    assert checked == []


def test_local_files_a_page_read_are_validated(site, checked, capsys) -> None:
    media = site / "site" / "media"
    media.mkdir()
    (site / "site" / "t.html").write_text(TRACK_PAGE.format(src="media/clip.vtt"))

    def messages() -> list[str]:
        _, out, _ = run(capsys, "site/t.html", "--select", "track-valid", "--include-passed")
        return [r["message"] for r in json.loads(out)["files"][0]["results"]]

    missing = messages()
    assert "could not be read" in missing[0]
    checked.clear()
    (media / "clip.vtt").write_text(CUES)
    os.utime(media / "clip.vtt", (OLD, OLD))
    assert messages() == ["The captions track clip.vtt has 1 cues"], "a file that appeared is seen"
    assert checked == ["t.html"]
    assert messages() == ["The captions track clip.vtt has 1 cues"]
    assert checked == ["t.html"], "then the entry holds"
    (media / "clip.vtt").write_text(CUES.replace("WEBVTT", "NOTVTT"))
    os.utime(media / "clip.vtt", (OLD, OLD))  # same size, same mtime: the content alone changed
    assert messages() == ["The captions track clip.vtt has 1 cues"], "(size and mtime unchanged: taken as is)"
    os.utime(media / "clip.vtt", (OLD + 1, OLD + 1))
    assert "not WebVTT" in messages()[0]
    assert checked == ["t.html", "t.html"]
    os.utime(media / "clip.vtt", (OLD + 2, OLD + 2))  # a fresh checkout: new mtime, same content
    messages()
    assert checked == ["t.html", "t.html"]


def test_a_link_that_now_points_elsewhere_is_seen(site, checked, capsys) -> None:
    media = site / "site" / "media"
    media.mkdir()
    for name, text in (("good.vtt", CUES), ("bad.vtt", "nothing")):
        (media / name).write_text(text)
        os.utime(media / name, (OLD, OLD))
    (media / "clip.vtt").symlink_to("good.vtt")
    (site / "site" / "t.html").write_text(TRACK_PAGE.format(src="media/clip.vtt"))
    run(capsys, "site/t.html", "--select", "track-valid")
    (media / "clip.vtt").unlink()
    (media / "clip.vtt").symlink_to("bad.vtt")
    code, out, _ = run(capsys, "site/t.html", "--select", "track-valid")
    assert checked == ["t.html", "t.html"]
    assert code == 1 and "not WebVTT" in out


def _sealed(body: bytes) -> bytes:
    """An entry's bytes with a valid first line (its checksum): what a bug of ours could write."""
    return cache._HEAD + hashlib.sha256(body).hexdigest().encode() + b"\n" + body


@pytest.mark.parametrize("damage", [
    lambda entry: b"", lambda entry: entry[:-1], lambda entry: entry[:20], lambda entry: entry.replace(b'"', b"'", 1),
    lambda entry: entry.replace(b"a11ycheck-cache 1", b"a11ycheck-cache 0"), lambda entry: b"\xff\xfe" * 9,
    lambda entry: _sealed(b"{"), lambda entry: _sealed(b"[]"), lambda entry: _sealed(b"null"),
    lambda entry: _sealed(b'{"page": 1}'),
    lambda entry: _sealed(entry.partition(b"\n")[2].replace(b'"looked":[', b'"looked":[[1],', 1)),
    lambda entry: _sealed(entry.partition(b"\n")[2].replace(b'"results":[', b'"results":[{"rule":1},', 1)),
])
def test_a_corrupt_entry_is_ignored_and_rewritten(site, checked, capsys, damage) -> None:
    first = run(capsys, "site")
    for entry in entries(site / ".a11ycheck_cache"):
        entry.write_bytes(damage(entry.read_bytes()))
    checked.clear()
    assert run(capsys, "site") == first
    assert checked == ["a.html", "b.html", "c.html"]
    checked.clear()
    run(capsys, "site")
    assert checked == []


def test_an_entry_that_looked_at_other_bytes_is_a_miss(site, checked, capsys) -> None:
    run(capsys, "site")
    for entry in entries(site / ".a11ycheck_cache"):  # each entry made another page's
        data = json.loads(entry.read_bytes().partition(b"\n")[2])
        data["report"]["results"] = []
        entry.write_bytes(_sealed(json.dumps({**data, "page": "0" * 64}).encode()))
    checked.clear()
    run(capsys, "site")
    assert checked == ["a.html", "b.html", "c.html"]


def test_a_symlinked_default_cache_folder_is_not_followed(site, checked, capsys, tmp_path_factory) -> None:
    target = tmp_path_factory.mktemp("target")
    (site / ".a11ycheck_cache").symlink_to(target)
    _, out, err = run(capsys, "site")
    assert err.splitlines() == [
        f"a11ycheck: .a11ycheck_cache: cache not used ({site}/.a11ycheck_cache is a symbolic link; "
        "name the folder with --cache-dir to use it)"]
    assert json.loads(out)["files"] and list(target.iterdir()) == []
    assert checked == ["a.html", "b.html", "c.html"]
    run(capsys, "site", "--cache-dir", ".a11ycheck_cache")  # named by the user: followed
    assert len(entries(target)) == 3


def test_a_cache_folder_that_is_no_folder_is_not_used(site, capsys) -> None:
    (site / "file").write_text("mine")
    code, _, err = run(capsys, "site", "--cache-dir", "file")
    assert err == "a11ycheck: file: cache not used (" + str(site / "file") + " is not a folder)\n"
    assert code == 1 and (site / "file").read_text() == "mine"


def test_links_planted_in_the_cache_are_replaced_not_followed(site, capsys, tmp_path_factory) -> None:
    run(capsys, "site")
    victim = tmp_path_factory.mktemp("victim") / "file"
    victim.write_text("mine")
    for entry in entries(site / ".a11ycheck_cache"):
        entry.unlink()
        entry.symlink_to(victim)
    run(capsys, "site")
    assert victim.read_text() == "mine"
    assert all(not entry.is_symlink() for entry in entries(site / ".a11ycheck_cache"))


def test_jobs_share_the_cache(site, capsys) -> None:
    first = run(capsys, "site", "--jobs", "2")
    assert len(entries(site / ".a11ycheck_cache")) == 3
    assert run(capsys, "site", "--jobs", "2") == first


def test_the_code_is_in_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache.code_digest()
    monkeypatch.setattr(cache, "__version__", "0.0.0-test")
    assert cache.code_digest() != before


def test_an_edited_rule_file_changes_the_key_though_the_files_digest_is_kept(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(cache.rules_dir(), rules)
    monkeypatch.setattr(cache, "rules_dir", lambda: rules)
    before = cache.code_digest()
    assert cache.code_digest() == before  # (read back from the kept table)
    with open(rules / "image-alt.toml", "a", encoding="utf-8") as handle:
        handle.write("\n# edited\n")
    assert cache.code_digest() != before



def test_every_lookup_inside_a_root_goes_through_the_one_recorded_door() -> None:
    """``LocalFiles.real`` records what a page looked up; a reader that resolved paths another way (a new
    fact module for style sheets, say) would make entries that miss a file the results depend on."""
    package = Path(cache.__file__).parent
    callers = set()
    for module in package.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        if "_beneath" not in text:
            continue
        for node in ast.walk(ast.parse(text)):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.FunctionDef) and any(
                        isinstance(n, ast.Name) and n.id == "_beneath" for n in ast.walk(child)):
                    callers.add((module.name, child.name))
    assert callers == {("localfiles.py", "real")}


def test_a_frame_document_the_page_read_is_validated(site, checked, capsys) -> None:
    frame = site / "site" / "frame.html"
    frame.write_text("<!doctype html><title>f</title><p>text")
    os.utime(frame, (OLD, OLD))
    (site / "site" / "f.html").write_text('<!doctype html><html lang="en"><title>f</title>'
                                          '<iframe title="f" tabindex="-1" src="frame.html"></iframe>')
    assert run(capsys, "site/f.html", "--select", "iframe-tab-order")[0] == 0
    frame.write_text("<!doctype html><title>f</title><button>go</button>")
    os.utime(frame, (OLD + 1, OLD + 1))
    code, out, _ = run(capsys, "site/f.html", "--select", "iframe-tab-order")
    assert checked == ["f.html", "f.html"]
    assert (code, out) == run(capsys, "site/f.html", "--select", "iframe-tab-order", "--no-cache")[:2]
    assert code == 1


def test_a_project_reached_through_a_link_keeps_its_configured_cache(site, capsys, tmp_path_factory) -> None:
    (site / ".a11ycheck.toml").write_text('cache-dir = "build/a11y"\n')
    link = tmp_path_factory.mktemp("links") / "project"
    link.symlink_to(site)
    os.chdir(link)
    code, _, err = run(capsys, str(link / "site"))
    assert (code, err) == (1, "")
    assert len(entries(site / "build" / "a11y")) == 3


def test_jsonl_streams_from_the_cache_and_stdin_is_checked_every_time(site, checked, capsys, monkeypatch) -> None:
    def streamed() -> list[str]:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO((site / "site" / "a.html").read_bytes())))
        code = cli.main(["--format", "jsonl", "--jobs", "1", "site", "-"])
        out = capsys.readouterr().out
        assert code == 1
        return sorted(out.splitlines())

    first = streamed()
    assert checked == ["a.html", "b.html", "c.html", "-"]
    checked.clear()
    assert streamed() == first
    assert checked == ["-"]



def test_a_file_written_just_before_the_run_is_cached_and_one_changed_during_the_check_is_not(
        site, capsys, monkeypatch) -> None:
    track, page = site / "site" / "clip.vtt", site / "site" / "t.html"
    checks: list[str] = []
    during: list[Callable[[], object]] = []
    real = engine._check_source

    def checking(source, name, options, files):  # type: ignore[no-untyped-def]
        checks.append(name)
        report = real(source, name, options, files)
        for change in during:  # after the check read the track, before the page's entry is written
            change()
        return report

    monkeypatch.setattr(engine, "_check_source", checking)
    track.write_text(CUES)
    page.write_text(TRACK_PAGE.format(src="clip.vtt"))
    args = ("site/t.html", "--select", "track-valid")
    run(capsys, *args)
    run(capsys, *args)
    assert len(checks) == 1, "a build that wrote its files a moment ago is cached"
    page.write_text(TRACK_PAGE.format(src="clip.vtt") + "\n")
    during.append(lambda: track.write_text(CUES.replace("Hello", "Goodbye")))
    run(capsys, *args)
    during.clear()
    run(capsys, *args)
    assert len(checks) == 3, "no entry was kept by the run during which the track changed"
    run(capsys, *args)
    assert len(checks) == 3


def test_a_url_naming_the_root_itself_is_cached(site, checked, capsys) -> None:
    (site / "site" / "t.html").write_text(TRACK_PAGE.format(src="./"))
    run(capsys, "site/t.html", "--select", "track-valid")
    run(capsys, "site/t.html", "--select", "track-valid")
    assert checked == ["t.html"]


def test_a_read_only_project_gets_no_cache_folder_even_as_root(site, checked, capsys) -> None:
    site.chmod(0o555)
    try:
        code, out, err = run(capsys, "site")
        assert err == f"a11ycheck: .a11ycheck_cache: cache not used ({site} is read-only)\n"
        assert code == 1 and len(json.loads(out)["files"]) == 3
        assert not (site / ".a11ycheck_cache").exists()
    finally:
        site.chmod(0o755)
