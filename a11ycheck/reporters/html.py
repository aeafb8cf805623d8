"""A self-contained HTML report: the site view (each defect on several pages once, worst first), totals per
impact, summary by rule and by file (worst first), findings grouped per element with source, filters by
status, impact and rule (they filter the findings per file).

No network and no external asset. Everything taken from checked pages is escaped, and a Content
Security Policy allows only the report's own script (by hash), so markup in a page cannot run code.
The report is itself built to pass a11ycheck and axe-core.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from html import escape

from .. import __version__
from ..results import IMPACTS, Report, Result
from ..ruleset import Rule
from ..shown import quote_path, visible
from ..sitegroups import Group, SiteView, pages
from .context import Context
from .listing import Status, help_links, listing, status

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
.error{color:#a1001b;font-weight:600}.below,.warning,.review{color:#6b4500;font-weight:600}
.impact{display:inline-block;border:1px solid currentColor;border-radius:.25rem;padding:0 .3rem;font-size:.85em}
ol.elements{list-style:none;padding:0}
li.element{border-top:1px solid #c4c4c4;padding:.5rem 0}
ul.findings{list-style:none;padding:0 0 0 1rem}
li.finding p{margin:.2rem 0}
code{background:#f4f4f4}
pre{background:#f4f4f4;border:1px solid #c4c4c4;padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
fieldset{border:1px solid #8a8a8a;margin:.5rem 0}
label{margin-right:1rem}
.unread{color:#a1001b}
ol.groups{padding-left:2rem}
li.group{border-top:1px solid #c4c4c4;padding:.5rem 0;overflow-wrap:anywhere}
li.group p{margin:.2rem 0}
"""

_SCRIPT = """
(function(){
  var form=document.getElementById('filters');
  function checked(name){
    var on={};
    form.querySelectorAll('input[name='+name+']').forEach(function(b){on[b.value]=b.checked;});
    return on;
  }
  function some(list,test){return Array.prototype.some.call(list,test);}
  function apply(){
    var impacts=checked('impact'),statuses=checked('status');
    var rule=document.getElementById('rule-filter').value;
    var shown=0,total=0;
    document.querySelectorAll('li.finding,li.group').forEach(function(li){
      var d=li.dataset,n=+(d.count||1),ok=impacts[d.impact]&&statuses[d.status]&&(!rule||d.rule===rule);
      total+=n; li.hidden=!ok; if(ok){shown+=n;}
    });
    document.querySelectorAll('li.element,section.file,section.site').forEach(function(box){
      var list=box.querySelectorAll('li.finding,li.group'); if(!list.length){return;}
      box.hidden=!some(list,function(li){return !li.hidden;});
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
_STATUS: dict[Status, str] = {"error": "Failed", "below": "Below fail-on", "warning": "Warning",
                              "review": "Needs review", "passed": "Passed", "inapplicable": "Inapplicable"}
_COLUMNS: tuple[tuple[Status, str], ...] = (("error", "Failed"), ("below", "Below fail-on"), ("warning", "Warnings"),
                                            ("review", "To review"))
_CODE_RE = re.compile(r"`([^`]+)`")
SHOWN_GROUPS = 25  # template defects shown at once; the others in a disclosure


def _e(text: object) -> str:
    """Escaped for HTML, control characters shown as escapes (they are parse errors in HTML)."""
    return escape(visible(str(text)), quote=True)


def markdown(text: str) -> str:
    """A rule's Markdown (its code spans, its paragraphs) as HTML: ``<code>`` for backticks, ``<p>`` per
    paragraph, a line break within one as a space; everything else escaped."""
    paragraphs = (" ".join(part.split()) for part in re.split(r"\n\s*\n", text))
    return "".join("<p>" + _CODE_RE.sub(r"<code>\1</code>", _e(part)) + "</p>" for part in paragraphs if part)


def _counts(counts: Counter[Status]) -> str:
    return "".join(f'<td class="n">{counts[kind]}</td>' for kind, _ in _COLUMNS)


def _worst(counts: Counter[Status]) -> tuple[int, ...]:
    return tuple(-counts[kind] for kind, _ in _COLUMNS)


def render(reports: Iterable[Report], context: Context) -> str:
    """The report page as one string: a failure that does not fail the run is never "Failed": of warning
    severity, it is a "Warning"; of an impact below the run's ``fail_on``, "Below fail-on".
    Review items (one per element) are listed when ``review``, else counted. With ``site_view``, the site view
    leads and the failures of its groups are not listed again per file."""
    rules = context.rules
    reports = list(reports)
    view = SiteView.of(reports) if context.site_view else SiteView()
    now = context.now or datetime.now(UTC)
    every = {id(report): listing(report, review=True, rules=rules) for report in reports}
    per_file = {id(report): Counter(status(r, context.fail_on) for r in every[id(report)].results)
                for report in reports}
    per_rule: dict[str, Counter[Status]] = {}
    per_impact: dict[str, Counter[Status]] = {impact: Counter() for impact in IMPACTS}
    files_per_rule: dict[str, set[str]] = {}
    for report in reports:
        for r in every[id(report)].results:
            kind = status(r, context.fail_on)
            per_rule.setdefault(r.rule, Counter())[kind] += 1
            per_impact.setdefault(r.impact, Counter())[kind] += 1
            files_per_rule.setdefault(r.rule, set()).add(report.path)
    shown = {id(r): [x for x in (every[id(r)] if context.review else listing(r, review=False, rules=rules)).results
                     if not view.grouped(x, r.path)] for r in reports}
    order = sorted(reports, key=lambda r: (r.error is None, _worst(per_file[id(r)])))  # stable: else as given
    total = sum(per_file.values(), Counter())
    failed, below, warned, to_review = total["error"], total["below"], total["warning"], total["review"]
    errors = sum(1 for r in reports if r.error is not None)
    suppressed = sum(len(r.suppressed) for r in reports)
    files = f"{len(reports)} file{'s' * (len(reports) != 1)}"
    below_text = f"{below} below fail-on ({context.fail_on})"
    title = (f"a11ycheck report: {failed} failed, {below_text + ', ' if below else ''}{warned} warnings, "
             f"{to_review} to review in {files}")
    hint = f" ({context.review_hint})" if to_review and not context.review else ""

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
        f'<span class="error">{failed} failed</span>, '
        + (f'<span class="below">{_e(below_text)}</span>, ' if below else "")
        + f'<span class="warning">{warned} warnings</span>, '
        f'<span class="review">{to_review} to review</span>{_e(hint)}'
        + (f", {suppressed} suppressed (each file lists them with their reasons)" if suppressed else "")
        + (f', <span class="unread">{errors} could not be read</span>' if errors else "") + ".</p>",
        "</header>",
        '<main id="main">',
        *_site_view(view, order, context.fail_on),
        '<section aria-labelledby="h-summary">',
        '<h2 id="h-summary">Summary</h2>',
    ]
    if per_rule:
        links = help_links(r for found in every.values() for r in found.results)
        out += _impact_table(per_impact) + _rule_table(per_rule, files_per_rule, rules, links)
    else:
        out.append("<p>No failures and nothing to review.</p>")
    out += _file_table(order, per_file)
    out += ["</section>"]
    out += _filters(per_rule)
    out += ['<section id="findings" aria-labelledby="h-findings" tabindex="-1">', '<h2 id="h-findings">Findings</h2>']
    for n, report in enumerate(order):
        grouped = sum(view.grouped(result, report.path) for result in report.results)
        out += _file_section(n, report, shown[id(report)], grouped, context)
    out += ["</section>", "</main>", f"<script>{_SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _head(first: str, before: tuple[str, ...] = (), after: tuple[str, ...] = ()) -> str:
    """A table's head: the first column, ``before`` columns, the count per status, ``after`` (numbers)."""
    return (f'<thead><tr><th scope="col">{first}</th>' + "".join(f'<th scope="col">{h}</th>' for h in before)
            + "".join(f'<th scope="col" class="n">{h}</th>' for h in (*(label for _, label in _COLUMNS), *after))
            + "</tr></thead>")


def _impact_table(per_impact: dict[str, Counter[Status]]) -> list[str]:
    rows = ["<table>", "<caption>Findings by impact</caption>", _head("Impact"), "<tbody>"]
    rows += [f'<tr><th scope="row">{_e(impact.capitalize())}</th>{_counts(counts)}</tr>'
             for impact, counts in per_impact.items()]
    return [*rows, "</tbody>", "</table>"]


def _rule_table(per_rule: dict[str, Counter[Status]], files: dict[str, set[str]],
                rules: Mapping[str, Rule], links: Mapping[str, str]) -> list[str]:
    rows = [
        "<table>",
        "<caption>Findings by rule</caption>",
        _head("Rule", ("Impact", "WCAG"), ("Files",)),
        "<tbody>",
    ]
    for rule_id in sorted(per_rule, key=lambda rid: (_worst(per_rule[rid]), rid)):
        rule = rules.get(rule_id)
        name = (f'<a href="{_e(links.get(rule_id, rule.help))}">{_e(rule_id)}</a>: {_e(rule.title)}' if rule
                else _e(rule_id))
        rows.append(
            f'<tr><th scope="row">{name}</th><td>{_e(rule.impact if rule else "")}</td>'
            f"<td>{_e(', '.join(rule.wcag) if rule else '')}</td>{_counts(per_rule[rule_id])}"
            f'<td class="n">{len(files[rule_id])}</td></tr>'
        )
    return [*rows, "</tbody>", "</table>"]


def _file_table(order: list[Report], per_file: dict[int, Counter[Status]]) -> list[str]:
    rows = ["<table>", "<caption>Findings by file, worst first</caption>", _head("File"), "<tbody>"]
    for n, report in enumerate(order):
        if report.error is not None:
            cells = f'<td colspan="{len(_COLUMNS)}" class="unread">Not checked: {_e(report.error)}</td>'
        else:
            cells = _counts(per_file[id(report)])
        rows.append(f'<tr><th scope="row"><a href="#file-{n}">{_e(quote_path(report.path))}</a>'
                    f"</th>{cells}</tr>")
    return [*rows, "</tbody>", "</table>"]


def _checkboxes(name: str, legend: str, values: Iterable[tuple[str, str]]) -> list[str]:
    return [f"<fieldset><legend>{legend}</legend>",
            *(f'<label><input type="checkbox" name="{name}" value="{value}" checked> {label}</label>'
              for value, label in values),
            "</fieldset>"]


def _filters(per_rule: dict[str, Counter[Status]]) -> list[str]:
    out = ['<section aria-labelledby="h-filters">', '<h2 id="h-filters">Filters</h2>', '<form id="filters">']
    out += _checkboxes("status", "Status", ((kind, _STATUS[kind]) for kind, _ in _COLUMNS))
    out += _checkboxes("impact", "Impact", ((impact, impact.capitalize()) for impact in IMPACTS))
    out += ['<label for="rule-filter">Rule</label>', '<select id="rule-filter"><option value="">All rules</option>']
    out += [f'<option value="{_e(rule_id)}">{_e(rule_id)}</option>' for rule_id in sorted(per_rule)]
    out += ["</select>", '<p id="shown" role="status"></p>', "</form>", "</section>"]
    return out


def _file_section(n: int, report: Report, results: list[Result], grouped: int, context: Context) -> list[str]:
    """A file's findings, one list item per element (its failures and review item together), and its
    suppressed findings with their reasons; its ``grouped`` failures are counted, with a link to the site view."""
    out = [f'<section class="file" aria-labelledby="file-{n}">',
           f'<h3 id="file-{n}">{_e(quote_path(report.path))}</h3>']
    if report.error is not None:
        return [*out, f'<p class="unread">Not checked: {_e(report.error)}</p>', "</section>"]
    if grouped:
        out.append(f'<p>{grouped} failure{"s" * (grouped != 1)} of this file {"are" if grouped != 1 else "is"} '
                   'in the <a href="#h-site">site view</a> (the same on other pages)'
                   + ("; the others:</p>" if results else ".</p>"))
    suppressed = _suppressed(report.suppressed, context.fail_on)
    if not results and grouped:
        return [*out, *suppressed, "</section>"]
    if not results:
        return [*out, "<p>No failures and nothing to review.</p>" if not report.results
                else f"<p>No failures; items to review: {_e(context.review_hint)}.</p>", *suppressed, "</section>"]
    elements: dict[tuple[int, int, str], list[Result]] = {}
    for r in results:
        elements.setdefault((r.line, r.column, r.selector), []).append(r)
    out.append('<ol class="elements">')
    for (line, column, _), found in elements.items():
        snippet = next((r.snippet for r in found if r.snippet), "")
        out += ['<li class="element">', f"<p>Line {line}, column {column}</p>"]
        if snippet:
            out.append(f"<pre><code>{_e(snippet)}</code></pre>")
        out.append('<ul class="findings">')
        for r in found:
            kind = status(r, context.fail_on)
            rule = context.rules.get(r.rule)
            out += [
                f'<li class="finding" data-impact="{_e(r.impact)}" data-rule="{_e(r.rule)}" data-status="{kind}">',
                f'<p><span class="{kind}">{_STATUS[kind]}</span> <a href="{_e(r.help)}">{_e(r.rule)}</a> '
                f'<span class="impact">{_e(r.impact)}</span>'
                + (f", WCAG {_e(', '.join(r.wcag))}" if r.wcag else "") + "</p>",
                f"<p>{_e(r.message)}</p>",
            ]
            if rule is not None:
                out.append(f'<div class="fix"><p>How to fix:</p>{markdown(rule.fix)}</div>')
            out.append("</li>")
        out += ["</ul>", "</li>"]
    return [*out, "</ol>", *suppressed, "</section>"]


def _site_view(view: SiteView, order: list[Report], fail_on: str) -> list[str]:
    """The site view: its totals and its groups, worst first, each with its start tag, its path and links to
    its example pages' sections; those after the first :data:`SHOWN_GROUPS` in a closed disclosure (none
    without a group)."""
    groups = view.groups
    if not groups:
        return []
    anchors = {report.path: n for n, report in enumerate(order)}
    out = ['<section class="site" aria-labelledby="h-site">', '<h2 id="h-site" tabindex="-1">Site view</h2>',
           f"<p>{_e(view.totals())}. "
           "A template defect is the same failure (rule, element path and start tag) on several pages: it is "
           "listed here once, worst first (pages times impact), and not again under each file.</p>"]
    items = [_group_item(group, anchors, fail_on) for group in groups]
    out += ['<ol class="groups">', *items[:SHOWN_GROUPS], "</ol>"]
    if len(items) > SHOWN_GROUPS:
        rest = len(items) - SHOWN_GROUPS
        out += ["<details>", f"<summary>{rest} more template defect{'s' * (rest != 1)}</summary>",
                f'<ol class="groups" start="{SHOWN_GROUPS + 1}">', *items[SHOWN_GROUPS:], "</ol>", "</details>"]
    return [*out, "</section>"]


def _group_item(group: Group, anchors: Mapping[str, int], fail_on: str) -> str:
    first = group.first
    kind = status(first, fail_on)
    examples = "".join(f'<li><a href="#file-{anchors[p.path]}">{_e(quote_path(p.path))}</a>, line {p.line}, '
                       f"column {p.column}</li>" for p in group.examples)
    more = group.pages - len(group.examples)
    return (f'<li class="group" data-impact="{_e(group.impact)}" data-rule="{_e(first.rule)}" data-status="{kind}" '
            f'data-count="{group.findings}"><p><span class="{kind}">{_STATUS[kind]}</span> <a href="{_e(first.help)}">'
            f"{_e(first.rule)}</a> "
            f'<span class="impact">{_e(group.impact)}</span> on <strong>{pages(group.pages)}</strong> '
            f"({group.findings} failures): {_e(first.message)}</p>"
            f"<pre><code>{_e(first.snippet)}</code></pre><p>Element path: <code>{_e(first.selector)}</code></p>"
            f"<p>Example pages:</p><ul>{examples}</ul>"
            + (f"<p>and {more} more page{'s' * (more != 1)}</p>" if more else "") + "</li>")


def _suppressed(results: list[Result], fail_on: str) -> list[str]:
    """The suppressed findings of a file, each with the reason given for it, in a closed disclosure."""
    if not results:
        return []
    items = [f"<li>Line {r.line}, column {r.column}: {_e(r.rule)} ({_STATUS[status(r, fail_on)].lower()}): "
             f"{_e(r.message)} <strong>Reason: {_e(r.reason or '')}</strong></li>" for r in results]
    return ["<details>", f"<summary>{len(results)} suppressed</summary>", "<ul>", *items, "</ul>", "</details>"]
