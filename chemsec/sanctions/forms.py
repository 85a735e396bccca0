from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("List file"),
        help_text=_(
            "US Consolidated Screening List (JSON or CSV), UN consolidated list (XML), EU "
            "financial sanctions list (XML) or UK sanctions list (XML), as published."
        ),
    )
    version = forms.CharField(
        label=_("Version label"),
        required=False,
        max_length=40,
        help_text=_("Leave empty to use the date the file states."),
    )


def _default_expiry() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=180)


class ClearForm(forms.Form):
    justification = forms.CharField(
        label=_("Why this is not the listed party"), widget=forms.Textarea(attrs={"rows": 3})
    )
    expires_on = forms.DateField(
        label=_("Cleared until"),
        initial=_default_expiry,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("At most a year; the match is raised again sooner if the entry changes."),
    )
