"""a11ycheck: an accessibility checker for HTML article pages (WCAG 2.2, W3C ACT rules)."""

__version__ = "0.1.0"

from .engine import Options, check, check_file
from .results import Report, Result

__all__ = ["AccessibilityError", "Options", "Report", "Result", "__version__", "assert_accessible", "check",
           "check_file"]

_PLUGIN_NAMES = ("AccessibilityError", "assert_accessible")


def __getattr__(name: str) -> object:
    # the pytest plugin imports pytest: load it only when asked for, and say what to install without it
    if name in _PLUGIN_NAMES:
        try:
            from . import pytest_plugin
        except ModuleNotFoundError as exc:
            if exc.name != "pytest":
                raise
            raise ModuleNotFoundError(f"a11ycheck.{name} needs pytest, which is not installed: pip install 'pytest>=8'",
                                      name="pytest") from None
        return getattr(pytest_plugin, name)
    raise AttributeError(f"module 'a11ycheck' has no attribute {name!r}")
