"""Forms of the training pages: enrolling, the learner's profile, and a quiz built from its
questions (radio buttons for single choice, check boxes for multiple), all without JS."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chemsec.core.models import Organisation
from chemsec.training.choices import Gender, QuestionKind, Sector
from chemsec.training.models import Question


class EnrolForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("I take this course for"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Myself"),
    )

    def __init__(self, *args: Any, organisations: Sequence[Organisation] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])


class ProfileForm(forms.Form):
    """Optional and self-declared: used only for the counts of experts trained."""

    country = forms.CharField(
        label=_("Country (two-letter code)"), required=False, max_length=2,
        help_text=_("ISO 3166-1 alpha-2 code, for example KE"),
    )  # fmt: skip
    sector = forms.ChoiceField(
        label=_("Sector"), choices=Sector.choices, initial=Sector.UNDISCLOSED
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=Gender.choices, initial=Gender.UNDISCLOSED
    )

    def clean_country(self) -> str:
        country: str = self.cleaned_data["country"].strip().upper()
        if country and not (len(country) == 2 and country.isalpha()):
            raise forms.ValidationError(_("Use the two-letter ISO 3166-1 code."))
        return country


class QuizForm(forms.Form):
    """One field per question, named by the question's id; the answers are choice ids.

    Labels are the texts the view put on the questions and choices (``.tr``: the reader's
    language, by position), or the English; the values are ids in every language."""

    def __init__(self, *args: Any, questions: Sequence[Question], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for number, question in enumerate(self.questions, start=1):
            choices = [(str(c.pk), str(getattr(c, "tr", c.text))) for c in question.choices.all()]
            label = f"{number}. {getattr(question, 'tr', question.text)}"
            if question.kind == QuestionKind.MULTIPLE:
                self.fields[str(question.pk)] = forms.MultipleChoiceField(
                    label=label, choices=choices, widget=forms.CheckboxSelectMultiple,
                    help_text=_("Select all that apply."),
                    error_messages={"required": _("Answer this question.")},
                )  # fmt: skip
            else:
                self.fields[str(question.pk)] = forms.ChoiceField(
                    label=label, choices=choices, widget=forms.RadioSelect,
                    error_messages={"required": _("Answer this question.")},
                )  # fmt: skip

    def answers(self) -> dict[str, list[str]]:
        return {
            name: value if isinstance(value, list) else [value]
            for name, value in self.cleaned_data.items()
        }


class CourseForm(forms.Form):
    """The secretariat's settings of a course (its modules come from content or the API)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea)
    published = forms.BooleanField(label=_("Published in the catalogue"), required=False)
    pass_mark = forms.IntegerField(label=_("Pass mark (%)"), min_value=1, max_value=100)
    max_attempts = forms.IntegerField(
        label=_("Attempts allowed per quiz"), min_value=1, max_value=20
    )
    validity_months = forms.IntegerField(
        label=_("Certificate valid for (months)"), required=False, min_value=1, max_value=240,
        help_text=_("Empty: the certificate does not expire."),
    )  # fmt: skip

    FIELDS = ("title", "summary", "published", "pass_mark", "max_attempts", "validity_months")
