"""Stored what-ifs of measures that change a risk's protection diagram. Pure: no Django.

A measure's protection changes are run through EASI when the measure, or its risk's
diagram link, is saved, and the result is kept on the measure; a register read takes it
as kept. EASI with its path search takes tens of milliseconds a run, and a register (or a
national roll-up of many registers) would otherwise run it for every measure on every
read.

Each stored result carries the key it was worked out for: the diagram and version the
risk's P_I came from, and the changes. A read compares the key with the risk and the
measure as they are now; a result that no longer holds is not used.

The residual risk ("with every measure") applies the changes of all the risk's measures
together in one run, in the order the measures were added, so that a later measure's
value for an element wins over an earlier one's; it is stored on the risk the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple, Protocol

from chemsec.science.diagram_changes import ChangeEffect, evaluate_changed, parse_changes
from chemsec.science.inputs import InputError

# Stored instead of a message when the risk has no diagram version to apply changes to;
# the page translates it. Other errors name the element and are shown only to those who
# may see the diagram.
NOT_LINKED = "not_linked"
KEY = ("diagram_id", "version")


def basis_key(entry_basis: Mapping[str, Any] | None) -> dict[str, Any]:
    """The diagram and version a risk's P_I came from (both None for a typed P_I)."""
    entry_basis = entry_basis or {}
    return {name: entry_basis.get(name) for name in KEY}


def _holds(stored: Mapping[str, Any], key: Mapping[str, Any]) -> bool:
    return bool(stored) and all(stored.get(name) == key.get(name) for name in KEY)


def _effect(effect: ChangeEffect) -> dict[str, Any]:
    return {
        "layer": effect.layer,
        "element": effect.element,
        "before": dict(effect.before),
        "after": dict(effect.after),
    }


def measure_basis(
    document: Mapping[str, Any] | None,
    key: Mapping[str, Any],
    changes: Sequence[Any],
    previous: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """EASI on the risk's diagram version with one measure's changes, as a measure keeps it.

    ``p_interruption`` is None and ``error`` says why when the changes cannot be applied.
    ``previous`` is the stored result when the changes stay and the risk's diagram link
    changed: the diagram they were written for is carried as ``written_for``, as their
    element names are that diagram's, to be shown only to those who may see it.
    """
    if not changes:
        return {}
    stored: dict[str, Any] = {**key, "changes": list(changes), "error": ""}
    previous = previous or {}
    carried = previous.get("written_for") or previous.get("diagram_id")
    if carried and carried != key.get("diagram_id"):
        stored["written_for"] = carried
    if document is None:
        return stored | {"p_interruption": None, "error": NOT_LINKED}
    try:
        found = evaluate_changed(dict(document), parse_changes(list(changes)))
    except InputError as exc:
        return stored | {"p_interruption": None, "error": str(exc)}
    return stored | found.summary | {"effects": [_effect(e) for e in found.effects]}


def written_for(stored: Mapping[str, Any]) -> str | None:
    """The diagram a measure's changes were written for, when not the risk's diagram now."""
    value = stored.get("written_for")
    return str(value) if value else None


def measure_holds(
    stored: Mapping[str, Any], key: Mapping[str, Any], changes: Sequence[Any]
) -> bool:
    """The stored result was worked out for these changes on this diagram version."""
    return _holds(stored, key) and stored.get("changes") == list(changes)


class StoredMeasure(Protocol):
    """What the residual risk reads of a measure (a `Measure` row)."""

    @property
    def pk(self) -> Any: ...
    @property
    def created_at(self) -> Any: ...
    @property
    def protection_changes(self) -> Any: ...
    @property
    def protection_basis(self) -> Any: ...


class Applied(NamedTuple):
    """A measure whose stored what-if counts for the residual risk."""

    pk: Any
    changes: list[Any]
    p_interruption: float


def applied_measures(measures: Iterable[StoredMeasure], key: Mapping[str, Any]) -> list[Applied]:
    """The measures with changes whose stored what-if holds for the risk's diagram version
    and gives a P_I, in the order they were added (a later one's value for an element wins).
    """
    applied = []
    for measure in sorted(measures, key=lambda m: (m.created_at, m.pk)):
        changes, stored = measure.protection_changes, measure.protection_basis or {}
        if changes and measure_holds(stored, key, changes):
            p_i = stored.get("p_interruption")
            if isinstance(p_i, int | float):
                applied.append(Applied(measure.pk, list(changes), float(p_i)))
    return applied


def _ids_and_changes(applied: Sequence[Applied]) -> tuple[list[str], list[Any]]:
    ids = [str(pk) for pk, _changes, _p_i in applied]
    return ids, [change for _pk, listed, _p_i in applied for change in listed]


def combined_basis(
    document: Mapping[str, Any] | None, key: Mapping[str, Any], applied: Sequence[Applied]
) -> dict[str, Any]:
    """EASI with the changes of every applied measure at once, in order.

    Only needed for two or more measures; empty when the changes cannot be applied
    together, and the residual risk then falls back to the best single measure.
    """
    if len(applied) < 2 or document is None:
        return {}
    ids, changes = _ids_and_changes(applied)
    try:
        found = evaluate_changed(dict(document), parse_changes(changes))
    except InputError:
        return {}
    return {**key, "measures": ids, "changes": changes, "p_interruption": found.p_interruption}


def combined_p_interruption(
    stored: Mapping[str, Any], key: Mapping[str, Any], applied: Sequence[Applied]
) -> float | None:
    """P_I with every applied measure together, if known.

    One measure is its own result; for more, the stored combined run if it was worked out
    for exactly these measures and changes on this version, else None.
    """
    if not applied:
        return None
    if len(applied) == 1:
        return applied[0].p_interruption
    ids, changes = _ids_and_changes(applied)
    if _holds(stored, key) and stored.get("measures") == ids and stored.get("changes") == changes:
        value = stored.get("p_interruption")
        return float(value) if isinstance(value, int | float) else None
    return None
