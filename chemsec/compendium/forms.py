"""Forms for proposing and reviewing entries (used by pages; the API validates with schemas)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chemsec.compendium.choices import (
    Audience,
    FacilityScale,
    Language,
    MeasureType,
    Stage,
    Threat,
)
from chemsec.compendium.models import Practice, Proposal

_TICKS = forms.CheckboxSelectMultiple


def _split(text: str, sep: str) -> list[str]:
    return [part.strip() for part in text.split(sep) if part.strip()]


def parse_references(text: str) -> list[dict[str, Any]]:
    """One reference a line: title | publisher | year | https URL (all but the title optional)."""
    references = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if not parts[0]:
            continue
        ref: dict[str, Any] = {"title": parts[0]}
        for key, value in zip(("publisher", "year", "url"), parts[1:], strict=False):
            if value:
                ref[key] = int(value) if key == "year" and value.isdigit() else value
        if "url" in ref and not str(ref["url"]).startswith("https://"):
            raise forms.ValidationError(_("Reference links must start with https://."))
        references.append(ref)
    return references


def format_references(references: list[dict[str, Any]]) -> str:
    keys = ("title", "publisher", "year", "url")
    return "\n".join(" | ".join(str(r.get(k, "")) for k in keys).rstrip(" |") for r in references)


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(
        label=_("Body"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Markdown. Headings: What, Why, How to implement, How to check, Pitfalls."),
    )
    stages = forms.MultipleChoiceField(
        label=_("Life-cycle stages"), choices=Stage.choices, widget=_TICKS
    )
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"), choices=Audience.choices, widget=_TICKS
    )
    measure_types = forms.MultipleChoiceField(
        label=_("Measure types"), choices=MeasureType.choices, widget=_TICKS
    )
    threats = forms.MultipleChoiceField(label=_("Threats"), choices=Threat.choices, widget=_TICKS)
    facility_scale = forms.MultipleChoiceField(
        label=_("Facility scale"), choices=FacilityScale.choices, widget=_TICKS
    )
    keywords = forms.CharField(label=_("Keywords"), required=False, help_text=_("Comma-separated."))
    references = forms.CharField(
        label=_("Public references"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: title | publisher | year | https link."),
    )
    related_urns = forms.CharField(
        label=_("Related entries"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One entry URN a line."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial="en")
    translation_of = forms.CharField(
        label=_("Translation of"), required=False, help_text=_("URN of the original entry.")
    )
    note = forms.CharField(
        label=_("What and why"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_keywords(self) -> list[str]:
        return _split(self.cleaned_data["keywords"], ",")

    def clean_references(self) -> list[dict[str, Any]]:
        return parse_references(self.cleaned_data["references"])

    def clean_related_urns(self) -> list[str]:
        urns = _split(self.cleaned_data["related_urns"], "\n")
        known = set(Practice.objects.filter(urn__in=urns).values_list("urn", flat=True))
        unknown = [u for u in urns if u not in known]
        if unknown:
            raise forms.ValidationError(
                _("Unknown entries: %(urns)s") % {"urns": ", ".join(unknown)}
            )
        return urns

    def clean_translation_of(self) -> Practice | None:
        urn = self.cleaned_data["translation_of"].strip()
        if not urn:
            return None
        original = Practice.objects.filter(urn=urn).first()
        if original is None:
            raise forms.ValidationError(_("Unknown entry."))
        return original


def initial_from(source: Practice | Proposal) -> dict[str, Any]:
    """Form values from a published entry (to propose a change) or a draft (to edit it)."""
    names = ("title", "summary", "body", "stages", "audiences", "measure_types", "threats",
             "facility_scale", "language")  # fmt: skip
    initial = {name: getattr(source, name) for name in names}
    initial["keywords"] = ", ".join(source.keywords)
    initial["references"] = format_references(source.references)
    if isinstance(source, Practice):
        initial["related_urns"] = "\n".join(source.related.values_list("urn", flat=True))
    else:
        initial["related_urns"] = "\n".join(source.related_urns)
        initial["note"] = source.note
    original = source.translation_of
    initial["translation_of"] = original.urn if original else ""
    return initial


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class SupersedeForm(forms.Form):
    replacement = forms.CharField(label=_("Replacement entry URN"))

    def clean_replacement(self) -> Practice:
        found = Practice.objects.searchable().filter(urn=self.cleaned_data["replacement"]).first()
        if found is None:
            raise forms.ValidationError(_("No published entry has this URN."))
        return found
