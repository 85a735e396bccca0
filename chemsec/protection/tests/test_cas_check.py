"""The consequence form checks a CAS number's check digit with the screening engine's rule."""

import pytest
from django.urls import reverse

from chemsec.protection.forms import ConsequenceForm
from chemsec.protection.models import ConsequenceEstimate

pytestmark = pytest.mark.django_db

CHLORINE = {
    "chemical_name": "Chlorine",
    "cas": "7782-50-5",
    "quantity_kg": "907",
    "phase": "liquefied_gas",
    "release_scenario": "worst",
    "terrain": "urban",
    "endpoint_unit": "mg/m3",
}


def test_it_refuses_a_cas_number_with_a_wrong_check_digit(personas, plant):
    url = reverse("protection:estimate_new", args=[plant.pk])
    response = personas["alice"].post(url, {**CHLORINE, "cas": "7782-50-4"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "7782-50-4 is not a valid CAS number: its check digit" in body
    assert not ConsequenceEstimate.objects.exists()


def test_it_keeps_the_syntax_message_for_a_malformed_number():
    form = ConsequenceForm({**CHLORINE, "cas": "7782-50"})
    assert not form.is_valid()
    assert form.errors["cas"] == ["Enter a CAS number such as 7782-50-5."]


def test_it_stores_the_canonical_form_of_a_valid_number():
    form = ConsequenceForm({**CHLORINE, "cas": "007782-50-5"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["cas"] == "7782-50-5"
