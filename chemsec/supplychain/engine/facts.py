"""What the rule engine knows about one order: plain, typed, Django-free facts.

The Django side (chemsec/supplychain/services/orders.py) builds them from the database;
tests and the generator build them directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One product of the order, with what its screening found."""

    product_code: str
    quantity: float
    unit: str = "pack"
    listed: bool = False  # any component on any list
    eu_restricted: bool = False  # an Annex I component above its limit value
    eu_regulated: bool = False  # any Annex I or Annex II component
    eu_entries: tuple[str, ...] = ()  # "EU I-02", for the facts of an alert
    cwc_schedules: tuple[str, ...] = ()  # "1", "2", "3"
    ag_listed: bool = False


@dataclass(frozen=True)
class Statement:
    """An end-use statement on file: its kind and the last day it is valid."""

    kind: str
    valid_from: dt.date
    valid_until: dt.date | None

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True)
class Customer:
    key: str  # a stable identifier (the record's id), for linking history
    customer_type: str  # professional | economic_operator | general_public
    country: str
    identity_checked_on: dt.date | None = None  # the latest identity document seen
    statements: tuple[Statement, ...] = ()
    prior_orders: int = 0  # orders recorded before this one
    # Uncleared potential matches of the latest sanctions screening ("un:QDi.001"), as
    # plain data from chemsec.sanctions (the engine knows nothing of how they were found).
    denied_party_matches: tuple[str, ...] = ()
    denied_party_score: float = 0.0
    # Rule codes a reviewer snoozed for this customer (with a justification, until a date):
    # their breaches are kept apart and do not count.
    snoozed_rules: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PastOrder:
    """An earlier order of the same customer, or of a customer linked to it (same
    registration number, phone or delivery address), as the split-order rule reads it."""

    ordered_at: dt.datetime
    customer_key: str
    product_codes: tuple[str, ...]
    linked: bool = False  # another customer linked to this one
    quantities: tuple[tuple[str, float], ...] = ()  # (product code, quantity) per line
    payment_method: str = ""  # how it was paid (account, card, transfer, cash, ...)
    payer_is_third_party: bool = False


@dataclass(frozen=True)
class ScreenedParty:
    """Another party of the order (its consignee, its declared end user) with the
    uncleared potential matches of its sanctions screening ("un:QDi.001")."""

    role: str  # consignee | end_user
    list_entries: tuple[str, ...]
    score: float = 0.0


@dataclass(frozen=True)
class TradePeers:
    """What the customers of the same supplier declaring the same trade as this customer
    ordered of one product within the history window: each line's quantity, and how many
    customers ordered them. Only the supplier's own customers are peers (never another
    supplier's data), and only counts and quantities reach the engine, never who."""

    product_code: str
    quantities: tuple[float, ...]
    customers: int


@dataclass(frozen=True)
class Order:
    ordered_at: dt.datetime
    customer: Customer
    delivery_country: str
    payment_method: str
    lines: tuple[Line, ...]
    payer_is_third_party: bool = False
    indicators: frozenset[str] = field(default_factory=frozenset)
    history: tuple[PastOrder, ...] = ()
    delivery_address: str = ""
    supplier_country: str = ""  # the supplier's country (ISO alpha-2), for export rules
    parties: tuple[ScreenedParty, ...] = ()  # consignee and end user, when screened
    consignee_name: str = ""  # the consignee the order names, if any
    # Per listed product the customer has too little own history of: its trade's peers.
    trade_peers: tuple[TradePeers, ...] = ()

    @property
    def day(self) -> dt.date:
        return self.ordered_at.date()

    def listed_lines(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.listed)
