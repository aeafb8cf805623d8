"""The command line: exit codes, paths and discovery, rule selection, subcommands, output, fixtures."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import jsonschema
import pytest
from conftest import FIXTURES, run_process

from a11ycheck import __version__
from a11ycheck import checks as checks_module
from a11ycheck.ruleset import load_rules

TITLED = '<!doctype html><html lang="en"><head><title>Budget vote</title></head><body><p>Text</p></body></html>'
UNTITLED = '<!doctype html><html lang="en"><head></head><body><p>Text</p></body></html>'

# What the defective fixture must show, by rule id (the worst outcome among the rule's results).
# Every rule here is one of the defects article.html was written with; article-fixed.html fixes them all.
FIXTURE_DEFECTS = {
    "html-has-lang": "failed",  # <html> without lang
    "image-alt": "failed",  # the chart in a figure has a caption but no alt
    "image-alt-filename": "failed",  # the lead photo's alt is its file name
    "photo-credit": "failed",  # the delegation photo's caption has no credit
    "photo-credit-hidden": "failed",  # the tanker photo's credit is only in its alt
    "link-target": "failed",  # "Skip to main menu" points to #main-menu, which does not exist
    "skip-link-position": "failed",  # the skip links come after the top bar's links and the logo
    "link-name": "failed",  # the logo link holds only an image with alt=""
    "media-fallback": "failed",  # the video's fallback is "This browser does not support the video element."
    "video-captions": "cantTell",  # the video has no captions track
    "iframe-name": "failed",  # the YouTube iframe has no title
    "duplicate-id": "failed",  # the aside's heading copies id="top-stories-heading", which names both sections
}

RESULT_KEYS = ["rule", "outcome", "impact", "message", "line", "column", "snippet", "selector", "wcag", "act", "help"]
JSON_SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "docs" / "report-schema.json").read_text())


def outcomes_by_rule(file_report: dict) -> dict[str, str]:
    """The worst outcome of each rule in one file's JSON report."""
    rank = {"failed": 3, "cantTell": 2, "passed": 1, "inapplicable": 0}
    worst: dict[str, str] = {}
    for result in file_report["results"]:
        if rank[result["outcome"]] > rank[worst.get(result["rule"], "inapplicable")]:
            worst[result["rule"]] = result["outcome"]
    return worst


# -- exit codes ----------------------------------------------------------------------------------------


def test_clean_page_exits_0(cli_run, page) -> None:
    run = cli_run(page("ok.html", TITLED), "--select", "document-title")
    assert run.code == 0
    assert run.out.strip() == "1 file checked: 0 failed, 0 to review"
    assert run.err == ""


def test_page_with_failure_exits_1_and_reports_like_a_compiler(cli_run, page) -> None:
    path = page("bad.html", UNTITLED)
    run = cli_run(path, "--select", "document-title")
    assert run.code == 1
    first, _blank, summary = run.out.splitlines()
    assert first == f"{path}:1:16: document-title The page has no <title> element"
    assert summary == "1 file checked: 1 failed, 0 to review"


def test_show_source_frames_the_start_tag(cli_run, page) -> None:
    path = page("bad.html", UNTITLED)
    run = cli_run(path, "--select", "document-title", "--show-source")
    assert run.out.splitlines()[:3] == [
        f"{path}:1:16: document-title The page has no <title> element",
        f"> 1 | {UNTITLED}",
        "    |                " + "^" * len('<html lang="en">'),
    ]


def test_cant_tell_alone_exits_0(cli_run, page, review_rule) -> None:
    run = cli_run(page("p.html", TITLED), "--select", review_rule.id, "--review")
    assert run.code == 0
    assert f"{review_rule.id} [cantTell] look at this <p>" in run.out
    assert "0 failed, 1 to review" in run.out
    run = cli_run(page("p.html", TITLED), "--select", review_rule.id)
    assert (run.code, run.out) == (0, "1 file checked: 0 failed, 1 to review (--review lists them)\n")


def test_no_path_is_a_usage_error(cli_run) -> None:
    run = cli_run()
    assert run.code == 2
    assert "usage:" in run.err


def test_bad_option_value_is_a_usage_error(cli_run, page) -> None:
    assert cli_run(page("a.html", TITLED), "--format", "yaml").code == 2
    assert cli_run(page("a.html", TITLED), "--color", "sometimes").code == 2


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_rule_is_one_line_and_exit_2(cli_run, page, option) -> None:
    run = cli_run(page("a.html", TITLED), option, "document-title,no-such-rule")
    assert run.code == 2
    assert run.out == ""
    assert run.err.splitlines() == ["a11ycheck: unknown rule or tag: no-such-rule (see 'a11ycheck rules')"]


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
def test_a_mistyped_rule_gets_a_suggestion(cli_run, page, option) -> None:
    run = cli_run(page("a.html", TITLED), option, "documnet-title")
    assert (run.code, run.out) == (2, "")
    assert run.err.splitlines() == [
        "a11ycheck: unknown rule or tag: documnet-title (did you mean 'document-title'?) (see 'a11ycheck rules')"]
    severity = cli_run(page("a.html", TITLED), "--severity", "newz=error")
    assert severity.err.splitlines() == [
        "a11ycheck: unknown rule or tag: newz (did you mean 'news'?) (see 'a11ycheck rules')"]


def test_missing_file_among_good_files(cli_run, page) -> None:
    good, bad = page("good.html", TITLED), page("bad.html", UNTITLED)
    missing = good.parent / "missing.html"
    run = cli_run(good, missing, bad, "--select", "document-title", "--format", "json")
    assert run.code == 2
    files = run.json()["files"]
    assert [f["path"] for f in files] == [str(good), str(missing), str(bad)]
    assert files[1] == {"path": str(missing), "error": "no such file"}
    assert files[2]["summary"]["failed"] == 1
    assert run.err.splitlines() == [f"a11ycheck: {missing}: no such file"]


# -- rule selection ------------------------------------------------------------------------------------


def test_select_and_ignore_by_id_and_by_tag(cli_run, page, review_rule) -> None:
    path = page("a.html", UNTITLED)

    def rules_reported(*args: str) -> set[str]:
        run = cli_run(path, "--format", "json", *args)
        return {r["rule"] for r in run.json()["files"][0]["results"]}

    assert rules_reported("--select", "document-title") == {"document-title"}
    assert rules_reported("--select", "test") == {review_rule.id}  # by tag
    assert rules_reported("--select", "document-title,test") == {"document-title", review_rule.id}
    assert rules_reported("--select", "document-title", "--select", "test") == {"document-title", review_rule.id}
    assert rules_reported("--select", "test,document-title", "--ignore", "document-title") == {review_rule.id}
    assert rules_reported("--select", "test,document-title", "--ignore", "test") == {"document-title"}
    assert "document-title" not in rules_reported("--ignore", "document-title")
    page_tagged = {rule.id for rule in load_rules().values() if "page" in rule.tags}
    assert "document-title" in page_tagged
    assert not rules_reported("--ignore", "page") & page_tagged


# -- subcommands -------------------------------------------------------------------------------------


def test_rules_lists_every_rule(cli_run) -> None:
    run = cli_run("rules")
    assert run.code == 0
    listed = [line.split()[0] for line in run.out.splitlines()]
    assert listed == list(load_rules())


def test_rules_as_json(cli_run) -> None:
    run = cli_run("rules", "--format", "json")
    assert run.code == 0
    data = run.json()
    assert [r["id"] for r in data] == list(load_rules())
    title = next(r for r in data if r["id"] == "document-title")
    assert title["wcag"] == ["2.4.2"]
    assert title["act"] == ["2779a5"]
    assert title["axe"] == ["document-title"]
    assert next(r for r in data if r["id"] == "form-field-name")["axe"] == [
        "label", "select-name", "aria-input-field-name", "aria-toggle-field-name"]
    assert next(r for r in data if r["id"] == "photo-credit")["axe"] == []
    assert set(title) >= {"id", "title", "impact", "wcag", "act", "axe", "tags", "help"}
    assert title["severity"] == "error"
    credit = next(r for r in data if r["id"] == "photo-credit")
    assert credit["severity"] == "warning"
    assert credit["options"] == load_rules()["photo-credit"].options


def test_rules_lists_the_severity_of_each(cli_run) -> None:
    lines = {line.split()[0]: line.split()[1:3] for line in cli_run("rules").out.splitlines()}
    assert lines["image-alt"] == ["critical", "error"]
    assert lines["duplicate-id"] == ["minor", "warning"]


def test_rule_explains_one_rule(cli_run) -> None:
    run = cli_run("rule", "document-title")
    assert run.code == 0
    assert run.out.startswith("# document-title: Page has a non-empty title")
    assert "## How to fix" in run.out
    assert "2779a5" in run.out
    assert "- axe-core rules (the same check): [`document-title`](https://dequeuniversity.com/rules/axe/4.10/" \
           "document-title)\n" in run.out


def test_rule_shows_its_options_and_their_defaults(cli_run) -> None:
    out = cli_run("rule", "photo-credit").out
    assert "- Default severity: warning" in out
    options = out.split("## Options", 1)[1]
    assert "```toml\n[tool.a11ycheck.rules.photo-credit]\ncredit-selectors = [\n    'small',\n" in options
    assert "    '\\bcourtesy\\b|©|\\(c\\)|\\bcopyright\\b',\n" in options
    assert "## Options" not in cli_run("rule", "document-title").out


def test_rule_shows_its_messages(cli_run) -> None:
    out = cli_run("rule", "html-has-lang").out
    messages = out.split("## Messages", 1)[1].split("## Examples")[0]
    assert "missing        The <html> element has no lang attribute\n" in messages
    assert 'xml_lang_only  The <html> element has xml:lang="{xml_lang}" but no lang attribute; HTML pages need lang' \
        in messages


def test_rule_unknown(cli_run) -> None:
    run = cli_run("rule", "no-such-rule")
    assert run.code == 2
    assert run.err.splitlines() == ["a11ycheck: unknown rule: no-such-rule (see 'a11ycheck rules')"]
    typo = cli_run("rule", "image-alts")
    assert typo.err.splitlines() == [
        "a11ycheck: unknown rule: image-alts (did you mean 'image-alt'?) (see 'a11ycheck rules')"]


def test_version(cli_run) -> None:
    run = cli_run("--version")
    assert run.code == 0
    assert run.out.strip() == f"a11ycheck {__version__}"


def test_rules_folder_given_as_path_is_checked(tmp_path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "page.html").write_text(UNTITLED, encoding="utf-8")
    as_folder = run_process("./rules", "--select", "document-title", cwd=tmp_path)
    assert as_folder.code == 1
    assert as_folder.out.startswith(os.path.join(".", "rules", "page.html") + ":")
    as_subcommand = run_process("rules", cwd=tmp_path)
    assert as_subcommand.code == 0
    assert "document-title" in as_subcommand.out


# -- paths ---------------------------------------------------------------------------------------------


def test_directory_discovery(cli_run, page, tmp_path) -> None:
    wanted = ["a.html", "b.htm", "c.xhtml", "d.shtml", "sub/deeper/e.HTML"]
    skipped = ["notes.txt", "page.php", ".git/x.html", "node_modules/pkg/y.html", ".cache/z.html", "sub/.h/w.html"]
    for name in wanted + skipped:
        page(name, TITLED)
    run = cli_run(tmp_path, "--format", "json", "--select", "document-title")
    assert run.code == 0
    assert [f["path"] for f in run.json()["files"]] == [str(tmp_path / name) for name in wanted]


def test_directory_without_pages_is_an_error(cli_run, tmp_path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    run = cli_run(tmp_path)
    assert run.code == 2
    assert run.err.splitlines() == [f"a11ycheck: no HTML files found in {tmp_path}"]
    assert run.out == ""  # not "1 file checked: ... 1 could not be read"


def test_help_mentions_url_inputs(cli_run) -> None:
    out = cli_run("--help").out
    assert "URL" in out.split("options:")[0]


def test_stdin(tmp_path) -> None:
    run = run_process("-", "--select", "document-title", "--format", "json", stdin=UNTITLED.encode())
    assert run.code == 1
    (file,) = run.json()["files"]
    assert file["path"] == "-"
    assert file["results"][0]["rule"] == "document-title"


def test_stdin_latin1_bytes() -> None:
    data = '<html lang="fr"><head><title>Été</title></head><body><p>déjà</p></body></html>'.encode("latin-1")
    run = run_process("-", "--select", "document-title", "--format", "json", "--include-passed", stdin=data)
    assert run.code == 0
    assert run.json()["files"][0]["results"][0]["message"] == 'The page title is "Été"'


# -- colour --------------------------------------------------------------------------------------------


def test_color_options(cli_run, page) -> None:
    path = page("bad.html", UNTITLED)
    assert "\x1b[" in cli_run(path, "--color", "always", "--select", "document-title").out
    assert "\x1b[" not in cli_run(path, "--color", "never", "--select", "document-title").out
    assert "\x1b[" not in cli_run(path, "--select", "document-title").out  # not a terminal


def test_text_report_with_every_outcome_in_colour(cli_run, page, review_rule, monkeypatch) -> None:
    path = page("ok.html", UNTITLED)
    run = cli_run(path, "--select", "document-title,test", "--include-passed", "--color", "always", "--review")
    assert run.code == 1
    assert "\x1b[36mdocument-title\x1b[0m The page has no" in run.out
    assert "\x1b[33m[cantTell] \x1b[0m" in run.out
    run = cli_run(page("ok.html", TITLED), "--select", "document-title", "--include-passed", "--color", "always")
    assert "\x1b[32m[passed] \x1b[0m" in run.out
    monkeypatch.setitem(checks_module.load_checks(), "document-title", lambda doc, options: [])
    run = cli_run(path, "--select", "document-title", "--include-passed", "--color", "always")
    assert "\x1b[2m[inapplicable] \x1b[0m" in run.out


def _on_terminal(*args: str, env: dict[str, str] | None = None) -> str:
    """Run the CLI with its standard output on a pseudo-terminal; return what it printed."""
    leader, follower = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | (env or {})
    proc = subprocess.Popen([sys.executable, "-m", "a11ycheck", *args], stdout=follower, stderr=subprocess.DEVNULL,
                            env=full_env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8")


def test_color_on_a_terminal_and_no_color(page) -> None:
    path = str(page("bad.html", UNTITLED))
    assert "\x1b[" in _on_terminal(path, "--select", "document-title")
    assert "\x1b[" not in _on_terminal(path, "--select", "document-title", env={"NO_COLOR": "1"})
    assert "\x1b[" in _on_terminal(path, "--select", "document-title", "--color", "always", env={"NO_COLOR": "1"})


# -- JSON ------------------------------------------------------------------------------------------


def test_json_shape(cli_run, page) -> None:
    bad = page("bad.html", UNTITLED)
    empty = page("empty.html", "")
    run = cli_run(bad, empty, FIXTURES / "article.html", "--format", "json")
    assert run.code == 2
    data = run.json()
    jsonschema.validate(data, JSON_SCHEMA)
    files = data["files"]
    assert files[0]["path"] == str(bad)  # as given
    assert files[1] == {"path": str(empty), "error": "empty file"}
    result = next(r for r in files[0]["results"] if r["rule"] == "document-title")
    assert list(result)[: len(RESULT_KEYS)] == RESULT_KEYS
    assert result["wcag"] == ["2.4.2"]
    assert result["act"] == ["2779a5"]
    assert result["help"].startswith("https://")
    assert all(r["outcome"] in ("failed", "cantTell") for f in files if "results" in f for r in f["results"])


def test_json_summary_counts_every_outcome(cli_run, page) -> None:
    run = cli_run(page("a.html", UNTITLED), page("b.html", TITLED), "--format", "json", "--select", "document-title")
    first, second = run.json()["files"]
    assert first["summary"] == {"failed": 1, "cantTell": 0, "passed": 0, "inapplicable": 0}
    assert second["summary"] == {"failed": 0, "cantTell": 0, "passed": 1, "inapplicable": 0}
    assert second["results"] == []


def test_include_passed(cli_run, page) -> None:
    path = page("ok.html", TITLED)
    run = cli_run(path, "--format", "json", "--select", "document-title", "--include-passed")
    jsonschema.validate(run.json(), JSON_SCHEMA)
    (result,) = run.json()["files"][0]["results"]
    assert result["outcome"] == "passed"
    assert result["message"] == 'The page title is "Budget vote"'
    assert result["snippet"] == "<title>"


def test_page_level_result_points_at_html_start_tag(cli_run, page) -> None:
    path = page("a.html", '<!doctype html>\n<!-- a comment -->\n\t <html\n  lang="en"><body><p>x</p></body></html>')
    (result,) = cli_run(path, "--format", "json", "--select", "document-title").json()["files"][0]["results"]
    assert (result["line"], result["column"]) == (3, 3)
    assert result["snippet"] == '<html lang="en">'
    assert result["selector"] == "html"


def test_page_level_result_without_html_tag_is_at_1_1(cli_run, page) -> None:
    path = page("a.html", "<!doctype html>\n\n<p>No html, head or title tag</p>\n")
    (result,) = cli_run(path, "--format", "json", "--select", "document-title").json()["files"][0]["results"]
    assert (result["rule"], result["line"], result["column"]) == ("document-title", 1, 1)


# -- bad input ---------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("empty.html", b"", "empty file"),
        ("blank.html", b"  \n\t\r\n  ", "empty file"),
        ("image.html", PNG, "not an HTML file (binary content)"),
    ],
)
def test_bad_file_among_good_ones(cli_run, page, name, content, error) -> None:
    bad = page(name, content)
    good = page("good.html", UNTITLED)
    text = cli_run(bad, good, "--select", "document-title")
    assert text.code == 2
    assert text.err.splitlines() == [f"a11ycheck: {bad}: {error}"]
    assert f"{good}:1:16: document-title" in text.out
    data = cli_run(bad, good, "--select", "document-title", "--format", "json").json()
    assert data["files"][0] == {"path": str(bad), "error": error}
    assert data["files"][1]["summary"]["failed"] == 1


def test_a_crashing_check_costs_one_file_not_the_run(cli_run, page, monkeypatch) -> None:
    def crash(doc, options):
        if doc.by_id("boom") is not None:
            raise ValueError("bad\nstate")
        return []

    monkeypatch.setitem(checks_module.load_checks(), "document-title", crash)
    boom, fine = page("boom.html", '<!doctype html><p id="boom">x</p>'), page("fine.html", TITLED)
    run = cli_run(boom, fine, "--select", "document-title", "--format", "json")
    assert run.code == 2
    assert run.err.splitlines() == [f"a11ycheck: {boom}: internal error, please report it: ValueError: bad state"]
    assert run.json()["files"][1]["path"] == str(fine)


def test_symlink_loop_in_directory(cli_run, tmp_path) -> None:
    (tmp_path / "site" / "news").mkdir(parents=True)
    (tmp_path / "site" / "a.html").write_text(UNTITLED, encoding="utf-8")
    (tmp_path / "site" / "news" / "b.html").write_text(TITLED, encoding="utf-8")
    (tmp_path / "site" / "loop.html").symlink_to("loop.html")
    (tmp_path / "site" / "news" / "up").symlink_to("..", target_is_directory=True)
    run = cli_run(tmp_path / "site", "--format", "json", "--select", "document-title")
    assert run.code == 2
    loop = str(tmp_path / "site" / "loop.html")
    assert run.err.splitlines() == [f"a11ycheck: {loop}: cannot read (Too many levels of symbolic links)"]
    paths = [f["path"] for f in run.json()["files"]]
    assert paths == [str(tmp_path / "site" / n) for n in ("a.html", "loop.html", "news/b.html")]


def test_folder_named_like_a_page_is_walked(cli_run, tmp_path) -> None:
    folder = tmp_path / "folder.html"
    folder.mkdir()
    (folder / "inner.html").write_text(TITLED, encoding="utf-8")
    run = cli_run(folder, "--format", "json", "--select", "document-title")
    assert [f["path"] for f in run.json()["files"]] == [str(folder / "inner.html")]


def test_file_without_read_permission(tmp_path) -> None:
    """Root reads any file, so the CLI drops to 'nobody' (after its imports) before it checks."""
    folder = Path(tempfile.mkdtemp(prefix="a11ycheck-perm-"))
    try:
        os.chmod(folder, 0o755)
        good, locked = folder / "good.html", folder / "locked.html"
        good.write_text(UNTITLED, encoding="utf-8")
        locked.write_text(TITLED, encoding="utf-8")
        locked_dir = folder / "locked-dir"
        locked_dir.mkdir()
        (locked_dir / "inside.html").write_text(TITLED, encoding="utf-8")
        os.chmod(good, 0o644)
        os.chmod(locked, 0o000)
        os.chmod(locked_dir, 0o000)
        script = (
            "import argparse, gettext, locale, os, shutil, sys\n"
            "from a11ycheck import cli\n"
            "from a11ycheck.checks import load_checks\n"
            "from a11ycheck.reporters import json, text\n"
            "from a11ycheck.ruleset import load_rules\n"
            "load_checks(); load_rules()\n"
            "if os.geteuid() == 0:\n"
            "    os.setgid(65534); os.setuid(65534)\n"
            "sys.exit(cli.main(sys.argv[1:]))\n"
        )
        args = [str(locked), str(locked_dir), str(good), "--select", "document-title", "--jobs", "1"]
        done = subprocess.run([sys.executable, "-c", script, *args],
                              capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 2, done.stderr
        assert done.stderr.splitlines() == [f"a11ycheck: {locked}: permission denied",
                                            f"a11ycheck: {locked_dir}: cannot read directory (Permission denied)"]
        assert f"{good}:1:16: document-title" in done.stdout
    finally:
        shutil.rmtree(folder)


def test_missing_path_and_no_traceback(tmp_path) -> None:
    run = run_process(tmp_path / "nope.html", tmp_path / "nope-dir")
    assert run.code == 2
    assert run.err.splitlines() == [f"a11ycheck: {tmp_path / 'nope.html'}: no such file",
                                    f"a11ycheck: {tmp_path / 'nope-dir'}: no such file"]
    assert "Traceback" not in run.out + run.err


# -- the bundled fixtures --------------------------------------------------------------------------------


def test_fixed_fixture_passes(cli_run) -> None:
    run = cli_run(FIXTURES / "article-fixed.html", "--format", "json")
    failed = [r for r in run.json()["files"][0]["results"] if r["outcome"] == "failed"]
    assert failed == []
    assert run.code == 0


def test_defective_fixture_shows_each_defect(cli_run) -> None:
    run = cli_run(FIXTURES / "article.html", "--format", "json")
    assert run.code == 1
    found = outcomes_by_rule(run.json()["files"][0])
    assert {rule: found.get(rule, "not reported") for rule in FIXTURE_DEFECTS} == FIXTURE_DEFECTS


def test_defective_fixture_text_report(cli_run) -> None:
    run = cli_run(FIXTURES / "article.html", "--select", "html-has-lang,link-target")
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0].startswith(f"{FIXTURES / 'article.html'}:3:1: html-has-lang ")
    assert any(line.startswith(f"{FIXTURES / 'article.html'}:19:3: link-target ") and "main-menu" in line
               for line in lines)
