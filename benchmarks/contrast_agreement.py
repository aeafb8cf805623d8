"""Our ``color-contrast`` against axe-core's, element by element, passes included.

    python benchmarks/contrast_agreement.py --corpus CORPUS --save AXE.json   # run axe-core (Python 3.12, browser)
    python benchmarks/contrast_agreement.py OURS.json AXE.json [--list 20]    # compare

The first form loads every page of CORPUS in headless Chromium (network blocked, as ``--engine axe``) and runs
axe-core's ``color-contrast`` rule alone, keeping its passes, and saves the report (``--format json`` shape,
passes included). The second reads our JSON report of the same folder (``python -m a11ycheck CORPUS --format
json --select color-contrast``) and prints, as Markdown:

- recall: of axe's violations, the share we fail on the same element (and what we say of the rest);
- false failures: of our failures, those on an element axe passes (the share the issue bounds at 2%), on one
  axe cannot tell, on one axe does not report;
- the same per page: the median and the pages below 80% recall or above 2% false failures;
- with ``--list N``, N of our failures on elements axe passes, and N of axe's violations we do not fail.

An element is matched as ``benchmarks/precision.py`` matches them (the same line:column, or at 1:1 the same
selector or start tag).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from precision import same_element, share

RULE, AXE_RULE = "color-contrast", "axe/color-contrast"


def run_axe(corpus: Path, save: Path, timeout: float) -> None:
    """axe-core's color-contrast on every page of ``corpus``, passes kept, saved as a JSON report."""
    from a11ycheck.browser.axe import AXE_RUN_OPTIONS, AxeRunner, to_report
    from a11ycheck.browser.driver import BlockedChromium
    from a11ycheck.browser.server import LocalServer
    from a11ycheck.document import Document
    from a11ycheck.engine import Options
    from a11ycheck.source import HTML_EXTENSIONS, Source

    only = json.dumps({**json.loads(AXE_RUN_OPTIONS), "runOnly": {"type": "rule", "values": ["color-contrast"]}})
    options = Options(include_passed=True)
    paths = sorted(p for p in corpus.rglob("*") if p.suffix.lower() in HTML_EXTENSIONS and p.is_file())
    browser, server = BlockedChromium(timeout=timeout), LocalServer()
    files: list[dict[str, Any]] = []
    try:
        runner = AxeRunner(browser.driver)
        for number, path in enumerate(paths, 1):
            print(f"{number}/{len(paths)} {path}", file=sys.stderr, flush=True)
            try:
                browser.driver.get(server.url_for_file(str(path)))
                runner.run() if not runner.version else runner.axe.inject()  # (the first run reads axe's metadata)
                raw = runner.axe.run(options=only)
            except Exception as exc:  # (one page's failure is recorded, the run goes on)
                files.append({"path": str(path), "error": str(exc).splitlines()[0] if str(exc) else repr(exc)})
                continue
            source = Source.from_bytes(path.read_bytes())
            report = to_report(raw, path=str(path), doc=Document(source, path=str(path)), act_ids=runner.act_ids,
                               version=runner.version, options=options)
            files.append(report.to_dict())
    finally:
        server.close()
        browser.quit()
    save.write_text(json.dumps({"files": files}), encoding="utf-8")


def _page(path: str) -> str:
    return path.split("corpus/", 1)[-1]


def compare(ours: dict[str, Any], axe: dict[str, Any], listing: int) -> str:
    """The Markdown summary of the two reports (pages axe checked only)."""
    theirs = {_page(f["path"]): [r for r in f["results"] if r["rule"] == AXE_RULE]
              for f in axe["files"] if not f.get("error")}
    mine = {_page(f["path"]): [r for r in f.get("results", []) if r["rule"] == RULE] for f in ours["files"]}
    total: Counter[str] = Counter()
    pages: list[tuple[str, Counter[str]]] = []
    missed: list[tuple[str, dict[str, Any], str]] = []
    false: list[tuple[str, dict[str, Any]]] = []
    for page, axe_results in sorted(theirs.items()):
        counts: Counter[str] = Counter()
        our_results = mine.get(page, [])
        for result in axe_results:
            if result["outcome"] != "failed":
                continue
            hits = {r["outcome"] for r in our_results if same_element(r, result)}
            said = "failed" if "failed" in hits else "cantTell" if "cantTell" in hits else "nothing"
            counts["axe failed"] += 1
            counts[f"axe failed, ours {said}"] += 1
            if said != "failed":
                missed.append((page, result, said))
        for result in our_results:
            if result["outcome"] != "failed":
                continue
            hits = {r["outcome"] for r in axe_results if same_element(result, r)}
            said = "failed" if "failed" in hits else "cantTell" if "cantTell" in hits else (
                "passed" if "passed" in hits else "nothing")
            counts["ours failed"] += 1
            counts[f"ours failed, axe {said}"] += 1
            if said == "passed":
                false.append((page, result))
        total.update(counts)
        pages.append((page, counts))
    lines = [f"{len(theirs)} pages checked by axe-core ({sum(1 for f in axe['files'] if f.get('error'))} not).", "",
             "| | count | share |", "|---|---:|---:|"]
    axe_failed, ours_failed = total["axe failed"], total["ours failed"]
    for key in ("axe failed, ours failed", "axe failed, ours cantTell", "axe failed, ours nothing"):
        lines.append(f"| {key} | {total[key]} | {share(total[key], axe_failed)} of axe's {axe_failed} |")
    for key in ("ours failed, axe failed", "ours failed, axe passed", "ours failed, axe cantTell",
                "ours failed, axe nothing"):
        lines.append(f"| {key} | {total[key]} | {share(total[key], ours_failed)} of our {ours_failed} |")
    recalls = [c["axe failed, ours failed"] / c["axe failed"] for _, c in pages if c["axe failed"]]
    falses = [c["ours failed, axe passed"] / c["ours failed"] for _, c in pages if c["ours failed"]]
    lines += ["", "Per page:", "",
              f"- recall, median over the {len(recalls)} pages where axe fails something: "
              f"{_share_of(statistics.median(recalls) if recalls else 0)}; pages under 80%: "
              f"{sum(r < 0.8 for r in recalls)}",
              f"- failures on elements axe passes, median over the {len(falses)} pages where we fail something: "
              f"{_share_of(statistics.median(falses) if falses else 0)}; "
              f"pages over 2%: {sum(f > 0.02 for f in falses)}",
              f"- per page, median: axe failed {statistics.median([c['axe failed'] for _, c in pages]):g}, "
              f"ours failed {statistics.median([c['ours failed'] for _, c in pages]):g}"]
    if listing:
        lines += ["", "Our failures on elements axe passes:", ""]
        lines += [f"- {page}:{r['line']}:{r['column']} {r['message']} `{r.get('snippet', '')[:120]}`"
                  for page, r in false[:listing]]
        lines += ["", "axe's violations we do not fail:", ""]
        lines += [f"- {page}:{r['line']}:{r['column']} (ours: {said}) {r['message'][-140:]} "
                  f"`{r.get('snippet', '')[:100]}`" for page, r, said in missed[:listing]]
    return "\n".join(lines)


def _share_of(value: float) -> str:
    return f"{value:.1%}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reports", nargs="*", help="OURS.json AXE.json")
    parser.add_argument("--corpus", type=Path, help="run axe-core's color-contrast on this folder")
    parser.add_argument("--save", type=Path, help="where to save axe-core's report (with --corpus)")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--list", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    if args.corpus is not None:
        if args.save is None:
            parser.error("--corpus needs --save")
        run_axe(args.corpus, args.save, args.timeout)
        return 0
    if len(args.reports) != 2:
        parser.error("give OURS.json and AXE.json, or --corpus and --save")
    ours, axe = (json.loads(Path(p).read_text(encoding="utf-8")) for p in args.reports)
    print(compare(ours, axe, args.list))
    return 0


if __name__ == "__main__":
    sys.exit(main())
