"""Validation of EASI input documents (JSON-like dicts), with errors naming the field.

Accepted shapes: one path ``{"p_communication", "response": {"mean", "sd"},
"tasks": [task, ...]}`` or a diagram with ``"layers": [{"name", "elements":
[task, ...]}, ...]`` instead of ``"tasks"``; a task is ``{"name", "p_detection",
"location" (B/M/E), "delay_mean", "delay_sd" (optional)}``. Pure module.
"""

from __future__ import annotations

import math
from typing import Any

from chemsec.science.easi import Response, Task
from chemsec.science.paths import Diagram, Layer


class InputError(ValueError):
    """A bad field in an input document; ``field`` is its dotted path.

    ``code`` and ``params`` (when set) name the problem for pages to word in the reader's
    language; the message is the English the CLI and the API carry.
    """

    def __init__(
        self,
        field: str,
        message: str,
        code: str = "",
        params: dict[str, float | str] | None = None,
    ) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code
        self.params = dict(params or {})


def _number(doc: dict[str, Any], key: str, where: str, *, optional: bool = False) -> float | None:
    field = f"{where}.{key}" if where else key
    if key not in doc or doc[key] is None:
        if optional:
            return None
        raise InputError(field, "is required")
    value = doc[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(field, f"must be a number, not {value!r}")
    if not math.isfinite(value):
        raise InputError(field, "must be a finite number")
    if value < 0:
        raise InputError(field, "must not be negative")
    return float(value)


def _probability(doc: dict[str, Any], key: str, where: str) -> float:
    value = _number(doc, key, where)
    assert value is not None
    if value > 1:
        raise InputError(f"{where}.{key}" if where else key, "must be between 0 and 1")
    return value


def _object(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(field, "must be an object")
    return value


def _list(value: Any, field: str) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise InputError(field, "must be a non-empty list")
    return value


def parse_task(doc: Any, where: str) -> Task:
    """One task or path element."""
    doc = _object(doc, where)
    name = doc.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"{where}.name", "must be a non-empty string")
    location = doc.get("location", "B")
    if location not in ("B", "M", "E"):
        raise InputError(f"{where}.location", f"must be B, M or E, not {location!r}")
    mean = _number(doc, "delay_mean", where)
    assert mean is not None
    return Task(
        name=name.strip(),
        p_detection=_probability(doc, "p_detection", where),
        location=location,
        delay_mean=mean,
        delay_sd=_number(doc, "delay_sd", where, optional=True),
    )


def parse_common(doc: Any) -> tuple[float, Response]:
    """P(C) and the response force time."""
    doc = _object(doc, "document")
    p_c = _probability(doc, "p_communication", "")
    response = _object(doc.get("response"), "response")
    mean = _number(response, "mean", "response")
    sd = _number(response, "sd", "response", optional=True)
    assert mean is not None
    return p_c, Response(mean, sd or 0.0)


def parse_path(doc: dict[str, Any]) -> tuple[list[Task], float, Response]:
    p_c, response = parse_common(doc)
    tasks = _list(doc.get("tasks"), "tasks")
    return [parse_task(t, f"tasks[{i}]") for i, t in enumerate(tasks)], p_c, response


def parse_diagram(doc: dict[str, Any]) -> Diagram:
    p_c, response = parse_common(doc)
    layers = []
    for k, raw in enumerate(_list(doc.get("layers"), "layers")):
        where = f"layers[{k}]"
        layer = _object(raw, where)
        name = layer.get("name", f"layer {k + 1}")
        if not isinstance(name, str):
            raise InputError(f"{where}.name", "must be a string")
        elements = _list(layer.get("elements"), f"{where}.elements")
        parsed = [parse_task(e, f"{where}.elements[{i}]") for i, e in enumerate(elements)]
        layers.append(Layer(name, tuple(parsed)))
    return Diagram(tuple(layers), p_c, response)


def is_diagram(doc: Any) -> bool:
    if isinstance(doc, dict) and "layers" in doc and "tasks" in doc:
        raise InputError("document", "give either tasks (one path) or layers (a diagram)")
    return isinstance(doc, dict) and "layers" in doc
