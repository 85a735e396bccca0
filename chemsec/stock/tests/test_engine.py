"""The MUF engine: the nuclear-accountancy balance and its root-sum-square sigma."""

from __future__ import annotations

import itertools
import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chemsec.stock.engine.chart import ChartText, Measured, balance_svg
from chemsec.stock.engine.muf import (
    Precision,
    Stock,
    Totals,
    balance,
    book_series,
    judge,
)

kg = st.floats(min_value=0.001, max_value=1e6, allow_nan=False)
quantities = st.lists(kg, min_size=0, max_size=30)


def test_worked_example():
    # 1000 kg opening, 500 received, 300 used, 1150 counted: 50 kg unaccounted for.
    # Receipts weighed at 1 % (5 kg), use metered at 2 % (6 kg), each inventory +/- 10 kg.
    result = balance(
        opening=Stock(1000, 10),
        closing=Stock(1150, 10),
        flows={"receipt": Totals.of([500]), "consumption": Totals.of([300])},
        precisions={"receipt": Precision(relative=0.01), "consumption": Precision(relative=0.02)},
        k=3,
    )
    assert result.muf_kg == pytest.approx(50)
    assert result.sigma_kg == pytest.approx(math.sqrt(100 + 25 + 36 + 100))  # 16.16 kg
    assert result.alert and result.reasons == ("sigma",)  # 50 > 3 x 16.16 = 48.5
    assert result.ratio == pytest.approx(50 / math.sqrt(261))


def test_within_uncertainty_and_threshold():
    common = {
        "opening": Stock(1000, 10),
        "closing": Stock(990, 10),
        "flows": {},
        "precisions": {},
    }
    assert not balance(**common, k=3).alert  # 10 kg against sigma 14.1 kg
    over = balance(**common, k=3, threshold_kg=5)
    assert over.alert and over.reasons == ("threshold",)


def test_sigma_zero_any_difference_alerts_and_zero_does_not():
    assert judge(0.5, 0.0, 3, None) == (True, ("sigma",))
    assert judge(0.0, 0.0, 3, None) == (False, ())
    with pytest.raises(ValueError):
        judge(1, 1, 0, None)


def test_adjustments_are_signed_and_explained():
    result = balance(
        opening=Stock(100),
        closing=Stock(80),
        flows={"adjustment": Totals.of([-20])},
        precisions={},
    )
    assert result.muf_kg == 0 and not result.alert


def test_unknown_kind_refused():
    with pytest.raises(ValueError):
        balance(opening=Stock(0), closing=Stock(0), flows={"theft": Totals()}, precisions={})


@given(quantities, st.floats(0, 50), st.floats(0, 0.2))
def test_aggregated_variance_equals_sum_of_each(values, absolute, relative):
    # What the database aggregates (COUNT, SUM q^2) gives the same variance as adding each
    # measurement's own a^2 + (r q)^2: the reason reconciliation needs no Python loop.
    precision = Precision(absolute, relative)
    each = math.fsum(absolute**2 + (relative * q) ** 2 for q in values)
    assert precision.variance(len(values), Totals.of(values).total_sq) == pytest.approx(each)


@given(kg, quantities, quantities, st.floats(0, 0.1))
def test_balanced_books_have_no_muf(opening, ins, outs, relative):
    closing = opening + math.fsum(ins) - math.fsum(outs)
    result = balance(
        opening=Stock(opening, 1),
        closing=Stock(closing, 1),
        flows={"receipt": Totals.of(ins), "consumption": Totals.of(outs)},
        precisions={"receipt": Precision(relative=relative)},
    )
    assert result.muf_kg == pytest.approx(0, abs=1e-6 * (opening + sum(ins) + sum(outs)))
    assert not result.alert or abs(result.muf_kg) > 0


@given(kg, kg, st.floats(0.5, 5))
def test_a_diversion_beyond_k_sigma_always_alerts(opening, loss, k):
    sigma = 1.0
    result = balance(
        opening=Stock(opening, sigma),
        closing=Stock(opening - loss, 0),
        flows={},
        precisions={},
        k=k,
    )
    assert result.muf_kg == pytest.approx(loss)
    if loss > k * sigma * (1 + 1e-9):
        assert result.alert
    elif loss < k * sigma * (1 - 1e-9):  # (the float rounding at the boundary is left out)
        assert not result.alert


@given(quantities, st.floats(0, 5), st.floats(0, 0.1))
def test_sigma_never_shrinks_as_records_add(values, absolute, relative):
    precision = Precision(absolute, relative)
    sigmas = [
        balance(
            opening=Stock(0, 1),
            closing=Stock(0, 1),
            flows={"receipt": Totals.of(values[:n])},
            precisions={"receipt": precision},
        ).sigma_kg
        for n in range(len(values) + 1)
    ]
    assert all(b >= a - 1e-12 for a, b in itertools.pairwise(sigmas))


def test_precision_refuses_negative():
    with pytest.raises(ValueError):
        Precision(-1, 0)


def test_book_series_and_chart():
    days = [
        (date(2026, 1, 5), "receipt", Totals.of([500])),
        (date(2026, 1, 5), "consumption", Totals.of([100])),
        (date(2026, 1, 9), "consumption", Totals.of([200])),
    ]
    points = book_series(
        start=date(2026, 1, 1),
        opening=Stock(1000, 10),
        days=days,
        precisions={"receipt": Precision(relative=0.01)},
    )
    assert [p.book_kg for p in points] == [1000, 1400, 1200]
    assert points[-1].sigma_kg == pytest.approx(math.sqrt(100 + 25))
    words = ChartText("Chlorine", "Book inventory", "book", "band", "counted", "kg")
    svg = balance_svg(points, [Measured(date(2026, 1, 31), 1150, 10)], 3, words)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "1150.00" in svg and "2026-01-31" in svg
    assert "," not in svg.split("<desc")[0].split("viewBox=")[1][:30]  # dots, not commas
