"""The pytest plugin, exercised in fresh pytest runs with pytester."""

from __future__ import annotations

import contextvars
import re
from pathlib import Path

import pytest

from a11ycheck import Options, Report, Result, assert_accessible, check
from a11ycheck.pytest_plugin import A11y, AccessibilityError

GOOD = "<!doctype html><html lang='en'><head><title>Good</title></head><body><main><h1>Hi</h1></main></body></html>"
UNTITLED = "<!doctype html>\n<html lang='en'>\n<head></head>\n<body><main><h1>Hi</h1></main></body>\n</html>"


def test_assert_accessible_returns_the_report_of_a_good_page() -> None:
    report = assert_accessible(GOOD)
    assert report.failed == []


def test_failure_reads_like_the_cli() -> None:
    with pytest.raises(AccessibilityError) as err:
        assert_accessible(UNTITLED)
    text = str(err.value)
    first = text.splitlines()[0]
    assert first == "<html from test_failure_reads_like_the_cli>: 1 accessibility failure (document-title)"
    assert "<html from test_failure_reads_like_the_cli>:2:1: document-title The page has no <title> element" in text
    assert "<html lang='en'>" in text  # the snippet, as --show-source prints it


def test_markup_is_named_after_the_test_it_is_checked_in() -> None:
    assert A11y().check(UNTITLED.encode()).path == "<html from test_markup_is_named_after_the_test_it_is_checked_in>"
    outside = contextvars.Context()  # as a script calling it outside any test
    with pytest.raises(AccessibilityError, match=r"^<html>: 1 accessibility failure"):
        outside.run(assert_accessible, UNTITLED)


def test_the_package_exports_what_tests_use() -> None:
    import a11ycheck
    from a11ycheck import AccessibilityError as exported

    assert exported is AccessibilityError
    assert "AccessibilityError" in a11ycheck.__all__
    assert all(getattr(a11ycheck, name) is not None for name in a11ycheck.__all__)
    with pytest.raises(exported):
        a11ycheck.assert_accessible(UNTITLED)


def test_failure_summary_shows_odd_names_as_reports_do(tmp_path: Path) -> None:
    page = tmp_path / "a\x1b]0;title\x07.html"
    page.write_text(UNTITLED, encoding="utf-8")
    with pytest.raises(AccessibilityError) as err:
        assert_accessible(page)
    first = str(err.value).splitlines()[0]
    assert "\x1b" not in first and "\x07" not in first
    assert first.startswith('"') and "a\\033]0;title\\a.html" in first


REVIEWED = UNTITLED.replace("<h1>Hi</h1>", "<h1>Hi</h1><img src='fireworks.jpg' alt=''>")


def test_failure_lists_review_items_only_on_request() -> None:
    with pytest.raises(AccessibilityError) as err:
        assert_accessible(REVIEWED)
    assert "[cantTell]" not in str(err.value)
    assert str(err.value).endswith("1 failed, 1 to review (review=True lists them)")
    with pytest.raises(AccessibilityError) as err:
        assert_accessible(REVIEWED, review=True)
    assert "image-hidden-decorative [cantTell] The image fireworks.jpg" in str(err.value)


def test_a11y_items_list_review_items_with_a11y_review(pytester: pytest.Pytester) -> None:
    pytester.makefile(".html", bad=REVIEWED)
    result = pytester.runpytest_subprocess("--a11y", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*1 failed, 1 to review (--a11y-review lists them)*"])
    result = pytester.runpytest_subprocess("--a11y", "--a11y-review", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*image-hidden-decorative [[]cantTell[]] The image fireworks.jpg*"])
    pytester.makefile(".toml", **{".a11ycheck": "review = true"})
    result = pytester.runpytest_subprocess("--a11y", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*image-hidden-decorative [[]cantTell[]] The image fireworks.jpg*"])


def test_fail_on_ignores_lesser_impacts() -> None:
    # document-title is 'serious'
    assert_accessible(UNTITLED, fail_on="critical", select=["document-title"])
    with pytest.raises(AccessibilityError):
        assert_accessible(UNTITLED, fail_on="serious", select=["document-title"])


def test_fragments_skip_page_rules() -> None:
    assert_accessible("<p>Just a component</p>")
    with pytest.raises(AccessibilityError):
        assert_accessible("<p>Just a component</p>", fragment=False, select=["document-title"])


def test_targets_of_every_kind(tmp_path: Path) -> None:
    bs4 = pytest.importorskip("bs4")
    from lxml import etree

    path = tmp_path / "page.html"
    path.write_text(UNTITLED)

    class Response:  # the shape of requests / httpx / Django responses
        content = UNTITLED.encode()
        url = "http://testserver/article"

    for target in (UNTITLED.encode(), path, bs4.BeautifulSoup(UNTITLED, "html.parser"),
                   etree.fromstring(UNTITLED, etree.HTMLParser()), Response()):
        with pytest.raises(AccessibilityError, match="document-title"):
            assert_accessible(target)
    with pytest.raises(TypeError, match="cannot check a int"):
        assert_accessible(42)


def test_a_string_with_no_markup_is_a_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "teaser.html").write_text(UNTITLED)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(AccessibilityError, match=r"^pages/teaser.html: 1 accessibility failure \(document-title\)"):
        assert_accessible("pages/teaser.html")
    assert [r.rule for r in A11y().check("pages/teaser.html").failed] == ["document-title"]


@pytest.mark.parametrize("check", [assert_accessible, A11y().check])
def test_a_missing_path_is_an_error_never_a_pass(check, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = re.escape(str(tmp_path))
    with pytest.raises(FileNotFoundError, match=rf"^pages/nope\.html: does not exist in {folder} \(a string with"):
        check("pages/nope.html")
    with pytest.raises(FileNotFoundError, match=rf"^{folder}/nope\.html: does not exist$"):
        check(tmp_path / "nope.html")
    (tmp_path / "pages").mkdir()
    with pytest.raises(FileNotFoundError, match=r"^pages: is a folder, not a file"):
        check("pages")
    with pytest.raises(TypeError, match="an empty string is not a page"):
        check(" ")


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="fail-on: expected one of critical, serious, moderate, minor, got 'huge'"):
        assert_accessible(GOOD, fail_on="huge")
    with pytest.raises(ValueError, match="engine"):
        assert_accessible(GOOD, engine="chrome")


def test_fixture_and_marker_in_a_fresh_project(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(f"""
        import pytest
        from a11ycheck import assert_accessible

        PAGE = {UNTITLED!r}

        def test_fixture_reports(a11y):
            report = a11y.check(PAGE)
            assert report.path == "<html from test_fixture_reports>"
            assert [r.rule for r in report.failed] == ["document-title"]
            assert report.by_rule()["document-title"][0].outcome == "failed"

        def test_fails():
            assert_accessible(PAGE)

        @pytest.mark.a11y(ignore=["document-title"])
        def test_marker_narrows():
            assert_accessible(PAGE)
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["E * <html from test_fails>: 1 accessibility failure (document-title)",
                                 "E * <html from test_fails>:2:1: document-title The page has no <title> element"])


def test_a_failure_shows_the_tests_line_not_the_plugins_source(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_pages=f"""
        from a11ycheck import assert_accessible

        def test_fails(a11y):
            a11y.assert_accessible({UNTITLED!r})

        def test_missing():
            assert_accessible("pages/nope.html")
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=2)
    text = result.stdout.str()
    assert "a11ycheck/" not in text and "raise " not in text  # no frame of the plugin's own
    result.stdout.fnmatch_lines(["    def test_fails(a11y):", ">       a11y.assert_accessible(*)",
                                 "E       a11ycheck.AccessibilityError: *: 1 accessibility failure (document-title)",
                                 "test_pages.py:4: AccessibilityError"])
    result.stdout.fnmatch_lines([">       assert_accessible(\"pages/nope.html\")",
                                 "E       FileNotFoundError: pages/nope.html: does not exist in *",
                                 "test_pages.py:7: FileNotFoundError"])


def test_a_failed_assertion_on_a_report_reads_well(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(f"""
        def test_report(a11y):
            report = a11y.check({UNTITLED!r})
            assert not report.failed
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines([
        "E       AssertionError: assert not [<Result document-title failed at 2:1: 'The page has no <title> element'>]",
        "E        +  where * = <Report '<html from test_report>': 1 failed, 0 cantTell, * passed, * inapplicable;"
        " document-title at 2:1>.failed",
    ])


def test_a_reports_repr_names_its_first_failures_and_its_error() -> None:
    page = "<!doctype html><html><body>" + "<img src=a.jpg>" * 5 + "</body></html>"
    shown = repr(check(page, path="a\n.html", options=Options(select=("image-alt",))))
    assert shown == ("<Report 'a\\n.html': 5 failed, 0 cantTell, 0 passed, 0 inapplicable; image-alt at 1:28,"
                     " image-alt at 1:43, image-alt at 1:58 and 2 more>")
    assert repr(Report("gone.html", error="no such file")) == "<Report 'gone.html': error 'no such file'>"
    warning = Result("photo-credit", "failed", "minor", "No credit", line=3, column=5, severity="warning")
    assert repr(warning) == "<Result photo-credit failed warning at 3:5: 'No credit'>"


def test_unknown_rules_in_arguments_are_errors() -> None:
    with pytest.raises(ValueError, match=r"^unknown rule or tag: document-titel \(did you mean 'document-title'\?\)$"):
        assert_accessible(UNTITLED, select=["document-titel"])
    with pytest.raises(ValueError, match=r"^unknown rule or tag: nope$"):
        A11y().check(UNTITLED, ignore="image-alt, nope")
    assert_accessible(UNTITLED, select="image-alt")  # one name as a string, not its letters


def test_a_wrong_marker_fails_its_test_saying_why(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(f"""
        import pytest
        from a11ycheck import assert_accessible

        @pytest.mark.a11y(ignores=["document-title"])
        def test_misspelt():
            assert_accessible({UNTITLED!r}, select=["image-alt"])

        @pytest.mark.a11y(ignore=["document-titel"])
        def test_unknown_rule():
            assert_accessible({GOOD!r})

        @pytest.mark.a11y("document-title")
        def test_positional():
            assert_accessible({GOOD!r})

        @pytest.mark.a11y(select="wcag2a", ignore=("image-alt", "document-title"))
        def test_right():
            assert_accessible({UNTITLED!r})
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=3)
    result.stdout.fnmatch_lines([
        "@pytest.mark.a11y: unknown keyword ignores (did you mean 'ignore'?); it takes select= and ignore=",
        "@pytest.mark.a11y: unknown rule or tag: document-titel (did you mean 'document-title'?)",
        "@pytest.mark.a11y takes keywords only (select=, ignore=), not ('document-title',)",
    ], consecutive=False)


@pytest.mark.parametrize("option", ["--a11y-ignore", "--a11y-select"])
def test_an_unknown_rule_in_an_option_is_one_usage_error(pytester: pytest.Pytester, option: str) -> None:
    pytester.makefile(".html", one=GOOD, two=UNTITLED)
    result = pytester.runpytest_subprocess("--a11y", option, "image-alt,nope", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert result.stderr.str().strip() == f"ERROR: {option}: unknown rule or tag: nope"
    assert "collected" not in result.stdout.str()


def test_collects_html_files_with_a11y_option(pytester: pytest.Pytester) -> None:
    pytester.makefile(".html", good=GOOD, bad=UNTITLED)
    pytester.makefile(".txt", notes="not html")
    result = pytester.runpytest_subprocess("--a11y", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*bad.html:2:1: document-title The page has no <title> element*"])
    narrowed = pytester.runpytest_subprocess("--a11y", "--a11y-ignore", "document-title", "-p", "no:cacheprovider")
    narrowed.assert_outcomes(passed=2)


def test_project_configuration_applies_to_collected_files(pytester: pytest.Pytester) -> None:
    pytester.makefile(".html", bad=UNTITLED)
    pytester.makefile(".toml", **{".a11ycheck": "ignore = ['document-title']"})
    result = pytester.runpytest_subprocess("--a11y", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


UNCREDITED = GOOD.replace("<h1>Hi</h1>", "<h1>Hi</h1><figure><img src='crowd.jpg' alt='A crowd'>"
                                         "<figcaption>Protesters on Sunday.</figcaption></figure>")


def test_collected_files_fail_as_the_project_configures_severity(pytester: pytest.Pytester) -> None:
    pytester.makefile(".html", uncredited=UNCREDITED)
    pytester.runpytest_subprocess("--a11y", "-p", "no:cacheprovider").assert_outcomes(passed=1)  # a warning
    pytester.makefile(".toml", **{".a11ycheck": "fail-on = 'critical'\n[rules]\nnews = 'error'"})
    pytester.runpytest_subprocess("--a11y", "-p", "no:cacheprovider").assert_outcomes(passed=1)  # minor < critical
    pytester.makefile(".toml", **{".a11ycheck": "[rules]\nnews = 'error'"})
    result = pytester.runpytest_subprocess("--a11y", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*uncredited.html: 1 accessibility failure (photo-credit)*"])


def test_without_the_option_html_files_are_not_collected(pytester: pytest.Pytester) -> None:
    pytester.makefile(".html", bad=UNTITLED)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def _browser_reason() -> str | None:
    from a11ycheck.browser import available

    return available()


@pytest.mark.skipif(_browser_reason() is not None, reason=_browser_reason() or "")
def test_axe_engine_on_html_and_on_a_webdriver(a11y) -> None:
    from a11ycheck.browser.driver import BlockedChromium

    page = ("<!doctype html><html lang='en'><head><title>T</title></head>"
            "<body><main><img src=x.jpg></main></body></html>")
    with pytest.raises(AccessibilityError, match="axe/image-alt"):
        assert_accessible(page, engine="axe")
    merged = a11y.check(page, engine="both")
    assert {"a11ycheck", "axe-core"} <= set(merged.engines)
    browser = BlockedChromium(timeout=20)
    try:
        browser.driver.get("data:text/html," + page)
        report = a11y.axe(browser.driver)
        assert "axe/image-alt" in {r.rule for r in report.failed}
    finally:
        browser.quit()


def test_warning_rules_do_not_fail_an_assertion() -> None:
    page = ("<!doctype html><html lang='en'><head><title>T</title></head><body><a href='#main'>Skip to content</a>"
            "<header><nav><a href='/a'>A</a></nav></header><main id='main'><h1>S</h1><p>Text.</p></main></body></html>")
    report = assert_accessible(page, select=["bypass-collapsible"])
    assert [r.rule for r in report.failed] == ["bypass-collapsible"]  # reported, but a warning
    report = assert_accessible(UNCREDITED, select=["photo-credit"])
    assert [r.rule for r in report.failed] == ["photo-credit"]  # a rule with no WCAG failure behind it
