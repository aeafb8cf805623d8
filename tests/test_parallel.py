"""Waiting on threads' work in the main thread (parallel.settled)."""

from __future__ import annotations

import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from a11ycheck.parallel import settled


def test_a_signal_another_thread_receives_still_reaches_the_main_thread_waiting_on_threads() -> None:
    # (the kernel may hand a process's SIGTERM to any of its threads: a main thread blocked on a future would not
    # run its handler until that future is done, and a run of hung browser pages would not stop)
    class Stop(Exception):
        pass

    def stop(signum: int, frame: object) -> None:
        raise Stop

    previous = signal.signal(signal.SIGUSR1, stop)
    release, started = threading.Event(), threading.Event()
    worker: list[int] = []

    def work() -> None:
        worker.append(threading.get_ident())
        started.set()
        release.wait(10)

    try:
        with ThreadPoolExecutor(1) as pool:
            slow = pool.submit(work)
            started.wait(5)
            threading.Timer(0.2, signal.pthread_kill, (worker[0], signal.SIGUSR1)).start()
            began = time.monotonic()
            with pytest.raises(Stop):
                settled([slow])
            assert time.monotonic() - began < 5  # (not when the work is done: here, in 10 s)
            release.set()
    finally:
        release.set()
        signal.signal(signal.SIGUSR1, previous)
