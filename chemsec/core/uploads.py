"""Every upload checked by what it holds, not only by its name: one check for the
inventory, screening and evidence uploads, pages and API alike (`chemsec.lib.sniff` reads
the bytes)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from chemsec.lib import sniff

# The kinds of file, in the reader's language.
KIND_TEXT = {
    sniff.TEXT: gettext_noop("text"),
    "pdf": gettext_noop("a PDF document"),
    "png": gettext_noop("a PNG image"),
    "jpeg": gettext_noop("a JPEG image"),
    "gif": gettext_noop("a GIF image"),
    "xlsx": gettext_noop("an Excel workbook (XLSX)"),
    "docx": gettext_noop("a Word document (DOCX)"),
    "odt": gettext_noop("an OpenDocument text"),
    "ods": gettext_noop("an OpenDocument spreadsheet"),
    "zip": gettext_noop("a ZIP archive"),
    "ole": gettext_noop("an old Office file (XLS or DOC)"),
    "binary": gettext_noop("binary data, not text"),
    "empty": gettext_noop("nothing: the file is empty"),
}
TABULAR = ("csv", "tsv", "txt", "xlsx")
SCREENABLE = (*TABULAR, "tab", "smi", "smiles", "sdf", "sd", "mol")


def check_upload(upload: Any, allowed: Collection[str] | None = None) -> str:
    """Refuse a file whose name is not one of the ``allowed`` endings (when given), that is
    empty, or whose content is not what its name says; the file's kind when it is fine.

    ``upload`` is an uploaded file (Django's or ninja's), read from its start and put back.
    """
    ext = sniff.extension(upload.name or "")
    if allowed is not None and ext not in allowed:
        raise ValidationError(
            _("Upload a file of one of these types: %(types)s."),
            code="file_type",
            params={"types": ", ".join(f".{e}" for e in allowed)},
        )
    upload.seek(0)
    kind = sniff.kind_of(upload)
    if kind == "empty":
        raise ValidationError(_("The file is empty."), code="file_empty")
    if sniff.mismatch(upload.name or "", kind):
        raise ValidationError(
            _(
                "The file is named .%(ext)s but holds %(found)s; upload the file itself, "
                "not a renamed one."
            ),
            code="file_content",
            params={"ext": ext, "found": _(KIND_TEXT.get(kind, kind))},
        )
    return kind
