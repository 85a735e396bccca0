"""Cell values that are safe to hand to a spreadsheet program."""

from __future__ import annotations

import re
from typing import Any

# OWASP's list: a leading tab or carriage return also makes some programs read a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold, so neither can an .xlsx cell (openpyxl raises
# IllegalCharacterError on them): NUL and the C0 controls other than tab and line breaks.
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def spreadsheet_safe(value: Any) -> Any:
    """Quote text a spreadsheet would run as a formula ("CSV injection"): exports carry
    text that users typed or uploaded. A character no cell can hold (one stray control
    byte in an uploaded cell) becomes U+FFFD, so it cannot fail the whole export."""
    if isinstance(value, str):
        if ILLEGAL_CHARACTERS.search(value):
            value = ILLEGAL_CHARACTERS.sub(REPLACEMENT, value)
        if value[:1] in FORMULA_STARTS:
            return "'" + value
    return value
