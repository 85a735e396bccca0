"""The compound Poisson tail and the Poisson rate bound of chemsec.supplychain.engine.chance,
against references computed independently: SciPy's Poisson and chi-squared distributions,
published Garwood bounds, and a seeded Monte Carlo count with NumPy."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chemsec.supplychain.engine import chance

stats = pytest.importorskip("scipy.stats")
np = pytest.importorskip("numpy")


@pytest.mark.parametrize("mean", [0.05, 0.3, 1.0, 2.7, 9.0])
@pytest.mark.parametrize("size", [1, 3, 7])
def test_one_size_is_a_poisson_tail(mean: float, size: int) -> None:
    """Every order of `size` units: the sum reaches `total` exactly when ceil(total / size)
    orders arrive, so the tail is SciPy's Poisson survival function."""
    for total in (1, size, size + 1, 4 * size, 10 * size + 3):
        needed = math.ceil(total / size)
        expected = stats.poisson.sf(needed - 1, mean)
        got = chance.compound_poisson_tail(mean, {size: 1.0}, total)
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-13)


def test_mixed_sizes_agree_with_a_seeded_monte_carlo_count() -> None:
    """Sizes 1, 2 and 5 packs (a customer's earlier orders), 1.4 orders a week: the share
    of 400,000 simulated weeks reaching each total lies within five standard errors."""
    sizes = {1: 0.5, 2: 0.3, 5: 0.2}
    mean, weeks = 1.4, 400_000
    rng = np.random.default_rng(20261207)
    counts = rng.poisson(mean, weeks)
    draws = rng.choice(list(sizes), size=int(counts.sum()), p=list(sizes.values()))
    owner = np.repeat(np.arange(weeks), counts)
    sums = np.bincount(owner, weights=draws, minlength=weeks)
    for total in (1, 3, 6, 10, 15):
        simulated = float((sums >= total).mean())
        error = math.sqrt(max(simulated * (1 - simulated), 1 / weeks) / weeks)
        assert chance.compound_poisson_tail(mean, sizes, total) == pytest.approx(
            simulated, abs=5 * error
        )


@settings(max_examples=60, deadline=None)
@given(
    mean=st.floats(0.0, 6.0),
    sizes=st.dictionaries(st.integers(0, 12), st.floats(0.05, 1.0), min_size=1, max_size=4),
    total=st.integers(-2, 40),
)
def test_the_tail_is_a_probability_that_falls_with_the_total_and_rises_with_the_rate(
    mean: float, sizes: dict[int, float], total: int
) -> None:
    weights = sum(sizes.values())
    shares = {size: weight / weights for size, weight in sizes.items()}
    tail = chance.compound_poisson_tail(mean, shares, total)
    assert 0.0 <= tail <= 1.0
    assert chance.compound_poisson_tail(mean, shares, total + 1) <= tail + 1e-12
    assert chance.compound_poisson_tail(mean + 0.5, shares, total) >= tail - 1e-12
    if total <= 0:
        assert tail == 1.0


@pytest.mark.parametrize("confidence", [0.5, 0.8, 0.9, 0.95, 0.975, 0.99])
def test_the_rate_bound_is_garwoods_chi_squared_quantile(confidence: float) -> None:
    """Garwood (1936): the upper bound of a Poisson mean from a count k at level c is
    chi2.ppf(c, 2k + 2) / 2, SciPy's chi-squared quantile."""
    for count in (0, 1, 2, 5, 8, 13, 40, 150):
        expected = stats.chi2.ppf(confidence, 2 * count + 2) / 2
        assert chance.poisson_upper_mean(count, confidence) == pytest.approx(expected, rel=1e-9)


def test_the_rate_bound_matches_published_values() -> None:
    """Values of the usual tables: no event, 95 %: -ln(0.05) = 2.996 (the "rule of
    three"); 5 events, the upper end of the two-sided 95 % interval (one-sided 97.5 %):
    11.668; 10 events: 18.390."""
    assert chance.poisson_upper_mean(0, 0.95) == pytest.approx(-math.log(0.05), rel=1e-9)
    assert chance.poisson_upper_mean(5, 0.975) == pytest.approx(11.668, abs=5e-4)
    assert chance.poisson_upper_mean(10, 0.975) == pytest.approx(18.390, abs=5e-4)


def test_the_rate_bound_refuses_a_level_outside_zero_and_one() -> None:
    for confidence in (0.0, 1.0, -0.1, 95.0):
        with pytest.raises(ValueError, match="confidence"):
            chance.poisson_upper_mean(3, confidence)
    with pytest.raises(ValueError, match="count"):
        chance.poisson_upper_mean(-1, 0.9)


def test_orders_of_no_units_thin_the_rate_and_end_the_sum() -> None:
    """Half the orders of no units: the same chance as half the rate of the others (and
    the sum no longer loops while the empty orders keep it under the total)."""
    with_empty = chance.compound_poisson_tail(40_000.0, {0: 0.5, 2: 0.5}, 5)
    assert with_empty == pytest.approx(chance.compound_poisson_tail(20_000.0, {2: 1.0}, 5))
    assert chance.compound_poisson_tail(3.0, {0: 1.0}, 1) == 0.0
    thinned = chance.compound_poisson_tail(4.0, {0: 0.5, 2: 0.25, 3: 0.25}, 7)
    assert thinned == pytest.approx(chance.compound_poisson_tail(2.0, {2: 0.5, 3: 0.5}, 7))
    assert 0.05 < thinned < 0.5
