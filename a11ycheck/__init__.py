"""a11ycheck: an accessibility checker for HTML article pages (WCAG 2.2, W3C ACT rules)."""

__version__ = "0.1.0"

from .engine import Options, check, check_file
from .results import Report, Result

__all__ = ["Options", "Report", "Result", "__version__", "check", "check_file"]
