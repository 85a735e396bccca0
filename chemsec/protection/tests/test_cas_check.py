"""A CAS number's check digit is checked once, by the service, with the screening engine's
rule; the form checks only the syntax, and the page shows the service's message."""

import pytest
from django.urls import reverse

from chemsec.protection.forms import ConsequenceForm
from chemsec.protection.models import ConsequenceEstimate
from chemsec.protection.services import consequence_estimate_create
from chemsec.science.inputs import InputError

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
    message = "7782-50-4 is not a valid CAS number: its check digit (the last digit) does not"
    assert message in body and "cas: 7782-50-4" not in body  # the field names it already
    assert not ConsequenceEstimate.objects.exists()


def test_it_keeps_the_syntax_message_for_a_malformed_number():
    form = ConsequenceForm({**CHLORINE, "cas": "7782-50"})
    assert not form.is_valid()
    assert form.errors["cas"] == ["Enter a CAS number such as 7782-50-5."]


def test_it_stores_the_canonical_form_of_a_valid_number(personas, plant):
    url = reverse("protection:estimate_new", args=[plant.pk])
    response = personas["alice"].post(url, {**CHLORINE, "cas": "007782-50-5"})
    assert response.status_code == 302
    assert ConsequenceEstimate.objects.get().cas == "7782-50-5"


def test_it_refuses_the_check_digit_for_every_caller(alice, plant):
    with pytest.raises(InputError, match="does not match the digits before it") as refused:
        consequence_estimate_create(
            facility=plant, actor=alice, cas="7782-50-4", quantity_kg=907.0,
            phase="liquefied_gas", release_scenario="worst", terrain="urban",
        )  # fmt: skip
    assert refused.value.field == "cas"
