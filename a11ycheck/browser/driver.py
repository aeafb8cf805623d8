"""Headless Chromium through chromedriver, started once per run, with its network blocked.

Every request to another host goes to a proxy on a local port that is bound but never listens, so it
fails at once (connection refused) instead of waiting for a timeout; loopback stays direct (Chromium
never proxies it), so the local server still loads, and a page's own scripts run.

chromedriver starts in a process group of its own, which the Chromium it starts joins: quitting ends that
whole group, so no renderer or helper process outlives the browser, whether it was closed, crashed or hung.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import tempfile
from contextlib import suppress
from typing import TYPE_CHECKING

from ..config import UsageError

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

__all__ = ["BlockedChromium", "BrowserError", "find_chromedriver", "find_chromium"]

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless=new",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-gpu",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--disable-breakpad",
    "--disable-crash-reporter",
    "--mute-audio",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--window-size=1280,1024",
)

# Run in every page before its own scripts: no dialogs, and no navigating away (the Navigation API
# lets a page's own navigations be cancelled; the browser's, from WebDriver, are not cancellable).
PAGE_PREAMBLE = """
window.alert = function () {}; window.confirm = function () { return false; };
window.prompt = function () { return null; }; window.print = function () {};
if (window.navigation) {
  window.navigation.addEventListener("navigate", function (event) {
    if (event.cancelable && !event.hashChange) { event.preventDefault(); }
  });
}
"""


class BrowserError(UsageError):
    """The browser cannot be started or used; the message says why (the run stops with it, exit code 2)."""


def find_chromium() -> str | None:
    """Path of a Chromium (or Chrome) binary on PATH, or None."""
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def find_chromedriver() -> str | None:
    """Path of chromedriver on PATH (Debian installs it as /usr/bin/chromedriver), or None."""
    return shutil.which("chromedriver")


class BlockedChromium:
    """A headless Chromium WebDriver with no way out of this machine; close it with :meth:`quit`."""

    def __init__(self, *, timeout: float = 30.0) -> None:
        from selenium import webdriver
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.chrome.service import Service

        chromium, chromedriver = find_chromium(), find_chromedriver()
        if chromium is None or chromedriver is None:
            raise BrowserError("Chromium or chromedriver is not installed (apt-get install chromium chromium-driver)")
        # Bound, never listening: a connection to it is refused at once, and no one else can take the port.
        self._blackhole = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._blackhole.bind(("127.0.0.1", 0))
        port = self._blackhole.getsockname()[1]
        self._profile = tempfile.TemporaryDirectory(prefix="a11ycheck-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for flag in FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--proxy-server=http://127.0.0.1:{port}")
        options.add_argument(f"--user-data-dir={self._profile.name}")
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            options.add_argument("--no-sandbox")  # Chromium refuses to run its sandbox as root
        # its own process group (start_new_session): the browser is ended as one, and a Ctrl-C meant for the
        # run does not kill it under the run's feet
        self._service = Service(executable_path=chromedriver, popen_kw={"start_new_session": True})
        try:
            self.driver: WebDriver = webdriver.Chrome(options=options, service=self._service)
        except WebDriverException as exc:
            self._end_group()
            self._release()
            raise BrowserError(f"cannot start Chromium: {exc.msg or exc}") from None
        except BaseException:  # a signal while it starts
            self._end_group()
            self._release()
            raise
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PAGE_PREAMBLE})
        self.driver.set_page_load_timeout(timeout)
        self.driver.set_script_timeout(timeout)

    def quit(self) -> None:
        """End the browser (every process of its group, at once: a crashed or hung one cannot be asked, and its
        profile is thrown away) and remove its profile."""
        try:
            self._end_group()
            with suppress(Exception):  # (chromedriver is gone: this closes our side and reaps it)
                self.driver.quit()
        finally:
            self._release()

    def _end_group(self) -> None:
        """SIGKILL chromedriver's process group: chromedriver, Chromium and its children."""
        process = getattr(self._service, "process", None)
        if process is not None and process.returncode is None:  # not reaped: its pid still names its group
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def _release(self) -> None:
        self._blackhole.close()
        self._profile.cleanup()
