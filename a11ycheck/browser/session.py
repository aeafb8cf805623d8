"""A browser session: one headless Chromium for a whole run, axe-core run on every page it loads.

A page that crashes the browser's tab, or hangs its renderer past the time bound, costs that page alone:
it gets a one-line error ("the browser crashed", "the page did not finish in N s"), the browser is ended
and a fresh one checks the next page (a hung or crashed tab answers nothing more).
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

from ..document import Document
from ..engine import Options, is_fragment
from ..results import Report
from ..source import InputError, Source, read_file
from .axe import AxeRunner, to_report
from .driver import BlockedChromium, BrowserError
from .server import LocalServer

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

__all__ = ["BrowserSession", "check_driver"]

_BLOCKED = "it reaches nothing outside this machine: check a fetched page with check_source"


class BrowserSession:
    """Headless Chromium with axe-core, reused for every page; use as a context manager.

    Pages load from a server on 127.0.0.1 that serves the local files they name inside their root
    (:mod:`.server`): ``root`` (else the options' root), the local site root, served at ``/`` so that
    root-relative URLs resolve into it, or without one each page's own folder. ``axe_script`` is a user's own
    ``axe.min.js``. ``timeout`` bounds each page's load and each axe run, in seconds.
    """

    def __init__(self, *, root: str | None = None, axe_script: str | None = None, timeout: float = 30.0,
                 options: Options | None = None) -> None:
        if axe_script is not None and not os.path.isfile(axe_script):
            raise BrowserError(f"axe script not found: {axe_script}")
        self.options = options or Options()
        self.root = root if root is not None else self.options.root
        self.axe_script = axe_script
        self.timeout = timeout
        self._browser: BlockedChromium | None = None
        self._runner: AxeRunner | None = None
        self._server: LocalServer | None = None
        self._lock = threading.Lock()  # close() may come from another thread (a run that is stopped)
        self._closed = False

    def __enter__(self) -> BrowserSession:
        self._start()
        return self

    def _start(self) -> None:
        if self._closed:
            raise BrowserError("the browser session is closed")
        browser = BlockedChromium(timeout=self.timeout)
        with self._lock:
            closed = self._closed
            if not closed:
                self._browser = browser
        if closed:  # closed while it started: it is not to be used
            browser.quit()
            raise BrowserError("the browser session is closed")
        try:
            self._runner = AxeRunner(browser.driver, self.axe_script)
        except BaseException:
            self.close()
            raise

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the browser and the local server (from any thread: a page being checked then fails)."""
        with self._lock:
            self._closed = True
            browser, server = self._browser, self._server
            self._browser = self._runner = self._server = None
        if server is not None:
            server.close()
        if browser is not None:
            browser.quit()

    def _restart(self) -> None:
        """End the browser (crashed or hung) and start a fresh one; the local server stays."""
        with self._lock:
            browser, self._browser, self._runner = self._browser, None, None
        if browser is not None:
            browser.quit()
        self._start()

    @property
    def axe_version(self) -> str:
        """The version of axe-core in use (known after the first page)."""
        return self._runner.version if self._runner else ""

    @property
    def act_ids(self) -> dict[str, list[str]]:
        """axe rule id → its ACT rule ids, from axe's metadata (known after the first page; empty before 4.x)."""
        return self._runner.act_ids if self._runner else {}

    @property
    def server(self) -> LocalServer:
        """The local HTTP server, started on first use."""
        if self._server is None:
            self._server = LocalServer(self.root)
        return self._server

    def check_file(self, path: str, *, options: Options | None = None) -> Report:
        """Load a local file through the local server and run axe on it (with ``options`` for this
        page, its per-file ignores say, instead of the session's)."""
        options = options or self.options
        try:
            source = Source.from_bytes(read_file(path, options.max_bytes))
        except InputError as exc:
            return Report(path=path, error=str(exc))
        url = self.server.url_for_file(path)
        return self._check(url, path=path, source=source, options=options)

    def check_source(self, data: bytes | str, *, path: str, http_charset: str | None = None,
                     options: Options | None = None) -> Report:
        """Serve page bytes from the local server (a page fetched from the web, say) and run axe on it."""
        try:
            source = Source.from_text(data) if isinstance(data, str) else Source.from_bytes(
                data, http_charset=http_charset)
        except InputError as exc:
            return Report(path=path, error=str(exc))
        body = data.encode("utf-8") if isinstance(data, str) else data
        url = self.server.url_for_bytes(body)
        try:
            return self._check(url, path=path, source=source, options=options)
        finally:
            self.server.forget(url)

    def check_url(self, url: str, *, source: str | bytes | None = None) -> Report:
        """Load a URL the browser can reach (loopback only: the network is blocked) and run axe on it.

        ``source``, the page as served, places results in it; without it they are placed in the page's
        DOM as Chromium serialises it after loading.
        """
        parsed: Source | None = None
        try:
            if isinstance(source, bytes):
                parsed = Source.from_bytes(source)
            elif source is not None:
                parsed = Source.from_text(source)
        except InputError as exc:
            return Report(path=url, error=str(exc))
        return self._check(url, path=url, source=parsed)

    def check_driver(self, driver: WebDriver) -> Report:
        """Run axe on the current page of the user's own WebDriver (which stays open)."""
        return check_driver(driver, axe_script=self.axe_script, options=self.options)

    def _check(self, url: str, *, path: str, source: Source | None, options: Options | None = None) -> Report:
        browser, runner = self._browser, self._runner
        if browser is None or runner is None:
            raise BrowserError("the browser session is not open: use it in a with block")
        try:
            return self._load_and_run(browser.driver, runner, url, path=path, source=source,
                                      options=options or self.options)
        except Exception as exc:
            lost = self._lost(exc)
            if lost is None:
                raise
        self._restart()
        return Report(path=path, error=lost)

    def _load_and_run(self, driver: WebDriver, runner: AxeRunner, url: str, *, path: str, source: Source | None,
                      options: Options) -> Report:
        """The page's report, or its one-line error; a failure that costs the browser (a crash, a hang) is raised."""
        from selenium.common.exceptions import TimeoutException, WebDriverException

        try:
            try:
                # from a blank page, every page: a fresh browser's first page would start from its new-tab page,
                # where a page's scripts see another history, and build another page (results by the page's place)
                driver.get("about:blank")
                driver.get(url)
            except TimeoutException:
                driver.execute_script("window.stop();")  # check what has loaded within the bound (a hung tab: raises)
        except WebDriverException as exc:
            reason = self._unless_lost(exc)
            blocked = f"; {_BLOCKED}" if "ERR_PROXY_CONNECTION_FAILED" in reason else ""
            return Report(path=path, error=f"the browser could not load the page ({reason}){blocked}")
        try:
            failed = str(driver.execute_script("return document.documentURI;")).startswith("chrome-error:")
        except WebDriverException as exc:
            return Report(path=path, error=f"the browser could not read the page: {self._unless_lost(exc)}")
        if failed:
            return Report(path=path, error="the browser could not load the page")
        try:
            return _run(runner, path=path, source=source, options=options)
        except WebDriverException as exc:
            return Report(path=path, error=f"axe-core failed on the page: {self._unless_lost(exc)}")

    def _unless_lost(self, exc: Exception) -> str:
        """The first line of a failure that costs the page alone; one that costs the browser is raised again."""
        if self._lost(exc):
            raise exc
        return _first_line(exc)

    def _lost(self, exc: Exception) -> str | None:
        """Why the browser is of no more use after this exception (it crashed, or its tab hangs), else None."""
        from selenium.common.exceptions import InvalidSessionIdException, TimeoutException, WebDriverException
        from urllib3.exceptions import HTTPError

        if isinstance(exc, TimeoutException):
            return f"the page did not finish in {self.timeout:g} s"
        if isinstance(exc, (InvalidSessionIdException, HTTPError, ConnectionError)):  # (chromedriver is gone)
            return "the browser crashed"
        if isinstance(exc, WebDriverException) and any(
                sign in _first_line(exc) for sign in ("tab crashed", "not reachable", "session deleted",
                                                      "disconnected", "no such window")):
            return "the browser crashed"
        return None


def check_driver(driver: WebDriver, *, axe_script: str | None = None, options: Options | None = None) -> Report:
    """Run axe on a WebDriver's current page; results are placed in its serialised DOM."""
    from selenium.common.exceptions import WebDriverException

    path = driver.current_url
    try:
        return _run(AxeRunner(driver, axe_script), path=path, source=None, options=options)
    except WebDriverException as exc:
        return Report(path=path, error=f"axe-core failed on the page: {_first_line(exc)}")


def _run(runner: AxeRunner, *, path: str, source: Source | None, options: Options | None) -> Report:
    """axe's report on the runner's current page (the browser's failures are raised)."""
    if source is None:
        source = Source.from_text(runner.driver.page_source)
    raw = runner.run()
    options = options or Options()
    fragment = options.fragment if options.fragment is not None else is_fragment(source.text)
    return to_report(raw, path=path, doc=Document(source, path=path), act_ids=runner.act_ids, version=runner.version,
                     options=options, fragment=fragment)


def _first_line(exc: Exception) -> str:
    text = getattr(exc, "msg", None) or str(exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
