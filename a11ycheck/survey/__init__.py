"""Surveys: many web archives checked on a Dask cluster, stored as Parquet, summed up in a report.

Needs the ``survey`` extra (dask[distributed], pyarrow, fastwarc, matplotlib).
"""

from __future__ import annotations

from .report import report
from .runner import Summary, plan, run
from .store import read_pages, read_results

__all__ = ["Summary", "plan", "read_pages", "read_results", "report", "run"]
