"""Reporters: one module per output format, each ``render(reports, context)`` (:class:`Reporter`), found by
the format's name in :data:`REPORTERS` (as html-validate's formatters and ruff's emitters are).

A format's module is imported when its reporter is first called: a run imports only the reporters it writes
(the html reporter's and the junit reporter's imports cost more than checking a small page)."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module

from ..results import Report
from .context import MAX_ANNOTATIONS, Context, Reporter, Text

__all__ = ["MAX_ANNOTATIONS", "REPORTERS", "Context", "Reporter", "Text"]


def _lazy(module: str, function: str = "render") -> Reporter:
    """The reporter ``function`` of the module ``module`` of this package, imported when first called."""

    def render(reports: Iterable[Report], context: Context, /) -> Text:
        reporter: Reporter = getattr(import_module(f"{__name__}.{module}"), function)
        return reporter(reports, context)

    render.__qualname__ = render.__name__ = f"{module}.{function}"
    return render


REPORTERS: dict[str, Reporter] = {
    "text": _lazy("text"),
    "json": _lazy("json"),
    "jsonl": _lazy("json", "lines"),
    "sarif": _lazy("sarif"),
    "junit": _lazy("junit"),
    "github": _lazy("github"),
    "html": _lazy("html"),
    "earl": _lazy("earl"),
}
