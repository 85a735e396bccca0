"""The balance of one chemical over time as a server-rendered SVG: the book inventory,
a band of +/- k sigma around it, and the physical inventories measured (with their own
k sigma bars). Numbers are written with a dot in every locale (Python formatting, never
the reader's locale), so the SVG is the same file for everyone; the words come in
translated from the caller."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from chemsec.stock.engine.muf import Point

WIDTH = 640.0
HEIGHT = 300.0
LEFT, RIGHT, TOP, BOTTOM = 70.0, 20.0, 20.0, 40.0


@dataclass(frozen=True)
class Measured:
    """A physical inventory: its day, quantity and standard deviation."""

    day: date
    kg: float
    sigma_kg: float


@dataclass(frozen=True)
class ChartText:
    title: str
    description: str
    book: str
    band: str
    measured: str
    kg: str


def _num(value: float) -> str:
    return f"{value:.2f}"


def balance_svg(
    points: Sequence[Point], measured: Sequence[Measured], k: float, words: ChartText
) -> str:
    """The chart; an empty series gives a chart saying so in its description only."""
    days = [p.day for p in points] + [m.day for m in measured]
    lows = [p.book_kg - k * p.sigma_kg for p in points] + [m.kg - k * m.sigma_kg for m in measured]
    highs = [p.book_kg + k * p.sigma_kg for p in points]
    highs += [m.kg + k * m.sigma_kg for m in measured]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(WIDTH)} {_num(HEIGHT)}" '
        f'role="img" aria-labelledby="balance-title balance-desc" class="balance-chart">',
        f'<title id="balance-title">{escape(words.title)}</title>',
        f'<desc id="balance-desc">{escape(words.description)}</desc>',
    ]
    if not days:
        parts.append("</svg>")
        return "".join(parts)
    first, last = min(days), max(days)
    span_days = max((last - first).days, 1)
    low, high = min(0.0, *lows), max(highs) if highs else 1.0
    if high <= low:
        high = low + 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return LEFT + plot_w * (day - first).days / span_days

    def y(kg: float) -> float:
        return TOP + plot_h * (1 - (kg - low) / (high - low))

    # Axes with three labelled ticks on each.
    parts.append(
        f'<path d="M{_num(LEFT)} {_num(TOP)}V{_num(TOP + plot_h)}H{_num(LEFT + plot_w)}" '
        'fill="none" stroke="#555"/>'
    )
    for fraction in (0.0, 0.5, 1.0):
        kg = low + (high - low) * fraction
        parts.append(
            f'<text x="{_num(LEFT - 6)}" y="{_num(y(kg) + 4)}" text-anchor="end" '
            f'font-size="11">{_num(kg)}</text>'
        )
    for day in sorted({first, last}):
        parts.append(
            f'<text x="{_num(x(day))}" y="{_num(HEIGHT - BOTTOM + 16)}" text-anchor="middle" '
            f'font-size="11">{day.isoformat()}</text>'
        )
    parts.append(
        f'<text x="12" y="{_num(TOP + plot_h / 2)}" font-size="11" '
        f'transform="rotate(-90 12 {_num(TOP + plot_h / 2)})">{escape(words.kg)}</text>'
    )
    if points:
        upper = [f"{_num(x(p.day))} {_num(y(p.book_kg + k * p.sigma_kg))}" for p in points]
        lower = [f"{_num(x(p.day))} {_num(y(p.book_kg - k * p.sigma_kg))}" for p in points]
        band = "M" + "L".join(upper + list(reversed(lower))) + "Z"
        parts.append(
            f'<path d="{band}" fill="#9ecae1" fill-opacity="0.5" stroke="none">'
            f"<title>{escape(words.band)}</title></path>"
        )
        line = "M" + "L".join(f"{_num(x(p.day))} {_num(y(p.book_kg))}" for p in points)
        parts.append(
            f'<path d="{line}" fill="none" stroke="#08519c" stroke-width="2">'
            f"<title>{escape(words.book)}</title></path>"
        )
    for m in measured:
        cx = _num(x(m.day))
        parts.append(
            f'<g class="measured"><title>{escape(words.measured)}: {m.day.isoformat()} '
            f"{_num(m.kg)} kg</title>"
            f'<path d="M{cx} {_num(y(m.kg - k * m.sigma_kg))}V{_num(y(m.kg + k * m.sigma_kg))}" '
            f'stroke="#a50f15" stroke-width="2"/>'
            f'<circle cx="{cx}" cy="{_num(y(m.kg))}" r="4" fill="#a50f15"/></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
