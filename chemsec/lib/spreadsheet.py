"""Cell values that are safe to hand to a spreadsheet program."""

from __future__ import annotations

from typing import Any

# OWASP's list: a leading tab or carriage return also makes some programs read a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """Quote text a spreadsheet would run as a formula ("CSV injection"): exports carry
    text that users typed or uploaded."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value
