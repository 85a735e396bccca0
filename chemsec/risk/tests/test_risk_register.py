"""Risk registers: both methods, inherent/current/residual risk, the heat map, measures
with what-if, the organisation's own matrix, pages and API by persona, and one
end-to-end run from a new facility to its register."""

import pytest
from django.urls import reverse

from chemsec.facilities.services import area_create, scenario_create, threat_create
from chemsec.risk.models import Measure, OrganisationMatrix, RiskEntry
from chemsec.risk.register import register
from chemsec.risk.selectors import default_matrix, matrix_for
from chemsec.risk.services import assessment_create, entry_set, measure_create
from chemsec.science.matrices import heat_map, level, to_lookup

from .conftest import DEMO_CSV, upload

pytestmark = pytest.mark.django_db

THREAT = {
    "name": "Insider",
    "adversary_type": "insider",
    "goals": ["release_sabotage"],
    "likelihood": 2,
    "likelihood_rationale": "None on record.",
}


@pytest.fixture
def scenario(plant, alice):
    threat = threat_create(organisation=plant.organisation, actor=alice, facility=plant, **THREAT)
    area = area_create(facility=plant, actor=alice, name="Chlorine store")
    return scenario_create(
        facility=plant,
        actor=alice,
        name="Chlorine sabotage",
        threat=threat,
        goal="release_sabotage",
        area=area,
    )


def _quantitative(plant, alice, scenario):
    assessment = assessment_create(
        facility=plant,
        actor=alice,
        name="SVA",
        method="quantitative",
        matrix=matrix_for(plant.organisation),
    )
    entry = entry_set(
        assessment=assessment,
        scenario=scenario,
        actor=alice,
        p_attack=0.3,
        p_interruption=0.4760407,
        p_neutralisation=0.8,
        consequence=100,
    )
    return assessment, entry


def test_it_reads_the_shipped_matrix_from_its_file_when_content_is_not_loaded():
    matrix = default_matrix()
    assert matrix["urn"] == "urn:chemsec:matrix:ccps-5x5:v1"
    assert level(matrix, 5, 5) == "very_high" and level(matrix, 1, 1) == "low"
    assert to_lookup(matrix)["likelihood"][0] == "Very unlikely"


def test_it_computes_inherent_current_and_residual_quantitative_risk(plant, alice, scenario):
    assessment, entry = _quantitative(plant, alice, scenario)
    measure_create(
        entry=entry,
        actor=alice,
        title="Better detection",
        cost=1000,
        proposed_p_interruption=0.9,
        rbps_topics=[4],
    )
    row = register(assessment)["rows"][0]
    assert row["ratings"]["inherent"].value == pytest.approx(30.0)  # P_I = 0: R = P_A C
    assert row["ratings"]["current"].value == pytest.approx(18.57502, abs=1e-4)  # notes' example
    assert row["ratings"]["residual"].value == pytest.approx(0.3 * (1 - 0.72) * 100)
    what_if = row["measures"][0]["what_if"]
    assert what_if["reduction"] == pytest.approx(18.57502 - 8.4, abs=1e-4)
    assert what_if["per_cost"] == pytest.approx(what_if["reduction"] / 1000)


def test_it_rates_qualitatively_with_the_matrix_and_a_changed_rating(plant, alice, scenario):
    assessment = assessment_create(
        facility=plant,
        actor=alice,
        name="Matrix",
        method="qualitative",
        matrix=matrix_for(plant.organisation),
    )
    entry = entry_set(
        assessment=assessment,
        scenario=scenario,
        actor=alice,
        inherent_likelihood=4,
        inherent_consequence=5,
        current_likelihood=3,
        current_consequence=5,
    )
    measure_create(
        entry=entry, actor=alice, title="Reduce inventory", cost=0, proposed_consequence=3
    )
    data = register(assessment)
    row = data["rows"][0]
    assert [row["ratings"][s].level for s in ("inherent", "current", "residual")] == [
        "very_high",
        "high",
        "medium",
    ]
    assert (
        row["measures"][0]["what_if"]["reduction"] == 1
        and row["measures"][0]["what_if"]["per_cost"] is None
    )
    cell = next(
        c
        for r in data["heat_map"]
        if r["likelihood"] == 3
        for c in r["cells"]
        if c["consequence"] == 5
    )
    assert cell["count"] == 1 and cell["names"] == ["Chlorine sabotage"] and cell["label"] == "High"


def test_it_refuses_an_entry_missing_its_methods_ratings(plant, alice, scenario):
    from django.core.exceptions import ValidationError

    assessment = assessment_create(
        facility=plant, actor=alice, name="SVA", method="quantitative", matrix={}
    )
    with pytest.raises(ValidationError):
        entry_set(assessment=assessment, scenario=scenario, actor=alice, p_attack=0.3)
    with pytest.raises(ValidationError):
        entry_set(
            assessment=assessment,
            scenario=scenario,
            actor=alice,
            p_attack=1.5,
            p_interruption=0.5,
            p_neutralisation=0.5,
            consequence=50,
        )


def test_it_refuses_unknown_performance_standard_topics(plant, alice, scenario):
    from django.core.exceptions import ValidationError

    _assessment, entry = _quantitative(plant, alice, scenario)
    with pytest.raises(ValidationError):
        measure_create(entry=entry, actor=alice, title="x", rbps_topics=[19])
    with pytest.raises(ValidationError):
        measure_create(entry=entry, actor=alice, title="x", practice_urns=["https://example.org"])


def test_it_counts_scenarios_per_heat_map_cell():
    rows = heat_map(default_matrix(), [(5, 5, "b"), (5, 5, "a"), (1, 2, "c")])
    assert rows[0]["likelihood"] == 5 and rows[0]["cells"][4]["names"] == ["a", "b"]
    assert sum(c["count"] for r in rows for c in r["cells"]) == 3


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("nadia", 200), ("bob", 404), ("charlie", 404), ("anonymous", 302)],
)
def test_it_shows_the_register_and_heat_map_to_those_who_may_see(
    clients, shared_plant, alice, scenario, persona, status
):
    assessment, _entry = _quantitative(shared_plant, alice, scenario)
    for url in (
        reverse("risk:risk", args=[shared_plant.pk]),
        reverse("risk:register", args=[shared_plant.pk, assessment.pk]),
    ):
        response = clients[persona].get(url)
        assert response.status_code == status
    if status == 200:
        assert 'id="heat-map"' in response.content.decode()
        assert ("Rate a scenario" in response.content.decode()) == (persona == "alice")


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 302), ("nadia", 403), ("bob", 404), ("charlie", 404)]
)
def test_it_lets_only_editors_rate_and_add_measures(
    clients, shared_plant, alice, scenario, persona, status
):
    assessment, entry = _quantitative(shared_plant, alice, scenario)
    args = [shared_plant.pk, assessment.pk]
    rating = {
        "scenario": str(scenario.pk),
        "p_attack": "0.5",
        "p_interruption": "0.5",
        "p_neutralisation": "0.9",
        "consequence": "80",
    }
    assert (
        clients[persona].post(reverse("risk:entry_save", args=args), rating).status_code == status
    )
    measure = {
        "entry": str(entry.pk),
        "title": "Fence",
        "cost": "500",
        "status": "proposed",
        "rbps_topics": ["1", "4"],
        "proposed_p_interruption": "0.7",
    }
    assert (
        clients[persona].post(reverse("risk:measure_add", args=args), measure).status_code == status
    )
    entry.refresh_from_db()
    assert (entry.p_attack == 0.5) == (persona == "alice")
    assert Measure.objects.filter(title="Fence", rbps_topics=[1, 4]).exists() == (
        persona == "alice"
    )


def test_it_uses_an_organisations_own_matrix_for_new_assessments(
    personas, meridian, plant, alice, scenario
):
    import json

    data = default_matrix()
    data["grid"] = [["low"] * 5 for _ in range(5)]
    response = personas["alice"].post(reverse("risk:matrix"), {"data": json.dumps(data)})
    assert (
        response.status_code == 302
        and OrganisationMatrix.objects.filter(organisation=meridian).exists()
    )
    assert (
        personas["bob"].post(reverse("risk:matrix"), {"data": json.dumps(data)}).status_code == 403
    )
    bad = personas["alice"].post(
        reverse("risk:matrix"), {"data": json.dumps({**data, "grid": [["x"]]})}
    )
    assert bad.status_code == 200 and "not valid" in bad.content.decode()
    assessment = assessment_create(
        facility=plant, actor=alice, name="Own", method="qualitative", matrix=matrix_for(meridian)
    )
    assert level(assessment.matrix, 5, 5) == "low"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("nadia", 200), ("bob", 404), ("charlie", 404), ("anonymous", 401)],
)
def test_it_serves_the_register_by_api(clients, shared_plant, alice, scenario, persona, status):
    _quantitative(shared_plant, alice, scenario)
    response = clients[persona].get(f"/api/v1/facilities/{shared_plant.pk}/risk-registers")
    assert response.status_code == status
    if status == 200:
        entry = response.json()[0]["entries"][0]
        assert entry["current"]["value"] == pytest.approx(18.57502, abs=1e-4)


def test_it_goes_from_a_new_facility_to_a_risk_register(personas, meridian):
    """End to end through the API: facility, inventory, chemicals, scenarios, register."""
    alice = personas["alice"]
    json_post = lambda url, body: alice.post(url, body, content_type="application/json")  # noqa: E731
    created = json_post(
        "/api/v1/facilities",
        {
            "organisation_id": str(meridian.pk),
            "name": "East Works",
            "facility_type": "manufacturing",
            "country": "XA",
        },
    )
    assert created.status_code == 201 and created.json()["confidentiality"] == "restricted"
    base = f"/api/v1/facilities/{created.json()['id']}"
    imported = alice.post(
        f"{base}/inventories", {"file": upload(DEMO_CSV.read_bytes(), "demo.csv")}
    )
    assert imported.status_code == 202 and imported.json()["error_count"] == 1
    chemicals = alice.get(f"{base}/chemicals").json()
    assert chemicals["tier"] == 1 and "7782-50-5" in {c["cas"] for c in chemicals["chemicals"]}
    threat = json_post(
        "/api/v1/threats", {**THREAT, "goals": ["release_sabotage", "theft_diversion"]}
    ).json()
    scenario = json_post(
        f"{base}/scenarios",
        {
            "name": "Chlorine release",
            "threat_id": threat["id"],
            "goal": "release_sabotage",
            "chemical_key": "7782-50-5",
        },
    )
    assert scenario.status_code == 201 and scenario.json()["chemical_name"] == "Chlorine"
    register_ = json_post(
        f"{base}/risk-registers", {"name": "SVA", "method": "quantitative"}
    ).json()
    rated = json_post(
        f"{base}/risk-registers/{register_['id']}/entries",
        {
            "scenario_id": scenario.json()["id"],
            "p_attack": 0.3,
            "p_interruption": 0.4760407,
            "p_neutralisation": 0.8,
            "consequence": 100,
        },
    )
    assert rated.status_code == 200
    measured = json_post(
        f"{base}/risk-registers/{register_['id']}/measures",
        {
            "scenario_id": scenario.json()["id"],
            "title": "Vehicle barriers",
            "cost": 2000,
            "rbps_topics": [1],
            "proposed_p_interruption": 0.9,
        },
    )
    entry = measured.json()["entries"][0]
    assert measured.status_code == 201 and entry["residual"]["value"] < entry["current"]["value"]
    assert RiskEntry.objects.count() == 1
