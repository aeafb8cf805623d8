"""The worker processes of :func:`~a11ycheck.parallel.map_jobs` (imported only when a run has more than one job).

Each worker runs its items one at a time, in order, so when one dies (the OOM killer, ``kill -9``) the pool
knows which item it was running; a worker still on one item long after its time budget is killed the same
way (see :mod:`a11ycheck.parallel`).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from .results import Report

__all__ = ["Pool"]

_QUEUED_BYTES = 32 * 1024  # an item this small waits in a busy worker's pipe (the pipe's buffer holds it)
_PR_SET_PDEATHSIG = 1  # prctl(2): a signal for this process when its parent dies


class _Worker:
    """A worker process and the pipe to it; ``tasks`` are the (index, item, pickled item) sent to it and not yet
    answered, the first one running since ``started``, the others waiting in the pipe."""

    def __init__(self, func: Callable[..., Report], args: tuple[Any, ...], others: list[_Worker]) -> None:
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, func, args, [w.conn for w in others], os.getpid()),
                                       daemon=True, name="a11ycheck-worker")
        self.process.start()
        child.close()
        self.tasks: deque[tuple[int, Any, bytes]] = deque()
        self.started = 0.0

    def give(self, task: tuple[int, Any, bytes]) -> None:
        self.conn.send_bytes(task[2])
        if not self.tasks:
            self.started = time.monotonic()
        self.tasks.append(task)

    def done(self) -> tuple[int, Any, bytes]:
        """The running task is answered: the next one (if any) runs from now."""
        self.started = time.monotonic()
        return self.tasks.popleft()

    def stop(self) -> None:
        """Kill the process (at once: it holds nothing worth saving) and wait for it."""
        if self.process.exitcode is None:
            self.process.kill()
        self.process.join()
        self.conn.close()

    def death(self) -> str:
        """Why the process ended (it has)."""
        self.process.join()
        code = self.process.exitcode or 0
        if code >= 0:
            return f"worker died: exit code {code}"
        try:
            return f"worker died: signal {-code} ({signal.Signals(-code).name})"
        except ValueError:
            return f"worker died: signal {-code}"


def _serve(conn: Connection, func: Callable[..., Report], args: tuple[Any, ...], others: list[Connection],
           parent: int) -> None:
    """A worker's life: items in, reports out, in order, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the parent stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # (not a handler the parent's program may have set)
    if sys.platform == "linux":  # killed with the parent, even by SIGKILL; else at the latest when the pipe closes
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # (the parent died before that)
            return
    for other in others:  # other workers' pipes: their ends must close when the parent's do
        other.close()
    while True:
        try:
            item = pickle.loads(conn.recv_bytes())
        except EOFError:
            return
        try:
            conn.send(func(item, *args))
        except OSError:  # the parent is gone
            return


class Pool:
    """``jobs`` workers, replaced when they die. Each runs one item at a time, and holds at most one more
    (a small one: sending it must not wait for the worker to read) so that it never waits for the parent."""

    def __init__(self, func: Callable[..., Report], args: tuple[Any, ...], jobs: int,
                 failed: Callable[[Any, str], Report], limit: float | None, overtime: str) -> None:
        self.func, self.args, self.failed, self.limit, self.overtime = func, args, failed, limit, overtime
        self.window = jobs * 8  # items handed out or finished but not yet yielded, at most
        self.workers: list[_Worker] = []
        for _ in range(jobs):
            self.workers.append(_Worker(func, args, self.workers))
        self.again: deque[tuple[int, Any, bytes]] = deque()  # items sent to a worker that died before them

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers = []

    def _replace(self, worker: _Worker) -> None:
        """A new worker in the place of this one; what was waiting in its pipe is handed out again."""
        worker.stop()
        self.again.extendleft(reversed(worker.tasks))
        self.workers.remove(worker)
        self.workers.append(_Worker(self.func, self.args, self.workers))

    def run(self, items: Iterable[Any], ordered: bool) -> Iterator[Report]:
        source = enumerate(items)
        finished: dict[int, Report] = {}
        drawn = next_out = 0  # items taken from the source; index of the next report to yield in order
        exhausted = False
        while True:
            for depth in (0, 1):  # idle workers first
                for worker in list(self.workers):
                    if len(worker.tasks) != depth:
                        continue
                    if not self.again:
                        if exhausted or drawn - next_out >= self.window:
                            break
                        try:
                            index, item = next(source)
                        except StopIteration:
                            exhausted = True
                            break
                        self.again.append((index, item, pickle.dumps(item, pickle.HIGHEST_PROTOCOL)))
                        drawn += 1
                    if depth and len(self.again[0][2]) > _QUEUED_BYTES:
                        break
                    task = self.again.popleft()
                    try:
                        worker.give(task)
                    except OSError:  # it died: _collect tells why, and what it was running
                        self.again.appendleft(task)
            busy = [w for w in self.workers if w.tasks]
            if not busy and not self.again:  # (then every item drawn is yielded, and the source is exhausted)
                return
            finished.update(self._collect(busy))
            if ordered:
                while next_out in finished:
                    yield finished.pop(next_out)
                    next_out += 1
            else:
                for index in list(finished):
                    yield finished.pop(index)
                    next_out += 1

    def _collect(self, busy: list[_Worker]) -> Iterator[tuple[int, Report]]:
        """Wait for a worker to answer, die or overrun; the reports of the items that are done with."""
        timeout = None
        if self.limit is not None and busy:
            timeout = max(0.0, min(w.started for w in busy) + self.limit - time.monotonic())
        ready = wait([w.conn for w in self.workers] + [w.process.sentinel for w in self.workers], timeout)
        now = time.monotonic()
        for worker in list(self.workers):
            if worker.conn in ready and worker.tasks:
                try:
                    report = worker.conn.recv()
                except (EOFError, OSError):  # it died, before or while sending
                    pass
                else:
                    yield worker.done()[0], report
                    continue
            if worker.conn in ready or worker.process.sentinel in ready:  # (readable without a report: closed)
                reason = worker.death()
                if worker.tasks:
                    index, item, _ = worker.tasks.popleft()
                    yield index, self.failed(item, reason)
                self._replace(worker)
            elif worker.tasks and self.limit is not None and now - worker.started >= self.limit:
                index, item, _ = worker.tasks.popleft()
                yield index, self.failed(item, self.overtime)
                self._replace(worker)
