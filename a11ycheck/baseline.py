"""Baselines: record today's findings, then fail only on new ones.

A fingerprint is the file, the rule and the element's start tag with its attributes sorted: it
survives lines moving and attributes being reordered. The file is sorted JSON (written atomically, for
a regular file: see ``fileio``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .fileio import write_file
from .results import Report, Result
from .shown import quote_path

__all__ = ["Baseline", "BaselineError", "fingerprint"]

_TAG_RE = re.compile(r"^<([^\s/>]+)")
_ATTR_RE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
FORMAT = 1


class BaselineError(Exception):
    """A baseline file that cannot be read; the message names the file."""


def _normal_tag(snippet: str) -> str:
    match = _TAG_RE.match(snippet)
    if not match:
        return " ".join(snippet.split())
    rest = snippet[match.end():].rstrip(">").rstrip("/")
    attrs = sorted(
        (name.lower(), (value or "").strip("\"'")) for name, value in _ATTR_RE.findall(rest)
    )
    return match.group(1).lower() + "".join(f" {k}={v}" for k, v in attrs)


def _where(report: Report) -> str:
    """The page a finding is on: its path, or for an archived page its URI and capture (archive, offset)."""
    return report.path if report.warc is None else f"{report.path} {report.warc}@{report.offset}"


def fingerprint(path: str, result: Result) -> str:
    """A stable id of a finding: its file, rule and element, not its line."""
    key = "\0".join((path, result.rule, result.outcome, _normal_tag(result.snippet)))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]  # (a name's bytes not UTF-8)


@dataclass
class Baseline:
    """Known findings: fingerprint → how many times it occurs."""

    entries: Counter[str]
    details: dict[str, dict[str, str]]

    @classmethod
    def from_reports(cls, reports: Iterable[Report]) -> Baseline:
        entries: Counter[str] = Counter()
        details: dict[str, dict[str, str]] = {}
        for report in reports:
            for result in report.results:
                if result.outcome in ("failed", "cantTell"):
                    key = fingerprint(_where(report), result)
                    entries[key] += 1
                    details[key] = {"path": quote_path(report.path), "rule": result.rule, "outcome": result.outcome,
                                    "snippet": result.snippet}
        return cls(entries, details)

    @classmethod
    def load(cls, path: str) -> Baseline:
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
            if data.get("a11ycheck-baseline") != FORMAT:
                raise ValueError("not an a11ycheck baseline (format 1)")
            entries: Counter[str] = Counter()
            details = {}
            for entry in data["findings"]:
                entries[entry["fingerprint"]] += int(entry.get("count", 1))
                details[entry["fingerprint"]] = {k: entry[k] for k in ("path", "rule", "outcome", "snippet")}
        except FileNotFoundError:
            raise BaselineError(f"{quote_path(path)}: no such file") from None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BaselineError(f"{quote_path(path)}: cannot read baseline ({exc})") from None
        return cls(entries, details)

    def write(self, path: str) -> None:
        """Write the baseline as sorted JSON (atomically, for a regular file; see ``fileio``)."""
        findings = [
            {"path": d["path"], "rule": d["rule"], "outcome": d["outcome"], "snippet": d["snippet"],
             "fingerprint": key, "count": self.entries[key]}
            for key, d in self.details.items()
        ]
        findings.sort(key=lambda e: (e["path"], e["rule"], e["snippet"], e["fingerprint"]))
        text = json.dumps({"a11ycheck-baseline": FORMAT, "findings": findings}, indent=2, ensure_ascii=False,
                          sort_keys=True)
        write_file(path, text + "\n")

    def apply(self, reports: list[Report]) -> tuple[int, list[dict[str, str]]]:
        """Drop known findings from the reports; return how many were dropped and the stale entries."""
        remaining = Counter(self.entries)
        dropped = 0
        for report in reports:
            kept = []
            for result in report.results:
                key = fingerprint(_where(report), result) if result.outcome in ("failed", "cantTell") else None
                if key is not None and remaining[key] > 0:
                    remaining[key] -= 1
                    dropped += 1
                else:
                    kept.append(result)
            report.results = kept
        stale = [self.details[key] | {"count": str(n)} for key, n in sorted(remaining.items()) if n > 0]
        return dropped, stale
