"""SVG drawings: an adversary sequence diagram and a toxic-release footprint.

Both are pure functions returning a standalone, accessible SVG string (``role="img"``,
``<title>`` and ``<desc>``); the path and the footprint are marked by text and
line style as well as colour, and every user-provided label is XML-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from chemsec.science.paths import Diagram, PathResult

BOX_W, BOX_H, GAP_X, ROW_H, MARGIN = 170, 54, 16, 86, 20


def _text(x: float, y: float, content: str, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(content)}</text>'


def _box(x: float, y: float, name: str, p_d: float, delay: float, on_path: bool) -> str:
    style = (
        'fill="#fde8e8" stroke="#b3261e" stroke-width="3"'
        if on_path
        else 'fill="#f4f6f8" stroke="#5f6b76" stroke-width="1" stroke-dasharray="4 3"'
    )
    marker = "\u25b6 " if on_path else ""
    return "".join(
        [
            f'<g><rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" {style}/>',
            _text(x + 8, y + 18, marker + name[:26], font_weight="bold" if on_path else "normal"),
            _text(x + 8, y + 34, f"P(D) {p_d:.2f}  delay {delay:.0f} s"),
            _text(x + 8, y + 48, "most vulnerable path" if on_path else "", font_size="10"),
            "</g>",
        ]
    )


def diagram_svg(diagram: Diagram, result: PathResult | None = None) -> str:
    """Layers as rows from off-site (top) to the target (bottom)."""
    chosen: Sequence[int] = result.choice if result else ()
    widest = max(len(layer.elements) for layer in diagram.layers)
    width = 2 * MARGIN + 150 + widest * (BOX_W + GAP_X)
    height = 2 * MARGIN + 40 + len(diagram.layers) * ROW_H
    desc = _diagram_desc(diagram, result)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="asd-title asd-desc" '
        'font-family="sans-serif" font-size="12">',
        '<title id="asd-title">Adversary sequence diagram</title>',
        f'<desc id="asd-desc">{escape(desc)}</desc>',
        _text(MARGIN, MARGIN + 10, "Off-site", font_weight="bold"),
    ]
    for k, layer in enumerate(diagram.layers):
        y = MARGIN + 24 + k * ROW_H
        parts.append(_text(MARGIN, y + BOX_H / 2 + 4, layer.name[:20], font_weight="bold"))
        for i, e in enumerate(layer.elements):
            x = MARGIN + 150 + i * (BOX_W + GAP_X)
            on_path = bool(chosen) and chosen[k] == i
            parts.append(_box(x, y, e.name, e.p_detection, e.delay_mean, on_path))
    parts.append(_text(MARGIN, height - MARGIN + 4, "Target", font_weight="bold"))
    parts.append("</svg>")
    return "".join(parts)


def _diagram_desc(diagram: Diagram, result: PathResult | None) -> str:
    layers = "; ".join(
        f"{layer.name}: " + ", ".join(e.name for e in layer.elements) for layer in diagram.layers
    )
    if result is None:
        return f"Layers from off-site to target. {layers}."
    path = " then ".join(t.name for t in result.tasks)
    return (
        f"Layers from off-site to target. {layers}. Most vulnerable path: {path}, "
        f"probability of interruption {result.p_interruption:.3f}."
    )


def footprint_svg(
    half_widths: Sequence[tuple[float, float]], distance_m: float, label: str, size: int = 480
) -> str:
    """Plume footprint: (x, half-width) pairs in metres, wind blowing left to right."""
    scale = (size - 2 * MARGIN) / max(distance_m, 1.0)
    mid = size / 4
    upper = [(MARGIN + x * scale, mid - w * scale) for x, w in half_widths]
    lower = [(MARGIN + x * scale, mid + w * scale) for x, w in reversed(half_widths)]
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in [*upper, *lower])
    desc = (
        f"Footprint of {label}: ground area above the toxic endpoint for one wind "
        f"direction, reaching {distance_m:.0f} m downwind."
    )
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {size} {size // 2}" '
            f'width="{size}" height="{size // 2}" aria-labelledby="fp-title fp-desc" '
            'font-family="sans-serif" font-size="12">',
            f'<title id="fp-title">Toxic endpoint footprint: {escape(label)}</title>',
            f'<desc id="fp-desc">{escape(desc)}</desc>',
            f'<polygon points="{points}" fill="#f6c7c3" stroke="#b3261e" stroke-width="2"/>',
            f'<circle cx="{MARGIN}" cy="{mid}" r="4" fill="#000"/>',
            _text(MARGIN, mid + 28, "release point"),
            _text(MARGIN, size // 2 - 30, f"wind \u2192  endpoint reached at {distance_m:.0f} m"),
            _text(MARGIN, size // 2 - 12, "shaded: above endpoint (one wind direction)"),
            "</svg>",
        ]
    )
