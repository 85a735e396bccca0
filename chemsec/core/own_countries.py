"""The names of the States this installation gives user-assigned ISO 3166-1 codes (XA-XZ
and the like: ISO leaves them to users, CLDR names none of them as a country).

The demo's two fictional States are Arcadia (XA) and Borealia (XB): their organisations
(chemsec/core/demo.py) carry these codes, and every page that shows a country shows these
names, translated like any other text, instead of the bare codes. An installation that
gives these codes to States of its own changes this table.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from chemsec.lib.countries import Namer, name_own_country

OWN_COUNTRIES: dict[str, Promise] = {
    "XA": pgettext_lazy("fictional State", "Arcadia"),
    "XB": pgettext_lazy("fictional State", "Borealia"),
}


def _namer(name: Promise) -> Namer:
    def in_language(language: str) -> str:
        with translation.override(language):
            return str(name)

    return in_language


def name_own_countries() -> None:
    """Register the names with chemsec.lib.countries (at start-up: chemsec/core/apps.py)."""
    for code, name in OWN_COUNTRIES.items():
        name_own_country(code, _namer(name))
