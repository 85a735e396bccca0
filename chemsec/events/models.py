"""Workshops and other events per life-cycle step, their programme, registrations
(nomination, approval, waiting list, attendance), feedback, and requests to host one."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chemsec.core.choices import Region
from chemsec.core.models import AuditedModel, Organisation
from chemsec.events.choices import (
    Confidentiality,
    EventKind,
    EventRoleKind,
    EventStatus,
    MeasureType,
    RegistrationStatus,
    RequestStatus,
    Stage,
)
from chemsec.events.querysets import EventQuerySet, HostRequestQuerySet, RegistrationQuerySet

RATING = [MinValueValidator(1), MaxValueValidator(5)]


class HostRequest(AuditedModel):
    """A Member State's (or member organisation's) request to host an event, and its review."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    topic = models.CharField(_("topic"), max_length=32, choices=MeasureType)
    stage = models.CharField(_("life-cycle step"), max_length=20, choices=Stage)
    region = models.CharField(_("region"), max_length=32, choices=Region)
    proposed_start = models.DateField(_("proposed start"))
    proposed_end = models.DateField(_("proposed end"))
    venue = models.CharField(_("proposed venue"), max_length=200, blank=True)
    expected_participants = models.PositiveIntegerField(_("expected participants"))
    support_asked = models.TextField(_("support asked"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus, default=RequestStatus.SUBMITTED
    )
    reason = models.TextField(_("reason"), blank=True)

    objects = HostRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation.name}: {Stage(self.stage).label}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.proposed_start and self.proposed_end and self.proposed_end < self.proposed_start:
            raise ValidationError({"proposed_end": _("The end comes on or after the start.")})


class Event(AuditedModel):
    """A workshop, training course, table-top exercise or conference on one life-cycle step."""

    kind = models.CharField(_("kind"), max_length=16, choices=EventKind, default=EventKind.WORKSHOP)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    stage = models.CharField(_("life-cycle step"), max_length=20, choices=Stage)
    topic = models.CharField(_("topic"), max_length=32, choices=MeasureType, blank=True)
    host = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("host"),
    )
    region = models.CharField(_("region"), max_length=32, choices=Region, blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    confidentiality = models.CharField(
        _("confidentiality"), max_length=16, choices=Confidentiality, default=Confidentiality.PUBLIC
    )
    request = models.OneToOneField(
        HostRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="event"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EventStatus, default=EventStatus.SCHEDULED
    )
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE, raised on change

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def organisation(self) -> Organisation | None:
        return self.host

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end comes on or after the start.")})
        if not self.venue and not self.online:
            raise ValidationError({"venue": _("Give a venue, or hold the event online.")})


class EventSession(AuditedModel):
    """One session of an event's programme: its title, speakers and materials (links)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    speakers = models.CharField(_("speakers"), max_length=500, blank=True)
    materials = models.JSONField(_("materials (links)"), default=list, blank=True)

    class Meta:
        ordering = ["event", "position"]

    def __str__(self) -> str:
        return self.title

    @property
    def organisation(self) -> Organisation | None:
        return self.event.host


class Registration(AuditedModel):
    """A participant nominated by an organisation, the secretariat's decision and attendance."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    nominated_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RegistrationStatus,
        default=RegistrationStatus.NOMINATED,
    )
    consent_listed = models.BooleanField(_("agrees to be on the participant list"), default=False)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "participant"], name="one_registration")
        ]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.event}"

    @property
    def organisation(self) -> Organisation:
        return self.nominated_by


class Feedback(AuditedModel):
    """A participant's feedback after the event: three 1-5 ratings and a comment."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    content = models.PositiveSmallIntegerField(_("content"), validators=RATING)
    speakers = models.PositiveSmallIntegerField(_("speakers"), validators=RATING)
    organisation_rating = models.PositiveSmallIntegerField(_("organisation"), validators=RATING)
    comment = models.TextField(_("comment"), blank=True)

    def __str__(self) -> str:
        return str(self.registration)

    @property
    def organisation(self) -> Organisation:
        return self.registration.nominated_by


class EventRole(AuditedModel):
    """A person's role at an event other than participant: its rapporteurs."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="roles")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(
        _("role"), max_length=16, choices=EventRoleKind, default=EventRoleKind.RAPPORTEUR
    )

    class Meta:
        ordering = ["event", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person", "role"], name="one_event_role")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}) @ {self.event}"

    @property
    def organisation(self) -> Organisation | None:
        return self.event.host


class EventPractice(AuditedModel):
    """A candidate best practice a rapporteur drafted at an event: the compendium proposal it
    became, with its provenance (event, session, contributors)."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="practices")
    session = models.ForeignKey(
        EventSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("session"),
    )  # fmt: skip
    proposal = models.OneToOneField(
        "compendium.Proposal", on_delete=models.CASCADE, related_name="event_origin"
    )
    contributors = models.CharField(_("contributors"), max_length=500, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["event", "created_at"]

    def __str__(self) -> str:
        return f"{self.proposal} @ {self.event}"

    @property
    def organisation(self) -> Organisation | None:
        return self.event.host

    @property
    def reference(self) -> str:
        """The provenance reference written into the proposal's note (and so into the
        published version's note), by which the practice it became is found."""
        return f"urn:chemsec:event:{self.event_id}:practice:{self.pk}"
