"""`{{ e.result.labels|result_labels }}`: a stored consequence result's labels (kept as the
science writes them) in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template

from chemsec.protection.presenters import distance_text
from chemsec.protection.presenters import result_labels as _result_labels

register = template.Library()


@register.filter
def result_labels(labels: Any) -> str:
    return _result_labels(labels)


@register.filter
def distance(text: Any) -> str:
    """`{{ e.result.distance_to_endpoint|distance }}`: a stored distance ("4494 m") as the
    reader's language writes it."""
    return distance_text(str(text) if text else None)
