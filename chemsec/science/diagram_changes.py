"""Measures that change a protection diagram: element changes, applied and re-evaluated.

A change names one path element of a stored diagram document (the JSON `chemsec easi`
reads) by its element name, and by its layer name when the element name alone is
ambiguous, and gives new values for any of ``p_detection``, ``delay_mean`` and
``delay_sd``. Values are new values, not increments, so that a measure reads the same
whichever version of the diagram it is shown against ("fence P(D) 0.5 -> 0.6").

The most vulnerable path is searched again on the changed diagram: improving one
element can move the adversary to another path, and the result says which.

Pure: no Django, no I/O.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from chemsec.science.easi import METHOD
from chemsec.science.inputs import InputError, parse_diagram
from chemsec.science.paths import PathResult, most_vulnerable_path

VALUES = ("p_detection", "delay_mean", "delay_sd")


@dataclass(frozen=True)
class ElementChange:
    """New detection and/or delay values for one path element."""

    element: str
    layer: str = ""
    p_detection: float | None = None
    delay_mean: float | None = None
    delay_sd: float | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"layer": self.layer, "element": self.element}
        out.update({k: getattr(self, k) for k in VALUES if getattr(self, k) is not None})
        return out


@dataclass(frozen=True)
class ChangeEffect:
    """One change as it applies to a document: the element's values before and after."""

    layer: str
    element: str
    before: dict[str, float | None]
    after: dict[str, float | None]


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(f"{where}.{key}", "must be a string")
    return value.strip()


def _value(raw: dict[str, Any], key: str, where: str) -> float | None:
    value = raw.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{where}.{key}", f"must be a number, not {value!r}")
    if not math.isfinite(value):
        raise InputError(f"{where}.{key}", "must be a finite number")
    if value < 0 or (key == "p_detection" and value > 1):
        bounds = "between 0 and 1" if key == "p_detection" else "0 or more"
        raise InputError(f"{where}.{key}", f"must be {bounds}")
    return float(value)


def parse_change(raw: Any, where: str) -> ElementChange:
    if not isinstance(raw, dict):
        raise InputError(where, "must be an object")
    element = _text(raw, "element", where)
    if not element:
        raise InputError(f"{where}.element", "name the path element to change")
    values = {key: _value(raw, key, where) for key in VALUES}
    if all(v is None for v in values.values()):
        raise InputError(where, "give a new p_detection, delay_mean or delay_sd")
    return ElementChange(element=element, layer=_text(raw, "layer", where), **values)


def parse_changes(raw: Any, field: str = "protection_changes") -> tuple[ElementChange, ...]:
    """Changes from their JSON form; InputError names the bad field."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise InputError(field, "must be a list of changes")
    return tuple(parse_change(item, f"{field}[{i}]") for i, item in enumerate(raw))


def _same(a: Any, b: str) -> bool:
    return isinstance(a, str) and a.strip().casefold() == b.casefold()


def find_element(doc: dict[str, Any], change: ElementChange) -> tuple[int, int]:
    """(layer index, element index) of the element a change names, or InputError."""
    found = [
        (k, i)
        for k, layer in enumerate(doc.get("layers") or [])
        if not change.layer or _same(layer.get("name", f"layer {k + 1}"), change.layer)
        for i, element in enumerate(layer.get("elements") or [])
        if _same(element.get("name"), change.element)
    ]
    where = f"{change.layer} / {change.element}" if change.layer else change.element
    if not found:
        raise InputError("protection_changes", f"no path element {where!r} in the diagram")
    if len(found) > 1:
        raise InputError(
            "protection_changes", f"{where!r} names more than one element: give its layer"
        )
    return found[0]


def _values(element: dict[str, Any]) -> dict[str, float | None]:
    return {key: element.get(key) for key in VALUES}


def apply_changes(
    doc: dict[str, Any], changes: Sequence[ElementChange]
) -> tuple[dict[str, Any], tuple[ChangeEffect, ...]]:
    """A changed copy of the document, and what each change did; the input is untouched."""
    changed = copy.deepcopy(doc)
    effects = []
    for change in changes:
        k, i = find_element(changed, change)
        layer = changed["layers"][k]
        element = layer["elements"][i]
        before = _values(element)
        element.update(
            {key: getattr(change, key) for key in VALUES if getattr(change, key) is not None}
        )
        name = str(layer.get("name", f"layer {k + 1}"))
        effects.append(ChangeEffect(name, str(element["name"]), before, _values(element)))
    return changed, tuple(effects)


def path_summary(result: PathResult) -> dict[str, Any]:
    """What a register keeps of an evaluation: P(I), the path and its critical point."""
    return {
        "p_interruption": result.p_interruption,
        "path": [
            {"layer": layer, "element": task.name}
            for layer, task in zip(result.layer_names, result.tasks, strict=True)
        ],
        "critical_detection_point": result.critical_detection_point,
        "proven_minimum": result.proven_minimum,
        "method": METHOD,
    }


@dataclass(frozen=True)
class ChangedEvaluation:
    """The most vulnerable path of a diagram with a measure's changes applied."""

    effects: tuple[ChangeEffect, ...]
    result: PathResult

    @property
    def p_interruption(self) -> float:
        return self.result.p_interruption

    @property
    def summary(self) -> dict[str, Any]:
        return path_summary(self.result)


def evaluate_changed(doc: dict[str, Any], changes: Sequence[ElementChange]) -> ChangedEvaluation:
    """Apply the changes and search the most vulnerable path again (InputError if invalid)."""
    changed, effects = apply_changes(doc, changes)
    try:
        diagram = parse_diagram(changed)
    except ValueError as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError("protection_changes", str(exc)) from exc
    return ChangedEvaluation(effects, most_vulnerable_path(diagram))


def element_key(layer: str, element: str) -> str:
    """One string naming an element, as forms post it back."""
    return json.dumps([layer, element], ensure_ascii=False)


def parse_element_key(key: str) -> tuple[str, str]:
    layer, element = json.loads(key)
    return str(layer), str(element)


def element_names(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, float | None]]]:
    """(layer, element, current values) for every element, in diagram order."""
    return [
        (str(layer.get("name", f"layer {k + 1}")), str(element.get("name", "")), _values(element))
        for k, layer in enumerate(doc.get("layers") or [])
        for element in layer.get("elements") or []
    ]
