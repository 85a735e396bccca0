"""Assistance requests from members, the secretariat's triage, experts and outcomes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chemsec.assistance.choices import (
    TRANSITIONS,
    Availability,
    MeasureType,
    Priority,
    RequestStatus,
    Stage,
)
from chemsec.assistance.querysets import AssistanceRequestQuerySet
from chemsec.core.choices import Confidentiality, Region
from chemsec.core.models import AuditedModel, Organisation, OwnedModel


class AssistanceRequest(OwnedModel):
    """A State's or other member's request for help with a chemical security need."""

    title = models.CharField(_("title"), max_length=200)
    need = models.TextField(_("need"))
    framework_section = models.CharField(_("framework section"), max_length=255, blank=True)
    stage = models.CharField(_("life-cycle stage"), max_length=20, choices=Stage, blank=True)
    measure_type = models.CharField(
        _("measure type"), max_length=40, choices=MeasureType, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus, default=RequestStatus.RECEIVED
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority, default=Priority.NORMAL
    )
    # A State's needs can point at its gaps: need-to-know by default (see querysets.py).
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=16,
        choices=Confidentiality.choices,
        default=Confidentiality.RESTRICTED,
    )
    # The practices proposed when the request was filed, kept as shown to the requester.
    matches = models.JSONField(default=list, blank=True)

    # Narrower than OwnedModel's manager: the secretariat also sees every request to triage it.
    objects = AssistanceRequestQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.title

    def next_statuses(self) -> list[tuple[str, str]]:
        """The statuses the secretariat may move this request to."""
        return [(code, str(RequestStatus(code).label)) for code in TRANSITIONS.get(self.status, ())]


class ExpertProfile(AuditedModel):
    """A person the secretariat can call on to deliver assistance."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profile"
    )
    competencies = models.JSONField(_("competencies"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    region = models.CharField(_("region"), max_length=32, choices=Region, blank=True)
    availability = models.CharField(
        _("availability"), max_length=16, choices=Availability, default=Availability.AVAILABLE
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["user__username"]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    def competency_labels(self) -> list[str]:
        labels = {**dict(MeasureType.choices), **dict(Stage.choices)}
        return [str(labels.get(code, code)) for code in self.competencies]


class Assignment(AuditedModel):
    """An expert assigned by the secretariat to work on one request."""

    request = models.ForeignKey(
        AssistanceRequest, on_delete=models.CASCADE, related_name="assignments"
    )
    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    role = models.CharField(_("role"), max_length=200, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["request", "expert"], name="one_assignment_per_expert")
        ]

    def __str__(self) -> str:
        return f"{self.expert} on {self.request}"

    @property
    def organisation(self) -> Organisation:
        """The requesting organisation: the one the audit entries of this part belong to."""
        return self.request.organisation


class RequestNote(AuditedModel):
    """A dated remark on a request by the requester or the secretariat."""

    request = models.ForeignKey(AssistanceRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("note"))

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def organisation(self) -> Organisation:
        return self.request.organisation


class Outcome(AuditedModel):
    """What the assistance achieved, possibly turned into a draft compendium practice."""

    request = models.ForeignKey(
        AssistanceRequest, on_delete=models.CASCADE, related_name="outcomes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("outcome"))
    # The compendium proposal (draft entry) made from this outcome, if any.
    draft_proposal = models.CharField(_("draft proposal"), max_length=64, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def organisation(self) -> Organisation:
        return self.request.organisation
