"""``{{ code|country }}``: a country stored as its ISO 3166-1 alpha-2 code ("KE"), shown by
its name in the reader's language (CLDR through Babel, chemsec.lib.worldmap), the code kept
as the name's title.

A code without a name (a user-assigned one such as the demo's fictional XA and XB, or one
no table knows) is shown as the code, isolated left to right and marked as a code, never
under a name that is not the country's.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chemsec.lib.worldmap import country_name

register = template.Library()


@register.filter(name="country", is_safe=True)
def country(code: object) -> SafeString | str:
    """The country's name as HTML; "" for no code (so that `|default:"—"` applies)."""
    text = str(code or "").strip()
    if not text:
        return ""
    name = country_name(text, get_language() or "en")
    if name.upper() == text.upper():
        return format_html(
            '<bdi class="code-id" title="{}">{}</bdi>',
            _("Country code without a name (a user-assigned or unknown code)"),
            text.upper(),
        )
    return format_html('<span title="{}">{}</span>', text.upper(), name)
