"""The screening form: pasted identifiers or one file, lists and a date."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from chemsec.core.templatetags.list_join import list_separator
from chemsec.core.uploads import SCREENABLE, check_upload
from chemsec.lib.tabular import upload_limit_bytes
from chemsec.screening.engine.lists import not_yet_in_force, parse_lists
from chemsec.screening.services import MAX_INTERACTIVE

LIST_CHOICES = [
    ("cwc", _("CWC Schedules 1-3")),
    ("ag", _("Australia Group CW precursors")),
    ("eu", _("EU 2019/1148 explosives precursors")),
    ("cfats", _("CFATS Appendix A (lapsed; 5 rows)")),
]
FILE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".smi", ".smiles", ".sdf", ".sd", ".mol")


class ScreeningForm(forms.Form):
    identifiers = forms.CharField(
        label=_("Identifiers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "dir": "auto"}),
        help_text=_("One per line: a name, CAS number, SMILES, InChI or InChIKey."),
    )
    file = forms.FileField(
        label=_("Or a file"),
        required=False,
        help_text=_("CSV, TSV, XLSX, SMILES (.smi) or SDF. Large files run as a background job."),
    )
    column = forms.CharField(
        label=_("Identifier column (optional)"), required=False, max_length=100
    )
    lists = forms.MultipleChoiceField(
        label=_("Lists"),
        choices=LIST_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=[code for code, _label in LIST_CHOICES],
    )
    as_of = forms.DateField(
        label=_("Lists as in force on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for the lists as they stand today."),
    )

    def __init__(self, *args: Any, several: bool = True, **kwargs: Any) -> None:
        """`several`: the reader may screen lists and files (signed in); a signed-out
        visitor gets one identifier field and no file field, so the form offers only
        what it will screen."""
        super().__init__(*args, **kwargs)
        self.several = several
        if not several:
            field = self.fields["identifiers"]
            field.label = _("Identifier")
            field.widget = forms.TextInput(
                attrs={"spellcheck": "false", "dir": "auto", "autocomplete": "off"}
            )
            field.help_text = _("A name, CAS number, SMILES, InChI or InChIKey.")
            for name in ("file", "column"):
                del self.fields[name]

    def clean_identifiers(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["identifiers"].splitlines()]
        identifiers = [line for line in lines if line]
        if len(identifiers) > MAX_INTERACTIVE:
            raise forms.ValidationError(
                _("Paste at most %(n)s identifiers, or upload a file."),
                params={"n": MAX_INTERACTIVE},
            )
        return identifiers

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if Path(upload.name).suffix.lower() not in FILE_SUFFIXES:
            raise forms.ValidationError(_("Upload a CSV, TSV, XLSX, SMILES or SDF file."))
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > upload_limit_bytes():
            raise forms.ValidationError(
                _("The file is larger than the %(mb)s MB limit."),
                params={"mb": upload_limit_bytes() // (1024 * 1024)},
            )
        check_upload(upload, SCREENABLE)  # what it holds, not only its name
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("identifiers") and not data.get("file") and not self.errors:
            if not self.several:
                raise forms.ValidationError(_("Enter an identifier."))
            raise forms.ValidationError(_("Paste at least one identifier or choose a file."))
        self._check_as_of(data)
        return data

    def _check_as_of(self, data: dict[str, Any]) -> None:
        """A date before a selected list came into force is refused: screening against a
        list that did not exist yet would read as "clear"."""
        as_of = data.get("as_of")
        if as_of is None:
            return
        early = not_yet_in_force(parse_lists(data.get("lists") or None), as_of)
        if early:
            starts = list_separator().join(
                _("%(list)s from %(date)s") % {"list": code, "date": date_format(start)}
                for code, start in early
            )
            self.add_error(
                "as_of",
                _("No version of %(lists)s was in force on this date: choose a later date.")
                % {"lists": starts},
            )
