"""The stakeholders' network: member organisations, working groups and the coordinating
committee (seats, meetings, agenda items, minutes, decisions and action items)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chemsec.core.models import AuditedModel, Organisation
from chemsec.network.choices import (
    ActionStatus,
    AgendaKind,
    MeetingStatus,
    MemberStatus,
    MinutesPhase,
    Sensitivity,
    Stage,
    TargetKind,
)
from chemsec.network.querysets import CommitteeRecordQuerySet, NetworkMemberQuerySet


class NetworkMember(AuditedModel):
    """An organisation's place in the network: its application, the secretariat's decision,
    what it works on and its focal point. Periods of membership are kept apart, as history."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="network_member"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MemberStatus, default=MemberStatus.APPLIED
    )
    stages = models.JSONField(_("life-cycle steps"), default=list, blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    motivation = models.TextField(_("motivation"), blank=True)
    focal_point_name = models.CharField(_("focal point"), max_length=200, blank=True)
    focal_point_title = models.CharField(_("focal point's title"), max_length=200, blank=True)
    focal_point_email = models.EmailField(_("focal point's e-mail"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(_("reason"), blank=True)

    objects = NetworkMemberQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name

    def stage_labels(self) -> list[str]:
        return [str(Stage(code).label) for code in self.stages if code in Stage.values]

    def topic_labels(self) -> list[str]:
        from chemsec.network.choices import MeasureType

        return [str(MeasureType(c).label) for c in self.topics if c in MeasureType.values]


class MembershipPeriod(AuditedModel):
    """One period of membership (joined, and left if it ended): kept when a member leaves."""

    member = models.ForeignKey(NetworkMember, on_delete=models.CASCADE, related_name="periods")
    joined = models.DateField(_("joined"))
    left = models.DateField(_("left"), null=True, blank=True)

    class Meta:
        ordering = ["joined"]

    def __str__(self) -> str:
        return f"{self.member}: {self.joined} - {self.left or ''}"

    @property
    def organisation(self) -> Organisation:
        return self.member.organisation


class WorkingGroup(AuditedModel):
    """The working group of one life-cycle step: every active member working on the step
    belongs to it; the secretariat names a convenor and a mandate."""

    stage = models.CharField(_("life-cycle step"), max_length=20, choices=Stage, unique=True)
    mandate = models.TextField(_("mandate"), blank=True)
    convenor = models.ForeignKey(
        NetworkMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["stage"]

    def __str__(self) -> str:
        return str(Stage(self.stage).label)


class Committee(AuditedModel):
    """The coordinating committee of the network (its secretary is the secretariat)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    mandate = models.TextField(_("mandate"), blank=True)

    objects = CommitteeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommitteeSeat(AuditedModel):
    """A member organisation's seat on the committee and its representative, for a period."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="seats")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    representative = models.CharField(_("representative"), max_length=200, blank=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    objects = CommitteeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "start"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.start})"


class Meeting(AuditedModel):
    """One meeting of the committee: when, where (or online), its agenda and minutes."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus, default=MeetingStatus.SCHEDULED
    )
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE, raised on change
    attendees = models.JSONField(_("attending organisations"), default=list, blank=True)

    objects = CommitteeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A meeting ends after it starts.")})


class AgendaItem(AuditedModel):
    """An item of a meeting's agenda, with its document and sensitivity."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=12, choices=AgendaKind, default=AgendaKind.ITEM)
    title = models.CharField(_("title"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    sensitivity = models.CharField(
        _("sensitivity"), max_length=16, choices=Sensitivity, default=Sensitivity.NETWORK
    )
    document = models.FileField(_("document"), upload_to="network/agenda/%Y/", blank=True)
    document_title = models.CharField(_("document title"), max_length=200, blank=True)
    # A drafted item's codes: what it refers to ("ref") and the values its label shows.
    params = models.JSONField(default=dict, blank=True)

    objects = CommitteeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_agenda_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def label(self) -> str:
        """The item's title in the reader's language (drafted items are codes and values)."""
        from django.utils.translation import get_language_bidi, gettext

        from chemsec.core.dates import local_when

        p: dict[str, str] = dict(self.params)
        for key in ("date", "due"):  # stored as ISO dates: written for the reader
            if key in p:
                p[key] = local_when(p[key])
        if get_language_bidi():  # names in another script: isolated, so the date and the
            for key in ("title", "text", "owner"):  # brackets keep their place (FSI..PDI)
                if key in p:
                    p[key] = f"\u2068{p[key]}\u2069"
        try:
            if self.kind == AgendaKind.MINUTES:
                return gettext("Approval of the minutes of %(title)s (%(date)s)") % p
            if self.kind == AgendaKind.DUE:
                return gettext("Due: %(text)s (%(owner)s, %(due)s)") % p
            if self.kind == AgendaKind.ARISING:
                return gettext("Arising: %(text)s (%(owner)s, %(due)s)") % p
        except KeyError:  # an item drafted by hand with this kind: its own title
            pass
        return self.title


class Minutes(AuditedModel):
    """The minutes of one meeting, through their phases; published versions are frozen."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("text"), help_text=_("Markdown"))
    phase = models.CharField(
        _("phase"), max_length=16, choices=MinutesPhase, default=MinutesPhase.DRAFTED
    )
    comments_until = models.DateField(_("comments until"), null=True, blank=True)
    version = models.PositiveIntegerField(_("published version"), default=0)

    objects = CommitteeRecordQuerySet.as_manager()

    class Meta:
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{self.meeting}"


class MinutesVersion(AuditedModel):
    """A published, frozen version of minutes."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="one_minutes_version")
        ]

    def __str__(self) -> str:
        return f"{self.minutes} v{self.number}"


class MinutesComment(AuditedModel):
    """An attendee's comment on circulated minutes."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"))

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class Decision(AuditedModel):
    """A decision the committee took at a meeting, as a structured record."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    reference = models.CharField(_("reference"), max_length=40)
    text = models.TextField(_("decision"))
    sensitivity = models.CharField(
        _("sensitivity"), max_length=16, choices=Sensitivity, default=Sensitivity.NETWORK
    )

    objects = CommitteeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["meeting__starts_at", "reference"]

    def __str__(self) -> str:
        return self.reference


class ActionItem(AuditedModel):
    """An action the committee gave a member organisation, carried from meeting to meeting
    until done; one pointing at a ChemSec object takes its progress from that object."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    # The owner organisation (named `organisation` so the policy's member() rule reads it).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    text = models.TextField(_("action"))
    due = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus, default=ActionStatus.OPEN
    )
    sensitivity = models.CharField(
        _("sensitivity"), max_length=16, choices=Sensitivity, default=Sensitivity.NETWORK
    )
    target_kind = models.CharField(
        _("points at"), max_length=32, choices=TargetKind, default=TargetKind.NONE, blank=True
    )
    target_id = models.CharField(_("object"), max_length=64, blank=True)
    # The target's version when the action was given (a practice to update).
    target_baseline = models.CharField(max_length=20, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    objects = CommitteeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["due", "created_at"]

    def __str__(self) -> str:
        return self.text[:60]
