"""Drawings and charts that do not care about locale: every page that draws (the adversary
sequence diagram, the release footprint, the site plan, the score charts) is rendered in
each of the six languages and each of its SVGs is read as XML. Every number in the
geometry must read as a number (a dot, never a decimal comma), the geometry runs left to
right (``direction="ltr"``) and the words are the reader's language's. Numbers the page
hands to scripts and styles (data attributes, meters and progress bars) obey the same."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from .conftest import LANGUAGES, client_in

pytestmark = [pytest.mark.once, pytest.mark.django_db]

SVG = "{http://www.w3.org/2000/svg}"
NUMBERS = {
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "dx", "dy",
    "width", "height", "stroke-width", "font-size", "opacity", "textLength",
}  # fmt: skip
# Attributes outside SVG that carry a number for scripts or styles.
HTML_NUMBERS = re.compile(
    r'\s(data-(?:score|value|x|y|width|height|mean|count)|value|min|max|low|high|optimum)="([^"]*)"'
)


def _number(value: str) -> float:
    return float(value.removesuffix("%").removesuffix("px"))


def check_svg(svg: str) -> ET.Element:
    """The drawing parsed as XML, each of its numbers checked; returns its root."""
    root = ET.fromstring(svg)  # noqa: S314 (the page under test, not untrusted input)
    assert root.get("direction") == "ltr", root.attrib
    for element in root.iter():
        for name, value in element.attrib.items():
            if name in NUMBERS:
                _number(value)  # raises on "220,6"
            elif name == "viewBox":
                assert len([_number(v) for v in value.split()]) == 4, value
            elif name == "points":
                for pair in value.split():
                    assert len([_number(v) for v in pair.split(",")]) == 2, pair
    return root


def drawings(body: str) -> list[ET.Element]:
    found = re.findall(r"<svg\b.*?</svg>", body, flags=re.DOTALL)
    assert found, "no drawing on the page"
    return [check_svg(svg) for svg in found]


def check_html_numbers(body: str) -> None:
    for _name, value in HTML_NUMBERS.findall(body):
        if value and re.fullmatch(r"[-\d.,\s%]+", value):
            _number(value)  # a decimal comma fails here


def words(root: ET.Element) -> str:
    return " ".join("".join(element.itertext()) for element in root.iter(f"{SVG}text"))


def _translated(language: str, message: str) -> str:
    with translation.override(language):
        found = gettext(message)
    if language != "en":
        assert found != message, f"untranslated in {language}: {message}"
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_diagram_is_drawn_in_any_language(language, alice, diagram):
    body = client_in(alice, language).get(reverse("protection:diagram", args=[diagram.pk]))
    body = body.content.decode()
    (root,) = drawings(body)
    check_html_numbers(body)
    assert _translated(language, "most vulnerable path") in words(root)
    assert "Penetrate door" in words(root)  # the names the person typed, as typed


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_footprint_is_drawn_in_any_language(language, alice, estimate):
    response = client_in(alice, language).get(reverse("protection:estimate", args=[estimate.pk]))
    body = response.content.decode()
    (root,) = drawings(body)
    check_html_numbers(body)
    polygon = root.find(f"{SVG}polygon")
    assert polygon is not None and len(polygon.get("points", "").split()) > 4
    with translation.override(language):
        from chemsec.protection.presenters import footprint_words

        assert footprint_words().shaded in words(root)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_site_plan_draws_both_in_any_language(language, alice, plant, diagram, estimate):
    body = client_in(alice, language).get(reverse("protection:plan", args=[plant.pk]))
    body = body.content.decode()
    assert len(drawings(body)) == 2
    check_html_numbers(body)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_score_charts_are_drawn_in_any_language(language, alice, sam, submitted, campaign):
    pages = [
        client_in(alice, language).get(reverse("frameworks:results", args=[submitted.pk])),
        client_in(sam, language).get(reverse("frameworks:campaign", args=[campaign.pk])),
    ]
    for response in pages:
        assert response.status_code == 200
        body = response.content.decode()
        # The campaign page also draws the needs map (checked by `drawings` too); the bar
        # chart is the drawing with bars.
        (root,) = [svg for svg in drawings(body) if next(svg.iter(f"{SVG}rect"), None) is not None]
        check_html_numbers(body)
        bars = [rect for rect in root.iter(f"{SVG}rect")]
        assert bars and any(_number(rect.get("width", "0")) > 0 for rect in bars)
        # A fractional width proves the dot survives the locale (means are rarely whole).
        assert any("." in rect.get("width", "") for rect in bars) or language == "en"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_road_map_page_writes_its_numbers_with_a_dot(language, alice, roadmap):
    url = reverse("frameworks:roadmap", args=[roadmap.assessment_id])
    body = client_in(alice, language).get(url).content.decode()
    check_html_numbers(body)
