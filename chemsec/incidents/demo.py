"""Demo incidents at Meridian's Riverside Plant: a theft of hydrogen peroxide reported to the
National Authority of Arcadia (under investigation), and a disappearance of nitric acid
whose 24-hour clock is running. Safe to run twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from chemsec.core.models import Organisation, User
from chemsec.facilities.models import Facility
from chemsec.incidents.models import Incident

OPERATOR = "Meridian Chemicals"
PLANT = "Meridian Riverside Plant"
AUTHORITY = "National Authority of Arcadia"
THEFT = "Two drums of hydrogen peroxide missing from the laboratory store"
LOSS = "Nitric acid stock short at the weekly count"


def populate() -> list[str]:
    operator = Organisation.objects.filter(name=OPERATOR).first()
    plant = Facility.objects.filter(name=PLANT).first()
    authority = Organisation.objects.filter(name=AUTHORITY).first()
    admin = User.objects.filter(username="meridian-admin").first()
    if operator is None or plant is None or authority is None or admin is None:
        return []
    if not Incident.objects.filter(organisation=operator, title=THEFT).exists():
        with transaction.atomic():
            _theft(admin, operator, plant, authority)
            _loss(admin, operator, plant)
    return [
        "",
        f"Incidents: {OPERATOR} (meridian-admin) has two at /incidents/: a theft reported to "
        f"the {AUTHORITY} (arcadia-admin sees it in /supplychain/inbox/) and a disappearance "
        "whose 24-hour reporting clock is running.",
    ]


def _theft(admin: User, operator: Organisation, plant: Facility, authority: Organisation) -> None:
    from chemsec.incidents import services

    now = timezone.now()
    incident = services.incident_record(
        actor=admin, organisation=operator, facility=plant, kind="theft", title=THEFT,
        detected_at=now - dt.timedelta(hours=5), occurred_at=now - dt.timedelta(hours=14),
        place="Laboratory store, cage 2",
        description="At the morning check two 25 kg drums of 30 % hydrogen peroxide were "
        "missing from the locked cage; the padlock was intact.",
        people_informed="Site security manager; plant manager; local police (reference 4471).",
        immediate_actions="Cage relocked with a new padlock; access log and CCTV secured.",
        shareable_summary="Two drums of an oxidiser taken from a locked laboratory store "
        "without forced entry; insider access suspected.",
    )  # fmt: skip
    key = next(
        (c["key"] for c in services.inventory_choices(incident) if c.get("cas") == "7722-84-1"),
        "",
    )
    services.chemical_add(
        actor=admin, incident=incident, inventory_key=key, quantity=Decimal(50), unit="kg",
        name="" if key else "Hydrogen peroxide 30 %", cas="" if key else "7722-84-1",
    )  # fmt: skip
    services.timeline_add(actor=admin, incident=incident,
                          text="CCTV of the last 48 hours copied for the police.")  # fmt: skip
    services.incident_report(actor=admin, incident=incident, authority=authority,
                             note="The police have opened a case.")  # fmt: skip
    services.task_add(
        actor=admin,
        incident=incident,
        title="Compare the cage key log with the shift rota",
        due_on=timezone.localdate() + dt.timedelta(days=2),
    )
    services.task_add(actor=admin, incident=incident, corrective=True,
                      title="Replace the padlock by a badge-controlled lock")  # fmt: skip
    services.lesson_add(
        actor=admin, incident=incident, title="Log every key handover for oxidiser stores",
        text="Keep a signed log of every handover of keys to stores of explosives precursors, "
        "and check it at each weekly count.",
    )  # fmt: skip


def _loss(admin: User, operator: Organisation, plant: Facility) -> None:
    from chemsec.incidents import services

    incident = services.incident_record(
        actor=admin, organisation=operator, facility=plant, kind="disappearance", title=LOSS,
        detected_at=timezone.now() - dt.timedelta(hours=2), place="Acid store",
        description="The weekly count found 40 kg less 65 % nitric acid than the stock record.",
        immediate_actions="Recount ordered; store access suspended.",
    )  # fmt: skip
    services.chemical_add(actor=admin, incident=incident, name="Nitric acid 65 %",
                          cas="7697-37-2", quantity=Decimal(40), unit="kg")  # fmt: skip
