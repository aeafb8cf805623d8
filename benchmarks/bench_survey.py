"""Survey speed: the corpus as WARC through Dask on N workers, against ``a11ycheck --jobs N`` on the same pages.

    python benchmarks/bench_survey.py [--corpus ../shared/corpus] [--repeat 12] [--archives 24] [--workers 2]

Repeats the corpus pages to a workload of a few thousand pages (each copy under its own URL), writes them
as gzipped WARC archives (warcio) and, for the CLI, as a folder of links to the same files. Starts a
LocalCluster of N workers (its start-up timed on its own), then times, in alternating rounds,
``a11ycheck --jobs N --format jsonl DIR`` (a process, wall clock) and a survey of the archives on the
cluster (Parquet written), and prints the median pages/s of each and Dask's overhead (its time over the
CLI's). ``--readers`` first times FastWARC against warcio reading every record of one archive.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from distributed import Client, LocalCluster
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from a11ycheck.survey import run
from a11ycheck.warc import iter_pages

ROOT = Path(__file__).resolve().parent.parent


def build(corpus: Path, repeat: int, archives: int, work: Path) -> tuple[list[Path], Path, int]:
    """Write the workload: ``archives`` WARC files and a folder of links; return them and the page count."""
    files = sorted(corpus.rglob("*.html"))
    pages = [(n, f) for n in range(repeat) for f in files]
    html_dir = work / "html"
    html_dir.mkdir()
    paths = [work / f"crawl-{k:03d}.warc.gz" for k in range(archives)]
    with ExitStack() as stack:
        writers = [WARCWriter(stack.enter_context(open(p, "wb")), gzip=True) for p in paths]
        head = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        for i, (n, file) in enumerate(pages):
            (html_dir / f"{n:03d}-{file.name}").symlink_to(file.resolve())
            writer = writers[i % archives]
            uri = f"https://{file.stem.split('_')[0]}/{n}/{file.name}"
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(file.read_bytes()),
                                                          http_headers=head))
    return paths, html_dir, len(pages)


def time_readers(path: Path, rounds: int = 5) -> tuple[float, float, int]:
    """Median seconds for FastWARC (through ``iter_pages``) and warcio to read every page of ``path``."""
    def fast() -> int:
        return sum(len(p.body) for p in iter_pages(str(path)) if hasattr(p, "body"))

    def slow() -> int:
        total = 0
        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type == "response" and record.http_headers.get_statuscode() == "200":
                    total += len(record.content_stream().read())
        return total

    times: dict[str, list[float]] = {"fast": [], "slow": []}
    for _ in range(rounds):
        for name, func in (("fast", fast), ("slow", slow)):
            tick = time.perf_counter()
            size = func()
            times[name].append(time.perf_counter() - tick)
    return statistics.median(times["fast"]), statistics.median(times["slow"]), size


def time_cli(html_dir: Path, jobs: int) -> float:
    tick = time.perf_counter()
    subprocess.run([sys.executable, "-m", "a11ycheck", "--isolated", "--jobs", str(jobs), "--format", "jsonl",
                    str(html_dir)], stdout=subprocess.DEVNULL, check=False, env={**os.environ, "CI": "1"})
    return time.perf_counter() - tick


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=12, help="copies of the corpus (240 pages each)")
    parser.add_argument("--archives", type=int, default=24, help="WARC files to spread the pages over")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of each (median reported)")
    parser.add_argument("--readers", action="store_true", help="also time FastWARC against warcio")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="a11ycheck-bench-survey-"))
    try:
        archives, html_dir, pages = build(args.corpus, args.repeat, args.archives, work)
        size = sum(p.stat().st_size for p in archives) / 1e6
        print(f"workload: {pages} pages, {len(archives)} archives, {size:.0f} MB of gzipped WARC")
        if args.readers:
            fast, slow, body = time_readers(archives[0])
            print(f"reading {archives[0].name} ({archives[0].stat().st_size / 1e6:.1f} MB, {body / 1e6:.0f} MB of "
                  f"pages): FastWARC {fast * 1000:.0f} ms, warcio {slow * 1000:.0f} ms ({slow / fast:.1f}x)")
        tick = time.perf_counter()
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            client.wait_for_workers(args.workers)
            startup = time.perf_counter() - tick
            print(f"cluster start-up ({args.workers} workers): {startup:.1f} s")
            cli_times, survey_times = [], []
            for n in range(args.rounds):  # alternating, so a busy spell of the machine hits both
                cli_times.append(time_cli(html_dir, args.workers))
                summary = run([str(p) for p in archives], work / f"survey-{n}", scheduler=client, progress=False)
                assert summary.pages == pages and not summary.errors, summary
                survey_times.append(summary.seconds)
                print(f"round {n + 1}: --jobs {args.workers} {pages / cli_times[-1]:.1f} pages/s, "
                      f"survey {pages / survey_times[-1]:.1f} pages/s")
        cli, survey = statistics.median(cli_times), statistics.median(survey_times)
        print(f"a11ycheck --jobs {args.workers}: {cli:.1f} s, {pages / cli:.1f} pages/s (median)")
        print(f"survey on {args.workers} workers: {survey:.1f} s, {pages / survey:.1f} pages/s (median), "
              f"{pages / survey / args.workers:.1f} pages/s per core")
        print(f"Dask overhead against --jobs {args.workers}: {100 * (survey / cli - 1):+.1f}% "
              f"(counting start-up: {100 * ((survey + startup) / cli - 1):+.1f}%)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
