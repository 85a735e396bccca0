"""`{% assessment_title assessment %}`: an assessment's title as the reader should see it.

A title someone typed is shown as typed. An assessment no one titled stores no title: it is
shown as "<framework's title> · <organisation>" in the reader's language, the framework's
title from its translation where there is one (the view's ``translated`` dictionary when it
holds it, else looked up once per framework and page), else the English, marked
``lang="en"`` on a page in another language; ``plain=True`` leaves it bare (a ``<title>``).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from chemsec.compendium.translations import content_language, translations_for
from chemsec.frameworks.models import ASSESSMENT_TITLE

register = template.Library()


def _framework_title(context: template.Context, framework: Any) -> tuple[str, bool]:
    """The framework's title in the reader's language, and whether it is translated."""
    if context.get("original"):  # the reader asked for the English original (?original=en)
        return framework.title, False
    shown = (context.get("translated") or {}).get(framework.urn)
    if shown is None:
        found = context.render_context.get("assessment_titles")
        if found is None:
            found = {}
            context.render_context["assessment_titles"] = found
        if framework.urn not in found:
            found[framework.urn] = translations_for([framework.urn]).get(framework.urn)
        shown = found[framework.urn]
    title = shown.fields.get("title") if shown is not None else None
    return (str(title), True) if title else (framework.title, False)


@register.simple_tag(takes_context=True)
def assessment_title(context: template.Context, assessment: Any, plain: bool = False) -> Any:
    if assessment.title:
        return assessment.title
    title, translated = _framework_title(context, assessment.framework)
    if plain:
        return assessment.default_title(title)
    framework: SafeString = format_html("{}", title)
    if not translated and content_language() is not None:
        framework = format_html('<span lang="en" dir="ltr">{}</span>', title)
    message = str(conditional_escape(gettext(ASSESSMENT_TITLE)))
    params = {
        "framework": framework,
        "organisation": conditional_escape(assessment.organisation.name),
    }
    return mark_safe(message % params)  # noqa: S308 - the message and each part escaped


@register.simple_tag(takes_context=True)
def framework_title(context: template.Context, framework: Any) -> Any:
    """A framework's title in the reader's language (English marked where untranslated)."""
    title, translated = _framework_title(context, framework)
    if not translated and content_language() is not None:
        return format_html('<span lang="en" dir="ltr">{}</span>', title)
    return title
