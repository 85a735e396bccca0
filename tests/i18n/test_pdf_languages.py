"""PDFs in the six UN languages: each is generated through its route in the reader's
language, and its text, read back out of the file, carries the translated marking on every
page (head and foot, with the page number) and the translated headings, set in fonts that
have the script's glyphs (a missing glyph would not read back as its letter). In Arabic
the marking wraps inside the page."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from .conftest import LANGUAGES, client_in

pytestmark = [pytest.mark.once, pytest.mark.django_db]

# The font each language's own letters must come in (a subset: "ABCDEF+" before the name).
LATIN = r"\+Noto-Sans(-Bold)?$"
SCRIPT_FONTS = {
    "en": LATIN,
    "fr": LATIN,
    "es": LATIN,
    "ru": LATIN,
    "ar": r"\+Noto-Sans-Arabic(-Bold)?$",
    "zh-hans": r"\+Noto-Sans-CJK-SC(-Bold)?$",
}


def _pages(pdf: bytes) -> list[str]:
    assert pdf.startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _squeeze(text: str) -> str:
    """The text without white space: a line may break anywhere in Chinese, and a
    right-to-left line reads back with its runs in visual order, but each word keeps its
    letters in order."""
    return "".join(text.split())


def assert_says(text: str, expected: str, times: int = 1) -> None:
    found = _squeeze(text)
    for word in _words(expected):
        assert found.count(word) >= times, (word, expected, text[:600])


def assert_marked_on_every_page(pages: list[str], marking: str) -> None:
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert_says(text, marking, times=2)  # head and foot
        # The foot's page number, in either order (a right-to-left line reverses the runs).
        assert re.search(rf"\b{number} / {total}\b|\b{total} / {number}\b", text), text[-300:]


def _translated(language: str, *messages: str) -> list[str]:
    """The messages in ``language``; outside English each must really be translated."""
    with translation.override(language):
        found = [gettext(message) for message in messages]
    if language != "en":
        assert not set(found) & set(messages), f"untranslated in {language}: {found}"
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_site_plan_pdf_speaks_the_readers_language(language, alice, plant, diagram, estimate):
    from chemsec.protection.plan import marking_for

    response = client_in(alice, language).get(f"/api/v1/protection/facilities/{plant.pk}/plan.pdf")
    assert response.status_code == 200
    pdf = response.content
    pages = _pages(pdf)
    with translation.override(language):
        marking = marking_for(plant)
        level = plant.get_confidentiality_display()
    assert_marked_on_every_page(pages, marking)
    text = "\n".join(pages)
    headings = _translated(
        language,
        "Site security plan",
        "Facility profile",
        "Protection evaluation",
        "Consequence estimates",
        "Layer",
        "Element",
    )
    for heading in headings:
        assert_says(text, heading)
    if language != "en":
        assert level != "Restricted (named sharing)"
    assert any(re.search(SCRIPT_FONTS[language], font) for font in _fonts(pdf)), _fonts(pdf)
    assert_says(text, "Case A")
    assert_says(text, "Meridian Riverside Plant")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_road_map_pdf_speaks_the_readers_language(language, alice, roadmap):
    from chemsec.frameworks.exports import marking

    url = reverse("frameworks:roadmap_export", args=[roadmap.assessment_id, "pdf"])
    response = client_in(alice, language).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    pages = _pages(pdf)
    with translation.override(language):
        marked = marking(roadmap)
    assert_marked_on_every_page(pages, marked)
    (prefix,) = _translated(language, "CONFIDENTIALITY: %(level)s")
    assert_says(pages[0], prefix.replace("%(level)s", ""), times=2)
    for heading in _translated(language, "Owner", "Priority", "Status", "Progress", "Due"):
        assert_says(pages[0], heading)
    assert any(re.search(SCRIPT_FONTS[language], font) for font in _fonts(pdf)), _fonts(pdf)


def test_the_arabic_marking_wraps_inside_the_page(alice, plant, diagram, estimate):
    """A long marking (a long organisation name) stays within the page: every line of the
    head and foot lies between the page's edges."""
    from chemsec.core.pdf import render_document
    from chemsec.protection.plan import build_plan, marking_for

    plant.organisation.name = "Meridian Chemicals " * 12  # in memory only
    with translation.override("ar"):
        plan = build_plan(facility=plant, user=alice)
        marking = marking_for(plant)
        document = render_document(
            "protection/plan_print.html",
            {"plan": plan, "facility": plant},
            marking=marking,
            title="plan",
        )
    checked = 0
    for page in document.pages:
        for box in _margin_text_boxes(page):
            assert box.position_x >= 0, box
            assert box.position_x + box.width <= page.width, (box, page.width)
            checked += 1
    assert checked >= 4 * len(document.pages)  # head and foot, each on two lines at least
    pdf = document.write_pdf()
    assert_marked_on_every_page(_pages(pdf), marking)


def _margin_text_boxes(page):
    """The lines of text in the page's margin boxes (WeasyPrint's laid-out boxes)."""
    from weasyprint.formatting_structure import boxes

    def walk(box, in_margin):
        in_margin = in_margin or isinstance(box, boxes.MarginBox)
        if in_margin and isinstance(box, boxes.TextBox):
            yield box
        for child in getattr(box, "children", []):
            yield from walk(child, in_margin)

    return list(walk(page._page_box, False))
