"""Reporters: one module per output format, each a function of the reports of a run."""
