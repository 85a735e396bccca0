"""Labels of the framework pages in the reader's language.

`{{ framework.audience|audience_label }}`: who a framework is for, from its stored code
(content schema ``FrameworkAudience``: "state", "facility"), named as the compendium names
its audiences; a code not known here is shown as stored.

`{% practice_links action.practices %}`: the practices a road-map action points to, each by
its title in the reader's language (the practice's translation where there is one, else its
English title, marked ``lang="en"`` on a page in another language) and linked to its page
(``plain=True``: not linked, for the PDF). A URN the compendium does not hold is shown as
written, marked as not found. The titles of every action on the page (``actions`` in the
context) are looked up together, once per rendering.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from chemsec.compendium.choices import Audience
from chemsec.compendium.models import Practice
from chemsec.compendium.translations import content_language, translations_for
from chemsec.core.templatetags.list_join import list_join

register = template.Library()

#: A framework's audience code -> the compendium audience it stands for.
AUDIENCES = {"state": Audience.NATIONAL_AUTHORITY, "facility": Audience.FACILITY_OPERATOR}
PRACTICE_PREFIX = "urn:chemsec:practice:"


@register.filter
def audience_label(code: Any) -> str:
    audience = AUDIENCES.get(str(code or ""))
    return str(audience.label) if audience is not None else str(code or "")


def _titles(context: template.Context, urns: list[str]) -> dict[str, tuple[str, bool] | None]:
    """URN -> (title, translated), None for a URN the compendium does not hold; the URNs of
    every action on the page are looked up with the first ones asked for."""
    found: dict[str, tuple[str, bool] | None] = context.render_context.get("practice_titles") or {}
    if all(urn in found for urn in urns):
        return found
    wanted = set(urns)
    for action in context.get("actions") or []:
        wanted.update(str(u) for u in getattr(action, "practices", None) or [])
    wanted -= set(found)
    titles = dict(Practice.objects.filter(urn__in=wanted).values_list("urn", "title"))
    shown = translations_for(titles)
    for urn in wanted:
        own = shown[urn].fields.get("title") if urn in shown else None
        if own:
            found[urn] = (str(own), True)
        else:
            found[urn] = (str(titles[urn]), False) if urn in titles else None
    context.render_context["practice_titles"] = found
    return found


def _link(urn: str, known: tuple[str, bool] | None, linked: bool) -> SafeString:
    if known is None:
        return format_html(
            '<span class="unresolved" dir="ltr">{}</span> <span class="small">({})</span>',
            urn.removeprefix(PRACTICE_PREFIX),
            gettext("not in the compendium"),
        )
    title, translated = known
    english = not translated and content_language() is not None
    attrs = mark_safe(' lang="en" dir="ltr"' if english else "")  # noqa: S308 - constant
    if not linked:
        return format_html("<span{}>{}</span>", attrs, title)
    url = reverse("compendium:practice", kwargs={"urn": urn})
    return format_html('<a href="{}"{}>{}</a>', url, attrs, title)


@register.simple_tag(takes_context=True)
def practice_links(context: template.Context, urns: Iterable[Any], plain: bool = False) -> Any:
    wanted = [str(urn) for urn in urns or []]
    if not wanted:
        return ""
    known = _titles(context, wanted)
    return list_join(_link(urn, known[urn], not plain) for urn in wanted)
