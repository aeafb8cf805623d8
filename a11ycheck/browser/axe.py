"""axe-core in the browser, through axe-selenium-python, and its results mapped onto our model.

axe's violations, incomplete, passes and inapplicable become failed, cantTell, passed and inapplicable;
its ``wcagNNN`` tags become success criteria, its rules' ``actIds`` (rule metadata: the result tags only
say ``ACT``) become ACT ids, each result's ``axe`` is its own rule id, and each node is placed in the
original source by its CSS selector. axe's ``image-alt`` failure on the only image of a link or button whose
name it also fails joins that failure: one defect, as the static engine reports it.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from cssselect import HTMLTranslator, SelectorError
from lxml import etree

from ..axtree import is_exposed
from ..checks.images import unnamed_image_control
from ..engine import Options, severity_of
from ..results import IMPACTS, OUTCOMES, Outcome, Report, Result
from ..suppress import Suppressor
from .driver import BrowserError

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

    from ..document import Document, Element

__all__ = ["AXE_RUN_OPTIONS", "PAGE_RULES", "AxeRunner", "locate", "require_current", "to_report", "wcag_criteria"]

# JSON, not a dict: axe-selenium-python 3.0.0 pastes options into the script with %s, which turns
# False into an undefined name. Frames are not followed: only the top document gets axe injected, and
# axe would wait for an answer from every frame.
AXE_RUN_OPTIONS = json.dumps({"iframes": False, "elementRef": False, "performanceTimer": False})
RULE_PREFIX = "axe/"
_OUTCOME_OF: dict[str, Outcome] = {"violations": "failed", "incomplete": "cantTell", "passes": "passed",
                                   "inapplicable": "inapplicable"}
_WCAG_TAG = re.compile(r"^wcag(\d)(\d)(\d+)$")
_SNIPPET_MAX = 300
_TRANSLATOR = HTMLTranslator()
# Rules about the whole page: inapplicable to a fragment (a component, not a page), as ours are.
PAGE_RULES = frozenset(("document-title", "html-has-lang", "html-lang-valid", "html-xml-lang-mismatch", "bypass",
                        "landmark-one-main", "page-has-heading-one", "region", "meta-viewport", "meta-viewport-large",
                        "meta-refresh", "meta-refresh-no-exceptions"))
_IMAGE_ALT = RULE_PREFIX + "image-alt"
_SVG_IMG_ALT = RULE_PREFIX + "svg-img-alt"
_CONTROL_NAME_RULES = frozenset((RULE_PREFIX + "link-name", RULE_PREFIX + "button-name"))
_METADATA_JS = "return [axe.version, axe.getRules().map(function (r) { return [r.ruleId, r.actIds || []]; })];"


class AxeRunner:
    """Injects axe-core (bundled with axe-selenium-python, or the user's ``axe.min.js``) and runs it."""

    def __init__(self, driver: WebDriver, axe_script: str | None = None) -> None:
        from axe_selenium_python import Axe

        self.axe = Axe(driver) if axe_script is None else Axe(driver, script_url=axe_script)
        self.driver = driver
        self.version = ""
        self.act_ids: dict[str, list[str]] = {}

    def run(self) -> dict[str, Any]:
        """axe's raw results for the driver's current page (the metadata is read on the first run)."""
        self.axe.inject()
        if not self.version:
            version, rules = self.driver.execute_script(_METADATA_JS)
            require_current(str(version))
            self.version = str(version)
            self.act_ids = {rule_id: list(ids) for rule_id, ids in rules}
        return self.axe.run(options=AXE_RUN_OPTIONS)


def require_current(version: str) -> None:
    """Refuse an axe-core before 4.0 (axe-selenium-python 2, the one pip finds for Python 3.11, bundles
    3.1.1 from 2018: no ACT ids, rules long since changed), with what to do instead."""
    major = re.match(r"\d+", version)
    if major is None or int(major.group()) < 4:
        raise BrowserError(f"axe-core {version} is too old (a11ycheck needs 4.0 or newer): install "
                           f"axe-selenium-python>=3 (Python 3.12 or newer), or give --axe-script a current axe.min.js")


def wcag_criteria(tags: list[str]) -> list[str]:
    """Success criteria from axe tags: ``wcag111`` → ``1.1.1``, ``wcag1410`` → ``1.4.10`` (levels dropped)."""
    found = []
    for tag in tags:
        match = _WCAG_TAG.match(tag)
        if match:
            found.append(".".join(match.groups()))
    return found


def locate(doc: Document, target: list[Any]) -> Element | None:
    """The one element of the static document that axe's target selects, or None.

    Targets inside frames or shadow roots (nested lists) and selectors that match no element, or
    more than one, of the source's own tree (a script built or moved it) are not placed.
    """
    if len(target) != 1 or not isinstance(target[0], str):
        return None
    try:
        found = doc.root.xpath(_TRANSLATOR.css_to_xpath(target[0]))
    except (SelectorError, etree.XPathError):
        return None
    return found[0] if len(found) == 1 and isinstance(found[0], etree._Element) else None


def _selected(rule_id: str, tags: list[str], act: list[str], options: Options) -> bool:
    names = {rule_id, RULE_PREFIX + rule_id, *tags, *act}
    if options.select is not None and not names.intersection(options.select):
        return False
    return not names.intersection(options.ignore)


def _summary_text(summary: str) -> str:
    """axe's multi-line failure summary as one line: ``Fix any of the following: a; b. Fix all of the following: c``."""
    text = ""
    for line in filter(None, (ln.strip() for ln in summary.splitlines())):
        if line.endswith(":"):
            text += (". " if text else "") + line + " "
        else:
            text += ("" if not text or text.endswith(": ") else "; ") + line
    return text.strip()


def _snippet(html: str) -> str:
    text = " ".join(html.split())
    return text if len(text) <= _SNIPPET_MAX else text[: _SNIPPET_MAX - 1] + "…"


def _selector(target: list[Any]) -> str:
    return " >>> ".join(t if isinstance(t, str) else " >>> ".join(map(str, t)) for t in target)


def to_report(raw: dict[str, Any], *, path: str, doc: Document, act_ids: dict[str, list[str]], version: str,
              options: Options | None = None, fragment: bool = False) -> Report:
    """Map axe's raw results onto an :class:`Report`; ``doc`` (the original source) gives positions.

    For a ``fragment`` the :data:`PAGE_RULES` are inapplicable, whatever axe said of the page the
    browser built around it. The page's suppressions (inline and ``ignore-selectors``) apply to axe's
    rules by their bare ids, as do the options' severities.
    """
    options = options or Options()
    report = Report(path=path, engines={"axe-core": version})
    summary: dict[str, int] = dict.fromkeys(OUTCOMES, 0)
    suppressor = Suppressor(doc, options.ignore_selectors)
    inapplicable: dict[str, dict[str, Any]] = {}
    located: list[tuple[Result, Element | None]] = []
    for group, outcome in _OUTCOME_OF.items():
        for rule in raw.get(group) or ():
            rule_id, tags = rule["id"], list(rule.get("tags") or ())
            act = act_ids.get(rule_id, [])
            if not _selected(rule_id, tags, act, options):
                continue
            if outcome == "inapplicable" or (fragment and rule_id in PAGE_RULES):
                inapplicable.setdefault(rule_id, rule)
                continue
            severity = severity_of(rule_id, options)
            for node in rule.get("nodes") or ():
                if outcome in ("failed", "cantTell") or options.include_passed:
                    result, element = _node_result(doc, rule, node, outcome, act, severity)
                    reason = suppressor.reason(rule_id, element) if suppressor and outcome != "passed" else None
                    if reason is not None:
                        result.reason = reason
                        report.suppressed.append(result)
                        continue
                    located.append((result, element))
                summary[outcome] += 1
    report.results = _fold_control_images(doc, located, summary)
    summary["inapplicable"] = len(inapplicable)
    if options.include_passed:
        report.results += [_result(rule, "inapplicable", act_ids.get(rule_id, []), impact=None, selector="",
                                   message=f"{rule['help']}: nothing in the page to check",
                                   severity=severity_of(rule_id, options))
                           for rule_id, rule in inapplicable.items()]
    report.summary = summary
    report.results.sort(key=lambda r: (r.line, r.column, r.rule))
    return report


def _node_result(doc: Document, rule: dict[str, Any], node: dict[str, Any], outcome: Outcome,
                 act: list[str], severity: str) -> tuple[Result, Element | None]:
    target = node.get("target") or []
    element = locate(doc, target)
    line, column = doc.position(element) if element is not None else (1, 1)
    failure = _summary_text(node.get("failureSummary") or "")
    return _result(rule, outcome, act, impact=node.get("impact") or rule.get("impact"), selector=_selector(target),
                   message=f"{rule['help']}. {failure}" if failure else rule["help"], line=line, column=column,
                   snippet=_snippet(node.get("html") or ""), severity=severity), element


def _fold_control_images(doc: Document, located: list[tuple[Result, Element | None]],
                         summary: dict[str, int]) -> list[Result]:
    """The results, with axe's ``image-alt`` failure on the only image of a link or button that axe also
    fails for its name folded into that failure (its criteria join it): one defect, one finding, as the
    static engine reports it (the link's name; image-alt leaves such an image to link-name). So is axe's
    ``svg-img-alt`` on an ``<svg role="img">`` whose control's children are presentational (a button's):
    it is the button's content, not an image of its own (svg-img-alt fails one in a link)."""
    names = {(r.line, r.column): r for r, element in located
             if element is not None and r.outcome == "failed" and r.rule in _CONTROL_NAME_RULES}
    kept = []
    for result, element in located:
        control = None
        if element is not None and result.outcome == "failed" and (
                result.rule == _IMAGE_ALT or (result.rule == _SVG_IMG_ALT and not is_exposed(doc, element))):
            control = unnamed_image_control(doc, element)
        owner = names.get(doc.position(control)) if control is not None else None
        if owner is None:
            kept.append(result)
            continue
        owner.wcag += [c for c in result.wcag if c not in owner.wcag]
        summary["failed"] -= 1
    return kept


def _result(rule: dict[str, Any], outcome: Outcome, act: list[str], *, impact: str | None, **fields: Any) -> Result:
    return Result(rule=RULE_PREFIX + rule["id"], outcome=outcome, impact=_impact(impact),
                  wcag=wcag_criteria(list(rule.get("tags") or ())), act=list(act), help=rule.get("helpUrl") or "",
                  axe=[rule["id"]], engine="axe", **fields)


def _impact(value: str | None) -> str:
    """axe's impact (null on passes and inapplicable rules) as one of ours."""
    return value if value in IMPACTS else "minor"
