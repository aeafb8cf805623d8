"""The HTML report in a real headless Chromium: it renders, its filters work, injected markup does not
run, and the report itself passes a11ycheck and axe-core."""

from __future__ import annotations

from pathlib import Path

import pytest

from a11ycheck import check
from a11ycheck.browser import available
from a11ycheck.reporters import Context, html

REASON = available(need_browser=True)
pytestmark = pytest.mark.skipif(REASON is not None, reason=REASON or "")

HOSTILE = """<!doctype html><html lang="en"><head><title>Hostile</title></head><body><main>
<img src="x.jpg" title='"><img src=y onerror="window.__pwned=1"><script>window.__pwned=2</script>'>
<a href="#nowhere"><img src="z.png"></a>
<img src="chart.png"><iframe src="map.html"></iframe><input type="text">
<p><script>window.__pwned = 3</script></p>
</main></body></html>
"""
CLEAN = """<!doctype html><html lang="en"><head><title>Clean</title></head><body><main><h1>Fine</h1>
<a href="#missing">Skip</a><svg role="img"></svg></main></body></html>"""

SITE = """<!doctype html><html lang="en"><head><title>Site</title></head><body><header><button></button></header>
<main><h1>Page</h1></main></body></html>"""


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reports = [check(HOSTILE, path='pages/"><script>window.__pwned=4</script>.html'), check(CLEAN, path="clean.html"),
               *(check(SITE, path=f"site/{name}.html") for name in ("a", "b"))]  # one defect on both: the site view
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(html.render(reports, Context()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def driver():
    from a11ycheck.browser.driver import BlockedChromium

    browser = BlockedChromium(timeout=30)
    yield browser.driver
    browser.quit()


def visible_findings(driver) -> list[tuple[str, str]]:
    return [(li.get_attribute("data-rule"), li.get_attribute("data-impact"))
            for li in driver.find_elements("css selector", "li.finding") if li.is_displayed()]


def test_report_renders_and_nothing_injected_runs(driver, report_file: Path) -> None:
    driver.get(report_file.as_uri())
    assert driver.title.startswith("a11ycheck report:")
    assert driver.execute_script("return window.__pwned === undefined")
    assert driver.find_element("css selector", "h1").text == "Accessibility report"
    assert "pages/\"><script>window.__pwned=4</script>.html" in driver.find_element("tag name", "main").text
    assert driver.find_element("css selector", "li.group").text.startswith("Failed button-name critical on 2 pages")
    shown = driver.find_element("id", "shown").text
    total = len(driver.find_elements("css selector", "li.finding")) + 2  # the group's two failures
    assert shown == f"Showing {total} of {total} findings" and total > 5


def test_filters_apply_to_the_site_view(driver, report_file: Path) -> None:
    """The site view's groups are filtered with the findings and counted by their failures; a site view with
    no group left is hidden."""
    driver.get(report_file.as_uri())
    group, site = (driver.find_element("css selector", css) for css in ("li.group", "section.site"))
    before = driver.find_element("id", "shown").text
    driver.find_element("css selector", "input[name=impact][value=critical]").click()
    assert not group.is_displayed() and not site.is_displayed()
    shown, total = map(int, driver.find_element("id", "shown").text.split()[1::2])
    assert before == f"Showing {total} of {total} findings"
    assert shown == total - 2 - sum(1 for li in driver.find_elements("css selector", "li.finding")
                                    if li.get_attribute("data-impact") == "critical")
    driver.find_element("css selector", "input[name=impact][value=critical]").click()
    assert group.is_displayed()


def test_filters_by_impact_and_rule(driver, report_file: Path) -> None:
    driver.get(report_file.as_uri())
    everything = visible_findings(driver)
    impacts = {impact for _, impact in everything}
    assert "critical" in impacts
    driver.find_element("css selector", "input[name=impact][value=critical]").click()
    after = visible_findings(driver)
    assert after and all(impact != "critical" for _, impact in after)
    assert len(after) == sum(1 for _, impact in everything if impact != "critical")
    driver.find_element("css selector", "input[name=impact][value=critical]").click()
    from selenium.webdriver.support.ui import Select

    rule = everything[0][0]
    Select(driver.find_element("id", "rule-filter")).select_by_value(rule)
    assert {r for r, _ in visible_findings(driver)} == {rule}
    count = sum(1 for r, _ in everything if r == rule)
    assert driver.find_element("id", "shown").text.startswith(f"Showing {count} of")


def test_report_passes_a11ycheck(report_file: Path) -> None:
    report = check(report_file)
    assert [(r.rule, r.message) for r in report.results if r.outcome == "failed"] == []


def test_report_passes_axe_core(driver, report_file: Path) -> None:
    from axe_selenium_python import Axe

    driver.get(report_file.as_uri())
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in results["violations"]] == []
