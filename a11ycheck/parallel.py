"""Checking many files on several cores: worker processes call the same ``check`` as everyone else.

``check_many`` yields reports in input order (deterministic output) or, with ``ordered=False``, as
they finish (for streaming formats); at most a bounded number of files is in flight, so a
million-file run never holds all its reports in memory.

The workers are a small pool of our own rather than ``concurrent.futures``: each runs its items one
at a time, in order, so when one dies (the OOM killer, ``kill -9``) the pool knows which item it was running. That
item alone gets an error report, a new worker takes the dead one's place, and the run goes on. A
worker still on one item long after its time budget (stuck in C code, where the budget's exception
cannot reach) is killed the same way. The workers end with the run, however it ends.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .budget import OverBudget
from .cache import Cache
from .engine import Options, check, internal_error
from .fetch import fetch, is_url
from .policy import Policy
from .results import Report
from .source import InputError, read_stream

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["check_many", "default_jobs", "map_jobs", "settled"]

T = TypeVar("T")
_POLL = 0.5  # seconds between the main thread's looks at its signals while it waits for a thread

GRACE = 1.0  # seconds a worker is given past its items' budget before it is killed


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def check_path(path: str, options: Options, policy: Policy | None = None, cache: Cache | None = None) -> Report:
    """Check one path (``-`` is stdin, a URL is fetched) with the policy's per-file ignores applied; a page
    file through the result cache, when there is one.

    An unexpected failure costs that file a one-line error, never the rest of the batch.
    """
    if policy is not None:
        options = policy.options_for(options, path)
    try:
        if path == "-":
            return check(read_stream(sys.stdin.buffer, options.max_bytes), path="-", options=options)
        if is_url(path):
            source, final = fetch(path, timeout=options.timeout, max_bytes=options.max_bytes)
            return check(source, path=path, options=replace(options, url=options.url or final, fetched=final))
        if cache is not None:
            return cache.check(path, options)
        return check(Path(path), path=path, options=options)
    except InputError as exc:
        return Report(path=path, error=str(exc))
    except Exception as exc:  # a bug in a check must not stop the rest of the batch
        return Report(path=path, error=internal_error(exc))


def check_many(paths: Iterable[str], options: Options, *, policy: Policy | None = None, jobs: int = 1,
               ordered: bool = True, cache: Cache | None = None) -> Iterator[Report]:
    """Reports for every path, from ``jobs`` processes (1: in this process)."""
    return map_jobs(check_path, paths, options, policy, cache, jobs=jobs, ordered=ordered,
                    failed=lambda path, reason: Report(path=path, error=reason), timeout=options.timeout)


def map_jobs(func: Callable[..., Report], items: Iterable[Any], *args: Any, jobs: int = 1, ordered: bool = True,
             failed: Callable[[Any, str], Report], timeout: float | None = None) -> Iterator[Report]:
    """``func(item, *args)`` for every item, in ``jobs`` worker processes (1: here), yielded in input order or,
    with ``ordered=False``, as they finish; a bounded number of items is in flight at once.

    An item whose worker dies gets ``failed(item, reason)``; so does one whose worker is still on it
    after twice the page budget ``timeout`` (a URL's fetch, then its check) and a grace period.
    """
    if jobs <= 1:
        for item in items:
            yield func(item, *args)
        return
    from .pool import Pool  # (a run in one process never imports multiprocessing)

    pool = Pool(func, args, jobs, failed, None if timeout is None else 2 * timeout + GRACE,
                 "" if timeout is None else str(OverBudget(timeout)))
    try:
        yield from pool.run(items, ordered)
    finally:
        pool.close()


def settled(futures: list[Future[T]]) -> Future[T]:
    """The first of ``futures`` (threads' work) to be done, waited for in short steps: a SIGTERM that the kernel
    hands to another thread of the process wakes no waiting main thread, and Python runs its handler only when
    the main thread comes back to run Python code (the run would not stop until a page is done)."""
    from concurrent.futures import FIRST_COMPLETED, wait

    while True:
        done = wait(futures, timeout=_POLL, return_when=FIRST_COMPLETED).done
        if done:
            return next(future for future in futures if future in done)
