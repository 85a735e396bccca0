"""Forms for facility pages: profile, sharing, inventory upload, threats, scenarios."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chemsec.core.models import Organisation, User, upload_limit_bytes
from chemsec.facilities.models import (
    THREAT_FIELDS,
    Area,
    EmergencyContact,
    Facility,
    Goal,
    Scenario,
    ThreatProfile,
)

INVENTORY_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")


class FacilityForm(forms.ModelForm):
    class Meta:
        model = Facility
        fields = [
            "name",
            "facility_type",
            "country",
            "latitude",
            "longitude",
            "operating_hours",
            "nearby_population",
            "population_density",
            "emergency_contact",
        ]

    def clean_country(self) -> str:
        country = self.cleaned_data["country"].strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise forms.ValidationError(_("Use the two-letter ISO 3166-1 code."))
        return country


class OrganisationChoiceForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation")
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class AreaForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ContactForm(forms.ModelForm):
    class Meta:
        model = EmergencyContact
        fields = ["name", "role", "phone", "email"]


class ShareForm(forms.Form):
    authority = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label=_("National authority")
    )
    usernames = forms.CharField(
        required=False, label=_("Named people (user names, comma-separated)"), max_length=500
    )

    def __init__(self, *args: Any, authorities: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities

    def clean_usernames(self) -> list[User]:
        names = [n.strip() for n in self.cleaned_data["usernames"].split(",") if n.strip()]
        users = list(User.objects.filter(username__in=names, is_active=True))
        unknown = set(names) - {u.username for u in users}
        if unknown:
            raise forms.ValidationError(
                _("Unknown user names: %(names)s"), params={"names": ", ".join(sorted(unknown))}
            )
        return users

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("authority") and not data.get("usernames"):
            raise forms.ValidationError(_("Choose an authority or name at least one person."))
        return data


class InventoryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Inventory file"),
        help_text=_(
            "CSV, TSV or XLSX with columns identifier (CAS, name, SMILES or InChIKey), quantity, "
            "unit (kg, g, t, lb, L, mL, gal), and optionally concentration (%), container, area, "
            "name and density (kg/L)."
        ),
    )
    label = forms.CharField(label=_("Label"), required=False, max_length=200)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in INVENTORY_SUFFIXES:
            raise forms.ValidationError(_("Upload a CSV, TSV or XLSX file."))
        if upload.size == 0 or upload.size > upload_limit_bytes():
            raise forms.ValidationError(_("The file is empty or over the size limit."))
        return upload


class ThreatForm(forms.ModelForm):
    goals = forms.MultipleChoiceField(
        choices=Goal.choices, widget=forms.CheckboxSelectMultiple, label=_("Goals")
    )

    class Meta:
        model = ThreatProfile
        fields = list(THREAT_FIELDS)
        widgets = {
            "actors": forms.Textarea(attrs={"rows": 2}),
            "capabilities": forms.Textarea(attrs={"rows": 3}),
            "likelihood_rationale": forms.Textarea(attrs={"rows": 3}),
        }


class ThreatShareForm(forms.Form):
    facilities = forms.ModelMultipleChoiceField(
        queryset=Facility.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Facilities")
    )

    def __init__(self, *args: Any, facilities: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilities"].queryset = facilities


class ScenarioForm(forms.ModelForm):
    chemical_key = forms.ChoiceField(label=_("Chemical of interest"), required=False)

    class Meta:
        model = Scenario
        fields = ["name", "threat", "goal", "chemical_key", "area", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self,
        *args: Any,
        facility: Facility,
        threats: Any,
        chemicals: list[dict[str, Any]],
        seen_threats: set[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        threat = self.fields["threat"]
        threat.queryset = threats
        if seen_threats is not None:  # the scenario's own threat may be one they may not see
            threat.label_from_instance = lambda t: (  # type: ignore[attr-defined]
                str(t) if t.pk in seen_threats else str(_("(a threat profile you may not see)"))
            )
        self.fields["area"].queryset = facility.areas.all()
        self.chemical_names = {c["key"]: c["name"] for c in chemicals}
        self.fields["chemical_key"].choices = [("", "—"), *self.chemical_names.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("chemical_key") and not data.get("area") and not self.errors:
            raise forms.ValidationError(_("Choose a chemical of interest, an area, or both."))
        return data

    def _post_clean(self) -> None:
        # The service validates the scenario once it knows its facility.
        pass
