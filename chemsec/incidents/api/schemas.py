"""Incident API schemas."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from chemsec.core.api_schemas import InSchema


class IncidentIn(InSchema):
    kind: str = Field(description="theft, disappearance, loss_in_transit, intrusion, ...")
    title: str = Field(min_length=1, max_length=200)
    facility_id: UUID | None = None
    detected_at: dt.datetime | None = None
    occurred_at: dt.datetime | None = None
    place: str = ""
    description: str = ""
    people_informed: str = ""
    immediate_actions: str = ""
    exercise: str = Field("", description="'' (real), tabletop or full_scale")
    tlp: str = "amber"
    shareable_summary: str = ""


class IncidentOut(Schema):
    id: UUID
    kind: str
    title: str
    status: str
    exercise: str
    facility: str | None
    detected_at: dt.datetime
    reportable_rule: str | None
    report_due_at: dt.datetime | None
    seconds_left: int | None = Field(description="To the report deadline; negative: overdue")
    overdue: bool
    reported_at: dt.datetime | None
    report_id: UUID | None


class IncidentDetailOut(IncidentOut):
    record: dict[str, Any] = Field(description="The full record (the JSON export)")


class ChemicalIn(InSchema):
    quantity: Decimal = Field(gt=0)
    unit: str = "kg"
    inventory_key: str = ""
    name: str = ""
    cas: str = ""


class TextIn(InSchema):
    text: str = Field(min_length=1, max_length=20_000)


class ReportIn(InSchema):
    authority: str = Field(description="Slug of the national authority")
    note: str = ""


class TaskIn(InSchema):
    title: str = Field(min_length=1, max_length=300)
    owner: str | None = Field(None, description="Username of a member of the organisation")
    due_on: dt.date | None = None
    corrective: bool = False


class FindingIn(InSchema):
    finding: str = ""


class LessonIn(InSchema):
    title: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=20_000)


class CreatedOut(Schema):
    id: UUID
