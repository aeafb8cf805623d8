"""Running a survey on Dask distributed: one task per archive, or per range of gzip members of a large one."""

from __future__ import annotations

import glob
import logging
import os
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from distributed import Client, LocalCluster, as_completed

from ..engine import Options
from ..parallel import default_jobs
from ..policy import Policy
from ..warc import is_warc, member_ranges
from .store import Unit, archive_key, partition_name, run_unit, stored_partitions

__all__ = ["SPLIT_BYTES", "Plan", "Summary", "find_archives", "plan", "run"]

SPLIT_BYTES = 256 * 1024 * 1024  # a gzipped archive larger than this is split into ranges of about this size
PLAN_THREADS = 32  # archives keyed (and split) at once when planning: in object storage each is a few round trips


@dataclass
class Summary:
    """What a survey run did."""

    units: int = 0
    done_before: int = 0  # units found finished by an earlier run and skipped
    copies: list[tuple[str, str]] = field(default_factory=list)  # (archive, the one it is a copy of): not checked
    pages: int = 0
    errors: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # records that are not HTML pages, by kind
    failed_units: list[tuple[str, str]] = field(default_factory=list)  # (unit or archive, reason): not stored
    startup_seconds: float = 0.0  # connecting to (or starting) the cluster
    seconds: float = 0.0  # from the first task submitted to the last one done

    def text(self) -> str:
        """One line for a terminal."""
        kinds = ", ".join(f"{kind} {count}" for kind, count in self.skipped.most_common())
        line = (f"{self.pages} pages checked in {self.units - self.done_before} of {self.units} units "
                f"({self.done_before} done before), {self.errors} could not be checked, "
                f"{sum(self.skipped.values())} records skipped" + (f" ({kinds})" if kinds else ""))
        if self.copies:
            line += f"; {len(self.copies)} archives are copies of others, checked once: " + "; ".join(
                f"{copy} = {first}" for copy, first in self.copies)
        if self.seconds:
            line += f"; {self.seconds:.1f} s on the cluster after {self.startup_seconds:.1f} s start-up"
        if self.failed_units:
            line += f"; {len(self.failed_units)} units failed: " + "; ".join(f"{k}: {e}" for k, e in self.failed_units)
        return line


def find_archives(inputs: Sequence[str]) -> list[str]:
    """The archives named or held (recursively, sorted) in the given files and folders.

    A URL (``s3://bucket/crawl/``, ``gs://...``) names an archive, a folder or a glob on any filesystem
    fsspec reads.
    """
    found: list[str] = []
    for item in inputs:
        if "://" in item:
            found.extend(_remote_archives(item))
        elif os.path.isdir(item):
            for folder, dirs, files in os.walk(item):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(folder, name) for name in sorted(files) if is_warc(name))
        else:
            found.append(item)
    return found


def _remote_archives(url: str) -> list[str]:
    import fsspec

    fs, root = fsspec.core.url_to_fs(url)
    if glob.has_magic(root):
        names = fs.glob(root)
    elif fs.isdir(root):
        names = fs.find(root)
    else:
        return [url]
    return [fs.unstrip_protocol(name) for name in sorted(names) if is_warc(name)]


@dataclass
class Plan:
    """The units of work for some inputs, and the archives that are not among them."""

    units: list[Unit] = field(default_factory=list)
    copies: list[tuple[str, str]] = field(default_factory=list)  # (archive, the one it is a copy of)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (archive, why it cannot be read)


def plan(inputs: Sequence[str], split_bytes: int = SPLIT_BYTES) -> Plan:
    """The units of work for the given inputs; each archive's partition is named for its key (see ``store``).

    Each archive is keyed by three small reads, never read whole. ``split_bytes``: a gzipped archive larger
    than this is split into ranges of its members; 0 keeps every archive whole (and plans without scanning
    them: for many archives in object storage). An archive whose key equals an earlier one's is a copy, planned
    once; one that cannot be read is not planned (a rerun tries it again).
    """
    archives = find_archives(inputs)
    result = Plan()
    first: dict[str, str] = {}
    with ThreadPoolExecutor(PLAN_THREADS) as pool:
        for path, found in zip(archives, pool.map(lambda path: _plan_archive(path, split_bytes), archives),
                               strict=True):
            if isinstance(found, str):
                result.unreadable.append((path, found))
            elif found[0].key in first:
                result.copies.append((path, first[found[0].key]))
            else:
                first[found[0].key] = path
                result.units.extend(found)
    return result


def _plan_archive(path: str, split_bytes: int) -> list[Unit] | str:
    """The units of one archive, or why it cannot be read."""
    try:
        name = partition_name(path, archive_key(path))
        cuts = member_ranges(path, split_bytes) if split_bytes else []
    except OSError as exc:
        return f"cannot read ({exc.strerror or exc})"
    starts = [start for start, _ in cuts] or [0]
    ends: list[int | None] = [*starts[1:], None]  # the last unit reads to the archive's end
    return [Unit(path, name, start, end) for start, end in zip(starts, ends, strict=True)]


def run(inputs: Sequence[str], out_dir: str | os.PathLike[str], *, scheduler: str | Client | None = None,
        options: Options | None = None, policy: Policy | None = None, workers: int | None = None,
        split_bytes: int = SPLIT_BYTES, retries: int = 2, progress: bool | None = None) -> Summary:
    """Check every HTML page of the archives on a Dask cluster and store the results as Parquet.

    ``scheduler``: a Dask scheduler address (``tcp://host:8786``) or a connected ``Client``; None
    starts a local cluster of ``workers`` processes (default: one per core). Units already stored in
    ``out_dir`` by an earlier run are skipped. A ``policy`` gives each page its ``per-file-ignores``, by
    the path of its URL (see :meth:`~a11ycheck.policy.Policy.ignored_for`) and of its archive. A task lost
    with its worker is run again; its partition files are written whole or not at all, so no page is lost
    or stored twice. An archive is known by its key (see ``store``), not its path: one stored before under
    another path or name is done, and a copy given beside it is checked once. An archive that cannot be
    read is listed in ``failed_units``.

    Raises ValueError (one line) when ``out_dir`` holds a store of an older layout or cut another way.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stored = stored_partitions(out)
    planned = plan(inputs, split_bytes)
    units = [replace(unit, name=stored.get(unit.key, unit.name)) for unit in planned.units]
    _check_layout(units, out)
    todo = [unit for unit in units if not unit.done(out)]
    summary = Summary(units=len(units), done_before=len(units) - len(todo), copies=planned.copies,
                      failed_units=list(planned.unreadable))
    if not todo:
        return summary
    show = _terminal() if progress is None else progress
    tick = time.perf_counter()
    with _client(scheduler, workers) as client:
        summary.startup_seconds = time.perf_counter() - tick
        tick = time.perf_counter()
        run_id = uuid.uuid4().hex[:8]  # a finished task of an earlier run on this cluster must not answer for this one
        futures = client.map(run_unit, todo, out_dir=str(out.resolve()), options=options, policy=policy,
                             retries=retries, pure=False,
                             key=[f"a11ycheck-{run_id}-{unit.name}-{unit.start}" for unit in todo])
        for done, future in enumerate(as_completed(futures), 1):
            if future.status == "finished":
                tallies = future.result()
                summary.pages += tallies["pages"]
                summary.errors += tallies["errors"]
                summary.skipped.update(tallies["skipped"])
            else:
                error = future.exception()
                summary.failed_units.append((future.key, f"{type(error).__name__}: {error}"))
            if show:
                sys.stderr.write(f"\r{done}/{len(todo)} archives, {summary.pages} pages")
                sys.stderr.flush()
        summary.seconds = time.perf_counter() - tick
    if show:
        sys.stderr.write("\n")
    for stale in out.glob("*/input=*/.part-*.tmp"):  # left by workers killed mid-write
        stale.unlink(missing_ok=True)
    return summary


def _check_layout(units: list[Unit], out: Path) -> None:
    """Refuse to add units cut another way (another ``split_bytes``) to an input's partition: pages would double."""
    planned: dict[str, set[str]] = {}
    for unit in units:
        planned.setdefault(unit.name, set()).add(unit.file)
    for name, files in planned.items():
        stored = {p.name for p in (out / "pages" / f"input={name}").glob("part-*.parquet")}
        if stored - files:
            raise ValueError(f"{out}: input {name} was surveyed in other ranges (another split size): "
                             "rerun with the same one, or write to a new folder")


@contextmanager
def _client(scheduler: str | Client | None, workers: int | None) -> Iterator[Client]:
    if isinstance(scheduler, Client):
        yield scheduler
        return
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=workers or default_jobs(), threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def _terminal() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")
