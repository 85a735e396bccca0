"""Reference content in the reader's language: `{% translated obj "field" %}` shows the
translation the view put in the context (`translated`: URN -> `translations.Shown`), or the
English. The view builds the dictionary once (one query), so a page of questions costs no
query per question."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def translated(context: template.Context, obj: Any, name: str) -> Any:
    english = getattr(obj, name, "")
    shown = (context.get("translated") or {}).get(getattr(obj, "urn", None))
    return shown.get(name, english) if shown is not None else english
