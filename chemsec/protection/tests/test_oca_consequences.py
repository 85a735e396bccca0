"""Endpoints by purpose and the EPA OCA reference tables beside the models (issue 10, items 2-3).

An RMP scenario uses the 40 CFR 68 Appendix A endpoint, emergency planning AEGL-2 or ERPG-2,
and a typed value always wins ("entered by the user"). The same release is read off the
EPA OCA reference tables; the longer distance leads, and a model distance shorter than the
tables' is labelled a model estimate, on the page, in the API and in the plan.
"""

import pytest
from django.urls import reverse

from chemsec.protection.consequences import estimate
from chemsec.protection.models import ConsequenceEstimate
from chemsec.science.inputs import InputError

AMMONIA_10K_LB = {
    "cas": "7664-41-7",
    "quantity_kg": 4535.9237,  # 10,000 lb over 10 minutes: 1,000 lb/min
    "phase": "liquefied_gas",
    "release_scenario": "worst",
    "terrain": "urban",
    "population_density_per_km2": 1000,
}


def test_an_rmp_scenario_uses_the_appendix_a_endpoint():
    out = estimate(AMMONIA_10K_LB)
    assert out["endpoint"]["type"] == "rmp-appendix-a" and out["endpoint"]["value"] == 0.14
    assert out["endpoint_choice"]["code"] == "rmp_appendix_a"


@pytest.mark.parametrize(
    ("purpose", "endpoint_type", "code"),
    [("aegl2", "aegl2-60min", "aegl2_planning"), ("erpg2", "rmp-appendix-a",
                                                   "erpg2_as_appendix_a")],
)  # fmt: skip
def test_emergency_planning_uses_the_endpoint_chosen(purpose, endpoint_type, code):
    out = estimate({**AMMONIA_10K_LB, "endpoint_purpose": purpose})
    assert out["endpoint"]["type"] == endpoint_type
    assert out["endpoint_choice"]["code"] == code and out["endpoint_purpose"] == purpose


def test_a_typed_endpoint_is_always_used_and_shown_as_entered_by_the_user():
    out = estimate({**AMMONIA_10K_LB, "endpoint_value": 150.0, "endpoint_unit": "ppm"})
    assert out["endpoint"]["source"] == "entered by the user"
    assert out["endpoint"]["value"] == 150.0 and out["endpoint_choice"]["code"] == "user_entered"


def test_an_unknown_purpose_is_an_input_error():
    with pytest.raises(InputError) as caught:
        estimate({**AMMONIA_10K_LB, "endpoint_purpose": "whatever"})
    assert caught.value.field == "endpoint_purpose"


def test_a_model_shorter_than_the_tables_is_led_by_the_tables():
    out = estimate(AMMONIA_10K_LB)  # urban ammonia: the passive plume is 0.94 of the table
    assert (
        out["oca"]["available"] and out["oca"]["table"]["id"] == "ammonia-pressurised-worst-urban"
    )
    assert out["oca"]["method"] == "EPA OCA reference tables"
    assert out["distance_basis"] == "oca" and out["model_shorter_than_oca"]
    assert out["distance_to_endpoint_m"] == pytest.approx(1.2 * 1609.344)
    assert out["model_distance_to_endpoint_m"] < out["distance_to_endpoint_m"]
    assert out["circle_area_km2"] == pytest.approx(3.14159265 * (1.2 * 1.609344) ** 2)
    assert out["population_circle"] == pytest.approx(out["circle_area_km2"] * 1000)


def test_a_model_longer_than_the_tables_leads_and_the_tables_stay_beside_it():
    rural = estimate({**AMMONIA_10K_LB, "terrain": "rural"})  # rural: 3.5 x the table
    assert rural["distance_basis"] == "model" and not rural["model_shorter_than_oca"]
    assert rural["oca"]["distance_mi"] == 1.8
    assert rural["distance_to_endpoint_m"] == rural["model_distance_to_endpoint_m"]


def test_where_no_verified_table_covers_the_case_the_result_says_why():
    chlorine = estimate({**AMMONIA_10K_LB, "cas": "7782-50-5", "quantity_kg": 907})
    assert chlorine["oca"]["available"] is False
    assert chlorine["oca"]["reason_code"] == "no_table"
    assert chlorine["distance_basis"] == "model"


@pytest.mark.django_db
def test_the_page_shows_both_distances_leads_with_the_longer_and_says_why(personas, plant):
    form = {**AMMONIA_10K_LB, "chemical_name": "Ammonia", "endpoint_unit": "mg/m3",
            "endpoint_purpose": "rmp"}  # fmt: skip
    response = personas["alice"].post(reverse("protection:estimate_new", args=[plant.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    body = personas["alice"].get(response["Location"]).content.decode()
    assert "1.2 mi (1,931 m) (EPA OCA reference tables)" in body
    assert "shorter than the EPA OCA reference tables: a model estimate" in body
    assert "Distance to endpoint, ChemSec model" in body
    assert "RMP scenario: the 40 CFR 68 Appendix A toxic endpoint" in body
    stored = ConsequenceEstimate.objects.get()
    assert stored.inputs["endpoint_purpose"] == "rmp"


@pytest.mark.django_db
def test_the_api_takes_the_purpose_and_answers_with_both_distances(personas, plant):
    body = {**AMMONIA_10K_LB, "facility_id": str(plant.pk), "endpoint_purpose": "aegl2"}
    created = personas["alice"].post(
        "/api/v1/protection/consequences", body, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    result = created.json()["result"]
    assert result["endpoint_choice"]["code"] == "aegl2_planning"
    assert {"oca", "distance_basis", "model_distance_to_endpoint_m"} <= set(result)
    bad = {**body, "endpoint_purpose": "guess"}
    refused = personas["alice"].post(
        "/api/v1/protection/consequences", bad, content_type="application/json"
    )
    assert refused.status_code == 422


def test_a_refusal_is_worded_in_the_readers_language():
    from django.utils import translation

    from chemsec.protection.presenters import input_error_text

    refusal = InputError(
        "wind_m_s", "english", "wind_below_range", {"wind_m_s": 0.01, "minimum_m_s": 1.0}
    )
    with translation.override("en"):
        assert input_error_text(refusal).startswith("0.01 m/s is below 1.0 m/s at 10 m")
    unknown = InputError("x", "as given", "some_new_code")
    assert input_error_text(unknown) == "as given"
