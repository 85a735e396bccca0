"""EASI against the reference cases in the assessment notes and a Monte Carlo check."""

import numpy as np
import pytest

from chemsec.science.easi import Response, Task, evaluate_path, probability_of_interruption

RFT_A = Response(mean=300.0, sd=90.0)


def case_a(door_location: str = "B", fence_p_d: float = 0.0) -> list[Task]:
    # sd left unset on purpose: Case A uses the customary sigma = 0.3 mu.
    return [
        Task("cross perimeter fence", fence_p_d, "B", 10),
        Task("move to building", 0.0, "B", 12),
        Task("penetrate door", 0.9, door_location, 90),  # type: ignore[arg-type]
        Task("move to inner area", 0.0, "B", 10),
        Task("penetrate inner door", 0.9, door_location, 90),  # type: ignore[arg-type]
        Task("task at target", 0.0, "B", 120),
    ]


@pytest.mark.parametrize(
    ("location", "fence", "expected"),
    [("B", 0.0, 0.476041), ("M", 0.0, 0.319418), ("E", 0.0, 0.185160), ("B", 0.5, 0.532744)],
)
def test_it_matches_case_a_and_its_variants(location, fence, expected):
    p_i = probability_of_interruption(case_a(location, fence), 0.95, RFT_A)
    assert p_i == pytest.approx(expected, abs=1e-6)


def test_it_matches_deterministic_case_b():
    tasks = [
        Task("t1", 0.5, "B", 30, 0.0),
        Task("t2", 0.5, "B", 30, 0.0),
        Task("t3", 0.9, "B", 60, 0.0),
        Task("t4", 0.9, "B", 60, 0.0),
        Task("t5", 0.0, "B", 60, 0.0),
    ]
    result = evaluate_path(tasks, 1.0, Response(150.0, 0.0))
    assert result.p_interruption == pytest.approx(0.975, abs=1e-6)
    # Closed form of the notes: 1 - prod over tasks up to the CDP of (1 - P(D)).
    assert result.critical_detection_point == 2
    assert result.p_interruption == pytest.approx(1 - 0.5 * 0.5 * 0.1, abs=1e-12)


@pytest.mark.parametrize(
    ("rft_mean", "rft_sd", "expected"), [(90.0, 0.0, 1.0), (110.0, 0.0, 0.0), (100.0, 10.0, 0.5)]
)
def test_it_matches_single_task_case_c(rft_mean, rft_sd, expected):
    tasks = [Task("only task", 1.0, "B", 100, 0.0)]
    assert probability_of_interruption(tasks, 1.0, Response(rft_mean, rft_sd)) == pytest.approx(
        expected, abs=1e-6
    )


def test_it_says_when_it_assumed_the_delay_sd():
    result = evaluate_path(case_a(), 0.95, RFT_A)
    assert any("0.3 x mean" in note for note in result.assumptions)
    assert evaluate_path([Task("x", 1, "B", 10, 1.0)], 1, RFT_A).assumptions[-1].find("0.3") < 0


def test_it_rejects_impossible_inputs():
    with pytest.raises(ValueError, match="p_detection"):
        Task("bad", 1.2, "B", 10)
    with pytest.raises(ValueError, match="location"):
        Task("bad", 0.2, "X", 10)  # type: ignore[arg-type]


def monte_carlo_p_i(tasks, p_c, response, n, seed):
    """Simulate the adversary timeline: first detection, then response vs time left."""
    rng = np.random.default_rng(seed)
    k = len(tasks)
    delays = np.column_stack([rng.normal(t.delay_mean, t.sd, n) for t in tasks])
    detected = np.column_stack([rng.random(n) < t.p_detection for t in tasks])
    weights = np.array([t.weight for t in tasks])
    first = np.where(detected.any(axis=1), detected.argmax(axis=1), -1)
    after = np.cumsum(delays[:, ::-1], axis=1)[:, ::-1]  # sum of delays from task i on
    after = np.column_stack([after[:, 1:], np.zeros(n)])
    left = weights * delays + after
    rows = np.arange(n)
    time_left = np.where(first >= 0, left[rows, np.clip(first, 0, k - 1)], -np.inf)
    rft = rng.normal(response.mean, response.sd, n)
    communicated = rng.random(n) < p_c
    return float(np.mean((first >= 0) & communicated & (rft < time_left)))


def test_it_agrees_with_a_monte_carlo_simulation_of_case_a():
    n = 400_000
    simulated = monte_carlo_p_i(case_a(), 0.95, RFT_A, n, seed=20240611)
    # Binomial sd is ~8e-4; 5e-3 is over 6 sd, yet far tighter than the gaps
    # between Case A's variants (0.32, 0.48, 0.53), so a wrong formula cannot pass.
    assert simulated == pytest.approx(0.476041, abs=5e-3)
