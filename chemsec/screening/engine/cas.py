"""CAS Registry Numbers: syntax and check digit.

A CAS number is written with hyphens (7782-50-5); inventories and databases also hold it
as a bare run of digits (7782505), with spaces (7782 50 5) or with typographic dashes.
Any of these whose check digit is valid is read as the CAS number, and the output says so.
"""

from __future__ import annotations

import re
from functools import lru_cache

_CAS = re.compile(r"^\s*(\d{2,7})-(\d{2})-(\d)\s*$")
_LOOSE = re.compile(r"^\s*\d{2,7}-\d{2}-\d+\s*$|^\s*\d+-\d+-\d+\s*$")
# Bare digits (5 to 10: the shortest and longest CAS numbers) or CAS-shaped groups
# separated by spaces.
_DIGITS = re.compile(r"^\s*\d{5,10}\s*$|^\s*\d{2,7}\s+\d{2}\s+\d\s*$")
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212\u00ad", "-"))


def _dashes(text: str) -> str:
    return text.translate(_DASHES) if not text.isascii() else text


def looks_like_cas(text: str) -> bool:
    """True for anything shaped like digits-digits-digits (checked later)."""
    return bool(_LOOSE.match(_dashes(text)))


def looks_like_cas_digits(text: str) -> bool:
    """A bare run of 5-10 digits, or CAS-shaped digit groups separated by spaces."""
    return bool(_DIGITS.match(text))


def _valid(head: str, middle: str, check: str) -> bool:
    digits = head + middle
    total = sum(int(d) * w for w, d in enumerate(reversed(digits), start=1))
    return total % 10 == int(check)


@lru_cache(maxsize=65536)  # inventories repeat the same numbers many times
def normalise_cas(text: str) -> str | None:
    """The CAS number in canonical form, or None when the syntax or check digit is wrong."""
    m = _CAS.match(_dashes(text))
    if not m:
        return None
    head = m.group(1).lstrip("0")
    if len(head) < 2 or not _valid(head, m.group(2), m.group(3)):
        return None
    return f"{head}-{m.group(2)}-{m.group(3)}"


@lru_cache(maxsize=65536)
def cas_from_digits(text: str) -> str | None:
    """The CAS number a digit run (or space-separated groups) stands for, when its check
    digit is valid; None otherwise."""
    digits = "".join(ch for ch in text if ch.isdigit()).lstrip("0")
    if not 5 <= len(digits) <= 10:
        return None
    head, middle, check = digits[:-3], digits[-3:-1], digits[-1]
    return f"{head}-{middle}-{check}" if _valid(head, middle, check) else None


def cas_to_int(cas: str) -> int:
    return int(cas.replace("-", ""))


def int_to_cas(value: int) -> str:
    s = str(value)
    return f"{s[:-3]}-{s[-3:-1]}-{s[-1]}"
