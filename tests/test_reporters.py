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

from a11ycheck import check
from a11ycheck.reporters import earl, github, html, junit, sarif, text
from a11ycheck.reporters import json as json_reporter
from a11ycheck.reporters.listing import listing, review_items
from a11ycheck.results import Report, Result
from a11ycheck.ruleset import load_rules

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
    log = json.loads(sarif.render(reports))
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
    jsonschema.validate(json.loads(sarif.render(reports, review=True)), SCHEMA)


def test_sarif_points_at_the_element(reports) -> None:
    def located(log: dict) -> set[tuple[str, int]]:
        return {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
                for r in log["runs"][0]["results"]}

    assert located(json.loads(sarif.render(reports[:1]))) == {(r.rule, r.line) for r in reports[0].failed}
    assert located(json.loads(sarif.render(reports[:1], review=True))) == {(r.rule, r.line) for r in reports[0].results}


def test_junit_parses_back_with_a_case_per_file_and_rule(reports) -> None:
    rule_ids = sorted(load_rules())
    root = ET.fromstring(junit.render(reports, rule_ids))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [r.path for r in reports]
    first = suites[0]
    assert [c.get("name") for c in first.findall("testcase")] == rule_ids
    failed_rules = {r.rule for r in reports[0].results if r.outcome == "failed"}
    assert {c.get("name") for c in first.findall("testcase") if c.find("failure") is not None} == failed_rules
    assert int(root.get("failures")) == len(failed_rules) + sum(
        1 for r in reports[1].by_rule().values() if any(x.outcome == "failed" for x in r))
    assert suites[2].find("testcase/error").get("message") == "empty file"
    assert int(root.get("errors")) == 1


def test_github_commands_escape_data_and_properties() -> None:
    report = check("<html><body></body></html>", path="dir/a,b:c.html")
    out = github.render([report])
    line = next(x for x in out.splitlines() if "title=document-title" in x)
    assert line.startswith("::error file=dir/a%2Cb%3Ac.html,line=1,col=1,title=document-title (serious)::")
    assert "\n" not in line


def test_earl_outcomes_use_the_earl_vocabulary(reports) -> None:
    data = json.loads(earl.render(reports))
    subjects = [n for n in data["@graph"] if "assertions" in n]
    assert [s["source"] for s in subjects] == [r.path for r in reports]
    outcomes = {a["result"]["outcome"] for s in subjects for a in s["assertions"]}
    assert outcomes <= {"earl:failed", "earl:cantTell", "earl:passed", "earl:inapplicable"}
    assert "earl:failed" in outcomes


def test_html_report_escapes_everything_from_the_page(reports) -> None:
    page = html.render(reports)
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
    root = ET.fromstring(junit.render(control_reports, sorted(load_rules())))
    failure = root.find("testsuite/testcase[@name='image-alt']/failure")
    assert "\\x01" in failure.get("message") and "\\x1b" in failure.text
    assert root.findall("testsuite")[1].get("name") == '"pages/e\\033]0;pwned\\a.html"'


@pytest.mark.parametrize("render", [
    lambda reports: text.render(reports, show_source=True), github.render, html.render,
])
def test_terminal_and_html_outputs_show_control_characters_as_escapes(control_reports, render) -> None:
    out = render(control_reports)
    assert not UNPRINTABLE_RE.search(out)
    assert "\\x1b" in out and "\\x9b" in out and "\\uffff" in out


@pytest.mark.parametrize("render", [sarif.render, earl.render, json_reporter.render])
def test_json_outputs_keep_page_text_unchanged(control_reports, render) -> None:
    out = render(control_reports)
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
    assert earl.render([video_report]).count('"earl:cantTell"') == len(video_rules) + 1


def test_one_review_item_per_element_lists_what_to_check(video_report) -> None:
    items = review_items(video_report.results)
    assert [(r.line, r.rule) for r in items] == [(2, "video-audio-alternative"), (3, "image-hidden-decorative")]
    video = items[0].message
    assert video.startswith("press-conference.mp4: 5 things to check on this <video> (12 rules): captions, if it has")
    assert "a transcript of what it shows and says" in video and video.count("captions, if") == 1
    assert items[1].message.startswith("The image fireworks.jpg is marked decorative")


def test_text_counts_review_items_and_lists_them_on_request(video_report) -> None:
    hidden = text.render([video_report])
    assert "[cantTell]" not in hidden
    assert hidden.rstrip().endswith("1 file checked: 0 failed, 2 to review (--review lists them)")
    shown = text.render([video_report], review=True)
    assert shown.count("[cantTell]") == 2
    assert shown.rstrip().endswith("1 file checked: 0 failed, 2 to review")


def test_github_junit_and_html_count_review_items_unless_asked(video_report) -> None:
    assert github.render([video_report]) == "::notice title=a11ycheck::2 to review: --review lists them\n"
    assert github.render([video_report], review=True).count("::warning ") == 2
    out = ET.fromstring(junit.render([video_report], ["video-captions"])).find("testsuite/system-out")
    assert out is not None and out.text == "2 to review: --review lists them"
    listed = ET.fromstring(junit.render([video_report], ["video-captions"], review=True)).find("testsuite/system-out")
    assert listed is not None and listed.text.count("talks.html:") == 2
    page = html.render([video_report])
    assert "2 to review</span> (--review lists them)" in page and 'class="finding"' not in page
    assert html.render([video_report], review=True).count('<li class="finding"') == 2
