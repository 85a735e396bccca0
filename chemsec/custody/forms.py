"""Custody forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from chemsec.core.models import Organisation
from chemsec.custody.choices import Step
from chemsec.incidents.models import Incident

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _organisations(field: forms.Field, queryset: QuerySet[Organisation] | None) -> None:
    assert isinstance(field, forms.ModelChoiceField)
    if queryset is not None:
        field.queryset = queryset


class SampleForm(forms.Form):
    identifier = forms.CharField(label=_("Identifier"), max_length=100)
    incident: forms.ModelChoiceField[Incident] = forms.ModelChoiceField(
        label=_("Incident"), queryset=Incident.objects.none(), required=False
    )
    seal_number = forms.CharField(label=_("Seal number"), max_length=100, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea({"rows": 3}))
    taken_at = forms.DateTimeField(label=_("Taken"), widget=DATETIME)
    taken_by = forms.CharField(label=_("Taken by"), max_length=200)
    taken_place = forms.CharField(label=_("Where"), max_length=300)

    def __init__(self, *args: Any, incidents: QuerySet[Incident] | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        field = self.fields["incident"]
        assert isinstance(field, forms.ModelChoiceField)
        if incidents is not None:
            field.queryset = incidents


class HandoverForm(forms.Form):
    step = forms.ChoiceField(
        label=_("Step"), choices=[c for c in Step.choices if c[0] != Step.SPLIT]
    )
    to_organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("To (for a handover)"), queryset=Organisation.objects.none(), required=False
    )
    seal_number = forms.CharField(label=_("Seal number"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args: Any, organisations: QuerySet[Organisation] | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        _organisations(self.fields["to_organisation"], organisations)


class ConfirmForm(forms.Form):
    seal_intact = forms.BooleanField(label=_("Seal intact"), required=False)
    seal_number_seen = forms.CharField(label=_("Seal number seen"), max_length=100,
                                       required=False)  # fmt: skip
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))


class SplitForm(forms.Form):
    first_identifier = forms.CharField(label=_("First portion: identifier"), max_length=100)
    first_seal = forms.CharField(label=_("First portion: seal number"), max_length=100)
    first_lab: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("First portion: laboratory"), queryset=Organisation.objects.none()
    )
    second_identifier = forms.CharField(label=_("Second portion: identifier"), max_length=100)
    second_seal = forms.CharField(label=_("Second portion: seal number"), max_length=100)
    second_lab: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Second portion: laboratory"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation] | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        _organisations(self.fields["first_lab"], organisations)
        _organisations(self.fields["second_lab"], organisations)


class AttachmentForm(forms.Form):
    upload = forms.FileField(label=_("Photo or document"))
