"""Framework library, needs-assessment campaigns, assessments, evidence and road maps."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext, gettext_noop, override
from django.utils.translation import gettext_lazy as _

from chemsec.core import limits
from chemsec.core.choices import Confidentiality
from chemsec.core.models import AuditedModel, BaseModel, Organisation, OwnedModel, User


class AnswerType(models.TextChoices):
    YES_PARTIAL_NO_NA = "yes_partial_no_na", _("Yes, partial, no or not applicable")
    MATURITY = "maturity", _("Maturity (0-4)")
    NUMBER = "number", _("Number")
    TEXT = "text", _("Text")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    REOPEN_REQUESTED = "reopen_requested", _("Reopening requested")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Framework(BaseModel):
    """One major version of a self-assessment questionnaire, synced from the content files."""

    urn = models.CharField(max_length=255, unique=True)
    content_version = models.PositiveIntegerField(default=1)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(_("audience"), max_length=16)
    source_file = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["title", "urn"]

    def __str__(self) -> str:
        return self.title

    @property
    def major(self) -> str:
        return self.urn.rsplit(":", 1)[-1]

    @property
    def shown_title(self) -> str:
        """The title in the reader's language where the framework has a translation in it,
        else the English."""
        from chemsec.compendium.translations import translations_for

        shown = translations_for([self.urn]).get(self.urn)
        return str((shown.fields.get("title") if shown is not None else None) or self.title)


class Section(BaseModel):
    """A group of questions on one topic within a framework."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="sections")
    urn = models.CharField(max_length=255, unique=True)
    code = models.CharField(max_length=32)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["framework", "position"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Question(BaseModel):
    """One question of a framework section, with its answer type, guidance and weight."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    urn = models.CharField(max_length=255, unique=True)
    code = models.CharField(max_length=32)
    text = models.TextField(_("question"))
    answer_type = models.CharField(max_length=24, choices=AnswerType.choices)
    guidance = models.TextField(_("guidance"), blank=True)
    weight = models.PositiveSmallIntegerField(default=1)
    practices = models.JSONField(default=list, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["section__position", "position"]

    def __str__(self) -> str:
        return self.code


class Campaign(OwnedModel):
    """A needs-assessment exercise the secretariat runs with invited organisations."""

    title = models.CharField(_("title"), max_length=200)
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("framework")
    )
    invited = models.ManyToManyField(
        Organisation, related_name="campaign_invitations", verbose_name=_("invited organisations")
    )
    deadline = models.DateField(_("deadline"), validators=limits.PLANNING_DATE)
    # Days before the deadline on which invitees who have not submitted are reminded.
    reminder_days = models.JSONField(_("reminder schedule"), default=list, blank=True)
    reminders_sent = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-deadline", "title"]

    def __str__(self) -> str:
        return self.title


class ReminderSent(AuditedModel):
    """One campaign reminder to one person on one day, recorded (committed) before its mail
    goes out and dropped if the mail fails: there is never a second."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    # The scheduled offset (days before the deadline) it was for; none for "Send reminders now".
    offset = models.IntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "recipient", "sent_on"], name="one_reminder_a_day"
            ),
            models.UniqueConstraint(
                fields=["campaign", "recipient", "offset"],
                condition=models.Q(offset__isnull=False),
                name="one_reminder_per_offset",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.recipient_id} {self.sent_on}"

    @property
    def organisation(self) -> Organisation:
        """The owner of the campaign: the organisation its audit entries belong to."""
        return self.campaign.organisation


# An assessment no one titled: "<framework> · <organisation>", composed for each reader.
ASSESSMENT_TITLE = gettext_noop("%(framework)s · %(organisation)s")


class Assessment(OwnedModel):
    """One organisation's answers to one framework version, alone or within a campaign."""

    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("framework")
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("campaign"),
    )
    # As typed; empty when no one typed one: `shown_title` composes it for each reader.
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation"],
                condition=models.Q(campaign__isnull=False),
                name="one_assessment_per_campaign",
            )
        ]

    def __str__(self) -> str:
        # What the audit trail and the admin name it by: the same in every language (English
        # composed when no one typed a title); pages show `shown_title`.
        if self.title:
            return self.title
        with override("en"):
            return self.default_title()

    @property
    def shown_title(self) -> str:
        """The title as typed; when none was, the framework's title in the reader's language
        and the organisation's name (composed for each reader, never stored)."""
        return self.title or self.default_title()

    def default_title(self, framework_title: str | None = None) -> str:
        """The title of an assessment no one titled, in the reader's language (the framework's
        title given when the caller has it translated already)."""
        if framework_title is None:
            framework_title = self.framework.shown_title
        return gettext(ASSESSMENT_TITLE) % {
            "framework": framework_title,
            "organisation": self.organisation.name,
        }

    @property
    def is_editable(self) -> bool:
        return self.status == AssessmentStatus.DRAFT


class Answer(AuditedModel):
    """The answer to one question in one assessment; confidential ones count only in totals."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    value = models.CharField(_("answer"), max_length=500, blank=True)
    comment = models.TextField(_("comment"), blank=True, validators=limits.text(limits.TEXT_NOTE))
    confidential = models.BooleanField(_("confidential"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="one_answer")
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.value}"

    @property
    def organisation(self) -> Organisation:
        return self.assessment.organisation


class Evidence(AuditedModel):
    """A file attached to an answer as evidence."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="frameworks/evidence/%Y/%m/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation(self) -> Organisation:
        return self.answer.assessment.organisation


ROADMAP_TITLE = gettext_noop("Road map: %(title)s")


class RoadMap(AuditedModel):
    """A national (or facility) action plan drawn from an assessment's gaps."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="roadmap")
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        """ "Road map: <the assessment's title>" in the reader's language. No one types a
        road map's title: `title` keeps the English as written (older rows: the language
        of whoever drew it), the pages compose it again for each reader."""
        return gettext(ROADMAP_TITLE) % {"title": self.assessment.shown_title}

    @property
    def organisation(self) -> Organisation:
        return self.assessment.organisation

    @property
    def confidentiality(self) -> str:
        return self.assessment.confidentiality

    @property
    def confidentiality_label(self) -> str:
        return str(Confidentiality(self.assessment.confidentiality).label)


# Titles the platform writes itself (actions drawn from gaps), stored as a code with its
# parameters and rendered in the reader's language; `title` keeps the English as written.
ACTION_TITLES: dict[str, str] = {
    "close_gap": gettext_noop("Close the gap on %(code)s"),
}


def action_title(code: str, params: dict[str, Any], language: str | None = None) -> str:
    """The title an action's code stands for, in the active language (or `language`)."""
    if language is not None:
        with override(language):
            return action_title(code, params)
    return gettext(ACTION_TITLES[code]) % params


class RoadMapAction(AuditedModel):
    """One action of a road map: who does what by when, and how far it has got.

    An action drawn from a gap has a `title_code` (see ACTION_TITLES) and no description of
    its own: its page shows the title and the question in the reader's language."""

    roadmap = models.ForeignKey(RoadMap, on_delete=models.CASCADE, related_name="actions")
    question = models.ForeignKey(
        Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("action"), max_length=300)
    title_code = models.CharField(max_length=32, blank=True, default="")
    title_params = models.JSONField(default=dict, blank=True)
    description = models.TextField(_("description"), blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM
    )
    due_date = models.DateField(
        _("due date"), null=True, blank=True, validators=limits.PLANNING_DATE
    )
    practices = models.JSONField(_("linked practices"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        """The title in the reader's language when the platform wrote it, else as typed."""
        if self.title_code in ACTION_TITLES:
            return action_title(self.title_code, self.title_params)
        return self.title

    @property
    def own_description(self) -> str:
        """The description someone typed: not the question's English text that actions
        drawn from gaps used to copy (the page shows the question, translated)."""
        question = self.question
        if question is not None and self.description.strip() == question.text.strip():
            return ""
        return self.description

    @property
    def organisation(self) -> Organisation:
        return self.roadmap.assessment.organisation

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.progress > 100:
            raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})
