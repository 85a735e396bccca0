"""How an audit entry's changes read on the page: one row per field, old and new side by side.

The trail stores one format, {field: [old, new]}; entries written before that format (a
bare value per field) are shown as a new value with no old one. Long values are cut for
the table; the full value stays in the trail and the API.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from chemsec.core.audit_erasure import ERASED_LIST, erased_by
from chemsec.core.templatetags.list_join import list_separator

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
    listing = erased_by(changes)
    if listing is not None:
        text = _("values erased (retention); see entry %(sequence)s") % {"sequence": listing}
        return [ChangeRow("", "", text)]
    if isinstance(changes, dict) and isinstance(changes.get(ERASED_LIST), list):
        return _listing_rows(changes)
    if not isinstance(changes, dict):
        return [ChangeRow("", "", _text(changes))] if changes else []
    rows = []
    for field, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            rows.append(ChangeRow(str(field), _text(value[0]), _text(value[1])))
        else:
            rows.append(ChangeRow(str(field), "", _text(value)))
    return rows


def _listing_rows(changes: dict[str, Any]) -> list[ChangeRow]:
    """An erasure's listing names up to 500 entries by sequence and hash: the page says
    how many and which sequences; the hashes stay in the trail and the API."""
    sequences = sorted(int(pair[0]) for pair in changes[ERASED_LIST])
    rows = [ChangeRow(str(k), "", _text(v)) for k, v in changes.items() if k != ERASED_LIST]
    shown = _text(list_separator().join(str(n) for n in sequences))  # as the reader lists
    return [*rows, ChangeRow(ERASED_LIST, "", f"{len(sequences)}: {shown}")]
