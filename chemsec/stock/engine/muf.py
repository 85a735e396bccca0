"""Material unaccounted for (MUF) and its uncertainty, applied to chemicals of interest.

Nuclear-material accountancy balances each material over a period (IAEA Safeguards
Glossary, 2022 edition, "material unaccounted for" and "sigma MUF"):

    MUF = opening inventory + receipts - shipments - closing inventory

and judges it against sigma-MUF, the standard deviation that the measurement errors
alone would give it. Here the receipts are receipts and transfers in; the shipments are
consumption, transfers out and waste sent out; documented adjustments (a spill written
off, a correction) are signed and count as explained.

Uncertainty model (stated, not hidden):

- each measurement of a kind of record has an absolute precision `a` (kg, one standard
  deviation) and/or a relative one `r` (a fraction of the quantity), combined as
  sigma_i^2 = a^2 + (r * q_i)^2;
- all measurements are independent, so their variances add (root-sum-square):
  sigma_MUF^2 = sigma_opening^2 + sum over records of sigma_i^2 + sigma_closing^2.
  For n records of one kind with quantities q_i that is n*a^2 + r^2 * sum(q_i^2), so a
  database can aggregate COUNT, SUM(q) and SUM(q*q) and nothing is looped over here.
- Systematic errors shared by many measurements (one scale, one tank calibration) are
  correlated and would add linearly, not in quadrature: this model does not include them
  and understates sigma when they dominate. State them as an absolute precision on the
  inventory if they matter.

An alert is raised when |MUF| > k * sigma_MUF (k per organisation, default 3) or when
|MUF| exceeds a threshold in kg the organisation sets. With sigma 0 (no precision stated)
any MUF other than zero is beyond its uncertainty.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

DEFAULT_K = 3.0
# Rounding noise of float sums, not a measurement: below this a MUF is zero.
ZERO_KG = 1e-9


class Direction(Enum):
    IN = 1
    OUT = -1
    SIGNED = 0  # adjustments: the quantity carries its own sign


# The kinds of record and how each moves the book inventory.
DIRECTIONS: dict[str, Direction] = {
    "receipt": Direction.IN,
    "transfer_in": Direction.IN,
    "consumption": Direction.OUT,
    "transfer_out": Direction.OUT,
    "waste_out": Direction.OUT,
    "adjustment": Direction.SIGNED,
}
INVENTORY = "inventory"  # the precision of a physical inventory (opening, closing)


@dataclass(frozen=True)
class Precision:
    """One standard deviation of one measurement: absolute (kg) and relative (fraction)."""

    absolute_kg: float = 0.0
    relative: float = 0.0

    def __post_init__(self) -> None:
        if self.absolute_kg < 0 or self.relative < 0:
            raise ValueError("precisions are standard deviations: never negative")

    def variance(self, count: int, total_sq: float) -> float:
        """Variance of the sum of `count` measurements whose squares sum to `total_sq`."""
        return count * self.absolute_kg**2 + self.relative**2 * total_sq


@dataclass(frozen=True)
class Totals:
    """What the database aggregates for one kind of record: COUNT, SUM(q), SUM(q*q)."""

    count: int = 0
    total_kg: float = 0.0
    total_sq: float = 0.0

    @staticmethod
    def of(quantities: Iterable[float]) -> Totals:
        values = list(quantities)
        return Totals(len(values), math.fsum(values), math.fsum(q * q for q in values))


@dataclass(frozen=True)
class Stock:
    """An inventory figure with its standard deviation (measured or stated)."""

    kg: float
    sigma_kg: float = 0.0

    @staticmethod
    def measured(totals: Totals, precision: Precision) -> Stock:
        return Stock(totals.total_kg, math.sqrt(precision.variance(totals.count, totals.total_sq)))


@dataclass(frozen=True)
class Balance:
    opening_kg: float
    in_kg: float
    out_kg: float
    adjustments_kg: float
    closing_kg: float
    muf_kg: float
    sigma_kg: float
    k: float
    threshold_kg: float | None
    alert: bool
    reasons: tuple[str, ...] = field(default_factory=tuple)  # codes: "sigma", "threshold"
    variances: Mapping[str, float] = field(default_factory=dict)  # per component

    @property
    def ratio(self) -> float | None:
        """|MUF| / sigma: how many standard deviations (None when sigma is zero)."""
        return abs(self.muf_kg) / self.sigma_kg if self.sigma_kg > 0 else None


def judge(
    muf_kg: float, sigma_kg: float, k: float, threshold_kg: float | None
) -> tuple[bool, tuple[str, ...]]:
    """Whether a MUF is beyond k sigma or the threshold, and which (codes)."""
    if k <= 0:
        raise ValueError("k must be positive")
    size = abs(muf_kg)
    reasons: list[str] = []
    if size > ZERO_KG and size > k * sigma_kg:
        reasons.append("sigma")
    if threshold_kg is not None and size > threshold_kg:
        reasons.append("threshold")
    return bool(reasons), tuple(reasons)


def balance(
    *,
    opening: Stock,
    closing: Stock,
    flows: Mapping[str, Totals],
    precisions: Mapping[str, Precision],
    k: float = DEFAULT_K,
    threshold_kg: float | None = None,
) -> Balance:
    """opening + in - out (+ adjustments) - closing, with sigma by root-sum-square."""
    unknown = set(flows) - set(DIRECTIONS)
    if unknown:
        raise ValueError(f"unknown kinds of record: {sorted(unknown)}")
    none = Precision()
    in_kg = math.fsum(t.total_kg for kind, t in flows.items() if DIRECTIONS[kind] is Direction.IN)
    out_kg = math.fsum(t.total_kg for kind, t in flows.items() if DIRECTIONS[kind] is Direction.OUT)
    adjustments = math.fsum(
        t.total_kg for kind, t in flows.items() if DIRECTIONS[kind] is Direction.SIGNED
    )
    variances = {"opening": opening.sigma_kg**2, "closing": closing.sigma_kg**2}
    for kind, totals in flows.items():
        variances[kind] = precisions.get(kind, none).variance(totals.count, totals.total_sq)
    muf = opening.kg + in_kg - out_kg + adjustments - closing.kg
    if abs(muf) <= ZERO_KG:
        muf = 0.0
    sigma = math.sqrt(math.fsum(variances.values()))
    alert, reasons = judge(muf, sigma, k, threshold_kg)
    return Balance(
        opening_kg=opening.kg,
        in_kg=in_kg,
        out_kg=out_kg,
        adjustments_kg=adjustments,
        closing_kg=closing.kg,
        muf_kg=muf,
        sigma_kg=sigma,
        k=k,
        threshold_kg=threshold_kg,
        alert=alert,
        reasons=reasons,
        variances=variances,
    )


@dataclass(frozen=True)
class Point:
    """The book inventory at the end of a day, with its standard deviation."""

    day: date
    book_kg: float
    sigma_kg: float


def book_series(
    *,
    start: date,
    opening: Stock,
    days: Sequence[tuple[date, str, Totals]],
    precisions: Mapping[str, Precision],
) -> list[Point]:
    """The running book inventory (opening + flows so far) per day, its sigma growing by
    root-sum-square as records add up. `days` are (day, kind, totals) sorted by day."""
    none = Precision()
    points = [Point(start, opening.kg, opening.sigma_kg)]
    book = opening.kg
    variance = opening.sigma_kg**2
    for day, kind, totals in days:
        direction = DIRECTIONS[kind]
        sign = 1.0 if direction is not Direction.OUT else -1.0
        book += sign * totals.total_kg
        variance += precisions.get(kind, none).variance(totals.count, totals.total_sq)
        point = Point(day, book, math.sqrt(variance))
        if points[-1].day == day:
            points[-1] = point
        else:
            points.append(point)
    return points
