"""The confidentiality marking drawn at the head and foot of every page of a PDF export.

Every PDF the portal writes (the site security plan, road maps) uses this one painter,
so a marking can never be left off a page by one builder and not another.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm

PagePainter = Callable[[Any, Any], None]


def marking_painter(
    text: str,
    page_size: tuple[float, float],
    *,
    font_size: float,
    colour: str | None = None,
) -> PagePainter:
    """A reportlab page callback (`onFirstPage`, `onLaterPages`) drawing `text` centred at the
    top of the page and, with the page number, at the bottom. `colour` is a hex colour; without
    it the canvas's current fill colour is kept."""
    width, height = page_size

    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica-Bold", font_size)
        if colour is not None:
            canvas.setFillColor(colors.HexColor(colour))
        canvas.drawCentredString(width / 2, height - 10 * mm, text)
        canvas.drawCentredString(width / 2, 8 * mm, f"{text} · {doc.page}")
        canvas.restoreState()

    return draw
