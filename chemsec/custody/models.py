"""Chain of custody: samples and other evidence, their handovers, hashed files, and a
hash-chained custody log per item (chain.py), visible to the parties of the chain only.

A handover is recorded by the party that holds the item and confirmed by the party that
receives it (for a step done where the item is, by a second person: a witness).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chemsec.core.choices import Confidentiality
from chemsec.core.models import AuditedModel, Organisation, OwnedModel
from chemsec.custody.choices import HandoverStatus, Step, entry_kind_label, step_label
from chemsec.custody.querysets import SampleQuerySet


class Sample(OwnedModel):
    """A sample or other item of evidence, with its seal and where and by whom it was taken."""

    identifier = models.CharField(_("identifier"), max_length=100)
    seal_number = models.CharField(_("seal number"), max_length=100, blank=True)
    description = models.TextField(_("description"))
    taken_at = models.DateTimeField(_("taken"), default=timezone.now)
    taken_by = models.CharField(_("taken by"), max_length=200)
    taken_place = models.CharField(_("where"), max_length=300)
    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="portions"
    )
    holder = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("held by")
    )
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=16,
        choices=Confidentiality.choices,
        default=Confidentiality.RESTRICTED,
    )

    objects = SampleQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-taken_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "identifier"], name="one_identifier")
        ]

    def __str__(self) -> str:
        return self.identifier


class _Part(AuditedModel):
    sample: Any

    class Meta:
        abstract = True

    @property
    def organisation(self) -> Organisation:
        organisation: Organisation = self.sample.organisation
        return organisation


class Handover(_Part):
    """One step of the chain, recorded by the giving party, confirmed by the receiving one."""

    sample = models.ForeignKey(Sample, on_delete=models.CASCADE, related_name="handovers")
    step = models.CharField(_("step"), max_length=20, choices=Step)
    from_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    seal_number = models.CharField(_("seal number"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    status = models.CharField(max_length=12, choices=HandoverStatus, default=HandoverStatus.PENDING)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    confirmed_at = models.DateTimeField(null=True, blank=True)
    seal_intact = models.BooleanField(null=True, blank=True)
    confirm_note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.sample}"


class Attachment(_Part):
    """A photo or document of the chain, hashed (SHA-256) when it was added."""

    sample = models.ForeignKey(Sample, on_delete=models.CASCADE, related_name="attachments")
    handover = models.ForeignKey(
        Handover, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(upload_to="custody/%Y/%m/")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()

    def __str__(self) -> str:
        return self.filename


class CustodyEntry(_Part):
    """One link of a sample's custody log (append-only, hash-chained: chain.py)."""

    sample = models.ForeignKey(Sample, on_delete=models.CASCADE, related_name="entries")
    sequence = models.PositiveIntegerField()
    at = models.DateTimeField()
    kind = models.CharField(max_length=20)
    actor = models.CharField(max_length=150)
    actor_organisation = models.CharField(max_length=200)
    data = models.JSONField(default=dict)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["sequence"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "sequence"], name="one_link_per_place")
        ]

    def __str__(self) -> str:
        return f"{self.sample} #{self.sequence} {self.kind}"

    @property
    def kind_label(self) -> str:
        """What the entry records, in the reader's language; an unknown code as stored."""
        return entry_kind_label(self.kind) or self.kind

    @property
    def step_label(self) -> str:
        """The handover step a recorded or confirmed entry is about, translated ('' if none)."""
        return step_label(self.data.get("step") if isinstance(self.data, dict) else None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sequence": self.sequence,
            "at": self.at.isoformat(),
            "kind": self.kind,
            "actor": self.actor,
            "organisation": self.actor_organisation,
            "data": self.data,
            "previous_hash": self.previous_hash,
            "entry_hash": self.entry_hash,
        }


class ChainTimestamp(_Part):
    """An RFC 3161 timestamp token on the head of a sample's custody log (timestamps.py)."""

    sample = models.ForeignKey(Sample, on_delete=models.CASCADE, related_name="timestamps")
    sequence = models.PositiveIntegerField()
    entry_hash = models.CharField(max_length=64)
    tsa_url = models.URLField(max_length=500)
    authority = models.CharField(max_length=500, blank=True)
    gen_time = models.DateTimeField()
    serial = models.CharField(max_length=80)
    token = models.BinaryField()

    class Meta:
        ordering = ["sequence", "gen_time"]

    def __str__(self) -> str:
        return f"{self.sample} #{self.sequence} @ {self.gen_time.isoformat()}"
