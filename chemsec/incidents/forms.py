"""Incident forms: every field labelled for translation; the services validate the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from chemsec.core.models import Organisation, User
from chemsec.facilities.models import Facility
from chemsec.incidents.choices import ExerciseKind, IncidentKind, Tlp

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=IncidentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    facility: forms.ModelChoiceField[Facility] = forms.ModelChoiceField(
        label=_("Facility"), queryset=Facility.objects.none(), required=False
    )
    exercise = forms.ChoiceField(label=_("Mode"), choices=ExerciseKind.choices, required=False)
    detected_at = forms.DateTimeField(label=_("Detected"), widget=DATETIME)
    occurred_at = forms.DateTimeField(label=_("Occurred (if known)"), widget=DATETIME,
                                      required=False)  # fmt: skip
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea({"rows": 4}),
                                  required=False)  # fmt: skip
    people_informed = forms.CharField(label=_("People informed"), required=False,
                                      widget=forms.Textarea({"rows": 2}))  # fmt: skip
    immediate_actions = forms.CharField(label=_("Immediate actions"), required=False,
                                        widget=forms.Textarea({"rows": 2}))  # fmt: skip
    tlp = forms.ChoiceField(label=_("TLP label for sharing"), choices=Tlp.choices,
                            initial=Tlp.AMBER)  # fmt: skip
    shareable_summary = forms.CharField(
        label=_("Shareable summary"), required=False, widget=forms.Textarea({"rows": 2}),
        help_text=_("What a CERT or a partner may read: no names, no site details."),
    )  # fmt: skip

    def __init__(self, *args: Any, facilities: QuerySet[Facility] | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        field = self.fields["facility"]
        assert isinstance(field, forms.ModelChoiceField)
        if facilities is not None:
            field.queryset = facilities


class ChemicalForm(forms.Form):
    inventory_key = forms.ChoiceField(label=_("From the facility's inventory"), required=False)
    name = forms.CharField(label=_("Or name it"), max_length=300, required=False)
    cas = forms.CharField(label=_("CAS number"), max_length=20, required=False)
    quantity = forms.DecimalField(label=_("Quantity"), min_value=0, decimal_places=3)
    unit = forms.CharField(label=_("Unit"), max_length=16, initial="kg")

    def __init__(self, *args: Any, inventory: list[dict[str, Any]] | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        field = self.fields["inventory_key"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—")] + [(c["key"], c["name"]) for c in inventory or []]


class TimelineForm(forms.Form):
    text = forms.CharField(label=_("Entry"), widget=forms.Textarea({"rows": 2}))


class ReportForm(forms.Form):
    authority: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("National authority"), queryset=Organisation.objects.none()
    )
    note = forms.CharField(label=_("Note for the authority"), required=False,
                           widget=forms.Textarea({"rows": 2}))  # fmt: skip

    def __init__(self, *args: Any, authorities: QuerySet[Organisation] | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        field = self.fields["authority"]
        assert isinstance(field, forms.ModelChoiceField)
        if authorities is not None:
            field.queryset = authorities


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    owner: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.none(), required=False
    )
    due_on = forms.DateField(label=_("Due"), required=False,
                             widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    corrective = forms.BooleanField(label=_("Corrective action"), required=False)

    def __init__(self, *args: Any, people: QuerySet[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        if people is not None:
            field.queryset = people


class FindingForm(forms.Form):
    finding = forms.CharField(label=_("Finding"), required=False,
                              widget=forms.Textarea({"rows": 2}))  # fmt: skip


class LessonForm(forms.Form):
    title = forms.CharField(label=_("Lesson"), max_length=200)
    text = forms.CharField(
        label=_("What to do differently"), widget=forms.Textarea({"rows": 3}),
        help_text=_("In general terms: it may become a compendium practice."),
    )  # fmt: skip
