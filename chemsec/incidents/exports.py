"""Exports of an incident: JSON (the whole record, for the organisation), PDF (the same,
marked on every page), and STIX 2.1 and MISP JSON (only the shareable parts, under a TLP
marking, for a CERT or an authority's sharing platform), with the `stix2` library (BSD) and
PyMISP (BSD-2, used offline: it builds the event, it never connects to a MISP server)."""

from __future__ import annotations

import json
from typing import Any

import stix2
from django.utils.translation import gettext as _
from pymisp import MISPEvent, MISPObject

from chemsec.core.pdf import render_pdf
from chemsec.incidents.choices import IncidentKind, IncidentStatus, TaskStatus, Tlp
from chemsec.incidents.models import Incident
from chemsec.incidents.rules import rule_by_urn

SCHEMA = "urn:chemsec:schema:incident:v1"
# TLP 2.0 labels onto the STIX 2.1 TLP marking definitions (TLP:CLEAR is TLP 1.0's WHITE).
STIX_TLP = {
    Tlp.CLEAR: stix2.TLP_WHITE,
    Tlp.GREEN: stix2.TLP_GREEN,
    Tlp.AMBER: stix2.TLP_AMBER,
    Tlp.RED: stix2.TLP_RED,
}
STIX_NAMESPACE = "5b0f3e1e-6f9b-4c1c-9a36-2d1f2f4c0c11"  # deterministic ids per incident


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def incident_json(incident: Incident) -> dict[str, Any]:
    """The whole incident as structured data (restricted, like the incident)."""
    rule = rule_by_urn(incident.rule_urn) if incident.rule_urn else None
    return {
        "schema": SCHEMA,
        "id": str(incident.pk),
        "organisation": incident.organisation.name,
        "facility": incident.facility.name if incident.facility else None,
        "kind": incident.kind,
        "exercise": incident.exercise or None,
        "title": incident.title,
        "status": incident.status,
        "confidentiality": incident.confidentiality,
        "tlp": incident.tlp,
        "detected_at": _when(incident.detected_at),
        "occurred_at": _when(incident.occurred_at),
        "place": incident.place,
        "description": incident.description,
        "people_informed": incident.people_informed,
        "immediate_actions": incident.immediate_actions,
        "shareable_summary": incident.shareable_summary,
        "reporting": {
            "rule": {
                "urn": rule.urn,
                "version": rule.version,
                "code": rule.code,
                "citation": rule.citation,
            }
            if rule
            else None,
            "due_at": _when(incident.report_due_at),
            "reported_at": _when(incident.reported_at),
            "report_id": str(incident.report_id) if incident.report_id else None,
        },
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
        "timeline": [
            {
                "at": _when(e.at),
                "text": e.shown,
                "author": e.author.get_username() if e.author else None,
            }
            for e in incident.timeline.select_related("author")
        ],
        "tasks": [
            {
                "title": t.title,
                "owner": t.owner.get_username() if t.owner else None,
                "due_on": t.due_on.isoformat() if t.due_on else None,
                "status": t.status,
                "corrective": t.corrective,
                "finding": t.finding,
            }
            for t in incident.tasks.select_related("owner")
        ],
        "lessons": [
            {
                "title": lesson.title,
                "text": lesson.text,
                "proposal_id": str(lesson.proposal_id) if lesson.proposal_id else None,
            }
            for lesson in incident.lessons.all()
        ],
    }


def incident_json_bytes(incident: Incident) -> bytes:
    return json.dumps(incident_json(incident), indent=2, ensure_ascii=False).encode("utf-8")


def incident_stix(incident: Incident) -> stix2.Bundle:
    """A STIX 2.1 bundle of the shareable parts only: the kind, the day it was detected,
    the shareable summary and the identities (name, CAS) of the chemicals, never the
    organisation, site, place, people or quantities; every object carries the TLP marking."""
    marking = STIX_TLP[Tlp(incident.tlp)]
    label = IncidentKind(incident.kind).label
    exercise = incident.is_exercise
    name = f"{'EXERCISE: ' if exercise else ''}{label}"
    common: dict[str, Any] = {"object_marking_refs": [marking], "allow_custom": True}
    stix_incident = stix2.v21.Incident(
        id=f"incident--{_uuid5(incident, 'incident')}",
        created=incident.created_at,
        modified=incident.created_at,
        name=name,
        description=incident.shareable_summary or label,
        labels=[incident.kind, *(["exercise"] if exercise else [])],
        x_chemsec_chemicals=[{"name": c.name, "cas": c.cas} for c in incident.chemicals.all()],
        **common,
    )
    report = stix2.v21.Report(
        id=f"report--{_uuid5(incident, 'report')}",
        created=incident.created_at,
        modified=incident.created_at,
        name=name,
        published=incident.detected_at.replace(hour=0, minute=0, second=0, microsecond=0),
        report_types=["threat-report"],
        object_refs=[stix_incident.id],
        **common,
    )
    return stix2.Bundle(objects=[marking, stix_incident, report], allow_custom=True)


def _uuid5(incident: Incident, part: str) -> str:
    import uuid

    return str(uuid.uuid5(uuid.UUID(STIX_NAMESPACE), f"{incident.pk}:{part}"))


def incident_stix_bytes(incident: Incident) -> bytes:
    return str(incident_stix(incident).serialize(pretty=True)).encode("utf-8")


# MISP distribution levels (0 your organisation only, 1 this community only, 2 connected
# communities, 3 all communities): TLP:AMBER and RED stay with the receiving organisation,
# GREEN with its community, CLEAR may go everywhere.
MISP_DISTRIBUTION = {Tlp.CLEAR: 3, Tlp.GREEN: 1, Tlp.AMBER: 0, Tlp.RED: 0}
# MISP's tlp taxonomy has the TLP 2.0 names (tlp:clear next to the older tlp:white).
MISP_TLP_TAG = {
    Tlp.CLEAR: "tlp:clear",
    Tlp.GREEN: "tlp:green",
    Tlp.AMBER: "tlp:amber",
    Tlp.RED: "tlp:red",
}
MISP_INHERIT = 5  # an attribute's distribution: the event's


def incident_misp(incident: Incident) -> MISPEvent:
    """A MISP event of the same shareable parts as the STIX bundle: the kind, the day it was
    detected, the shareable summary and the chemicals' names and CAS numbers; never the
    organisation, site, place, people, quantities or timeline. Threat level: high (1) when a
    reporting rule matched (the law treats it as urgent), otherwise undefined (4), since
    ChemSec makes no threat assessment; analysis: ongoing (1) while open, completed (2)."""
    tlp = Tlp(incident.tlp)
    exercise = incident.is_exercise
    name = f"{'EXERCISE: ' if exercise else ''}{IncidentKind(incident.kind).label}"
    event = MISPEvent()
    event.uuid = _uuid5(incident, "misp-event")
    event.info = name
    event.distribution = MISP_DISTRIBUTION[tlp]
    event.threat_level_id = 1 if incident.rule_urn and not exercise else 4
    event.analysis = 2 if incident.status == IncidentStatus.CLOSED else 1
    event.set_date(incident.detected_at.date())
    event.add_tag(MISP_TLP_TAG[tlp])
    event.add_tag(f'chemsec:incident-kind="{incident.kind}"')
    if exercise:
        event.add_tag(f'chemsec:exercise="{incident.exercise}"')
    summary = MISPObject("incident", standalone=False)
    summary.uuid = _uuid5(incident, "misp-incident")
    summary.distribution = MISP_INHERIT
    summary.add_attribute("name", value=name)
    summary.add_attribute("description", value=incident.shareable_summary or name)
    summary.add_attribute("investigation_status", value=incident.status)
    event.add_object(summary)
    for chemical in incident.chemicals.all():
        event.add_attribute(
            "text", chemical.name, category="Other", to_ids=False,
            distribution=MISP_INHERIT, comment=f"CAS {chemical.cas}" if chemical.cas else "",
            uuid=_uuid5(incident, f"misp-chemical:{chemical.pk}"),
        )  # fmt: skip
    return event


def incident_misp_json(incident: Incident) -> dict[str, Any]:
    """The event in MISP's import format, {"Event": {...}}."""
    return {"Event": json.loads(incident_misp(incident).to_json())}


def incident_misp_bytes(incident: Incident) -> bytes:
    return json.dumps(incident_misp_json(incident), indent=2, ensure_ascii=False).encode("utf-8")


def incident_pdf(incident: Incident) -> bytes:
    from chemsec.incidents.presenters import rule_html, timeline_html

    data = incident_json(incident)
    marking = " — ".join(
        part
        for part in (
            incident.get_confidentiality_display(),
            incident.organisation.name,
            _("EXERCISE") if incident.is_exercise else "",
        )
        if part
    )
    return render_pdf(
        "incidents/print.html",
        {
            "data": data,
            "item": incident,
            # The timeline and the rule as the page shows them: a rule by its title.
            "timeline": [
                (data["timeline"][i]["at"], timeline_html(e))
                for i, e in enumerate(incident.timeline.select_related("author"))
            ],
            "rule_shown": rule_html(data["reporting"]["rule"]["code"])
            if data["reporting"].get("rule")
            else "",
            # Each task with its status as the reader's label (the data keep the code).
            "tasks": [(t, TaskStatus(t["status"]).label) for t in data["tasks"]],
        },
        marking=marking,
        title=incident.title,
    )
