"""Incidents: the log of security incidents of an organisation (or one of its facilities),
their chemicals, timeline, investigation tasks and lessons learned.

An incident is restricted by default (the owner's admins, the member who recorded it, and
named shares). Its parts are read with "incident.view" and written with "incident.change".
A reportable incident (rules.py) carries the rule it fell under and the time its report is
due; its report is a supply-chain Report, read by the sender and the authority only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from chemsec.core.choices import Confidentiality
from chemsec.core.models import AuditedModel, Organisation, OwnedModel
from chemsec.incidents.choices import ExerciseKind, IncidentKind, IncidentStatus, TaskStatus, Tlp


class Incident(OwnedModel):
    """A security incident (or an exercise of one) at a facility or an organisation."""

    facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facility"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=IncidentKind)
    title = models.CharField(_("title"), max_length=200)
    occurred_at = models.DateTimeField(_("occurred (if known)"), null=True, blank=True)
    detected_at = models.DateTimeField(_("detected"), default=timezone.now)
    place = models.CharField(_("place"), max_length=300, blank=True)
    description = models.TextField(_("what happened"), blank=True)
    people_informed = models.TextField(_("people informed"), blank=True)
    immediate_actions = models.TextField(_("immediate actions"), blank=True)
    exercise = models.CharField(
        _("mode"), max_length=16, choices=ExerciseKind, default=ExerciseKind.NONE, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=IncidentStatus, default=IncidentStatus.OPEN
    )
    # The reporting rule it fell under (rules.py), and when its report is due.
    rule_urn = models.CharField(max_length=200, blank=True)
    rule_version = models.PositiveIntegerField(null=True, blank=True)
    report_due_at = models.DateTimeField(null=True, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    report = models.ForeignKey(
        "supplychain.Report", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What may leave the organisation (STIX export), and under which TLP label.
    tlp = models.CharField(_("TLP label"), max_length=8, choices=Tlp, default=Tlp.AMBER)
    shareable_summary = models.TextField(
        _("shareable summary"),
        blank=True,
        help_text=_("What a CERT or a partner may read: no names, no site details."),
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=16,
        choices=Confidentiality.choices,
        default=Confidentiality.RESTRICTED,
    )

    class Meta:
        ordering = ["-detected_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.facility is not None and self.facility.organisation_id != self.organisation_id:
            raise ValidationError({"facility": _("The facility belongs to another organisation.")})

    @property
    def is_exercise(self) -> bool:
        return bool(self.exercise)

    def clock(self, now: dt.datetime | None = None) -> dt.timedelta | None:
        """Time left to report (negative when overdue); None when no clock runs."""
        if self.report_due_at is None or self.reported_at is not None:
            return None
        return self.report_due_at - (now or timezone.now())

    @property
    def overdue(self) -> bool:
        left = self.clock()
        return left is not None and left.total_seconds() < 0


class _Part(AuditedModel):
    incident: Any

    class Meta:
        abstract = True

    @property
    def organisation(self) -> Organisation:
        organisation: Organisation = self.incident.organisation
        return organisation


class IncidentChemical(_Part):
    """A chemical involved and its quantity, from the facility's inventory where possible."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="chemicals")
    name = models.CharField(_("chemical"), max_length=300)
    cas = models.CharField(_("CAS number"), max_length=20, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=16, default="kg")
    from_inventory = models.BooleanField(default=False)
    lists = models.JSONField(default=list, blank=True)  # the inventory's list matches

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.quantity} {self.unit} {self.name}"


class TimelineEntry(_Part):
    """One dated entry of the incident's timeline (an activity log, ICS 214 style)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(_("when"), default=timezone.now)
    text = models.TextField(_("entry"), blank=True)  # what a person wrote
    # What the system wrote, as a message code (its English text) and its values, shown in
    # each reader's language (`shown`), never stored in the writer's.
    code = models.CharField(max_length=200, blank=True)
    params = models.JSONField(default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["at", "created_at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.shown[:40]}"

    @property
    def shown(self) -> str:
        """The entry in the active language: a person's text as written, a system entry
        translated (an unknown code is shown as it is, never dropped)."""
        if not self.code:
            return self.text
        return str(gettext(self.code) % self.params) if self.params else str(gettext(self.code))


class Task(_Part):
    """An investigation task or a corrective action, with its owner and finding."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    corrective = models.BooleanField(_("corrective action"), default=False)
    status = models.CharField(
        _("status"), max_length=8, choices=TaskStatus, default=TaskStatus.OPEN
    )
    finding = models.TextField(_("finding"), blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "created_at"]

    def __str__(self) -> str:
        return self.title


class Lesson(_Part):
    """A lesson learned; it may become a draft compendium practice (generic wording only)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(_("lesson"), max_length=200)
    text = models.TextField(_("what to do differently"))
    proposal = models.ForeignKey(
        "compendium.Proposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title
