"""Browser runs that go wrong, with real Chromium: a crash or a hang costs its page alone, a signal ends the
browsers with the run, and several browsers give the results of one. Skipped, with the reason, without a browser."""

from __future__ import annotations

import os
import signal
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
