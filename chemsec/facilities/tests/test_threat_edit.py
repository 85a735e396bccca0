"""Editing and deleting threat profiles and scenarios, by persona, on pages and by API."""

import pytest
from django.urls import reverse

from chemsec.core.models import AuditEntry
from chemsec.core.services import object_share
from chemsec.facilities.models import Scenario, ThreatProfile
from chemsec.facilities.services import (
    area_create,
    facility_share,
    scenario_create,
    threat_create,
    threat_share,
)
from chemsec.risk.models import Measure, RiskEntry
from chemsec.risk.services import assessment_create, entry_set, measure_create

pytestmark = pytest.mark.django_db

THREAT = {
    "name": "Disgruntled insider",
    "adversary_type": "insider",
    "capabilities": "Knows the site and its alarms",
    "capability_level": 3,
    "intent_level": 2,
    "goals": ["release_sabotage"],
    "likelihood": 2,
    "likelihood_rationale": "Two dismissals last year.",
}


@pytest.fixture
def insider(plant, alice):
    return threat_create(organisation=plant.organisation, actor=alice, facility=plant, **THREAT)


@pytest.fixture
def shown_to_bob(insider, plant, alice, bob):
    """bob, a viewer at Meridian, is named on the threat and the plant: he reads, not writes."""
    object_share(obj=insider, actor=alice, users=[bob])
    facility_share(facility=plant, actor=alice, users=[bob])
    return insider


@pytest.fixture
def scenario(plant, alice, insider):
    area = area_create(facility=plant, actor=alice, name="Chlorine store")
    return scenario_create(
        facility=plant,
        actor=alice,
        name="Valve opened",
        threat=insider,
        goal="release_sabotage",
        area=area,
    )


@pytest.fixture
def rated(scenario, plant, alice):
    """The scenario rated in a register, with one measure against it."""
    assessment = assessment_create(
        facility=plant, actor=alice, name="2025 review", method="quantitative", matrix={}
    )
    entry = entry_set(
        assessment=assessment,
        scenario=scenario,
        actor=alice,
        p_attack=0.5,
        p_interruption=0.4,
        p_neutralisation=0.9,
        consequence=60,
    )
    measure_create(entry=entry, actor=alice, title="Valve interlocks")
    return scenario


def _form(**changes):
    return {**THREAT, **changes}


def _is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


# Threat profiles: pages


def test_it_prefills_the_threat_edit_form(personas, insider):
    body = personas["alice"].get(reverse("facilities:threat_edit", args=[insider.pk])).content
    text = body.decode()
    assert 'value="Disgruntled insider"' in text
    assert "Two dismissals last year." in text
    assert 'value="release_sabotage" id="id_goals_1" checked' in text


def test_it_lets_alice_edit_a_threat_and_audits_the_change(personas, insider):
    url = reverse("facilities:threat_edit", args=[insider.pk])
    response = personas["alice"].post(url, _form(likelihood=4, name="Insider, armed"))
    assert response.status_code == 302
    insider.refresh_from_db()
    assert (insider.likelihood, insider.name) == (4, "Insider, armed")
    entry = AuditEntry.objects.get(action="update", object_id=str(insider.pk))
    assert entry.changes["likelihood"] == [2, 4] and "goals" not in entry.changes


def test_it_shows_the_edit_form_again_with_errors(personas, insider):
    url = reverse("facilities:threat_edit", args=[insider.pk])
    response = personas["alice"].post(url, _form(likelihood=9))
    assert response.status_code == 200 and "has-error" in response.content.decode()
    insider.refresh_from_db()
    assert insider.likelihood == 2


@pytest.mark.parametrize("view", ["threat_edit", "threat_delete"])
def test_it_refuses_threat_changes_to_a_viewer_who_may_read_it(personas, shown_to_bob, view):
    url = reverse(f"facilities:{view}", args=[shown_to_bob.pk])
    assert (
        personas["bob"].get(reverse("facilities:threat_detail", args=[shown_to_bob.pk])).status_code
        == 200
    )
    assert personas["bob"].get(url).status_code == 403
    assert personas["bob"].post(url, _form(likelihood=5)).status_code == 403
    assert ThreatProfile.objects.get(pk=shown_to_bob.pk).likelihood == 2


@pytest.mark.parametrize("view", ["threat_edit", "threat_delete"])
def test_it_hides_threat_changes_from_those_who_may_not_read_it(personas, insider, view):
    url = reverse(f"facilities:{view}", args=[insider.pk])
    for persona in ("bob", "charlie"):  # bob is not named on this restricted threat
        assert personas[persona].get(url).status_code == 404
        assert personas[persona].post(url, _form()).status_code == 404
    assert _is_login_redirect(personas["anonymous"].get(url))
    assert _is_login_redirect(personas["anonymous"].post(url, _form()))
    assert ThreatProfile.objects.filter(pk=insider.pk, likelihood=2).exists()


def test_it_links_edit_and_delete_only_for_those_allowed(personas, shown_to_bob):
    edit = reverse("facilities:threat_edit", args=[shown_to_bob.pk])
    for page in (
        reverse("facilities:threats"),
        reverse("facilities:threat_detail", args=[shown_to_bob.pk]),
    ):
        assert edit in personas["alice"].get(page).content.decode()
        assert edit not in personas["bob"].get(page).content.decode()


def test_it_asks_before_deleting_a_threat_then_deletes_and_audits(personas, insider):
    url = reverse("facilities:threat_delete", args=[insider.pk])
    page = personas["alice"].get(url).content.decode()
    assert "cannot be undone" in page and 'method="post"' in page
    assert ThreatProfile.objects.filter(pk=insider.pk).exists()  # a GET deletes nothing
    assert personas["alice"].post(url).status_code == 302
    assert not ThreatProfile.objects.filter(pk=insider.pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_id=str(insider.pk)).exists()


def test_it_refuses_to_delete_a_threat_that_scenarios_use(personas, scenario, insider):
    url = reverse("facilities:threat_delete", args=[insider.pk])
    page = personas["alice"].get(url).content.decode()
    assert "cannot be deleted: 1 scenario uses it" in page and "Valve opened" in page
    assert 'type="submit"' not in page.split("<main", 1)[-1].split("</main>")[0]
    response = personas["alice"].post(url, follow=True)
    assert "1 scenario uses this threat profile" in response.content.decode()
    assert ThreatProfile.objects.filter(pk=insider.pk).exists()
    assert not AuditEntry.objects.filter(action="delete", object_id=str(insider.pk)).exists()


def test_it_does_not_name_scenarios_at_facilities_the_authority_may_not_see(
    clients, authority, nadia, plant, alice
):
    national = threat_create(organisation=authority, actor=nadia, **{**THREAT, "name": "National"})
    threat_share(threat=national, actor=nadia, facilities=[plant])
    area = area_create(facility=plant, actor=alice, name="Gate")
    scenario_create(
        facility=plant, actor=alice, name="Secret scenario", threat=national,
        goal="release_sabotage", area=area,
    )  # fmt: skip
    page = clients["nadia"].get(reverse("facilities:threat_delete", args=[national.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "1 more at a facility you may not see" in text
    assert "Secret scenario" not in text


# Scenarios: pages


def test_it_prefills_the_scenario_edit_form(personas, scenario, plant):
    url = reverse("facilities:scenario_edit", args=[plant.pk, scenario.pk])
    text = personas["alice"].get(url).content.decode()
    assert 'value="Valve opened"' in text
    assert f'<option value="{scenario.area_id}" selected>' in text
    assert f'<option value="{scenario.threat_id}" selected>' in text


def test_it_lets_alice_edit_a_scenario_and_audits_the_change(personas, scenario, plant):
    url = reverse("facilities:scenario_edit", args=[plant.pk, scenario.pk])
    data = {
        "name": "Valve opened at night",
        "threat": str(scenario.threat_id),
        "goal": "contamination",
        "area": str(scenario.area_id),
    }
    assert personas["alice"].post(url, data).status_code == 302
    scenario.refresh_from_db()
    assert (scenario.name, scenario.goal) == ("Valve opened at night", "contamination")
    changes = AuditEntry.objects.get(action="update", object_id=str(scenario.pk)).changes
    assert changes["goal"] == ["release_sabotage", "contamination"]


def test_it_keeps_a_no_longer_shared_threat_choosable_when_editing(
    personas, authority, nadia, plant, alice
):
    national = threat_create(organisation=authority, actor=nadia, **{**THREAT, "name": "National"})
    threat_share(threat=national, actor=nadia, facilities=[plant])
    area = area_create(facility=plant, actor=alice, name="Gate")
    scenario = scenario_create(
        facility=plant, actor=alice, name="Ram raid", threat=national, goal="theft_diversion",
        area=area,
    )  # fmt: skip
    national.shared_with_organisations.clear()
    url = reverse("facilities:scenario_edit", args=[plant.pk, scenario.pk])
    data = {"name": "Ram raid at the gate", "threat": str(national.pk), "goal": "theft_diversion"}
    assert personas["alice"].post(url, {**data, "area": str(area.pk)}).status_code == 302
    assert Scenario.objects.get(pk=scenario.pk).name == "Ram raid at the gate"


@pytest.mark.parametrize("view", ["scenario_edit", "scenario_delete"])
def test_it_guards_scenario_changes_by_persona(personas, shown_to_bob, scenario, plant, view):
    url = reverse(f"facilities:{view}", args=[plant.pk, scenario.pk])
    data = {"name": "Changed", "threat": str(scenario.threat_id), "goal": "contamination"}
    assert personas["alice"].get(url).status_code == 200
    assert personas["bob"].get(url).status_code == 403
    assert personas["bob"].post(url, data).status_code == 403
    assert personas["charlie"].get(url).status_code == 404
    assert personas["charlie"].post(url, data).status_code == 404
    assert _is_login_redirect(personas["anonymous"].post(url, data))
    assert Scenario.objects.get(pk=scenario.pk).name == "Valve opened"


def test_it_answers_404_for_a_scenario_of_another_facility(personas, scenario, alice, meridian):
    from chemsec.facilities.services import facility_create

    other = facility_create(
        organisation=meridian, name="Depot", actor=alice, facility_type="storage", country="XA"
    )
    url = reverse("facilities:scenario_edit", args=[other.pk, scenario.pk])
    assert personas["alice"].get(url).status_code == 404


def test_it_links_scenario_edit_and_delete_only_for_editors(
    personas, shown_to_bob, scenario, plant
):
    page = reverse("facilities:scenarios", args=[plant.pk])
    edit = reverse("facilities:scenario_edit", args=[plant.pk, scenario.pk])
    assert edit in personas["alice"].get(page).content.decode()
    bobs = personas["bob"].get(page)
    assert bobs.status_code == 200 and edit not in bobs.content.decode()


def test_it_says_what_goes_with_a_rated_scenario_then_deletes_and_audits_it(personas, rated, plant):
    url = reverse("facilities:scenario_delete", args=[plant.pk, rated.pk])
    page = personas["alice"].get(url).content.decode()
    assert "risk register “2025 review”" in page
    assert "the measure “Valve interlocks” in “2025 review”" in page
    entry = RiskEntry.objects.get(scenario=rated)
    measure = Measure.objects.get(entry=entry)
    response = personas["alice"].post(url, follow=True)
    assert "1 risk-register lines and 1 measures" in response.content.decode()
    assert not Scenario.objects.filter(pk=rated.pk).exists()
    assert not RiskEntry.objects.filter(pk=entry.pk).exists()
    assert not Measure.objects.filter(pk=measure.pk).exists()
    deleted = set(AuditEntry.objects.filter(action="delete").values_list("object_id", flat=True))
    assert {str(rated.pk), str(entry.pk), str(measure.pk)} <= deleted


def test_it_says_when_nothing_rates_the_scenario(personas, scenario, plant):
    url = reverse("facilities:scenario_delete", args=[plant.pk, scenario.pk])
    assert "no risk register rates it yet" in personas["alice"].get(url).content.decode()


# The API


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("bob", 403), ("charlie", 404), ("anonymous", 401)]
)
def test_it_changes_a_threat_by_api_only_for_editors(personas, shown_to_bob, persona, status):
    payload = {**THREAT, "likelihood": 5}
    response = personas[persona].put(
        f"/api/v1/threats/{shown_to_bob.pk}", payload, content_type="application/json"
    )
    assert response.status_code == status
    assert ThreatProfile.objects.get(pk=shown_to_bob.pk).likelihood == (5 if status == 200 else 2)
    if status == 200:
        assert response.json()["likelihood"] == 5


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 204), ("bob", 403), ("charlie", 404), ("anonymous", 401)]
)
def test_it_deletes_a_threat_by_api_only_for_admins(personas, shown_to_bob, persona, status):
    response = personas[persona].delete(f"/api/v1/threats/{shown_to_bob.pk}")
    assert response.status_code == status
    assert ThreatProfile.objects.filter(pk=shown_to_bob.pk).exists() == (status != 204)


def test_it_answers_409_when_the_api_deletes_a_threat_in_use(personas, scenario, insider):
    response = personas["alice"].delete(f"/api/v1/threats/{insider.pk}")
    assert response.status_code == 409 and "1 scenario uses" in response.content.decode()
    assert ThreatProfile.objects.filter(pk=insider.pk).exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("bob", 403), ("charlie", 404), ("anonymous", 401)]
)
def test_it_changes_a_scenario_by_api_only_for_editors(
    personas, shown_to_bob, scenario, plant, persona, status
):
    payload = {
        "name": "Valve opened by API",
        "threat_id": str(scenario.threat_id),
        "goal": "release_sabotage",
        "area_id": str(scenario.area_id),
    }
    url = f"/api/v1/facilities/{plant.pk}/scenarios/{scenario.pk}"
    response = personas[persona].put(url, payload, content_type="application/json")
    assert response.status_code == status
    expected = "Valve opened by API" if status == 200 else "Valve opened"
    assert Scenario.objects.get(pk=scenario.pk).name == expected


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("bob", 403), ("charlie", 404), ("anonymous", 401)]
)
def test_it_deletes_a_scenario_by_api_only_for_editors(
    personas, shown_to_bob, rated, plant, persona, status
):
    response = personas[persona].delete(f"/api/v1/facilities/{plant.pk}/scenarios/{rated.pk}")
    assert response.status_code == status
    assert Scenario.objects.filter(pk=rated.pk).exists() == (status != 200)
    if status == 200:
        assert response.json()["risk_entries_removed"] == 1
        assert response.json()["measures_removed"] == 1
