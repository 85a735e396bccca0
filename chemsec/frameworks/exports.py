"""Files out: campaign dashboards (CSV, XLSX) and road maps (PDF, XLSX).

Dashboard exports carry section-level scores only, never single answers. Road-map
exports carry the confidentiality marking on every page (PDF header and footer,
spreadsheet header and footer, and the first row); the PDF is the road map page's own
table rendered by the shared document pipeline (chemsec.core.pdf).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from chemsec.compendium.translations import translations_for
from chemsec.core.pdf import render_pdf
from chemsec.frameworks.analysis import Dashboard
from chemsec.frameworks.models import RoadMap
from chemsec.lib.spreadsheet import spreadsheet_safe

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe_rows(rows: list[list[Any]]) -> list[list[Any]]:
    """Organisation names and action titles are typed by members: never run them as formulas."""
    return [[spreadsheet_safe(value) for value in row] for row in rows]


def dashboard_rows(dashboard: Dashboard) -> list[list[Any]]:
    codes = [s.code for s in dashboard.sections]
    status = {org.pk: label for org, label in dashboard.statuses}
    header = [_("Organisation"), _("Country"), _("Region"), _("Status"), *codes]
    rows: list[list[Any]] = [header]
    for row in dashboard.heat:
        org = row["organisation"]
        cells = [_cell(cell) for cell in row["cells"]]
        rows.append([org.name, org.country, org.region, status.get(org.pk, ""), *cells])
    means = [_cell({"score": item["mean"], "masked": False}) for item in dashboard.by_section]
    rows.append([_("Mean of submitted assessments"), "", "", "", *means])
    return rows


def _cell(cell: dict[str, Any]) -> Any:
    if cell.get("masked"):
        return _("confidential")
    return "" if cell["score"] is None else cell["score"]


def dashboard_csv(dashboard: Dashboard) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(_safe_rows(dashboard_rows(dashboard)))
    return buffer.getvalue().encode("utf-8")


def dashboard_xlsx(dashboard: Dashboard) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Needs by State")[:31]
    for row in _safe_rows(dashboard_rows(dashboard)):
        sheet.append(row)
    sections = workbook.create_sheet(_("Sections")[:31])
    sections.append([_("Code"), _("Section")])
    for row in _safe_rows([[s.code, s.title] for s in dashboard.sections]):
        sections.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def marking(roadmap: RoadMap) -> str:
    return _("CONFIDENTIALITY: %(level)s") % {"level": roadmap.confidentiality_label.upper()}


def _action_rows(roadmap: RoadMap) -> list[list[str]]:
    return [
        [
            action.shown_title,
            action.owner,
            str(action.get_priority_display()),
            action.due_date.isoformat() if action.due_date else "",
            str(action.get_status_display()),
            f"{action.progress} %",
            "\n".join(action.practices),
        ]
        for action in roadmap.actions.all()
    ]


def _headers() -> list[str]:
    return [
        _("Action"),
        _("Owner"),
        _("Priority"),
        _("Due"),
        _("Status"),
        _("Progress"),
        _("Linked practices"),
    ]


def roadmap_xlsx(roadmap: RoadMap) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Road map")[:31]
    sheet.oddHeader.center.text = marking(roadmap)
    sheet.oddFooter.center.text = marking(roadmap)
    sheet.append([marking(roadmap)])
    for row in _safe_rows([[roadmap.shown_title], _headers(), *_action_rows(roadmap)]):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def roadmap_pdf(roadmap: RoadMap) -> bytes:
    """The road map page's table as an A4 landscape PDF, in the reader's language, through
    the shared document pipeline; the marking heads and foots every page."""
    actions = list(roadmap.actions.select_related("question"))
    urns = [a.question.urn for a in actions if a.question is not None]
    return render_pdf(
        "frameworks/roadmap_print.html",
        {
            "roadmap": roadmap,
            "assessment": roadmap.assessment,
            "actions": actions,
            "translated": translations_for(urns),
        },
        marking=marking(roadmap),
        title=roadmap.shown_title,
    )


# The formats each page offers, by file extension.
DASHBOARD_WRITERS: dict[str, Callable[[Dashboard], bytes]] = {
    "csv": dashboard_csv,
    "xlsx": dashboard_xlsx,
}
ROADMAP_WRITERS: dict[str, Callable[[RoadMap], bytes]] = {"pdf": roadmap_pdf, "xlsx": roadmap_xlsx}
CONTENT_TYPES = {"csv": "text/csv", "xlsx": XLSX, "pdf": "application/pdf"}
