"""A self-contained HTML report: summary by rule and by file, findings with source, filters.

No network and no external asset. Everything taken from checked pages is escaped, and a Content
Security Policy allows only the report's own script (by hash), so markup in a page cannot run code.
The report is itself built to pass a11ycheck and axe-core.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from html import escape

from .. import __version__
from ..results import IMPACTS, Report, Result
from ..ruleset import Rule, load_rules
from ..shown import quote_path, visible
from .listing import REVIEW_HINT, Listing, listing

__all__ = ["render"]

_STYLE = """
:root{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;background:#fff;line-height:1.5}
body{margin:0 auto;max-width:72rem;padding:0 1rem 3rem}
.skip{position:absolute;left:-10000px}.skip:focus{position:static}
a{color:#0b57a4}
table{border-collapse:collapse;margin:1rem 0;width:100%}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #8a8a8a;padding:.25rem .5rem;text-align:left;vertical-align:top}
thead th{background:#eef1f5}
.n{text-align:right}
.failed{color:#a1001b;font-weight:600}.cantTell{color:#6b4500;font-weight:600}
.impact{display:inline-block;border:1px solid currentColor;border-radius:.25rem;padding:0 .3rem;font-size:.85em}
ol.findings{list-style:none;padding:0}
li.finding{border-top:1px solid #c4c4c4;padding:.5rem 0}
li.finding p{margin:.2rem 0}
pre{background:#f4f4f4;border:1px solid #c4c4c4;padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
fieldset{border:1px solid #8a8a8a;margin:.5rem 0}
label{margin-right:1rem}
.error{color:#a1001b}
"""

_SCRIPT = """
(function(){
  var form=document.getElementById('filters');
  function apply(){
    var impacts={};
    form.querySelectorAll('input[name=impact]').forEach(function(b){impacts[b.value]=b.checked;});
    var rule=document.getElementById('rule-filter').value;
    var shown=0,total=0;
    document.querySelectorAll('li.finding').forEach(function(li){
      total++;
      var ok=impacts[li.dataset.impact]&&(!rule||li.dataset.rule===rule);
      li.hidden=!ok; if(ok){shown++;}
    });
    document.querySelectorAll('section.file').forEach(function(s){
      var list=s.querySelectorAll('li.finding'); if(!list.length){return;}
      s.hidden=!Array.prototype.some.call(list,function(li){return !li.hidden;});
    });
    document.getElementById('shown').textContent='Showing '+shown+' of '+total+' findings';
  }
  form.addEventListener('change',apply);
  apply();
})();
"""
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()
_CSP = (
    f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{_SCRIPT_HASH}'; "
    "base-uri 'none'; form-action 'none'"
)
_OUTCOME_LABEL = {"failed": "Failed", "cantTell": "Needs review", "passed": "Passed", "inapplicable": "Inapplicable"}


def _e(text: object) -> str:
    """Escaped for HTML, control characters shown as escapes (they are parse errors in HTML)."""
    return escape(visible(str(text)), quote=True)


def render(reports: Iterable[Report], rules: dict[str, Rule] | None = None, *, now: datetime | None = None,
           review: bool = False) -> str:
    """The report page as one string; review items (one per element) are listed when ``review``, else
    counted."""
    rules = load_rules() if rules is None else rules
    reports = list(reports)
    now = now or datetime.now(UTC)
    by_rule: dict[str, Counter[str]] = defaultdict(Counter)
    files_per_rule: dict[str, set[str]] = defaultdict(set)
    shown = {id(report): listing(report, review=True, rules=rules) for report in reports}
    for report in reports:
        for r in shown[id(report)].results:
            by_rule[r.rule][r.outcome] += 1
            files_per_rule[r.rule].add(report.path)
    if not review:
        shown = {id(report): listing(report, review=False, rules=rules) for report in reports}
    failed = sum(c["failed"] for c in by_rule.values())
    to_review = sum(c["cantTell"] for c in by_rule.values())
    errors = sum(1 for r in reports if r.error is not None)
    files = f"{len(reports)} file{'s' * (len(reports) != 1)}"
    title = f"a11ycheck report: {failed} failed, {to_review} to review in {files}"
    hint = f" ({REVIEW_HINT})" if to_review and not review else ""

    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(_CSP)}">',
        f"<title>{_e(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        '<a class="skip" href="#findings">Skip to findings</a>',
        "<header>",
        "<h1>Accessibility report</h1>",
        f"<p>a11ycheck {_e(__version__)}, {_e(now.strftime('%Y-%m-%d %H:%M UTC'))}: {files} checked, "
        f'<span class="failed">{failed} failed</span>, <span class="cantTell">{to_review} to review</span>{_e(hint)}'
        + (f', <span class="error">{errors} could not be read</span>' if errors else "") + ".</p>",
        "</header>",
        '<main id="main">',
        '<section aria-labelledby="h-summary">',
        '<h2 id="h-summary">Summary</h2>',
    ]
    out += _rule_table(by_rule, files_per_rule, rules)
    out += _file_table(reports, shown)
    out += ["</section>"]
    out += _filters(by_rule, rules)
    out += ['<section id="findings" aria-labelledby="h-findings" tabindex="-1">', '<h2 id="h-findings">Findings</h2>']
    for n, report in enumerate(reports):
        out += _file_section(n, report, shown[id(report)].results, rules)
    out += ["</section>", "</main>", f"<script>{_SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _rule_table(by_rule: dict[str, Counter[str]], files: dict[str, set[str]], rules: dict[str, Rule]) -> list[str]:
    if not by_rule:
        return ["<p>No failures and nothing to review.</p>"]
    rows = [
        "<table>",
        "<caption>Findings by rule</caption>",
        '<thead><tr><th scope="col">Rule</th><th scope="col">Impact</th><th scope="col">WCAG</th>'
        '<th scope="col" class="n">Failed</th><th scope="col" class="n">To review</th>'
        '<th scope="col" class="n">Files</th></tr></thead>',
        "<tbody>",
    ]
    order = sorted(by_rule, key=lambda rid: (-by_rule[rid]["failed"], -by_rule[rid]["cantTell"], rid))
    for rule_id in order:
        rule = rules.get(rule_id)
        name = f'<a href="{_e(rule.help)}">{_e(rule_id)}</a>: {_e(rule.title)}' if rule else _e(rule_id)
        rows.append(
            f'<tr><th scope="row">{name}</th><td>{_e(rule.impact if rule else "")}</td>'
            f"<td>{_e(', '.join(rule.wcag) if rule else '')}</td>"
            f'<td class="n">{by_rule[rule_id]["failed"]}</td><td class="n">{by_rule[rule_id]["cantTell"]}</td>'
            f'<td class="n">{len(files[rule_id])}</td></tr>'
        )
    return [*rows, "</tbody>", "</table>"]


def _file_table(reports: list[Report], shown: dict[int, Listing]) -> list[str]:
    rows = [
        "<table>",
        "<caption>Findings by file</caption>",
        '<thead><tr><th scope="col">File</th><th scope="col" class="n">Failed</th>'
        '<th scope="col" class="n">To review</th></tr></thead>',
        "<tbody>",
    ]
    for n, report in enumerate(reports):
        if report.error is not None:
            cells = f'<td colspan="2" class="error">Not checked: {_e(report.error)}</td>'
        else:
            found = shown[id(report)]
            failed = sum(r.outcome == "failed" for r in found.results)
            cells = f'<td class="n">{failed}</td><td class="n">{found.review}</td>'
        rows.append(f'<tr><th scope="row"><a href="#file-{n}">{_e(quote_path(report.path))}</a></th>{cells}</tr>')
    return [*rows, "</tbody>", "</table>"]


def _filters(by_rule: dict[str, Counter[str]], rules: dict[str, Rule]) -> list[str]:
    out = [
        '<section aria-labelledby="h-filters">',
        '<h2 id="h-filters">Filters</h2>',
        '<form id="filters">',
        "<fieldset><legend>Impact</legend>",
    ]
    for impact in IMPACTS:
        out.append(
            f'<label><input type="checkbox" name="impact" value="{impact}" checked> {impact.capitalize()}</label>'
        )
    out += [
        "</fieldset>",
        '<label for="rule-filter">Rule</label>',
        '<select id="rule-filter"><option value="">All rules</option>',
    ]
    for rule_id in sorted(by_rule):
        out.append(f'<option value="{_e(rule_id)}">{_e(rule_id)}</option>')
    out += ["</select>", '<p id="shown" role="status"></p>', "</form>", "</section>"]
    return out


def _file_section(n: int, report: Report, results: list[Result], rules: dict[str, Rule]) -> list[str]:
    out = [f'<section class="file" aria-labelledby="file-{n}">',
           f'<h3 id="file-{n}">{_e(quote_path(report.path))}</h3>']
    if report.error is not None:
        return [*out, f'<p class="error">Not checked: {_e(report.error)}</p>', "</section>"]
    if not results:
        return [*out, "<p>No failures and nothing to review.</p>" if not report.results
                else f"<p>No failures; items to review: {_e(REVIEW_HINT)}.</p>", "</section>"]
    out.append('<ol class="findings">')
    for r in results:
        rule = rules.get(r.rule)
        link = f'<a href="{_e(r.help)}">{_e(r.rule)}</a>'
        out += [
            f'<li class="finding" data-impact="{_e(r.impact)}" data-rule="{_e(r.rule)}">',
            f'<p><span class="{_e(r.outcome)}">{_OUTCOME_LABEL.get(r.outcome, _e(r.outcome))}</span> '
            f"{link} <span class=\"impact\">{_e(r.impact)}</span> line {r.line}, column {r.column}"
            + (f", WCAG {_e(', '.join(r.wcag))}" if r.wcag else "") + "</p>",
            f"<p>{_e(r.message)}</p>",
        ]
        if rule is not None:
            out.append(f"<p>How to fix: {_e(rule.fix)}</p>")
        if r.snippet:
            out.append(f"<pre><code>{_e(r.snippet)}</code></pre>")
        out.append("</li>")
    return [*out, "</ol>", "</section>"]
