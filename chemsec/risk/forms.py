"""Forms for risk-register pages: assessments, ratings, measures with protection changes,
the organisation's matrix."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chemsec.core.limits import with_model_limits
from chemsec.facilities.forms import choices, model_choices
from chemsec.risk.models import MEASURE_FIELDS, Measure, RiskEntry, RiskMethod
from chemsec.science.diagram_changes import element_key, parse_element_key

RBPS = [
    (1, _("Restrict area perimeter")),
    (2, _("Secure site assets")),
    (3, _("Screen and control access")),
    (4, _("Deter, detect and delay")),
    (5, _("Shipping, receipt and storage")),
    (6, _("Theft and diversion")),
    (7, _("Sabotage")),
    (8, _("Cyber")),
    (9, _("Response")),
    (10, _("Monitoring")),
    (11, _("Training")),
    (12, _("Personnel surety")),
    (13, _("Elevated threats")),
    (14, _("Specific threats, vulnerabilities or risks")),
    (15, _("Reporting of significant security incidents")),
    (16, _("Significant security incidents and suspicious activities")),
    (17, _("Officials and organisation")),
    (18, _("Records")),
]


class AssessmentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    method = forms.ChoiceField(label=_("Method"), choices=RiskMethod.choices)


if TYPE_CHECKING:  # generic in django-stubs only; at run time ModelForm takes no parameters
    EntryFormBase = forms.ModelForm[RiskEntry]
    MeasureFormBase = forms.ModelForm[Measure]
else:
    EntryFormBase = MeasureFormBase = forms.ModelForm


class EntryForm(EntryFormBase):
    """A register line; on the edit page its scenario is fixed (``scenarios=None``)."""

    class Meta:
        model = RiskEntry
        fields = [
            "scenario",
            "p_attack",
            "protection_diagram",
            "p_interruption",
            "p_neutralisation",
            "consequence",
            "inherent_likelihood",
            "inherent_consequence",
            "current_likelihood",
            "current_consequence",
            "rationale",
        ]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "protection_diagram": _(
                "P_I then comes from the diagram's latest version: the EASI P(I) of its most "
                "vulnerable path. Saving again takes the newest version."
            ),
            "p_interruption": _("Used only when no protection diagram is linked."),
        }

    def __init__(
        self, *args: Any, scenarios: Any, method: str, diagrams: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        with_model_limits(self)
        if scenarios is None:
            del self.fields["scenario"]
        else:
            model_choices(self, "scenario").queryset = scenarios
        drop: tuple[str, ...] = (
            "inherent_likelihood",
            "inherent_consequence",
            "current_likelihood",
            "current_consequence",
        )
        if method == RiskMethod.QUALITATIVE:
            drop = (
                "p_attack",
                "protection_diagram",
                "p_interruption",
                "p_neutralisation",
                "consequence",
            )
        for name in drop:
            del self.fields[name]
        for name, field in self.fields.items():
            if name not in ("rationale", "scenario", "protection_diagram", "p_interruption"):
                field.required = True
        linked = self.instance.protection_diagram_id
        self.diagram_hidden = bool(linked) and not diagrams.filter(pk=linked).exists()
        if self.diagram_hidden:
            # The editor may not see the linked diagram: no field, so saving keeps the link
            # (and the P_I it gives) instead of posting "none" and unlinking it.
            for name in ("protection_diagram", "p_interruption"):
                self.fields.pop(name, None)
        if "protection_diagram" in self.fields:
            diagram = model_choices(self, "protection_diagram")
            diagram.queryset = diagrams
            diagram.empty_label = _("None: type P_I")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        typed = "p_interruption" in self.fields and data.get("p_interruption") is None
        unsure = {"p_interruption", "protection_diagram"} & set(self.errors)
        if typed and not data.get("protection_diagram") and not unsure:
            self.add_error(
                "p_interruption", _("Type P_I, or link a protection diagram to compute it.")
            )
        return data

    def _post_clean(self) -> None:
        # The service validates the entry against its assessment; skip the model pass here.
        pass


class MeasureForm(MeasureFormBase):
    entry = forms.ModelChoiceField(queryset=RiskEntry.objects.none(), label=_("Risk (scenario)"))
    practice_urns = forms.MultipleChoiceField(label=_("Compendium practices"), required=False)
    rbps_topics = forms.TypedMultipleChoiceField(
        label=_("Performance-standard topics (RBPS 1-18)"), choices=RBPS, coerce=int, required=False
    )

    class Meta:
        model = Measure
        # Protection changes have their own rows of fields (see change_forms).
        fields = [name for name in MEASURE_FIELDS if name != "protection_changes"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "proposed_p_interruption": _(
                "Typed by hand; a protection change below, when given, is used instead."
            )
        }

    def __init__(
        self, *args: Any, entries: Any, practices: list[tuple[str, str]], method: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        with_model_limits(self)
        model_choices(self, "entry").queryset = entries
        # Only published practices are offered; one a measure links to already stays
        # choosable after it is withdrawn or superseded, so saving does not drop it.
        offered = {urn for urn, _title in practices}
        kept = [urn for urn in self.instance.practice_urns or [] if urn not in offered]
        choices(self, "practice_urns").choices = [
            *practices,
            *((urn, _("%(urn)s (no longer published)") % {"urn": urn}) for urn in kept),
        ]
        drop: tuple[str, ...] = ("proposed_likelihood", "proposed_consequence")
        if method == RiskMethod.QUALITATIVE:
            drop = ("proposed_p_interruption",)
        for name in drop:
            del self.fields[name]

    def _post_clean(self) -> None:
        pass


class ChangeForm(forms.Form):
    """One protection change of a measure: an element of the risk's diagram, new values."""

    element = forms.ChoiceField(label=_("Path element"), required=False)
    p_detection = forms.FloatField(label=_("New P(D)"), required=False, min_value=0, max_value=1)
    delay_mean = forms.FloatField(label=_("New mean delay (s)"), required=False, min_value=0)
    delay_sd = forms.FloatField(label=_("New delay sd (s)"), required=False, min_value=0)

    def __init__(self, *args: Any, elements: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices(self, "element").choices = [("", "—"), *elements]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = [data.get(k) for k in ("p_detection", "delay_mean", "delay_sd")]
        given = any(v is not None for v in values)
        if data.get("element") and not given:
            raise forms.ValidationError(_("Give a new P(D), delay or delay sd for the element."))
        if given and not data.get("element"):
            raise forms.ValidationError(_("Choose the path element the new values are for."))
        return data

    def change(self) -> dict[str, Any] | None:
        """The change in the shape Measure.protection_changes keeps, or None for a blank row."""
        data = self.cleaned_data
        if not data.get("element"):
            return None
        layer, element = parse_element_key(data["element"])
        values = {k: data[k] for k in ("p_detection", "delay_mean", "delay_sd")}
        return {"layer": layer, "element": element} | {
            k: v for k, v in values.items() if v is not None
        }


CHANGE_ROWS = 2


def change_forms(
    data: Any, elements: list[Any], existing: list[dict[str, Any]] | None = None
) -> list[ChangeForm]:
    """Fixed rows of change forms (no JavaScript): the existing changes, then blank rows.

    Existing changes are passed only for an editor who may see the diagram they are for
    (the view's `_changes_hidden`): their element names are that diagram's.
    """
    existing = existing or []
    initials = [{**c, "element": element_key(c.get("layer", ""), c["element"])} for c in existing]
    known = {value for _group, options in elements for value, _label in options}
    # A change whose element left the diagram stays choosable, so editing does not drop it.
    gone = [(i["element"], " / ".join(parse_element_key(i["element"]))) for i in initials]
    gone = [option for option in gone if option[0] not in known]
    choices = [*elements, (_("Not in the linked diagram"), gone)] if gone else elements
    rows = max(CHANGE_ROWS, len(existing) + 1)
    return [
        ChangeForm(
            data,
            prefix=f"change-{i}",
            initial=initials[i] if i < len(initials) else {},
            elements=choices,
        )
        for i in range(rows)
    ]


def collect_changes(rows: list[ChangeForm]) -> list[dict[str, Any]] | None:
    """Every filled row's change, or None when a row is invalid (its form says why)."""
    if not all(row.is_valid() for row in rows):
        return None
    return [c for c in (row.change() for row in rows) if c is not None]


class MatrixForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Added here, not declared on the class: a field named "data" would shadow the
        # form's own `data` (the posted values) for type checkers.
        self.fields["data"] = forms.CharField(
            label=_("Matrix (JSON)"),
            widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "false"}),
            help_text=_(
                "Likelihood and consequence scales, levels and the grid (one row per likelihood)."
            ),
        )

    def clean_data(self) -> dict[str, Any]:
        try:
            data = json.loads(self.cleaned_data["data"])
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("Not valid JSON: %(error)s"), params={"error": str(exc)}
            ) from exc
        if not isinstance(data, dict):
            raise forms.ValidationError(_("The matrix must be a JSON object."))
        return data
