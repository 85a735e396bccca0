"""The site security plan as a PDF (reportlab): the marking heads and foots every page."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from chemsec.lib.pdfmarking import marking_painter
from chemsec.protection.plan import Block, Plan

STYLES = getSampleStyleSheet()
MARKING_COLOUR = "#b3261e"
WIDTH = A4[0] - 36 * mm
GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
    ]
)


def _p(text: str, style: str = "BodyText") -> Paragraph:
    return Paragraph(escape(text), STYLES[style])


def _table(headers: list[str], rows: list[list[str]]) -> Table:
    data = [[_p(h) for h in headers], *[[_p(c) for c in row] for row in rows]]
    table = Table(data, repeatRows=1)
    table.setStyle(GRID)
    return table


def _facts(facts: list[tuple[str, str]]) -> Table:
    table = Table([[_p(k), _p(v)] for k, v in facts], colWidths=[55 * mm, WIDTH - 55 * mm])
    table.setStyle(GRID)
    return table


def diagram_drawing(block: Block) -> Drawing:
    """Layers as rows of boxes; the most vulnerable path drawn thick and marked in words."""
    ev = block.evaluation
    assert ev is not None
    layers, choice = ev.diagram.layers, ev.result.choice
    widest = max(len(layer.elements) for layer in layers)
    box_w, box_h, row_h = min(110.0, (WIDTH - 100) / widest - 8), 34.0, 46.0
    height = len(layers) * row_h + 10
    drawing = Drawing(WIDTH, height)
    for k, layer in enumerate(layers):
        y = height - (k + 1) * row_h
        drawing.add(String(0, y + 14, layer.name[:22], fontSize=7, fontName="Helvetica-Bold"))
        for i, element in enumerate(layer.elements):
            on_path = choice[k] == i
            x = 100 + i * (box_w + 8)
            drawing.add(
                Rect(x, y, box_w, box_h, strokeWidth=2.5 if on_path else 0.5,
                     strokeColor=colors.HexColor("#b3261e") if on_path else colors.grey,
                     fillColor=colors.white)
            )  # fmt: skip
            mark = "> " if on_path else ""
            drawing.add(String(x + 4, y + 22, mark + element.name[: int(box_w / 4.5)], fontSize=7))
            drawing.add(
                String(x + 4, y + 12, f"P(D) {element.p_detection:.2f} {element.delay_mean:.0f} s",
                       fontSize=7)
            )  # fmt: skip
            if on_path:
                drawing.add(String(x + 4, y + 3, _("most vulnerable path"), fontSize=6))
    return drawing


def footprint_drawing(block: Block) -> Drawing:
    size_w, size_h = WIDTH * 0.7, 90.0
    scale = (size_w - 20) / max(block.distance_m, 1.0)
    mid = size_h / 2
    upper = [(10 + x * scale, mid + w * scale) for x, w in block.outline]
    lower = [(10 + x * scale, mid - w * scale) for x, w in reversed(block.outline)]
    points = [c for point in [*upper, *lower] for c in point]
    drawing = Drawing(size_w, size_h)
    drawing.add(Polygon(points, fillColor=colors.HexColor("#f6c7c3"),
                        strokeColor=colors.HexColor("#b3261e")))  # fmt: skip
    drawing.add(Line(10, 8, size_w - 10, 8, strokeColor=colors.grey))
    label = _("wind → endpoint reached at %(d)s m") % {"d": f"{block.distance_m:.0f}"}
    drawing.add(String(10, 0, label, fontSize=7))
    return drawing


def _flowables(block: Block) -> list[Any]:
    if block.kind == "paragraph":
        return [_p(block.text)]
    if block.kind == "facts":
        return [_facts(block.facts)]
    if block.kind == "table":
        return [_table(block.headers, block.rows)]
    if block.kind == "diagram":
        return [diagram_drawing(block)]
    return [footprint_drawing(block)]


def plan_pdf(plan: Plan) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        topMargin=18 * mm,
        bottomMargin=16 * mm,
        title=_("Site security plan: %(name)s") % {"name": plan.facility.name},
        subject=plan.marking,
        pageCompression=0,  # keeps the marking findable as text in the file
    )
    story: list[Any] = [
        _p(_("Site security plan: %(name)s") % {"name": plan.facility.name}, "Title"),
        _p(plan.marking, "Heading4"),
        _p(_("Generated %(when)s for %(who)s.") % {
            "when": f"{plan.generated_at:%Y-%m-%d %H:%M} UTC", "who": plan.generated_for}),
    ]  # fmt: skip
    for section in plan.sections:
        story += [Spacer(1, 4 * mm), _p(section.title, "Heading2")]
        for block in section.blocks:
            story += [*_flowables(block), Spacer(1, 2 * mm)]
    marking = marking_painter(plan.marking, A4, font_size=8, colour=MARKING_COLOUR)
    doc.build(story, onFirstPage=marking, onLaterPages=marking)
    return buffer.getvalue()
