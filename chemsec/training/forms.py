"""Forms of the training pages: enrolling, the learner's profile, a quiz built from its
questions (radio buttons for single choice, check boxes for multiple), and a reviewer's
correction of a course translation, all without JS."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chemsec.core.limits import country_code_valid
from chemsec.core.models import Organisation
from chemsec.training.choices import Gender, QuestionKind, Sector
from chemsec.training.models import CourseTranslation, Question
from chemsec.training.translations import TEXT_LANGUAGES


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
        if country and not country_code_valid(country):
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


class TranslationCorrectionForm(forms.Form):
    """A reviewer's correction of a course's or a module's translation: every text of the
    translation, filled with the current ones, each shown beside its English (``rows``).

    A module's quiz is corrected whole: every question's text and every choice (as many as
    the English, in its order), an explanation where the English has one; all left empty,
    the module has no translated quiz (its questions are shown in English)."""

    def __init__(
        self,
        *args: Any,
        translation: CourseTranslation,
        english: dict[str, str],
        questions: Sequence[Question] = (),
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.translation = translation
        self.questions = list(questions)
        fields = translation.fields
        self.rows: list[tuple[str, str]] = []  # (field name, the English beside it)
        self.fields["title"] = forms.CharField(label=_("Title"), max_length=200, strip=True)
        self._add("title", english.get("title", ""), fields.get("title", ""))
        if translation.kind == "course":
            # Not stripped: a text keeps its line ends as the file has them (a Markdown
            # body ends with one), so an untouched text compares equal to the stored one.
            self.fields["summary"] = forms.CharField(
                label=_("Summary"), widget=forms.Textarea, strip=False
            )
            self._add("summary", english.get("summary", ""), fields.get("summary", ""))
        else:
            self.fields["body"] = forms.CharField(
                label=_("Text (Markdown)"),
                widget=forms.Textarea(attrs={"rows": 16}),
                strip=False,
            )
            self._add("body", english.get("body", ""), fields.get("body", ""))
            self._quiz_fields(fields.get("quiz") or [])
        self.fields["note"] = forms.CharField(
            label=_("What you corrected, and why"), required=False,
            widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        )  # fmt: skip

    def _add(self, name: str, english: str, current: str) -> None:
        """A text of the translation: typed in its language and direction, described by
        its English (shown beside it, ``<id>_english``)."""
        self.initial.setdefault(name, current)
        self.rows.append((name, english))
        language = self.translation.language
        self.fields[name].widget.attrs.update({
            "lang": TEXT_LANGUAGES.get(language, language),
            "dir": "rtl" if language == "ar" else "ltr",
            "aria-describedby": f"id_{name}_english",
        })  # fmt: skip

    def _quiz_fields(self, quiz: list[dict[str, Any]]) -> None:
        translated = len(quiz) == len(self.questions)
        for n, question in enumerate(self.questions, start=1):
            mine = quiz[n - 1] if translated else {}
            self.fields[f"q{n}_text"] = forms.CharField(
                label=_("Question %(n)d") % {"n": n}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )  # fmt: skip
            self._add(f"q{n}_text", question.text, mine.get("text", ""))
            if question.explanation:
                self.fields[f"q{n}_explanation"] = forms.CharField(
                    label=_("Explanation of question %(n)d") % {"n": n}, required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )  # fmt: skip
                self._add(f"q{n}_explanation", question.explanation, mine.get("explanation", ""))
            choices = mine.get("choices", [])
            for m, choice in enumerate(question.choices.all(), start=1):
                self.fields[f"q{n}_c{m}"] = forms.CharField(
                    label=_("Question %(n)d, answer %(m)d") % {"n": n, "m": m},
                    required=False, max_length=500,
                )  # fmt: skip
                self._add(f"q{n}_c{m}", choice.text, choices[m - 1] if m <= len(choices) else "")

    def _quiz_names(self) -> list[str]:
        return [name for name, _english in self.rows if name.startswith("q")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        names = self._quiz_names()
        filled = [name for name in names if data.get(name)]
        if filled:  # a quiz is translated whole: every text and choice, explanations optional
            for name in names:
                if not data.get(name) and not name.endswith("_explanation"):
                    self.add_error(name, _("Translate every question and answer of the quiz."))
        return data

    def texts(self) -> dict[str, Any]:
        """The corrected texts, in the overlay's shape (a quiz in the English order)."""
        # A browser sends a textarea's line ends as CRLF; the files and the English use LF.
        # A text of spaces only is no text (the service then says what is missing).
        data = {
            k: (v.replace("\r\n", "\n") if v.strip() else "") if isinstance(v, str) else v
            for k, v in self.cleaned_data.items()
        }
        texts: dict[str, Any] = {"title": data["title"]}
        if self.translation.kind == "course":
            texts["summary"] = data["summary"]
            return texts
        texts["body"] = data["body"]
        if any(data.get(name) for name in self._quiz_names()):
            quiz = []
            for n, question in enumerate(self.questions, start=1):
                item: dict[str, Any] = {"text": data[f"q{n}_text"]}
                if data.get(f"q{n}_explanation"):
                    item["explanation"] = data[f"q{n}_explanation"]
                count = len(question.choices.all())
                item["choices"] = [data[f"q{n}_c{m}"] for m in range(1, count + 1)]
                quiz.append(item)
            texts["quiz"] = quiz
        return texts

    def rows_bound(self) -> list[tuple[Any, str]]:
        """(bound field, its English) in the form's order, for the side-by-side template."""
        return [(self[name], english) for name, english in self.rows]
