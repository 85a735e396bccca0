"""Worked cases the science tests and the apps' tests share: Case A of the EASI notes."""

from __future__ import annotations

import copy
from typing import Any

from chemsec.science.easi import Response, Task, evaluate_path

TASKS_A = [
    ("Perimeter", "Cross perimeter fence", 0.0, 10),
    ("Protected area", "Move to building", 0.0, 12),
    ("Building", "Penetrate door", 0.9, 90),
    ("Inner area", "Move to inner area", 0.0, 10),
    ("Vault", "Penetrate inner door", 0.9, 90),
    ("Target", "Task at target", 0.0, 120),
]
CASE_A_P_I = 0.476041
FENCE = {"layer": "Perimeter", "element": "Cross perimeter fence", "p_detection": 0.5}


def case_a() -> dict[str, Any]:
    """Notes' Case A: one element per layer, sd = 0.3 mu, RFT 300 +- 90 s, P(C) 0.95."""
    return {
        "p_communication": 0.95,
        "response": {"mean": 300, "sd": 90},
        "layers": [
            {
                "name": layer,
                "elements": [
                    {"name": name, "p_detection": pd, "location": "B", "delay_mean": mu,
                     "delay_sd": 0.3 * mu}
                ],
            }
            for layer, name, pd, mu in TASKS_A
        ],
    }  # fmt: skip


def with_alternative(doc: dict[str, Any], layer: int, element: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    out["layers"][layer]["elements"].append(element)
    return out


def case_a_p_i(**changed: tuple[float, float]) -> float:
    """EASI on Case A's single path with some elements' (P(D), mean delay) replaced."""
    tasks = []
    for _layer, name, p_d, mu in TASKS_A:
        new_p_d, new_mu = changed.get(name, (p_d, mu))
        tasks.append(Task(name, new_p_d, "B", new_mu, 0.3 * mu))  # Case A's sd stays as given
    return evaluate_path(tasks, 0.95, Response(300, 90)).p_interruption
