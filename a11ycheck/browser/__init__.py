"""Browser mode: axe-core in headless Chromium (the ``browser`` extra), and its merge with the static engine.

Nothing here imports selenium until a session starts: :func:`available` says whether one can.
"""

from __future__ import annotations

import sys
from importlib.util import find_spec

from .driver import BrowserError, find_chromedriver, find_chromium
from .merge import merge
from .pool import Browsers
from .session import BrowserSession, check_driver

__all__ = ["BrowserError", "BrowserSession", "Browsers", "available", "check_driver", "merge"]

APT_HINT = "apt-get install chromium chromium-driver"
PIP_HINT = "pip install 'a11ycheck[browser]'"
MIN_PYTHON = (3, 12)  # axe-selenium-python 3, which bundles axe-core 4 (pyproject.toml's browser extra)


def _python() -> tuple[int, int]:
    return sys.version_info[0], sys.version_info[1]


def available(*, need_browser: bool = True) -> str | None:
    """None when browser mode can run here, else a one-line reason that says how to install what is missing.

    ``need_browser=False`` checks only the Python packages (enough for :func:`check_driver` on a
    user's own WebDriver).
    """
    packages = [name for name, module in (("selenium", "selenium"), ("axe-selenium-python", "axe_selenium_python"))
                if find_spec(module) is None]
    programs = [name for name, path in (("chromium", find_chromium()), ("chromedriver", find_chromedriver()))
                if path is None] if need_browser else []
    if not packages and not programs:
        return None
    pip = PIP_HINT
    if _python() < MIN_PYTHON:  # the extra installs nothing there
        pip += " on Python {}.{} or newer (axe-selenium-python 3, which bundles axe-core 4; this is {}.{})".format(
            *MIN_PYTHON, *_python())
    hints = ([APT_HINT] if programs else []) + ([pip] if packages else [])
    return f"browser mode needs {', '.join(programs + packages)}, not found: {'; '.join(hints)}"
