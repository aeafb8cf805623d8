"""The survey report: one self-contained HTML page and a Markdown summary of a survey's Parquet store.

The site view (failures that are the same defect on several pages, :mod:`~a11ycheck.sitegroups`), the figures
the WebAIM Million publishes (share of pages with a failure, the most common failures by share of pages), a
per-host breakdown and the distribution of failures per page. A page's failures are
those that fail a check of it: each result's severity as the survey's run set it (results stored before
the column existed: their rule's default); the other failures are counted apart, as warnings, and the
table of rules gives each rule's severity. Charts are drawn by
matplotlib as SVG and embedded in the page; each has a text alternative and its data as a table.
"""

from __future__ import annotations

import base64
import io
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from pathlib import Path

import matplotlib
import pyarrow as pa
import pyarrow.compute as pc
from matplotlib.figure import Figure

from .. import __version__
from ..fileio import write_file
from ..results import Result
from ..ruleset import load_rules
from ..sitegroups import Group, SiteView, Totals
from .store import read_pages, read_results, unit_metadata

__all__ = ["Stats", "render_html", "render_markdown", "report", "summarise"]

BUCKETS = ((0, 0), (1, 5), (6, 10), (11, 25), (26, 50), (51, 100), (101, None))
TOP_RULES = 15
TOP_HOSTS = 25
TOP_ERRORS = 50
TOP_GROUPS = 25
_BAR = "#0b57a4"
_STYLE = """
:root{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;background:#fff;line-height:1.5}
body{margin:0 auto;max-width:64rem;padding:0 1rem 3rem}
.skip{position:absolute;left:-10000px}.skip:focus{position:static}
table{border-collapse:collapse;margin:1rem 0;width:100%}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #8a8a8a;padding:.25rem .5rem;text-align:left;vertical-align:top}
thead th{background:#eef1f5}
.n{text-align:right}
figure{margin:1rem 0}
figure img{max-width:100%;height:auto;border:1px solid #c4c4c4}
dl{display:grid;grid-template-columns:max-content auto;gap:.25rem 1rem}
dt{font-weight:600}dd{margin:0}
"""


@dataclass
class Stats:
    """The figures of a survey."""

    pages: int = 0  # pages checked
    errors: int = 0  # records and pages that could not be checked
    with_failure: int = 0
    failures: int = 0  # failures of rules of error severity (those that fail a run by default)
    warnings: int = 0  # failures of the other rules
    warning_rules: frozenset[str] = frozenset()
    median: float = 0.0
    archives: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    rules: list[tuple[str, str, str, int, int]] = field(default_factory=list)  # id, title, wcag, pages, failures
    hosts: list[tuple[str, int, int, int]] = field(default_factory=list)  # host, pages, with failure, failures
    host_count: int = 0
    buckets: list[tuple[str, int]] = field(default_factory=list)  # label, pages
    error_rows: list[tuple[str, int, str, str]] = field(default_factory=list)  # warc, offset, url, error
    groups: list[Group] = field(default_factory=list)  # the site view's worst groups (TOP_GROUPS)
    site: Totals | None = None  # the site view's totals

    def share(self, count: int) -> float:
        """``count`` as a percentage of the pages checked."""
        return 100 * count / self.pages if self.pages else 0.0


def summarise(out_dir: str | os.PathLike[str]) -> Stats:
    """Read a survey's store and compute its figures (with pyarrow: the tables are never turned into rows)."""
    stats = Stats()
    for meta in unit_metadata(out_dir):
        stats.skipped.update(meta.get("skipped", {}))
    pages = read_pages(out_dir, columns=["input", "warc", "offset", "url", "host", "error"])
    stats.archives = len(pc.unique(pages["input"]))
    bad = pages.filter(pc.is_valid(pages["error"]))
    stats.errors = bad.num_rows
    stats.error_rows = [(r["warc"], r["offset"], r["url"] or "", r["error"])
                        for r in bad.slice(0, TOP_ERRORS).to_pylist()]
    ok = pages.filter(pc.is_null(pages["error"]))
    stats.pages = ok.num_rows
    if not stats.pages:
        return stats
    known = load_rules()
    results = read_results(out_dir, columns=["warc", "offset", "url", "rule", "outcome", "severity", "impact", "line",
                                              "column", "selector", "snippet"])
    results = results.filter(pc.equal(results["outcome"], "failed"))
    view = site_view(results)
    stats.groups, stats.site = view.groups[:TOP_GROUPS], view.totals()
    stats.warning_rules = frozenset(rule_id for rule_id, rule in known.items() if rule.severity != "error")
    by_rule = pc.is_in(results["rule"], value_set=pa.array(sorted(stats.warning_rules), pa.string()))
    warned = pc.if_else(pc.is_valid(results["severity"]), pc.equal(results["severity"], "warning"), by_rule)
    stats.warnings = pc.sum(warned.cast(pa.int64())).as_py() or 0
    # a page's failures are those that would fail a check of it, as the command line decides by default
    errors = results.filter(pc.invert(warned)).group_by(["warc", "offset"]).aggregate([("rule", "count")])
    ok = ok.join(errors, keys=["warc", "offset"], join_type="left outer")
    ok = ok.append_column("failed", pc.fill_null(ok["rule_count"], 0))
    failed = ok["failed"]
    stats.failures = pc.sum(failed).as_py() or 0
    stats.with_failure = pc.sum(pc.greater(failed, 0).cast(pa.int64())).as_py() or 0
    stats.median = pc.quantile(failed, q=0.5)[0].as_py()
    for low, high in BUCKETS:
        inside = pc.greater_equal(failed, low) if high is None else pc.and_(
            pc.greater_equal(failed, low), pc.less_equal(failed, high))
        label = str(low) if low == high else f"{low} or more" if high is None else f"{low}–{high}"
        stats.buckets.append((label, pc.sum(inside.cast(pa.int64())).as_py() or 0))
    ok = ok.append_column("has_failure", pc.greater(failed, 0).cast(pa.int64()))
    hosts = ok.group_by("host").aggregate([("failed", "count"), ("has_failure", "sum"), ("failed", "sum")])
    stats.host_count = hosts.num_rows
    hosts = hosts.sort_by([("failed_count", "descending"), ("host", "ascending")]).slice(0, TOP_HOSTS)
    stats.hosts = [(h["host"], h["failed_count"], h["has_failure_sum"], h["failed_sum"]) for h in hosts.to_pylist()]
    per_page = results.group_by(["rule", "warc", "offset"]).aggregate([("outcome", "count")])
    per_rule = per_page.group_by("rule").aggregate([("offset", "count"), ("outcome_count", "sum")])
    per_rule = per_rule.sort_by([("offset_count", "descending"), ("rule", "ascending")])
    for row in per_rule.to_pylist():
        rule = known.get(row["rule"])
        stats.rules.append((row["rule"], rule.title if rule else "", ", ".join(rule.wcag) if rule else "",
                            row["offset_count"], row["outcome_count_sum"]))
    return stats


def site_view(failures: pa.Table) -> SiteView:
    """The site view of a survey's failures (rows of the results table; a page is its archive and offset)."""
    view = SiteView()
    for row in failures.sort_by([("warc", "ascending"), ("offset", "ascending")]).to_pylist():
        result = Result(row["rule"], "failed", row["impact"], "", row["line"], row["column"], row["snippet"] or "",
                        row["selector"] or "")
        view.add_result((row["warc"], row["offset"]), row["url"] or "", result)
    return view


def report(out_dir: str | os.PathLike[str], *, html_path: str | os.PathLike[str] | None = None,
           markdown_path: str | os.PathLike[str] | None = None) -> tuple[Path, Path]:
    """Write ``report.html`` and ``report.md`` (in ``out_dir`` unless told otherwise); return their paths."""
    stats = summarise(out_dir)
    html_file = Path(html_path or Path(out_dir) / "report.html")
    markdown_file = Path(markdown_path or Path(out_dir) / "report.md")
    write_file(html_file, render_html(stats))
    write_file(markdown_file, render_markdown(stats))
    return html_file, markdown_file


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _pct(value: float) -> str:
    return f"{value:.1f}%"


def _rules_alt(stats: Stats) -> str:
    top = "; ".join(f"{rule} {_pct(stats.share(pages))}" for rule, _, _, pages, _ in stats.rules[:3])
    return (f"Horizontal bar chart of the share of pages failing each rule, for the {min(TOP_RULES, len(stats.rules))} "
            f"most common failures. Highest: {top}. The table of the most common failures holds its data.")


def _buckets_alt(stats: Stats) -> str:
    most = max(stats.buckets, key=lambda b: b[1])
    return (f"Bar chart of the number of pages by how many failures each has. The largest group is {most[0]} "
            f"failures, with {most[1]} of {stats.pages} pages. The table below holds its data.")


def _svg(figure: Figure) -> str:
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "a11ycheck", "svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _rules_chart(stats: Stats) -> str:
    rows = stats.rules[:TOP_RULES][::-1]
    figure = Figure(figsize=(8, 0.4 * len(rows) + 1))
    axes = figure.subplots()
    shares = [stats.share(pages) for _, _, _, pages, _ in rows]
    bars = axes.barh([rule for rule, *_ in rows], shares, color=_BAR)
    axes.bar_label(bars, labels=[_pct(s) for s in shares], padding=3)
    axes.set_xlabel("Share of pages with at least one failure of the rule (%)")
    axes.set_xlim(0, 110)
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def _buckets_chart(stats: Stats) -> str:
    figure = Figure(figsize=(8, 3.5))
    axes = figure.subplots()
    bars = axes.bar([label for label, _ in stats.buckets], [count for _, count in stats.buckets], color=_BAR)
    axes.bar_label(bars, padding=2)
    axes.set_xlabel("Failures on the page")
    axes.set_ylabel("Pages")
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def _table(caption: str, head: list[str], rows: list[list[object]], numeric: set[int]) -> list[str]:
    out = ["<table>", f"<caption>{_e(caption)}</caption>", "<thead><tr>"]
    out += [f'<th scope="col"{" class=n" if i in numeric else ""}>{_e(h)}</th>' for i, h in enumerate(head)]
    out += ["</tr></thead>", "<tbody>"]
    for row in rows:
        cells = [f'<th scope="row">{_e(row[0])}</th>']
        cells += [f'<td{" class=n" if i in numeric else ""}>{_e(v)}</td>' for i, v in enumerate(row[1:], 1)]
        out.append("<tr>" + "".join(cells) + "</tr>")
    return [*out, "</tbody>", "</table>"]


def _tables(stats: Stats) -> dict[str, tuple[str, list[str], list[list[object]], set[int]]]:
    """Every table of the report, shared by both formats: caption, header, rows, numeric columns."""
    mean = stats.failures / stats.pages if stats.pages else 0.0
    with_failure = f"{stats.with_failure} ({_pct(stats.share(stats.with_failure))})"
    return {
        "groups": ("Template defects, worst first (pages times impact)",
                   ["Rule", "Start tag", "Element path", "Impact", "Pages", "Failures", "Example pages"],
                   [[g.first.rule, g.first.snippet, g.first.selector, g.impact, g.pages, g.findings,
                     "; ".join(f"{p.path} (line {p.line}, column {p.column})" for p in g.examples)]
                    for g in stats.groups], {4, 5}),
        "rules": ("Most common failures, by share of pages",
                  ["Rule", "Title", "WCAG", "Severity", "Pages", "Share", "Failures"],
                  [[rule, title, wcag, "warning" if rule in stats.warning_rules else "error", pages,
                    _pct(stats.share(pages)), failures]
                   for rule, title, wcag, pages, failures in stats.rules], {4, 5, 6}),
        "buckets": ("Pages by number of failures", ["Failures on the page", "Pages", "Share"],
                    [[label, count, _pct(stats.share(count))] for label, count in stats.buckets], {1, 2}),
        "hosts": (f"Hosts with the most pages ({len(stats.hosts)} of {stats.host_count})",
                  ["Host", "Pages", "With a failure", "Failures per page"],
                  [[host, pages, _pct(100 * bad / pages if pages else 0), f"{fails / pages:.1f}"]
                   for host, pages, bad, fails in stats.hosts], {1, 2, 3}),
        "skipped": ("Records that are not HTML pages, by kind", ["Kind", "Records"],
                    [[kind, count] for kind, count in stats.skipped.most_common()], {1}),
        "errors": (f"Records and pages that could not be checked (first {TOP_ERRORS})",
                   ["Archive", "Byte offset", "URL", "Reason"],
                   [list(row) for row in stats.error_rows], {1}),
        "_overview": ("", [], [["Pages checked", stats.pages],
                               ["Pages with at least one failure", with_failure],
                               ["Failures", stats.failures],
                               ["Warnings (failures of rules without a WCAG failure behind them, not counted "
                                "as failures)", stats.warnings],
                               ["Failures per page", f"{mean:.1f} on average, {stats.median:g} median"],
                               ["Archives", stats.archives],
                               ["Records skipped (not HTML pages)", sum(stats.skipped.values())],
                               ["Records or pages that could not be checked", stats.errors]], set()),
    }


def render_html(stats: Stats, *, now: datetime | None = None) -> str:
    """The report as one self-contained HTML page."""
    now = now or datetime.now(UTC)
    tables = _tables(stats)
    title = f"a11ycheck survey: {stats.pages} pages, {_pct(stats.share(stats.with_failure))} with a failure"
    out = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
        '<a class="skip" href="#main">Skip to content</a>', '<main id="main" tabindex="-1">',
        "<h1>Accessibility survey</h1>",
        f"<p>a11ycheck {_e(__version__)}, {_e(now.strftime('%Y-%m-%d %H:%M UTC'))}.</p>",
        '<section aria-labelledby="h-overview">', '<h2 id="h-overview">Overview</h2>', "<dl>",
    ]
    out += [f"<dt>{_e(name)}</dt><dd>{_e(value)}</dd>" for name, value in tables["_overview"][2]]
    out += ["</dl>", "</section>"]
    if stats.groups:
        out += ['<section aria-labelledby="h-groups">', '<h2 id="h-groups">Site view</h2>',
                f"<p>{_e(_site_text(stats))}</p>", *_table(*tables["groups"]), "</section>"]
    if stats.pages:
        out += ['<section aria-labelledby="h-rules">', '<h2 id="h-rules">Most common failures</h2>']
        if stats.rules:
            out += _figure(1, _rules_chart(stats), _rules_alt(stats),
                           "Share of pages failing each rule (its data: the table that follows)")
        out += [*_table(*tables["rules"]), "</section>"]
        out += ['<section aria-labelledby="h-buckets">', '<h2 id="h-buckets">Failures per page</h2>']
        out += _figure(2, _buckets_chart(stats), _buckets_alt(stats),
                       "Pages by number of failures (its data: the table that follows)")
        out += [*_table(*tables["buckets"]), "</section>"]
        out += ['<section aria-labelledby="h-hosts">', '<h2 id="h-hosts">By host</h2>', *_table(*tables["hosts"]),
                "</section>"]
    for key, heading in (("skipped", "Records skipped"), ("errors", "Records that could not be checked")):
        if tables[key][2]:
            out += [f'<section aria-labelledby="h-{key}">', f'<h2 id="h-{key}">{heading}</h2>', *_table(*tables[key]),
                    "</section>"]
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _site_text(stats: Stats) -> str:
    shown = f" (the worst {len(stats.groups)} below)" if stats.site and stats.site.groups > len(stats.groups) else ""
    return (f"{stats.site}{shown}. A template defect is the same failure (rule, element path and start tag) on "
            "several pages.")


def _figure(number: int, svg: str, alt: str, caption: str) -> list[str]:
    return ["<figure>", f'<img src="data:image/svg+xml;base64,{svg}" alt="{_e(alt)}">',
            f"<figcaption>Figure {number}. {_e(caption)} <small>Chart: a11ycheck, drawn with matplotlib</small>"
            "</figcaption>", "</figure>"]


def _md_cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _md_table(caption: str, head: list[str], rows: list[list[object]], numeric: set[int]) -> list[str]:
    align = ["---:" if i in numeric else "---" for i in range(len(head))]
    out = [f"**{caption}**", "", "| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
    out += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows]
    return [*out, ""]


def render_markdown(stats: Stats) -> str:
    """The report's figures and tables as Markdown (the charts as their text alternatives)."""
    tables = _tables(stats)
    out = ["# Accessibility survey", ""]
    out += [f"- {name}: {value}" for name, value in tables["_overview"][2]]
    out.append("")
    if stats.groups:
        out += ["## Site view", "", _site_text(stats), "", *_md_table(*tables["groups"])]
    if stats.pages:
        out += ["## Most common failures", ""]
        if stats.rules:
            out += [f"Figure 1 (in the HTML report): {_rules_alt(stats)}", ""]
        out += _md_table(*tables["rules"])
        out += ["## Failures per page", "", f"Figure 2 (in the HTML report): {_buckets_alt(stats)}", ""]
        out += _md_table(*tables["buckets"])
        out += ["## By host", "", *_md_table(*tables["hosts"])]
    for key, heading in (("skipped", "Records skipped"), ("errors", "Records that could not be checked")):
        if tables[key][2]:
            out += [f"## {heading}", "", *_md_table(*tables[key])]
    return "\n".join(out).rstrip("\n") + "\n"
