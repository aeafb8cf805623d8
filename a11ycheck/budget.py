"""A time budget for one piece of work in any thread: :func:`within` runs a function and raises
:class:`OverBudget` in its thread when it takes too long.

One watchdog thread per process keeps the deadlines. When one passes, it raises an exception in the
working thread (``PyThreadState_SetAsyncExc``), which Python delivers at the thread's next bytecode:
the main thread or any other (a Dask worker's), where ``SIGALRM`` could only reach the main thread. A
thread stuck in one C call (a regular expression, an XPath query) is only interrupted when the call
returns; a parent process bounds those by killing the worker (see ``parallel.py``).

The exception is disarmed under a lock once the work is done: it can never be raised after
:func:`within` has returned, nor once more in the code that handles it.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import TypeVar

__all__ = ["TIMEOUT", "OverBudget", "within"]

TIMEOUT = 60.0  # seconds: the default budget of one page, far above what any real page takes
T = TypeVar("T")


class OverBudget(Exception):
    """The work (a page's check) did not finish within its budget of ``seconds``."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s (--timeout)")
        self.seconds = seconds


class _Expired(BaseException):
    """Raised in the working thread by the watchdog (a BaseException: no ``except Exception`` of the
    work swallows it)."""


class _Arm:
    __slots__ = ("deadline", "fired")

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.fired = False


class _Watchdog:
    """The deadlines of the threads that work within a budget, and the thread that enforces them."""

    def __init__(self) -> None:
        # ``with self.lock``, never ``with self.cond``, where the exception may arrive: Condition.__enter__ is
        # Python code, and an exception delivered after it took the lock and before it returned would keep it
        self.lock = threading.Lock()
        self.cond = threading.Condition(self.lock)
        self.armed: dict[int, _Arm] = {}
        self.thread: threading.Thread | None = None
        self.wake_at = float("inf")  # when the watchdog thread next looks at the deadlines

    def arm(self, ident: int, seconds: float) -> _Arm:
        arm = _Arm(time.monotonic() + seconds)
        with self.lock:
            self.armed[ident] = arm
            if self.thread is None:
                self.thread = threading.Thread(target=self.run, name="a11ycheck-budget", daemon=True)
                self.thread.start()
            if arm.deadline < self.wake_at:  # (a sleeper that wakes before this deadline need not be woken)
                self.cond.notify()
        return arm

    def disarm(self, ident: int, arm: _Arm) -> None:
        """Forget the deadline; an exception raised in the thread but not yet delivered is withdrawn.
        Idempotent: safe to call again after the exception came through part way."""
        with self.lock:
            if self.armed.get(ident) is arm:
                del self.armed[ident]
                if arm.fired:
                    _set_async_exc(ident, None)

    def run(self) -> None:
        with self.lock:
            while True:
                now = time.monotonic()
                for ident, arm in self.armed.items():
                    if not arm.fired and arm.deadline <= now:
                        arm.fired = True  # once: a second exception could land in the handler of the first
                        _set_async_exc(ident, _Expired)
                waiting = [arm.deadline for arm in self.armed.values() if not arm.fired]
                self.wake_at = min(waiting, default=float("inf"))
                self.cond.wait(None if not waiting else max(0.0, self.wake_at - now))


def _set_async_exc(ident: int, exc: type[BaseException] | None) -> None:
    import ctypes  # (only once a budget runs out: a page checked in time never needs it)

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), None if exc is None else ctypes.py_object(exc))


_watchdog = _Watchdog()


def _after_fork() -> None:  # the watchdog thread does not live on in a forked child, and its lock may be held
    global _watchdog
    _watchdog = _Watchdog()


os.register_at_fork(after_in_child=_after_fork)


def within(seconds: float | None, func: Callable[..., T], *args: object) -> T:
    """``func(*args)``, or :class:`OverBudget` once it has run ``seconds`` (None: no bound).

    Called while the same thread already works within a budget, the outer budget applies.
    """
    ident = threading.get_ident()
    watchdog = _watchdog
    if seconds is None or ident in watchdog.armed:
        return func(*args)
    arm = watchdog.arm(ident, seconds)
    try:
        try:
            return func(*args)
        finally:
            watchdog.disarm(ident, arm)
    except _Expired:
        watchdog.disarm(ident, arm)  # (delivered before the disarm above took the lock)
        raise OverBudget(seconds) from None
