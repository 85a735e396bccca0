"""Sanctions and denied-party lists as imported, dated data sets, and screening receipts.

A list version (`ListVersion`) is one file imported by a user, owned by their organisation;
its entries are written at once with the version (one audit entry for the import). A
screening (`Screening`) is the receipt of one party screened against the organisation's
current versions: which versions, the algorithm and its settings, every match with its score
and which names matched which. A reviewer's false-positive decision (`Clearance`) names the
entry's fingerprint: when the entry changes in a later version, the match is raised again.

The screened party is named by plain data (`subject_type`, `subject_id`): this app never
imports the apps whose records it screens.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from chemsec.core.models import AuditedModel, OwnedModel


class ListSource(models.TextChoices):
    US_CSL = "us_csl", _("US Consolidated Screening List")
    UN = "un", _("UN Security Council consolidated list")
    EU = "eu", _("EU consolidated financial sanctions list")
    UK = "uk", _("UK sanctions list")


class ScreeningStatus(models.TextChoices):
    CLEAR = "clear", _("Not on the selected lists")
    POTENTIAL = "potential", _("Potential match: review")
    CLEARED = "cleared", _("Matches cleared as false positives")


class ListVersion(OwnedModel):
    source = models.CharField(_("list"), max_length=16, choices=ListSource.choices)
    version = models.CharField(_("version"), max_length=60)
    published_on = models.CharField(_("date stated in the file"), max_length=40, blank=True)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64)
    entry_count = models.PositiveIntegerField(default=0)
    # Against the previous version of the same list: {"added": n, "changed": n, "removed": n}.
    delta = models.JSONField(default=dict, blank=True)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    current = models.BooleanField(default=True)

    class Meta:
        ordering = ["source", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.version}"


class ListEntry(AuditedModel):
    list_version = models.ForeignKey(ListVersion, on_delete=models.CASCADE, related_name="entries")
    key = models.CharField(max_length=120)
    kind = models.CharField(max_length=16)
    names = models.JSONField(default=list)
    countries = models.JSONField(default=list)
    identifiers = models.JSONField(default=list)  # [[kind, number, country], ...]
    addresses = models.JSONField(default=list)
    programmes = models.JSONField(default=list)
    list_name = models.CharField(max_length=200, blank=True)
    fingerprint = models.CharField(max_length=64)
    change = models.CharField(max_length=8, default="added")  # added | changed | same

    class Meta:
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["list_version", "key"], name="sanctions_entry_key")
        ]

    def __str__(self) -> str:
        return self.names[0] if self.names else self.key


class Screening(OwnedModel):
    subject_type = models.CharField(max_length=60)  # "supplychain.customer"
    subject_id = models.CharField(max_length=64)
    subject_label = models.CharField(max_length=300)
    query = models.JSONField(default=dict)  # names, kind, countries, identifiers, addresses
    versions = models.JSONField(default=list)  # [{id, source, version}]
    algorithm = models.CharField(max_length=100)
    settings = models.JSONField(default=dict)
    status = models.CharField(max_length=12, choices=ScreeningStatus.choices)
    top_score = models.FloatField(default=0.0)
    reason = models.CharField(max_length=30, blank=True)  # "import", "rescreen", "manual", ...

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.subject_label} ({self.status})"


class ScreeningMatch(AuditedModel):
    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="matches")
    entry = models.ForeignKey(ListEntry, on_delete=models.PROTECT, related_name="+")
    score = models.FloatField()
    detail = models.JSONField(default=dict)  # names compared, parts, adjustments
    cleared_by = models.ForeignKey(
        "Clearance", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-score"]

    def __str__(self) -> str:
        return f"{self.entry} {self.score:.2f}"


class Clearance(OwnedModel):
    """A reviewer's "false positive": this party is not this list entry, until `expires_on`
    or until the entry changes (another fingerprint), whichever comes first."""

    subject_type = models.CharField(max_length=60)
    subject_id = models.CharField(max_length=64)
    source = models.CharField(max_length=16, choices=ListSource.choices)
    entry_key = models.CharField(max_length=120)
    entry_fingerprint = models.CharField(max_length=64)
    justification = models.TextField(_("justification"))
    expires_on = models.DateField(_("expires on"))

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.subject_label()} ≠ {self.entry_key}"

    def subject_label(self) -> str:
        return f"{self.subject_type}:{self.subject_id}"

    def applies(self, entry: ListEntry, day: dt.date) -> bool:
        return (
            self.entry_key == entry.key
            and self.source == entry.list_version.source
            and self.entry_fingerprint == entry.fingerprint
            and day <= self.expires_on
        )
