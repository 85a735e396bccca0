"""Argument types for the command line: a number that must be positive is refused where
it enters (argparse prints ``argument --orders: must be a whole number of at least 1, not
'-5'`` and exits 2), never passed on to fail later with a message about something else."""

from __future__ import annotations

import argparse
import math


def positive_int(text: str) -> int:
    """A whole number of at least 1 (counts: orders, customers, workers)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return value


def positive_number(text: str) -> float:
    """A finite number above 0 (a size limit in MB); 'nan' and 'inf' are not limits."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a number above 0, not {text!r}")
    return value
