"""Risk-register writes: assessments, their lines (ratings, P_I from a protection diagram),
measures with their protection changes and what-if, and an organisation's own matrix.

A register is a part of its facility: every service asks the policy for "facility.change"
on it first (the matrix: "matrix.change" on its organisation), and writes through
`chemsec.core.writes`, one audit entry per record written, {field: [old, new]}. What a
write works out (P_I from a diagram, the measures' what-ifs, the residual P_I) is computed
before it is written, so each record is written, and audited, once.
"""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from chemsec.core.models import Organisation, User
from chemsec.core.policy import Actor, can, require
from chemsec.core.writes import write_create, write_delete, write_export, write_update
from chemsec.facilities.models import Facility, Scenario
from chemsec.protection.models import ProtectionDiagram, ProtectionDiagramVersion
from chemsec.risk.models import (
    MEASURE_FIELDS,
    Measure,
    OrganisationMatrix,
    RiskAssessment,
    RiskEntry,
    RiskMethod,
)
from chemsec.risk.selectors import measure_changes_shown

ENTRY_FIELDS = (
    "p_attack",
    "p_interruption",
    "p_neutralisation",
    "consequence",
    "inherent_likelihood",
    "inherent_consequence",
    "current_likelihood",
    "current_consequence",
    "rationale",
)


def _user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _require_editor(actor: Actor, facility: Facility) -> None:
    """A register is changed by whoever may change its facility."""
    require(actor, "facility.change", facility)


@transaction.atomic
def assessment_create(
    *, facility: Facility, actor: Actor, name: str, method: str, matrix: dict[str, Any]
) -> RiskAssessment:
    _require_editor(actor, facility)
    assessment = RiskAssessment(
        facility=facility,
        name=name,
        method=method,
        matrix=matrix if method == RiskMethod.QUALITATIVE else {},
        created_by=_user(actor),
    )
    return write_create(assessment, actor=actor)


@transaction.atomic
def entry_set(
    *, assessment: RiskAssessment, scenario: Scenario, actor: Actor, **fields: Any
) -> RiskEntry:
    """Rate one scenario in a register (created the first time, updated after).

    With ``protection_diagram`` (one of the facility's diagrams the actor may see), P_I is
    the EASI P(I) of the diagram's latest version and any typed P_I is ignored.
    """
    _require_editor(actor, assessment.facility)
    if scenario.facility_id != assessment.facility_id:
        raise ValueError("The scenario belongs to another facility.")
    entry = RiskEntry.objects.filter(assessment=assessment, scenario=scenario).first()
    entry = entry or RiskEntry(assessment=assessment, scenario=scenario)
    return _entry_save(entry, actor, fields)


@transaction.atomic
def entry_update(*, entry: RiskEntry, actor: Actor, **fields: Any) -> RiskEntry:
    """Change a register line's ratings or diagram link (its scenario stays)."""
    _require_editor(actor, entry.assessment.facility)
    fields.pop("scenario", None)
    return _entry_save(entry, actor, fields)


@transaction.atomic
def entry_recompute(*, entry: RiskEntry, actor: Actor) -> RiskEntry:
    """Take P_I again from the linked diagram's latest version, and the measures' what-ifs
    (even when P_I is from that version already: what-ifs may be missing or out of date)."""
    _require_editor(actor, entry.assessment.facility)
    if entry.protection_diagram is None:
        raise ValidationError({"protection_diagram": _("No protection diagram is linked.")})
    fields = {"protection_diagram": entry.protection_diagram}
    return _entry_save(entry, actor, fields, again=True)


@transaction.atomic
def entry_delete(*, entry: RiskEntry, actor: Actor) -> None:
    """Remove a line from a register, with its measures (each audited)."""
    _require_editor(actor, entry.assessment.facility)
    for measure in entry.measures.all():
        write_delete(measure, actor=actor)
    write_delete(entry, actor=actor)


def _entry_save(
    entry: RiskEntry, actor: Actor, fields: dict[str, Any], again: bool = False
) -> RiskEntry:
    """Set the ratings; with a ``protection_diagram`` key, link (or unlink) that diagram.

    Without the key the link stays as it is, and while a diagram is linked a typed P_I is
    ignored: an editor who may not see the diagram can change the other ratings without
    touching it. A typed P_I over one kept from a since-deleted diagram replaces it.
    The same diagram again, with P_I from its latest version, is left as it is (EASI is not
    run again for every measure) unless ``again``. A new link works out every measure's
    what-if and the residual P_I again, written with the line.
    """
    relink = "protection_diagram" in fields
    diagram = fields.pop("protection_diagram", None)
    if relink and not again and _up_to_date(entry, diagram, actor):
        relink = False
    if not relink and entry.protection_diagram_id is not None:
        fields.pop("p_interruption", None)
    relink = relink or _retyped(entry, fields)
    if relink:
        _check_relink(entry, diagram, actor)
    values = dict(fields)
    if relink:
        values |= _link_values(diagram, actor)
    after = _with(entry, values)
    _check_method(after)
    bases: dict[Measure, dict[str, Any]] = {}
    if relink:
        measures = [] if entry._state.adding else list(entry.measures.all())
        bases = _what_ifs(after, measures)
        residual = _residual(
            after,
            [_with(m, {"protection_basis": bases.get(m, m.protection_basis)}) for m in measures],
        )
        if residual is not None:
            values["residual_basis"] = residual
    if entry._state.adding:
        for name, value in values.items():
            setattr(entry, name, value)
        write_create(entry, actor=actor)
    else:
        write_update(entry, actor=actor, values=values)
    for measure, basis in bases.items():
        write_update(measure, actor=actor, values={"protection_basis": basis})
    return entry


def _with(obj: Any, values: dict[str, Any]) -> Any:
    """A copy of a record with `values` set: what it would be, to check and compute on
    before anything is written (the record itself stays as stored, for the [old, new])."""
    after = copy.copy(obj)
    for name, value in values.items():
        setattr(after, name, value)
    return after


def _up_to_date(entry: RiskEntry, diagram: ProtectionDiagram | None, actor: Actor) -> bool:
    """The diagram is the one linked, the actor may see it and P_I is from its latest version."""
    if diagram is None or diagram.pk != entry.protection_diagram_id:
        return False
    latest = diagram.versions.order_by("-number").values_list("pk", flat=True).first()
    return latest is not None and latest == entry.diagram_version_id and _sees(actor, diagram)


def _sees(actor: Actor, diagram: ProtectionDiagram) -> bool:
    return can(actor, "diagram.view", diagram)


def _sees_linked(actor: Actor, entry: RiskEntry) -> bool:
    """The actor may see the risk's linked protection diagram (trivially, if none is)."""
    diagram = entry.protection_diagram
    return diagram is None or _sees(actor, diagram)


def _retyped(entry: RiskEntry, fields: dict[str, Any]) -> bool:
    """A new typed P_I over one kept from a deleted diagram: the entry becomes typed."""
    kept = bool(entry.p_interruption_basis) and entry.protection_diagram_id is None
    return kept and fields.get("p_interruption", entry.p_interruption) != entry.p_interruption


def _check_relink(entry: RiskEntry, diagram: ProtectionDiagram | None, actor: Actor) -> None:
    """Only those who may see the linked diagram may replace or remove the link."""
    if diagram is not None and diagram.pk == entry.protection_diagram_id:
        return  # the same diagram again: `_link_values` checks the actor may see it
    if not _sees_linked(actor, entry):
        raise ValidationError(
            {
                "protection_diagram": _(
                    "The risk takes P_I from a protection diagram you may not see; only those "
                    "who may see it may change the link."
                )
            }
        )


def _link_values(diagram: ProtectionDiagram | None, actor: Actor) -> dict[str, Any]:
    """P_I from the diagram's latest version (EASI, most vulnerable path), or unlinked.

    The diagram must be the facility's (`RiskEntry.clean`) and one the actor may see.
    """
    if diagram is None:
        return {"protection_diagram": None, "diagram_version": None, "p_interruption_basis": {}}
    if not _sees(actor, diagram):
        raise ValidationError({"protection_diagram": _("No such protection diagram.")})
    version = diagram.versions.order_by("-number").first()
    if version is None:
        raise ValidationError({"protection_diagram": _("The diagram has no saved version.")})
    basis = diagram_basis(version)
    return {
        "protection_diagram": diagram,
        "diagram_version": version,
        "p_interruption_basis": basis,
        "p_interruption": basis["p_interruption"],
    }


def diagram_basis(version: ProtectionDiagramVersion) -> dict[str, Any]:
    """The EASI evaluation of one diagram version, as a register keeps it."""
    from chemsec.protection.evaluation import evaluate
    from chemsec.science.diagram_changes import path_summary

    found = evaluate(version.document, version.p_neutralisation)
    return path_summary(found.result) | {
        "diagram_id": str(version.diagram_id),
        "diagram": version.name,
        "version": version.number,
    }


def _check_method(entry: RiskEntry) -> None:
    if entry.assessment.method == RiskMethod.QUANTITATIVE:
        needed = ("p_attack", "p_interruption", "p_neutralisation", "consequence")
    else:
        needed = (
            "inherent_likelihood",
            "inherent_consequence",
            "current_likelihood",
            "current_consequence",
        )
        if entry.protection_diagram is not None:
            raise ValidationError(
                {"protection_diagram": _("Only a quantitative risk takes P_I from a diagram.")}
            )
    missing = [name for name in needed if getattr(entry, name) is None]
    if missing:
        raise ValidationError(
            {name: "This rating is needed by the assessment's method." for name in missing}
        )


def _document(entry: RiskEntry) -> dict[str, Any] | None:
    return entry.diagram_version.document if entry.diagram_version is not None else None


def _what_ifs(entry: RiskEntry, measures: list[Measure]) -> dict[Measure, dict[str, Any]]:
    """Every measure's what-if worked out again on the risk's (new) diagram version: the
    new results of those that change. Changes that no longer apply are kept, with the
    reason stored in place of a P_I."""
    from chemsec.science.diagram_what_if import basis_key, measure_basis

    document, key = _document(entry), basis_key(entry.p_interruption_basis)
    found = {}
    for measure in measures:
        old = measure.protection_basis
        basis = measure_basis(document, key, measure.protection_changes, previous=old)
        if basis != old:
            found[measure] = basis
    return found


def _residual(entry: RiskEntry, measures: list[Measure]) -> dict[str, Any] | None:
    """P_I with every measure's changes applied together, for the residual risk: the new
    result, or None when it stays as stored.

    With P_I kept from a since-deleted diagram there is no version to apply changes to:
    the stored run stays, and is read only while its measures and changes are the same.
    """
    from chemsec.science.diagram_what_if import applied_measures, basis_key, combined_basis

    document = _document(entry)
    if document is None and entry.p_interruption_basis:
        return None
    key = basis_key(entry.p_interruption_basis)
    residual = combined_basis(document, key, applied_measures(measures, key))
    return residual if residual != entry.residual_basis else None


def _residual_write(entry: RiskEntry, actor: Actor) -> None:
    """Work out the residual P_I again after a measure changed, and write it if it moved."""
    entry.refresh_from_db()
    residual = _residual(entry, list(entry.measures.all()))
    if residual is not None:
        write_update(entry, actor=actor, values={"residual_basis": residual})


@transaction.atomic
def measure_create(*, entry: RiskEntry, actor: Actor, title: str, **fields: Any) -> Measure:
    """A measure against one risk; protection changes need the actor to see its diagram."""
    _require_editor(actor, entry.assessment.facility)
    measure = Measure(entry=entry, title=title, **fields)
    measure.protection_changes = _normalised(measure.protection_changes)
    if measure.protection_changes:
        _check_protection_changes(measure, actor)
    write_create(measure, actor=actor)
    if measure.protection_changes:
        _residual_write(entry, actor)
    return measure


@transaction.atomic
def measure_update(*, measure: Measure, actor: Actor, **fields: Any) -> Measure:
    """Change a measure; the audit trail keeps each changed field as [old, new].

    Without a ``protection_changes`` key the changes stay as they are, so an editor who
    may not see the risk's diagram can change the rest; setting them, or moving a measure
    that has them to another risk, needs the actor to see the diagrams concerned.
    """
    _require_editor(actor, measure.entry.assessment.facility)
    if "protection_changes" in fields:
        fields["protection_changes"] = _normalised(fields["protection_changes"])
    values = {key: value for key, value in fields.items() if key in MEASURE_FIELDS}
    if "entry" in values:
        _require_editor(actor, values["entry"].assessment.facility)
    old_entry, old_basis = measure.entry, measure.protection_basis
    had_changes = bool(measure.protection_changes)
    # Whoever replaces or moves changes must be one who may see them as they are.
    sees_old = not had_changes or measure_changes_shown(actor, measure)
    after = _with(measure, values)
    changed = {name for name in values if _value(after, name) != _value(measure, name)}
    if not changed:
        return measure
    moved = "entry" in changed and (had_changes or bool(after.protection_changes))
    touched = moved or "protection_changes" in changed
    if touched:
        # Changes moved as they are keep naming the diagram they were written for.
        carried = old_basis if "protection_changes" not in changed else None
        _check_protection_changes(after, actor, sees_old, carried)
        values["protection_basis"] = after.protection_basis
    write_update(measure, actor=actor, values=values)
    if touched:
        for entry in {measure.entry, old_entry}:
            _residual_write(entry, actor)
    return measure


def _value(obj: Measure, name: str) -> Any:
    field = Measure._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field.value_from_object(obj)


@transaction.atomic
def measure_delete(*, measure: Measure, actor: Actor) -> None:
    entry = measure.entry
    _require_editor(actor, entry.assessment.facility)
    write_delete(measure, actor=actor)
    if measure.protection_changes:
        _residual_write(entry, actor)


def _normalised(raw: Any) -> Any:
    """Changes in the one shape they are stored in, so equal changes compare equal; input
    that does not parse is returned as it is, for validation to say what is wrong."""
    from chemsec.science.diagram_changes import parse_changes
    from chemsec.science.inputs import InputError

    try:
        return [change.as_json() for change in parse_changes(raw)]
    except InputError:
        return raw


def _check_protection_changes(
    measure: Measure,
    actor: Actor,
    sees_old: bool = True,
    carried: dict[str, Any] | None = None,
) -> None:
    """Changes need a quantitative risk linked to a diagram the actor may see, and must
    name its elements; the what-if is worked out here and kept on the measure.

    ``sees_old``: the actor may see the changes being replaced or moved. ``carried``: the
    what-if stored before, when the changes move to another risk as they are.
    Who may not see the diagrams is refused before the elements are looked up, so the
    answer tells nothing about the names in them.
    """
    from chemsec.science.diagram_what_if import basis_key, measure_basis

    entry = measure.entry
    if not (sees_old and _sees_linked(actor, entry)):
        raise ValidationError(
            {
                "protection_changes": _(
                    "Only those who may see the risk's protection diagram may propose "
                    "changes to it."
                )
            }
        )
    if not measure.protection_changes:
        measure.protection_basis = {}
        return
    if entry.assessment.method != RiskMethod.QUANTITATIVE or entry.diagram_version is None:
        raise ValidationError(
            {
                "protection_changes": _(
                    "Link the risk to a protection diagram before proposing changes to it."
                )
            }
        )
    key = basis_key(entry.p_interruption_basis)
    document = entry.diagram_version.document
    basis = measure_basis(document, key, measure.protection_changes, previous=carried)
    if basis["error"]:
        raise ValidationError({"protection_changes": basis["error"]})
    measure.protection_basis = basis


@transaction.atomic
def matrix_save(
    *, organisation: Organisation, actor: Actor, data: dict[str, Any], based_on: str
) -> OrganisationMatrix:
    """Keep an organisation's own copy of the risk matrix (validated before saving)."""
    from chemsec.science.matrices import to_lookup
    from chemsec.science.risk import validate_matrix

    require(actor, "matrix.change", organisation)
    try:
        validate_matrix(to_lookup(data))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError({"data": f"The matrix is not valid: {exc}"}) from exc
    matrix = OrganisationMatrix.objects.filter(organisation=organisation).first()
    if matrix is None:
        matrix = OrganisationMatrix(organisation=organisation, data=data, based_on=based_on)
        return write_create(matrix, actor=actor)
    return write_update(matrix, actor=actor, values={"data": data, "based_on": based_on})


@transaction.atomic
def rollup_export_rows(*, authority: Organisation, actor: User, fmt: str) -> list[list[Any]]:
    """The national roll-up's facility table as its reader may see it, for a CSV or XLSX
    file; audited as an export of the authority's roll-up."""
    from chemsec.risk.register import rollup, rollup_rows

    require(actor, "rollup.export", authority)
    rows = rollup_rows(rollup(authority, actor))
    write_export(authority, actor=actor, fmt=fmt, file=f"facility-rollup.{fmt}")
    return rows
