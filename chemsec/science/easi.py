"""Probability of interruption on one adversary path (Sandia EASI).

Method: Estimate of Adversary Sequence Interruption, as written in M. L. Garcia,
*The Design and Evaluation of Physical Protection Systems* (2nd ed., 2008), ch. 13,
and summarised in ``../shared/notes/assessment.md``:

* first detection at task i: ``P(D_i) * prod_{j<i} (1 - P(D_j))``;
* time left after detection at i: ``T_i = w_i mu_i + sum_{k>i} mu_k`` with
  ``w = 1, 0.5, 0`` for detection at the beginning, middle or end of the task, and
  ``Var(T_i) = w_i^2 sigma_i^2 + sum_{k>i} sigma_k^2``;
* response in time: ``Phi((T_i - mu_R) / sqrt(Var(T_i) + sigma_R^2))``;
* ``P(I) = P(C) * sum_i P_first(i) * P(R | D_i)``.

Pure: no Django, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from scipy.special import ndtr  # the standard normal CDF behind scipy.stats.norm.cdf

from chemsec.science.notes import Note

Location = Literal["B", "M", "E"]

LOCATION_WEIGHT: dict[str, float] = {"B": 1.0, "M": 0.5, "E": 0.0}
DEFAULT_SD_FRACTION = 0.3
#: Which "not yet alarmed" factor this EASI uses (public implementations differ).
NOT_YET_ALARMED = (
    "'not yet alarmed' before task i is the product of 1 - P(D_j) over the earlier tasks and "
    "P(C) multiplies the sum once (docs/science.md section 1, after Garcia 2008, ch. 13): a "
    "detection whose alarm is not communicated ends the chance of interruption; "
    "implementations that use 1 - P(D_j) P(C) instead give a higher P(I) whenever P(C) < 1 "
    "(Case A: 0.4832 against 0.4760)"
)
METHOD = "EASI (Estimate of Adversary Sequence Interruption)"
SOURCE = (
    "M. L. Garcia, The Design and Evaluation of Physical Protection Systems, 2nd ed. "
    "(Butterworth-Heinemann, 2008), ch. 13; equations as in docs/science.md"
)


@dataclass(frozen=True)
class Task:
    """One adversary task (or path element): detection and delay it offers."""

    name: str
    p_detection: float
    location: Location
    delay_mean: float
    delay_sd: float | None = None

    def __post_init__(self) -> None:
        if not 0.0 <= self.p_detection <= 1.0:
            raise ValueError(f"{self.name}: p_detection must be between 0 and 1")
        if self.location not in LOCATION_WEIGHT:
            raise ValueError(f"{self.name}: location must be B, M or E")
        if self.delay_mean < 0:
            raise ValueError(f"{self.name}: delay_mean must not be negative")
        if self.delay_sd is not None and self.delay_sd < 0:
            raise ValueError(f"{self.name}: delay_sd must not be negative")

    @property
    def sd(self) -> float:
        """The delay sd, or the customary 0.3 x mean when it was not given."""
        if self.delay_sd is None:
            return DEFAULT_SD_FRACTION * self.delay_mean
        return self.delay_sd

    @property
    def weight(self) -> float:
        return LOCATION_WEIGHT[self.location]


@dataclass(frozen=True)
class Response:
    """Response force time: mean and standard deviation in seconds."""

    mean: float
    sd: float = 0.0

    def __post_init__(self) -> None:
        if self.mean < 0 or self.sd < 0:
            raise ValueError("response mean and sd must not be negative")


@dataclass(frozen=True)
class TaskResult:
    """What EASI says about detection at one task."""

    name: str
    p_first_detection: float
    time_remaining_mean: float
    time_remaining_sd: float
    p_response_in_time: float
    contribution: float


@dataclass(frozen=True)
class EasiResult:
    """P(I) for a path, per-task terms, and how it was obtained."""

    p_interruption: float
    tasks: tuple[TaskResult, ...]
    critical_detection_point: int | None
    assumptions: tuple[str, ...]
    method: str = METHOD
    source: str = SOURCE
    notes: tuple[Note, ...] = ()  # the assumptions as codes, for pages (science/notes.py)


def p_response_in_time(time_mean: float, time_var: float, response: Response) -> float:
    """Probability that the response arrives before the adversary finishes."""
    total_var = time_var + response.sd**2
    margin = time_mean - response.mean
    if total_var == 0.0:
        # Deterministic limit: interruption only if strictly more time than the RFT.
        return 1.0 if margin > 0 else 0.0
    return float(ndtr(margin / math.sqrt(total_var)))


def remaining_times(tasks: Sequence[Task]) -> list[tuple[float, float]]:
    """(mean, variance) of the adversary time left after detection at each task."""
    out: list[tuple[float, float]] = []
    after_mean = 0.0
    after_var = 0.0
    for task in reversed(tasks):
        w = task.weight
        out.append((w * task.delay_mean + after_mean, w**2 * task.sd**2 + after_var))
        after_mean += task.delay_mean
        after_var += task.sd**2
    out.reverse()
    return out


def critical_detection_point(tasks: Sequence[Task], response: Response) -> int | None:
    """Index of the last task where the mean time left is at least the mean RFT.

    Detection after this point is, on average, too late: it is the CDP of Garcia's
    timely-detection argument. None when no detection on the path is timely.
    """
    cdp: int | None = None
    for index, (mean, _var) in enumerate(remaining_times(tasks)):
        if mean >= response.mean:
            cdp = index
    return cdp


INDEPENDENT = Note(
    "independent_normal",
    "delays are independent and normally distributed; detection probabilities are independent",
)
NOT_YET_ALARMED_NOTE = Note("not_yet_alarmed", NOT_YET_ALARMED)
FOLDED = Note(
    "assessment_folded", "assessment and communication of each alarm are folded into P(D) and P(C)"
)


def _notes(tasks: Sequence[Task]) -> tuple[Note, ...]:
    notes = [INDEPENDENT, NOT_YET_ALARMED_NOTE, FOLDED]
    defaulted = [t.name for t in tasks if t.delay_sd is None]
    if defaulted:
        english = "delay sd not given, taken as 0.3 x mean (customary practice) for: {tasks}"
        notes.append(Note("delay_sd_defaulted", english, (("tasks", tuple(defaulted)),)))
    return tuple(notes)


def evaluate_path(tasks: Sequence[Task], p_communication: float, response: Response) -> EasiResult:
    """Run EASI on an ordered adversary path."""
    if not tasks:
        raise ValueError("a path needs at least one task")
    if not 0.0 <= p_communication <= 1.0:
        raise ValueError("p_communication must be between 0 and 1")
    notes = _notes(tasks)
    results: list[TaskResult] = []
    p_undetected = 1.0
    total = 0.0
    for task, (t_mean, t_var) in zip(tasks, remaining_times(tasks), strict=True):
        p_first = task.p_detection * p_undetected
        p_resp = p_response_in_time(t_mean, t_var, response)
        contribution = p_communication * p_first * p_resp
        total += contribution
        results.append(
            TaskResult(task.name, p_first, t_mean, math.sqrt(t_var), p_resp, contribution)
        )
        p_undetected *= 1.0 - task.p_detection
    return EasiResult(
        p_interruption=total,
        tasks=tuple(results),
        critical_detection_point=critical_detection_point(tasks, response),
        assumptions=tuple(note.text for note in notes),
        notes=notes,
    )


def probability_of_interruption(
    tasks: Sequence[Task], p_communication: float, response: Response
) -> float:
    """P(I) alone, for callers that need only the number."""
    return evaluate_path(tasks, p_communication, response).p_interruption


def with_more_detection(task: Task, step: float = 0.1) -> Task:
    """The task with P(D) raised by ``step``, capped at 1."""
    return replace(task, p_detection=min(1.0, task.p_detection + step))


def with_more_delay(task: Task, seconds: float = 30.0) -> Task:
    """The task with ``seconds`` more mean delay (a defaulted sd scales with it)."""
    return replace(task, delay_mean=task.delay_mean + seconds)
