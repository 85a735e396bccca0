"""Threshold quantities and the chemicals-of-interest aggregation. Pure module.

Quantities of one chemical (same CAS, else same InChIKey) are summed across rows and
areas and compared with each threshold that applies to it:
- EPA RMP threshold quantities, 40 CFR 68.130 (toxics and flammables), from
  ``content/thresholds/rmp_threshold_quantities.csv``;
- CFATS screening threshold quantities (STQ) per security issue, where the list
  data states one (``content/lists/cfats.csv``). CFATS lapsed on 28 July 2023, so
  every CFATS comparison is labelled "CFATS lapsed".
A row's substance quantity is its quantity times its concentration (100 % when
blank). A CFATS minimum concentration excludes the rows below it; a row without a
concentration is counted, and the result says so.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from chemsec.science.endpoints import load_thresholds
from chemsec.science.quantities import KG_PER_LB, kg_to_lb

CONTENT = Path(__file__).resolve().parent.parent / "content"
CFATS_LAPSED = "CFATS lapsed"
_CFATS_ISSUE = re.compile(
    r"(?P<issue>[\w/ ]+): min\. conc\. (?P<conc>[^,]+), STQ (?P<stq>[\d,]+) lb, issue (?P<kind>.+)"
)


@dataclass(frozen=True)
class Threshold:
    """One threshold quantity that applies to a chemical."""

    source: str
    issue: str
    quantity_lb: float
    urn: str
    verification: str
    label: str = ""
    min_concentration: float | None = None


@lru_cache(maxsize=1)
def thresholds_by_cas() -> dict[str, tuple[Threshold, ...]]:
    """Every known threshold, keyed by CAS number."""
    found: dict[str, list[Threshold]] = {}
    for cas, threshold in [*_rmp(), *_cfats()]:
        found.setdefault(cas, []).append(threshold)
    return {cas: tuple(items) for cas, items in found.items()}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _rmp() -> Iterable[tuple[str, Threshold]]:
    for row in load_thresholds():
        kind = "toxic" if "toxic" in row.list_name else "flammable"
        yield (
            row.cas,
            Threshold(
                source="EPA RMP (40 CFR 68.130)",
                issue=f"{kind}: {row.name}",
                quantity_lb=row.threshold_quantity_lb,
                urn=row.urn,
                verification=row.tq_verification or row.verification,
            ),
        )


def _cfats() -> Iterable[tuple[str, Threshold]]:
    for row in _rows(CONTENT / "lists" / "cfats.csv"):
        _name, _sep, issues = row["text"].partition(" - ")
        for part in issues.split(";"):
            match = _CFATS_ISSUE.search(part.strip())
            if match is None:
                continue  # the entry gives no STQ for this issue: nothing to compare
            conc = match["conc"].strip().rstrip("%")
            yield (
                row["cas"],
                Threshold(
                    source="CFATS (6 CFR 27 App. A)",
                    issue=f"{match['issue'].strip()} ({match['kind'].strip()})",
                    quantity_lb=float(match["stq"].replace(",", "")),
                    urn=row["urn"],
                    verification=row["verification"].split(" ")[0],
                    label=CFATS_LAPSED,
                    min_concentration=float(conc) if conc.replace(".", "").isdigit() else None,
                ),
            )


@dataclass
class Row:
    """One valid inventory row, as the aggregation needs it."""

    key: str
    name: str
    cas: str
    inchikey: str
    quantity_kg: float
    concentration: float | None
    area: str
    matches: list[dict[str, Any]] = field(default_factory=list)


def substance_kg(row: Row) -> float:
    return row.quantity_kg * (row.concentration if row.concentration is not None else 100) / 100


def aggregate(rows: Iterable[Row]) -> list[dict[str, Any]]:
    """Chemicals of interest: listed or thresholded chemicals with totals and comparisons."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        if row.key:
            groups.setdefault(row.key, []).append(row)
    out = [_chemical(items) for items in groups.values()]
    interesting = [c for c in out if c["lists"] or c["thresholds"]]
    return sorted(interesting, key=lambda c: (-c["crossed_count"], c["name"].lower()))


def _chemical(items: list[Row]) -> dict[str, Any]:
    first = items[0]
    total = sum(substance_kg(r) for r in items)
    lists = _lists(items)
    thresholds = [_compare(t, items) for t in thresholds_by_cas().get(first.cas, ())]
    crossed = [t for t in thresholds if t["crossed"]]
    codes = reason_codes(lists, thresholds, len(items))
    return {
        "key": first.key,
        "name": first.name or first.key,
        "cas": first.cas,
        "inchikey": first.inchikey,
        "total_kg": total,
        "total_lb": kg_to_lb(total),
        "areas": sorted({r.area for r in items if r.area}),
        "rows": len(items),
        "lists": lists,
        "thresholds": thresholds,
        "crossed_count": len(crossed),
        "reason_codes": codes,
        "reason": reason_english(codes),
    }


def _lists(items: list[Row]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for row in items:
        for match in row.matches:
            seen.setdefault(match["urn"], {k: match.get(k) for k in _MATCH_KEYS})
    return sorted(seen.values(), key=lambda m: (m["list"], m["entry"]))


_MATCH_KEYS = ("list", "entry", "title", "urn", "verification", "source", "list_status")


def _compare(threshold: Threshold, items: list[Row]) -> dict[str, Any]:
    counted = items
    if threshold.min_concentration is not None:
        counted = [
            r
            for r in items
            if r.concentration is None or r.concentration >= threshold.min_concentration
        ]
    quantity_lb = kg_to_lb(sum(substance_kg(r) for r in counted))
    unknown_conc = threshold.min_concentration is not None and any(
        r.concentration is None for r in counted
    )
    return {
        "source": threshold.source,
        "issue": threshold.issue,
        "threshold_lb": threshold.quantity_lb,
        "threshold_kg": threshold.quantity_lb * KG_PER_LB,
        "quantity_lb": quantity_lb,
        "crossed": quantity_lb >= threshold.quantity_lb,
        "urn": threshold.urn,
        "verification": threshold.verification,
        "label": threshold.label,
        "min_concentration": threshold.min_concentration,
        "rows_counted": len(counted),
        "note": "rows without a concentration counted as pure" if unknown_conc else "",
    }


# Why a chemical is of interest, as codes with parameters: the snapshot keeps them
# (`reason_codes`), and pages and the API render them in the reader's language
# (chemsec/facilities/texts.py). `reason`, the English made here from the same codes, is
# kept for the API's clients. Codes are part of the output contract: add, never rename.
# code -> English template (str.format with the code's params)
REASONS: dict[str, str] = {
    "on_lists": "on {lists}",
    "threshold_crossed": (
        "{quantity_lb:,.0f} lb is at or above the {source} {issue} threshold of "
        "{threshold_lb:,.0f} lb"
    ),
    "threshold_below": (
        "{quantity_lb:,.0f} lb is below the {source} {issue} threshold of {threshold_lb:,.0f} lb"
    ),
}


def reason_codes(
    lists: list[dict[str, Any]], thresholds: list[dict[str, Any]], rows: int
) -> list[dict[str, Any]]:
    """Why a chemical is of interest: the lists it is on (``on_lists``, each "list entry"),
    then each threshold compared (``threshold_crossed`` / ``threshold_below``). A threshold's
    ``floor`` is its minimum concentration when that left some of the chemical's `rows` out
    of the quantity compared; its ``label`` is the threshold's (``CFATS_LAPSED``) or ""."""
    codes: list[dict[str, Any]] = []
    if lists:
        names = [f"{m.get('list', '')} {m.get('entry', '')}".strip() for m in lists]
        codes.append({"code": "on_lists", "params": {"lists": names}})
    codes += [_threshold_code(t, rows) for t in thresholds]
    return codes


def _threshold_code(t: dict[str, Any], rows: int) -> dict[str, Any]:
    params: dict[str, Any] = {
        "quantity_lb": t["quantity_lb"],
        "source": t.get("source", ""),
        "issue": t.get("issue", ""),
        "threshold_lb": t["threshold_lb"],
        "label": t.get("label") or "",
    }
    floor, counted = t.get("min_concentration"), t.get("rows_counted")
    if isinstance(floor, int | float) and isinstance(counted, int) and counted < rows:
        params["floor"] = floor
    code = "threshold_crossed" if t.get("crossed") else "threshold_below"
    return {"code": code, "params": params}


def reason_english(codes: list[dict[str, Any]]) -> str:
    """The codes' English, one part per code joined with "; " (the API's ``reason``)."""
    return "; ".join(_english_part(c["code"], c["params"]) for c in codes)


def _english_part(code: str, params: dict[str, Any]) -> str:
    if code == "on_lists":
        return REASONS[code].format(lists=", ".join(params["lists"]))
    text = REASONS[code].format(**params)
    return f"{text} [{params['label']}]" if params.get("label") else text


TIER_TEXT = (
    "Tier is a simple indicator, not a regulatory tier: tier 1 when a facility crosses "
    "3 or more thresholds in total, tier 2 for 2, tier 3 for 1, and 'below thresholds' "
    "when it holds chemicals of interest under every threshold or none."
)


def tier(chemicals: Iterable[dict[str, Any]]) -> int | None:
    """1-3 by the number of thresholds crossed (3+, 2, 1); None when none is crossed."""
    crossed = sum(c["crossed_count"] for c in chemicals)
    if crossed >= 3:
        return 1
    return {2: 2, 1: 3}.get(crossed)
