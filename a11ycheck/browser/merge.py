"""Folding the static engine's report and axe's into one.

A static result and an axe result are the same finding when the static rule names the axe rule among
the axe-core rules that check the same thing (its rule file's ``axe`` key, carried by the result; an axe
result carries its own rule id), and they share an outcome and an element: the same start tag in the
source (line and column), and at 1:1, where an element that could not be placed also lands, the same
selector too. A page-level axe result (on ``html``) also matches a static result of a rule naming it, with
the same outcome, placed on another element of the page. Such a pair becomes one result, the static one (its
message and snippet come from the source) with engine ``static+axe`` and the criteria and ACT rules of both;
its ``axe`` list starts with the axe rule that confirmed it, then the others its rule file names.
Everything else is kept, each marked with its engine; where the engines disagree on an element, both
verdicts stay. Suppressed results are kept alike: axe's, unless the static engine suppressed the same finding.
"""

from __future__ import annotations

from dataclasses import replace

from .. import __version__
from ..results import OUTCOMES, Report, Result

__all__ = ["BOTH", "merge"]

BOTH = "static+axe"


Key = tuple[object, ...]


def _element_keys(result: Result) -> list[Key]:
    located = (result.line, result.column) != (1, 1)
    return [(axe, result.outcome, result.line, result.column, "" if located else result.selector)
            for axe in result.axe]


def _page_keys(result: Result) -> list[Key]:
    return [(axe, result.outcome, "page") for axe in result.axe]


def merge(static: Report, axe: Report) -> Report:
    """One report of both engines' results, duplicates folded; an error in either is the report's error."""
    engines = {"a11ycheck": __version__, **getattr(axe, "engines", {})}
    if static.error is not None or axe.error is not None:
        error = "; ".join(f"{name}: {r.error}" for name, r in (("static", static), ("axe", axe)) if r.error)
        return Report(path=static.path, error=error, engines=engines, encoding=static.encoding)
    index: dict[Key, list[int]] = {}
    for number, result in enumerate(axe.results):
        page_level = _page_keys(result) if result.selector == "html" else []
        for key in _element_keys(result) + page_level:
            index.setdefault(key, []).append(number)
    matches: dict[int, int] = {}  # static result → axe result

    def take(keys: list[Key]) -> int | None:
        taken = set(matches.values())
        return next((n for key in keys for n in index.get(key, ()) if n not in taken), None)

    # First the same element; then a page-level axe result (on <html>) for a static result of a rule
    # naming it placed elsewhere (our document-title points at the empty <title>, axe's at <html>).
    for keys_of in (_element_keys, _page_keys):
        for number, result in enumerate(static.results):
            if number not in matches and (found := take(keys_of(result))) is not None:
                matches[number] = found
    summary: dict[str, int] = {o: static.summary.get(o, 0) + axe.summary.get(o, 0) for o in OUTCOMES}
    results: list[Result] = []
    for number, result in enumerate(static.results):
        if number not in matches:
            results.append(result)
            continue
        other = axe.results[matches[number]]
        summary[result.outcome] -= 1
        results.append(replace(result, engine=BOTH, wcag=_union(result.wcag, other.wcag),
                               act=_union(result.act, other.act), axe=_union(other.axe, result.axe)))
    folded = set(matches.values())
    results.extend(r for n, r in enumerate(axe.results) if n not in folded)
    results.sort(key=lambda r: (r.line, r.column, r.rule))
    known = {key for result in static.suppressed for key in _element_keys(result)}
    suppressed = [*static.suppressed, *(r for r in axe.suppressed if not known.intersection(_element_keys(r)))]
    return Report(path=static.path, results=results, summary=summary, encoding=static.encoding, engines=engines,
                  suppressed=suppressed)


def _union(first: list[str], second: list[str]) -> list[str]:
    return first + [item for item in second if item not in first]
