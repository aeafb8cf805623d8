"""Several browsers at once (``--jobs N``): N threads, each with a browser session of its own.

A page's work is mostly the browser's, in its own processes, so threads are enough, and the browsers stay
owned by this process: :meth:`Browsers.close` ends them all, however the run ends (a signal that stops the
main thread included); a page being checked then simply fails. A session starts with the first page its
thread takes and serves every later one.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from ..parallel import settled
from ..results import Report
from .driver import BrowserError
from .session import BrowserSession

__all__ = ["Browsers"]

Check = Callable[[BrowserSession, str], Report]


class Browsers:
    """``jobs`` sessions from ``open_session``, checking inputs with ``check(session, input)``; use
    :meth:`map`, then :meth:`close`."""

    def __init__(self, jobs: int, open_session: Callable[[], BrowserSession], check: Check) -> None:
        self.jobs = jobs
        self._open, self._check = open_session, check
        self._executor = ThreadPoolExecutor(jobs, thread_name_prefix="a11ycheck-browser")
        self._local = threading.local()
        self._sessions: list[BrowserSession] = []
        self._lock = threading.Lock()
        self._closed = False

    def map(self, inputs: Iterable[str], *, ordered: bool = True) -> Iterator[Report]:
        """A report for every input, in input order or, with ``ordered=False``, as they finish; a few inputs per
        browser are in flight at once. A failure of the browser itself (it cannot start) is raised."""
        source = iter(inputs)
        running: list[Future[Report]] = []

        def fill() -> None:
            for item in itertools.islice(source, 2 * self.jobs - len(running)):
                running.append(self._executor.submit(self._run, item))

        fill()
        while running:
            done = settled(running[:1] if ordered else running)
            report = done.result()
            running.remove(done)
            fill()
            yield report

    def _run(self, item: str) -> Report:
        session: BrowserSession | None = getattr(self._local, "session", None)
        if session is None:
            session = self._open()
            with self._lock:  # registered before it starts: close() ends it, even while it starts
                if self._closed:
                    raise BrowserError("the browsers are closed")
                self._sessions.append(session)
            session.__enter__()
            self._local.session = session
        return self._check(session, item)

    def close(self) -> None:
        """End every browser (pages being checked fail), then wait for the threads."""
        self._executor.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            self._closed = True
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()
        self._executor.shutdown(wait=True)
