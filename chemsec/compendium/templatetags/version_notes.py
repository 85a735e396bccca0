"""`{{ version.note|version_note }}`: a version's note in the reader's language when the
platform wrote it (chemsec.compendium.content.version_note), else as typed."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from chemsec.compendium import content

register = template.Library()


@register.filter
def version_note(note: str) -> str | SafeString:
    return content.version_note(str(note or ""))
