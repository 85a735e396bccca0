"""An editor who may change a facility but not see its protection diagram (carol, a
Meridian contributor; diagrams are restricted) edits its risk register: she sees and leaks
no element name, cannot probe names through the API, and leaves the diagram link and the
measures' changes as they are."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from chemsec.core.choices import Role
from chemsec.core.models import AuditEntry
from chemsec.core.services import object_share
from chemsec.core.writes import unaudited
from chemsec.facilities.services import scenario_create
from chemsec.protection.services import diagram_create, diagram_update
from chemsec.risk.register import register as read_register
from chemsec.risk.services import (
    entry_recompute,
    entry_set,
    entry_update,
    measure_create,
    measure_update,
)
from chemsec.science.tests.cases import CASE_A_P_I, FENCE, case_a

pytestmark = pytest.mark.django_db


@pytest.fixture
def carol_user(make_user, meridian):
    return make_user("carol", meridian, Role.CONTRIBUTOR)


@pytest.fixture
def carol(carol_user, plant):
    # Carol may change the plant (its organisation's contributors may), not its diagram.
    plant.confidentiality = "organisation"
    with unaudited("fixture: a site every member sees"):
        plant.save()
    client = Client()
    client.force_login(carol_user)
    return client


@pytest.fixture
def measure(linked, alice):
    return measure_create(
        entry=linked,
        actor=alice,
        title="Fence",
        proposed_p_interruption=0.7,
        protection_changes=[FENCE],
    )


def _api(linked):
    facility, assessment = linked.assessment.facility_id, linked.assessment_id
    return f"/api/v1/facilities/{facility}/risk-registers/{assessment}"


def _page(name, linked, *more):
    args = [linked.assessment.facility_id, linked.assessment_id, *more]
    return reverse(f"risk:{name}", args=args)


def _renamed_fence(diagram, alice):
    """The diagram's next version renames the fence."""
    document = case_a()
    document["layers"][0]["elements"][0]["name"] = "Wall"
    diagram_update(
        diagram=diagram, actor=alice, name="Case A", document=document, p_neutralisation=0.8
    )


def test_it_does_not_let_carol_see_the_diagram(carol, diagram):
    assert carol.get(reverse("protection:diagram", args=[diagram.pk])).status_code == 404


def test_it_shows_no_element_name_on_the_measure_page_and_keeps_the_changes(
    carol, personas, linked, measure
):
    url = _page("measure_edit", linked, measure.pk)
    body = carol.get(url).content.decode()
    assert "Cross perimeter fence" not in body and "change-0-element" not in body
    assert "protection diagram is one you may not see" in body
    assert "Cross perimeter fence" in personas["alice"].get(url).content.decode()
    posted = carol.post(url, {"entry": str(linked.pk), "title": "Fence and gate", "cost": "0",
                              "status": "planned", "proposed_p_interruption": "0.7"})  # fmt: skip
    assert posted.status_code == 302
    measure.refresh_from_db()
    assert measure.title == "Fence and gate" and measure.protection_changes == [FENCE]
    assert measure.protection_basis["p_interruption"] > CASE_A_P_I


def test_it_keeps_the_hidden_diagram_linked_when_carol_saves_the_risk(carol, linked, diagram):
    url = _page("entry_edit", linked, linked.pk)
    page = carol.get(url).content.decode()
    assert "Case A" not in page and 'name="protection_diagram"' not in page
    assert 'name="p_interruption"' not in page and "It stays linked when you save" in page
    # The form as an older page rendered it: "none" for the diagram, a typed P_I.
    posted = carol.post(url, {"p_attack": "0.3", "protection_diagram": "", "p_interruption": "0.9",
                              "p_neutralisation": "0.8", "consequence": "100",
                              "rationale": "typo fixed"})  # fmt: skip
    assert posted.status_code == 302
    linked.refresh_from_db()
    assert linked.protection_diagram_id == diagram.pk and linked.diagram_version.number == 1
    assert linked.p_interruption == pytest.approx(CASE_A_P_I, abs=1e-6)
    audit = AuditEntry.objects.filter(object_id=str(linked.pk), action="update").get()
    assert audit.changes == {"rationale": ["", "typo fixed"]}


def test_it_refuses_carol_changing_or_removing_the_link(carol, carol_user, linked, plant):
    with pytest.raises(ValidationError, match="you may not see"):
        entry_update(entry=linked, actor=carol_user, protection_diagram=None, p_interruption=0.9)
    theirs = diagram_create(facility=plant, actor=carol_user, name="Carol's", document=case_a())
    with pytest.raises(ValidationError, match="you may not see"):
        entry_update(entry=linked, actor=carol_user, protection_diagram=theirs)
    base = f"{_api(linked)}/entries/{linked.pk}"
    ratings = {"p_attack": 0.4, "p_neutralisation": 0.8, "consequence": 100}
    kept = carol.put(base, ratings, content_type="application/json")
    assert kept.status_code == 200  # no diagram key: the link stays
    unlink = carol.put(base, ratings | {"protection_diagram_id": None},
                       content_type="application/json")  # fmt: skip
    assert unlink.status_code == 422
    linked.refresh_from_db()
    assert linked.p_attack == 0.4 and linked.protection_diagram_id is not None
    assert linked.p_interruption == pytest.approx(CASE_A_P_I, abs=1e-6)


def test_it_offers_the_recompute_button_only_to_who_may_see_the_diagram(
    carol, personas, linked, diagram, alice
):
    diagram_update(
        diagram=diagram, actor=alice, name="Case A", document=case_a(), p_neutralisation=0.8
    )
    register = _page("register", linked)
    recompute = _page("entry_recompute", linked, linked.pk)
    carols = carol.get(register).content.decode()
    assert "The diagram has changed since" in carols and recompute not in carols
    assert recompute in personas["alice"].get(register).content.decode()


def test_it_answers_the_same_whatever_element_carol_names(carol, carol_user, linked):
    def propose(name):
        return carol.post(
            f"{_api(linked)}/measures",
            {"scenario_id": str(linked.scenario_id), "title": "probe",
             "protection_changes": [{"element": name, "p_detection": 1.0}]},
            content_type="application/json",
        )  # fmt: skip

    unknown, known = propose("Moat"), propose("Penetrate door")
    assert unknown.status_code == known.status_code == 422
    assert unknown.json() == known.json() and "Moat" not in unknown.text
    with pytest.raises(ValidationError, match="may see the risk's protection diagram"):
        door = {"element": "Penetrate door", "delay_mean": 9}
        measure_create(entry=linked, actor=carol_user, title="probe", protection_changes=[door])
    assert not linked.measures.exists()


def test_it_lets_carol_change_a_measure_by_api_but_not_its_changes(carol, linked, measure):
    url = f"{_api(linked)}/measures/{measure.pk}"
    kept = carol.put(url, {"title": "Fence v2", "cost": 10}, content_type="application/json")
    assert kept.status_code == 200
    item = kept.json()["entries"][0]["measures"][0]
    assert item["protection_changes"] == [] and item["what_if"]["source"] == "diagram"
    cleared = carol.put(url, {"title": "Fence v3", "protection_changes": []},
                        content_type="application/json")  # fmt: skip
    assert cleared.status_code == 422
    measure.refresh_from_db()
    assert measure.title == "Fence v2" and measure.protection_changes == [FENCE]


def test_it_names_no_hidden_element_when_the_changes_no_longer_apply(
    carol, personas, linked, measure, diagram, alice
):
    _renamed_fence(diagram, alice)
    entry_recompute(entry=linked, actor=alice)
    register = _page("register", linked)
    carols = carol.get(register).content.decode()
    assert "Cross perimeter fence" not in carols
    assert "The protection changes cannot be applied to the diagram;" in carols
    assert "Cross perimeter fence" in personas["alice"].get(register).content.decode()
    url = f"/api/v1/facilities/{linked.assessment.facility_id}/risk-registers"
    protection = carol.get(url).json()[0]["entries"][0]["measures"][0]["protection"]
    assert protection["p_interruption"] is None and "error" not in protection
    alices = personas["alice"].get(url).json()[0]["entries"][0]["measures"][0]["protection"]
    assert "no path element" in alices["error"]


def test_it_keeps_the_names_hidden_after_a_relink_to_a_diagram_carol_may_see(
    carol, carol_user, linked, measure, diagram, plant, alice
):
    document = case_a()
    document["layers"][0]["elements"][0]["name"] = "Wall"
    shared = diagram_create(facility=plant, actor=alice, name="Shared", document=document)
    object_share(obj=shared, actor=alice, users=[carol_user])
    entry_update(entry=linked, actor=alice, protection_diagram=shared)
    measure.refresh_from_db()
    # The change was written for the first diagram, which carol may still not see.
    assert measure.protection_basis["written_for"] == str(diagram.pk)
    register = _page("register", linked)
    assert "Cross perimeter fence" not in carol.get(register).content.decode()
    edit = _page("measure_edit", linked, measure.pk)
    assert "Cross perimeter fence" not in carol.get(edit).content.decode()


def test_it_refuses_carol_replacing_changes_written_for_a_diagram_she_may_not_see(
    carol, carol_user, linked, measure, plant, alice
):
    document = case_a()
    document["layers"][0]["elements"][0]["name"] = "Wall"
    shared = diagram_create(facility=plant, actor=alice, name="Shared", document=document)
    object_share(obj=shared, actor=alice, users=[carol_user])
    entry_update(entry=linked, actor=alice, protection_diagram=shared)
    measure.refresh_from_db()
    wall = {"layer": "Perimeter", "element": "Wall", "p_detection": 0.5}
    with pytest.raises(ValidationError, match="may see the risk's protection diagram"):
        measure_update(measure=measure, actor=carol_user, protection_changes=[wall])
    measure.refresh_from_db()
    assert measure.protection_changes == [FENCE]
    measure_update(measure=measure, actor=alice, protection_changes=[wall])
    measure.refresh_from_db()
    assert measure.protection_changes == [wall] and "written_for" not in measure.protection_basis


def test_it_keeps_the_changes_hidden_when_a_measure_moves_to_a_risk_carol_may_see(
    carol, carol_user, linked, measure, diagram, plant, alice
):
    shared = diagram_create(facility=plant, actor=alice, name="Shared", document=case_a())
    object_share(obj=shared, actor=alice, users=[carol_user])
    scenario = linked.scenario
    other = scenario_create(
        facility=plant,
        actor=alice,
        name="Release",
        threat=scenario.threat,
        goal=scenario.goal,
        area=scenario.area,
    )
    ratings = {"p_attack": 0.3, "p_neutralisation": 0.8, "consequence": 100}
    target = entry_set(
        assessment=linked.assessment,
        scenario=other,
        actor=alice,
        protection_diagram=shared,
        **ratings,
    )
    measure_update(measure=measure, actor=alice, entry=target)
    measure.refresh_from_db()
    assert measure.protection_basis["written_for"] == str(diagram.pk)
    assert measure.protection_basis["p_interruption"] > CASE_A_P_I
    # The element names are the first diagram's, which carol may still not see.
    rows = read_register(linked.assessment, carol_user)["rows"]
    moved = next(row for row in rows if row["entry"] == target)["measures"][0]
    assert moved["measure"] == measure and not moved["protection"]["details"]
