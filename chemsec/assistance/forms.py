"""Forms for filing, triaging and following up assistance requests."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from chemsec.assistance.choices import Availability, MeasureType, Priority, RequestStatus, Stage
from chemsec.assistance.matching import framework_sections_shown
from chemsec.assistance.models import ExpertProfile
from chemsec.core.choices import Region
from chemsec.core.models import User


class _SectionSelect(forms.Select):
    """Options whose framework section title is left in English are marked lang="en"."""

    english: set[str] = set()

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        if str(option["value"]) in self.english:
            option["attrs"] = {**option["attrs"], "lang": "en", "dir": "ltr"}
        return option


def _blank(label: Any, choices: Any) -> list[Any]:
    return [("", label), *choices]


class RequestForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    need = forms.CharField(
        label=_("Describe the need"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "In your own words: what you want to achieve, what is in place, what is missing."
        ),
    )
    framework_section = forms.ChoiceField(
        label=_("Framework section (optional)"),
        required=False,
        choices=(),
        widget=_SectionSelect,
    )
    stage = forms.ChoiceField(
        label=_("Life-cycle stage (optional)"),
        required=False,
        choices=_blank(_("Any stage"), Stage.choices),
    )
    measure_type = forms.ChoiceField(
        label=_("Measure type (optional)"),
        required=False,
        choices=_blank(_("Any measure type"), MeasureType.choices),
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        section = self.fields["framework_section"]
        assert isinstance(section, forms.ChoiceField)
        groups, english = framework_sections_shown()
        section.choices = _blank(_("None"), groups)
        assert isinstance(section.widget, _SectionSelect)
        section.widget.english = english


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class TriageForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=RequestStatus.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignForm(forms.Form):
    expert: forms.ModelChoiceField[ExpertProfile] = forms.ModelChoiceField(
        label=_("Expert"), queryset=ExpertProfile.objects.none()
    )
    role = forms.CharField(label=_("Role in this request (optional)"), required=False)

    def __init__(
        self, *args: Any, experts: QuerySet[ExpertProfile] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        expert = self.fields["expert"]
        assert isinstance(expert, forms.ModelChoiceField)
        if experts is not None:
            expert.queryset = experts


class OutcomeForm(forms.Form):
    text = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 4}))
    make_draft = forms.BooleanField(
        label=_("Make a draft compendium entry from this outcome"), required=False
    )


COMPETENCIES = [
    (_("Measure types"), MeasureType.choices),
    (_("Life-cycle stages"), Stage.choices),
]


class ExpertForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    competencies = forms.MultipleChoiceField(
        label=_("Competencies"), choices=COMPETENCIES, required=False
    )
    languages = forms.CharField(
        label=_("Languages"), required=False, help_text=_("Codes separated by commas: en, fr, es")
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=_blank("—", Region.choices)
    )
    availability = forms.ChoiceField(label=_("Availability"), choices=Availability.choices)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_username(self) -> User:
        user = User.objects.filter(username=self.cleaned_data["username"], is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active user with this username."))
        return user

    def clean_languages(self) -> list[str]:
        return [c.strip().lower() for c in self.cleaned_data["languages"].split(",") if c.strip()]
