"""``python -m a11ycheck``."""

from .cli import entry

entry()
