"""An estimate's figures read as the reader's language writes numbers (QA, December 2026):
French and Russian group thousands with a space and mark decimals with a comma, so
"3,000 personnes/km²" read as three and "190,353" as a hundred and ninety; "63.45" and
"0.0087 mg/L" kept the English dot, and "4494 m" the English unit beside "199 м". The
drawings keep the dot in their coordinates."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from chemsec.protection import presenters
from chemsec.protection.models import ConsequenceEstimate

CHLORINE = {
    "chemical_name": "Chlorine",
    "cas": "7782-50-5",
    "quantity_kg": 907,
    "phase": "liquefied_gas",
    "release_scenario": "worst",
    "terrain": "urban",
    "population_density_per_km2": 3000,
    "endpoint_unit": "mg/m3",
    "endpoint_purpose": "rmp",
}


@pytest.fixture
def chlorine(personas, plant):
    url = reverse("protection:estimate_new", args=[plant.pk])
    response = personas["alice"].post(url, CHLORINE)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ConsequenceEstimate.objects.get()


def _facts(estimate, language):
    """The facts by their English label, worded in ``language``."""
    with translation.override("en"):
        labels = [label for label, _value in presenters.estimate_facts(estimate)]
    with translation.override(language):
        values = [value for _label, value in presenters.estimate_facts(estimate)]
    return dict(zip(labels, values, strict=True))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ru"])
def test_thousands_are_grouped_with_a_space_and_decimals_marked_with_a_comma(chlorine, language):
    group, mark = "\xa0", ","  # Django's French and Russian formats (CLDR: a space, a comma)
    facts = _facts(chlorine, language)
    assert facts["Population density"].startswith(f"3{group}000 "), facts
    r = chlorine.result
    circle = facts["Estimated population, circle"]
    assert re.fullmatch(r"\d{3}\xa0\d{3}", circle), circle
    assert abs(int(circle.replace(group, "")) - r["population_circle"]) <= 0.5
    area = f"{r['circle_area_km2']:.2f}".replace(".", mark)
    assert facts["Area, circle (km²)"] == area
    assert facts["Area, one-direction footprint (km²)"].startswith("1" + mark)
    # no English-written figure is left: "3,000", "190,353", "63.45", "0.0087"
    del facts["Method"]  # the citation keeps its page numbers
    del facts["Area, one-direction footprint (km²)"]  # "1,643" is 1.643 there
    text = " ".join(facts.values())
    assert not re.search(r"\d,\d{3}(?!\d)", text), text
    assert not re.search(r"(?<![\w.(])\d+\.\d+(?! ?\))", text.replace("40 CFR 68", "")), text


@pytest.mark.django_db
def test_arabic_keeps_its_dot_and_comma_grouping(chlorine):
    facts = _facts(chlorine, "ar")
    r = chlorine.result
    assert re.fullmatch(r"\d{3},\d{3}", facts["Estimated population, circle"])
    assert facts["Area, circle (km²)"] == f"{r['circle_area_km2']:.2f}"


@pytest.mark.django_db
def test_every_distance_is_written_with_the_same_unit_symbols(chlorine, monkeypatch):
    symbols = {"m": "<m>", "km": "<km>", "kg": "<kg>"}
    monkeypatch.setattr("chemsec.core.numbers.unit", lambda s: symbols.get(s, s))
    monkeypatch.setattr("chemsec.core.numbers._unit_symbols", lambda: symbols)
    facts = _facts(chlorine, "ru")
    distance = round(chlorine.result["model_distance_to_endpoint_m"])
    shown = f"{distance:,}".replace(",", "\xa0")
    assert facts["Quantity"].startswith("907 <kg>")
    assert f"{shown} <m>" in facts["Distance to endpoint, ChemSec model"]
    assert not re.search(r"\d m\b", " ".join(facts.values()))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ru"])
def test_the_page_writes_its_figures_in_the_readers_language(personas, chlorine, language):
    url = reverse("protection:estimate", args=[chlorine.pk])
    body = personas["alice"].get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert "3,000" not in body and "63." not in body.split("<svg")[0]
    # the drawings' coordinates keep the dot
    assert re.search(r'points="\d+\.\d,\d+\.\d', body)
    # the footprint labels its distance as the page does
    distance = f"{chlorine.result['model_distance_to_endpoint_m']:,.0f}".replace(",", "\xa0")
    drawing = body[body.index("<svg") : body.index("</svg>")]
    assert f"{distance} " in drawing, drawing


@pytest.mark.django_db
def test_the_method_is_named_in_the_readers_language(chlorine, monkeypatch):
    english = _facts(chlorine, "en")["Method"]
    assert english.startswith("Britter-McQuaid workbook")
    monkeypatch.setattr(presenters, "_", lambda text: f"<{text}>")
    method = dict(presenters.estimate_facts(chlorine))["<Method>"]
    assert method.startswith("<Britter-McQuaid workbook (continuous), then a passive"), method
    assert "Britter & McQuaid" in method  # the citation stays as published


@pytest.mark.django_db
def test_the_tables_reason_and_the_verification_are_worded_not_codes(chlorine, monkeypatch):
    monkeypatch.setattr(presenters, "pgettext", lambda context, text: f"<{text}>")
    facts = _facts(chlorine, "en")
    reason = facts["EPA OCA reference tables"]
    assert "<dense>" in reason and "<worst case>" in reason and "<urban>" in reason, reason
    assert "verification: verified in a secondary source" in facts["Toxic endpoint"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ru"])
def test_the_diagram_drawing_writes_its_figures_as_the_page_does(personas, diagram, language):
    url = reverse("protection:diagram", args=[diagram.pk])
    body = personas["alice"].get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    drawing = body[body.index("<svg") : body.index("</svg>")]
    texts = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", drawing))
    assert re.search(r"P\(D\) 0,\d\d", texts), texts
    assert not re.search(r"\d\.\d", texts), texts
    assert re.search(r'(x|y|width)="\d+(\.\d+)?"', drawing)  # geometry as SVG writes numbers
