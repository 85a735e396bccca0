"""Waste forms: a stream, a chemical in it, a consignment, receipt, disposal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chemsec.core.models import Organisation
from chemsec.waste.codes import (
    split_waste_codes,
    validate_dot_id_number,
    validate_epa_id,
    validate_federal_waste_codes,
    validate_notification_number,
)
from chemsec.waste.models import ConsignmentLine
from chemsec.waste.services import OPERATIONS

DATE = forms.DateInput(attrs={"type": "date"})


class StreamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    ewc_code = forms.CharField(
        label=_("European List of Waste code"), max_length=12, required=False
    )
    us_waste_codes = forms.CharField(
        label=_("US EPA waste codes (comma-separated)"),
        max_length=200,
        required=False,
        validators=[validate_federal_waste_codes],
    )
    basel_code = forms.CharField(label=_("Basel Annex VIII/IX code"), max_length=12, required=False)
    dot_id_number = forms.CharField(
        label=_("DOT identification number (UN or NA number)"),
        max_length=6,
        required=False,
    )
    dot_description = forms.CharField(
        label=_("DOT shipping description"),
        help_text=_(
            "As printed on the manifest: identification number, proper shipping name, hazard "
            "class, packing group. Empty if the waste is not hazardous for transport."
        ),
        max_length=500,
        required=False,
    )

    def clean_dot_id_number(self) -> str:
        value = str(self.cleaned_data["dot_id_number"]).strip().upper()
        validate_dot_id_number(value)
        return value


class StreamChemicalForm(forms.Form):
    chemical_key = forms.CharField(label=_("Chemical (CAS number)"), max_length=40)
    chemical_name = forms.CharField(label=_("Name"), max_length=300, required=False)
    estimated_kg_per_year = forms.FloatField(label=_("Estimated kg per year"), min_value=0)


class ConsignmentForm(forms.Form):
    receiver = forms.ModelChoiceField(
        label=_("Receiving facility's operator"), queryset=Organisation.objects.order_by("name")
    )
    receiving_site = forms.CharField(label=_("Receiving facility (name and address)"))
    transporters = forms.ModelMultipleChoiceField(
        label=_("Transporters (in the order they carry it)"),
        queryset=Organisation.objects.order_by("name"),
    )
    expected_by = forms.DateField(label=_("Expected to be received by"), widget=DATE)
    description = forms.CharField(label=_("Waste description"), max_length=300)
    container_type = forms.CharField(label=_("Container type"), max_length=60)
    container_count = forms.IntegerField(label=_("Containers"), min_value=1, initial=1)
    seal_numbers = forms.CharField(label=_("Seal numbers"), max_length=500, required=False)
    quantity_kg = forms.FloatField(label=_("Quantity (kg)"), min_value=0.001)
    chemical_key = forms.CharField(label=_("Chemical (CAS number)"), max_length=40, required=False)
    dot_id_number = forms.CharField(
        label=_("DOT identification number (UN or NA number)"),
        help_text=_("Leave both DOT fields empty to use the stream's."),
        max_length=6,
        required=False,
    )
    dot_description = forms.CharField(
        label=_("DOT shipping description"), max_length=500, required=False
    )
    notification_number = forms.CharField(
        label=_("Notification number (transboundary shipments)"),
        max_length=40,
        required=False,
    )
    generator_epa_id = forms.CharField(
        label=_("Generator's EPA ID number (US shipments)"),
        max_length=12,
        required=False,
    )
    transporter_epa_ids = forms.CharField(
        label=_("Transporters' EPA ID numbers, in their order (comma-separated)"),
        max_length=200,
        required=False,
    )
    receiver_epa_id = forms.CharField(
        label=_("Receiving facility's EPA ID number"),
        max_length=12,
        required=False,
    )

    def _checked(self, name: str, validate: Callable[[str], None]) -> str:
        """Capitals, as the systems of record print them, then their format."""
        value = str(self.cleaned_data[name]).strip().upper()
        validate(value)
        return value

    def clean_dot_id_number(self) -> str:
        return self._checked("dot_id_number", validate_dot_id_number)

    def clean_notification_number(self) -> str:
        return self._checked("notification_number", validate_notification_number)

    def clean_generator_epa_id(self) -> str:
        return self._checked("generator_epa_id", validate_epa_id)

    def clean_receiver_epa_id(self) -> str:
        return self._checked("receiver_epa_id", validate_epa_id)

    def clean_transporter_epa_ids(self) -> list[str]:
        ids = split_waste_codes(str(self.cleaned_data["transporter_epa_ids"]))
        for value in ids:
            validate_epa_id(value)
        return ids


class SignForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, lines: list[ConsignmentLine], receiving: bool, **kw: Any):
        super().__init__(*args, **kw)
        self.lines = lines
        if receiving:
            for line in lines:
                self.fields[f"received_{line.pk}"] = forms.FloatField(
                    label=_("Received (kg): %(line)s") % {"line": line.description}, min_value=0
                )
                self.fields[f"seals_{line.pk}"] = forms.BooleanField(
                    label=_("Seals intact: %(seals)s") % {"seals": line.seal_numbers or "-"},
                    required=False,
                )


class CertifyForm(forms.Form):
    disposal_code = forms.ChoiceField(
        label=_("Disposal or recovery operation"), choices=[(c, c) for c in OPERATIONS]
    )
    disposed_on = forms.DateField(label=_("Disposed on"), widget=DATE)
    certificate_reference = forms.CharField(label=_("Certificate reference"), max_length=120)
