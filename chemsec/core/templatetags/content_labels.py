"""Reference-content kinds in the reader's language: `{{ item.kind|content_kind }}`.

The kinds are codes of the content files (chemsec/content/schemas.py); pages show their
names, never the code, and a kind added later is shown as its code rather than dropped.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

register = template.Library()

KIND_LABELS = {
    "practice": _("Best practices"),
    "framework": _("Assessment frameworks"),
    "list-entry": _("Control-list entries"),
    "endpoint": _("Toxic endpoints"),
    "threshold": _("Screening thresholds"),
    "risk-matrix": _("Risk matrices"),
    "supply-rule": pgettext_lazy("content kind", "Supply-chain rules"),
    "supply-typology": _("Supply-chain typologies"),
    "course": _("Training courses"),
    "translation": _("Translations"),
    "course-translation": _("Course translations"),
}


@register.filter
def content_kind(code: object) -> str:
    return str(KIND_LABELS.get(str(code), code))
