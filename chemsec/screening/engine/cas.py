"""CAS Registry Numbers: syntax and check digit."""

from __future__ import annotations

import re
from functools import lru_cache

_CAS = re.compile(r"^\s*(\d{2,7})-(\d{2})-(\d)\s*$")
_LOOSE = re.compile(r"^\s*\d{2,7}-\d{2}-\d+\s*$|^\s*\d+-\d+-\d+\s*$")


def looks_like_cas(text: str) -> bool:
    """True for anything shaped like digits-digits-digits (checked later)."""
    return bool(_LOOSE.match(text))


@lru_cache(maxsize=65536)  # inventories repeat the same numbers many times
def normalise_cas(text: str) -> str | None:
    """The CAS number in canonical form, or None when the syntax or check digit is wrong."""
    m = _CAS.match(text)
    if not m:
        return None
    head = m.group(1).lstrip("0")
    if len(head) < 2:
        return None
    digits = head + m.group(2)
    total = sum(int(d) * w for w, d in enumerate(reversed(digits), start=1))
    if total % 10 != int(m.group(3)):
        return None
    return f"{head}-{m.group(2)}-{m.group(3)}"


def cas_to_int(cas: str) -> int:
    return int(cas.replace("-", ""))


def int_to_cas(value: int) -> str:
    s = str(value)
    return f"{s[:-3]}-{s[-3:-1]}-{s[-1]}"
