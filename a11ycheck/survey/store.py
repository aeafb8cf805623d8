"""The survey's Parquet store: a pages table and a results table, one partition per archive.

Layout under the output folder (Hive-style, readable by pandas, DuckDB, Spark and pyarrow)::

    pages/input=<file name>-<key>/part-<start>-<end>.parquet
    results/input=<file name>-<key>/part-<start>-<end>.parquet

``<key>`` is the archive's identity (:func:`archive_key`): 16 hex digits of a SHA-256 of its size and of its
first and last 64 KiB. Partitions are found by their key alone, so

- ``monthA/crawl.warc.gz`` and ``monthB/crawl.warc.gz`` are two archives (two keys), wherever and in whichever
  runs they come: neither is taken for the other, neither is stored twice;
- an archive moved, renamed or copied (to another folder, or from a disk to ``s3://``) is the same archive: a rerun
  finds it done, and two copies given in one run are checked once;
- the key costs three small reads an archive when planning (its size, 64 KiB at each end), never a read of the
  whole file: in object storage that is a metadata request and two range requests.

Its limit: two archives of the same size whose first and last 64 KiB are equal are taken for one. Every WARC
record carries a unique ``WARC-Record-ID`` and a date in its head, so that takes an archive rewritten in the
middle only; it is not expected to change while surveyed.

The file name in the partition is for people reading the folder; an archive found under another name keeps its
first one. A store written before archives had keys (partitions named by file name alone, which told
``monthA/crawl.warc.gz`` from ``monthB/crawl.warc.gz`` only within one run) is refused, see
:func:`stored_partitions`.

``<start>-<end>`` are the byte offsets of the unit of work: a range of the archive's gzip members, or
``0-end`` for a whole archive. Each unit's files are written under a hidden temporary name and renamed into place,
results first and pages last, so a pages file that exists marks a finished unit.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from ..engine import Options
from ..policy import Policy
from ..results import IMPACTS, OUTCOMES, Report
from ..urls import split_url
from ..warc import Page, WarcError, check_page, iter_pages, open_archive

__all__ = ["PAGES", "RESULTS", "Unit", "archive_key", "partition_name", "read_pages", "read_results", "run_unit",
           "stored_partitions", "unit_metadata"]

PAGES = pa.schema([
    ("warc", pa.string()),
    ("offset", pa.int64()),
    ("url", pa.string()),
    ("host", pa.string()),
    ("status", pa.int16()),
    ("bytes", pa.int64()),
    ("encoding", pa.string()),
    ("check_ms", pa.float32()),
    ("error", pa.string()),
    *((outcome, pa.int32()) for outcome in OUTCOMES),
    *((f"failed_{impact}", pa.int32()) for impact in IMPACTS),
])
RESULTS = pa.schema([
    ("warc", pa.string()),
    ("offset", pa.int64()),
    ("url", pa.string()),
    ("rule", pa.string()),
    ("outcome", pa.string()),
    ("impact", pa.string()),
    ("wcag", pa.list_(pa.string())),
    ("act", pa.list_(pa.string())),
    ("axe", pa.list_(pa.string())),
    ("severity", pa.string()),
    ("line", pa.int32()),
    ("column", pa.int32()),
    ("selector", pa.string()),
    ("snippet", pa.string()),
])
_PARTITIONING = ds.partitioning(pa.schema([("input", pa.string())]), flavor="hive")
_META_KEY = "a11ycheck"
BATCH = 256  # pages per row group: what a worker holds in memory at once
KEY_SPAN = 1 << 16  # bytes read at each end of an archive for its key
_KEYED_RE = re.compile(r"-([0-9a-f]{16})$")  # a partition name ending in its archive's key
_UNSAFE_RE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class Unit:
    """One task: the records of ``path`` that start in ``[start, end)`` (None: to its end), stored under ``name``
    (the archive's partition: see :func:`partition_name`)."""

    path: str
    name: str
    start: int
    end: int | None

    @property
    def key(self) -> str:
        """The archive's key (:func:`archive_key`), which ends its partition's name."""
        return self.name.rsplit("-", 1)[1]

    @property
    def file(self) -> str:
        """The partition file name of this unit (the same in both tables)."""
        return f"part-{self.start:015d}-{'end' if self.end is None else f'{self.end:015d}'}.parquet"

    def target(self, out_dir: str | os.PathLike[str], table: str) -> Path:
        """Where this unit's part of ``table`` lives."""
        return Path(out_dir) / table / f"input={self.name}" / self.file

    def done(self, out_dir: str | os.PathLike[str]) -> bool:
        """True once the unit's pages file is in place (it is renamed in last)."""
        return self.target(out_dir, "pages").exists()


def archive_key(path: str) -> str:
    """An archive's identity: 16 hex digits of a SHA-256 of its size and its first and last ``KEY_SPAN`` bytes.

    Raises OSError when the archive cannot be read.
    """
    handle, size = open_archive(path, block_size=KEY_SPAN)
    with handle:
        digest = hashlib.sha256(size.to_bytes(8, "big") + handle.read(KEY_SPAN))
        if size > KEY_SPAN:
            handle.seek(max(size - KEY_SPAN, KEY_SPAN))
            digest.update(handle.read(KEY_SPAN))
    return digest.hexdigest()[:16]


def partition_name(path: str, key: str) -> str:
    """The partition of an archive: its file name (made safe for a folder name), a dash, and its key."""
    return f"{_UNSAFE_RE.sub('_', os.path.basename(path))}-{key}"


def stored_partitions(out_dir: str | os.PathLike[str]) -> dict[str, str]:
    """The partitions a store holds, by archive key.

    Raises ValueError (one line) for a store written before partitions had keys: its partitions are named by
    file name alone, so which archive each holds is not known, and adding to it could store pages twice.
    """
    found: dict[str, str] = {}
    for folder in sorted(Path(out_dir).glob("*/input=*")):
        name = folder.name.removeprefix("input=")
        keyed = _KEYED_RE.search(name)
        if keyed is None:
            raise ValueError(f"{out_dir}: written by an older a11ycheck, whose partitions (such as {folder.name}) "
                             "do not tell archives of the same file name apart: survey into a new folder")
        found[keyed.group(1)] = name
    return found


def run_unit(unit: Unit, out_dir: str, options: Options | None = None,
             policy: Policy | None = None) -> dict[str, Any]:
    """Check every page of a unit and write its two partition files; return its tallies. With a ``policy``,
    each page gets its ``per-file-ignores``: those of the archive's path and those of the page's URL path.

    Running a unit twice (a retry after a lost worker) rewrites the same files with the same rows.
    """
    started = time.perf_counter()
    options = options or Options()
    if policy is not None:
        options = policy.options_for(options, unit.path)
    skipped: Counter[str] = Counter()
    tallies = {"pages": 0, "errors": 0}
    pages_path, results_path = unit.target(out_dir, "pages"), unit.target(out_dir, "results")
    for path in (pages_path, results_path):
        path.parent.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex[:12]
    tmp_pages = pages_path.with_name(f".{unit.file}.{token}.tmp")
    tmp_results = results_path.with_name(f".{unit.file}.{token}.tmp")
    try:
        with pq.ParquetWriter(tmp_pages, PAGES) as pages_out, pq.ParquetWriter(tmp_results, RESULTS) as results_out:
            page_rows: list[dict[str, Any]] = []
            result_rows: list[dict[str, Any]] = []
            for item in iter_pages(unit.path, start=unit.start, end=unit.end, skipped=skipped,
                                   max_bytes=options.max_bytes):
                if isinstance(item, WarcError):
                    page_rows.append(_error_row(unit.path, item))
                    tallies["errors"] += 1
                else:
                    tick = time.perf_counter()
                    report = check_page(item, policy.options_for(options, item.uri) if policy else options)
                    elapsed = (time.perf_counter() - tick) * 1000
                    page_rows.append(_page_row(unit.path, item, report, elapsed))
                    result_rows.extend(_result_rows(unit.path, item, report))
                    tallies["pages" if report.error is None else "errors"] += 1
                if len(page_rows) >= BATCH:
                    _flush(pages_out, PAGES, page_rows)
                    _flush(results_out, RESULTS, result_rows)
            _flush(pages_out, PAGES, page_rows)
            _flush(results_out, RESULTS, result_rows)
            seconds = time.perf_counter() - started
            pages_out.add_key_value_metadata({_META_KEY: json.dumps({"skipped": skipped, "seconds": seconds})})
        os.replace(tmp_results, results_path)
        os.replace(tmp_pages, pages_path)
    finally:
        tmp_pages.unlink(missing_ok=True)
        tmp_results.unlink(missing_ok=True)
    return {**tallies, "skipped": dict(skipped), "seconds": seconds, "unit": f"{unit.name}/{unit.file}"}


def _flush(writer: pq.ParquetWriter, schema: pa.Schema, rows: list[dict[str, Any]]) -> None:
    if rows:
        writer.write_table(pa.Table.from_pylist(rows, schema=schema))
        rows.clear()


def _page_row(warc: str, page: Page, report: Report, check_ms: float) -> dict[str, Any]:
    row: dict[str, Any] = {
        "warc": warc, "offset": page.offset, "url": page.uri, "host": split_url(page.uri).hostname or "",
        "status": page.status, "bytes": len(page.body), "encoding": report.encoding, "check_ms": check_ms,
        "error": report.error,
    }
    row.update({outcome: report.summary.get(outcome, 0) for outcome in OUTCOMES} if report.error is None else {})
    impacts = Counter(r.impact for r in report.results if r.outcome == "failed")
    row.update({f"failed_{impact}": impacts[impact] for impact in IMPACTS} if report.error is None else {})
    return row


def _error_row(warc: str, error: WarcError) -> dict[str, Any]:
    return {"warc": warc, "offset": error.offset, "error": error.message}


def _result_rows(warc: str, page: Page, report: Report) -> list[dict[str, Any]]:
    return [
        {"warc": warc, "offset": page.offset, "url": page.uri, "rule": r.rule, "outcome": r.outcome,
         "impact": r.impact, "wcag": r.wcag, "act": r.act, "axe": r.axe,
         "severity": r.severity, "line": r.line, "column": r.column,
         "selector": r.selector, "snippet": r.snippet}
        for r in report.results
    ]


def _read(out_dir: str | os.PathLike[str], table: str, schema: pa.Schema, columns: list[str] | None) -> pa.Table:
    folder = Path(out_dir) / table
    if not folder.is_dir():
        full = schema.append(pa.field("input", pa.string()))
        return full.empty_table().select(columns) if columns else full.empty_table()
    dataset = ds.dataset(folder, format="parquet", partitioning=_PARTITIONING, schema=schema.append(
        pa.field("input", pa.string())))
    return dataset.to_table(columns=columns)


def read_pages(out_dir: str | os.PathLike[str], columns: list[str] | None = None) -> pa.Table:
    """The pages table of a survey (with its ``input`` partition column)."""
    return _read(out_dir, "pages", PAGES, columns)


def read_results(out_dir: str | os.PathLike[str], columns: list[str] | None = None) -> pa.Table:
    """The results table of a survey (with its ``input`` partition column)."""
    return _read(out_dir, "results", RESULTS, columns)


def unit_metadata(out_dir: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """What each finished unit recorded beside its rows: skipped records by kind, and its run time."""
    found = []
    for path in sorted((Path(out_dir) / "pages").glob("input=*/part-*.parquet")):
        meta = pq.read_metadata(path).metadata or {}
        raw = meta.get(_META_KEY.encode())
        if raw:
            found.append(json.loads(raw))
    return found
