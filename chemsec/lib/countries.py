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

Pure: Babel only, no Django.
"""

from __future__ import annotations

from collections.abc import Iterable
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
