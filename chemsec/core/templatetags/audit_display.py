"""Template filters for the audit log."""

from __future__ import annotations

from typing import Any

from django import template

from chemsec.core.audit_display import ChangeRow, change_rows

register = template.Library()


@register.filter(name="change_rows")
def change_rows_filter(changes: Any) -> list[ChangeRow]:
    return change_rows(changes)
