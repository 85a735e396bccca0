"""Best-practice entries, their published versions, proposals for change and review comments."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from chemsec.compendium.choices import (
    Language,
    PracticeStatus,
    ProposalStatus,
    TranslationKind,
    TranslationStatus,
)
from chemsec.compendium.querysets import PracticeQuerySet, ProposalQuerySet
from chemsec.core.models import AuditedModel, User


class Practice(AuditedModel):
    """A published best-practice entry of the compendium (its current version)."""

    urn = models.CharField(_("URN"), max_length=255, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    body = models.TextField(_("body"), help_text=_("Markdown"))
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    stages = models.JSONField(_("life-cycle stages"), default=list)
    audiences = models.JSONField(_("audiences"), default=list)
    measure_types = models.JSONField(_("measure types"), default=list)
    threats = models.JSONField(_("threats"), default=list)
    facility_scale = models.JSONField(_("facility scale"), default=list)
    references = models.JSONField(_("public references"), default=list, blank=True)
    related = models.ManyToManyField("self", symmetrical=False, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    translation_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="translations"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PracticeStatus.choices, default=PracticeStatus.PUBLISHED
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="supersedes"
    )
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    from_content = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # Filled by services on PostgreSQL only (SQLite uses the FTS5 table of migration 0002).
    # Stored in the row, not in TOAST (migration 0003), so ranking every match stays cheap.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["status", "title"]),
            # The search snapshot checks COUNT(*) and MAX(updated_at) on every query.
            models.Index(fields=["updated_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class PracticeVersion(AuditedModel):
    """A frozen copy of one published version of an entry, with its sentence embedding."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(max_length=200)
    summary = models.TextField()
    body = models.TextField()
    taxonomy = models.JSONField(default=dict)
    note = models.TextField(_("what changed"), blank=True)
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    embedding = models.BinaryField(null=True, blank=True)  # float32 x 384, unit length

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "number"], name="one_practice_version")
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} v{self.number}"


class MeaningVector(models.Model):
    """The multilingual sentence embedding (`multilingual_embedding`) of one text of a
    practice: its English title, summary and keywords (language "en") or those of one of its
    translations. Derived from audited fields and rewritten whenever they change
    (`index.embed_multilingual`), like the full-text index, so not audited itself."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    digest = models.CharField(max_length=64)  # SHA-256 of the text embedded
    vector = models.BinaryField()  # float32 x 512, unit length
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "language"], name="one_meaning_vector")
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} ({self.language})"


class Proposal(AuditedModel):
    """A member's draft of a new entry, or of a change to a published one, awaiting review."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, null=True, blank=True, related_name="proposals"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    body = models.TextField(_("body"), help_text=_("Markdown"))
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    stages = models.JSONField(_("life-cycle stages"), default=list)
    audiences = models.JSONField(_("audiences"), default=list)
    measure_types = models.JSONField(_("measure types"), default=list)
    threats = models.JSONField(_("threats"), default=list)
    facility_scale = models.JSONField(_("facility scale"), default=list)
    references = models.JSONField(_("public references"), default=list, blank=True)
    related_urns = models.JSONField(default=list, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    translation_of = models.ForeignKey(
        Practice, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("what and why"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    created_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    reviewed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Comment(AuditedModel):
    """A remark by a member or reviewer on a draft proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("comment"))

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class Translation(AuditedModel):
    """A translation of one piece of reference content (a practice, a framework, a section or
    a question), loaded from chemsec/content/translations or corrected through a proposal."""

    urn = models.CharField(_("URN translated"), max_length=255)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    kind = models.CharField(_("kind"), max_length=24, choices=TranslationKind.choices)
    fields = models.JSONField(_("translated texts"), default=dict)
    source_version = models.PositiveIntegerField(_("English version translated"))
    status = models.CharField(
        _("status"), max_length=16, choices=TranslationStatus.choices, default="draft"
    )
    reviewer_name = models.CharField(_("reviewed by"), max_length=120, blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_file = models.CharField(max_length=255, blank=True)
    # The file entry last loaded: a load changes the row only when the file's entry changed,
    # so a review recorded in the portal survives reloads of an unchanged file.
    file_checksum = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["urn", "language"]
        constraints = [
            models.UniqueConstraint(fields=["urn", "language"], name="one_translation_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.urn} ({self.language})"
