"""Reference content in the reader's language: `{% translated obj "field" %}` shows the
translation the view put in the context (`translated`: URN -> `translations.Shown`), or the
English. The view builds the dictionary once (one query), so a page of questions costs no
query per question.

English shown on a page in another language (no translation, or the reader asked for the
original) is wrapped in ``<span lang="en" dir="ltr">``, so that screen readers and text
layout treat it as English; ``plain=True`` leaves it bare (a ``<title>`` holds no markup)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from chemsec.compendium.translations import content_language

register = template.Library()


@register.simple_tag(takes_context=True)
def translated(context: template.Context, obj: Any, name: str, plain: bool = False) -> Any:
    english = getattr(obj, name, "")
    shown = (context.get("translated") or {}).get(getattr(obj, "urn", None))
    if shown is not None and shown.fields.get(name):
        return shown.fields[name]
    if plain or not english or content_language() is None:
        return english
    return format_html('<span lang="en" dir="ltr">{}</span>', english)
