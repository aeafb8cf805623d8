"""Surveys on a 2-worker Dask LocalCluster: same answers as the CLI, a killed worker, resume, the report."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import signal
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

for _module in ("distributed", "pyarrow", "matplotlib", "fastwarc", "warcio"):
    pytest.importorskip(_module, reason=f"surveys need the survey extra ({_module} is missing): "
                                        "pip install 'a11ycheck[survey]'")

from distributed import Client, LocalCluster  # noqa: E402
from test_warc import corpus_pages, html_response, raw_record, write_warc  # noqa: E402

from a11ycheck import check  # noqa: E402
from a11ycheck.survey import plan, read_pages, read_results, report, run  # noqa: E402
from a11ycheck.survey.report import render_markdown, summarise  # noqa: E402
from a11ycheck.survey.runner import find_archives  # noqa: E402
from a11ycheck.survey.store import archive_key  # noqa: E402
from a11ycheck.warc import Page, check_warc  # noqa: E402

PAGES_PER_ARCHIVE = 4
CUT = html_response(b"<!doctype html><html lang=en><title>cut</title><p>cut")  # 20 bytes short of its record's length


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as connected:
        yield connected


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four archives of corpus pages (on three hosts, with records to skip) and one damaged archive (a record
    shorter than its Content-Length, one with no HTTP, and a gzip member cut short)."""
    folder = tmp_path_factory.mktemp("archives")
    files = corpus_pages(4 * PAGES_PER_ARCHIVE, skip=20)
    for n in range(4):
        chunk = files[n * PAGES_PER_ARCHIVE:(n + 1) * PAGES_PER_ARCHIVE]
        write_warc(folder / f"crawl-{n}.warc.gz",
                   [(f"https://host{i % 3}.example/{n}/{i}", f.read_bytes(), "text/html") for i, f in enumerate(chunk)],
                   extras=n == 0)
    (folder / "sub").mkdir()
    (folder / "sub" / "damaged.warc.gz").write_bytes(
        raw_record("https://bad.example/1", html_response(b"<!doctype html><html lang=en><title>x</title><p>ok"))
        + raw_record("https://bad.example/2", CUT, length=len(CUT) + 20)
        + raw_record("https://bad.example/3", b"no HTTP here") + b"\x1f\x8b\x08 cut short")
    return folder


Row = tuple[str, str, int, int, tuple[str, ...], str]  # rule, outcome, line, column, axe ids, severity


def expected_pages(folder: Path, pattern: str = "*.warc.gz") -> dict[tuple[str, int], set[Row]]:
    """What the CLI's path reports for each page: (archive, offset) → its failed and cantTell results."""
    found = {}
    for archive in sorted(folder.rglob(pattern)):
        for item, rep in check_warc(str(archive)):
            if isinstance(item, Page):
                assert rep.error is None, rep.error
                found[(str(archive), item.offset)] = {(r.rule, r.outcome, r.line, r.column, tuple(r.axe), r.severity)
                                                      for r in rep.results}
    return found


def stored_pages(out: Path) -> dict[tuple[str, int], set[Row]]:
    pages = read_pages(out).to_pylist()
    found: dict[tuple[str, int], set[Row]] = {
        (p["warc"], p["offset"]): set() for p in pages if p["error"] is None}
    for r in read_results(out).to_pylist():
        found[(r["warc"], r["offset"])].add((r["rule"], r["outcome"], r["line"], r["column"], tuple(r["axe"]),
                                             r["severity"]))
    return found


def archive_name(partition: str) -> str:
    """The file name in a partition's name (``crawl.warc.gz-<key>``)."""
    name, key = partition.rsplit("-", 1)
    assert len(key) == 16 and int(key, 16) >= 0
    return name


def page_keys(out: Path) -> list[tuple[str, int]]:
    return sorted((p["warc"], p["offset"]) for p in read_pages(out, columns=["warc", "offset", "error"]).to_pylist()
                  if p["error"] is None)


@pytest.fixture(scope="module")
def survey(client: Client, archives: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("survey")
    return out, run([str(archives)], out, scheduler=client, progress=False)


def test_survey_gives_the_clis_answers(survey, archives: Path) -> None:
    out, summary = survey
    expected = expected_pages(archives)
    assert summary.units == 5 and summary.done_before == 0 and not summary.failed_units
    assert summary.pages == len(expected) == 4 * PAGES_PER_ARCHIVE + 1
    assert summary.skipped == Counter({"request": 1, "HTTP 404": 1, "image/png": 1, "HTTP 301": 1})
    assert stored_pages(out) == expected
    assert len(page_keys(out)) == len(set(page_keys(out)))


def test_pages_table_holds_hosts_counts_and_errors(survey, archives: Path) -> None:
    out, _ = survey
    pages = read_pages(out).to_pylist()
    assert {archive_name(p["input"]) for p in pages} == {f"crawl-{n}.warc.gz" for n in range(4)} | {"damaged.warc.gz"}
    ok = [p for p in pages if p["error"] is None]
    assert Counter(p["host"] for p in ok if archive_name(p["input"]) != "damaged.warc.gz") == {
        "host0.example": 8, "host1.example": 4, "host2.example": 4}
    results = Counter((r["warc"], r["offset"], r["outcome"]) for r in read_results(out).to_pylist())
    for p in ok:
        assert p["failed"] == results[(p["warc"], p["offset"], "failed")]
        assert p["cantTell"] == results[(p["warc"], p["offset"], "cantTell")]
        assert p["bytes"] > 0 and p["check_ms"] > 0 and p["status"] == 200
    damaged = str(archives / "sub" / "damaged.warc.gz")
    errors = sorted((p["offset"], p["error"]) for p in pages if p["error"] is not None)
    assert [e for _, e in errors] == [f"truncated record (shorter than its Content-Length of {len(CUT) + 20} bytes)",
                                      "broken HTTP head in the record of https://bad.example/3",
                                      "corrupt gzip member"]
    assert all(p["warc"] == damaged for p in pages if p["error"] is not None)


def test_rerun_skips_what_is_done(survey, client: Client, archives: Path) -> None:
    out, _ = survey
    parts = sorted(out.glob("*/input=*/part-*.parquet"))
    stamps = [p.stat().st_mtime_ns for p in parts]
    again = run([str(archives)], out, scheduler=client, progress=False)
    assert (again.units, again.done_before, again.pages) == (5, 5, 0)
    assert again.text() == "0 pages checked in 0 of 5 units (5 done before), 0 could not be checked, 0 records skipped"
    assert [p.stat().st_mtime_ns for p in parts] == stamps
    [partition] = (out / "pages").glob("input=crawl-2.warc.gz-*")
    (partition / parts[0].name).unlink()  # as if the run had died before it
    resumed = run([str(archives)], out, scheduler=client, progress=False)
    assert (resumed.done_before, resumed.pages) == (4, PAGES_PER_ARCHIVE)
    assert stored_pages(out) == expected_pages(archives)


def test_split_archive_gives_the_same_pages(client: Client, archives: Path, tmp_path: Path) -> None:
    archive = str(archives / "crawl-1.warc.gz")
    units = plan([archive], split_bytes=20_000).units
    assert len(units) > 1 and {archive_name(u.name) for u in units} == {"crawl-1.warc.gz"}
    summary = run([archive], tmp_path, scheduler=client, split_bytes=20_000, progress=False)
    assert summary.units == len(units) and summary.pages == PAGES_PER_ARCHIVE
    whole = {k: v for k, v in expected_pages(archives).items() if k[0] == archive}
    assert stored_pages(tmp_path) == whole


def test_an_archive_compressed_as_a_whole_is_one_unit_with_every_page(client: Client, archives: Path,
                                                                      tmp_path: Path) -> None:
    plain = tmp_path / "crawl" / "plain.warc"  # what `zcat crawl-0.warc.gz` gives: its offsets are the pages'
    plain.parent.mkdir()
    plain.write_bytes(gzip.decompress((archives / "crawl-0.warc.gz").read_bytes()))
    whole = tmp_path / "crawl" / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))  # one gzip member for every record
    assert [(u.start, u.end) for u in plan([str(whole)], split_bytes=20_000).units] == [(0, None)]
    summary = run([str(whole)], tmp_path / "out", scheduler=client, split_bytes=20_000, progress=False)
    assert (summary.units, summary.pages, summary.failed_units) == (1, PAGES_PER_ARCHIVE, [])
    assert summary.skipped == Counter({"request": 1, "HTTP 404": 1, "image/png": 1, "HTTP 301": 1})
    expected = {(str(whole), offset): found for (_, offset), found in expected_pages(plain.parent, "*.warc").items()}
    assert stored_pages(tmp_path / "out") == expected
    assert page_keys(tmp_path / "out") == sorted(expected)


def test_a_killed_worker_costs_a_retry_not_a_page(client: Client, archives: Path, tmp_path: Path) -> None:
    interrupted: list[str] = []

    def kill_a_worker_mid_task() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not interrupted:
            for address, keys in client.processing().items():
                for key in keys:  # a11ycheck-<run>-<input>-<start>: in flight once its temporary file exists
                    name = str(key).split("-", 2)[2].rsplit("-", 1)[0]
                    if list((tmp_path / "pages" / f"input={name}").glob(".part-*.tmp")):
                        os.kill(client.run(os.getpid, workers=[address])[address], signal.SIGKILL)
                        interrupted.append(name)
                        return
            time.sleep(0.005)

    killer = threading.Thread(target=kill_a_worker_mid_task)
    killer.start()
    summary = run([str(archives)], tmp_path, scheduler=client, progress=False)
    killer.join()
    assert interrupted, "no worker was caught in the middle of a task"
    assert not summary.failed_units
    assert page_keys(tmp_path) == sorted(expected_pages(archives))  # every page, exactly once
    assert stored_pages(tmp_path) == expected_pages(archives)
    assert not list(tmp_path.glob("*/input=*/.part-*"))  # no half-written file left behind
    client.wait_for_workers(2, timeout=60)


def test_survey_report_renders_and_passes_a11ycheck(survey) -> None:
    out, _ = survey
    html_file, markdown_file = report(out)
    page = html_file.read_text(encoding="utf-8")
    result = check(page, path=str(html_file))
    assert result.error is None
    assert [(r.rule, r.outcome) for r in result.results if r.outcome in ("failed", "cantTell")] == []
    assert page.count('src="data:image/svg+xml;base64,') == 2  # no asset from elsewhere (start tags are text)
    assert re.findall(r'(?:src|href)="(?!data:|#)[^"]*"', page) == []
    assert '<h2 id="h-groups">Site view</h2>' in page  # corpus pages of one site in two archives share defects
    pages = 4 * PAGES_PER_ARCHIVE + 1
    assert f"<dt>Pages checked</dt><dd>{pages}</dd>" in page
    assert "<caption>Most common failures, by share of pages</caption>" in page
    assert '<th scope="row">host0.example</th><td class=n>8</td>' in page
    markdown = markdown_file.read_text(encoding="utf-8")
    assert f"- Pages checked: {pages}" in markdown
    assert "| Host | Pages | With a failure | Failures per page |" in markdown
    assert "Figure 2 (in the HTML report): Bar chart of the number of pages" in markdown


def test_survey_counts_as_failures_what_fails_a_check(survey) -> None:
    out, _ = survey
    stats = summarise(out)
    failed = [row for row in read_results(out, columns=["rule", "outcome", "severity"]).to_pylist()
              if row["outcome"] == "failed"]
    assert stats.warnings == sum(row["severity"] == "warning" for row in failed) > 0  # each result's own
    assert stats.failures == len(failed) - stats.warnings
    markdown = render_markdown(stats)
    assert "| Rule | Title | WCAG | Severity | Pages | Share | Failures |" in markdown
    assert f"- Warnings (failures of rules without a WCAG failure behind them, not counted as failures): " \
           f"{stats.warnings}" in markdown


def test_survey_report_writes_as_the_check_does(survey, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Through a symlink to the link's target; a folder or a missing one is a line and exit code 2."""
    from a11ycheck.cli import main

    out, _ = survey
    (tmp_path / "real").mkdir()
    (tmp_path / "summary.md").symlink_to("real/summary.md")
    assert main(["survey-report", str(out), "--html", str(tmp_path / "r.html"),
                 "--markdown", str(tmp_path / "summary.md")]) == 0
    assert (tmp_path / "summary.md").is_symlink()
    assert "- Pages checked:" in (tmp_path / "real" / "summary.md").read_text(encoding="utf-8")
    capsys.readouterr()
    for option, dest, reason in [("--html", tmp_path, "Is a directory"),
                                 ("--markdown", tmp_path / "no" / "r.md", "No such file or directory")]:
        assert main(["survey-report", str(out), option, str(dest)]) == 2
        assert capsys.readouterr().err == f"a11ycheck: {dest}: cannot write ({reason})\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "real", "summary.md"]


def test_survey_report_in_chromium(survey) -> None:
    browser = pytest.importorskip("a11ycheck.browser", reason="the browser extra is not installed")
    reason = browser.available(need_browser=True)
    if reason is not None:
        pytest.skip(reason)
    from a11ycheck.browser.driver import BlockedChromium

    out, _ = survey
    html_file, _ = report(out)
    chromium = BlockedChromium(timeout=30)
    try:
        chromium.driver.get(html_file.as_uri())
        assert chromium.driver.find_element("css selector", "h1").text == "Accessibility survey"
        widths = chromium.driver.execute_script(
            "return Array.from(document.images, i => i.complete ? i.naturalWidth : 0)")
        assert len(widths) == 2 and all(w > 100 for w in widths)  # both charts drawn, from the page alone
    finally:
        chromium.quit()


def test_archives_are_found_in_folders_and_object_storage(archives: Path) -> None:
    import fsspec

    local = find_archives([str(archives)])
    assert [Path(p).name for p in local] == [*(f"crawl-{n}.warc.gz" for n in range(4)), "damaged.warc.gz"]
    memory = fsspec.filesystem("memory")
    for name in ("crawl/a.warc.gz", "crawl/sub/b.warc", "crawl/notes.txt"):
        memory.pipe(f"/bucket/{name}", f"WARC/1.0\r\nWARC-Target-URI: {name}\r\n".encode())
    try:
        assert find_archives(["memory://bucket/crawl"]) == ["memory:///bucket/crawl/a.warc.gz",
                                                            "memory:///bucket/crawl/sub/b.warc"]
        assert find_archives(["memory://bucket/crawl/*.warc.gz"]) == ["memory:///bucket/crawl/a.warc.gz"]
        units = plan(["memory://bucket/crawl"], split_bytes=0).units
        assert [(archive_name(u.name), u.start, u.end) for u in units] == [("a.warc.gz", 0, None), ("b.warc", 0, None)]
        assert units[0].file == "part-000000000000000-end.parquet"
    finally:
        memory.rm("/bucket", recursive=True)


def test_a_rerun_cut_another_way_is_refused(survey, client: Client, archives: Path) -> None:
    out, _ = survey
    with pytest.raises(ValueError, match=r"input crawl-1\.warc\.gz-[0-9a-f]{16} was surveyed in other ranges"):
        run([str(archives / "crawl-1.warc.gz")], out, scheduler=client, split_bytes=20_000, progress=False)


def test_the_subcommands(client: Client, archives: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from a11ycheck.cli import UsageError
    from a11ycheck.survey.command import report_main, survey_main

    out = tmp_path / "store"
    code = survey_main([str(archives / "crawl-3.warc.gz"), "--out", str(out), "--select", "image-alt,link-name",
                        "--scheduler", client.scheduler.address])
    assert code == 0
    assert capsys.readouterr().err.startswith(
        f"a11ycheck survey: {PAGES_PER_ARCHIVE} pages checked in 1 of 1 units (0 done before)")
    assert {r["rule"] for r in read_results(out).to_pylist()} <= {"image-alt", "link-name"}
    assert report_main([str(out)]) == 0
    assert capsys.readouterr().out.split() == [str(out / "report.html"), str(out / "report.md")]
    with pytest.raises(UsageError, match="no survey here"):
        report_main([str(tmp_path / "nothing")])
    with pytest.raises(UsageError, match="unknown rule or tag: nope"):
        survey_main([str(archives), "--out", str(out), "--select", "nope"])


def small_archive(path: Path, host: str, count: int = 2) -> Path:
    """An archive of ``count`` tiny pages on ``host``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_warc(path, [(f"https://{host}/{n}", f"<!doctype html><html lang=en><title>{n}</title><p>{n}".encode(),
                       "text/html") for n in range(count)])
    return path


def test_archives_of_one_file_name_are_two_archives_in_any_runs(client: Client, tmp_path: Path) -> None:
    month_a = small_archive(tmp_path / "monthA" / "crawl.warc.gz", "a.example", 2)
    month_b = small_archive(tmp_path / "monthB" / "crawl.warc.gz", "b.example", 3)
    out = tmp_path / "out"
    runs = [run(inputs, out, scheduler=client, progress=False)
            for inputs in ([str(month_a)], [str(month_b)], [str(month_a), str(month_b)])]
    assert [(s.units, s.done_before, s.pages) for s in runs] == [(1, 0, 2), (1, 0, 3), (2, 2, 0)]
    expected = sorted([f"https://a.example/{n}" for n in range(2)] + [f"https://b.example/{n}" for n in range(3)])
    assert sorted(p["url"] for p in read_pages(out).to_pylist()) == expected
    together = tmp_path / "together"
    runs = [run(inputs, together, scheduler=client, progress=False)
            for inputs in ([str(month_a), str(month_b)], [str(month_a)], [str(month_b)])]
    assert [(s.units, s.done_before, s.pages) for s in runs] == [(2, 0, 5), (1, 1, 0), (1, 1, 0)]
    assert sorted(p["url"] for p in read_pages(together).to_pylist()) == expected


def test_a_moved_or_copied_archive_is_checked_once(client: Client, tmp_path: Path) -> None:
    archive = small_archive(tmp_path / "in" / "crawl.warc.gz", "m.example")
    out = tmp_path / "out"
    run([str(archive)], out, scheduler=client, progress=False)
    moved = tmp_path / "elsewhere" / "renamed.warc.gz"
    moved.parent.mkdir()
    archive.rename(moved)
    copy = tmp_path / "copy.warc.gz"
    shutil.copyfile(moved, copy)
    again = run([str(moved), str(copy)], out, scheduler=client, progress=False)
    assert (again.units, again.done_before, again.pages, again.copies) == (1, 1, 0, [(str(copy), str(moved))])
    assert again.text().endswith(f"1 archives are copies of others, checked once: {copy} = {moved}")
    fresh = run([str(moved), str(copy)], tmp_path / "fresh", scheduler=client, progress=False)
    assert (fresh.units, fresh.pages) == (1, 2)
    assert len(page_keys(out)) == len(page_keys(tmp_path / "fresh")) == 2


def test_an_archive_that_cannot_be_read_is_tried_again(client: Client, tmp_path: Path) -> None:
    missing = tmp_path / "later" / "crawl.warc.gz"
    out = tmp_path / "out"
    summary = run([str(missing)], out, scheduler=client, progress=False)
    assert (summary.units, summary.failed_units) == (0, [(str(missing), "cannot read (No such file or directory)")])
    assert read_pages(out).num_rows == 0
    small_archive(missing, "l.example")
    later = run([str(missing)], out, scheduler=client, progress=False)
    assert (later.units, later.done_before, later.pages, later.failed_units) == (1, 0, 2, [])


def test_a_store_of_the_old_layout_is_refused(client: Client, tmp_path: Path) -> None:
    from a11ycheck.cli import UsageError
    from a11ycheck.survey.command import survey_main

    archive = small_archive(tmp_path / "monthA" / "crawl.warc.gz", "a.example")
    out = tmp_path / "out"
    run([str(archive)], out, scheduler=client, progress=False)
    for table in ("pages", "results"):  # as a11ycheck named partitions before they had keys
        [partition] = (out / table).glob("input=*")
        partition.rename(partition.with_name("input=crawl.warc.gz"))
    other = small_archive(tmp_path / "monthB" / "crawl.warc.gz", "b.example")
    for inputs in ([archive], [other], [archive, other]):
        with pytest.raises(UsageError) as refused:
            survey_main([*map(str, inputs), "--out", str(out), "--scheduler", client.scheduler.address])
        assert str(refused.value) == (
            f"{out}: written by an older a11ycheck, whose partitions (such as input=crawl.warc.gz) do not tell "
            "archives of the same file name apart: survey into a new folder")
    assert sorted(p["url"] for p in read_pages(out).to_pylist()) == ["https://a.example/0", "https://a.example/1"]


def test_an_archives_key_is_its_size_and_both_ends(tmp_path: Path) -> None:
    data = bytes(range(256)) * 1024  # 256 KiB: two 64 KiB ends and 128 KiB between them
    key = archive_key(str(_write(tmp_path / "a" / "crawl.warc.gz", data)))
    assert len(key) == 16 and key == archive_key(str(_write(tmp_path / "b" / "other.warc", data)))
    middle = len(data) // 2
    assert archive_key(str(_write(tmp_path / "c.warc", data[:middle] + b"x" + data[middle + 1:]))) == key
    for changed in (b"x" + data[1:], data[:-1] + b"x", data + b"x", data[:-1]):
        assert archive_key(str(_write(tmp_path / "d.warc", changed))) != key
    assert archive_key(str(_write(tmp_path / "e.warc", b"WARC/1.0"))) != archive_key(
        str(_write(tmp_path / "f.warc", b"WARC/1.1")))
    import fsspec

    fsspec.filesystem("memory").pipe("/keys/crawl.warc.gz", data)  # the same bytes in object storage
    try:
        assert archive_key("memory://keys/crawl.warc.gz") == key
    finally:
        fsspec.filesystem("memory").rm("/keys", recursive=True)


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_each_page_gets_the_per_file_ignores_of_its_urls_path(client: Client, tmp_path: Path) -> None:
    from a11ycheck.policy import Policy

    noalt = b"<!doctype html><html lang=en><title>t</title><main><h1>h</h1><img src=a.jpg></main>"
    archive = tmp_path / "news.warc.gz"
    write_warc(archive, [("https://news.example/archive/2019/a.html", noalt, "text/html"),
                         ("https://news.example/live/b.html", noalt, "text/html")])
    policy = Policy(per_file_ignores=(("archive/**", ("image-alt",)),))
    run([str(archive)], tmp_path / "out", scheduler=client, policy=policy, progress=False)
    failing = {r["url"] for r in read_results(tmp_path / "out").to_pylist() if r["rule"] == "image-alt"}
    assert failing == {"https://news.example/live/b.html"}


def test_a_page_whose_url_urllib_cannot_split_is_stored_with_no_host(client: Client, tmp_path: Path) -> None:
    from a11ycheck.policy import Policy

    noalt = b"<!doctype html><html lang=en><title>t</title><main><h1>h</h1><img src=a.jpg></main>"
    archive = tmp_path / "odd.warc.gz"
    write_warc(archive, [("http://[::1/old/a.html", noalt, "text/html"), ("https://ok.example/b.html", noalt,
                                                                           "text/html")])
    summary = run([str(archive)], tmp_path / "out", scheduler=client, progress=False,
                  policy=Policy(per_file_ignores=(("old/**", ("image-alt",)),)))
    assert not summary.failed_units
    pages = {p["url"]: p for p in read_pages(tmp_path / "out").to_pylist()}
    assert (pages["http://[::1/old/a.html"]["host"], pages["https://ok.example/b.html"]["host"]) == ("", "ok.example")
    assert pages["http://[::1/old/a.html"]["failed"] >= 1  # checked, its failure kept (no glob matches it)


def test_the_survey_report_leads_with_the_site_view() -> None:
    import pyarrow as pa

    from a11ycheck.survey.report import Stats, render_html, site_view
    from a11ycheck.survey.store import RESULTS

    def row(warc: str, offset: int, rule: str, selector: str, line: int) -> dict[str, object]:
        return {"warc": warc, "offset": offset, "url": f"https://site.example/{offset}", "rule": rule,
                "outcome": "failed", "impact": "critical", "line": line, "column": 3, "selector": selector,
                "snippet": '<button class="search">'}

    # the header's button on three pages (one of them captured in two archives), a page-specific one on one
    rows = [row("b.warc", 10, "button-name", "#top > button", 7), row("a.warc", 10, "button-name", "#top > button", 9),
            row("a.warc", 20, "button-name", "#top > button", 8), row("a.warc", 20, "button-name", "#x > button", 30)]
    view = site_view(pa.Table.from_pylist(rows, schema=RESULTS))
    [group] = view.groups
    assert (group.pages, group.findings) == (3, 3)
    assert [(p.path, p.line) for p in group.examples] == [
        ("https://site.example/10", 9), ("https://site.example/10", 7), ("https://site.example/20", 8)]
    stats = Stats(pages=3, groups=view.groups, site=view.totals(), buckets=[("0", 0), ("1", 3)],
                  rules=[("button-name", "Buttons have names", "4.1.2", 3, 4)], hosts=[("site.example", 3, 3, 4)])
    markdown = render_markdown(stats)
    assert ("## Site view\n\n1 template defect on 3 pages (3 failures); 1 page-specific failures on 1 page. "
            "A template defect is the same failure") in markdown
    assert ("| button-name | <button class=\"search\"> | #top > button | critical | 3 | 3 | https://site.example/10 "
            "(line 9, column 3); ") in markdown
    page = render_html(stats)
    assert page.index('<h2 id="h-groups">Site view</h2>') < page.index('<h2 id="h-rules">')
    assert [(r.rule, r.message) for r in check(page).failed] == []
