"""Checking many files on several cores: worker processes call the same ``check`` as everyone else.

``check_many`` yields reports in input order (deterministic output) or, with ``ordered=False``, as
they finish (for streaming formats); at most a bounded number of files is in flight, so a
million-file run never holds all its reports in memory.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import replace
from pathlib import Path
from typing import Any

from .config import Config
from .engine import Options, check
from .fetch import fetch, is_url
from .results import Report
from .source import InputError

__all__ = ["check_many", "default_jobs"]


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def check_path(path: str, options: Options, config: Config | None = None) -> Report:
    """Check one path (``-`` is stdin) with the configuration's per-file ignores applied.

    An unexpected failure costs that file a one-line error, never the rest of the batch.
    """
    if config is not None:
        extra = config.ignored_for(path)
        if extra:
            options = replace(options, ignore=(*options.ignore, *extra))
    try:
        if path == "-":
            return check(sys.stdin.buffer.read(), path="-", options=options)
        if is_url(path):
            try:
                source, final = fetch(path)
            except InputError as exc:
                return Report(path=path, error=str(exc))
            return check(source, path=path, options=replace(options, url=options.url or final))
        return check(Path(path), path=path, options=options)
    except Exception as exc:  # a bug in a check must not stop the rest of the batch
        reason = " ".join(str(exc).split())
        return Report(path=path, error=f"internal error, please report it: {type(exc).__name__}: {reason}")


def check_many(paths: Iterable[str], options: Options, *, config: Config | None = None, jobs: int = 1,
               ordered: bool = True) -> Iterator[Report]:
    """Reports for every path, from ``jobs`` processes (1: in this process)."""
    return map_jobs(check_path, paths, options, config, jobs=jobs, ordered=ordered)


def map_jobs(func: Callable[..., Report], items: Iterable[Any], *args: Any, jobs: int = 1,
             ordered: bool = True) -> Iterator[Report]:
    """``func(item, *args)`` for every item, in ``jobs`` worker processes (1: here), yielded in input order or,
    with ``ordered=False``, as they finish; a bounded number of items is in flight at once."""
    if jobs <= 1:
        for item in items:
            yield func(item, *args)
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    limit = jobs * 8
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        pending: deque[Future[Report]] = deque()
        source = iter(items)
        exhausted = False
        while True:
            while not exhausted and len(pending) < limit:
                try:
                    item = next(source)
                except StopIteration:
                    exhausted = True
                    break
                pending.append(pool.submit(func, item, *args))
            if not pending:
                return
            if ordered:
                yield pending.popleft().result()
            else:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    pending.remove(future)
                    yield future.result()
