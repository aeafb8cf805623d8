"""The run's policy: built once from the configuration and a door's settings, and honoured by every door."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, imported

from a11ycheck import Options, assert_accessible, check
from a11ycheck.config import ConfigError
from a11ycheck.policy import DEFAULT_FAIL_ON, Overrides, Policy, build
from a11ycheck.pytest_plugin import AccessibilityError

# An image without a text alternative (image-alt, critical) and a link without a name (link-name, serious)
TEASER = """<!doctype html>
<html lang="en">
<head><title>Teaser</title></head>
<body>
<main>
<h1>News</h1>
<img src="photo.jpg">
<p><a href="/more"></a></p>
</main>
</body>
</html>
"""


def test_no_module_but_main_imports_the_command_line() -> None:
    """The policy lives in the configuration layer: the survey, the plugin and the benchmark import no CLI
    (the cli <-> survey.command cycle is gone)."""
    importers = []
    for path in sorted([*(ROOT / "a11ycheck").rglob("*.py"), *(ROOT / "benchmarks").glob("*.py")]):
        relative = path.relative_to(ROOT).with_suffix("")
        package = ".".join(relative.parts[:-1]) if relative.name != "__init__" else ".".join(relative.parts)
        if "a11ycheck.cli" in imported(path, package) and relative.parts != ("a11ycheck", "__main__"):
            importers.append(str(relative))
    assert importers == []


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_build_reads_the_file_once_and_puts_the_door_on_top(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.a11ycheck]\nfail-on = 'serious'\nroot = 'site'\nreview = true\n"
                                       "[tool.a11ycheck.rules]\nimage-alt = 'warning'\nnews = 'error'\n"
                                       "[tool.a11ycheck.per-file-ignores]\n'site/old/**' = ['link-name']\n")
    page = write(tmp_path / "site" / "old" / "a.html", TEASER)
    options, policy = build(page)
    assert (policy.fail_on, policy.review, options.root) == ("serious", True, str(tmp_path / "site"))
    assert (options.severity["image-alt"], options.severity["photo-credit"]) == ("warning", "error")
    assert policy.options_for(options, str(page)).ignore == ("link-name",)
    options, policy = build(page, Overrides(fail_on="critical", review=False, root="/srv", severity={"news": "off"}))
    assert (policy.fail_on, policy.review, options.root) == ("critical", False, "/srv")
    assert "photo-credit" in options.ignore and "photo-credit" not in options.severity
    assert build(page, isolated=True)[1].fail_on == DEFAULT_FAIL_ON == "minor"
    with pytest.raises(ValueError, match=r"^fail-on: expected one of critical, serious, moderate, minor, got 'huge'$"):
        build(page, Overrides(fail_on="huge"))


def test_every_result_carries_its_severity(tmp_path: Path) -> None:
    """The engine sets each result's severity from the options (the rule file's without a policy)."""
    report = check(TEASER.replace("<h1>", "<h1 id='a'>").replace("<p>", "<p id='a'>").replace("/more", "#a"),
                   options=Options(select=("image-alt", "link-name", "duplicate-id")))
    assert {(r.rule, r.severity) for r in report.failed} == {("image-alt", "error"), ("link-name", "error"),
                                                              ("duplicate-id", "warning")}
    options, _ = build(tmp_path, Overrides(severity={"image-alt": "warning"}))
    report = check(TEASER, options=options)
    assert {(r.rule, r.severity) for r in report.failed} == {("image-alt", "warning"), ("link-name", "error")}


def test_a_broken_pyproject_found_upward_is_an_error_naming_it(cli_run, tmp_path: Path) -> None:
    pyproject = write(tmp_path / "pyproject.toml", "[project\nname = 'site'\n[tool.a11ycheck]\nfail-on = 'critical'\n")
    page = write(tmp_path / "pages" / "teaser.html", TEASER)
    run = cli_run(page)
    assert run.code == 2 and run.out == ""
    assert run.err.startswith(f"a11ycheck: {pyproject}: not valid TOML (") and run.err.count("\n") == 1
    with pytest.raises(ConfigError, match=f"^{re.escape(str(pyproject))}: not valid TOML"):
        assert_accessible(page)


def test_root_from_the_configuration_file_is_the_site_root(cli_run, tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.a11ycheck]\nroot = 'site'\n")
    write(tmp_path / "site" / "media" / "empty.vtt", "WEBVTT\n")
    page = write(tmp_path / "site" / "pages" / "clip.html",
                 '<video controls src="x.mp4"><track kind="captions" src="/media/empty.vtt"></video>')
    unreadable = "The track file empty.vtt is not WebVTT or has no cues"
    run = cli_run(page, "--select", "track-valid", "--format", "json")
    assert [r["message"] for r in run.json()["files"][0]["results"]] == [unreadable]
    with pytest.raises(AccessibilityError, match="is not WebVTT or has no cues"):
        assert_accessible(page, select=["track-valid"])
    run = cli_run(page, "--select", "track-valid", "--format", "json", "--root", page.parent)  # over the file
    assert [r["message"] for r in run.json()["files"][0]["results"]] != [unreadable]


FORMATS = ("text", "json", "jsonl", "sarif", "junit", "github", "html", "earl")


def test_severity_and_fail_on_reach_every_formats_exit_code(cli_run, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "pyproject.toml", "[tool.a11ycheck.rules]\nimage-alt = 'warning'\nlink-name = 'warning'\n")
    write(tmp_path / "teaser.html", TEASER)
    assert [cli_run("teaser.html", "--format", name).code for name in FORMATS] == [0] * len(FORMATS)
    report = cli_run("teaser.html", "--format", "json").json()["files"][0]
    assert {(r["rule"], r["severity"]) for r in report["results"]} == {("image-alt", "warning"),
                                                                       ("link-name", "warning")}
    write(tmp_path / "pyproject.toml", "[tool.a11ycheck]\nfail-on = 'critical'\n"
                                       "[tool.a11ycheck.rules]\nimage-alt = 'warning'\n")
    assert [cli_run("teaser.html", "--format", name).code for name in FORMATS] == [0] * len(FORMATS)  # serious
    assert cli_run("teaser.html", "--fail-on", "serious").code == 1


IMAGE_ONLY = TEASER.replace('<p><a href="/more"></a></p>', "")  # image-alt, critical
LINK_ONLY = TEASER.replace('<img src="photo.jpg">', "")  # link-name, serious


@pytest.mark.parametrize(("page", "option"), [
    (IMAGE_ONLY, '[tool.a11ycheck.rules]\n"image-alt" = "warning"\n'),
    (LINK_ONLY, '[tool.a11ycheck]\nfail-on = "critical"\n'),
])
def test_one_option_in_pyproject_is_honoured_by_every_door(cli_run, pytester: pytest.Pytester, page: str,
                                                           option: str) -> None:
    """The issue's "done when": a new user sets one option in pyproject.toml, and the CLI (the exit code of
    every format), assert_accessible (a path, markup), the a11y fixture and pytest --a11y all honour it."""
    pytester.makefile(".html", teaser=page)
    pytester.makepyfile(test_pages="""
        from pathlib import Path
        from a11ycheck import assert_accessible

        PAGE = Path(__file__).parent / "teaser.html"

        def test_path():
            assert_accessible(PAGE)

        def test_markup():
            assert_accessible(PAGE.read_text())

        def test_fixture(a11y):
            a11y.assert_accessible(PAGE)
    """)

    quiet = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest")  # (hypothesis's summary costs seconds a run)

    def doors() -> tuple[list[int], dict[str, int], dict[str, int]]:
        codes = [cli_run("teaser.html", "--format", name).code for name in FORMATS]
        tests = pytester.runpytest(*quiet, "test_pages.py").parseoutcomes()
        items = pytester.runpytest(*quiet, "--a11y", "teaser.html").parseoutcomes()
        return codes, tests, items

    assert doors() == ([1] * len(FORMATS), {"failed": 3}, {"failed": 1})
    pytester.makefile(".toml", pyproject=option)
    assert doors() == ([0] * len(FORMATS), {"passed": 3}, {"passed": 1})


def test_a_path_given_as_a_string_finds_its_own_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A string with no '<' is a path: the configuration is found upward from it, as for a Path, and its
    per-file ignores apply to it (not the configuration of the folder the tests run in)."""
    write(tmp_path / "site" / "pyproject.toml",
          "[tool.a11ycheck.per-file-ignores]\n'pages/*.html' = ['image-alt', 'link-name']\n")
    write(tmp_path / "site" / "pages" / "teaser.html", TEASER)
    monkeypatch.chdir(tmp_path)
    assert not assert_accessible("site/pages/teaser.html").failed
    with pytest.raises(AccessibilityError):
        assert_accessible((tmp_path / "site" / "pages" / "teaser.html").read_text())


def test_per_file_ignores_match_a_pages_url_by_its_path() -> None:
    policy = Policy(per_file_ignores=(("archive/**", ("link-name",)), ("live", ("image-alt",))))
    assert policy.ignored_for("https://news.example/archive/2019/caf%C3%A9.html") == ("link-name",)
    assert policy.ignored_for("http://news.example/live/") == ("image-alt",)
    assert policy.ignored_for("https://archive.example/news/a.html") == ()  # the host is not part of the path


def test_a_malformed_page_url_gets_no_per_file_ignore_and_raises_nothing(tmp_path: Path) -> None:
    # an archived page's URL is whatever the archive says: one that urllib cannot split must not end the run
    write(tmp_path / "pyproject.toml", "[tool.a11ycheck.per-file-ignores]\n'old/**' = ['link-name']\n")
    options, policy = build(tmp_path)
    assert policy.options_for(options, "http://[::1/old/a.html").ignore == options.ignore
    assert policy.options_for(options, "http://example.org/old/a.html").ignore == (*options.ignore, "link-name")
