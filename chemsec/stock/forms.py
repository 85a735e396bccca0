"""Stock forms: a movement, a precision, a file of movements, a reconciliation, the alert rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chemsec.facilities.models import Facility, InventorySnapshot, SnapshotStatus
from chemsec.stock.models import MovementKind, PrecisionKind

DATE = forms.DateInput(attrs={"type": "date"})


class MovementForm(forms.Form):
    chemical_key = forms.CharField(label=_("Chemical (CAS number)"), max_length=40)
    chemical_name = forms.CharField(label=_("Name"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=MovementKind.choices)
    quantity_kg = forms.FloatField(
        label=_("Quantity (kg)"),
        help_text=_("Positive; only an adjustment is signed (negative for a loss written off)."),
    )
    occurred_on = forms.DateField(label=_("Date"), widget=DATE)
    reference = forms.CharField(label=_("Reference"), max_length=200, required=False)


class PrecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of record"), choices=PrecisionKind.choices)
    absolute_kg = forms.FloatField(label=_("Absolute (kg, 1 sigma)"), min_value=0, initial=0)
    relative_percent = forms.FloatField(
        # xgettext:no-python-format
        label=_("Relative (% of the quantity, 1 sigma)"),
        min_value=0,
        max_value=100,
        initial=0,
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File of movements (CSV or XLSX)"),
        help_text=_(
            "Columns: date (YYYY-MM-DD), chemical (CAS number), name, kind, quantity, unit, "
            "reference."
        ),
    )


class ReconcileForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=DATE)
    period_end = forms.DateField(label=_("To"), widget=DATE)
    opening_snapshot = forms.ModelChoiceField(
        label=_("Opening inventory"), queryset=InventorySnapshot.objects.none(), required=False
    )
    closing_snapshot = forms.ModelChoiceField(
        label=_("Closing inventory"), queryset=InventorySnapshot.objects.none(), required=False
    )
    chemical_key = forms.CharField(
        label=_("Or one chemical (CAS number) with stated inventories"),
        max_length=40,
        required=False,
    )
    opening_kg = forms.FloatField(label=_("Stated opening (kg)"), min_value=0, required=False)
    closing_kg = forms.FloatField(label=_("Stated closing (kg)"), min_value=0, required=False)

    def __init__(self, *args: Any, facility: Facility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        snapshots = facility.snapshots.filter(status=SnapshotStatus.DONE)
        for name in ("opening_snapshot", "closing_snapshot"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = snapshots

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        snapshots = data.get("opening_snapshot") and data.get("closing_snapshot")
        stated = data.get("chemical_key") and all(
            data.get(k) is not None for k in ("opening_kg", "closing_kg")
        )
        if not snapshots and not stated:
            raise ValidationError(
                _(
                    "Choose an opening and a closing inventory snapshot, or state the opening "
                    "and closing of one chemical."
                )
            )
        return data


class SettingsForm(forms.Form):
    k = forms.FloatField(
        label=_("k: alert when |MUF| is beyond k sigma"),
        min_value=0.5,
        max_value=10,
        initial=3,
        help_text=_(
            "3 by default: with normal measurement errors about 1 balance in 370 goes beyond "
            "3 sigma by chance (1 in 22 beyond 2 sigma)."
        ),
    )
    threshold_kg = forms.FloatField(
        label=_("Threshold (kg): alert when |MUF| is beyond it, whatever sigma"),
        min_value=0,
        required=False,
    )
