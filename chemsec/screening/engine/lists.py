"""The control lists as versioned data files shipped in ``chemsec/content/lists``.

Each CSV row is one entry, heading, named example, member or exemption, with a stable
URN and a data version. Nothing here needs RDKit, so list look-ups by CAS or name are
instant and the portal's catalogue page stays cheap.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

LISTS_DIR = Path(__file__).resolve().parents[2] / "content" / "lists"
LIST_FILES = {"CWC": "cwc.csv", "AG": "ag.csv", "EU": "eu.csv", "CFATS": "cfats.csv"}
LIST_ALIASES = {"cwc": "CWC", "ag": "AG", "eu": "EU", "cfats": "CFATS"}

LIST_INFO: dict[str, dict[str, str]] = {
    "CWC": {
        "title": "Chemical Weapons Convention, Annex on Chemicals, Schedules 1-3",
        "authority": "OPCW",
        "status": "in force",
    },
    "AG": {
        "title": "Australia Group, Chemical Weapons Precursors",
        "authority": "Australia Group",
        "status": "in force",
    },
    "EU": {
        "title": "Regulation (EU) 2019/1148 on explosives precursors, Annexes I and II",
        "authority": "European Union",
        "status": "in force from 1 February 2021",
    },
    "CFATS": {
        "title": "US Chemical Facility Anti-Terrorism Standards, 6 CFR 27 Appendix A (5 rows)",
        "authority": "US Department of Homeland Security",
        "status": "statutory authority lapsed 28 July 2023",
    },
}

# Rows that describe a chemical (as opposed to headings, families and notes).
CHEMICAL_ROWS = frozenset({"individual", "example", "member"})


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One row of a list data file."""

    urn: str
    version: str
    list: str
    code: str
    row_type: str
    parent: str
    title: str
    text: str
    names: tuple[str, ...]
    cas: str
    smiles: str
    inchikey: str
    structure_source: str
    salts: str
    effective_date: dt.date | None
    end_date: dt.date | None
    limit_value: float | None
    limit_basis: str
    licence_limit: str
    notes: str
    source: str
    verification: str

    def in_force(self, as_of: dt.date | None) -> bool:
        if as_of is None:
            return True
        if self.effective_date and as_of < self.effective_date:
            return False
        return not (self.end_date and as_of >= self.end_date)

    @property
    def is_chemical(self) -> bool:
        return self.row_type in CHEMICAL_ROWS

    @property
    def verified(self) -> bool:
        return self.verification.strip().lower() == "verified"

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in self.__slots__}
        out["names"] = list(self.names)
        for key in ("effective_date", "end_date"):
            out[key] = out[key].isoformat() if out[key] else None
        return out


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text.strip() else None


def _float(text: str) -> float | None:
    return float(text) if text.strip() else None


def _entry(row: dict[str, str]) -> ListEntry:
    return ListEntry(
        urn=row["urn"],
        version=row["version"],
        list=row["list"],
        code=row["code"],
        row_type=row["row_type"],
        parent=row["parent"],
        title=row["title"],
        text=row["text"],
        names=tuple(n.strip() for n in row["names"].split(";") if n.strip()),
        cas=row["cas"].strip(),
        smiles=row["smiles"].strip(),
        inchikey=row["inchikey"].strip(),
        structure_source=row["structure_source"],
        salts=row["salts"] or "none",
        effective_date=_date(row["effective_date"]),
        end_date=_date(row["end_date"]),
        limit_value=_float(row["limit_value"]),
        limit_basis=row["limit_basis"],
        licence_limit=row["licence_limit"],
        notes=row["notes"],
        source=row["source"],
        verification=row["verification"],
    )


@cache
def load_list(code: str) -> tuple[ListEntry, ...]:
    """All rows of one list, in file order."""
    path = LISTS_DIR / LIST_FILES[code]
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(_entry(row) for row in csv.DictReader(handle))


def parse_lists(selection: str | Iterable[str] | None) -> tuple[str, ...]:
    """Normalise a list selection ("cwc,ag" or ["CWC"]); None means every list."""
    if selection is None:
        return tuple(LIST_FILES)
    items = selection.split(",") if isinstance(selection, str) else list(selection)
    codes = []
    for item in (i.strip() for i in items if i.strip()):
        code = LIST_ALIASES.get(item.lower())
        if code is None:
            raise ValueError(f"unknown list {item!r}; choose from {', '.join(LIST_ALIASES)}")
        if code not in codes:
            codes.append(code)
    if not codes:
        raise ValueError("no list selected")
    return tuple(codes)


def entries(lists: Iterable[str], as_of: dt.date | None = None) -> list[ListEntry]:
    """Rows of the selected lists that are in force on `as_of` (all when None)."""
    return [e for code in lists for e in load_list(code) if e.in_force(as_of)]


def in_force_from(code: str) -> dt.date | None:
    """The first day any row of the list is in force; None when a row has no date (the
    data records no start for it, so the list is taken as in force on any date)."""
    dates = [e.effective_date for e in load_list(code)]
    if not dates or any(d is None for d in dates):
        return None
    return min(d for d in dates if d is not None)


def not_yet_in_force(lists: Iterable[str], as_of: dt.date) -> list[tuple[str, dt.date]]:
    """The selected lists that had no version in force on `as_of`, each with the day it
    came into force. Screening against them would say "clear" for a date the list did not
    exist (CWC on 1990-01-01): callers refuse the date for these lists instead."""
    out = []
    for code in lists:
        start = in_force_from(code)
        if start is not None and as_of < start:
            out.append((code, start))
    return out


def undated(lists: Iterable[str]) -> list[str]:
    """The selected lists whose data records no dates of listing (AG): an as-of date
    screens against them as they stand today, which the caller should say."""
    return [code for code in lists if in_force_from(code) is None]


class AsOfError(ValueError):
    """A date before a selected list's first version: there is nothing to screen against."""

    def __init__(self, as_of: dt.date, lists: list[tuple[str, dt.date]]) -> None:
        self.as_of, self.lists = as_of, lists
        starts = ", ".join(f"{code} from {start.isoformat()}" for code, start in lists)
        super().__init__(
            f"no version of the selected list(s) was in force on {as_of.isoformat()} "
            f"({starts}): choose a later date, or leave out these lists"
        )


def check_as_of(lists: Iterable[str], as_of: dt.date | None) -> None:
    """Raise AsOfError when `as_of` is before a selected list came into force."""
    if as_of is None:
        return
    early = not_yet_in_force(lists, as_of)
    if early:
        raise AsOfError(as_of, early)


def catalogue(lists: str | Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Every list with every row, for the portal's catalogue page and API."""
    out = []
    for code in parse_lists(lists):
        rows = load_list(code)
        out.append(
            {
                "list": code,
                **LIST_INFO[code],
                "data_version": rows[0].version if rows else None,
                "entries": [row.to_dict() for row in rows],
            }
        )
    return out
