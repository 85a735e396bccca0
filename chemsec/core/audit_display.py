"""How an audit entry's changes read on the page: one row per field, old and new side by side.

The trail stores one format, {field: [old, new]}; entries written before that format (a
bare value per field) are shown as a new value with no old one. Long values are cut for
the table; the full value stays in the trail and the API.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

LONGEST = 160


@dataclass(frozen=True)
class ChangeRow:
    field: str
    old: str
    new: str


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


def change_rows(changes: Any) -> list[ChangeRow]:
    if not isinstance(changes, dict):
        return [ChangeRow("", "", _text(changes))] if changes else []
    rows = []
    for field, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            rows.append(ChangeRow(str(field), _text(value[0]), _text(value[1])))
        else:
            rows.append(ChangeRow(str(field), "", _text(value)))
    return rows
