"""A bad page costs only itself: a worker that dies, a page that takes too long, a run that is stopped."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, REVIEW_RULE, Run, run_process

from a11ycheck import checks as checks_module
from a11ycheck import cli, engine, policy
from a11ycheck.checks import Finding
from a11ycheck.config import Config, ConfigError, load_config
from a11ycheck.document import Document
from a11ycheck.engine import Options, check
from a11ycheck.parallel import map_jobs
from a11ycheck.policy import Overrides, resolve
from a11ycheck.results import Report
from a11ycheck.ruleset import load_rules
from a11ycheck.source import InputError, read_file, read_stream

TROUBLE = replace(REVIEW_RULE, id="test-trouble", title="A check that misbehaves on request, for tests")
PAGE = "<!doctype html><html lang='en'><head><title>{0}</title></head><body><main><p>{0}</p></main></body></html>"
TEST_PID = os.getpid()


def _trouble(doc: Document, options: dict[str, Any]) -> Iterator[Finding]:
    """Findings as REVIEW_RULE's; a <p> saying "loop" loops in Python, "sleep" sleeps in C, "die" kills its
    worker process (never this one)."""
    for p in doc.root.iter("p"):
        if p.text == "loop":
            while True:
                pass
        if p.text == "sleep":
            time.sleep(60)
        if p.text == "die" and os.getpid() != TEST_PID:
            os.kill(os.getpid(), signal.SIGKILL)
        yield checks_module.cant_tell(p)


@pytest.fixture
def trouble(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The ``test-trouble`` rule, known to the CLI and the engine (and, forked, to the workers)."""
    rules = {**load_rules(), TROUBLE.id: TROUBLE}
    monkeypatch.setattr(engine, "load_rules", lambda: rules)
    monkeypatch.setattr(cli, "load_rules", lambda: rules)
    monkeypatch.setattr(policy, "load_rules", lambda: rules)
    monkeypatch.setitem(checks_module.load_checks(), TROUBLE.id, _trouble)
    yield


@pytest.fixture
def pages(tmp_path: Path) -> Callable[..., list[Path]]:
    """Write one page per word (its title and its one paragraph); return their paths in order."""

    def write(*words: str) -> list[Path]:
        paths = []
        for index, word in enumerate(words):
            path = tmp_path / f"p{index:03d}.html"
            path.write_text(PAGE.format(word), encoding="utf-8")
            paths.append(path)
        return paths

    return write


def _reports(run: Run, fmt: str) -> list[dict[str, Any]]:
    if fmt == "json":
        return run.json()["files"]
    return [json.loads(line) for line in run.out.splitlines()]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_killed_worker_costs_only_its_page(cli_run, trouble, pages, fmt: str) -> None:
    words = ["fine"] * 5 + ["die"] + ["fine"] * 5 + ["die"] + ["fine"] * 4
    paths = pages(*words)
    run = cli_run(*paths, "--select", TROUBLE.id, "--format", fmt, "--jobs", "2", "--isolated")
    reports = _reports(run, fmt)
    assert run.code == 2
    assert len(reports) == len(paths)
    if fmt == "json":  # input order kept
        assert [r["path"] for r in reports] == [str(p) for p in paths]
    else:
        assert sorted(r["path"] for r in reports) == [str(p) for p in paths]
    errors = {r["path"]: r["error"] for r in reports if "error" in r}
    died = "worker died: signal 9 (SIGKILL)"
    assert errors == {str(paths[5]): died, str(paths[11]): died}
    assert all(r["summary"]["cantTell"] == 1 for r in reports if "error" not in r)
    assert f"a11ycheck: {paths[5]}: worker died: signal 9 (SIGKILL)" in run.err
    assert "Traceback" not in run.err


def test_a_killed_worker_costs_only_its_archived_page(cli_run, trouble, tmp_path: Path) -> None:
    pytest.importorskip("fastwarc", reason="reading WARC needs the survey extra")
    pytest.importorskip("warcio", reason="warcio (the test extra) writes the archives")
    from test_cli_warc import write_archive

    archive = tmp_path / "crawl.warc.gz"
    words = ["fine", "die", "fine", "fine"]
    write_archive(archive, [(f"https://site.example/{i}", "text/html", PAGE.format(w).encode())
                            for i, w in enumerate(words)])
    run = cli_run(archive, "--select", TROUBLE.id, "--format", "json", "--jobs", "2", "--isolated")
    reports = run.json()["files"]
    assert run.code == 2
    assert [r["path"] for r in reports] == [f"https://site.example/{i}" for i in range(4)]
    assert reports[1]["error"] == "worker died: signal 9 (SIGKILL)"
    assert reports[1]["warc"] == str(archive) and reports[1]["offset"] > 0
    assert all(r["summary"]["cantTell"] == 1 for i, r in enumerate(reports) if i != 1)


def _maybe_die(item: int) -> Report:
    if item % 7 == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return Report(path=str(item))


@pytest.mark.parametrize("ordered", [True, False])
def test_map_jobs_replaces_dead_workers_and_keeps_order(ordered: bool) -> None:
    reports = list(map_jobs(_maybe_die, range(40), jobs=2, ordered=ordered,
                            failed=lambda item, reason: Report(path=str(item), error=reason)))
    paths = [r.path for r in reports]
    assert paths == [str(i) for i in range(40)] if ordered else sorted(paths, key=int) == [str(i) for i in range(40)]
    assert {r.path for r in reports if r.error} == {str(i) for i in range(40) if i % 7 == 3}


def test_a_slow_page_is_an_error_and_the_run_goes_on_in_process(cli_run, trouble, pages) -> None:
    paths = pages("fine", "loop", "fine")
    run = cli_run(*paths, "--select", TROUBLE.id, "--format", "json", "--jobs", "1", "--timeout", "0.2",
                  "--isolated")
    first, slow, last = run.json()["files"]
    assert run.code == 2
    assert slow == {"path": str(paths[1]), "error": "took longer than 0.2 s (--timeout)"}
    assert first["summary"]["cantTell"] == last["summary"]["cantTell"] == 1


@pytest.mark.parametrize("word", ["loop", "sleep"])
def test_a_slow_page_is_an_error_and_the_run_goes_on_in_workers(cli_run, trouble, pages, word: str) -> None:
    # "loop": the worker's own budget ends it; "sleep" (one C call): the parent kills the worker
    paths = pages("fine", word, "fine", "fine")
    run = cli_run(*paths, "--select", TROUBLE.id, "--format", "json", "--jobs", "2", "--timeout", "0.2",
                  "--isolated")
    reports = run.json()["files"]
    assert run.code == 2
    assert [r["path"] for r in reports] == [str(p) for p in paths]
    assert reports[1] == {"path": str(paths[1]), "error": "took longer than 0.2 s (--timeout)"}
    assert all(r["summary"]["cantTell"] == 1 for i, r in enumerate(reports) if i != 1)


def test_the_budget_holds_in_any_thread_and_the_next_page_is_checked(trouble) -> None:
    options = Options(select=(TROUBLE.id,), timeout=0.2)
    found: list[Report] = []
    worker = threading.Thread(target=lambda: found.extend(check(PAGE.format(w), options=options)
                                                           for w in ("loop", "fine")))
    worker.start()  # (as a survey's Dask worker thread, where SIGALRM cannot reach)
    worker.join(30)
    slow, fine = found
    assert slow.error == "took longer than 0.2 s (--timeout)"
    assert fine.error is None and fine.summary["cantTell"] == 1


def test_config_sets_the_budget(cli_run, trouble, pages, tmp_path: Path) -> None:
    paths = pages("loop")
    (tmp_path / ".a11ycheck.toml").write_text("timeout = 0.2\n", encoding="utf-8")
    run = cli_run(*paths, "--select", TROUBLE.id, "--format", "json", "--jobs", "1")
    assert run.json()["files"] == [{"path": str(paths[0]), "error": "took longer than 0.2 s (--timeout)"}]


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(child) for child in handle.read().split()]
    except FileNotFoundError:
        return []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_the_workers_end_with_a_stopped_run(tmp_path: Path, sig: signal.Signals) -> None:
    page = (FIXTURES / "article.html").read_bytes()
    for index in range(400):
        (tmp_path / f"p{index:03d}.html").write_bytes(page)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(FIXTURES.parent),
                                                                      os.environ.get("PYTHONPATH")]))}
    run = subprocess.Popen([sys.executable, "-m", "a11ycheck", str(tmp_path), "--jobs", "2", "--isolated"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            workers = _children(run.pid)
        assert len(workers) == 2, "the run did not start its workers"
        run.send_signal(sig)
        run.wait(30)
        deadline = time.monotonic() + 10
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if _alive(pid)]
    finally:
        for pid in [pid for pid in workers if _alive(pid)]:  # (orphans of a failing run: ours to end)
            os.kill(pid, signal.SIGKILL)
        run.kill()
        run.wait()


# -- what is read: regular files only, and no more than --max-size ---------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A FIFO named like a page. Should a reader wait on it, a writer comes by after a while and hangs up,
    so that the test fails (the reader gets an empty page) instead of hanging."""
    path = tmp_path / "folder" / "page.html"
    path.parent.mkdir()
    os.mkfifo(path)
    done = threading.Event()

    def hang_up() -> None:
        while not done.wait(0.5):
            with contextlib.suppress(OSError):  # (fails while nobody reads)
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))

    writer = threading.Thread(target=hang_up, daemon=True)
    writer.start()
    yield path
    done.set()
    writer.join()


def test_a_fifo_is_not_read(fifo: Path) -> None:
    with pytest.raises(InputError, match=r"^not a regular file$"):
        read_file(str(fifo))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_fifo_given_or_found_in_a_folder_is_an_error(cli_run, fifo: Path, pages, jobs: str) -> None:
    good = pages("fine")[0]
    run = cli_run(fifo, fifo.parent, good, "--format", "json", "--jobs", jobs, "--isolated")
    assert run.code == 2
    given, found, checked = run.json()["files"]
    assert given == found == {"path": str(fifo), "error": "not a regular file"}
    assert checked["path"] == str(good) and "error" not in checked


def test_a_symlink_to_a_device_is_not_read(cli_run, tmp_path: Path) -> None:
    link = tmp_path / "zero.html"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError, match=r"^not a regular file$"):
        read_file(str(link))
    run = cli_run(link, "--format", "json", "--isolated")
    assert (run.code, run.json()["files"]) == (2, [{"path": str(link), "error": "not a regular file"}])


def test_a_page_over_the_size_bound_is_an_error(cli_run, pages) -> None:
    big, small = pages("x" * 1500, "fine")  # (3.1 kB)
    with pytest.raises(InputError, match=r"^larger than 2048 bytes \(--max-size\)$"):
        read_file(str(big), max_bytes=2048)
    assert read_file(str(big), max_bytes=4096) == big.read_bytes()
    run = cli_run(big, small, "--max-size", "0.002", "--format", "json", "--jobs", "1", "--isolated")
    first, second = run.json()["files"]
    assert run.code == 2
    assert first == {"path": str(big), "error": "larger than 2097 bytes (--max-size)"}
    assert "error" not in second


class Endless(io.RawIOBase):
    """A stream that never ends (stdin from /dev/zero), counting what was read of it."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        buffer[:] = b"<" * len(buffer)
        self.given += len(buffer)
        return len(buffer)


@pytest.mark.parametrize("max_bytes", [1, 1000, 3 << 20])
def test_an_endless_stream_is_read_no_further_than_the_bound(max_bytes: int) -> None:
    stream = Endless()
    with pytest.raises(InputError, match=r"^larger than .* \(--max-size\)$"):
        read_stream(io.BufferedReader(stream, buffer_size=1), max_bytes)
    assert stream.given <= max_bytes + 1


def test_stdin_over_the_size_bound_is_an_error() -> None:
    run = run_process("-", "--max-size", "0.001", "--format", "json", "--isolated", stdin=b"<p>x</p>" * 1000)
    assert (run.code, run.json()["files"]) == (2, [{"path": "-", "error": "larger than 1049 bytes (--max-size)"}])


def test_config_sets_the_limits(tmp_path: Path) -> None:
    path = tmp_path / ".a11ycheck.toml"
    path.write_text("timeout = 5\nmax-size = 2\n", encoding="utf-8")
    config = load_config(path, load_rules())
    assert (config.timeout, config.max_bytes) == (5.0, 2 << 20)
    options, _ = resolve(config, Overrides())
    assert (options.timeout, options.max_bytes) == (5.0, 2 << 20)
    assert (Config().timeout, Config().max_bytes) == (60.0, 256 << 20)


@pytest.mark.parametrize("text", ["timeout = 0", "timeout = 'long'", "max-size = -1", "max-size = true",
                                  "timeout = inf"])
def test_bad_limits_in_config_name_the_key(tmp_path: Path, text: str) -> None:
    path = tmp_path / ".a11ycheck.toml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"^{re.escape(str(path))}: {text.split()[0]}: expected a positive number"):
        load_config(path, load_rules())


@pytest.mark.parametrize("value", ["0", "-1", "soon", "nan", "inf"])
def test_bad_limits_on_the_command_line(cli_run, value: str) -> None:
    for option in ("--timeout", "--max-size"):
        run = cli_run(FIXTURES / "article.html", option, value)
        assert run.code == 2
        assert f"{option}: expected a positive number, got '{value}'" in run.err
