"""Training: courses of modules with quizzes, learners' enrolments, progress and attempts,
and the certificate a completed enrolment earns (issued by chemsec/training/certificates.py)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chemsec.core.limits import country_code_valid
from chemsec.core.models import AuditedModel, Organisation
from chemsec.training.choices import (
    EnrolmentStatus,
    Gender,
    Language,
    QuestionKind,
    RevocationReason,
    Sector,
    Stage,
    TrainingRole,
    TranslatedKind,
    TranslationOrigin,
    TranslationStatus,
)
from chemsec.training.querysets import CourseQuerySet, EnrolmentQuerySet, ModuleQuerySet


class Course(AuditedModel):
    """A course the secretariat publishes: modules to read and quizzes to pass."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    urn = models.CharField(_("URN"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Language, default=Language.ENGLISH
    )
    stages = models.JSONField(_("life-cycle steps"), default=list, blank=True)
    roles = models.JSONField(_("roles it is written for"), default=list, blank=True)
    # The secretariat that authors it; empty for shipped content loaded before any exists.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    version = models.PositiveIntegerField(_("content version"), default=1)
    published = models.BooleanField(_("published"), default=False)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed per quiz"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    validity_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Empty: the certificate does not expire."),
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def stage_labels(self) -> list[str]:
        return [str(Stage(s).label) for s in self.stages if s in Stage.values]

    @property
    def role_labels(self) -> list[str]:
        return [str(TrainingRole(r).label) for r in self.roles if r in TrainingRole.values]

    def clean(self) -> None:
        bad = [s for s in self.stages if s not in Stage.values]
        if bad:
            raise ValidationError({"stages": _("Unknown life-cycle steps.")})
        if [r for r in self.roles if r not in TrainingRole.values]:
            raise ValidationError({"roles": _("Unknown roles.")})


class Module(AuditedModel):
    """One module of a course: Markdown to read, linked practices, and its own quiz."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField(_("position"))
    slug = models.SlugField(_("slug"), max_length=80)
    urn = models.CharField(_("URN"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    stage = models.CharField(_("life-cycle step"), max_length=20, choices=Stage, blank=True)
    roles = models.JSONField(_("roles"), default=list, blank=True)
    practices = models.JSONField(_("compendium practices (URNs)"), default=list, blank=True)
    addresses = models.JSONField(
        _("assessment questions addressed (URNs)"), default=list, blank=True
    )
    attachments = models.JSONField(_("attachments (title and link)"), default=list, blank=True)

    objects = ModuleQuerySet.as_manager()

    class Meta:
        ordering = ["course", "position"]
        constraints = [
            models.UniqueConstraint(fields=["course", "position"], name="one_module_position"),
            models.UniqueConstraint(fields=["course", "slug"], name="one_module_slug"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def organisation(self) -> Organisation | None:
        return self.course.organisation


class Question(AuditedModel):
    """A quiz question: of a module's quiz, or of the course's final quiz (no module)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, null=True, blank=True, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(
        _("kind"), max_length=10, choices=QuestionKind, default=QuestionKind.SINGLE
    )
    text = models.TextField(_("question"))
    explanation = models.TextField(_("explanation shown after the attempt"), blank=True)

    class Meta:
        ordering = ["course", "module__position", "position"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def organisation(self) -> Organisation | None:
        return self.course.organisation


class Choice(AuditedModel):
    """One answer offered to a question; `correct` marks the right ones."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("answer"), max_length=500)
    correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        ordering = ["question", "position"]

    def __str__(self) -> str:
        return self.text[:80]


class LearnerProfile(AuditedModel):
    """What a learner declares about themself for the counts of experts trained (optional)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learner_profile"
    )
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2 code")
    )
    sector = models.CharField(
        _("sector"), max_length=20, choices=Sector, default=Sector.UNDISCLOSED
    )
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender, default=Gender.UNDISCLOSED
    )

    def __str__(self) -> str:
        return str(self.user)

    def clean(self) -> None:
        if self.country and not country_code_valid(self.country):
            raise ValidationError({"country": _("Use the two-letter ISO 3166-1 code.")})
        self.country = self.country.upper()


class Enrolment(AuditedModel):
    """A learner taking a course, for the organisation they act for."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EnrolmentStatus, default=EnrolmentStatus.ACTIVE
    )
    started_at = models.DateTimeField(_("started"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [models.UniqueConstraint(fields=["learner", "course"], name="one_enrolment")]

    def __str__(self) -> str:
        return f"{self.learner} – {self.course}"


class ModuleProgress(AuditedModel):
    """A module the learner has read to the end."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("read"))

    class Meta:
        ordering = ["enrolment", "module__position"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "module"], name="one_module_progress")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment}: {self.module}"

    @property
    def organisation(self) -> Organisation | None:
        return self.enrolment.organisation


class QuizAttempt(AuditedModel):
    """One submitted attempt at a module's quiz (or the final quiz): answers and score."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    answers = models.JSONField(_("answers"), default=dict)
    score = models.PositiveSmallIntegerField(_("score (%)"), validators=[MaxValueValidator(100)])
    passed = models.BooleanField(_("passed"))
    submitted_at = models.DateTimeField(_("submitted"))

    class Meta:
        ordering = ["enrolment", "module__position", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "module", "number"], name="one_attempt_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} #{self.number}"

    @property
    def organisation(self) -> Organisation | None:
        return self.enrolment.organisation


class Certificate(AuditedModel):
    """The certificate a completed enrolment earns, its expiry, revocation and credential."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.PROTECT, related_name="certificate"
    )
    uuid = models.UUIDField(
        _("certificate number"), default=uuid.uuid4, unique=True, editable=False
    )
    issued_at = models.DateTimeField(_("issued"))
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.CharField(
        _("reason for revocation"), max_length=24, choices=RevocationReason, blank=True
    )
    credential = models.TextField(_("signed credential"), blank=True)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return str(self.uuid)

    @property
    def organisation(self) -> Organisation | None:
        return self.enrolment.organisation


class CourseTranslation(AuditedModel):
    """A course's or a module's texts in another language, from the overlay files under
    chemsec/content/translations/<lang>/training (docs/translations.md).

    Not the compendium's Translation: telling a stale translation needs the course's version,
    which lives here (the compendium may not import training: training imports it), and a
    module's quiz is a list of questions and choices matched to the English by position. The
    fields, statuses and notice are the same, so pages and the API show both alike.
    """

    urn = models.CharField(_("URN translated"), max_length=255)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    kind = models.CharField(_("kind"), max_length=24, choices=TranslatedKind.choices)
    # title, summary (a course); title, body, quiz (a module): quiz is a list of
    # {"text", "explanation"?, "choices": [...]} in the English order.
    fields = models.JSONField(_("translated texts"), default=dict)
    source_version = models.PositiveIntegerField(_("English version translated"))
    status = models.CharField(
        _("status"), max_length=16, choices=TranslationStatus.choices, default="draft"
    )
    reviewer_name = models.CharField(_("reviewed by"), max_length=120, blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    # The reviewer's account when the review was made in the portal (none: from the file).
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_file = models.CharField(max_length=255, blank=True)
    # The file entry last loaded: a reload changes the row only when the entry changed.
    file_checksum = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["urn", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["urn", "language"], name="one_course_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.urn} ({self.language})"

    @property
    def course_urn(self) -> str:
        """The URN of the course translated (a module's URN is its course's plus ":<slug>")."""
        return self.urn if self.kind == TranslatedKind.COURSE else self.urn.rsplit(":", 1)[0]


class CourseTranslationVersion(AuditedModel):
    """One version of a course translation's texts. Kept from a reviewer's first correction
    on: version 1 is the texts as loaded from the overlay file, each correction adds the next
    (with its author and note), and a changed file loaded later adds its texts too. The
    translation holds the texts of the latest."""

    translation = models.ForeignKey(
        CourseTranslation, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    origin = models.CharField(_("origin"), max_length=12, choices=TranslationOrigin.choices)
    fields = models.JSONField(_("translated texts"), default=dict)
    source_version = models.PositiveIntegerField(_("English version translated"))
    note = models.TextField(_("what was corrected"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["translation", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "number"], name="one_course_translation_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.translation} v{self.number}"


__all__ = [
    "Certificate",
    "Choice",
    "Course",
    "CourseTranslation",
    "CourseTranslationVersion",
    "Enrolment",
    "LearnerProfile",
    "Module",
    "ModuleProgress",
    "Question",
    "QuizAttempt",
]
