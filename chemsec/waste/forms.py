"""Waste forms: a stream, a chemical in it, a consignment, receipt, disposal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chemsec.core.models import Organisation
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
        label=_("US EPA waste codes (comma-separated)"), max_length=200, required=False
    )
    basel_code = forms.CharField(label=_("Basel Annex VIII/IX code"), max_length=12, required=False)


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
