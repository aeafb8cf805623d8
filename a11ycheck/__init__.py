"""a11ycheck: an accessibility checker for HTML article pages (WCAG 2.2, W3C ACT rules)."""

__version__ = "0.1.0"

from .engine import Options, check, check_file
from .results import Report, Result

__all__ = ["Options", "Report", "Result", "__version__", "assert_accessible", "check", "check_file"]


def __getattr__(name: str) -> object:
    # the pytest plugin imports pytest: load it only when asked for
    if name == "assert_accessible":
        from .pytest_plugin import assert_accessible

        return assert_accessible
    raise AttributeError(f"module 'a11ycheck' has no attribute {name!r}")
