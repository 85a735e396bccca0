"""Consequence estimates: chlorine worst case, labels, provenance, footprint, personas."""

import pytest
from django.urls import reverse

from chemsec.core.models import AuditEntry
from chemsec.protection.models import ConsequenceEstimate

pytestmark = pytest.mark.django_db

CHLORINE = {
    "chemical_name": "Chlorine",
    "cas": "7782-50-5",
    "quantity_kg": "907",
    "phase": "liquefied_gas",
    "release_scenario": "worst",
    "terrain": "urban",
    "population_density_per_km2": "3000",
    "endpoint_unit": "mg/m3",
}


@pytest.fixture
def estimate(personas, plant):
    response = personas["alice"].post(reverse("protection:estimate_new", args=[plant.pk]), CHLORINE)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ConsequenceEstimate.objects.get()


def test_it_estimates_a_chlorine_worst_case_with_the_dense_gas_model(personas, estimate):
    assert estimate.confidentiality == "restricted"
    result = estimate.result
    assert result["endpoint"]["type"] == "rmp-appendix-a"  # an RMP scenario: 40 CFR 68 App. A
    assert result["endpoint_choice"]["code"] == "rmp_appendix_a"
    assert result["distance_to_endpoint_m"] > 1000 and not estimate.dense_gas
    assert result["method"].startswith("Britter-McQuaid workbook (continuous)")
    assert result["dense_gas_model"]["source_temperature_k"] == pytest.approx(239.2, abs=0.1)
    body = (
        personas["alice"].get(reverse("protection:estimate", args=[estimate.pk])).content.decode()
    )
    assert "indicative, dense gas" not in body
    assert "dense gas: Britter-McQuaid workbook (continuous)" in body
    # the page writes the distances as the reader's language does ("4,494 m" in English)
    assert f"{result['distance_to_endpoint_m']:,.0f} m" in body
    assert f"{result['gaussian_distance_to_endpoint_m']:,.0f} m" in body
    assert "Distance to endpoint, Gaussian plume (comparison only)" in body
    assert "verification: verified in a secondary source" in body and "Appendix A" in body
    assert "<svg" in body and "Toxic endpoint footprint" in body
    assert "Estimated population, circle" in body and "passive Gaussian plume" in body


def test_it_still_labels_a_dense_gas_indicative_where_the_model_does_not_apply(personas, plant):
    # Liquefied ammonia: its vapour at the boiling point is lighter than air.
    ammonia = {**CHLORINE, "chemical_name": "Ammonia", "cas": "7664-41-7"}
    response = personas["alice"].post(reverse("protection:estimate_new", args=[plant.pk]), ammonia)
    assert response.status_code == 302
    estimate = ConsequenceEstimate.objects.get()
    assert estimate.dense_gas and estimate.result["method"].startswith("Gaussian")
    body = personas["alice"].get(response["Location"]).content.decode()
    assert "indicative, dense gas" in body and "not applied: the released gas" in body
    assert AuditEntry.objects.filter(action="create", object_id=str(estimate.pk)).exists()


def test_it_explains_a_bad_cas_number(personas, plant):
    bad = {**CHLORINE, "cas": "7782-50"}
    response = personas["alice"].post(reverse("protection:estimate_new", args=[plant.pk]), bad)
    assert "Enter a CAS number" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("bob", 404), ("charlie", 404), ("anonymous", 302)]
)
def test_it_shows_estimates_only_to_those_who_need_to_know(personas, estimate, persona, status):
    url = reverse("protection:estimate", args=[estimate.pk])
    assert personas[persona].get(url).status_code == status


def test_it_creates_and_reads_estimates_through_the_api(personas, plant):
    body = {**CHLORINE, "facility_id": str(plant.pk), "quantity_kg": 907}
    body.pop("population_density_per_km2")
    created = personas["alice"].post(
        "/api/v1/protection/consequences", body, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    result = created.json()["result"]
    assert result["labels"] == [
        "dense gas: Britter-McQuaid workbook (continuous)",
        "endpoint verified-secondary",  # the Appendix A endpoint's status, carried
    ]
    assert result["population_circle"] is None
    pk = created.json()["id"]
    for persona, status in [("alice", 200), ("bob", 404), ("charlie", 404), ("anonymous", 401)]:
        got = personas[persona].get(f"/api/v1/protection/consequences/{pk}")
        assert got.status_code == status
    assert (
        personas["charlie"]
        .post("/api/v1/protection/consequences", body, content_type="application/json")
        .status_code
        == 404
    )


def test_it_takes_the_density_from_the_facility_profile_when_not_entered(plant, alice):
    from chemsec.protection.services import consequence_estimate_create

    plant.population_density_per_km2 = 1000  # as the facility profile may record it
    estimate = consequence_estimate_create(
        facility=plant, actor=alice, cas="7782-50-5", quantity_kg=907, phase="liquefied_gas",
        release_scenario="alternative", terrain="urban",
    )  # fmt: skip
    assert estimate.population_density_per_km2 == 1000
    assert estimate.inputs["population_density_source"] == "facility profile"
    assert estimate.result["population_circle"] == pytest.approx(
        estimate.result["circle_area_km2"] * 1000
    )
