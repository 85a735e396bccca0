"""What a national contact point sees across the reports addressed to it, and what the
secretariat sees across everyone's: counts, and the customers several suppliers reported.

Everything here reads the reports' frozen bodies (what the authority received), never the
suppliers' live records: an authority learns nothing a report did not tell it. The
secretariat's overview has no identities at all: counts by region, kind and indicator.

Customer identifiers are compared after normalisation with rigour (the names and addresses
library of OpenSanctions): registration numbers without spaces or punctuation, names
case-folded with legal-form words removed ("ACME Chemicals Ltd." and "Acme chemicals
limited" are one name), addresses normalised, phone numbers as their digits.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rigour.addresses import normalize_address
from rigour.names import normalize_name, remove_org_types

from chemsec.supplychain.models import Report

MIN_DIGITS = 6  # a phone number shorter than this says too little to link on


def _registration(value: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", value.upper())


def _name(value: str) -> str:
    normal = normalize_name(value) or ""
    return " ".join(remove_org_types(normal).split())


def _address(value: str) -> str:
    return normalize_address(value) or "" if value.strip() else ""


def _phone(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return digits if len(digits) >= MIN_DIGITS else ""


def identifiers(customer: dict[str, Any]) -> dict[str, str]:
    """The normalised identifiers of a report's customer (empty ones left out)."""
    found = {
        "registration": _registration(customer.get("registration_number") or ""),
        "name": _name(customer.get("legal_name") or ""),
        "address": _address(customer.get("delivery_address") or "")
        or _address(customer.get("billing_address") or ""),
        "phone": _phone(customer.get("phone") or ""),
    }
    return {kind: value for kind, value in found.items() if value}


@dataclass
class Link:
    """Reports from several suppliers sharing one identifier of their customer."""

    kind: str  # registration, name, address, phone
    value: str
    reports: list[Report] = field(default_factory=list)

    @property
    def senders(self) -> list[str]:
        return sorted({report.organisation.name for report in self.reports})


def cross_supplier_links(reports: Iterable[Report]) -> list[Link]:
    """Identifiers shared by the customers of reports from at least two suppliers, the most
    widely reported first."""
    groups: dict[tuple[str, str], Link] = {}
    for report in reports:
        customer = report.body.get("customer") if isinstance(report.body, dict) else None
        if not isinstance(customer, dict):
            continue
        for kind, value in identifiers(customer).items():
            groups.setdefault((kind, value), Link(kind, value)).reports.append(report)
    links = [link for link in groups.values() if len(link.senders) >= 2]
    return sorted(links, key=lambda link: (-len(link.senders), link.kind, link.value))


@dataclass
class Dashboard:
    total: int
    by_month: list[tuple[str, int]]
    by_kind: Counter[str]
    by_status: Counter[str]
    by_product: Counter[str]
    by_indicator: Counter[str]
    by_country: Counter[str]  # the customer's country, else the sender's


def _transactions(body: dict[str, Any]) -> list[dict[str, Any]]:
    found = body.get("transactions")
    return [t for t in found if isinstance(t, dict)] if isinstance(found, list) else []


def dashboard(reports: Iterable[Report]) -> Dashboard:
    """Counts over the reports: per month sent, kind, status, product, indicator, country."""
    months: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    products: Counter[str] = Counter()
    indicators: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    total = 0
    for report in reports:
        total += 1
        body = report.body if isinstance(report.body, dict) else {}
        months[report.sent_at.strftime("%Y-%m")] += 1
        kinds[report.kind] += 1
        statuses[report.status] += 1
        customer = body.get("customer") if isinstance(body.get("customer"), dict) else {}
        sender = body.get("sender") if isinstance(body.get("sender"), dict) else {}
        countries[(customer or {}).get("country") or (sender or {}).get("country") or "?"] += 1
        for transaction in _transactions(body):
            indicators.update(str(i) for i in transaction.get("indicators") or [])
            for line in transaction.get("products") or []:
                if isinstance(line, dict):
                    products[str(line.get("name") or line.get("code") or "?")] += 1
    return Dashboard(
        total=total,
        by_month=sorted(months.items()),
        by_kind=kinds,
        by_status=statuses,
        by_product=products,
        by_indicator=indicators,
        by_country=countries,
    )


# Counts below this are not shown to the secretariat (small-cell suppression): with one or
# two reports from a region, a reader who knows the region's suppliers can guess the sender.
MIN_SHOWN_COUNT = 3


def shown_count(n: int) -> int | None:
    """The count as the secretariat may see it; None for "fewer than MIN_SHOWN_COUNT"."""
    return n if n >= MIN_SHOWN_COUNT else None


@dataclass
class Overview:
    """The secretariat's view: counts only, by the sender's region and the report kind."""

    rows: list[tuple[str, str, int]]  # region, kind, count (suppress with shown_count)
    by_indicator: Counter[str]


def overview(reports: Iterable[Report]) -> Overview:
    cells: Counter[tuple[str, str]] = Counter()
    indicators: Counter[str] = Counter()
    for report in reports:
        cells[(report.organisation.region or "", report.kind)] += 1
        body = report.body if isinstance(report.body, dict) else {}
        for transaction in _transactions(body):
            indicators.update(str(i) for i in transaction.get("indicators") or [])
    rows = [(region, kind, n) for (region, kind), n in sorted(cells.items())]
    return Overview(rows=rows, by_indicator=indicators)
