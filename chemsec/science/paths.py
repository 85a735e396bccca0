"""Adversary sequence diagrams and the most vulnerable path through them.

A diagram is an ordered list of protection layers from off-site to the target;
the adversary crosses each layer through exactly one of its alternative path
elements (fence or gate, door or wall, ...). Every combination is a path, and
the most vulnerable path is the one with the lowest EASI P(I) (Garcia 2008, ch. 13).

Small diagrams are enumerated. Larger ones are searched: the notes' weighting
(``-ln(1 - P(D))`` on elements before the critical detection point, found from
the minimum remaining delay computed backwards from the target) gives a first
path and the order in which alternatives are tried; a branch-and-bound over the
layers, pruned by a lower bound on P(I), then proves or improves it. The result
is the true minimum unless the node limit is reached, and the result says which.

Pure: no Django, no I/O.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from chemsec.science.easi import (
    EasiResult,
    Response,
    Task,
    evaluate_path,
    p_response_in_time,
    with_more_delay,
    with_more_detection,
)
from chemsec.science.notes import Note

ENUMERATION_LIMIT = 4096
NODE_LIMIT = 200_000
DETECTION_STEP = 0.1
DELAY_STEP_S = 30.0


@dataclass(frozen=True)
class Layer:
    """A protection layer: the alternative elements an adversary may cross it by."""

    name: str
    elements: tuple[Task, ...]

    def __post_init__(self) -> None:
        if not self.elements:
            raise ValueError(f"layer {self.name!r} has no path elements")


@dataclass(frozen=True)
class Diagram:
    """An adversary sequence diagram with the response it is evaluated against."""

    layers: tuple[Layer, ...]
    p_communication: float
    response: Response

    def __post_init__(self) -> None:
        if not self.layers:
            raise ValueError("a diagram needs at least one layer")

    @property
    def path_count(self) -> int:
        return math.prod(len(layer.elements) for layer in self.layers)

    def path(self, choice: Sequence[int]) -> tuple[Task, ...]:
        return tuple(layer.elements[i] for layer, i in zip(self.layers, choice, strict=True))


@dataclass(frozen=True)
class SensitivityRow:
    """Change in path P(I) from improving one element of the path."""

    layer: str
    element: str
    p_detection: float
    delay_mean: float
    delta_p_i_detection: float
    delta_p_i_delay: float


@dataclass(frozen=True)
class PathResult:
    """The most vulnerable path, its EASI evaluation and how it was found."""

    choice: tuple[int, ...]
    layer_names: tuple[str, ...]
    tasks: tuple[Task, ...]
    easi: EasiResult
    sensitivity: tuple[SensitivityRow, ...]
    search: str
    proven_minimum: bool
    paths_evaluated: int
    assumptions: tuple[str, ...] = field(default_factory=tuple)
    notes: tuple[Note, ...] = ()  # the assumptions as codes, for pages (science/notes.py)

    @property
    def p_interruption(self) -> float:
        return self.easi.p_interruption

    @property
    def critical_detection_point(self) -> dict[str, str] | None:
        index = self.easi.critical_detection_point
        if index is None:
            return None
        return {"layer": self.layer_names[index], "element": self.tasks[index].name}


def enumerate_paths(diagram: Diagram) -> Iterator[tuple[int, ...]]:
    """Every path, as the index of the element chosen in each layer."""
    return itertools.product(*(range(len(layer.elements)) for layer in diagram.layers))


def _path_p_i(diagram: Diagram, choice: Sequence[int]) -> float:
    return evaluate_path(
        diagram.path(choice), diagram.p_communication, diagram.response
    ).p_interruption


def _min_remaining_delay(diagram: Diagram) -> list[float]:
    """Shortest mean delay from the end of each layer to the target."""
    after = [0.0] * len(diagram.layers)
    for k in range(len(diagram.layers) - 2, -1, -1):
        nxt = diagram.layers[k + 1]
        after[k] = after[k + 1] + min(e.delay_mean for e in nxt.elements)
    return after


def element_weights(diagram: Diagram) -> list[list[float]]:
    """``-ln(1 - P(D))`` for elements before the critical detection point, else 0.

    An element is before the CDP when, even on the quickest continuation to the
    target, the mean time left after detection there is at least the mean RFT.
    """
    after = _min_remaining_delay(diagram)
    weights: list[list[float]] = []
    for layer, rest in zip(diagram.layers, after, strict=True):
        row = []
        for e in layer.elements:
            timely = e.weight * e.delay_mean + rest >= diagram.response.mean
            p_d = min(e.p_detection, 1.0 - 1e-15)
            row.append(-math.log1p(-p_d) if timely else 0.0)
        weights.append(row)
    return weights


def _element_order(diagram: Diagram) -> list[list[int]]:
    """Alternatives per layer, most promising for the adversary first."""
    order = []
    for layer, w in zip(diagram.layers, element_weights(diagram), strict=True):
        keys = {i: (w[i], e.delay_mean) for i, e in enumerate(layer.elements)}
        order.append(sorted(keys, key=keys.__getitem__))
    return order


def weighted_shortest_path(diagram: Diagram) -> tuple[int, ...]:
    """The path of least total weight (ties: least delay).

    Every element of a layer connects to every element of the next, so the
    shortest path through the layered graph takes the lightest element per layer.
    """
    return tuple(order[0] for order in _element_order(diagram))


@dataclass
class _Bounds:
    """Per-layer suffix sums that bound what the unchosen layers can contribute."""

    min_mean: list[float]
    min_var: list[float]
    max_var: list[float]

    @classmethod
    def of(cls, diagram: Diagram) -> _Bounds:
        n = len(diagram.layers)
        b = cls([0.0] * (n + 1), [0.0] * (n + 1), [0.0] * (n + 1))
        for k in range(n - 1, -1, -1):
            elements = diagram.layers[k].elements
            b.min_mean[k] = b.min_mean[k + 1] + min(e.delay_mean for e in elements)
            b.min_var[k] = b.min_var[k + 1] + min(e.sd**2 for e in elements)
            b.max_var[k] = b.max_var[k + 1] + max(e.sd**2 for e in elements)
        return b


def _lower_bound(diagram: Diagram, prefix: Sequence[Task], bounds: _Bounds) -> float:
    """A value no completion of ``prefix`` can go below.

    Later detections only add to P(I), so they are dropped; for the prefix, the
    time left is smallest on the quickest completion, and the response term is
    monotone in the variance, so its minimum is at one end of the possible range.
    """
    k = len(prefix)
    total = 0.0
    p_undetected = 1.0
    after_mean = bounds.min_mean[k]
    after_var = 0.0
    tail: list[tuple[float, float]] = []
    for task in reversed(prefix):
        tail.append(
            (task.weight * task.delay_mean + after_mean, task.weight**2 * task.sd**2 + after_var)
        )
        after_mean += task.delay_mean
        after_var += task.sd**2
    tail.reverse()
    for task, (mean, var) in zip(prefix, tail, strict=True):
        low = min(
            p_response_in_time(mean, var + bounds.min_var[k], diagram.response),
            p_response_in_time(mean, var + bounds.max_var[k], diagram.response),
        )
        total += task.p_detection * p_undetected * low
        p_undetected *= 1.0 - task.p_detection
    return diagram.p_communication * total


@dataclass
class _Search:
    diagram: Diagram
    order: list[list[int]]
    bounds: _Bounds
    best_choice: tuple[int, ...]
    best_value: float
    node_limit: int
    nodes: int = 0
    leaves: int = 0
    stopped: bool = False

    def run(self, prefix: list[int]) -> None:
        if self.nodes >= self.node_limit:
            self.stopped = True
            return
        self.nodes += 1
        k = len(prefix)
        if k == len(self.diagram.layers):
            self.leaves += 1
            value = _path_p_i(self.diagram, prefix)
            if value < self.best_value:
                self.best_value, self.best_choice = value, tuple(prefix)
            return
        for i in self.order[k]:
            prefix.append(i)
            tasks = self._tasks(prefix)
            if _lower_bound(self.diagram, tasks, self.bounds) < self.best_value:
                self.run(prefix)
            prefix.pop()

    def _tasks(self, prefix: Sequence[int]) -> list[Task]:
        return [self.diagram.layers[k].elements[i] for k, i in enumerate(prefix)]


def search_minimum(
    diagram: Diagram, node_limit: int = NODE_LIMIT
) -> tuple[tuple[int, ...], int, bool]:
    """Branch-and-bound for the lowest-P(I) path, seeded by the weighted path.

    Returns (choice, paths evaluated, proven minimum).
    """
    seed = weighted_shortest_path(diagram)
    search = _Search(
        diagram=diagram,
        order=_element_order(diagram),
        bounds=_Bounds.of(diagram),
        best_choice=seed,
        best_value=_path_p_i(diagram, seed),
        node_limit=node_limit,
    )
    search.run([])
    return search.best_choice, search.leaves + 1, not search.stopped


def enumerate_minimum(diagram: Diagram) -> tuple[int, ...]:
    """The lowest-P(I) path by trying every path (first one on ties)."""
    return min(enumerate_paths(diagram), key=lambda choice: _path_p_i(diagram, choice))


def sensitivity_table(
    tasks: Sequence[Task],
    layer_names: Sequence[str],
    p_communication: float,
    response: Response,
) -> tuple[SensitivityRow, ...]:
    """Change in P(I) for +0.1 P(D) (capped at 1) or +30 s delay at each element."""
    base = evaluate_path(tasks, p_communication, response).p_interruption
    rows = []
    for index, (task, layer) in enumerate(zip(tasks, layer_names, strict=True)):

        def changed(new: Task, index: int = index) -> float:
            path = [*tasks[:index], new, *tasks[index + 1 :]]
            return evaluate_path(path, p_communication, response).p_interruption - base

        rows.append(
            SensitivityRow(
                layer=layer,
                element=task.name,
                p_detection=task.p_detection,
                delay_mean=task.delay_mean,
                delta_p_i_detection=changed(with_more_detection(task, DETECTION_STEP)),
                delta_p_i_delay=changed(with_more_delay(task, DELAY_STEP_S)),
            )
        )
    return tuple(rows)


SENSITIVITY_HELD = Note(
    "sensitivity_held",
    "sensitivity: path held fixed; +0.1 P(D) capped at 1, +30 s mean delay",
)
ENUMERATION = "enumeration of every path"
BRANCH_AND_BOUND = "branch and bound seeded by the -ln(1 - P(D)) weighted shortest path"


def most_vulnerable_path(
    diagram: Diagram,
    *,
    enumeration_limit: int = ENUMERATION_LIMIT,
    node_limit: int = NODE_LIMIT,
) -> PathResult:
    """Find the path with the lowest P(I) and explain it."""
    if diagram.path_count <= enumeration_limit:
        choice = enumerate_minimum(diagram)
        how, proven, evaluated = ENUMERATION, True, diagram.path_count
    else:
        choice, evaluated, proven = search_minimum(diagram, node_limit)
        how = BRANCH_AND_BOUND
    tasks = diagram.path(choice)
    names = tuple(layer.name for layer in diagram.layers)
    easi = evaluate_path(tasks, diagram.p_communication, diagram.response)
    notes = list(easi.notes)
    if not proven:
        english = (
            "search stopped at {node_limit} nodes: this path's P(I) is an upper bound "
            "on the lowest P(I) in the diagram"
        )
        notes.append(Note("search_stopped", english, (("node_limit", node_limit),)))
    notes.append(SENSITIVITY_HELD)
    return PathResult(
        choice=tuple(choice),
        layer_names=names,
        tasks=tasks,
        easi=easi,
        sensitivity=sensitivity_table(tasks, names, diagram.p_communication, diagram.response),
        search=how,
        proven_minimum=proven,
        paths_evaluated=evaluated,
        assumptions=tuple(note.text for note in notes),
        notes=tuple(notes),
    )
