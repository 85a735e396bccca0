"""CAS Registry Numbers: syntax and check digit.

A CAS number is written with hyphens (7782-50-5); inventories and databases also hold it
as a bare run of digits (7782505), with spaces (7782 50 5) or with typographic dashes.
Any of these whose check digit is valid is read as the CAS number, and the output says so.

What is wrong with one that is not read is said truthfully (`cas_problem`,
`digits_problem`): a CAS Registry Number has 5 to 10 digits, written as a first group of
2 to 7 digits (no leading zero), two digits and a check digit. Text made only of digits and
hyphens that is not so written ("7719-97", cut short) is a malformed CAS number: no chemical
name and no SMILES is made of digits and hyphens alone (a SMILES needs an atom).
"""

from __future__ import annotations

import re
from functools import lru_cache

_CAS = re.compile(r"^\s*(\d{2,7})-(\d{2})-(\d)\s*$")
_LOOSE = re.compile(r"^\s*\d{2,7}-\d{2}-\d+\s*$|^\s*\d+-\d+-\d+\s*$")
# Bare digits (5 to 10: the shortest and longest CAS numbers) or CAS-shaped groups
# separated by spaces.
_DIGITS = re.compile(r"^\s*\d{5,10}\s*$|^\s*\d{2,7}\s+\d{2}\s+\d\s*$")
# Digits, hyphens (and spaces) only, with a hyphen: a CAS number, or an attempt at one.
_HYPHENATED_DIGITS = re.compile(r"^[\d\s]*\d[\d\s]*(?:-[\d\s]*)+$|^[\d\s]*(?:-[\d\s]*)+\d[\d\s]*$")
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212\u00ad", "-"))


def _dashes(text: str) -> str:
    return text.translate(_DASHES) if not text.isascii() else text


def looks_like_cas(text: str) -> bool:
    """True for anything shaped like digits-digits-digits (checked later)."""
    return bool(_LOOSE.match(_dashes(text)))


def looks_like_hyphenated_digits(text: str) -> bool:
    """Digits and hyphens only (spaces allowed), at least one of each and two digits: a
    CAS number or a malformed one ("7719-97"), never a name or a SMILES."""
    text = _dashes(text).strip()
    return bool(_HYPHENATED_DIGITS.match(text)) and sum(ch.isdigit() for ch in text) >= 2


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


def cas_problem(text: str) -> str | None:
    """Why hyphenated text is not read as a CAS number, as a reason code: `cas_shape` (not
    three groups of 2-7, 2 and 1 digits), `cas_too_short` (fewer than 5 digits once the
    first group's leading zeros are dropped), `invalid_cas` (the check digit fails); None
    when it is a valid CAS number."""
    m = _CAS.match(_dashes(text))
    if not m:
        parts = [p.strip() for p in _dashes(text).strip().split("-")]
        shaped = (
            len(parts) == 3
            and all(p.isdigit() for p in parts)
            and (len(parts[1]), len(parts[2])) == (2, 1)
            and len(parts[0].lstrip("0")) < 2
        )
        return "cas_too_short" if shaped else "cas_shape"
    if len(m.group(1).lstrip("0")) < 2:
        return "cas_too_short"
    return None if _valid(m.group(1).lstrip("0"), m.group(2), m.group(3)) else "invalid_cas"


def digits_problem(text: str) -> str | None:
    """Why a digit run is not read as a CAS number, as a reason code:
    `cas_digits_too_short` (fewer than 5 digits once leading zeros are dropped:
    "0000000"), `cas_digits_check_digit`; None when it stands for a valid CAS number."""
    digits = "".join(ch for ch in text if ch.isdigit()).lstrip("0")
    if len(digits) < 5:
        return "cas_digits_too_short"
    return None if cas_from_digits(text) else "cas_digits_check_digit"


def cas_to_int(cas: str) -> int:
    return int(cas.replace("-", ""))


def int_to_cas(value: int) -> str:
    s = str(value)
    return f"{s[:-3]}-{s[-3:-1]}-{s[-1]}"
