"""Output formats: SARIF against the official schema, JUnit parsed back, GitHub commands, EARL, HTML."""

from __future__ import annotations

import json
import pickle
import re
from dataclasses import asdict
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from report_samples import sample_reports

from a11ycheck import check
from a11ycheck.reporters import REPORTERS, Context, earl, github, html, junit, sarif, text
from a11ycheck.reporters import json as json_reporter
from a11ycheck.reporters.frame import CHANGED
from a11ycheck.reporters.listing import listing, review_items
from a11ycheck.results import Report, Result

PLAIN = Context()
REVIEW = Context(review=True)

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
HOSTILE = '"><img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>'
PAGE = f"""<!doctype html>
<html lang="en">
<head></head>
<body>
<img src="photo.jpg" data-x='{HOSTILE}'>
</body>
</html>
"""


@pytest.fixture(scope="module")
def reports():
    return [
        check(PAGE, path="pages/a<b>.html"),
        check("<!doctype html><html lang='en'><head><title>x</title></head><body><p>ok</p></body></html>",
              path="pages/clean.html"),
        check(b"", path="pages/empty.html"),
    ]


def test_sarif_validates_against_the_official_schema(reports) -> None:
    log = json.loads(sarif.render(reports, PLAIN))
    jsonschema.validate(log, SCHEMA)
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "a11ycheck"
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    notes = run["invocations"][0]["toolExecutionNotifications"]
    to_review = sum(listing(r, review=False).review for r in reports)
    assert [n["message"]["text"] for n in notes] == ["pages/empty.html: empty file",
                                                      f"{to_review} to review: --review lists them"]
    assert run["invocations"][0]["executionSuccessful"] is False
    jsonschema.validate(json.loads(sarif.render(reports, REVIEW)), SCHEMA)


def test_sarif_points_at_the_element(reports) -> None:
    def located(log: dict) -> set[tuple[str, int]]:
        return {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
                for r in log["runs"][0]["results"]}

    assert located(json.loads(sarif.render(reports[:1], PLAIN))) == {(r.rule, r.line) for r in reports[0].failed}
    assert located(json.loads(sarif.render(reports[:1], REVIEW))) == {(r.rule, r.line) for r in reports[0].results}


def test_junit_parses_back_with_a_case_per_file(reports) -> None:
    root = ET.fromstring(junit.render(reports, PLAIN))
    cases = root.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == [r.path for r in reports]
    assert {c.get("classname") for c in cases} == {"a11ycheck"}  # no dot for Jenkins to split on
    errors = [r for r in reports[0].failed if r.severity == "error"]  # warnings fail no test case
    message = cases[0].find("failure").get("message")
    assert message.startswith(f"{len(errors)} failures: ") and all(r.rule in message for r in errors)
    assert cases[2].find("error").get("message") == "empty file"
    passed = 1 - any(r.severity == "error" for r in reports[1].failed)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", str(2 - passed), "1")


def test_github_commands_escape_data_and_properties() -> None:
    report = check("<html><body></body></html>", path="dir/a,b:c.html")
    out = github.render([report], PLAIN)
    line = next(x for x in out.splitlines() if "title=document-title" in x)
    assert line.startswith("::error file=dir/a%2Cb%3Ac.html,line=1,col=1,title=document-title (serious)::")
    assert "\n" not in line


def test_earl_outcomes_use_the_earl_vocabulary(reports) -> None:
    data = json.loads(earl.render(reports, PLAIN))
    subjects = [n for n in data["@graph"] if "assertions" in n]
    assert [s["source"] for s in subjects] == [r.path for r in reports]
    outcomes = {a["result"]["outcome"] for s in subjects for a in s["assertions"]}
    assert outcomes <= {"earl:failed", "earl:cantTell", "earl:passed", "earl:inapplicable"}
    assert "earl:failed" in outcomes


def test_earl_keeps_acts_outcome_for_a_warning_and_says_its_severity(samples) -> None:
    data = json.loads(earl.render(samples, PLAIN))
    assert data["@context"]["severity"] == "a11ycheck:severity" and "a11ycheck" in data["@context"]
    found = [(a["test"]["title"], a["result"]["outcome"], a["result"].get("severity"))
             for node in data["@graph"] for a in node.get("assertions", [])]
    assert found == [("image-alt", "earl:failed", "error"), ("media-fallback", "earl:failed", "warning"),
                     ("video-captions", "earl:cantTell", None), ("media-fallback", "earl:failed", "warning")]


def test_html_report_escapes_everything_from_the_page(reports) -> None:
    page = html.render(reports, PLAIN)
    assert "<script>document.title" not in page
    assert "onerror=" not in page.replace("onerror=&quot;", "")
    assert "pages/a&lt;b&gt;.html" in page
    assert page.count("<script>") == 1  # only the report's own, allowed by its CSP hash
    assert "Content-Security-Policy" in page


@pytest.mark.parametrize("reason", [None, "vendor widget"])
def test_result_to_dict_and_pickle_keep_every_field(reason: str | None) -> None:
    result = Result("image-alt", "failed", "critical", "m", 3, 4, "<img>", "img", ["1.1.1"], ["23a2a8"], "h",
                    reason=reason)
    expected = asdict(result)
    if reason is None:
        del expected["reason"]
    assert result.to_dict() == expected and list(result.to_dict()) == list(expected)
    assert result.to_dict()["wcag"] is not result.wcag  # a copy: the caller may change it
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result and copy is not result


CONTROLS = "".join(map(chr, [*range(1, 32), 0x7F, 0x9B, 0xFFFE, 0xFFFF]))  # every C0 but NUL, DEL, CSI, non-chars
CONTROL_PAGE = ('<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
                f'<a href="/x">go{CONTROLS}</a><img src="a{CONTROLS}.png"></main></body></html>')
UNPRINTABLE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


@pytest.fixture(scope="module")
def control_reports():
    report = check(CONTROL_PAGE, path="pages/controls.html")
    assert "\x1b" in next(r.message for r in report.results if r.rule == "image-alt")
    return [report, Report(path="pages/e\x1b]0;pwned\x07.html", error="empty file")]


def test_junit_is_well_formed_whatever_the_page_holds(control_reports) -> None:
    root = ET.fromstring(junit.render(control_reports, PLAIN))
    failure = root.find("testsuite/testcase[@name='pages/controls.html']/failure")
    assert "\\x01" in failure.text and "\\x1b" in failure.text
    assert root.findall("testsuite/testcase")[1].get("name") == '"pages/e\\033]0;pwned\\a.html"'


@pytest.mark.parametrize(("render", "context"), [
    (text.render, Context(show_source=True)), (github.render, PLAIN), (html.render, PLAIN),
])
def test_terminal_and_html_outputs_show_control_characters_as_escapes(control_reports, render, context) -> None:
    out = render(control_reports, context)
    assert not UNPRINTABLE_RE.search(out)
    assert "\\x1b" in out and "\\x9b" in out and "\\uffff" in out


@pytest.mark.parametrize("render", [sarif.render, earl.render, json_reporter.render])
def test_json_outputs_keep_page_text_unchanged(control_reports, render) -> None:
    out = "".join(render(control_reports, PLAIN))
    message = next(r.message for r in control_reports[0].results if r.rule == "image-alt")
    assert json.dumps(message, ensure_ascii=False) in out  # JSON's own escapes, nothing of ours: lossless
    json.loads(out.encode("utf-8"))


# -- review items: counted, listed on request, one per element ----------------------------------------------
VIDEO_PAGE = """<!doctype html><html lang="en"><head><title>Talks</title></head><body><main><h1>Talks</h1>
<video controls src="https://cdn.example.com/press-conference.mp4"><a href="/talk.mp4">The talk</a></video>
<img src="fireworks.jpg" alt="">
</main></body></html>
"""


@pytest.fixture(scope="module")
def video_report() -> Report:
    return check(VIDEO_PAGE, path="talks.html")


def test_machine_formats_keep_every_rules_outcome(video_report) -> None:
    video_rules = {r.rule for r in video_report.results if r.outcome == "cantTell" and r.line == 2}
    assert len(video_rules) == 12  # every ACT media rule that could not decide, for EARL and conformance
    data = json.loads("".join(json_reporter.chunks([video_report])))
    assert sum(r["outcome"] == "cantTell" for r in data["files"][0]["results"]) == len(video_rules) + 1
    assert earl.render([video_report], PLAIN).count('"earl:cantTell"') == len(video_rules) + 1


def test_one_review_item_per_element_lists_what_to_check(video_report) -> None:
    items = review_items(video_report.results)
    assert [(r.line, r.rule) for r in items] == [(2, "video-audio-alternative"), (3, "image-hidden-decorative")]
    video = items[0].message
    assert video.startswith("press-conference.mp4: 5 things to check on this <video> (12 rules): captions, if it has")
    assert "a transcript of what it shows and says" in video and video.count("captions, if") == 1
    assert items[1].message.startswith("The image fireworks.jpg is marked decorative")


def test_a_review_item_carries_the_criteria_act_and_axe_rules_of_all_its_results() -> None:
    def review(rule: str, wcag: list[str], act: list[str], axe: list[str]) -> Result:
        return Result(rule=rule, outcome="cantTell", impact="serious", message=rule, line=2, column=1,
                      snippet="<video>", wcag=wcag, act=act, axe=axe)

    items = review_items([review("media-fallback", [], [], []),
                          review("video-captions", ["1.2.2"], [], ["video-caption"]),
                          review("video-audio-captions", ["1.2.2"], ["f51b46"], ["video-caption"])])
    assert [(r.wcag, r.act, r.axe) for r in items] == [(["1.2.2"], ["f51b46"], ["video-caption"])]


def test_text_counts_review_items_and_lists_them_on_request(video_report) -> None:
    hidden = text.render([video_report], PLAIN)
    assert "[cantTell]" not in hidden
    assert hidden.rstrip().endswith("1 file checked: 0 failed, 2 to review (--review lists them)")
    shown = text.render([video_report], REVIEW)
    assert shown.count("[cantTell]") == 2
    assert shown.rstrip().endswith("1 file checked: 0 failed, 2 to review")


def test_github_junit_and_html_count_review_items_unless_asked(video_report) -> None:
    assert github.render([video_report], PLAIN) == "::notice title=a11ycheck::2 to review: --review lists them\n"
    assert github.render([video_report], REVIEW).count("::warning ") == 2
    out = ET.fromstring(junit.render([video_report], PLAIN)).find("testsuite/testcase/system-out")
    assert out is not None and out.text == "2 to review: --review lists them"
    listed = ET.fromstring(junit.render([video_report], REVIEW)).find("testsuite/testcase/system-out")
    assert listed is not None and listed.text.count("talks.html:") == 2
    page = html.render([video_report], PLAIN)
    assert "2 to review</span> (--review lists them)" in page and 'class="finding"' not in page
    assert html.render([video_report], REVIEW).count('<li class="finding"') == 2


# -- one policy through every format: severity, suppressions, the registry -----------------------------------
@pytest.fixture
def samples() -> list[Report]:
    return sample_reports()


def test_the_registry_has_every_format_with_one_signature(samples) -> None:
    assert list(REPORTERS) == ["text", "json", "jsonl", "sarif", "junit", "github", "html", "earl"]
    for name, render in REPORTERS.items():
        out = render(samples, Context(review=True))
        assert isinstance(out, str) or name in ("json", "jsonl")
        assert "index.v2.html" in "".join(out)


def test_the_command_line_dispatches_through_the_registry(monkeypatch, tmp_path: Path, capsys) -> None:
    from a11ycheck import cli

    seen: list[Context] = []
    monkeypatch.setitem(REPORTERS, "github", lambda reports, context: seen.append(context) or "fake\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    page = tmp_path / "page.html"
    page.write_text(VIDEO_PAGE)
    assert cli.main([str(page), "--format", "github", "--review", "--isolated", "--jobs", "1"]) == 0
    assert capsys.readouterr().out == "fake\n"
    assert seen[0].review and seen[0].step_summary == str(tmp_path / "summary.md")


def test_a_warning_is_a_warning_in_every_format(samples) -> None:
    plain = text.render(samples, Context(statistics=True))
    assert "site/index.v2.html:12:5: media-fallback [warning] The <video> (a.mp4)" in plain
    assert "     2  media-fallback  warning" in plain and "media-fallback  failed" not in plain
    assert plain.rstrip().endswith("3 files checked: 1 failed, 1 to review (--review lists them), 2 warnings, "
                                   "2 suppressed, 1 could not be read")
    commands = github.render(samples, PLAIN).splitlines()
    assert [line.split(" ")[0] for line in commands if "media-fallback" in line] == ["::warning", "::warning"]
    case = ET.fromstring(junit.render(samples, PLAIN)).find("testsuite/testcase[@name='site/index.v2.html']")
    assert case.find("failure").get("message") == "1 failure: image-alt"
    assert case.find("properties/property[@name='warnings']").get("value") == "2"
    assert "media-fallback" not in case.find("failure").text and "media-fallback" in case.find("system-out").text
    levels = {(r["ruleId"], r["level"]) for r in json.loads(sarif.render(samples, PLAIN))["runs"][0]["results"]
              if "suppressions" not in r}
    assert levels == {("image-alt", "error"), ("media-fallback", "warning")}
    page = html.render(samples, PLAIN)
    assert re.findall(r'data-rule="media-fallback" data-status="(\w+)">\n<p><span class="\w+">(\w+)</span>', page) == [
        ("warning", "Warning"), ("warning", "Warning")]
    assert "1 failed</span>, <span class=\"warning\">2 warnings</span>" in page


def test_sarif_levels_follow_the_standard_and_suppressions_carry_their_reason(samples) -> None:
    log = json.loads(sarif.render(samples, REVIEW))
    jsonschema.validate(log, SCHEMA)
    results = log["runs"][0]["results"]
    assert {r["level"] for r in results if r["kind"] != "fail"} == {"none"}  # SARIF 2.1.0 §3.27.10
    assert [r["kind"] for r in results] == ["fail", "fail", "review", "fail", "fail", "fail"]
    assert [r.get("suppressions") for r in results if "suppressions" in r] == [
        [{"kind": "inSource", "justification": "spacer from the ad server"}],
        [{"kind": "external", "justification": "matches ignore-selectors"}],
    ]


def test_suppression_reasons_reach_text_and_html(samples) -> None:
    plain = text.render(samples, Context(statistics=True))
    assert "     1  image-alt       suppressed: spacer from the ad server" in plain
    assert "     1  image-alt       suppressed: matches ignore-selectors" in plain
    page = html.render(samples, PLAIN)
    assert "<summary>2 suppressed</summary>" in page
    assert "Line 11, column 5: image-alt (failed): The image spacer.gif has no text alternative " \
           "<strong>Reason: spacer from the ad server</strong>" in page


def test_github_caps_annotations_per_type_and_writes_a_job_summary(samples, tmp_path: Path) -> None:
    many = [Report(f"p{n}.html", results=[Result("image-alt", "failed", "critical", "no alt", n + 1, 1)])
            for n in range(12)]
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    out = github.render([*many, *samples], Context(max_annotations=10, step_summary=str(summary)))
    assert sum(line.startswith("::error ") for line in out.splitlines()) == 10
    assert "::notice title=a11ycheck::not shown as annotations: 4 errors; see the job summary and the full " \
           "report (--format text or html)\n" in out
    written = summary.read_text()
    assert written.startswith("earlier step\n## a11ycheck: 13 failed, 2 warnings, 1 to review in 15 files, "
                              "1 could not be read\n")
    rules = [line.split(" | ")[0] for line in written.splitlines() if line.startswith("| ") and "---" not in line]
    assert rules[:4] == ["| Rule", "| image-alt", "| media-fallback", "| video-captions"]
    files = rules[4:]
    assert files[:3] == ["| File", "| site/index.v2.html", "| p0.html"]  # 1 failed and 2 warnings first
    assert "- site/empty.html: empty file" in written


def test_junit_has_one_case_per_file_without_dots_in_classnames(samples) -> None:
    root = ET.fromstring(junit.render(samples, PLAIN))
    cases = root.findall("testsuite/testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("a11ycheck", "site/clean.html"), ("a11ycheck", "site/index.v2.html"), ("a11ycheck", "site/empty.html")]
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "1")
    assert not list(cases[0])  # the clean file passes


def test_html_report_fix_in_code_filters_worst_first_impacts_and_elements(samples) -> None:
    page = html.render(samples, REVIEW)
    assert "alt=&quot;&quot;</code>" in page and "`" not in page.split("<main", 1)[1].split("<script>")[0]
    assert "\\x0a" not in page  # a line break in a rule's text is a space, not an escape
    assert re.findall(r'name="status" value="(\w+)"', page) == ["error", "below", "warning", "review"]
    files = re.findall(r'<h3 id="file-\d+">([^<]+)</h3>', page)
    assert files == ["site/empty.html", "site/index.v2.html", "site/clean.html"]
    assert "<caption>Findings by impact</caption>" in page
    assert '<tr><th scope="row">Critical</th><td class="n">1</td><td class="n">0</td><td class="n">0</td>' \
           '<td class="n">1</td></tr>' in page
    assert page.count('<li class="element">') == 3  # photo.jpg, and one per video (its failure and review together)
    assert page.count('<li class="finding"') == 4


# -- --show-source: a code frame from the file, where it still matches -------------------------------------------
def _framed(path: Path, **context: object) -> list[str]:
    report = check(path, path=str(path))
    return text.render([report], Context(show_source=True, **context)).splitlines()  # type: ignore[arg-type]


def test_show_source_frames_the_lines_around_the_finding_with_a_caret_at_its_column(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text('<!doctype html>\n<html lang="en">\n<head><title>t</title></head>\n<body><main>\n'
                    '  <p>Text</p>\t<img src="photo.jpg">\n</main></body>\n</html>\n')
    lines = _framed(page)
    at = next(n for n, line in enumerate(lines) if ": image-alt " in line)
    assert lines[at].startswith(f"{page}:5:15: image-alt ")
    assert lines[at + 1: at + 8] == [
        "  3 | <head><title>t</title></head>",
        "  4 | <body><main>",
        '> 5 |   <p>Text</p>   <img src="photo.jpg">',  # the tab as spaces to its stop
        "    |                 ^^^^^^^^^^^^^^^^^^^^^",  # under the start tag
        "  6 | </main></body>",
        "  7 | </html>",
        "",
    ]


def test_show_source_cuts_a_minified_line_around_the_finding(tmp_path: Path) -> None:
    page = tmp_path / "min.html"
    page.write_text('<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
                    + "<p>filler text</p>" * 20 + '<img src="x.png">' + "<p>more</p>" * 20 + "</main></body></html>")
    lines = _framed(page)
    at = next(n for n, line in enumerate(lines) if ": image-alt " in line)
    shown, carets = lines[at + 1], lines[at + 2]
    assert shown.startswith("> 1 | …") and shown.endswith("…") and len(shown) == len("> 1 | ") + 102
    assert shown[carets.index("^"):].startswith('<img src="x.png">') and carets.endswith("^" * 17)


def test_show_source_says_when_the_file_changed_since_the_check(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text('<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>t</h1>\n'
                    '<img src="a.png">\n</main></body>')
    report = check(page, path=str(page))
    page.write_text('<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>t</h1>\n<p>new</p>\n'
                    '</main></body>')
    lines = text.render([report], Context(show_source=True)).splitlines()
    assert lines[1:4] == ['  2 | <img src="a.png">', "    | ^", f"    | {CHANGED}"]


def test_show_source_of_markup_given_as_a_string_shows_the_start_tag() -> None:
    report = check('<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>t</h1>\n'
                   '  <img src="a.png"></main></body>',
                   path="<string>")
    lines = text.render([report], Context(show_source=True)).splitlines()
    assert lines[1:3] == ['  2 | <img src="a.png">', "    | ^"]


def test_show_source_leaves_a_short_line_beside_a_cut_one_empty(tmp_path: Path) -> None:
    page = tmp_path / "min.html"
    page.write_text('<!doctype html><html lang="en"><head><title>t</title></head><body><main>\n\n'
                    + "<p>filler text</p>" * 20 + '<img src="x.png">\n</main></body></html>')
    lines = _framed(page)
    at = next(n for n, line in enumerate(lines) if ": image-alt " in line)
    assert lines[at + 1: at + 3] == ["  1 |", "  2 |"]  # (both end before the cut)
    assert lines[at + 3].startswith("> 3 | …") and lines[at + 5] == "  4 |"


def test_a_job_summary_that_cannot_be_written_is_one_line_and_exit_2(monkeypatch, tmp_path: Path, capsys) -> None:
    from a11ycheck import cli

    page = tmp_path / "page.html"
    page.write_text(VIDEO_PAGE)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "missing" / "summary.md"))
    assert cli.main([str(page), "--format", "github", "--isolated", "--jobs", "1"]) == 2
    error = f"a11ycheck: {tmp_path}/missing/summary.md: cannot write (No such file or directory)\n"
    assert capsys.readouterr().err == error
