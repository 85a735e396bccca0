"""Which two-letter codes name a country: the one source of truth for country fields.

ISO 3166-1 alpha-2 has 249 officially assigned codes. They are taken from the CLDR data
Babel ships (offline, the same data that names countries in the reader's language,
chemsec.lib.worldmap), leaving out what CLDR names but ISO does not assign: its
user-assigned codes (`worldmap.user_assigned`: AA, QM-QZ, XA-XZ, ZZ) and the codes ISO
only reserves (AC Ascension, CP Clipperton, CQ Sark, DG Diego Garcia, EA Ceuta and
Melilla, IC Canary Islands, TA Tristan da Cunha, EU, EZ, UN).

XK (Kosovo) is user-assigned in ISO but used by CLDR, the EU and the IMF for a real
territory: goods are delivered there, so it is accepted as a country, and is never taken
for a State it is not (the CWC rules know it as neither a State Party nor a State not
Party). Any other code is not a country: "YY", "JJ" are unassigned, "ZZ", "QQ" private.

An installation may name the user-assigned codes it gives States of its own (the demo's
fictional XA Arcadia and XB Borealia): `name_own_country` registers, for one code, a
function that gives its name in a language (translated by the Django layer that registers
it, chemsec/core/own_countries.py); `chemsec.lib.worldmap.country_name` then shows that
name instead of the bare code. A code nobody named stays a code.

Pure: Babel only, no Django.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from babel import Locale

from chemsec.lib.worldmap import user_assigned

# Codes CLDR has territory names for that ISO 3166-1 does not assign to a country.
_RESERVED_ONLY = frozenset({"AC", "CP", "CQ", "DG", "EA", "IC", "TA", "EU", "EZ", "UN"})
# Kosovo: see the module's docstring.
KOSOVO = "XK"


@lru_cache(maxsize=1)
def iso_assigned() -> frozenset[str]:
    """The officially assigned ISO 3166-1 alpha-2 codes (249)."""
    names = [str(code) for code in Locale.parse("en").territories]
    return frozenset(
        code
        for code in names
        if len(code) == 2
        and code.isalpha()
        and code not in _RESERVED_ONLY
        and code != KOSOVO
        and not user_assigned(code)
    )


def country_known(code: str, also: Iterable[str] = ()) -> bool:
    """Whether `code` (either case, no spaces) is a country: officially assigned, Kosovo,
    or one of `also` (the user-assigned codes an installation gave its own fictional
    States, such as the demo's XA and XB)."""
    upper = code.upper()
    if upper in iso_assigned() or upper == KOSOVO:
        return True
    return upper in {str(extra).upper() for extra in also}


# code -> its name in a language (a Django language code such as "fr" or "zh-hans")
Namer = Callable[[str], str]
_OWN_NAMES: dict[str, Namer] = {}


def name_own_country(code: str, namer: Namer) -> None:
    """Name a user-assigned code this installation gives a State of its own. Refused for
    any other code: an ISO country keeps its CLDR name, never one given here."""
    upper = code.upper()
    if not user_assigned(upper):
        raise ValueError(f"{code!r} is not a user-assigned code: its name is ISO's and CLDR's")
    _OWN_NAMES[upper] = namer


def own_country_name(code: str, language: str = "en") -> str | None:
    """The name this installation gives a user-assigned code, in `language`; None when it
    gives none."""
    namer = _OWN_NAMES.get(code.upper())
    return namer(language) if namer is not None else None
