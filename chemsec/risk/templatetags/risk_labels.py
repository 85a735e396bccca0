"""`{{ label|matrix_label:"levels" }}` and `{{ code|level_label:matrix }}`: the shipped risk
matrix's names in the reader's language (chemsec.risk.labels)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from chemsec.risk import labels

register = template.Library()


@register.filter
def matrix_label(label: Any, scale: str) -> str | SafeString:
    return labels.matrix_label(label, scale)


@register.filter
def level_label(code: Any, matrix: Any) -> str | SafeString:
    return labels.level_label(code, matrix)
