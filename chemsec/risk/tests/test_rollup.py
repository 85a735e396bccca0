"""The national roll-up: facilities sharing with an authority, tiers, chemicals, top risks,
its threat assessment, capacity gaps, exports (audit-logged)."""

import pytest
from django.urls import reverse

from chemsec.core.models import AuditEntry
from chemsec.facilities.services import threat_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(authority, nadia):
    return threat_create(
        organisation=authority,
        actor=nadia,
        name="Organised crime",
        adversary_type="outsider",
        actors="Criminal groups",
        goals=["theft_diversion"],
        likelihood=3,
        likelihood_rationale="Regional thefts.",
        intent_level=4,
    )


def test_it_rolls_up_only_facilities_that_share_with_the_authority(
    clients, imported, alice, authority, national
):
    from chemsec.facilities.services import facility_share

    page = clients["nadia"].get(reverse("risk:rollup")).content.decode()
    assert "Riverside Plant" not in page and "Organised crime" in page
    facility_share(facility=imported.facility, actor=alice, organisations=[authority])
    page = clients["nadia"].get(reverse("risk:rollup")).content.decode()
    assert "Riverside Plant" in page and "Thionyl chloride" in page
    assert "No needs assessment yet." in page or "Capacity gaps" in page


def test_it_offers_no_rollup_to_those_outside_an_authority(clients, shared_plant):
    page = clients["alice"].get(reverse("risk:rollup")).content.decode()
    assert "Riverside Plant" not in page.split("<main")[1].split("National roll-up")[-1]
    assert clients["alice"].get(reverse("risk:rollup_export", args=["csv"])).status_code == 404
    assert clients["anonymous"].get(reverse("risk:rollup")).status_code == 302
    assert clients["alice"].get("/api/v1/facilities-rollup").status_code == 404
    assert clients["anonymous"].get("/api/v1/facilities-rollup").status_code == 401


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_exports_the_rollup_and_records_the_export(
    clients, shared_plant, imported, authority, fmt
):
    response = clients["nadia"].get(reverse("risk:rollup_export", args=[fmt]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith(f'.{fmt}"')
    if fmt == "csv":
        assert "Riverside Plant" in response.content.decode() and ",1," in response.content.decode()
    assert AuditEntry.objects.filter(action="export", object_id=str(authority.pk)).exists()


def test_it_serves_the_rollup_by_api(clients, shared_plant, imported, national):
    body = clients["nadia"].get("/api/v1/facilities-rollup").json()
    assert body["facilities"][0]["tier"] == 1 and body["threats"][0]["name"] == "Organised crime"
    assert body["tiers"] == {"1": 1}


@pytest.fixture
def needs_assessment(authority, nadia):
    """The authority's submitted self-assessment against the national-capacity framework."""
    from chemsec.content.reader import read_content_file
    from chemsec.frameworks.models import Framework
    from chemsec.frameworks.services import assessment_start, assessment_submit
    from chemsec.frameworks.sync import sync_frameworks
    from chemsec.frameworks.tests.conftest import CONTENT

    sync_frameworks(read_content_file(CONTENT / "national-capacity.yaml").objects)
    framework = Framework.objects.get(urn="urn:chemsec:framework:national-capacity:v1")
    started = assessment_start(actor=nadia, organisation=authority, framework=framework)
    return assessment_submit(actor=nadia, assessment=started)


def test_it_shows_the_capacity_gaps_of_the_latest_needs_assessment(
    authority, nadia, needs_assessment
):
    from chemsec.risk.register import rollup

    capacity = rollup(authority, nadia)["capacity"]
    assert capacity["assessment"] == needs_assessment.title
    assert capacity["sections"] and {"section", "score"} <= set(capacity["sections"][0])


def test_it_lets_an_error_in_the_capacity_scores_surface(
    authority, nadia, needs_assessment, monkeypatch
):
    """A failing score is a bug to see (and a logged 500), not "no needs assessment yet"."""
    from chemsec.frameworks import analysis
    from chemsec.risk.register import rollup

    def broken(assessment):
        raise KeyError("a section that is not there")

    monkeypatch.setattr(analysis, "assessment_scores", broken)
    with pytest.raises(KeyError):
        rollup(authority, nadia)


@pytest.fixture
def restricted_national(authority, make_user):
    """A national threat profile the authority's admin keeps restricted: its colleagues
    without a share may not see it (404 on the threat itself)."""
    from chemsec.core.choices import Role

    ada = make_user("ada", authority, Role.ADMIN)
    return threat_create(
        organisation=authority,
        actor=ada,
        name="Named insider network",
        adversary_type="insider",
        goals=["theft_diversion"],
        likelihood=4,
        likelihood_rationale="Intelligence report 7.",
    )


def test_it_shows_a_member_only_the_threats_they_may_see(
    clients, shared_plant, imported, national, restricted_national
):
    """Finding: the roll-up showed restricted threat profiles to members of the authority
    who get 404 on the threat itself."""
    nadia = clients["nadia"]
    threat_page = reverse("facilities:threat_detail", args=[restricted_national.pk])
    assert nadia.get(threat_page).status_code == 404
    page = nadia.get(reverse("risk:rollup")).content.decode()
    assert "Organised crime" in page  # her own
    assert "Named insider network" not in page and "Intelligence report 7" not in page
    body = nadia.get("/api/v1/facilities-rollup").json()
    assert [t["name"] for t in body["threats"]] == ["Organised crime"]
    assert str(restricted_national.pk) not in str(body)


def test_it_shows_the_authority_admin_its_restricted_threats(
    shared_plant, restricted_national, national
):
    from django.test import Client

    from chemsec.core.models import User

    client = Client()
    client.force_login(User.objects.get(username="ada"))
    names = [t["name"] for t in client.get("/api/v1/facilities-rollup").json()["threats"]]
    assert names == ["Named insider network", "Organised crime"]
