"""Codes of list entries shown in the reader's language: `{{ entry.kind|entry_label }}`.

Entries keep codes (the kind of party, how it changed against the previous version); a
code this table does not know is shown as it is, never dropped.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

register = template.Library()

LABELS = {
    "person": _("Person"),
    "organisation": pgettext_lazy("kind of listed party", "Organisation"),
    "vessel": _("Vessel"),
    "unknown": _("Not stated"),
    "added": pgettext_lazy("list entry", "Added"),
    "changed": pgettext_lazy("list entry", "Changed"),
    "same": pgettext_lazy("list entry", "Unchanged"),
}


@register.filter
def entry_label(code: object) -> str:
    return str(LABELS.get(str(code), code))
