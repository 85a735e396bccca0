"""Reporting rules as data (data/reporting-rules.yaml): which incidents start a clock.

A rule matches an incident of one of its kinds whose chemicals include one on one of its
lists (the list codes of the screening engine's lists, e.g. "EU" for Regulation (EU)
2019/1148's annexes), judged by the inventory's list matches or else by CAS number.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

RULES_FILE = Path(__file__).resolve().parent / "data" / "reporting-rules.yaml"
LISTS_DIR = Path(__file__).resolve().parents[1] / "content" / "lists"


@dataclass(frozen=True)
class ReportingRule:
    urn: str
    version: int
    code: str
    title: str
    kinds: tuple[str, ...]
    lists: tuple[str, ...]
    window_hours: int
    report_kind: str
    citation: str
    source_url: str

    @property
    def window(self) -> dt.timedelta:
        return dt.timedelta(hours=self.window_hours)


@cache
def rulebook() -> tuple[ReportingRule, ...]:
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    return tuple(
        ReportingRule(
            urn=str(r["urn"]),
            version=int(r["version"]),
            code=str(r["code"]),
            title=str(r["title"]),
            kinds=tuple(r["kinds"]),
            lists=tuple(r.get("lists", ())),
            window_hours=int(r["window_hours"]),
            report_kind=str(r["report_kind"]),
            citation=" ".join(str(r["citation"]).split()),
            source_url=str(r.get("source_url", "")),
        )
        for r in data["rules"]
    )


def rule_by_urn(urn: str) -> ReportingRule | None:
    return next((r for r in rulebook() if r.urn == urn), None)


@cache
def listed_cas(list_code: str) -> frozenset[str]:
    """CAS numbers of a shipped list's entries (chemsec/content/lists/<code>.csv)."""
    path = LISTS_DIR / f"{list_code.lower()}.csv"
    if not path.exists():
        return frozenset()
    with path.open(encoding="utf-8", newline="") as handle:
        return frozenset(row["cas"].strip() for row in csv.DictReader(handle) if row.get("cas"))


def on_list(chemical: dict[str, Any], list_code: str) -> bool:
    """A chemical (name, cas, lists from the inventory) is on the list `list_code`."""
    if any(str(m.get("list", "")) == list_code for m in chemical.get("lists") or ()):
        return True
    cas = str(chemical.get("cas") or "").strip()
    return bool(cas) and cas in listed_cas(list_code)


def matching_rule(kind: str, chemicals: list[dict[str, Any]]) -> ReportingRule | None:
    """The first rule the incident falls under, or None (not reportable under these rules)."""
    for rule in rulebook():
        if kind not in rule.kinds:
            continue
        if not rule.lists or any(on_list(c, code) for c in chemicals for code in rule.lists):
            return rule
    return None
