"""The members map, drawn on the server as SVG (no JavaScript, no tiles, offline).

The outline is Natural Earth's 1:110m admin-0 countries (public domain, UN boundary view),
pre-projected to an equirectangular 360 x 170 box (longitude + 180, 85 - latitude) with
one label point per country: chemsec/network/data/world-110m.json, about 100 kB.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

WORLD = Path(__file__).resolve().parent / "data" / "world-110m.json"


@lru_cache(maxsize=1)
def outline() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(WORLD.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    path: str
    count: int
    level: int  # 0 none, 1..4 shading steps
    x: float
    y: float
    radius: float


def level(count: int) -> int:
    """Shading steps by member count: 0, 1, 2-3, 4-6, 7 and more."""
    if count <= 0:
        return 0
    return 1 if count == 1 else 2 if count <= 3 else 3 if count <= 6 else 4


def countries(counts: dict[str, int]) -> tuple[list[Country], list[str]]:
    """Every country of the outline with its member count, and the counted codes the
    outline does not draw (listed under the map, never silently dropped)."""
    shapes = outline()["countries"]
    drawn = []
    for code, shape in sorted(shapes.items()):
        n = counts.get(code, 0)
        x, y = shape["c"]
        drawn.append(
            Country(
                code=code,
                name=shape["name"],
                path=shape["d"],
                count=n,
                level=level(n),
                x=x,
                y=y,
                radius=(2.0 + min(n, 20) ** 0.5 * 1.2) if n else 0.0,
            )
        )
    missing = sorted(code for code, n in counts.items() if n and code not in shapes)
    return drawn, missing
