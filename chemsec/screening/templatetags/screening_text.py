"""Template filters for screening results (reasons in the reader's language)."""

from __future__ import annotations

from typing import Any

from django import template

from chemsec.screening.presenters import result_reason

register = template.Library()


@register.filter
def reason(result: Any) -> str:
    """`{{ r|reason }}`: the row's reason, translated from its code."""
    return result_reason(result)
