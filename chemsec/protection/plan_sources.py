"""Facility-side sections of the site plan, read from the facilities app when present.

That app is built in parallel and may change: each source is imported lazily, and a
source that is missing (or whose shape changed) yields a section that says it is not
available yet, instead of breaking the plan. Rows hanging off a facility are seen by
whoever may see the facility (the facilities app's rule); owned rows such as threat
profiles are filtered by their own `visible_to`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from chemsec.protection.selectors import facility_model

UNAVAILABLE = (ImportError, AttributeError, LookupError, FieldError, TypeError)
SKIPPED = {"id", "created_at", "updated_at", "confidentiality", "organisation", "facility"}
MAX_COLUMNS = 7
MAX_ROWS = 500


def _chemicals(facility: Any, user: Any) -> Any:
    from chemsec.facilities.selectors import chemicals_of_interest

    # Named columns, not the first keys of a row: PostgreSQL's jsonb reorders keys, which
    # put the long list matches first and made a table too tall for a PDF page.
    headers = [_("Name"), _("CAS"), _("Total (kg)"), _("Areas"), _("Lists"), _("Crossed")]
    rows = [
        [
            str(c.get("name") or c.get("key", "")),
            str(c.get("cas") or "—"),
            f"{c.get('total_kg') or 0:,.0f}",
            ", ".join(c.get("areas") or []) or "—",
            ", ".join(sorted({str(m.get("list")) for m in c.get("lists") or []})) or "—",
            str(c.get("crossed_count", 0)),
        ]
        for c in chemicals_of_interest(facility)
    ]
    return headers, rows


def _threats(facility: Any, user: Any) -> Any:
    from chemsec.facilities.selectors import threats_for_facility

    return threats_for_facility(user, facility)


def _risks(facility: Any, user: Any) -> Any:
    # Built by the facilities app, so each line says where its P_I comes from.
    from chemsec.facilities.register import plan_risk_table

    return plan_risk_table(facility, user)


def _rows(name: str, path: str) -> Callable[[Any, Any], Any]:
    def fetch(facility: Any, user: Any) -> Any:
        model = facility_model(name)
        if model is None:
            raise LookupError(name)
        rows = model.objects.filter(**{path: facility})
        return rows.visible_to(user) if hasattr(rows, "visible_to") else rows

    return fetch


SOURCES: dict[str, tuple[str, Callable[[Any, Any], Any]]] = {
    "chemicals": (N_("Chemicals of interest"), _chemicals),
    "threats": (N_("Threats"), _threats),
    "scenarios": (N_("Scenarios"), _rows("Scenario", "facility")),
    "risks": (N_("Risk register"), _risks),
    "measures": (N_("Measures and schedule"), _rows("Measure", "entry__assessment__facility")),
}


def _columns(model: Any) -> list[Any]:
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.name not in SKIPPED and f.editable and f.name != "created_by"
        and not isinstance(f, models.JSONField | models.BinaryField)
    ]  # fmt: skip
    return fields[:MAX_COLUMNS]


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "—"
    return "—" if value in (None, "") else str(value)


def _model_table(rows: Any) -> tuple[list[str], list[list[str]]]:
    columns = _columns(rows.model)
    headers = [str(f.verbose_name).capitalize() for f in columns]
    body = []
    for row in rows[:MAX_ROWS]:
        cells = []
        for f in columns:
            display = getattr(row, f"get_{f.name}_display", None)
            cells.append(_cell(display() if display else getattr(row, f.name)))
        body.append(cells)
    return headers, body


def _dict_table(rows: list[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    scalar = (str, int, float, bool, list)
    keys = [k for k, v in rows[0].items() if isinstance(v, scalar)][:MAX_COLUMNS]
    return [k.replace("_", " ").capitalize() for k in keys], [
        [_cell(row.get(k)) for k in keys] for row in rows[:MAX_ROWS]
    ]


def facility_table(key: str, facility: Any, user: Any) -> tuple[str, Any]:
    """(title, None when unavailable, else (headers, rows)) for one facility-side section."""
    title, fetch = SOURCES[key]
    try:
        rows = fetch(facility, user)
        if isinstance(rows, tuple):  # a source that builds its own (headers, rows)
            return _(title), rows
        if isinstance(rows, list):
            return _(title), _dict_table(rows) if rows else ([], [])
        return _(title), _model_table(rows)
    except UNAVAILABLE:
        return _(title), None
