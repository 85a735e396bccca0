"""How often a customer's own ordering reaches a total in one window: the compound Poisson
tail that PATTERN-SPLIT-ORDERS judges a window by and that the evaluation's generator labels
its splits by, and the upper confidence bound of a Poisson rate estimated from a count.

Pure arithmetic on whole numbers of units: the caller decides what a unit is (a pack of the
generator, a cell of 1/256 of a window's total in the rule), so both compute one thing.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping

# Once P(N = n) falls under this (and n is past the mean), the orders not yet counted are
# counted as reaching the total: the chance is overstated by at most their probability.
NEGLIGIBLE = 1e-12


def poisson_pmf(mean: float, count: int) -> float:
    """P(N = count) for N ~ Poisson(mean), through the log-gamma so large counts do not
    overflow."""
    if count < 0:
        return 0.0
    if mean <= 0:
        return 1.0 if count == 0 else 0.0
    return math.exp(-mean + count * math.log(mean) - math.lgamma(count + 1))


def poisson_cdf(mean: float, count: int) -> float:
    """P(N <= count) for N ~ Poisson(mean)."""
    return min(1.0, sum(poisson_pmf(mean, k) for k in range(count + 1)))


def compound_poisson_tail(mean: float, sizes: Mapping[int, float], total: int) -> float:
    """P(X_1 + ... + X_N >= total): N ~ Poisson(mean) orders in a window, each of a whole
    number of units drawn independently from `sizes` (units -> probability, summing to 1).

    Exact over whole units, by convolving the distribution of the sums still under `total`
    one order at a time; orders beyond the last one counted (P(N = n) negligible) are taken
    to reach `total`, so the chance is never understated. A total of 0 or less is always
    reached."""
    if total <= 0:
        return 1.0
    if any(size < 0 for size in sizes):
        raise ValueError("order sizes are whole units, 0 or more")
    zero = sizes.get(0, 0.0)
    if zero > 0:
        # Orders of no units never move the sum: the others arrive at a thinned rate (a
        # Poisson process thinned is Poisson), which also keeps the loop below finite.
        if zero >= 1:
            return 0.0
        mean *= 1 - zero
        sizes = {size: share / (1 - zero) for size, share in sizes.items() if size}
    below = {0: 1.0}  # sums of n orders still under `total`, and their chances
    reached = 0.0  # P(N = n and the n orders reach `total`), summed over n so far
    seen = poisson_pmf(mean, 0)  # P(N <= n)
    n = 0
    while below:
        n += 1
        after: dict[int, float] = {}
        for value, chance in below.items():
            for size, share in sizes.items():
                if value + size < total:
                    after[value + size] = after.get(value + size, 0.0) + chance * share
        below = after
        weight = poisson_pmf(mean, n)
        reached += weight * (1 - sum(below.values()))  # once reached, a sum stays reached
        seen += weight
        if n > mean and weight < NEGLIGIBLE:
            break
    # More orders than counted: reached at least as often (counted as always reached).
    return min(1.0, reached + max(0.0, 1 - seen))


@functools.lru_cache(maxsize=4096)  # the rule asks for the same few counts again and again
def poisson_upper_mean(count: int, confidence: float) -> float:
    """The exact (Garwood, 1936) one-sided upper confidence bound of a Poisson mean from an
    observed `count`: the mean m with P(N <= count | m) = 1 - confidence, which is half the
    `confidence` quantile of the chi-squared distribution with 2 * (count + 1) degrees of
    freedom. Found by bisection on the Poisson distribution function (which falls as m
    grows), to a relative 1e-12; rounded up, so the bound is never understated."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, not {confidence}")
    if count < 0:
        raise ValueError(f"a count cannot be negative: {count}")
    target = 1 - confidence
    low, high = 0.0, float(count) + 1.0
    while poisson_cdf(high, count) > target:
        low, high = high, 2 * high
    while high - low > 1e-12 * high:
        middle = (low + high) / 2
        if poisson_cdf(middle, count) > target:
            low = middle
        else:
            high = middle
    return high
