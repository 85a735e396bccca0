"""Which schedule entries a Harmonized System subheading may hold (customs screening).

Data: `screening/data/hs_cwc.csv`, HS 2022 subheadings that name a scheduled chemical
(from the WCO's nomenclature or public tariff databases reproducing it, each row with its
source and verification status), plus two residual subheadings whose possible entries are
ChemSec's own reading (marked DERIVED). The OPCW Handbook on Chemicals (HS codes of
declared scheduled chemicals) could not be retrieved; see docs/screening.md.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HS_FILE = Path(__file__).resolve().parents[1] / "data" / "hs_cwc.csv"
_CODE = re.compile(r"^\d{4}(?:\.?\d{0,2})?(?:\.?[xX]{1,2})?$")


@dataclass(frozen=True, slots=True)
class HsRow:
    edition: str
    subheading: str  # "2931.49"
    description: str
    list: str
    entries: tuple[str, ...]
    cas: str
    source: str
    verification: str


@cache
def rows() -> tuple[HsRow, ...]:
    with HS_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(
            HsRow(
                edition=r["hs_edition"],
                subheading=r["subheading"],
                description=r["description"],
                list=r["list"],
                entries=tuple(e for e in r["entries"].split(";") if e),
                cas=r["cas"],
                source=r["source"],
                verification=r["verification"],
            )
            for r in csv.DictReader(handle)
        )


def normalise(code: str) -> str | None:
    """'2931.49', '293149', '2931.4x', '2931.xx', '2931' -> a digit prefix ('293149',
    '29314', '2931'); None when it is not an HS code."""
    text = code.strip().replace(" ", "")
    if not _CODE.match(text):
        return None
    return re.sub(r"[.xX]", "", text)


def lookup(code: str) -> list[HsRow]:
    """Rows whose subheading starts with the given code (a heading gives all of its
    subheadings). Raises ValueError for text that is not an HS code."""
    prefix = normalise(code)
    if prefix is None:
        raise ValueError(f"not an HS code: {code!r} (write e.g. 2931.49, 293149 or 2931.xx)")
    return [r for r in rows() if r.subheading.replace(".", "").startswith(prefix)]
