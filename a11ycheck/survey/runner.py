"""Running a survey on Dask distributed: one task per archive, or per range of gzip members of a large one."""

from __future__ import annotations

import glob
import hashlib
import logging
import os
import re
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from distributed import Client, LocalCluster, as_completed

from ..engine import Options
from ..parallel import default_jobs
from ..warc import is_warc, member_ranges
from .store import Unit, run_unit

__all__ = ["SPLIT_BYTES", "Summary", "find_archives", "plan", "run"]

SPLIT_BYTES = 256 * 1024 * 1024  # a gzipped archive larger than this is split into ranges of about this size
_UNSAFE_RE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class Summary:
    """What a survey run did."""

    units: int = 0
    done_before: int = 0  # units found finished by an earlier run and skipped
    pages: int = 0
    errors: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # records that are not HTML pages, by kind
    failed_units: list[tuple[str, str]] = field(default_factory=list)  # (unit, reason) of tasks that gave up
    startup_seconds: float = 0.0  # connecting to (or starting) the cluster
    seconds: float = 0.0  # from the first task submitted to the last one done

    def text(self) -> str:
        """One line for a terminal."""
        kinds = ", ".join(f"{kind} {count}" for kind, count in self.skipped.most_common())
        line = (f"{self.pages} pages checked in {self.units - self.done_before} of {self.units} units "
                f"({self.done_before} done before), {self.errors} could not be checked, "
                f"{sum(self.skipped.values())} records skipped" + (f" ({kinds})" if kinds else ""))
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


def plan(inputs: Sequence[str], split_bytes: int = SPLIT_BYTES) -> list[Unit]:
    """The units of work for the given inputs; each input's partition is named for the archive's file name.

    ``split_bytes``: a gzipped archive larger than this is split into ranges of its members; 0 keeps
    every archive whole (and plans without opening them: for many archives in object storage).
    """
    archives = find_archives(inputs)
    names = Counter(_UNSAFE_RE.sub("_", os.path.basename(path)) for path in archives)
    units = []
    for path in archives:
        name = _UNSAFE_RE.sub("_", os.path.basename(path))
        if names[name] > 1:  # the same file name in two folders: tell them apart by their folder
            name += "-" + hashlib.sha1(os.path.abspath(path).encode()).hexdigest()[:8]
        try:
            cuts = member_ranges(path, split_bytes) if split_bytes else []
        except OSError:
            cuts = []  # the task reports the unreadable file as the input's one error row
        starts = [start for start, _ in cuts] or [0]
        ends: list[int | None] = [*starts[1:], None]  # the last unit reads to the archive's end
        units.extend(Unit(path, name, start, end) for start, end in zip(starts, ends, strict=True))
    return units


def run(inputs: Sequence[str], out_dir: str | os.PathLike[str], *, scheduler: str | Client | None = None,
        options: Options | None = None, workers: int | None = None, split_bytes: int = SPLIT_BYTES,
        retries: int = 2, progress: bool | None = None) -> Summary:
    """Check every HTML page of the archives on a Dask cluster and store the results as Parquet.

    ``scheduler``: a Dask scheduler address (``tcp://host:8786``) or a connected ``Client``; None
    starts a local cluster of ``workers`` processes (default: one per core). Units already stored in
    ``out_dir`` by an earlier run are skipped. A task lost with its worker is run again; its partition
    files are written whole or not at all, so no page is lost or stored twice.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    units = plan(inputs, split_bytes)
    _check_layout(units, out)
    todo = [unit for unit in units if not unit.done(out)]
    summary = Summary(units=len(units), done_before=len(units) - len(todo))
    if not todo:
        return summary
    show = _terminal() if progress is None else progress
    tick = time.perf_counter()
    with _client(scheduler, workers) as client:
        summary.startup_seconds = time.perf_counter() - tick
        tick = time.perf_counter()
        run_id = uuid.uuid4().hex[:8]  # a finished task of an earlier run on this cluster must not answer for this one
        futures = client.map(run_unit, todo, out_dir=str(out.resolve()), options=options, retries=retries,
                             pure=False, key=[f"a11ycheck-{run_id}-{unit.name}-{unit.start}" for unit in todo])
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
