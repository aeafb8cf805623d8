"""Folding static and axe results (pure logic, no browser), and mapping axe's raw output onto our model."""

from __future__ import annotations

from a11ycheck import Options, check
from a11ycheck.browser import merge
from a11ycheck.browser.axe import to_report, wcag_criteria
from a11ycheck.document import Document
from a11ycheck.results import Report, Result
from a11ycheck.source import Source


def _result(engine: str, rule: str, axe: list[str], line: int, column: int = 1, outcome: str = "failed",
            selector: str = "img", wcag: list[str] | None = None, act: list[str] | None = None) -> Result:
    """A result of ``engine`` naming the axe-core rules ``axe`` (an axe result: its own rule's id)."""
    return Result(rule=rule, outcome=outcome, impact="critical", message=f"{engine} says so", line=line,  # type: ignore[arg-type]
                  column=column, selector=selector, wcag=wcag or ["1.1.1"], act=act or [], engine=engine, axe=axe)


def _report(*results: Result, **summary: int) -> Report:
    return Report(path="page.html", results=list(results), summary={"failed": 0, "cantTell": 0, "passed": 0,
                                                                     "inapplicable": 0, **summary})


def test_same_element_and_an_axe_rule_the_static_rule_names_fold_into_one_result_naming_both_engines() -> None:
    static = _report(_result("static", "image-alt", ["image-alt"], 5), failed=1)
    axe = Report(path="file:///page.html", engines={"axe-core": "4.10.2"},
                    results=[_result("axe", "axe/image-alt", ["image-alt"], 5, wcag=["1.1.1", "4.1.2"],
                                     act=["23a2a8"])],
                    summary={"failed": 1, "cantTell": 0, "passed": 3, "inapplicable": 2})
    merged = merge(static, axe)
    assert [(r.rule, r.engine, r.message) for r in merged.results] == [("image-alt", "static+axe", "static says so")]
    assert merged.results[0].wcag == ["1.1.1", "4.1.2"]
    assert merged.results[0].act == ["23a2a8"] and merged.results[0].axe == ["image-alt"]
    assert merged.summary == {"failed": 1, "cantTell": 0, "passed": 3, "inapplicable": 2}
    assert merged.path == "page.html"
    assert merged.engines["axe-core"] == "4.10.2"
    assert "a11ycheck" in merged.to_dict()["engines"]


def test_other_elements_rules_and_verdicts_are_kept_with_their_engine() -> None:
    static = _report(
        _result("static", "image-alt", ["image-alt"], 5),
        _result("static", "image-alt", ["image-alt"], 9),  # axe placed nothing here
        _result("static", "link-name", ["link-name"], 12, outcome="cantTell"),  # axe says failed: both stay
        _result("static", "photo-credit", [], 14),  # no axe rule: never folded
        failed=3, cantTell=1)
    axe = _report(
        _result("axe", "axe/image-alt", ["image-alt"], 5),
        _result("axe", "axe/link-name", ["link-name"], 12),
        _result("axe", "axe/region", ["region"], 14),
        failed=3)
    merged = merge(static, axe)
    assert [(r.line, r.rule, r.engine, r.outcome) for r in merged.results] == [
        (5, "image-alt", "static+axe", "failed"),
        (9, "image-alt", "static", "failed"),
        (12, "axe/link-name", "axe", "failed"),
        (12, "link-name", "static", "cantTell"),
        (14, "axe/region", "axe", "failed"),
        (14, "photo-credit", "static", "failed"),
    ]
    assert merged.summary["failed"] == 5


def test_unplaced_results_fold_only_when_their_selectors_agree() -> None:
    static = _report(_result("static", "document-title", ["document-title"], 1, selector="html"),
                     _result("static", "image-alt", ["image-alt"], 1, selector="html > body > img"))
    axe = _report(_result("axe", "axe/document-title", ["document-title"], 1, selector="html"),
                  _result("axe", "axe/image-alt", ["image-alt"], 1, selector="#made-by-script"))
    engines = sorted((r.rule, r.engine) for r in merge(static, axe).results)
    assert engines == [("axe/image-alt", "axe"), ("document-title", "static+axe"), ("image-alt", "static")]


def test_the_axe_rules_a_static_rule_names_fold_and_a_shared_act_rule_alone_does_not() -> None:
    # axe's link-name takes <a href role=button>, our button-name; axe's aria-prohibited-attr shares ACT 5c01ea
    # with our aria-allowed-attr, but checks what our aria-prohibited-global checks
    static = _report(_result("static", "button-name", ["button-name", "link-name"], 5, act=["97a4e1"]),
                     _result("static", "aria-allowed-attr", ["aria-allowed-attr"], 7, act=["5c01ea"]),
                     _result("static", "aria-prohibited-global", ["aria-prohibited-attr"], 7, act=["kb1m8s"]))
    axe = _report(_result("axe", "axe/link-name", ["link-name"], 5, act=["c487ae"]),
                  _result("axe", "axe/aria-prohibited-attr", ["aria-prohibited-attr"], 7, act=["5c01ea"]))
    merged = merge(static, axe)
    assert [(r.rule, r.engine) for r in merged.results] == [
        ("button-name", "static+axe"), ("aria-allowed-attr", "static"), ("aria-prohibited-global", "static+axe")]
    assert merged.results[0].act == ["97a4e1", "c487ae"]
    assert merged.results[0].axe == ["link-name", "button-name"]  # the axe rule that confirmed it comes first
    assert merged.results[2].act == ["kb1m8s", "5c01ea"]


def test_one_axe_result_folds_with_one_static_result_only() -> None:
    static = _report(_result("static", "image-alt", ["image-alt"], 5),
                     _result("static", "image-alt-2", ["image-alt"], 5))
    axe = _report(_result("axe", "axe/image-alt", ["image-alt"], 5))
    assert sorted(r.engine for r in merge(static, axe).results) == ["static", "static+axe"]


def test_an_error_in_either_engine_is_the_merged_reports_error() -> None:
    merged = merge(Report(path="p.html", error="no such file"), _report())
    assert merged.error == "static: no such file"
    assert merged.to_dict()["error"] == "static: no such file"


def test_wcag_tags_become_criteria() -> None:
    assert wcag_criteria(["cat.text-alternatives", "wcag2a", "wcag111", "wcag1410", "wcag21aa", "wcag2411",
                          "ACT"]) == ["1.1.1", "1.4.10", "2.4.11"]


PAGE = """<!doctype html>
<html lang="en"><head><title>t</title></head>
<body>
  <img src="a.png">
  <p><img src="b.png" alt="B"></p>
</body></html>
"""
RAW = {
    "violations": [{
        "id": "image-alt", "impact": "critical", "tags": ["cat.text-alternatives", "wcag2a", "wcag111", "ACT"],
        "help": "Images must have alternative text", "helpUrl": "https://dequeuniversity.com/rules/axe/4.10/image-alt",
        "nodes": [
            {"target": ["img[src$=\"a.png\"]"], "html": "<img src=\"a.png\">", "impact": "critical",
             "failureSummary": "Fix any of the following:\n  Element does not have an alt attribute\n"
                               "  Element has no title attribute"},
            {"target": ["#built-by-script"], "html": "<img id=\"built-by-script\">", "impact": "critical",
             "failureSummary": "Fix any of the following:\n  Element does not have an alt attribute"},
        ]}],
    "incomplete": [{"id": "color-contrast", "impact": "serious", "tags": ["wcag2aa", "wcag143"], "help": "Contrast",
                    "helpUrl": "", "nodes": [{"target": ["p"], "html": "<p>", "impact": "serious",
                                              "failureSummary": "Fix any of the following:\n  Unknown background"}]}],
    "passes": [{"id": "document-title", "impact": None, "tags": ["wcag2a", "wcag242"], "help": "Title",
                "helpUrl": "", "nodes": [{"target": ["html"], "html": "<html lang=\"en\">", "impact": None}]}],
    "inapplicable": [{"id": "video-caption", "impact": None, "tags": ["wcag2a", "wcag122"], "help": "Captions",
                      "helpUrl": "", "nodes": []}],
}
ACT_IDS = {"image-alt": ["23a2a8"], "document-title": ["2779a5"]}


def _axe(options: Options | None = None) -> Report:
    doc = Document(Source.from_text(PAGE), path="page.html")
    return to_report(RAW, path="page.html", doc=doc, act_ids=ACT_IDS, version="4.10.2", options=options)


def test_axe_results_map_onto_our_model() -> None:
    report = _axe()
    assert report.engines == {"axe-core": "4.10.2"}
    assert report.summary == {"failed": 2, "cantTell": 1, "passed": 1, "inapplicable": 1}
    assert [(r.rule, r.outcome, r.line, r.column) for r in report.results] == [
        ("axe/image-alt", "failed", 1, 1),  # built by a script: not in the source
        ("axe/image-alt", "failed", 4, 3),
        ("axe/color-contrast", "cantTell", 5, 3),
    ]
    placed = report.results[1]
    assert placed.act == ["23a2a8"] and placed.wcag == ["1.1.1"] and placed.engine == "axe"
    assert placed.axe == ["image-alt"]
    assert placed.message == ("Images must have alternative text. Fix any of the following: "
                              "Element does not have an alt attribute; Element has no title attribute")
    assert placed.selector == 'img[src$="a.png"]' and placed.snippet == '<img src="a.png">'
    assert placed.impact == "critical"


def test_axe_passes_and_inapplicable_rules_with_include_passed_and_select() -> None:
    report = _axe(Options(include_passed=True, select=("wcag242", "video-caption")))
    assert [(r.rule, r.outcome, r.impact, r.line) for r in report.results] == [
        ("axe/video-caption", "inapplicable", "minor", 1),
        ("axe/document-title", "passed", "minor", 2),
    ]
    assert report.summary == {"failed": 0, "cantTell": 0, "passed": 1, "inapplicable": 1}
    assert [r.rule for r in _axe(Options(ignore=("23a2a8",))).results] == ["axe/color-contrast"]


def test_merge_with_a_real_static_report() -> None:
    static = check(PAGE, path="page.html")
    merged = merge(static, _axe())
    both = [r for r in merged.results if r.engine == "static+axe"]
    assert [(r.rule, r.line, r.column) for r in both] == [("image-alt", 4, 3)]
    assert [r.engine for r in merged.results if r.selector == "#built-by-script"] == ["axe"]


def test_page_rules_are_inapplicable_to_a_fragment() -> None:
    doc = Document(Source.from_text(PAGE), path="page.html")
    report = to_report(RAW, path="page.html", doc=doc, act_ids=ACT_IDS, version="4.10.2",
                       options=Options(include_passed=True), fragment=True)
    assert report.summary == {"failed": 2, "cantTell": 1, "passed": 0, "inapplicable": 2}
    assert sorted(r.rule for r in report.results if r.outcome == "inapplicable") == [
        "axe/document-title", "axe/video-caption"]


def test_a_page_level_axe_result_folds_with_the_static_result_on_another_element() -> None:
    static = _report(_result("static", "document-title", ["document-title"], 88, 9, selector="html > head > title"),
                     _result("static", "image-alt", ["image-alt"], 90, selector="html > body > img"))
    axe = _report(_result("axe", "axe/document-title", ["document-title"], 2, selector="html"),
                  _result("axe", "axe/image-alt", ["image-alt"], 95, selector="body > img"))
    assert sorted((r.rule, r.engine, r.line) for r in merge(static, axe).results) == [
        ("axe/image-alt", "axe", 95), ("document-title", "static+axe", 88), ("image-alt", "static", 90)]


LOGO_PAGE = """<!doctype html>
<html lang="en"><head><title>t</title></head>
<body>
  <a href="/"><img src="logo.png"></a>
  <img src="free.png">
</body></html>
"""


def _violation(rule_id: str, tags: list[str], *targets: str) -> dict:
    return {"id": rule_id, "impact": "critical", "tags": tags, "help": rule_id, "helpUrl": "",
            "nodes": [{"target": [t], "html": "", "impact": "critical", "failureSummary": ""} for t in targets]}


def test_axe_image_alt_on_a_nameless_image_link_folds_into_its_link_name_failure() -> None:
    raw = {"violations": [_violation("image-alt", ["wcag111"], 'a > img', 'img[src="free.png"]'),
                          _violation("link-name", ["wcag244", "wcag412"], 'a[href="/"]')]}
    act_ids = {"image-alt": ["23a2a8"], "link-name": ["c487ae"]}
    doc = Document(Source.from_text(LOGO_PAGE), path="page.html")
    axe = to_report(raw, path="page.html", doc=doc, act_ids=act_ids, version="4.10.2")
    assert [(r.rule, r.line, r.column, r.wcag) for r in axe.results] == [
        ("axe/link-name", 4, 3, ["2.4.4", "4.1.2", "1.1.1"]), ("axe/image-alt", 5, 3, ["1.1.1"])]
    assert axe.summary["failed"] == 2
    static = check(LOGO_PAGE, path="page.html", options=Options(select=("link-name", "image-alt")))
    assert [(r.rule, r.engine, r.line) for r in merge(static, axe).failed] == [("link-name", "static+axe", 4),
                                                                   ("image-alt", "static+axe", 5)]


ICON_PAGE = """<!doctype html>
<html lang="en"><head><title>t</title></head>
<body>
  <button type="button"><svg role="img"><use href="#search"></use></svg></button>
  <svg role="img" class="free"><use href="#logo"></use></svg>
  <a href="/feed"><svg role="img" class="rss"><use href="#rss"></use></svg></a>
</body></html>
"""


def test_axe_svg_img_alt_on_the_only_icon_of_a_nameless_button_folds_into_its_button_name_failure() -> None:
    # videos-2: the static engine reports the button (an svg inside it is its content, not an image of its own);
    # a link's content is no part of it: the svg inside is an image, failed by svg-img-alt beside link-name
    raw = {"violations": [_violation("svg-img-alt", ["wcag111"], "button > svg", "svg.free", "svg.rss"),
                          _violation("button-name", ["wcag412"], "button"),
                          _violation("link-name", ["wcag412"], 'a[href="/feed"]')]}
    act_ids = {"svg-img-alt": ["7d6734"], "button-name": ["97a4e1"], "link-name": ["c487ae"]}
    doc = Document(Source.from_text(ICON_PAGE), path="page.html")
    axe = to_report(raw, path="page.html", doc=doc, act_ids=act_ids, version="4.10.2")
    assert [(r.rule, r.line, r.column, r.wcag) for r in axe.results] == [
        ("axe/button-name", 4, 3, ["4.1.2", "1.1.1"]), ("axe/svg-img-alt", 5, 3, ["1.1.1"]),
        ("axe/link-name", 6, 3, ["4.1.2"]), ("axe/svg-img-alt", 6, 19, ["1.1.1"])]
    static = check(ICON_PAGE, path="page.html", options=Options(select=("button-name", "link-name", "svg-img-alt")))
    assert [(r.rule, r.engine, r.line) for r in merge(static, axe).failed] == [
        ("button-name", "static+axe", 4), ("svg-img-alt", "static+axe", 5), ("link-name", "static+axe", 6),
        ("svg-img-alt", "static+axe", 6)]


def test_the_pages_suppressions_and_the_policys_severities_reach_axes_results() -> None:
    directive = "<!-- a11ycheck-disable-next-line image-alt -- spacer from the ad server -->"
    page = PAGE.replace('  <img src="a.png">', f'  {directive}\n  <img src="a.png">')
    doc = Document(Source.from_text(page), path="page.html")
    options = Options(severity={"image-alt": "warning"})
    axe = to_report(RAW, path="page.html", doc=doc, act_ids=ACT_IDS, version="4.10.2", options=options)
    assert [(r.rule, r.line, r.reason) for r in axe.suppressed] == [("axe/image-alt", 5, "spacer from the ad server")]
    assert [(r.rule, r.selector, r.severity) for r in axe.results] == [
        ("axe/image-alt", "#built-by-script", "warning"), ("axe/color-contrast", "p", "error")]
    assert axe.summary["failed"] == 1
    merged = merge(check(page, path="page.html", options=options), axe)
    assert [(r.rule, r.engine, r.reason) for r in merged.suppressed] == [
        ("image-alt", "static", "spacer from the ad server")]  # one finding, suppressed by both engines
    assert "axe/image-alt" not in {r.rule for r in merged.results if r.line == 5}
