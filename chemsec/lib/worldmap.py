"""World maps drawn on the server as SVG (no JavaScript, no tiles, offline): the network's
members by country and a campaign's needs by State.

The outline is Natural Earth's 1:110m admin-0 countries (public domain, UN boundary view),
pre-projected to an equirectangular 360 x 170 box (longitude + 180, 85 - latitude) with
one label point per country: chemsec/lib/data/world-110m.json, about 100 kB. Country
names come from CLDR through Babel, in the reader's language; the outline's English name is
the fallback for a code CLDR does not know.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

WORLD = Path(__file__).resolve().parent / "data" / "world-110m.json"


@lru_cache(maxsize=1)
def outline() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(WORLD.read_text(encoding="utf-8"))
    return data


def viewbox() -> str:
    return " ".join(str(v) for v in outline()["viewbox"])


@lru_cache(maxsize=16)
def _territories(language: str) -> Mapping[str, str]:
    try:
        territories: Mapping[str, str] = Locale.parse(language.replace("-", "_")).territories
    except (UnknownLocaleError, ValueError):
        return {}
    return territories


def user_assigned(code: str) -> bool:
    """ISO 3166-1 keeps AA, QM-QZ, XA-XZ and ZZ for users (fictional and private
    countries: the demo's XA and XB). CLDR gives some of them names of its own (XA
    "Pseudo-Accents", XB "Pseudo-Bidi", QO "Outlying Oceania",
    ZZ "Unknown Region") that are no country's name. XK is the one exception: CLDR, the
    EU and the IMF use it for Kosovo, a real territory, and it keeps that name."""
    code = code.upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha() or code == "XK":
        return False
    return code in ("AA", "ZZ") or code[0] == "X" or (code[0] == "Q" and code[1] >= "M")


def country_name(code: str, language: str = "en") -> str:
    """The country's name in `language` (a Django language code such as "zh-hans").
    A user-assigned code (`user_assigned`) is shown by the name this installation gives it
    (chemsec.lib.countries.own_country_name), else as itself, never under CLDR's name."""
    from chemsec.lib.countries import own_country_name  # it imports this module

    code = code.upper()
    if user_assigned(code):
        return own_country_name(code, language) or code
    names = _territories("zh_Hans" if language.lower() == "zh-hans" else language)
    shape = outline()["countries"].get(code)
    fallback = shape["name"] if shape else code
    return str(names.get(code, fallback))


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    path: str
    count: float  # what is shown for the country (members, a score); 0 for none
    level: int  # the shading step (0..4)
    valued: bool  # the country has a value (a value of 0 is shaded too)
    x: float
    y: float
    radius: float


def level(count: int) -> int:
    """Shading steps by member count: 0, 1, 2-3, 4-6, 7 and more."""
    if count <= 0:
        return 0
    return 1 if count == 1 else 2 if count <= 3 else 3 if count <= 6 else 4


def countries(
    counts: Mapping[str, float],
    *,
    language: str = "en",
    shade: Callable[[float], int] | None = None,
) -> tuple[list[Country], list[str]]:
    """Every country of the outline with its value, and the counted codes the outline does
    not draw (listed under the map, never silently dropped). `shade` turns a value into a
    shading step (member counts by default)."""
    step = shade or (lambda value: level(int(value)))
    shapes = outline()["countries"]
    drawn = []
    for code, shape in sorted(shapes.items()):
        n = counts.get(code, 0)
        x, y = shape["c"]
        drawn.append(
            Country(
                code=code,
                name=country_name(code, language),
                path=shape["d"],
                count=n,
                level=step(n) if code in counts else 0,
                valued=code in counts,
                x=x,
                y=y,
                radius=(2.0 + min(n, 20) ** 0.5 * 1.2) if n else 0.0,
            )
        )
    missing = sorted(code for code, n in counts.items() if n and code not in shapes)
    return drawn, missing
