"""Risk-register writes: assessments, their lines (ratings, P_I from a protection diagram),
measures with their protection changes and what-if, and an organisation's own matrix."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chemsec.core.choices import AuditAction
from chemsec.core.models import Organisation, User
from chemsec.facilities.auditing import apply_fields, created, differences, jsonable
from chemsec.facilities.models import Facility, Scenario
from chemsec.facilities.services import record
from chemsec.protection.models import ProtectionDiagram, ProtectionDiagramVersion
from chemsec.protection.selectors import diagrams_visible_to
from chemsec.risk.models import (
    MEASURE_FIELDS,
    Measure,
    OrganisationMatrix,
    RiskAssessment,
    RiskEntry,
    RiskMethod,
)
from chemsec.risk.selectors import sees_diagram, sees_measure_changes

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


def _organisation(entry: RiskEntry) -> Organisation:
    return entry.assessment.facility.organisation


@transaction.atomic
def assessment_create(
    *, facility: Facility, actor: User, name: str, method: str, matrix: dict[str, Any]
) -> RiskAssessment:
    assessment = RiskAssessment(
        facility=facility,
        name=name,
        method=method,
        matrix=matrix if method == RiskMethod.QUALITATIVE else {},
        created_by=actor,
    )
    assessment.full_clean()
    assessment.save()
    record(
        assessment,
        actor,
        AuditAction.CREATE,
        facility.organisation,
        {"name": name, "method": method},
    )
    return assessment


@transaction.atomic
def entry_set(
    *, assessment: RiskAssessment, scenario: Scenario, actor: User, **fields: Any
) -> RiskEntry:
    """Rate one scenario in a register (created the first time, updated after).

    With ``protection_diagram`` (one of the facility's diagrams the actor may see), P_I is
    the EASI P(I) of the diagram's latest version and any typed P_I is ignored.
    """
    if scenario.facility_id != assessment.facility_id:
        raise ValueError("The scenario belongs to another facility.")
    entry = RiskEntry.objects.filter(assessment=assessment, scenario=scenario).first()
    action = AuditAction.UPDATE if entry else AuditAction.CREATE
    entry = entry or RiskEntry(assessment=assessment, scenario=scenario)
    return _entry_save(entry, actor, action, fields)


@transaction.atomic
def entry_update(*, entry: RiskEntry, actor: User, **fields: Any) -> RiskEntry:
    """Change a register line's ratings or diagram link (its scenario stays)."""
    fields.pop("scenario", None)
    return _entry_save(entry, actor, AuditAction.UPDATE, fields)


@transaction.atomic
def entry_recompute(*, entry: RiskEntry, actor: User) -> RiskEntry:
    """Take P_I again from the linked diagram's latest version, and the measures' what-ifs
    (even when P_I is from that version already: what-ifs may be missing or out of date)."""
    if entry.protection_diagram is None:
        raise ValidationError({"protection_diagram": _("No protection diagram is linked.")})
    fields = {"protection_diagram": entry.protection_diagram}
    return _entry_save(entry, actor, AuditAction.UPDATE, fields, again=True)


@transaction.atomic
def entry_delete(*, entry: RiskEntry, actor: User) -> None:
    """Remove a line from a register, with its measures."""
    changes = {"scenario": entry.scenario.name, "measures": entry.measures.count()}
    record(entry, actor, AuditAction.DELETE, _organisation(entry), changes)
    entry.delete()


def _entry_save(
    entry: RiskEntry, actor: User, action: str, fields: dict[str, Any], again: bool = False
) -> RiskEntry:
    """Set the ratings; with a ``protection_diagram`` key, link (or unlink) that diagram.

    Without the key the link stays as it is, and while a diagram is linked a typed P_I is
    ignored: an editor who may not see the diagram can change the other ratings without
    touching it. A typed P_I over one kept from a since-deleted diagram replaces it.
    The same diagram again, with P_I from its latest version, is left as it is (EASI is not
    run again for every measure) unless ``again``.
    """
    relink = "protection_diagram" in fields
    diagram = fields.pop("protection_diagram", None)
    if relink and not again and _up_to_date(entry, diagram, actor):
        relink = False
    if not relink and entry.protection_diagram_id is not None:
        fields.pop("p_interruption", None)
    relink = relink or _retyped(entry, fields)
    before = _entry_state(entry)
    if relink:
        _check_relink(entry, diagram, actor)
    for key, value in fields.items():
        setattr(entry, key, value)
    if relink:
        _link_diagram(entry, diagram, actor)
    _check_method(entry)
    entry.full_clean()
    entry.save()
    if relink:
        _what_ifs_refresh(entry)
    changes = differences(before, _entry_state(entry))
    if action == AuditAction.CREATE:
        changes = created(changes)
    if changes:
        record(entry, actor, action, _organisation(entry), changes)
    return entry


def _up_to_date(entry: RiskEntry, diagram: ProtectionDiagram | None, actor: User) -> bool:
    """The diagram is the one linked, the actor may see it and P_I is from its latest version."""
    if diagram is None or diagram.pk != entry.protection_diagram_id:
        return False
    latest = diagram.versions.order_by("-number").values_list("pk", flat=True).first()
    return latest is not None and latest == entry.diagram_version_id and _sees(actor, diagram)


def _sees(actor: User, diagram: ProtectionDiagram) -> bool:
    return diagrams_visible_to(actor).filter(pk=diagram.pk).exists()


def _retyped(entry: RiskEntry, fields: dict[str, Any]) -> bool:
    """A new typed P_I over one kept from a deleted diagram: the entry becomes typed."""
    kept = bool(entry.p_interruption_basis) and entry.protection_diagram_id is None
    return kept and fields.get("p_interruption", entry.p_interruption) != entry.p_interruption


def _entry_state(entry: RiskEntry) -> dict[str, Any]:
    """What an entry's audit record compares: its ratings and where P_I comes from."""
    state = {name: getattr(entry, name) for name in ENTRY_FIELDS}
    diagram = entry.protection_diagram_id
    return state | {
        "protection_diagram": str(diagram) if diagram else None,
        "diagram_version": (entry.p_interruption_basis or {}).get("version"),
    }


def _check_relink(entry: RiskEntry, diagram: ProtectionDiagram | None, actor: User) -> None:
    """Only those who may see the linked diagram may replace or remove the link."""
    if diagram is not None and diagram.pk == entry.protection_diagram_id:
        return  # the same diagram again: `_link_diagram` checks the actor may see it
    if not sees_diagram(actor, entry):
        raise ValidationError(
            {
                "protection_diagram": _(
                    "The risk takes P_I from a protection diagram you may not see; only those "
                    "who may see it may change the link."
                )
            }
        )


def _link_diagram(entry: RiskEntry, diagram: ProtectionDiagram | None, actor: User) -> None:
    """P_I from the diagram's latest version (EASI, most vulnerable path), or unlink.

    The diagram must be the facility's (`RiskEntry.clean`) and one the actor may see.
    """
    entry.protection_diagram = diagram
    if diagram is None:
        entry.diagram_version = None
        entry.p_interruption_basis = {}
        return
    if not _sees(actor, diagram):
        raise ValidationError({"protection_diagram": _("No such protection diagram.")})
    version = diagram.versions.order_by("-number").first()
    if version is None:
        raise ValidationError({"protection_diagram": _("The diagram has no saved version.")})
    entry.diagram_version = version
    entry.p_interruption_basis = diagram_basis(version)
    entry.p_interruption = entry.p_interruption_basis["p_interruption"]


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


def _what_ifs_refresh(entry: RiskEntry) -> None:
    """Work out every measure's what-if again on the risk's (new) diagram version.

    Changes that no longer apply are kept, with the reason stored in place of a P_I.
    """
    from chemsec.science.diagram_what_if import basis_key, measure_basis

    document, key = _document(entry), basis_key(entry.p_interruption_basis)
    for measure in entry.measures.all():
        old = measure.protection_basis
        basis = measure_basis(document, key, measure.protection_changes, previous=old)
        if basis != measure.protection_basis:
            Measure.objects.filter(pk=measure.pk).update(protection_basis=basis)
    _residual_refresh(entry)


def _residual_refresh(entry: RiskEntry) -> None:
    """P_I with every measure's changes applied together, for the residual risk.

    With P_I kept from a since-deleted diagram there is no version to apply changes to:
    the stored run stays, and is read only while its measures and changes are the same.
    """
    from chemsec.science.diagram_what_if import applied_measures, basis_key, combined_basis

    document = _document(entry)
    if document is None and entry.p_interruption_basis:
        return
    key = basis_key(entry.p_interruption_basis)
    residual = combined_basis(document, key, applied_measures(entry.measures.all(), key))
    if residual != entry.residual_basis:
        RiskEntry.objects.filter(pk=entry.pk).update(residual_basis=residual)
        entry.residual_basis = residual


@transaction.atomic
def measure_create(*, entry: RiskEntry, actor: User, title: str, **fields: Any) -> Measure:
    """A measure against one risk; protection changes need the actor to see its diagram."""
    measure = Measure(entry=entry, title=title, **fields)
    measure.protection_changes = _normalised(measure.protection_changes)
    if measure.protection_changes:
        _check_protection_changes(measure, actor)
    measure.full_clean()
    measure.save()
    if measure.protection_changes:
        _residual_refresh(entry)
    changes = {"title": title, **fields, "protection_changes": measure.protection_changes}
    values = {key: jsonable(value) for key, value in changes.items()}
    record(measure, actor, AuditAction.CREATE, _organisation(entry), values)
    return measure


@transaction.atomic
def measure_update(*, measure: Measure, actor: User, **fields: Any) -> Measure:
    """Change a measure; the audit trail keeps each changed field as [old, new].

    Without a ``protection_changes`` key the changes stay as they are, so an editor who
    may not see the risk's diagram can change the rest; setting them, or moving a measure
    that has them to another risk, needs the actor to see the diagrams concerned.
    """
    if "protection_changes" in fields:
        fields["protection_changes"] = _normalised(fields["protection_changes"])
    old_entry, old_basis = measure.entry, measure.protection_basis
    had_changes = bool(measure.protection_changes)
    # Whoever replaces or moves changes must be one who may see them as they are.
    sees_old = not had_changes or sees_measure_changes(actor, measure)
    changed = apply_fields(measure, fields, MEASURE_FIELDS)
    if not changed:
        return measure
    moved = "entry" in changed and (had_changes or bool(measure.protection_changes))
    touched = moved or "protection_changes" in changed
    if touched:
        # Changes moved as they are keep naming the diagram they were written for.
        carried = old_basis if "protection_changes" not in changed else None
        _check_protection_changes(measure, actor, sees_old, carried)
    measure.full_clean()
    measure.save()
    if touched:
        for entry in {measure.entry, old_entry}:
            _residual_refresh(entry)
    record(measure, actor, AuditAction.UPDATE, _organisation(measure.entry), changed)
    return measure


@transaction.atomic
def measure_delete(*, measure: Measure, actor: User) -> None:
    entry = measure.entry
    changes = {"title": measure.title, "scenario": entry.scenario.name}
    record(measure, actor, AuditAction.DELETE, _organisation(entry), changes)
    measure.delete()
    if measure.protection_changes:
        _residual_refresh(entry)


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
    actor: User,
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
    if not (sees_old and sees_diagram(actor, entry)):
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
    *, organisation: Organisation, actor: User, data: dict[str, Any], based_on: str
) -> OrganisationMatrix:
    """Keep an organisation's own copy of the risk matrix (validated before saving)."""
    from chemsec.science.matrices import to_lookup
    from chemsec.science.risk import validate_matrix

    try:
        validate_matrix(to_lookup(data))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError({"data": f"The matrix is not valid: {exc}"}) from exc
    matrix, created = OrganisationMatrix.objects.update_or_create(
        organisation=organisation, defaults={"data": data, "based_on": based_on}
    )
    action = AuditAction.CREATE if created else AuditAction.UPDATE
    record(matrix, actor, action, organisation, {"based_on": based_on})
    return matrix
