"""Texts about an incident: its reporting clock, its timeline entries, the rules and codes
it shows."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from chemsec.incidents.models import TimelineEntry


def clock_text(left: dt.timedelta | None) -> str:
    """ "11 h 40 min left" or "overdue by 2 h 5 min"; empty when no clock runs."""
    if left is None:
        return ""
    seconds = int(left.total_seconds())
    hours, minutes = divmod(abs(seconds) // 60, 60)
    if seconds < 0:
        return _("overdue by %(h)d h %(m)02d min") % {"h": hours, "m": minutes}
    return _("%(h)d h %(m)02d min left") % {"h": hours, "m": minutes}


# The reporting rules' titles (data/reporting-rules.yaml), marked for translation; a rule
# added to the data without a title here is shown by its code.
RULE_TITLES = {
    "EU-EP-ART9-THEFT": gettext_noop("Theft of a regulated explosives precursor"),
    "EU-EP-ART9-LOSS": gettext_noop(
        "Significant disappearance of a regulated explosives precursor"
    ),
}


def code_html(code: str) -> SafeString:
    """A code (a rule's, a seal's, a CAS number) kept whole, left to right, in any page."""
    return format_html('<code class="code-id" lang="en" dir="ltr">{}</code>', code)


def rule_html(code: str) -> SafeString:
    """A rule by its title in the reader's language (marked English where no translation
    exists), with its code; by its code alone when the app has no title for it."""
    english = RULE_TITLES.get(code)
    if english is None:
        return code_html(code)
    text = gettext(english)
    if text == english and not (get_language() or "en").startswith("en"):
        return format_html('<span lang="en" dir="ltr">{}</span> ({})', text, code_html(code))
    return format_html("{} ({})", text, code_html(code))


def timeline_html(entry: TimelineEntry) -> SafeString:
    """A timeline entry in the reader's language: a person's text as written (escaped), a
    system entry translated with its parameters isolated (<bdi>), a rule by its title."""
    if not entry.code:
        return format_html("{}", entry.text)
    params = entry.params if isinstance(entry.params, dict) else {}
    shown = {
        name: rule_html(str(value)) if name == "rule" else format_html("<bdi>{}</bdi>", value)
        for name, value in params.items()
    }
    template = str(conditional_escape(gettext(entry.code)))
    try:
        return mark_safe(template % shown if shown else template)  # noqa: S308 - both escaped
    except (KeyError, TypeError, ValueError):  # a translation whose placeholders differ
        return format_html("{}", entry.shown)
