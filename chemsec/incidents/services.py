"""Writes to the incident log: record, chemicals, timeline, report, tasks, lessons, close.

Every service asks the policy first, then writes through chemsec.core.writes. A report goes
to the national authority through the supply-chain reporting path (`report_send`), the same
as a suspicious-transaction report: the authority reads it in its inbox.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from chemsec.compendium.models import Proposal
from chemsec.compendium.services import proposal_create
from chemsec.core.dates import local_moment
from chemsec.core.models import Organisation, User
from chemsec.core.policy import Actor, require
from chemsec.core.writes import write_create, write_update
from chemsec.facilities.models import Facility
from chemsec.facilities.selectors import chemicals_of_interest
from chemsec.incidents.choices import IncidentKind, IncidentStatus, TaskStatus
from chemsec.incidents.models import Incident, IncidentChemical, Lesson, Task, TimelineEntry
from chemsec.incidents.rules import matching_rule, rule_by_urn
from chemsec.supplychain.models import Report
from chemsec.supplychain.services import report_send

DETAILS_SCHEMA = "urn:chemsec:schema:incident-report:v1"
# Incident kinds that have a supply-chain report kind (theft, disappearance).
REPORT_KINDS: dict[str, str] = {
    IncidentKind.THEFT: "theft",
    IncidentKind.DISAPPEARANCE: "disappearance",
    IncidentKind.LOSS_IN_TRANSIT: "disappearance",
}


def _person(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _open(incident: Incident) -> None:
    if incident.status == IncidentStatus.CLOSED:
        raise ValidationError({"status": _("The incident is closed.")})


@transaction.atomic
def incident_record(
    *,
    actor: Actor,
    organisation: Organisation | None,
    kind: str,
    title: str,
    facility: Facility | None = None,
    detected_at: dt.datetime | None = None,
    occurred_at: dt.datetime | None = None,
    place: str = "",
    description: str = "",
    people_informed: str = "",
    immediate_actions: str = "",
    exercise: str = "",
    tlp: str = "amber",
    shareable_summary: str = "",
) -> Incident:
    """Open an incident in the organisation's log (restricted: admins and the recorder)."""
    require(actor, "incident.create", organisation)
    if organisation is None:
        raise ValueError("An organisation is required.")
    if facility is not None:
        require(actor, "facility.view", facility)
    incident = Incident(
        organisation=organisation,
        facility=facility,
        kind=kind,
        title=title.strip(),
        detected_at=detected_at or timezone.now(),
        occurred_at=occurred_at,
        place=place.strip(),
        description=description.strip(),
        people_informed=people_informed.strip(),
        immediate_actions=immediate_actions.strip(),
        exercise=exercise,
        tlp=tlp,
        shareable_summary=shareable_summary.strip(),
    )
    write_create(incident, actor=actor)
    _entry(incident, actor, gettext_noop("Incident recorded."), at=incident.detected_at)
    return incident


def inventory_choices(incident: Incident) -> list[dict[str, Any]]:
    """The chemicals of interest of the incident's facility (latest inventory snapshot)."""
    return chemicals_of_interest(incident.facility) if incident.facility is not None else []


@transaction.atomic
def chemical_add(
    *,
    actor: Actor,
    incident: Incident,
    quantity: Decimal,
    unit: str = "kg",
    inventory_key: str = "",
    name: str = "",
    cas: str = "",
) -> IncidentChemical:
    """A chemical involved: picked from the facility's inventory (`inventory_key`), else
    named by hand. The incident may become reportable (its clock starts)."""
    require(actor, "incident.change", incident)
    _open(incident)
    lists: list[Any] = []
    from_inventory = False
    if inventory_key:
        found = next((c for c in inventory_choices(incident) if c["key"] == inventory_key), None)
        if found is None:
            raise ValidationError({"inventory_key": _("Not in the facility's inventory.")})
        name, cas, lists, from_inventory = found["name"], found["cas"], found["lists"], True
    if not name.strip():
        raise ValidationError({"name": _("Name the chemical or pick it from the inventory.")})
    if quantity <= 0:
        raise ValidationError({"quantity": _("Give a quantity above zero.")})
    chemical = IncidentChemical(
        incident=incident,
        name=name.strip(),
        cas=cas.strip(),
        quantity=quantity,
        unit=unit.strip() or "kg",
        from_inventory=from_inventory,
        lists=[{k: m.get(k) for k in ("list", "entry", "title")} for m in lists],
    )
    write_create(chemical, actor=actor)
    _assess(incident, actor)
    return chemical


def _assess(incident: Incident, actor: Actor) -> None:
    """Start the reporting clock when the incident first falls under a rule."""
    if incident.rule_urn or incident.reported_at is not None:
        return
    chemicals = [{"name": c.name, "cas": c.cas, "lists": c.lists} for c in incident.chemicals.all()]
    rule = matching_rule(incident.kind, chemicals)
    if rule is None:
        return
    write_update(
        incident,
        actor=actor,
        values={
            "rule_urn": rule.urn,
            "rule_version": rule.version,
            "report_due_at": incident.detected_at + rule.window,
        },
    )
    _entry(incident, actor, gettext_noop("Reportable under %(rule)s: clock started."),
           rule=rule.code)  # fmt: skip


def _entry(
    incident: Incident, actor: Actor, code: str, at: dt.datetime | None = None, **params: str
) -> None:
    """A system entry: its message code and values, translated where it is read."""
    entry = TimelineEntry(
        incident=incident, code=code, params=params, author=_person(actor),
        at=at or timezone.now(),
    )  # fmt: skip
    write_create(entry, actor=actor)


@transaction.atomic
def timeline_add(
    *, actor: Actor, incident: Incident, text: str, at: dt.datetime | None = None
) -> TimelineEntry:
    require(actor, "incident.change", incident)
    _open(incident)
    if not text.strip():
        raise ValidationError({"text": _("Write the entry.")})
    entry = TimelineEntry(
        incident=incident, text=text.strip(), author=_person(actor), at=at or timezone.now()
    )
    return write_create(entry, actor=actor)


def report_details(incident: Incident) -> dict[str, Any]:
    """The structured account the authority receives (frozen in the report's body)."""
    rule = rule_by_urn(incident.rule_urn) if incident.rule_urn else None
    return {
        "schema": DETAILS_SCHEMA,
        "incident_id": str(incident.pk),
        "kind": incident.kind,
        "title": incident.title,
        "detected_at": incident.detected_at.isoformat(),
        "occurred_at": incident.occurred_at.isoformat() if incident.occurred_at else None,
        "facility": incident.facility.name if incident.facility else None,
        "place": incident.place,
        "description": incident.description,
        "immediate_actions": incident.immediate_actions,
        "people_informed": incident.people_informed,
        "chemicals": [
            {
                "name": c.name,
                "cas": c.cas,
                "quantity": str(c.quantity),
                "unit": c.unit,
                "from_inventory": c.from_inventory,
                "lists": c.lists,
            }
            for c in incident.chemicals.all()
        ],
        "rule": (
            {"urn": rule.urn, "version": rule.version, "code": rule.code, "citation": rule.citation}
            if rule
            else None
        ),
    }


def report_summary(incident: Incident, note: str = "") -> str:
    """The report's text: what the authority reads first, in the sender's words."""
    lines = [incident.title]
    if note.strip():
        lines.append(note.strip())
    lines.append(_("Detected: %(when)s") % {"when": local_moment(incident.detected_at)})
    where = ", ".join(p for p in (incident.facility.name if incident.facility else "",
                                  incident.place) if p)  # fmt: skip
    if where:
        lines.append(_("Where: %(where)s") % {"where": where})
    for c in incident.chemicals.all():
        lines.append(f"- {c.quantity} {c.unit} {c.name}" + (f" (CAS {c.cas})" if c.cas else ""))
    if incident.description:
        lines.append(incident.description)
    if incident.immediate_actions:
        lines.append(_("Immediate actions: %(text)s") % {"text": incident.immediate_actions})
    return "\n".join(lines)


@transaction.atomic
def incident_report(
    *, actor: Actor, incident: Incident, authority: Organisation, note: str = ""
) -> Report:
    """Report the incident to a national authority through the supply-chain reporting path
    (a theft or disappearance report, no case); the clock stops. An exercise is never sent."""
    require(actor, "incident.report", incident)
    if incident.is_exercise:
        raise ValidationError({"exercise": _("An exercise is not reported to an authority.")})
    if incident.report_id is not None:
        raise ValidationError({"report": _("The incident has already been reported.")})
    rule = rule_by_urn(incident.rule_urn) if incident.rule_urn else None
    kind = rule.report_kind if rule is not None else REPORT_KINDS.get(incident.kind)
    if kind is None:
        raise ValidationError(
            {"kind": _("Only thefts and disappearances go through this reporting path.")}
        )
    report = report_send(
        actor=actor,
        organisation=incident.organisation,
        authority=authority,
        kind=kind,
        summary=report_summary(incident, note),
        case=None,
        details=report_details(incident),
    )
    write_update(incident, actor=actor, values={"report": report, "reported_at": report.sent_at})
    _entry(incident, actor, gettext_noop("Reported to %(authority)s."), authority=authority.name)
    return report


@transaction.atomic
def task_add(
    *,
    actor: Actor,
    incident: Incident,
    title: str,
    owner: User | None = None,
    due_on: dt.date | None = None,
    corrective: bool = False,
) -> Task:
    require(actor, "incident.change", incident)
    if (
        owner is not None
        and not owner.memberships.filter(organisation=incident.organisation).exists()
    ):
        raise ValidationError({"owner": _("The owner must be a member of the organisation.")})
    task = Task(incident=incident, title=title.strip(), owner=owner, due_on=due_on,
                corrective=corrective)  # fmt: skip
    return write_create(task, actor=actor)


@transaction.atomic
def task_complete(*, actor: Actor, task: Task, finding: str = "") -> Task:
    require(actor, "incident.change", task.incident)
    return write_update(
        task,
        actor=actor,
        values={"status": TaskStatus.DONE, "finding": finding.strip(), "done_at": timezone.now()},
    )


@transaction.atomic
def lesson_add(*, actor: Actor, incident: Incident, title: str, text: str) -> Lesson:
    require(actor, "incident.change", incident)
    lesson = Lesson(incident=incident, title=title.strip(), text=text.strip())
    return write_create(lesson, actor=actor)


THREATS = {
    IncidentKind.THEFT: "theft_diversion", IncidentKind.DISAPPEARANCE: "theft_diversion",
    IncidentKind.LOSS_IN_TRANSIT: "theft_diversion", IncidentKind.INSIDER: "insider",
    IncidentKind.CYBER: "cyber", IncidentKind.DELIBERATE_RELEASE: "release_sabotage",
}  # fmt: skip


@transaction.atomic
def lesson_propose(*, actor: Actor, lesson: Lesson) -> Proposal:
    """The lesson as a draft compendium practice, through the compendium's proposal service.
    Only the lesson's own (generic) title and text go in, with a provenance note naming the
    kind of incident: no site, chemical, date or person."""
    require(actor, "incident.propose", lesson.incident)
    if lesson.proposal_id is not None:
        raise ValidationError({"proposal": _("This lesson has already been proposed.")})
    incident = lesson.incident
    data = {
        "title": lesson.title,
        "summary": lesson.text.split("\n", 1)[0][:500],
        "body": lesson.text,
        "keywords": ["lesson learned"],
        "stages": ["storage"],
        "audiences": ["facility_operator"],
        "measure_types": ["management_governance"],
        "threats": [THREATS.get(IncidentKind(incident.kind), "theft_diversion")],
        "facility_scale": ["small", "medium", "large"],
    }
    note = _(
        "Provenance: a lesson learned from the review of a security incident (%(kind)s) "
        "recorded in ChemSec. Nothing of the incident itself is copied."
    ) % {"kind": incident.get_kind_display()}
    proposal = proposal_create(user=actor, data=data, note=note)
    write_update(lesson, actor=actor, values={"proposal": proposal})
    return proposal


@transaction.atomic
def incident_close(*, actor: Actor, incident: Incident) -> Incident:
    """Close the incident: every task done (corrective actions tracked to closure)."""
    require(actor, "incident.change", incident)
    _open(incident)
    if incident.tasks.filter(status=TaskStatus.OPEN).exists():
        raise ValidationError({"status": _("Finish every task before closing the incident.")})
    if incident.clock() is not None and not incident.is_exercise:
        raise ValidationError({"status": _("Report the incident before closing it.")})
    now = timezone.now()
    write_update(incident, actor=actor, values={"status": IncidentStatus.CLOSED, "closed_at": now})
    _entry(incident, actor, gettext_noop("Incident closed."), at=now)
    return incident
