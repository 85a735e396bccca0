"""Decisions and actions as CSV and XLSX: the same columns in both, each cell made safe
for spreadsheet programs (chemsec.lib.spreadsheet)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from chemsec.lib.spreadsheet import spreadsheet_safe
from chemsec.network.models import ActionItem, Decision
from chemsec.network.progress import effective_status


def decision_rows(decisions: Iterable[Decision]) -> tuple[list[str], list[list[Any]]]:
    header = ["reference", "meeting", "date", "item", "decision", "sensitivity"]
    rows = [
        [
            d.reference,
            d.meeting.title,
            d.meeting.starts_at.date().isoformat(),
            str(d.item) if d.item else "",
            d.text,
            d.sensitivity,
        ]
        for d in decisions
    ]
    return header, rows


def action_rows(actions: Iterable[ActionItem]) -> tuple[list[str], list[list[Any]]]:
    header = [
        "meeting", "date", "owner", "action", "due", "status", "points_at", "object", "sensitivity"
    ]  # fmt: skip
    rows = [
        [
            a.meeting.title,
            a.meeting.starts_at.date().isoformat(),
            a.organisation.name,
            a.text,
            a.due.isoformat(),
            effective_status(a),
            a.target_kind,
            a.target_id,
            a.sensitivity,
        ]
        for a in actions
    ]
    return header, rows


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31] or _("Export")
    sheet.append(list(header))
    for row in rows:
        sheet.append([spreadsheet_safe(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_download(
    header: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str, *, sheet: str, filename: str
) -> HttpResponse:
    """A table as an attachment: CSV (UTF-8 with a byte-order mark, for spreadsheet programs)
    or XLSX; `filename` without its extension."""
    if fmt == "csv":
        response = HttpResponse(to_csv(header, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(to_xlsx(header, rows, sheet), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
