"""Screenings kept in an organisation's history."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from chemsec.core.models import Job, OwnedModel


class ScreeningSource(models.TextChoices):
    PASTED = "pasted", _("Pasted identifiers")
    FILE = "file", _("Uploaded file")
    API = "api", _("API")


class Screening(OwnedModel):
    """One screening run by a signed-in member: its inputs, options and results."""

    source = models.CharField(max_length=16, choices=ScreeningSource.choices)
    label = models.CharField(_("label"), max_length=200, blank=True)
    lists = models.JSONField(default=list, blank=True)
    as_of = models.DateField(null=True, blank=True)
    input_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    # Interactive screenings keep their rows here; file screenings keep them as job files.
    results = models.JSONField(default=list, blank=True)
    job = models.OneToOneField(
        Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="screening"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label or f"{self.get_source_display()} ({self.input_count})"
