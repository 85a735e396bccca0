"""Every API failure answers with the API's JSON error body, never an HTML 500: huge page
numbers, lone surrogates and denormal numbers are refused at the schema (422), and an
unforeseen error still answers JSON."""

import json

import pytest

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _is_json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()["error"]
    assert set(body) == {"code", "message", "details"}
    return body


@pytest.mark.parametrize("page", [10**12, 10**20, 2**63])
def test_a_huge_page_number_answers_json_for_anonymous_visitors(client, page):
    response = client.get(f"/api/v1/content?page={page}")
    assert response.status_code in (200, 422), response.content[:300]
    if response.status_code == 200:
        assert response.json()["items"] == []
    else:
        _is_json_error(response, 422)


def test_a_huge_page_number_answers_json_for_members_too(personas):
    for path in ("/api/v1/jobs", "/api/v1/organisations", "/api/v1/screening/lists/entries"):
        response = personas["alice"].get(f"{path}?page={10**20}&page_size={10**20}")
        assert response.status_code in (200, 422, 403), (path, response.content[:300])
        assert response["Content-Type"].startswith("application/json")


def test_a_lone_surrogate_is_refused_at_the_schema(client):
    body = '{"identifiers": ["\\ud800"]}'  # valid JSON, not a valid Unicode string
    response = client.post("/api/v1/screening/check", body, content_type=JSON)
    error = _is_json_error(response, 422)
    assert "identifiers" in error["details"][0]["field"]


def test_a_denormal_quantity_is_refused_at_the_schema(personas, meridian, alice):
    from chemsec.facilities.services import facility_create

    plant = facility_create(
        organisation=meridian,
        name="Plant",
        actor=alice,
        facility_type="manufacturing",
        country="XA",
    )
    body = {
        "facility_id": str(plant.pk),
        "cas": "7782-50-5",
        "quantity_kg": 5e-324,
        "phase": "liquefied_gas",
    }
    response = personas["alice"].post(
        "/api/v1/protection/consequences", json.dumps(body), content_type=JSON
    )
    error = _is_json_error(response, 422)
    assert "quantity_kg" in error["details"][0]["field"]


def test_an_unforeseen_error_answers_json(client, monkeypatch):
    import chemsec.core.api as core_api

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(core_api.ContentItem.objects, "order_by", broken)
    client.raise_request_exception = False
    response = client.get("/api/v1/content")
    error = _is_json_error(response, 500)
    assert "a bug" not in error["message"]  # nothing internal is shown


@pytest.mark.parametrize(
    "name", ["Plant\u0000B", "\u0000", "Plant B\u0000"], ids=["inside", "alone", "trailing"]
)
def test_a_nul_character_is_refused_at_the_schema(personas, meridian, name):
    """U+0000 is valid JSON text but PostgreSQL's text and jsonb cannot hold it: stored, it
    answered 500 there (and was kept on SQLite, where every export then carried it)."""
    from chemsec.facilities.models import Facility

    body = {
        "organisation_id": str(meridian.pk),
        "name": name,
        "facility_type": "manufacturing",
        "country": "XA",
    }
    response = personas["alice"].post("/api/v1/facilities", json.dumps(body), content_type=JSON)
    error = _is_json_error(response, 422)
    assert error["details"][0]["field"].endswith("name")
    assert "NUL" in error["details"][0]["message"]
    assert not Facility.objects.filter(organisation=meridian).exists()


def test_a_body_over_the_upload_limit_is_a_413_json_error(client, settings):
    """A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE: Django raises while the API reads it,
    which answered 500; it is the API's JSON error, 413, saying the limit."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    body = json.dumps({"identifiers": ["C" * 10] * 120_000})  # about 1.7 MB
    response = client.post("/api/v1/screening/check", body, content_type=JSON)
    error = _is_json_error(response, 413)
    assert error["code"] == "too_large" and "1 MB" in error["message"]


def test_a_path_no_api_route_matches_is_a_404_json_error(client):
    """Under /api/ a path no route matches answers the API's JSON error (it was Django's HTML
    page); elsewhere the page stays a page."""
    for path in ("/api/v1/no-such-route", "/api/v1/screening/lists/entries/a/b/c"):
        error = _is_json_error(client.get(path), 404)
        assert error["code"] == "not_found"
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
