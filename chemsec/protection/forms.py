"""Forms: a diagram as a JSON document (edited by asd.js when scripts run), a release."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chemsec.protection.evaluation import (
    SCHEMA_HELP,
    check_p_neutralisation,
    load_document,
    validate,
)
from chemsec.protection.models import Phase, ReleaseScenario, Terrain
from chemsec.science.inputs import InputError

MAX_IMPORT_BYTES = 512 * 1024
ENDPOINT_UNITS = [("mg/m3", "mg/m³"), ("ppm", "ppm"), ("mg/L", "mg/L")]
ENDPOINT_PURPOSES = [
    ("rmp", _("RMP scenario: 40 CFR 68 Appendix A toxic endpoint")),
    ("aegl2", _("Emergency planning: AEGL-2 (60 minutes)")),
    ("erpg2", _("Emergency planning: ERPG-2")),
]


def _scenario_field(choices: list[tuple[str, str]]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Scenario (optional)"),
        required=False,
        choices=[("", "—"), *choices],
    )


class DiagramForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    document = forms.CharField(
        label=_("Diagram (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false", "class": "asd-json"}),
        help_text=_(
            "Layers from off-site to the target; each element has name, p_detection (0-1), "
            "location (B, M or E), delay_mean and delay_sd in seconds. Example: %(example)s"
        )
        % {"example": SCHEMA_HELP},
    )
    file = forms.FileField(
        label=_("Or import a JSON file"),
        required=False,
        help_text=_("The same file `chemsec easi` reads; replaces the text above."),
    )
    p_neutralisation = forms.FloatField(
        label=_("P(N), probability of neutralisation"), min_value=0, max_value=1, initial=1.0
    )
    scenario = _scenario_field([])

    def __init__(self, *args: Any, scenarios: list[tuple[str, str]] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["scenario"] = _scenario_field(scenarios or [])

    def _text(self) -> str:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return str(self.cleaned_data.get("document") or "")
        if upload.size > MAX_IMPORT_BYTES:
            raise InputError("file", "larger than 512 KB")
        try:
            text: str = upload.read().decode("utf-8")
            return text
        except UnicodeDecodeError as exc:
            raise InputError("file", "not UTF-8 text") from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            doc = load_document(self._text())
            if "p_neutralisation" in doc:
                data["p_neutralisation"] = check_p_neutralisation(doc.pop("p_neutralisation"))
            validate(doc)
        except InputError as exc:
            self.add_error("file" if exc.field == "file" else "document", str(exc))
            return data
        data["parsed"] = doc
        data["document"] = json.dumps(doc, indent=2)
        return data


class ConsequenceForm(forms.Form):
    chemical_name = forms.CharField(label=_("Chemical name"), max_length=200, required=False)
    cas = forms.RegexField(
        label=_("CAS number"),
        regex=r"^\d{2,7}-\d{2}-\d$",
        error_messages={"invalid": _("Enter a CAS number such as 7782-50-5.")},
    )
    quantity_kg = forms.FloatField(label=_("Quantity (kg)"), min_value=0.001)
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    diked_area_m2 = forms.FloatField(label=_("Diked area (m²)"), min_value=0.01, required=False)
    release_scenario = forms.ChoiceField(
        label=_("Scenario"), choices=ReleaseScenario.choices, initial=ReleaseScenario.WORST
    )
    terrain = forms.ChoiceField(label=_("Terrain"), choices=Terrain.choices)
    population_density_per_km2 = forms.FloatField(
        label=_("Population density (people/km²)"),
        min_value=0,
        required=False,
        help_text=_("Leave empty to use the facility profile, when it records one."),
    )
    endpoint_purpose = forms.ChoiceField(
        label=_("Endpoint for"),
        choices=ENDPOINT_PURPOSES,
        initial="rmp",
        required=False,
        help_text=_(
            "An RMP scenario uses the 40 CFR 68 Appendix A endpoint; emergency planning "
            "AEGL-2 or ERPG-2."
        ),
    )
    endpoint_value = forms.FloatField(
        label=_("Toxic endpoint (optional)"),
        min_value=0.000001,
        required=False,
        help_text=_(
            "When given, used instead of any endpoint on file, and shown as entered by the user."
        ),
    )
    endpoint_unit = forms.ChoiceField(label=_("Endpoint unit"), choices=ENDPOINT_UNITS)
    scenario = _scenario_field([])

    def __init__(self, *args: Any, scenarios: list[tuple[str, str]] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["scenario"] = _scenario_field(scenarios or [])
