"""The CLI as a CI step: several formats at once, configuration, baseline, jobs, jsonl, suppressions."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from a11ycheck.cli import main

UNTITLED = "<!doctype html>\n<html lang='en'>\n<head></head>\n<body><main><h1>Hi</h1></main></body>\n</html>\n"
TITLED = UNTITLED.replace("<head></head>", "<head><title>Hi</title></head>")
NOALT = TITLED.replace("<h1>Hi</h1>", "<h1>Hi</h1>\n<img src='cat.jpg'>")


@pytest.fixture
def site(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.html").write_text(UNTITLED)
    (tmp_path / "news" / "b.html").write_text(NOALT)
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "old.html").write_text(UNTITLED)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "-m", "a11ycheck", *args], capture_output=True, text=True, timeout=120,
                          check=False)
    return done.returncode, done.stdout, done.stderr


def test_several_formats_in_one_run(site: Path) -> None:
    code, out, _ = run("news", "--format", "text,sarif=out/r.sarif,junit=r.xml,json=r.json,github=gh.txt,"
                       "html=r.html,earl=r.jsonld", "--isolated")
    assert code == 2  # out/ does not exist: a clear error, no traceback
    (site / "out").mkdir()
    code, out, err = run("news", "--format", "text,sarif=out/r.sarif,junit=r.xml,json=r.json,github=gh.txt,"
                         "html=r.html,earl=r.jsonld", "--isolated")
    assert code == 1, err
    assert "news/a.html:2:1: document-title" in out
    assert json.loads((site / "out" / "r.sarif").read_text())["version"] == "2.1.0"
    assert [f["path"] for f in json.loads((site / "r.json").read_text())["files"]] == ["news/a.html", "news/b.html"]
    assert (site / "r.xml").read_text().startswith("<?xml")
    assert (site / "gh.txt").read_text().startswith("::")
    assert "<!DOCTYPE html>" in (site / "r.html").read_text()
    assert "@graph" in json.loads((site / "r.jsonld").read_text())


def test_review_items_listed_with_the_review_switch_or_setting(site: Path) -> None:
    (site / "news" / "c.html").write_text(TITLED.replace("<h1>Hi</h1>", "<h1>Hi</h1><img src='f.jpg' alt=''>"))
    code, out, _ = run("news/c.html", "--isolated")
    assert (code, out) == (0, "1 file checked: 0 failed, 1 to review (--review lists them)\n")
    code, out, _ = run("news/c.html", "--isolated", "--review")
    assert "news/c.html:4:24: image-hidden-decorative [cantTell]" in out
    (site / ".a11ycheck.toml").write_text("review = true\n")
    assert "image-hidden-decorative [cantTell]" in run("news/c.html")[1]
    (site / ".a11ycheck.toml").write_text("review = 'yes'\n")
    code, _, err = run("news/c.html")
    assert code == 2 and err.strip().endswith("review: expected true or false, got 'yes'")


def test_output_replaces_the_file(site: Path) -> None:
    (site / "report.json").write_text("old")
    code, out, _ = run("news/a.html", "--format", "json", "--output", "report.json", "--isolated")
    assert code == 1 and out == ""
    assert json.loads((site / "report.json").read_text())["files"][0]["path"] == "news/a.html"
    assert not [p for p in site.iterdir() if p.name.startswith(".report.json")]


@pytest.mark.parametrize(("fmt", "message"), [
    ("text,json", "only one format can go to standard output"),
    ("yaml", "unknown format 'yaml'"),
])
def test_format_usage_errors(site: Path, fmt: str, message: str, capsys) -> None:
    assert main(["news", "--format", fmt]) == 2
    assert message in capsys.readouterr().err


def test_configuration_applies(site: Path) -> None:
    (site / "pyproject.toml").write_text("""
[tool.a11ycheck]
exclude = ["legacy/**"]
fail-on = "critical"
[tool.a11ycheck.per-file-ignores]
"news/b.html" = ["image-alt"]
""")
    code, out, _ = run(".", "--format", "json", "--jobs", "1")
    files = json.loads(out)["files"]
    assert [f["path"] for f in files] == ["./news/a.html", "./news/b.html"]
    rules_b = {r["rule"] for r in files[1]["results"]}
    assert "image-alt" not in rules_b
    assert code == 0  # document-title is serious; fail-on critical
    assert run(".", "--isolated", "--jobs", "1")[0] == 1


def test_warning_severity_reports_but_passes(site: Path) -> None:
    (site / ".a11ycheck.toml").write_text("[rules.document-title]\nseverity = 'warning'\n")
    code, out, _ = run("news/a.html", "--select", "document-title")
    assert code == 0
    assert "document-title" in out


def test_off_severity_and_bad_config(site: Path) -> None:
    (site / ".a11ycheck.toml").write_text("[rules.document-title]\nseverity = 'off'\n")
    code, out, _ = run("news/a.html", "--select", "document-title,image-alt")
    assert code == 0 and "document-title" not in out
    (site / ".a11ycheck.toml").write_text("colour = 1\n")
    code, out, err = run("news/a.html")
    assert code == 2
    assert err.strip().splitlines() == [f"a11ycheck: {site / '.a11ycheck.toml'}: colour: unknown key (known: "
                                        "cache-dir, exclude, extend-select, fail-on, help-url, ignore, "
                                        "ignore-selectors, max-size, per-file-ignores, review, root, rules, select, "
                                        "timeout)"]
    code, _, err = run("news/a.html", "--config", "nope.toml")
    assert code == 2 and "nope.toml: no such file" in err


def test_baseline_round_trip(site: Path) -> None:
    assert run("news", "--write-baseline", "baseline.json", "--isolated")[0] == 1
    code, out, err = run("news", "--baseline", "baseline.json", "--isolated")
    assert code == 0, out
    (site / "news" / "c.html").write_text(NOALT.replace("cat.jpg", "dog.jpg"))
    (site / "news" / "a.html").write_text(TITLED)
    code, out, err = run("news", "--baseline", "baseline.json", "--isolated")
    assert code == 1
    assert "news/c.html" in out and "news/b.html" not in out
    assert "no longer occur" in err
    code, _, err = run("news", "--baseline", "missing.json")
    assert code == 2 and "missing.json: no such file" in err


def test_jobs_give_the_same_output_in_the_same_order(site: Path) -> None:
    for n in range(12):
        (site / "news" / f"p{n:02}.html").write_text(NOALT if n % 2 else UNTITLED)
    one = run("news", "--format", "json", "--jobs", "1", "--isolated")
    two = run("news", "--format", "json", "--jobs", "2", "--isolated")
    assert one == two


def test_jsonl_streams_one_object_per_file(site: Path) -> None:
    code, out, _ = run("news", "legacy", "--format", "jsonl", "--jobs", "2", "--isolated")
    lines = [json.loads(line) for line in out.splitlines()]
    assert sorted(x["path"] for x in lines) == ["legacy/old.html", "news/a.html", "news/b.html"]
    assert all("results" in x and "version" in x for x in lines)
    assert code == 1


def test_inline_suppression_end_to_end(site: Path) -> None:
    page = NOALT.replace("<img", "<!-- a11ycheck-disable-next-line image-alt -- stock photo, ticket 7 -->\n<img")
    (site / "s.html").write_text(page)
    out = run("s.html", "--format", "json", "--isolated")[1]
    data = json.loads(out)["files"][0]
    assert [r["rule"] for r in data["suppressed"]] == ["image-alt"]
    assert data["suppressed"][0]["reason"] == "stock photo, ticket 7"
    assert "image-alt" not in {r["rule"] for r in data["results"]}
    text = run("s.html", "--isolated")[1]
    assert "1 suppressed" in text


def test_statistics(site: Path) -> None:
    out = run("news", "--statistics", "--isolated", "--select", "document-title,image-alt")[1]
    assert "     1  document-title  failed" in out
    assert "     1  image-alt       failed" in out


def test_no_progress_bar_in_a_pipe(site: Path) -> None:
    for n in range(40):
        (site / "news" / f"q{n:02}.html").write_text(TITLED)
    _, _, err = run("news", "--isolated")
    assert "\r" not in err and "files" not in err


SKIP_ONLY = ("<!doctype html><html lang='en'><head><title>T</title></head><body><a href='#main'>Skip to content</a>"
             "<header><nav><a href='/a'>A</a><a href='/b'>B</a></nav></header>"
             "<main id='main'><h1>Story</h1><p>Text of the story.</p></main></body></html>")


def test_technique_rules_warn_by_default_and_configuration_makes_them_strict(site: Path) -> None:
    (site / "skip.html").write_text(SKIP_ONLY)
    code, out, _ = run("skip.html", "--isolated", "--select", "bypass,bypass-collapsible")
    assert code == 0
    assert "bypass-collapsible [warning] Nothing on the page can collapse a block" in out
    assert "0 failed, 0 to review, 1 warning" in out
    (site / ".a11ycheck.toml").write_text("[rules.bypass-collapsible]\nseverity = 'error'\n")
    code, out, _ = run("skip.html", "--select", "bypass,bypass-collapsible")
    assert code == 1 and "1 failed" in out


UNCREDITED = TITLED.replace("<h1>Hi</h1>", "<h1>Hi</h1>\n<figure><img src='crowd.jpg' alt='A crowd in Kyiv'>"
                                           "<figcaption>Protesters in Kyiv on Sunday.</figcaption></figure>")


def test_newsroom_rules_warn_by_default_and_one_setting_makes_them_errors(site: Path) -> None:
    (site / "credit.html").write_text(UNCREDITED)

    def check(*args: str) -> tuple[int, str]:
        code, out, _ = run("credit.html", "--select", "news", *args)
        return code, out.splitlines()[-1]

    assert check("--isolated") == (0, "1 file checked: 0 failed, 0 to review, 1 warning")
    assert "photo-credit [warning] The photo crowd.jpg has the caption" in run("credit.html", "--isolated")[1]
    assert check("--isolated", "--severity", "news=error") == (1, "1 file checked: 1 failed, 0 to review")
    (site / ".a11ycheck.toml").write_text("[rules]\nnews = 'error'\n")
    assert check()[0] == 1
    assert check("--severity", "photo-credit=warning")[0] == 0  # a rule's own setting over its tag's
    assert check("--severity", "news=off") == (0, "1 file checked: 0 failed, 0 to review")
    (site / ".a11ycheck.toml").write_text("[rules]\nphoto-credit = 'warning'\n")
    assert check("--severity", "photo-credit=error")[0] == 1  # the command line over the file


@pytest.mark.parametrize(("value", "message"), [
    ("news", "--severity news: expected RULE=LEVEL, LEVEL one of error, warning, off"),
    ("news=loud", "severity news=loud: expected one of error, warning, off"),
    ("nothing=error", "unknown rule or tag: nothing (see 'a11ycheck rules')"),
])
def test_a_bad_severity_is_a_one_line_usage_error(site: Path, value: str, message: str) -> None:
    code, out, err = run("news/a.html", "--isolated", "--severity", value)
    assert (code, out, err) == (2, "", f"a11ycheck: {message}\n")


SERIOUS = TITLED.replace("<h1>Hi</h1>", "<h1>Hi</h1>\n<p><a href='/x'></a></p>")  # link-name: a serious failure


def test_a_failure_below_fail_on_fails_no_format_since_it_does_not_fail_the_run(tmp_path: Path, capsys) -> None:
    page = tmp_path / "page.html"
    page.write_text(SERIOUS)
    out = {name: tmp_path / f"r.{name}" for name in ("sarif", "junit", "github", "html")}
    spec = "text," + ",".join(f"{name}={path}" for name, path in out.items())
    assert main([str(page), "--fail-on", "critical", "--isolated", "--jobs", "1", "--format", spec]) == 0
    text = capsys.readouterr().out
    assert "link-name [below fail-on] The link" in text
    assert text.endswith("1 file checked: 0 failed, 1 below fail-on (critical), 0 to review\n")
    assert out["github"].read_text().startswith("::warning file=")
    assert 'failures="0"' in out["junit"].read_text() and '<property name="below-fail-on" value="1" />' in \
        out["junit"].read_text()
    sarif = json.loads(out["sarif"].read_text())["runs"][0]
    assert [r["level"] for r in sarif["results"]] == ["warning"]
    assert sarif["invocations"][0]["properties"] == {"failOn": "critical"}
    html = out["html"].read_text()
    assert "<title>a11ycheck report: 0 failed, 1 below fail-on (critical), 0 warnings" in html
    assert 'data-status="below"' in html and 'data-status="error"' not in html
    # at the default fail-on, the same failure fails the run, and every format says so
    assert main([str(page), "--isolated", "--jobs", "1", "--format", spec]) == 1
    assert capsys.readouterr().out.endswith("1 file checked: 1 failed, 0 to review\n")
    assert out["github"].read_text().startswith("::error file=") and 'failures="1"' in out["junit"].read_text()


def test_a_teams_help_url_is_every_formats_help_link(tmp_path: Path, capsys) -> None:
    page = tmp_path / "page.html"
    page.write_text(SERIOUS)
    config = tmp_path / "a11y.toml"
    config.write_text('help-url = "https://docs.example/a11y/{rule}"\n')
    formats = ("json", "sarif", "html", "earl")
    spec = ",".join(f"{name}={tmp_path / name}" for name in formats)
    assert main([str(page), "--config", str(config), "--jobs", "1", "--format", spec]) == 1
    capsys.readouterr()
    for name in formats:
        out = (tmp_path / name).read_text()
        links = set(re.findall(r'https://[^"]*link-name[^"]*', out))
        assert links == {"https://docs.example/a11y/link-name"}, name


@pytest.mark.parametrize(("cap", "errors", "notice"), [("0", 12, False), ("3", 3, True), (None, 10, True)])
def test_max_annotations_caps_github_annotations_per_type(tmp_path: Path, capsys, cap: str | None, errors: int,
                                                          notice: bool) -> None:
    for n in range(12):
        (tmp_path / f"p{n:02}.html").write_text(SERIOUS)
    args = [str(tmp_path), "--isolated", "--jobs", "1", "--format", "github"]
    assert main([*args, *(["--max-annotations", cap] if cap is not None else [])]) == 1
    out = capsys.readouterr().out
    assert out.count("::error ") == errors
    assert ("not shown as annotations" in out) is notice


def test_max_annotations_must_be_a_whole_number(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["page.html", "--max-annotations", "-1"])
    assert stop.value.code == 2
    assert "--max-annotations: expected a whole number, 0 or more, got '-1'" in capsys.readouterr().err
