"""Browser runs that go wrong, with real Chromium: a crash or a hang costs its page alone, a signal ends the
browsers with the run, and several browsers give the results of one. Skipped, with the reason, without a browser."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from a11ycheck.browser import BrowserSession, available
from a11ycheck.browser.server import QuietHTTPServer

REASON = available()
needs_browser = pytest.mark.skipif(REASON is not None, reason=REASON or "")
TIMEOUT = 3.0
PAGE = '<!doctype html><html lang="en"><title>{0}</title><main><h1>{0}</h1><img src="a.png"></main></html>\n'
HANG = '<!doctype html><html lang="en"><title>hang</title><script>while (true) {}</script></html>\n'


def processes(marker: str) -> list[int]:
    """The live processes whose command line names ``marker`` (a profile folder of our own)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker in (entry / "cmdline").read_bytes().decode(errors="replace") and \
                    (entry / "stat").read_text().split(")")[-1].split()[0] != "Z":
                found.append(int(entry.name))
        except OSError:  # (it ended meanwhile)
            pass
    return found


def gone(pids: list[int], seconds: float = 5.0) -> list[int]:
    """The ``pids`` still alive after ``seconds`` (killed processes take a moment to be reaped)."""
    deadline = time.monotonic() + seconds
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = [pid for pid in alive if Path(f"/proc/{pid}").exists()
                 and Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"]
    return alive


def profile(session: BrowserSession) -> str:
    """The session's browser's own profile folder (on its command line: how its processes are found)."""
    assert session._browser is not None
    return session._browser._profile.name


def image_alt(report: object) -> bool:
    return any(r.rule == "axe/image-alt" and r.outcome == "failed" for r in report.results)  # type: ignore[attr-defined]


@pytest.fixture
def killing_server() -> Iterator[tuple[str, list[str]]]:
    """A local server whose ``/kill`` SIGKILLs the main process of the browser with the profile named in
    ``markers[0]`` (while the browser loads the page), and serves a page that asks for it."""
    markers: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/kill":
                for pid in processes(markers[0]):
                    if "--type=" not in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                        os.kill(pid, signal.SIGKILL)
                time.sleep(1)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b'<html lang="en"><title>killed</title><img src="/kill">')

        def log_message(self, *args: object) -> None:
            pass

    server = QuietHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", markers
    server.shutdown()
    server.server_close()


@needs_browser
def test_a_hung_page_costs_that_page_and_a_fresh_browser_checks_the_next(tmp_path: Path) -> None:
    (tmp_path / "hang.html").write_text(HANG)
    (tmp_path / "ok.html").write_text(PAGE.format("ok"))
    with BrowserSession(timeout=TIMEOUT) as session:
        first = profile(session)
        hung = session.check_file(str(tmp_path / "hang.html"))
        assert hung.error == "the page did not finish in 3 s"
        assert profile(session) != first and gone(processes(first)) == []  # the hung browser is ended
        after = session.check_file(str(tmp_path / "ok.html"))
        assert after.error is None and image_alt(after)


@needs_browser
def test_a_crashed_tab_costs_that_page_and_a_fresh_browser_checks_the_next(tmp_path: Path) -> None:
    (tmp_path / "ok.html").write_text(PAGE.format("ok"))
    with BrowserSession(timeout=TIMEOUT) as session:
        crashed = session.check_url("chrome://crash")
        assert crashed.error == "the browser crashed"
        after = session.check_file(str(tmp_path / "ok.html"))
        assert after.error is None and image_alt(after)


@needs_browser
def test_a_killed_browser_costs_the_page_it_was_on(tmp_path: Path, killing_server: tuple[str, list[str]]) -> None:
    url, markers = killing_server
    (tmp_path / "ok.html").write_text(PAGE.format("ok"))
    with BrowserSession(timeout=TIMEOUT) as session:
        markers.append(profile(session))
        killed = session.check_url(url)
        assert killed.error == "the browser crashed"
        after = session.check_file(str(tmp_path / "ok.html"))
        assert after.error is None and image_alt(after)
        assert gone(processes(markers[0])) == []
        last = profile(session)
    assert gone(processes(last)) == []  # closing the session ends its browser


# -- the same results whatever page came before, and with several browsers ------------------------------

# A page that builds another page after another one (as an ad script that reads the history does)
HISTORY = ('<!doctype html><html lang="en"><title>history</title><main><h1>history</h1></main>'
           '<script>if (history.length > 2) document.querySelector("main").insertAdjacentHTML("beforeend", '
           '\'<a href="/ad"></a>\');</script></html>\n')


def failures(report: object) -> list[tuple[str, str]]:
    return sorted((r.rule, r.selector) for r in report.results if r.outcome == "failed")  # type: ignore[attr-defined]


@needs_browser
def test_a_page_gets_the_same_results_first_or_after_another(tmp_path: Path) -> None:
    for name in ("first.html", "second.html"):
        (tmp_path / name).write_text(HISTORY)
    with BrowserSession(timeout=TIMEOUT) as session:
        first, second = (session.check_file(str(tmp_path / name)) for name in ("first.html", "second.html"))
    assert first.error is None and failures(first) == failures(second)


@needs_browser
def test_jobs_run_that_many_browsers_with_the_results_of_one(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from a11ycheck.cli import main

    pages = []
    for index in range(4):
        pages.append(tmp_path / f"p{index}.html")
        pages[-1].write_text(HISTORY if index % 2 else PAGE.format(index))
    started: list[int] = []
    enter = BrowserSession.__enter__

    def counted(session: BrowserSession) -> BrowserSession:
        started.append(threading.get_ident())
        return enter(session)

    monkeypatch.setattr(BrowserSession, "__enter__", counted)
    outputs = []
    for jobs in ("1", "2"):
        started.clear()
        assert main([*map(str, pages), "--engine", "axe", "--format", "json", "--isolated", "--timeout", "20",
                     "--jobs", jobs]) == 1
        outputs.append(capsys.readouterr().out)
        assert len(set(started)) == len(started) == int(jobs)  # one browser per thread
    assert outputs[0] == outputs[1]


# -- a stopped run ends its browsers ------------------------------------------------------------------


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def _children_of_profiles(marker: str) -> list[int]:
    """The browsers' processes (their command lines name a profile under ``marker``) and their parents, the
    chromedrivers."""
    pids = processes(marker)
    parents = set()
    for pid in pids:
        with contextlib.suppress(OSError, ValueError):
            parents.add(int(Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[1]))
    drivers = [p for p in parents if "chromedriver" in _cmdline(p)]
    return pids + drivers


@needs_browser
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_ends_the_browsers_with_the_run(tmp_path: Path, sig: signal.Signals) -> None:
    import subprocess
    import sys

    pages = []
    for index in range(6):
        pages.append(tmp_path / f"hang{index}.html")
        pages[-1].write_text(HANG)
    # the browsers' profiles go there (how their processes are told from others'): a short path, as Chromium's
    # sockets there need
    marker = Path(tempfile.mkdtemp(prefix="a11y-"))
    env = {**os.environ, "TMPDIR": str(marker)}
    run = subprocess.Popen([sys.executable, "-m", "a11ycheck", *map(str, pages), "--engine", "axe", "--isolated",
                            "--timeout", "20", "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=env, text=True)
    seen: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while run.poll() is None and time.monotonic() < deadline:
            seen = _children_of_profiles(str(marker))
            if sum("chromedriver" in _cmdline(p) for p in seen) == 2:
                break
            time.sleep(0.2)
        time.sleep(1)  # (the pages are loading: their renderers hang)
        seen = sorted(set(seen) | set(_children_of_profiles(str(marker))))
        assert run.poll() is None, run.communicate()
        run.send_signal(sig)
        _, err = run.communicate(timeout=30)
        assert run.returncode == 128 + sig, err
        assert err == f"a11ycheck: stopped by {sig.name}\n"
        assert gone(seen) == [] and gone(processes(str(marker))) == []
    finally:
        for pid in gone(seen, 0) + processes(str(marker)):  # (a failing run's leftovers: ours to end)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if run.poll() is None:
            run.kill()
            run.wait()
        shutil.rmtree(marker, ignore_errors=True)
