"""Baselines: record today's findings, then fail only on new ones.

A fingerprint is the file, the rule and the element's start tag with its attributes sorted: it
survives lines moving and attributes being reordered. The file is named by its path from the baseline
file's folder (symlinks resolved), so however a page is given (``page.html``, ``./site/``, an absolute
path, a pre-commit file list, from another folder) it is the same page. The file is sorted JSON
(written atomically, for a regular file: see ``fileio``). Format 1 (before: paths as they were typed)
is still read, its paths taken from the current folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .fetch import is_url
from .fileio import write_file
from .results import Report, Result
from .shown import quote_path

__all__ = ["Baseline", "BaselineError", "fingerprint"]

_TAG_RE = re.compile(r"^<([^\s/>]+)")
_ATTR_RE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
FORMAT = 2
_READ = (1, 2)


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


def _folder(baseline: str) -> str:
    """The folder a baseline file's paths are relative to: its own."""
    return os.path.dirname(os.path.realpath(baseline))


def normal_path(path: str, folder: str) -> str:
    """A page's path from ``folder`` (symlinks resolved, ``/`` separators); stdin and URLs as they are."""
    if path == "-" or is_url(path):
        return path
    real = os.path.realpath(path)
    try:
        return os.path.relpath(real, folder).replace(os.sep, "/")
    except ValueError:  # another drive (Windows)
        return real.replace(os.sep, "/")


def _where(path: str, report: Report) -> str:
    """The page a finding is on: its path, or for an archived page its URI and capture (archive, offset)."""
    return path if report.warc is None else f"{path} {report.warc}@{report.offset}"


def fingerprint(path: str, rule: str, outcome: str, snippet: str) -> str:
    """A stable id of a finding: its file, rule and element, not its line."""
    key = "\0".join((path, rule, outcome, _normal_tag(snippet)))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]  # (a name's bytes not UTF-8)


def _fingerprint(where: str, result: Result) -> str:
    return fingerprint(where, result.rule, result.outcome, result.snippet)


@dataclass
class Baseline:
    """Known findings: fingerprint → how many times it occurs; paths are relative to ``folder``."""

    entries: Counter[str]
    details: dict[str, dict[str, str]]
    folder: str

    @classmethod
    def from_reports(cls, reports: Iterable[Report], baseline: str) -> Baseline:
        """The findings of the reports, for a baseline file to be written at the path ``baseline``."""
        folder = _folder(baseline)
        entries: Counter[str] = Counter()
        details: dict[str, dict[str, str]] = {}
        for report in reports:
            path = normal_path(report.path, folder)
            for result in report.results:
                if result.outcome in ("failed", "cantTell"):
                    key = _fingerprint(_where(path, report), result)
                    entries[key] += 1
                    details[key] = {"path": quote_path(path), "rule": result.rule, "outcome": result.outcome,
                                    "snippet": result.snippet}
        return cls(entries, details, folder)

    @classmethod
    def load(cls, path: str) -> Baseline:
        folder = _folder(path)
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
            version = data.get("a11ycheck-baseline")
            if version not in _READ:
                raise ValueError(f"not an a11ycheck baseline (format {' or '.join(map(str, _READ))})")
            entries: Counter[str] = Counter()
            details = {}
            for entry in data["findings"]:
                detail = {k: entry[k] for k in ("path", "rule", "outcome", "snippet")}
                key = _rekeyed(entry["fingerprint"], detail, folder) if version == 1 else entry["fingerprint"]
                entries[key] += int(entry.get("count", 1))
                details[key] = detail
        except FileNotFoundError:
            raise BaselineError(f"{quote_path(path)}: no such file") from None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BaselineError(f"{quote_path(path)}: cannot read baseline ({exc})") from None
        return cls(entries, details, folder)

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
            where = _where(normal_path(report.path, self.folder), report)
            kept = []
            for result in report.results:
                key = _fingerprint(where, result) if result.outcome in ("failed", "cantTell") else None
                if key is not None and remaining[key] > 0:
                    remaining[key] -= 1
                    dropped += 1
                else:
                    kept.append(result)
            report.results = kept
        stale = [self.details[key] | {"count": str(n)} for key, n in sorted(remaining.items()) if n > 0]
        return dropped, stale


def _rekeyed(key: str, detail: dict[str, str], folder: str) -> str:
    """A format-1 entry's fingerprint on its path from ``folder``: format 1 keyed the path as it was typed,
    taken here from the current folder. An entry whose key its details do not give (an archived page's)
    keeps its key, and matches its page given as before."""
    if fingerprint(detail["path"], detail["rule"], detail["outcome"], detail["snippet"]) != key:
        return key
    return fingerprint(normal_path(detail["path"], folder), detail["rule"], detail["outcome"], detail["snippet"])
