"""Protection API: the same services and permissions as the pages, the CLI's JSON."""

import json
import math

import pytest

from chemsec.facilities.command import diagram_payload
from chemsec.protection.models import ProtectionDiagram
from chemsec.science.inputs import parse_diagram
from chemsec.science.paths import most_vulnerable_path
from chemsec.science.tests.cases import case_a

pytestmark = pytest.mark.django_db
BASE = "/api/v1/protection"


def _json(client, method, url, body=None):
    call = getattr(client, method)
    return call(
        url, json.dumps(body) if body is not None else None, content_type="application/json"
    )


def test_it_creates_updates_and_deletes_a_diagram(personas, plant):
    alice = personas["alice"]
    body = {
        "facility_id": str(plant.pk),
        "name": "API",
        "document": case_a(),
        "p_neutralisation": 0.8,
    }
    created = _json(alice, "post", f"{BASE}/diagrams", body)
    assert created.status_code == 201, created.content
    out = created.json()
    assert out["confidentiality"] == "restricted" and out["p_interruption"] == pytest.approx(
        0.476041, abs=1e-6
    )
    doc = case_a()
    doc["response"]["mean"] = 200
    updated = _json(alice, "put", f"{BASE}/diagrams/{out['id']}", {"name": "API", "document": doc})
    assert updated.status_code == 200 and updated.json()["version"] == 2
    assert alice.delete(f"{BASE}/diagrams/{out['id']}").status_code == 204
    assert not ProtectionDiagram.objects.exists()


def test_it_evaluates_with_the_same_json_as_the_cli(personas, diagram):
    response = personas["alice"].get(f"{BASE}/diagrams/{diagram.pk}/evaluation")
    cli = json.loads(json.dumps(diagram_payload(most_vulnerable_path(parse_diagram(case_a())))))
    got = response.json()
    assert got.pop("p_neutralisation") == 0.8
    assert got.pop("p_effectiveness") == pytest.approx(0.8 * cli["p_interruption"])
    assert got == cli


def test_it_answers_422_naming_the_field(personas, plant):
    doc = case_a()
    doc["layers"][0]["elements"][0]["delay_mean"] = -1
    body = {"facility_id": str(plant.pk), "name": "Bad", "document": doc}
    response = _json(personas["alice"], "post", f"{BASE}/diagrams", body)
    assert response.status_code == 422
    assert response.json()["error"]["message"].startswith("layers[0].elements[0].delay_mean")
    evaluated = _json(personas["alice"], "post", f"{BASE}/evaluate", {"document": doc})
    assert evaluated.status_code == 422


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("bob", 404), ("charlie", 404), ("anonymous", 401)]
)
def test_it_scopes_diagrams_to_those_who_need_to_know(personas, diagram, persona, status):
    client = personas[persona]
    assert client.get(f"{BASE}/diagrams/{diagram.pk}").status_code == status
    assert client.get(f"{BASE}/diagrams/{diagram.pk}/evaluation").status_code == status
    listed = client.get(f"{BASE}/diagrams")
    if persona != "anonymous":
        assert len(listed.json()) == (1 if persona == "alice" else 0)


@pytest.mark.parametrize("persona", ["bob", "charlie"])
def test_it_refuses_writes_by_others(personas, diagram, plant, persona):
    client = personas[persona]
    body = {"name": "X", "document": case_a()}  # an update names no facility (unknown: 422)
    created = {"facility_id": str(plant.pk), **body}
    assert _json(client, "post", f"{BASE}/diagrams", created).status_code == 404
    assert _json(client, "put", f"{BASE}/diagrams/{diagram.pk}", body).status_code == 404
    assert client.delete(f"{BASE}/diagrams/{diagram.pk}").status_code == 404


def test_it_gives_a_national_authority_read_only_access(inspector_client, shared_with_authority):
    pk = shared_with_authority.pk
    assert inspector_client.get(f"{BASE}/diagrams/{pk}").status_code == 200
    body = {"name": "X", "document": case_a()}
    # It sees the diagram, so a refusal says so (403), as everywhere (the policy's one rule).
    assert _json(inspector_client, "put", f"{BASE}/diagrams/{pk}", body).status_code == 403
    assert inspector_client.delete(f"{BASE}/diagrams/{pk}").status_code == 403


def test_it_refuses_a_scenario_of_another_facility(personas, plant):
    import uuid

    body = {
        "facility_id": str(plant.pk),
        "name": "X",
        "document": case_a(),
        "scenario_id": str(uuid.uuid4()),
    }
    response = _json(personas["alice"], "post", f"{BASE}/diagrams", body)
    assert response.status_code == 422 and "scenario_id" in response.json()["error"]["message"]


def test_it_refuses_an_estimate_whose_cas_check_digit_is_wrong(personas, plant):
    body = {
        "facility_id": str(plant.pk),
        "cas": "7782-50-4",
        "quantity_kg": 907,
        "phase": "liquefied_gas",
    }
    response = _json(personas["alice"], "post", f"{BASE}/consequences", body)
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert "7782-50-4 is not a valid CAS number: its check digit" in message


@pytest.mark.parametrize(
    "field, value",
    [
        ("quantity_kg", math.inf),
        ("quantity_kg", math.nan),
        ("population_density_per_km2", math.inf),
    ],
)
def test_it_refuses_an_estimate_with_infinity_or_nan(personas, plant, field, value):
    body = {
        "facility_id": str(plant.pk),
        "cas": "7782-50-5",
        "quantity_kg": 907,
        "phase": "liquefied_gas",
        field: value,
    }
    response = _json(personas["alice"], "post", f"{BASE}/consequences", body)
    assert response.status_code == 422
    assert field in json.dumps(response.json())
