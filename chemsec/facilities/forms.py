"""Forms for facility pages: profile, sharing, inventory upload, threats, scenarios."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chemsec.core.limits import country_code_valid
from chemsec.core.models import Organisation, User
from chemsec.core.uploads import TABULAR, check_upload
from chemsec.facilities.models import (
    THREAT_FIELDS,
    Area,
    EmergencyContact,
    Facility,
    Goal,
    Scenario,
    ThreatProfile,
)
from chemsec.lib.tabular import upload_limit_bytes

INVENTORY_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")

if TYPE_CHECKING:  # generic in django-stubs only; at run time ModelForm takes no parameters
    FacilityFormBase = forms.ModelForm[Facility]
    AreaFormBase = forms.ModelForm[Area]
    ContactFormBase = forms.ModelForm[EmergencyContact]
    ThreatFormBase = forms.ModelForm[ThreatProfile]
    ScenarioFormBase = forms.ModelForm[Scenario]
    ThreatChoiceBase = forms.ModelChoiceField[ThreatProfile]
else:
    FacilityFormBase = AreaFormBase = ContactFormBase = forms.ModelForm
    ThreatFormBase = ScenarioFormBase = forms.ModelForm
    ThreatChoiceBase = forms.ModelChoiceField


def model_choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """A form's model choice field (single or multiple), to set its queryset."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


def choices(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """A form's choice field, to set its choices."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class FacilityForm(FacilityFormBase):
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
        country = str(self.cleaned_data["country"]).strip().upper()
        if not country_code_valid(country):
            raise forms.ValidationError(_("Use the two-letter ISO 3166-1 code."))
        return country


class OrganisationChoiceForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation")
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "organisation").queryset = organisations


class AreaForm(AreaFormBase):
    class Meta:
        model = Area
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ContactForm(ContactFormBase):
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
        model_choices(self, "authority").queryset = authorities

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
        check_upload(upload, TABULAR)  # what it holds, not only its name
        if upload.size == 0 or upload.size > upload_limit_bytes():
            raise forms.ValidationError(_("The file is empty or over the size limit."))
        return upload


class ThreatForm(ThreatFormBase):
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
        model_choices(self, "facilities").queryset = facilities


class ThreatChoiceField(ThreatChoiceBase):
    """A scenario's threat: named only if the person may see it (`seen`; None: all)."""

    seen: set[Any] | None = None

    def label_from_instance(self, obj: ThreatProfile) -> str:
        if self.seen is None or obj.pk in self.seen:
            return str(obj)
        return str(_("(a threat profile you may not see)"))


class ScenarioForm(ScenarioFormBase):
    chemical_key = forms.ChoiceField(label=_("Chemical of interest"), required=False)

    class Meta:
        model = Scenario
        fields = ["name", "threat", "goal", "chemical_key", "area", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"threat": ThreatChoiceField}

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
        assert isinstance(threat, ThreatChoiceField)
        threat.queryset = threats
        threat.seen = seen_threats  # the scenario's own threat may be one they may not see
        model_choices(self, "area").queryset = facility.areas.all()
        self.chemical_names = {c["key"]: c["name"] for c in chemicals}
        choices(self, "chemical_key").choices = [("", "—"), *self.chemical_names.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("chemical_key") and not data.get("area") and not self.errors:
            raise forms.ValidationError(_("Choose a chemical of interest, an area, or both."))
        return data

    def _post_clean(self) -> None:
        # The service validates the scenario once it knows its facility.
        pass
