"""SVG drawings: an adversary sequence diagram and a toxic-release footprint.

Both are pure functions returning a standalone, accessible SVG string (``role="img"``,
``<title>`` and ``<desc>``); the path and the footprint are marked by text and
line style as well as colour, and every user-provided label is XML-escaped.

The words come in (``DiagramText``, ``FootprintText``; English by default) so that the
portal can pass them in the reader's language without this module knowing Django. Numbers
are written by Python's own formatting, always with a dot, whatever the locale. The
geometry is left to right in every language (``direction="ltr"`` on the drawing); in a
right-to-left language each label runs right to left from the right edge of its box, and
every label is shortened with an ellipsis to the room it has (the full text stays in the
drawing's description and in a ``<title>`` on the element).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from chemsec.science.paths import Diagram, PathResult

BOX_W, BOX_H, GAP_X, ROW_H, MARGIN = 190, 54, 16, 86, 20
LAYER_W = 150  # room for the layer names, left of the boxes
PAD = 8
ELLIPSIS = "\u2026"
# The page's faces (Latin and Cyrillic, Arabic, Chinese), then whatever the reader has.
FONTS = "Noto Sans, Noto Sans Arabic, Noto Sans CJK SC, sans-serif"


@dataclass(frozen=True)
class DiagramText:
    """The words of a diagram; ``%(name)s`` placeholders are filled in here."""

    title: str = "Adversary sequence diagram"
    off_site: str = "Off-site"
    target: str = "Target"
    on_path: str = "most vulnerable path"
    element: str = "P(D) %(p_d)s  delay %(delay)s s"
    layers: str = "Layers from off-site to target. %(layers)s."
    path: str = "Most vulnerable path: %(path)s, probability of interruption %(p_i)s."
    then: str = " then "
    # Between the elements of a layer, and between layers (the portal gives the reader's
    # language's: the Arabic comma and semicolon, Chinese 、 and ；).
    items: str = ", "
    clauses: str = "; "
    rtl: bool = False
    # How a figure is written in the visible text, (value, decimals) -> text (the portal
    # writes it in the reader's language: "0,20"); coordinates keep the dot whatever this does.
    number: Callable[[float, int], str] = lambda value, decimals: f"{value:.{decimals}f}"


@dataclass(frozen=True)
class FootprintText:
    title: str = "Toxic endpoint footprint: %(label)s"
    desc: str = (
        "Footprint of %(label)s: ground area above the toxic endpoint for one wind "
        "direction, reaching %(distance)s m downwind."
    )
    release_point: str = "release point"
    reach: str = "wind \u2192 endpoint reached at %(d)s m"
    shaded: str = "shaded: above endpoint (one wind direction)"
    rtl: bool = False
    # How the distance is written in the visible text (the portal writes it in the
    # reader's language: "4 494"); coordinates keep the dot whatever this does.
    metres: Callable[[float], str] = lambda m: f"{m:.0f}"


# Advances in ems, after DejaVu Sans (the widest of the usual sans-serif faces, and the
# one a Linux browser falls back to), so that an estimate errs on the side of room.
_NARROW = dict.fromkeys(" ilj.,:;'!|`", 0.32) | dict.fromkeys('ftrI()[]{}-/"*', 0.42)
_WIDE = dict.fromkeys("mwMW@%", 0.86)


def _advance(char: str) -> float:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char in _NARROW:
        return _NARROW[char]
    if char in _WIDE:
        return _WIDE[char]
    if "\u0600" <= char <= "\u06ff":  # Arabic letters join: narrower than their isolated forms
        return 0.55
    if char.isupper():
        return 0.72
    return 0.64


def text_width(text: str, font_size: float, bold: bool = False) -> float:
    """A generous estimate of the drawn width of ``text``: wide (CJK) characters take one
    em, marks that combine with the letter before them none, others their advance in the
    widest usual sans-serif face; bold a tenth more."""
    return sum(_advance(char) for char in text) * font_size * (1.1 if bold else 1.0)


def fit(text: str, width: float, font_size: float, bold: bool = False) -> str:
    """``text``, or as much of it as fits ``width`` followed by an ellipsis."""
    if text_width(text, font_size, bold) <= width:
        return text
    while text and text_width(text + ELLIPSIS, font_size, bold) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def _text(
    x: float,
    y: float,
    content: str,
    *,
    width: float,
    rtl: bool = False,
    size: float = 12,
    bold: bool = False,
) -> str:
    """A label that fits ``width``: from ``x`` rightwards, or in a right-to-left language
    from ``x + width`` leftwards."""
    content = fit(content, width, size, bold)
    attrs = f' x="{x + width if rtl else x:.1f}" y="{y:.1f}"'
    if rtl:
        attrs += ' direction="rtl" text-anchor="start"'
    if size != 12:
        attrs += f' font-size="{size:g}"'
    if bold:
        attrs += ' font-weight="bold"'
    return f"<text{attrs}>{escape(content)}</text>"


def _box(
    x: float,
    y: float,
    name: str,
    p_d: float,
    delay: float,
    on_path: bool,
    words: DiagramText,
) -> str:
    style = (
        'fill="#fde8e8" stroke="#b3261e" stroke-width="3"'
        if on_path
        else 'fill="#f4f6f8" stroke="#5f6b76" stroke-width="1" stroke-dasharray="4 3"'
    )
    room, rtl = BOX_W - 2 * PAD, words.rtl
    marker = ("\u25c0 " if rtl else "\u25b6 ") if on_path else ""  # points along the reading
    detail = words.element % {"p_d": words.number(p_d, 2), "delay": words.number(delay, 0)}
    return "".join(
        [
            f'<g class="asd-box"><title>{escape(name)}</title>',
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" {style}/>',
            _text(x + PAD, y + 18, marker + name, width=room, rtl=rtl, bold=on_path),
            _text(x + PAD, y + 34, detail, width=room, rtl=rtl, size=11),
            _text(x + PAD, y + 48, words.on_path, width=room, rtl=rtl, size=10) if on_path else "",
            "</g>",
        ]
    )


def _ident(prefix: str, desc: str) -> str:
    """Ids for the title and description, distinct for different drawings on one page."""
    return f"{prefix}-{hashlib.sha256(desc.encode()).hexdigest()[:8]}"


def _open_svg(width: float, height: float, ident: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" direction="ltr" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="{FONTS}" font-size="12">'
    )


def diagram_svg(
    diagram: Diagram, result: PathResult | None = None, words: DiagramText | None = None
) -> str:
    """Layers as rows from off-site (top) to the target (bottom)."""
    words = words or DiagramText()
    chosen: Sequence[int] = result.choice if result else ()
    widest = max(len(layer.elements) for layer in diagram.layers)
    width = 2 * MARGIN + LAYER_W + widest * (BOX_W + GAP_X)
    height = 2 * MARGIN + 40 + len(diagram.layers) * ROW_H
    desc = _diagram_desc(diagram, result, words)
    ident = _ident("asd", desc)
    label_w, rtl = LAYER_W - PAD, words.rtl
    parts = [
        _open_svg(width, height, ident),
        f'<title id="{ident}-title">{escape(words.title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
        _text(MARGIN, MARGIN + 10, words.off_site, width=label_w, rtl=rtl, bold=True),
    ]
    for k, layer in enumerate(diagram.layers):
        y = MARGIN + 24 + k * ROW_H
        parts.append(f"<g><title>{escape(layer.name)}</title>")
        parts.append(
            _text(MARGIN, y + BOX_H / 2 + 4, layer.name, width=label_w, rtl=rtl, bold=True)
        )
        parts.append("</g>")
        for i, e in enumerate(layer.elements):
            x = MARGIN + LAYER_W + i * (BOX_W + GAP_X)
            on_path = bool(chosen) and chosen[k] == i
            parts.append(_box(x, y, e.name, e.p_detection, e.delay_mean, on_path, words))
    parts.append(
        _text(MARGIN, height - MARGIN + 4, words.target, width=label_w, rtl=rtl, bold=True)
    )
    parts.append("</svg>")
    return "".join(parts)


def _diagram_desc(diagram: Diagram, result: PathResult | None, words: DiagramText) -> str:
    layers = words.clauses.join(
        f"{layer.name}: " + words.items.join(e.name for e in layer.elements)
        for layer in diagram.layers
    )
    text = words.layers % {"layers": layers}
    if result is None:
        return text
    path = words.then.join(t.name for t in result.tasks)
    return f"{text} " + words.path % {"path": path, "p_i": words.number(result.p_interruption, 3)}


def footprint_svg(
    half_widths: Sequence[tuple[float, float]],
    distance_m: float,
    label: str,
    size: int = 480,
    words: FootprintText | None = None,
    captions: bool = True,
) -> str:
    """Plume footprint: (x, half-width) pairs in metres, wind blowing left to right.
    Without ``captions`` the drawing has no text (a document sets them beside it)."""
    words = words or FootprintText()
    scale = (size - 2 * MARGIN) / max(distance_m, 1.0)
    mid = size / 4
    upper = [(MARGIN + x * scale, mid - w * scale) for x, w in half_widths]
    lower = [(MARGIN + x * scale, mid + w * scale) for x, w in reversed(half_widths)]
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in [*upper, *lower])
    distance = words.metres(distance_m)
    desc = words.desc % {"label": label, "distance": distance}
    ident = _ident("fp", desc)
    room, rtl = size - 2 * MARGIN, words.rtl
    height = size // 2 if captions else size // 2 - 2 * MARGIN  # no room kept for captions
    parts = [
        _open_svg(size, height, ident),
        f'<title id="{ident}-title">{escape(words.title % {"label": label})}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
        f'<polygon points="{points}" fill="#f6c7c3" stroke="#b3261e" stroke-width="2"/>',
        f'<circle cx="{MARGIN}" cy="{mid:.1f}" r="4" fill="#000"/>',
    ]
    if captions:
        parts += [
            # next to the release point, on the left, in every language
            _text(MARGIN, mid + 28, words.release_point, width=room / 2),
            _text(MARGIN, size // 2 - 30, words.reach % {"d": distance}, width=room, rtl=rtl),
            _text(MARGIN, size // 2 - 12, words.shaded, width=room, rtl=rtl),
        ]
    parts.append("</svg>")
    return "".join(parts)


def footprint_captions(distance_m: float, words: FootprintText | None = None) -> list[str]:
    """The footprint's captions as text, for a document that sets them beside the drawing."""
    words = words or FootprintText()
    return [
        words.release_point,
        words.reach % {"d": words.metres(distance_m)},
        words.shaded,
    ]
