"""Evaluate a stored diagram document with the facility science (pure, no Django).

The document is the JSON `chemsec easi FILE.json` reads; the payload returned is the
CLI's, plus P(N) and P_E = P_I x P_N, so that the page, the API and the CLI agree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from chemsec.facilities.command import diagram_payload
from chemsec.science.inputs import InputError, parse_diagram
from chemsec.science.paths import Diagram, PathResult, most_vulnerable_path
from chemsec.science.risk import system_effectiveness

SCHEMA_HELP = (
    '{"p_communication": 0.95, "response": {"mean": 300, "sd": 90}, '
    '"layers": [{"name": "Perimeter", "elements": [{"name": "Fence", '
    '"p_detection": 0.5, "location": "B", "delay_mean": 10, "delay_sd": 3}]}]}'
)


@dataclass(frozen=True)
class Evaluation:
    """A diagram, its most vulnerable path and the JSON payload the CLI prints."""

    diagram: Diagram
    result: PathResult
    p_neutralisation: float
    payload: dict[str, Any]

    @property
    def svg(self) -> str:
        """The drawing, labelled in the reader's language."""
        from chemsec.protection.presenters import diagram_drawing

        return diagram_drawing(self.diagram, self.result)

    @property
    def assumptions(self) -> list[str]:
        """The assumptions, in the reader's language."""
        from chemsec.protection.presenters import evaluation_assumptions

        return evaluation_assumptions(self.result)

    @property
    def search(self) -> str:
        """How the path was found, in the reader's language."""
        from chemsec.protection.presenters import path_search_text

        return path_search_text(self.result)


def load_document(text: str) -> dict[str, Any]:
    """Parse JSON text into a diagram document; errors name the field."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError("document", f"not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    if not isinstance(doc, dict):
        raise InputError("document", "must be a JSON object")
    return doc


def check_p_neutralisation(value: Any, field: str = "p_neutralisation") -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(field, f"must be a number, not {value!r}")
    if not 0.0 <= value <= 1.0:
        raise InputError(field, "must be between 0 and 1")
    return float(value)


def validate(doc: dict[str, Any]) -> Diagram:
    """The parsed diagram, or InputError naming the bad field."""
    if "tasks" in doc:
        raise InputError("tasks", "a protection diagram needs layers, not a single path")
    return parse_diagram(doc)


def evaluate(doc: dict[str, Any], p_neutralisation: float = 1.0) -> Evaluation:
    """Most vulnerable path, CLI payload, P(N) and P_E."""
    diagram = validate(doc)
    result = most_vulnerable_path(diagram)
    payload = diagram_payload(result)
    payload["p_neutralisation"] = p_neutralisation
    payload["p_effectiveness"] = system_effectiveness(result.p_interruption, p_neutralisation)
    return Evaluation(diagram, result, p_neutralisation, payload)


def export_document(doc: dict[str, Any], p_neutralisation: float) -> dict[str, Any]:
    """The document as `chemsec easi` reads it, with P(N) alongside (the CLI ignores it)."""
    return {**doc, "p_neutralisation": p_neutralisation}
