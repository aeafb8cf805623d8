"""The site view: the same defect on several pages is one group; the rest stays per page."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema

from a11ycheck import check
from a11ycheck.reporters import Context, html, text
from a11ycheck.reporters import json as json_reporter
from a11ycheck.reporters.html import SHOWN_GROUPS
from a11ycheck.results import Report, Result
from a11ycheck.sitegroups import SiteView, defect_key, normal_selector, normal_tag

SCHEMA = json.loads((Path(__file__).parent.parent / "docs" / "report-schema.json").read_text())
HEADER = ('<header><form><input aria-label="Search" name="q"><button class="search" type="submit"></button></form>'
          "</header>")


def page(body: str, title: str = "Page") -> str:
    """A page of the site: its header, then its own content."""
    return (f"<!doctype html><html lang='en'><head><title>{title}</title></head>"
            f"<body>{HEADER}<main><h1>{title}</h1>{body}</main></body></html>")


def failure(rule: str, selector: str, snippet: str, line: int = 3, impact: str = "serious") -> Result:
    return Result(rule, "failed", impact, f"{rule} fails", line=line, column=5, snippet=snippet, selector=selector)


def test_the_same_defect_on_two_pages_is_one_group_and_page_specific_ones_stay_apart() -> None:
    reports = [check(page("<p>one</p>"), path="site/a.html"),
               check(page('<p>two</p><img src="chart.png">'), path="site/b.html")]
    view = SiteView.of(reports)
    [group] = view.groups
    assert (group.first.rule, group.first.selector, group.pages, group.findings) == (
        "button-name", "html > body > header > form > button", 2, 2)
    assert [p.path for p in group.examples] == ["site/a.html", "site/b.html"]
    alt = next(r for r in reports[1].failed if r.rule == "image-alt")
    assert not view.grouped(alt, "site/b.html")


def test_different_paths_or_start_tags_are_different_defects() -> None:
    snippet = '<button class="search" type="submit">'
    reports = [Report("a.html", [failure("button-name", "#top > button", snippet)]),
               Report("b.html", [failure("button-name", "#top > div > button", snippet)]),
               Report("c.html", [failure("button-name", "#top > button", '<button class="menu" type="submit">')]),
               Report("d.html", [failure("link-name", "#top > button", snippet)])]
    assert SiteView.of(reports).groups == []


def test_one_page_is_no_group_even_with_the_defect_twice() -> None:
    report = Report("a.html", [failure("link-name", "#item-1 > a", "<a>"), failure("link-name", "#item-2 > a", "<a>")])
    assert SiteView.of([report]).groups == []


def test_what_a_template_writes_differently_on_each_page_is_set_aside() -> None:
    assert normal_selector("#post-48213 > div:nth-of-type(2) > a") == "#post-# > div:nth-of-type(2) > a"
    assert normal_selector("html > body > div:nth-of-type(2)") == "html > body > div:nth-of-type(2)"
    assert normal_tag('<A HREF="/story?id=9&utm=x#c" data-track="a17" id="link-223" class="share">') == (
        '<a class="share" data-track href="/story" id="link-#">')
    assert normal_tag('<img src="/2019/photo-1.jpg" alt="">') != normal_tag('<img src="/2019/photo-2.jpg" alt="">')
    assert normal_tag('<div class="banner" style="width: 20px" data-…') == '<div class="banner" style="width: #px">'
    assert defect_key("a.html", "region", "#ad-17", '<div id="ad-17">') == defect_key(
        "b.html", "region", "#ad-90", '<div id="ad-90">')


def test_pages_of_two_hosts_share_no_defect() -> None:
    """The same markup on two sites is two sites' defects; a host's pages, with or without www., are one site."""
    html_lang = failure("html-has-lang", "html", "<html>", line=1)
    reports = [Report(url, [html_lang]) for url in ("https://news.example/a", "https://www.news.example/b",
                                                    "https://blog.example/c", "http://other.example/d")]
    [group] = SiteView.of(reports).groups
    assert [p.path for p in group.examples] == ["https://news.example/a", "https://www.news.example/b"]
    view = SiteView.of(reports)
    assert [view.grouped(html_lang, r.path) for r in reports] == [True, True, False, False]


def test_groups_come_worst_first_and_do_not_depend_on_the_order_of_pages() -> None:
    def reports(n: int, rule: str, impact: str) -> list[Report]:
        return [Report(f"p{i}.html", [failure(rule, "html > body > a", "<a>", impact=impact)]) for i in range(n)]

    pages: dict[str, Report] = {}
    for report in [*reports(3, "link-name", "serious"), *reports(2, "button-name", "critical"),
                   *reports(4, "heading-order", "moderate")]:
        pages.setdefault(report.path, Report(report.path)).results.extend(report.results)
    forward = SiteView.of(pages.values()).groups
    backward = SiteView.of(reversed(list(pages.values()))).groups
    # 3 pages x serious (3) = 9, 2 x critical (4) = 8, 4 x moderate (2) = 8, then more pages first
    assert [(g.first.rule, g.pages) for g in forward] == [("link-name", 3), ("heading-order", 4), ("button-name", 2)]
    assert [(g.key, g.pages, g.findings, g.examples) for g in forward] == [
        (g.key, g.pages, g.findings, g.examples) for g in backward]
    assert [p.path for p in forward[1].examples] == ["p0.html", "p1.html", "p2.html"]


def test_an_example_is_the_first_place_of_the_defect_on_its_page() -> None:
    later, earlier = failure("link-name", "#item-2 > a", "<a>", line=9), failure("link-name", "#item-1 > a", "<a>")
    view = SiteView.of([Report("a.html", [later, earlier]), Report("b.html", [later])])
    assert [(p.path, p.line) for p in view.groups[0].examples] == [("a.html", 3), ("b.html", 9)]


def test_the_text_report_leads_with_the_site_view_and_lists_the_rest_per_page() -> None:
    reports = [check(page("<p>one</p>"), path="site/a.html"),
               check(page('<img src="chart.png">'), path="site/b.html")]
    out = text.render(reports, Context())
    lines = out.splitlines()
    assert lines[0] == "Site view: 1 template defect on 2 pages (2 failures); 1 page-specific failures on 1 page"
    assert lines[2].startswith("button-name on 2 pages (2 failures, critical): ")
    assert lines[3:6] == ['  <button class="search" type="submit">  at html > body > header > form > button',
                          "  site/a.html:1:120", "  site/b.html:1:120"]
    assert [line.split(": ")[1].split()[0] for line in lines if line.startswith("site/")] == ["image-alt"]
    assert out.endswith("2 files checked: 3 failed, 0 to review\n")  # the totals count every failure


def test_without_the_site_view_every_failure_is_listed_under_its_page() -> None:
    reports = [check(page("<p>one</p>"), path="site/a.html"), check(page("<p>two</p>"), path="site/b.html")]
    out = text.render(reports, Context(site_view=False))
    assert "Site view" not in out
    assert [line.split(":")[0] for line in out.splitlines() if "button-name" in line] == ["site/a.html", "site/b.html"]


def test_the_json_report_gains_the_groups_and_keeps_every_result_under_its_page() -> None:
    reports = [check(page("<p>one</p>"), path="site/a.html"), check(page('<img src="x.png">'), path="site/b.html")]
    data = json.loads("".join(json_reporter.render(reports, Context())))
    jsonschema.validate(data, SCHEMA)
    assert data["groups"] == [{
        "rule": "button-name", "selector": "html > body > header > form > button",
        "snippet": '<button class="search" type="submit">', "message": reports[0].failed[0].message,
        "impact": "critical", "pages": 2, "findings": 2,
        "examples": [{"path": "site/a.html", "line": 1, "column": 120},
                     {"path": "site/b.html", "line": 1, "column": 120}],
    }]
    assert [len(f["results"]) for f in data["files"]] == [len(r.results) for r in reports]
    assert "groups" not in json.loads("".join(json_reporter.render(reports, Context(site_view=False))))


def test_per_page_on_the_command_line_turns_the_site_view_off(tmp_path: Path) -> None:
    for name in ("a.html", "b.html"):
        (tmp_path / name).write_text(page(name))
    run = [sys.executable, "-m", "a11ycheck", str(tmp_path), "--isolated", "--jobs", "1"]
    grouped = subprocess.run(run, capture_output=True, text=True, check=False, timeout=60).stdout
    apart = subprocess.run([*run, "--per-page"], capture_output=True, text=True, check=False, timeout=60).stdout
    assert grouped.startswith("Site view: 1 template defect on 2 pages") and "Site view" not in apart
    assert apart.count("button-name") == 2


def test_the_html_report_leads_with_the_site_view_and_lists_the_rest_per_file() -> None:
    reports = [check(page("<p>one</p>"), path="site/a.html"), check(page('<img src="x.png">'), path="site/b.html")]
    out = html.render(reports, Context())
    site, files = out.index('<h2 id="h-site"'), out.index('<h2 id="h-summary"')
    assert site < files
    assert ("1 template defect on 2 pages (2 failures); 1 page-specific failures on 1 page." in out)
    assert out.count('<li class="group" ') == 1 and 'line 1, column 120</li>' in out
    assert re.findall(r'class="finding" [^>]*data-rule="([\w-]+)"', out) == ["image-alt"]  # not again per file
    assert out.count('in the <a href="#h-site">site view</a> (the same on other pages)') == 2
    assert [(r.rule, r.message) for r in check(out).failed] == []  # the report passes its own checks
    assert "Site view" not in html.render(reports, Context(site_view=False))


def test_the_html_site_view_shows_the_worst_groups_and_the_others_in_a_disclosure() -> None:
    reports = [Report(name, [failure("link-name", f"html > body > a:nth-of-type({n})", "<a>") for n in range(30)])
               for name in ("a.html", "b.html")]
    out = html.render(reports, Context())
    assert out.count('<li class="group" ') == 30
    assert f"<summary>{30 - SHOWN_GROUPS} more template defects</summary>" in out


def test_the_totals_count_pages_and_failures_in_groups_and_apart() -> None:
    shared = failure("button-name", "#top > button", "<button>")
    view = SiteView.of([Report("a.html", [shared, failure("image-alt", "#top > img", "<img>")]),
                        Report("b.html", [shared]), Report("c.html", [failure("link-name", "#x > a", "<a>")])])
    totals = view.totals()
    assert (totals.groups, totals.grouped_pages, totals.grouped_failures, totals.alone_pages,
            totals.alone_failures) == (1, 2, 2, 2, 2)
    assert str(totals) == "1 template defect on 2 pages (2 failures); 2 page-specific failures on 2 pages"
