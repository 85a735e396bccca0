"""Incidents: Alpha's restricted incident (its admins only: the owner), reported to the
authority. The authority reads the report (supply-chain report rules), never the incident:
the report's text carries the title, so that marker is seen by the authority too; the
timeline entry and the task are the owner's only."""

from __future__ import annotations

from typing import Any

from tests.contract.expectations import CONTRIBUTOR, ONLY_OWNER, obj, op, page, signed_in

ACCESS = {
    "incident": ONLY_OWNER | {"report": {"owner"}, "propose": {"owner"}},
}
ACCESS["incident_task"] = ACCESS["incident"]
ACCESS["incident_lesson"] = ACCESS["incident"]
OBJECT_PARAMS = {
    "incident_id": "incident",
    "task_id": "incident_task",
    "lesson_id": "incident_lesson",
}

SEE = obj("incident_id")
CHANGE = obj("incident_id", "change")
PAGES = {
    "incidents:index": page(signed_in, list_rows="incident"),
    "incidents:new": page(CONTRIBUTOR, CONTRIBUTOR),
    "incidents:detail": page(SEE),
    "incidents:chemical_add": page(post=CHANGE),
    "incidents:timeline_add": page(post=CHANGE),
    "incidents:report": page(obj("incident_id", "report"), obj("incident_id", "report")),
    "incidents:task_add": page(post=CHANGE),
    "incidents:task_done": page(post=CHANGE),
    "incidents:lesson_add": page(post=CHANGE),
    "incidents:lesson_propose": page(post=obj("incident_id", "propose")),
    "incidents:close": page(post=CHANGE),
    "incidents:export": page(SEE, params={"fmt": "json"}),
}
OPERATIONS = {
    "incident_list": op(signed_in, list_rows="incident"),
    "incident_create": op(CONTRIBUTOR),
    "incident_get": op(SEE),
    "incident_chemical_add": op(CHANGE),
    "incident_timeline_add": op(CHANGE),
    "incident_report": op(obj("incident_id", "report")),
    "incident_task_add": op(CHANGE),
    "incident_task_done": op(CHANGE),
    "incident_lesson_add": op(CHANGE),
    "incident_lesson_propose": op(obj("incident_id", "propose")),
    "incident_close": op(CHANGE),
    "incident_stix": op(SEE),
    "incident_misp": op(SEE),
}


def build(world: Any) -> None:
    """A theft of hydrogen peroxide on Alpha's restricted site, reported to the authority,
    with a timeline entry, an investigation task and a lesson."""
    from decimal import Decimal

    from chemsec.incidents import services

    o, u, obj_, m = world.orgs, world.users, world.objects, world.marker
    owner = u["owner"]
    incident = services.incident_record(
        actor=owner, organisation=o["alpha"], facility=world.objects["facility"], kind="theft",
        title=m("ZZSECRET-INCIDENT", {"owner", "authority"}), place="Store B",
    )  # fmt: skip
    services.chemical_add(actor=owner, incident=incident, name="Hydrogen peroxide",
                          cas="7722-84-1", quantity=Decimal(25))  # fmt: skip
    services.timeline_add(actor=owner, incident=incident,
                          text=m("ZZSECRET-TIMELINE", {"owner"}))  # fmt: skip
    services.incident_report(actor=owner, incident=incident, authority=o["authority"])
    obj_["incident"] = incident
    obj_["incident_task"] = services.task_add(
        actor=owner, incident=incident, title=m("ZZSECRET-INCIDENTTASK", {"owner"})
    )
    obj_["incident_lesson"] = services.lesson_add(
        actor=owner, incident=incident, title=m("ZZSECRET-LESSON", {"owner"}),
        text="Log key handovers.",
    )  # fmt: skip


def _incidents(world: Any, n: int) -> None:
    """Rows for the query-count baselines (tests/contract/rows.py): n incidents the owner
    sees, each on Alpha's site with a chemical (so a clock runs)."""
    from decimal import Decimal

    from chemsec.incidents import services

    for i in range(n):
        incident = services.incident_record(
            actor=world.users["owner"], organisation=world.orgs["alpha"],
            facility=world.objects["facility"], kind="theft", title=f"Drum {i} missing",
        )  # fmt: skip
        services.chemical_add(actor=world.users["owner"], incident=incident, name="Nitric acid",
                              cas="7697-37-2", quantity=Decimal(1))  # fmt: skip


ROWS = {"incident": _incidents}
