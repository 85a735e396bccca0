"""Forms: starting an assessment, answering a section, evidence, campaigns, road-map actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chemsec.core import limits
from chemsec.core.models import Organisation
from chemsec.frameworks.models import AnswerType, Framework, Question, RoadMapAction
from chemsec.frameworks.services import AnswerInput

CHOICE_LABELS = [
    ("yes", _("Yes")),
    ("partial", _("Partly")),
    ("no", _("No")),
    ("na", _("Not applicable")),
]
MATURITY_LABELS = [
    ("0", _("0 · none")),
    ("1", _("1 · initial")),
    ("2", _("2 · developing")),
    ("3", _("3 · established")),
    ("4", _("4 · leading")),
]


class AssessmentStartForm(forms.Form):
    framework = forms.ModelChoiceField(Framework.objects.all(), label=_("Framework"))
    title = forms.CharField(label=_("Title"), max_length=200, required=False)


def _value_field(question: Question) -> forms.Field:
    label = f"{question.code} {question.text}"
    if question.answer_type == AnswerType.YES_PARTIAL_NO_NA:
        return forms.ChoiceField(
            label=label, choices=CHOICE_LABELS, required=False, widget=forms.RadioSelect
        )
    if question.answer_type == AnswerType.MATURITY:
        return forms.ChoiceField(
            label=label, choices=MATURITY_LABELS, required=False, widget=forms.RadioSelect
        )
    if question.answer_type == AnswerType.NUMBER:
        # Every number question is a count or an amount: finite, not negative.
        return forms.DecimalField(label=label, required=False, validators=limits.COUNT)
    return forms.CharField(
        label=label,
        required=False,
        max_length=limits.TEXT_ANSWER,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SectionAnswersForm(forms.Form):
    """The answers to one section's questions: value, comment and a confidential flag each."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"{question.code}__value"] = _value_field(question)
            self.fields[f"{question.code}__comment"] = forms.CharField(
                label=_("Comment or evidence note"),
                required=False,
                max_length=limits.TEXT_NOTE,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{question.code}__confidential"] = forms.BooleanField(
                label=_("Confidential (counted only in aggregates)"), required=False
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "question": question,
                "value": self[f"{question.code}__value"],
                "comment": self[f"{question.code}__comment"],
                "confidential": self[f"{question.code}__confidential"],
            }
            for question in self.questions
        ]

    def answer_inputs(self) -> list[AnswerInput]:
        """The answers whose fields are all valid (after `is_valid`): one invalid answer
        does not hold back the others."""
        data = self.cleaned_data
        names = ("value", "comment", "confidential")
        return [
            AnswerInput(
                code=q.code,
                value="" if data[f"{q.code}__value"] is None else str(data[f"{q.code}__value"]),
                comment=data[f"{q.code}__comment"],
                confidential=data[f"{q.code}__confidential"],
            )
            for q in self.questions
            if all(f"{q.code}__{name}" in data for name in names)
        ]

    def add_answer_errors(self, exc: Any) -> None:
        """A service's refusal, keyed by question code, at that question's answer."""
        errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
        for code, messages in errors.items():
            name = f"{code}__value"
            self.add_error(name if name in self.fields else None, messages)


class EvidenceForm(forms.Form):
    question = forms.ChoiceField(label=_("Question"))
    file = forms.FileField(
        label=_("Evidence file"),
        help_text=_("PDF, Word, Excel, OpenDocument, PNG, JPEG or plain text."),
    )

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        question = self.fields["question"]
        assert isinstance(question, forms.ChoiceField)
        question.choices = [(q.code, q.code) for q in questions]


class ReopenRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should it be reopened?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    framework = forms.ModelChoiceField(Framework.objects.all(), label=_("Framework version"))
    invited = forms.ModelMultipleChoiceField(
        Organisation.objects.order_by("name"),
        label=_("Invited organisations"),
        widget=forms.CheckboxSelectMultiple,
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        validators=limits.PLANNING_DATE,
        widget=forms.DateInput(
            attrs={
                "type": "date",
                "min": limits.DATE_MIN.isoformat(),
                "max": limits.DATE_MAX.isoformat(),
            }
        ),
    )
    reminder_days = forms.CharField(
        label=_("Reminders (days before the deadline)"),
        required=False,
        initial="14, 7, 1",
        help_text=_("Comma-separated, for example 14, 7, 1."),
    )

    def clean_reminder_days(self) -> list[int]:
        text = self.cleaned_data["reminder_days"]
        try:
            days = [int(part) for part in text.replace(";", ",").split(",") if part.strip()]
        except ValueError as exc:
            raise forms.ValidationError(_("Give whole numbers of days.")) from exc
        if any(day < 0 or day > 365 for day in days):
            raise forms.ValidationError(_("Each reminder must be 0 to 365 days before."))
        return days


if TYPE_CHECKING:  # generic in django-stubs only; at run time ModelForm takes no parameters
    ActionFormBase = forms.ModelForm[RoadMapAction]
else:
    ActionFormBase = forms.ModelForm


class ActionForm(ActionFormBase):
    practices_text = forms.CharField(
        label=_("Linked practices (one URN a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = RoadMapAction
        fields = ["title", "description", "owner", "priority", "due_date", "status", "progress"]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["practices_text"].initial = "\n".join(self.instance.practices)
            # A title the platform wrote is offered in the reader's language, and so is the
            # description: the typed one only (not the question's English text).
            self.initial["title"] = self.instance.shown_title
            self.initial["description"] = self.instance.own_description

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        lines = self.cleaned_data["practices_text"].splitlines()
        data["practices"] = [line.strip() for line in lines if line.strip()]
        return data
