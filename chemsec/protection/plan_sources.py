"""The site plan's table sections, through a registry.

Protection registers the facility-side tables it reads (chemicals of interest, threats,
scenarios); an app built on top of protection registers its own (the risk app: the risk
register and its measures) from its `AppConfig.ready`, so this app imports none of them.
A source that fails raises: the error is logged and seen, not turned into an empty section.
Rows hanging off a facility are seen by whoever may see the facility (the facilities app's
rule); owned rows such as threat profiles are filtered by their own `visible_to`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from chemsec.core.dates import local_when
from chemsec.core.numbers import number
from chemsec.core.templatetags.list_join import list_separator
from chemsec.facilities.models import Scenario
from chemsec.facilities.selectors import (
    chemicals_of_interest,
    threats_for_facility,
    threats_seen,
)

SKIPPED = {"id", "created_at", "updated_at", "confidentiality", "organisation", "facility"}
MAX_COLUMNS = 7
MAX_ROWS = 500

# A source gives, for a facility and a reader: a queryset of what the reader may see or a
# list of dicts (made into a table here), or its own (headers, rows).
Fetch = Callable[[Any, Any], Any]


@dataclass(frozen=True)
class TableSource:
    key: str
    title: str  # marked with gettext_noop; translated when the plan is built
    order: int  # place among the plan's sections (see `plan.FIXED_ORDER`)
    fetch: Fetch


SOURCES: dict[str, TableSource] = {}


def register_table(key: str, title: str, *, order: int, fetch: Fetch) -> None:
    """Add (or replace) a table section of the site plan."""
    SOURCES[key] = TableSource(key, title, order, fetch)


def _chemicals(facility: Any, user: Any) -> Any:
    # Named columns, not the first keys of a row: PostgreSQL's jsonb reorders keys, which
    # put the long list matches first and made a table too tall for a PDF page.
    headers = [_("Name"), _("CAS"), _("Total (kg)"), _("Areas"), _("Lists"), _("Crossed")]
    rows = [
        [
            str(c.get("name") or c.get("key", "")),
            str(c.get("cas") or "—"),
            number(c.get("total_kg") or 0, 1),  # as the chemicals page writes it
            list_separator().join(c.get("areas") or []) or "—",
            list_separator().join(sorted({str(m.get("list")) for m in c.get("lists") or []}))
            or "—",
            str(c.get("crossed_count", 0)),
        ]
        for c in chemicals_of_interest(facility)
    ]
    return headers, rows


def _threats(facility: Any, user: Any) -> Any:
    return threats_for_facility(user, facility)


def _scenarios(facility: Any, user: Any) -> Any:
    """The facility's scenarios; a threat the reader may not see is not named."""
    rows = list(Scenario.objects.filter(facility=facility).select_related("threat", "area"))
    seen = threats_seen(user, {s.threat_id for s in rows})
    hidden = _("a threat profile you may not see")
    headers = [_("Name"), _("Threat"), _("Goal"), _("Chemical"), _("Area"), _("Description")]
    body = [
        [
            s.name,
            str(s.threat) if s.threat_id in seen else hidden,
            s.get_goal_display(),
            _cell(s.chemical_name or s.chemical_key),
            _cell(s.area.name if s.area else ""),
            _cell(s.description),
        ]
        for s in rows[:MAX_ROWS]
    ]
    return headers, body


register_table("chemicals", gettext_noop("Chemicals of interest"), order=10, fetch=_chemicals)
register_table("threats", gettext_noop("Threats"), order=20, fetch=_threats)
register_table("scenarios", gettext_noop("Scenarios"), order=30, fetch=_scenarios)


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
        return list_separator().join(str(v) for v in value) or "—"
    if isinstance(value, bool):  # before numbers: str(True) is English
        return _("Yes") if value else _("No")
    if isinstance(value, float | Decimal):  # integers here are codes and scores (1-5)
        return number(value)  # as the reader's language writes numbers
    if isinstance(value, dt.date):  # a measure's due date: "7 décembre 2026", not ISO
        return local_when(value)
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


def facility_table(key: str, facility: Any, user: Any) -> tuple[str, tuple[list[str], Any]]:
    """(title, (headers, rows)) of one registered table section."""
    source = SOURCES[key]
    rows = source.fetch(facility, user)
    if isinstance(rows, tuple):  # a source that builds its own (headers, rows)
        return _(source.title), rows
    if isinstance(rows, list):
        return _(source.title), _dict_table(rows) if rows else ([], [])
    return _(source.title), _model_table(rows)
