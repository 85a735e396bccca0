"""Documents as PDF: the portal's own HTML templates, laid out by WeasyPrint.

One pipeline for every PDF the portal writes (the site security plan, road maps): a
template extending ``documents/print.html`` is rendered in the reader's language, then
WeasyPrint lays it out through Pango, which shapes every script (Arabic joined and
right-to-left, CJK, Cyrillic) with the fonts that ``scripts/ensure-fonts.sh`` installs
(the Noto families, found through fontconfig). The confidentiality marking is set in the
page's top and bottom margin boxes, so it is on every page, wraps to the page width in
any language, and the bottom one carries the page number.

Nothing is fetched while rendering: the print stylesheet is read from the package and
the fetcher accepts ``data:`` URLs only, so a document can neither reach the network nor
read a file named in user content.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import weasyprint
from django.template.loader import render_to_string
from django.utils.translation import get_language_bidi
from weasyprint.urls import URLFetcher

PRINT_CSS = Path(__file__).resolve().parents[1] / "static" / "chemsec" / "print.css"
# WeasyPrint reports each layout step at INFO; the portal logs at INFO by default.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string: quotes, backslashes and control characters escaped
    as hexadecimal code points, everything else (any script) kept as it is."""
    out = []
    for char in text:
        if char in '"\\' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def marking_css(marking: str) -> str:
    """The marking at the head of every page, and with the page number at its foot."""
    text = css_string(marking)
    direction = "rtl" if get_language_bidi() else "ltr"
    return (
        "@page {"
        f" @top-center {{ content: {text}; direction: {direction}; }}"
        f' @bottom-center {{ content: {text} " · " counter(page) " / " counter(pages);'
        f" direction: {direction}; }}"
        " }"
    )


def render_document(
    template: str, context: dict[str, Any], *, marking: str, title: str
) -> weasyprint.Document:
    """``template`` (extending ``documents/print.html``) laid out in pages, in the active
    language, with ``marking`` on every page and ``title`` in the document's metadata."""
    html = render_to_string(template, {**context, "marking": marking, "document_title": title})
    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=1)
    stylesheets = [
        weasyprint.CSS(filename=str(PRINT_CSS), url_fetcher=fetcher),
        weasyprint.CSS(string=marking_css(marking), url_fetcher=fetcher),
    ]
    return weasyprint.HTML(string=html, url_fetcher=fetcher).render(stylesheets=stylesheets)


def render_pdf(template: str, context: dict[str, Any], *, marking: str, title: str) -> bytes:
    """The PDF file of `render_document`."""
    pdf: bytes = render_document(template, context, marking=marking, title=title).write_pdf()
    return pdf
