"""The result model shared by every engine, reporter and door: plain data, JSON-ready."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

Outcome = Literal["failed", "cantTell", "passed", "inapplicable"]
Severity = Literal["error", "warning"]
OUTCOMES: tuple[Outcome, ...] = ("failed", "cantTell", "passed", "inapplicable")
IMPACTS = ("critical", "serious", "moderate", "minor")
# Which outcome wins when several results speak about one thing (ACT's order).
OUTCOME_RANK = {"failed": 3, "cantTell": 2, "passed": 1, "inapplicable": 0}

__all__ = ["IMPACTS", "OUTCOMES", "Outcome", "Report", "Result", "Severity", "worst"]

_REPR_FAILURES = 3  # failures a report's repr names


@dataclass(slots=True, repr=False)
class Result:
    """One rule's verdict on one element (or on the page)."""

    rule: str
    outcome: Outcome
    impact: str
    message: str
    line: int = 1
    column: int = 1
    snippet: str = ""
    selector: str = ""
    wcag: list[str] = field(default_factory=list)
    act: list[str] = field(default_factory=list)
    help: str = ""
    engine: str = "static"
    severity: Severity = "error"  # how the run's policy ranks a failure: "warning" never fails the run
    axe: list[str] = field(default_factory=list)  # the axe-core rules that check the same thing
    reason: str | None = None  # why a suppressed result is suppressed

    def to_dict(self) -> dict[str, Any]:
        """The result as plain JSON-ready data (its fields in order; ``reason`` only when set)."""
        data = {name: getattr(self, name) for name in self.__slots__}  # (asdict's deep copy is 5x slower)
        data["wcag"], data["act"], data["axe"] = list(self.wcag), list(self.act), list(self.axe)
        if self.reason is None:
            del data["reason"]
        return data

    def __repr__(self) -> str:
        # short, for pytest's assertion messages: `assert not report.failed` shows the rule, where, and why
        warning = " warning" if self.outcome == "failed" and self.severity == "warning" else ""
        return f"<Result {self.rule} {self.outcome}{warning} at {self.line}:{self.column}: {self.message!r}>"

    def __reduce__(self) -> tuple[type[Result], tuple[Any, ...]]:
        # pickled as its field values (for worker processes): several times faster than a slots
        # dataclass's default, which sets each field through a Python loop on unpickling
        return Result, tuple(getattr(self, name) for name in self.__slots__)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        """Rebuild a result from :meth:`to_dict` output (for workers and reports)."""
        return cls(**{k: data[k] for k in cls.__slots__ if k in data})


@dataclass(slots=True, repr=False)
class Report:
    """The results for one page, or the error that kept it from being checked."""

    path: str
    results: list[Result] = field(default_factory=list)
    summary: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    error: str | None = None
    encoding: str | None = None
    suppressed: list[Result] = field(default_factory=list)
    engines: dict[str, str] = field(default_factory=dict)  # engine → version, when not only the static one
    warc: str | None = None  # for a page read from a web archive: the archive,
    offset: int | None = None  # and the byte offset of its record (repeated captures of a URL stay apart)

    def __repr__(self) -> str:
        # short, for pytest's assertion messages: the page, its counts, and where its first failures are
        if self.error is not None:
            return f"<Report {self.path!r}: error {self.error!r}>"
        counts = ", ".join(f"{self.summary.get(outcome, 0)} {outcome}" for outcome in OUTCOMES)
        failed = self.failed
        where = ", ".join(f"{r.rule} at {r.line}:{r.column}" for r in failed[:_REPR_FAILURES])
        more = f" and {len(failed) - _REPR_FAILURES} more" if len(failed) > _REPR_FAILURES else ""
        return f"<Report {self.path!r}: {counts}{'; ' + where + more if failed else ''}>"

    @property
    def failed(self) -> list[Result]:
        """The failed results."""
        return [r for r in self.results if r.outcome == "failed"]

    def by_rule(self) -> dict[str, list[Result]]:
        """Results grouped by rule id, in rule order of first appearance."""
        groups: dict[str, list[Result]] = {}
        for result in self.results:
            groups.setdefault(result.rule, []).append(result)
        return groups

    def counts(self) -> Counter[str]:
        """Number of kept results per outcome."""
        return Counter(r.outcome for r in self.results)

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data."""
        data: dict[str, Any] = {"path": self.path}
        if self.warc is not None:
            data.update(warc=self.warc, offset=self.offset)
        if self.error is not None:
            data["error"] = self.error
            if self.engines:
                data["engines"] = dict(self.engines)
            return data
        data.update(summary=dict(self.summary), results=[r.to_dict() for r in self.results])
        if self.suppressed:
            data["suppressed"] = [r.to_dict() for r in self.suppressed]
        if self.engines:
            data["engines"] = dict(self.engines)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """Rebuild a report from :meth:`to_dict` output."""
        return cls(
            path=data["path"],
            results=[Result.from_dict(r) for r in data.get("results", [])],
            summary=data.get("summary") or dict.fromkeys(OUTCOMES, 0),
            error=data.get("error"),
            suppressed=[Result.from_dict(r) for r in data.get("suppressed", [])],
            engines=dict(data.get("engines", {})),
            warc=data.get("warc"),
            offset=data.get("offset"),
        )


def worst(outcomes: list[str] | tuple[str, ...]) -> str:
    """The outcome that wins among several (failed > cantTell > passed > inapplicable)."""
    return max(outcomes, key=OUTCOME_RANK.__getitem__, default="inapplicable")
