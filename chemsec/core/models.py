"""Organisations, people, confidentiality, the audit trail, jobs and API tokens."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from chemsec.core import write_guard
from chemsec.core.choices import (
    AuditAction,
    Confidentiality,
    JobStatus,
    OrganisationKind,
    Region,
    Role,
    TokenScope,
)
from chemsec.core.limits import country_code_valid
from chemsec.core.querysets import OwnedQuerySet
from chemsec.lib.tabular import upload_limit_bytes  # noqa: F401  (kept for its callers)


class BaseModel(models.Model):
    """Common identity and timestamps for every domain record."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class User(AbstractUser):
    """A person who signs in to the portal."""

    # The language the person last chose in the portal's language switch: their e-mails
    # are written in it (`chemsec.core.mail`). Empty: the portal's default language.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_privileged(self) -> bool:
        """Organisation admins and secretariat staff, who must use two-factor sign-in."""
        return self.memberships.filter(
            models.Q(role=Role.ADMIN) | models.Q(organisation__kind=OrganisationKind.SECRETARIAT)
        ).exists()


class Organisation(BaseModel):
    """A secretariat, national authority, company, university or other member body."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2 code")
    )
    region = models.CharField(_("region"), max_length=32, choices=Region.choices, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == OrganisationKind.NATIONAL_AUTHORITY and not self.country:
            raise ValidationError({"country": _("A national authority needs its country.")})
        if self.country and not country_code_valid(self.country):
            raise ValidationError({"country": _("Use the two-letter ISO 3166-1 code.")})
        self.country = self.country.upper()


class Membership(BaseModel):
    """A person's role in one organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership")
        ]
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class AuditedModel(BaseModel):
    """A domain record written only through chemsec.core.writes, which audits every write.

    save() and delete() anywhere else raise UnauditedWrite, always. Queryset .update() and
    bulk operations bypass these methods, so services must not use them on audited models.
    The parts of an owned object (areas, entries,
    answers) inherit this directly; owned objects through OwnedModel.
    """

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        write_guard.check(self, "save")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        write_guard.check(self, "delete")
        return super().delete(*args, **kwargs)


class OwnedModel(AuditedModel):
    """An object owned by an organisation, with a confidentiality level and named sharing."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=16,
        choices=Confidentiality.choices,
        default=Confidentiality.ORGANISATION,
    )
    shared_with_users = models.ManyToManyField(User, blank=True, related_name="+")
    shared_with_organisations = models.ManyToManyField(Organisation, blank=True, related_name="+")

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One append-only, hash-chained record of something done to a domain object."""

    sequence = models.BigAutoField(primary_key=True)
    created_at = models.DateTimeField()
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    changes = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-sequence"]
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type} by {self.actor_name}"

    # Not a column: set on the in-memory copies a reader gets (chemsec/core/audit_redaction.py).
    redacted = False

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValidationError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValidationError("Audit entries are append-only.")


class AuditChainHead(models.Model):
    """The single row that serialises audit appends: the last sequence and hash."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.last_hash


class Job(OwnedModel):
    """A piece of long work run by `chemsec worker`, with progress and a result."""

    kind = models.CharField(max_length=64)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(default=dict, blank=True)
    result_file = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    input_file = models.FileField(upload_to="uploads/%Y/%m/", blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=100, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Cancelling: who asked and when; a running job stops at its next progress report.
    cancel_requested_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} ({self.get_status_display()})"

    @property
    def label(self) -> str:
        from chemsec.core.jobs import job_label

        return str(job_label(self.kind))

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED}

    @property
    def is_cancellable(self) -> bool:
        return self.status in {JobStatus.QUEUED, JobStatus.RUNNING}


class ScheduledRun(models.Model):
    """When one periodic kind of job was last queued; workers compare-and-set it to queue once."""

    kind = models.CharField(max_length=64, primary_key=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    last_job = models.ForeignKey(
        Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return self.kind


class ApiToken(BaseModel):
    """A personal API token; only its hash is kept, the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    scope = models.CharField(_("scope"), max_length=8, choices=TokenScope.choices)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class LoginFailure(models.Model):
    """A failed sign-in, counted to slow down password guessing."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} at {self.created_at}"


class PasswordResetRequest(models.Model):
    """A password-reset request, counted per e-mail and per address to stop mail floods.

    The e-mail is kept only as a keyed hash: the table must not become a list of the
    addresses people typed, most of which may belong to no account.
    """

    email_key = models.CharField(max_length=64, db_index=True)
    ip_address = models.GenericIPAddressField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"reset request at {self.created_at}"


class ContentItem(models.Model):
    """One versioned reference object (a list entry, practice, framework, matrix) by URN."""

    urn = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=40, db_index=True)
    version = models.CharField(max_length=32)
    data = models.JSONField()
    checksum = models.CharField(max_length=64)
    source_file = models.CharField(max_length=255)
    source_line = models.PositiveIntegerField(default=0)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["urn"]

    def __str__(self) -> str:
        return f"{self.urn} v{self.version}"

    @property
    def title(self) -> str:
        """A heading for lists: the object's title or name, whichever its kind has."""
        data = self.data if isinstance(self.data, dict) else {}
        return str(data.get("title") or data.get("name") or "")

    @property
    def language(self) -> str:
        """The language of the object's texts: a translation overlay names its own; the
        shipped reference content is written in English."""
        data = self.data if isinstance(self.data, dict) else {}
        return str(data.get("language") or "en")
