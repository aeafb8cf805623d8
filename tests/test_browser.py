"""Browser mode against real headless Chromium and axe-core; skipped, with the reason, where they are missing."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

import a11ycheck.browser as browser
from a11ycheck import Options, check
from a11ycheck.browser import BrowserError, BrowserSession, available, merge
from a11ycheck.browser.axe import require_current
from a11ycheck.browser.server import QuietHTTPServer

REASON = available()
needs_browser = pytest.mark.skipif(REASON is not None, reason=REASON or "")
TIMEOUT = 5.0

MISSING_ALT = """<!doctype html>
<html lang="en">
<head><title>Missing alt</title></head>
<body><main>
  <h1>News</h1>
  <img src="lavrov.jpg">
</main></body>
</html>
"""


def test_available_says_what_is_missing_and_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser, "find_chromedriver", lambda: None)
    reason = available()
    assert reason is not None and "chromedriver" in reason and "apt-get install chromium chromium-driver" in reason
    assert "chromedriver" not in (available(need_browser=False) or "")
    monkeypatch.setattr(browser, "find_spec", lambda name: None)
    monkeypatch.setattr(browser, "_python", lambda: (3, 12))
    assert available(need_browser=False) == (
        "browser mode needs selenium, axe-selenium-python, not found: pip install 'a11ycheck[browser]'")


def test_on_python_3_11_browser_mode_says_it_needs_3_12(monkeypatch: pytest.MonkeyPatch) -> None:
    """The browser extra installs nothing there (pip would take axe-core 3.1.1 from 2018): say why."""
    monkeypatch.setattr(browser, "find_spec", lambda name: None)
    monkeypatch.setattr(browser, "_python", lambda: (3, 11))
    assert available(need_browser=False) == (
        "browser mode needs selenium, axe-selenium-python, not found: pip install 'a11ycheck[browser]' on Python "
        "3.12 or newer (axe-selenium-python 3, which bundles axe-core 4; this is 3.11)")


@pytest.mark.parametrize("version", ["3.1.1", "2.6.1", "", "unknown"])
def test_an_axe_core_before_4_is_refused(version: str) -> None:
    with pytest.raises(BrowserError, match=rf"^axe-core {version} is too old \(a11ycheck needs 4.0 or newer\): "
                                           r"install axe-selenium-python>=3 \(Python 3.12 or newer\)"):
        require_current(version)
    require_current("4.10.2")


@needs_browser
def test_an_old_axe_script_stops_the_run_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from a11ycheck.cli import main

    old = tmp_path / "axe.min.js"
    old.write_text('window.axe = {version: "3.1.1", getRules: function () { return []; }, '
                   'run: function () { throw new Error("not to be run"); }};')
    page = tmp_path / "page.html"
    page.write_text(MISSING_ALT)
    assert main([str(page), "--engine", "axe", "--axe-script", str(old), "--isolated", "--timeout", "20"]) == 2
    assert capsys.readouterr().err.startswith("a11ycheck: axe-core 3.1.1 is too old")


def test_a_missing_axe_script_is_refused_before_the_browser_starts(tmp_path: Path) -> None:
    with pytest.raises(BrowserError, match="axe script not found"):
        BrowserSession(axe_script=str(tmp_path / "axe.min.js"))


def needs_act_ids(session: BrowserSession) -> None:
    """Skip where axe-core predates ACT ids in its rule metadata (3.1.1, bundled by axe-selenium-python 2.1.6)."""
    if not any(session.act_ids.values()):
        pytest.skip(f"axe-core {session.axe_version} has no actIds in its rule metadata: "
                    "axe-selenium-python>=3 (Python>=3.12) or --axe-script with axe-core 4")


@pytest.fixture(scope="module")
def session() -> Iterator[BrowserSession]:
    if REASON is not None:
        pytest.skip(REASON)
    with BrowserSession(timeout=TIMEOUT, options=Options(include_passed=True)) as opened:
        yield opened


@pytest.fixture
def slow_server() -> Iterator[str]:
    """A local server whose ``/slow`` never answers within the session's bound."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/slow":
                time.sleep(TIMEOUT * 3)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b'<html lang="en"><title>slow</title><img src="/slow">')

        def log_message(self, *args: object) -> None:
            pass

    server = QuietHTTPServer(("127.0.0.1", 0), Handler)  # the browser hangs up on /slow, as intended
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@needs_browser
def test_missing_alt_is_an_axe_violation_placed_in_the_source(session: BrowserSession,
                                                             page: Callable[..., Path]) -> None:
    report = session.check_file(str(page("missing.html", MISSING_ALT)))
    assert report.error is None
    failed = [r for r in report.results if r.rule == "axe/image-alt" and r.outcome == "failed"]
    assert len(failed) == 1
    result = failed[0]
    assert result.wcag == ["1.1.1"] and result.engine == "axe"
    needs_act_ids(session)
    assert "23a2a8" in result.act
    assert (result.line, result.column) == (6, 3)
    assert result.snippet == '<img src="lavrov.jpg">' and result.impact == "critical"
    assert "alt attribute" in result.message
    assert any(r.rule == "axe/document-title" and r.outcome == "passed" for r in report.results)
    assert report.engines["axe-core"] == session.axe_version and session.axe_version[0].isdigit()


@needs_browser
def test_page_scripts_run_before_axe(session: BrowserSession, page: Callable[..., Path]) -> None:
    path = page("scripted.html", MISSING_ALT.replace(
        "</main>", '<div id="box"></div><script>document.getElementById("box").innerHTML = '
                   '\'<img src="c.png" id="made">\';</script></main>'))
    report = session.check_file(str(path))
    made = [r for r in report.failed if r.selector == "#made"]
    assert [(r.rule, r.line, r.column, r.snippet) for r in made] == [
        ("axe/image-alt", 1, 1, '<img src="c.png" id="made">')]


@needs_browser
def test_page_dialogs_do_not_stop_the_run(session: BrowserSession, page: Callable[..., Path]) -> None:
    path = page("alert.html", MISSING_ALT.replace(
        "</main>", '<script>alert("Subscribe!"); setTimeout(function () { confirm("Sure?"); }, 0);</script></main>'))
    for _ in range(2):
        report = session.check_file(str(path))
        assert report.error is None and [r.rule for r in report.failed] == ["axe/image-alt"]


@needs_browser
def test_a_page_that_navigates_away_is_checked_where_it_is(session: BrowserSession, page: Callable[..., Path]) -> None:
    for name, trap in (("replace.html", '<script>location.replace("https://example.org/elsewhere");</script>'),
                       ("timer.html", '<script>setTimeout(function () { location.href = "other.html"; }, 0);</script>'),
                       ("refresh.html", '<meta http-equiv="refresh" content="0; url=https://example.org/">')):
        page("other.html", "<title>Other</title>")
        report = session.check_file(str(page(name, MISSING_ALT.replace("</main>", trap + "</main>"))))
        assert report.error is None and [r.rule for r in report.failed] == ["axe/image-alt"], name


@needs_browser
def test_external_assets_fail_at_once(session: BrowserSession, page: Callable[..., Path]) -> None:
    path = page("cdn.html", MISSING_ALT.replace(
        "</head>", '<script src="https://cdn.jsdelivr.net/npm/jquery@3/dist/jquery.min.js"></script>'
                   '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto"></head>').replace(
        '"lavrov.jpg"', '"https://upload.wikimedia.org/lavrov.jpg"'))
    started = time.monotonic()
    report = session.check_file(str(path))
    assert time.monotonic() - started < TIMEOUT
    assert report.error is None
    assert [r.line for r in report.results if r.rule == "axe/image-alt" and r.outcome == "failed"] == [6]


@needs_browser
def test_a_url_outside_this_machine_is_refused_quickly(session: BrowserSession) -> None:
    started = time.monotonic()
    report = session.check_url("https://example.org/article")
    assert time.monotonic() - started < TIMEOUT
    assert report.error is not None and "outside this machine" in report.error


@needs_browser
def test_page_load_is_bounded(session: BrowserSession, slow_server: str) -> None:
    started = time.monotonic()
    report = session.check_url(slow_server)
    assert time.monotonic() - started < TIMEOUT * 2.5
    assert report.error is None
    assert any(r.rule == "axe/image-alt" and r.outcome == "failed" for r in report.results)


@needs_browser
def test_root_relative_assets_load_from_the_site_root(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "js").mkdir(parents=True)
    (site / "js" / "add.js").write_text('document.body.insertAdjacentHTML("beforeend", \'<img id="from-root">\');')
    page = tmp_path / "pages" / "article.html"
    page.parent.mkdir()
    page.write_text(MISSING_ALT.replace("</body>", '<script src="/js/add.js"></script></body>'))
    with BrowserSession(root=str(site), timeout=TIMEOUT) as rooted:
        report = rooted.check_file(str(page))
    assert report.error is None
    assert {r.selector for r in report.results if r.rule == "axe/image-alt"} == {"#from-root", 'img[src$="lavrov.jpg"]'}


@needs_browser
def test_page_bytes_are_served_locally(session: BrowserSession) -> None:
    report = session.check_source(MISSING_ALT.encode(), path="https://example.org/article")
    assert report.path == "https://example.org/article" and report.error is None
    assert [r.line for r in report.results if r.rule == "axe/image-alt" and r.outcome == "failed"] == [6]


@needs_browser
def test_a_fragment_is_not_held_to_page_rules(session: BrowserSession) -> None:
    report = session.check_source('<figure><img src="a.png"><figcaption>Lavrov</figcaption></figure>', path="<html>")
    assert report.error is None
    assert [r.rule for r in report.failed] == ["axe/image-alt"]
    assert {"axe/document-title", "axe/region"} <= {r.rule for r in report.results if r.outcome == "inapplicable"}
    page_report = session.check_source(MISSING_ALT.replace("<title>Missing alt</title>", ""), path="page.html")
    assert "axe/document-title" in {r.rule for r in page_report.failed}


@needs_browser
def test_merge_folds_the_duplicate(session: BrowserSession, page: Callable[..., Path]) -> None:
    path = page("merge.html", MISSING_ALT)
    static = check(path, path=str(path))
    axe = session.check_file(str(path))
    needs_act_ids(session)
    merged = merge(static, axe)
    image = [r for r in merged.results if "23a2a8" in r.act and r.outcome == "failed"]
    assert [(r.rule, r.engine, r.line) for r in image] == [("image-alt", "static+axe", 6)]
    assert {r.engine for r in merged.results} >= {"static+axe", "axe"}


@needs_browser
def test_a_users_own_axe_script_is_used_and_its_version_reported(tmp_path: Path, page: Callable[..., Path]) -> None:
    from axe_selenium_python import axe as bundled

    script = tmp_path / "axe.min.js"
    shutil.copy(bundled._DEFAULT_SCRIPT, script)
    with script.open("a") as handle:
        handle.write('\naxe.version = "4.99.0-local";\n')
    with BrowserSession(axe_script=str(script), timeout=TIMEOUT) as own:
        report = own.check_file(str(page("own.html", MISSING_ALT)))
    assert report.engines == {"axe-core": "4.99.0-local"}
    assert [r.rule for r in report.failed] == ["axe/image-alt"]


@needs_browser
def test_a_users_own_webdriver(page: Callable[..., Path]) -> None:
    from a11ycheck.browser.driver import BlockedChromium

    chromium = BlockedChromium(timeout=TIMEOUT)
    try:
        chromium.driver.get(page("driver.html", MISSING_ALT).as_uri())
        report = browser.check_driver(chromium.driver)
        assert report.path.startswith("file://") and report.error is None
        assert [r.rule for r in report.failed] == ["axe/image-alt"]
        assert report.failed[0].line > 1  # placed in the serialised DOM
        assert chromium.driver.title == "Missing alt"  # still the user's, still open
    finally:
        chromium.quit()


def test_cli_without_a_browser_exits_2_with_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from a11ycheck.cli import main

    page = tmp_path / "page.html"
    page.write_text(MISSING_ALT)
    monkeypatch.setattr(browser, "find_chromium", lambda: None)
    assert main([str(page), "--engine", "axe", "--isolated"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("a11ycheck: browser mode needs chromium") and "apt-get install chromium" in err


def _bundled_axe_has_act_ids() -> bool:
    from importlib.metadata import version

    return REASON is None and int(version("axe-selenium-python").split(".")[0]) >= 3


@pytest.mark.skipif(not _bundled_axe_has_act_ids(), reason="needs a browser and axe-selenium-python>=3 (axe-core 4)")
def test_cli_both_engines_merge_into_one_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from a11ycheck.cli import main

    page = tmp_path / "page.html"
    page.write_text(MISSING_ALT)
    assert main([str(page), "--engine", "both", "--format", "json", "--isolated", "--timeout", "20"]) == 1
    data = json.loads(capsys.readouterr().out)["files"][0]
    assert "axe-core" in data["engines"] and "a11ycheck" in data["engines"]
    image = [r for r in data["results"] if r["line"] == 6 and "1.1.1" in r["wcag"]]
    assert [(r["rule"], r["outcome"], r["engine"]) for r in image] == [("image-alt", "failed", "static+axe")]


@needs_browser
@pytest.mark.parametrize("engine", ["axe", "both"])
def test_per_file_ignores_and_inline_suppressions_reach_axe(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            engine: str) -> None:
    import json

    from a11ycheck.cli import main

    (tmp_path / ".a11ycheck.toml").write_text("[per-file-ignores]\n'old/**' = ['image-alt']\n")
    old, new = tmp_path / "old" / "page.html", tmp_path / "new" / "page.html"
    for path, html in ((old, MISSING_ALT), (new, MISSING_ALT.replace(
            '  <img', '  <!-- a11ycheck-disable-next-line image-alt -- spacer from the ad server -->\n  <img'))):
        path.parent.mkdir()
        path.write_text(html)
    assert main([str(old), str(new), "--engine", engine, "--format", "json", "--timeout", "20"]) == 0
    files = json.loads(capsys.readouterr().out)["files"]
    assert [r["rule"] for f in files for r in f["results"] if r["outcome"] == "failed"] == []
    assert {r["reason"] for r in files[1]["suppressed"]} == {"spacer from the ad server"}


@needs_browser
def test_the_configurations_root_and_severity_reach_the_browser_engine(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from a11ycheck.cli import main

    (tmp_path / "pyproject.toml").write_text("[tool.a11ycheck]\nroot = 'site'\n[tool.a11ycheck.rules]\n"
                                             "image-alt = 'warning'\n")
    (tmp_path / "site" / "js").mkdir(parents=True)
    (tmp_path / "site" / "js" / "add.js").write_text(
        'document.querySelector("main").insertAdjacentHTML("beforeend", \'<img id="from-root">\');')
    page = tmp_path / "site" / "pages" / "article.html"
    page.parent.mkdir()
    page.write_text(MISSING_ALT.replace("</body>", '<script src="/js/add.js"></script></body>'))
    assert main([str(page), "--engine", "both", "--format", "json", "--timeout", "20"]) == 0  # warnings only
    results = json.loads(capsys.readouterr().out)["files"][0]["results"]
    assert {(r["rule"], r["selector"]) for r in results if r["outcome"] == "failed"} == {
        ("image-alt", "html > body > main > img"), ("axe/image-alt", "#from-root")}
    assert {r["severity"] for r in results if r["outcome"] == "failed"} == {"warning"}
