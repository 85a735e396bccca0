"""A risk's P_I from its protection diagram, measures that change the diagram, and the
edit and delete pages and endpoints of a register, by persona."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chemsec.core.choices import Role
from chemsec.core.models import AuditEntry
from chemsec.core.writes import unaudited
from chemsec.protection.services import diagram_create, diagram_update
from chemsec.risk.models import Measure, RiskEntry
from chemsec.risk.register import plan_risk_table, register
from chemsec.risk.services import entry_recompute, entry_set, measure_create
from chemsec.science.tests.cases import CASE_A_P_I, FENCE, case_a, case_a_p_i

pytestmark = pytest.mark.django_db


def test_it_takes_p_i_from_the_diagrams_latest_version(linked, diagram):
    assert linked.p_interruption == pytest.approx(CASE_A_P_I, abs=1e-6)
    assert linked.diagram_version.number == 1 and not linked.diagram_changed_since
    basis = linked.p_interruption_basis
    assert basis["diagram"] == "Case A" and basis["version"] == 1
    assert basis["critical_detection_point"] == {"layer": "Building", "element": "Penetrate door"}
    row = register(linked.assessment)["rows"][0]
    assert row["ratings"]["current"].value == pytest.approx(0.3 * (1 - CASE_A_P_I * 0.8) * 100)
    audit = AuditEntry.objects.filter(object_id=str(linked.pk)).get()
    assert audit.changes["diagram_version"] == [None, str(linked.diagram_version_id)]
    assert audit.changes["p_interruption"] == [None, pytest.approx(CASE_A_P_I, abs=1e-6)]
    assert audit.changes["p_interruption_basis"][1]["version"] == 1


def test_it_says_when_the_diagram_changed_since_and_recomputes(linked, diagram, alice):
    better = case_a()
    better["layers"][0]["elements"][0]["p_detection"] = 0.5
    diagram_update(
        diagram=diagram, actor=alice, name="Case A", document=better, p_neutralisation=0.8
    )
    linked.refresh_from_db()
    assert linked.diagram_changed_since
    assert linked.p_interruption == pytest.approx(CASE_A_P_I, abs=1e-6)  # still version 1
    source = register(linked.assessment, alice)["rows"][0]["p_i_source"]
    assert source["stale"] and source["version"] == 1 and source["current_version"] == 2
    entry = entry_recompute(entry=linked, actor=alice)
    expected = case_a_p_i(**{"Cross perimeter fence": (0.5, 10)})
    assert entry.p_interruption == pytest.approx(expected, abs=1e-9)
    assert entry.diagram_version.number == 2 and not entry.diagram_changed_since


def test_it_refuses_a_diagram_of_another_facility_or_one_the_actor_cannot_see(
    plant, assessment, scenario, diagram, alice, meridian, make_user
):
    from chemsec.core.services import object_share
    from chemsec.facilities.services import facility_create

    other = facility_create(
        organisation=meridian, name="Hilltop", actor=alice, facility_type="storage", country="XA"
    )
    elsewhere = diagram_create(facility=other, actor=alice, name="Hill", document=case_a())
    ratings = {"p_attack": 0.3, "p_neutralisation": 0.8, "consequence": 100}
    with pytest.raises(ValidationError, match="another facility"):
        entry_set(
            assessment=assessment,
            scenario=scenario,
            actor=alice,
            protection_diagram=elsewhere,
            **ratings,
        )
    # A contributor the plant is shared with may rate it, but the diagram is not shared.
    carol = make_user("carol", meridian, Role.CONTRIBUTOR)
    object_share(obj=plant, actor=alice, users=[carol])
    with pytest.raises(ValidationError, match="No such protection diagram"):
        entry_set(
            assessment=assessment,
            scenario=scenario,
            actor=carol,
            protection_diagram=diagram,
            **ratings,
        )
    assert not RiskEntry.objects.exists()


def test_it_keeps_the_typed_p_i_when_no_diagram_is_linked(linked, alice):
    from chemsec.risk.services import entry_update

    entry = entry_update(entry=linked, actor=alice, protection_diagram=None, p_interruption=0.9)
    assert entry.p_interruption == 0.9 and entry.diagram_version is None
    assert entry.p_interruption_basis == {}
    source = register(entry.assessment, alice)["rows"][0]["p_i_source"]
    assert source == {"kind": "typed"}


def test_it_works_out_a_measures_what_if_on_the_changed_diagram(linked, alice):
    measure_create(
        entry=linked,
        actor=alice,
        title="Fence sensors",
        cost=1000,
        protection_changes=[FENCE, {"element": "Penetrate door", "delay_mean": 120}],
    )
    row = register(linked.assessment, alice)["rows"][0]
    item = row["measures"][0]
    p_i = case_a_p_i(**{"Cross perimeter fence": (0.5, 10), "Penetrate door": (0.9, 120)})
    what_if = item["what_if"]
    assert what_if["source"] == "diagram"
    assert what_if["p_interruption_before"] == pytest.approx(CASE_A_P_I, abs=1e-6)
    assert what_if["p_interruption_after"] == pytest.approx(p_i, abs=1e-9)
    assert what_if["p_effectiveness_after"] == pytest.approx(p_i * 0.8, abs=1e-9)
    before, after = 0.3 * (1 - CASE_A_P_I * 0.8) * 100, 0.3 * (1 - p_i * 0.8) * 100
    assert what_if["after"].value == pytest.approx(after, abs=1e-6)
    assert what_if["reduction"] == pytest.approx(before - after, abs=1e-5)
    assert what_if["per_cost"] == pytest.approx((before - after) / 1000, abs=1e-8)
    assert row["ratings"]["residual"].value == pytest.approx(after, abs=1e-6)
    effects = item["protection"]["effects"]
    assert effects[0]["parts"] == [{"label": "P(D)", "before": "0", "after": "0.5"}]
    assert item["protection"]["details"] and not item["protection"]["path_moved"]


def test_it_refuses_protection_changes_it_cannot_apply(assessment, scenario, linked, alice):
    with pytest.raises(ValidationError, match="no path element"):
        measure_create(
            entry=linked,
            actor=alice,
            title="Moat",
            protection_changes=[{"element": "Moat", "delay_mean": 600}],
        )
    with pytest.raises(ValidationError):
        measure_create(
            entry=linked,
            actor=alice,
            title="Bad",
            protection_changes=[{"element": "Penetrate door", "p_detection": 2}],
        )
    linked.protection_diagram = None
    linked.diagram_version = None
    with unaudited("fixture: a link lost as a deleted diagram loses it"):
        linked.save()
    with pytest.raises(ValidationError, match="Link the risk to a protection diagram"):
        measure_create(entry=linked, actor=alice, title="Fence", protection_changes=[FENCE])
    assert not Measure.objects.exists()


def test_it_falls_back_to_the_typed_p_i_when_the_changes_no_longer_apply(linked, diagram, alice):
    measure = measure_create(
        entry=linked,
        actor=alice,
        title="Fence",
        proposed_p_interruption=0.7,
        protection_changes=[FENCE],
    )
    # The fence is renamed in the diagram's next version and the risk recomputed on it:
    # the measure keeps its change, and its what-if says why it no longer applies.
    renamed = case_a()
    renamed["layers"][0]["elements"][0]["name"] = "Wall"
    diagram_update(
        diagram=diagram, actor=alice, name="Case A", document=renamed, p_neutralisation=0.8
    )
    entry_recompute(entry=linked, actor=alice)
    row = register(linked.assessment, alice)["rows"][0]
    item = row["measures"][0]
    assert "no path element" in item["protection"]["error"]
    assert row["ratings"]["residual"].value == pytest.approx(0.3 * (1 - 0.7 * 0.8) * 100)
    assert item["what_if"]["source"] == "typed" and item["what_if"]["p_interruption_after"] == 0.7
    measure.refresh_from_db()
    assert measure.protection_changes == [FENCE]


def test_it_shows_the_source_and_the_what_if_on_the_register_page(personas, linked, alice):
    measure_create(
        entry=linked, actor=alice, title="Fence sensors", cost=1000, protection_changes=[FENCE]
    )
    url = reverse("risk:register", args=[linked.assessment.facility_id, linked.assessment_id])
    body = personas["alice"].get(url).content.decode()
    assert "P_I from diagram" in body and "version 1" in body
    assert "Perimeter: Cross perimeter fence → Protected area" in body
    assert "critical detection point Building: Penetrate door" in body
    assert "Perimeter / Cross perimeter fence: P(D) 0 → 0.5" in body
    assert f"P(I) {CASE_A_P_I:.4f}" in body  # today, beside the measure's
    assert 'name="change-0-element"' in body  # the add form offers the diagram's elements


def test_it_hides_diagram_details_from_readers_who_may_not_see_the_diagram(
    clients, shared_plant, linked, alice
):
    measure_create(entry=linked, actor=alice, title="Fence sensors", protection_changes=[FENCE])
    url = reverse("risk:register", args=[shared_plant.pk, linked.assessment_id])
    body = clients["nadia"].get(url).content.decode()
    assert "a protection diagram you may not see" in body
    assert "Cross perimeter fence" not in body and "Case A" not in body
    data = clients["nadia"].get(f"/api/v1/facilities/{shared_plant.pk}/risk-registers").json()
    entry = data[0]["entries"][0]
    assert entry["protection_diagram_id"] is None and "path" not in entry["p_interruption_source"]
    assert entry["measures"][0]["protection_changes"] == []
    assert entry["measures"][0]["what_if"]["p_interruption_after"] > CASE_A_P_I


def test_it_puts_the_p_i_source_in_the_site_plan(plant, linked, alice, bob):
    headers, rows = plan_risk_table(plant, alice)
    assert "P_I from" in headers
    assert rows[0][3].startswith("diagram Case A, version 1, most vulnerable path Perimeter")


EDIT_PERSONAS = [("alice", 200), ("nadia", 403), ("bob", 404), ("charlie", 404)]


@pytest.mark.parametrize(("persona", "status"), EDIT_PERSONAS)
def test_it_lets_only_editors_edit_a_risk(clients, shared_plant, linked, persona, status):
    url = reverse("risk:entry_edit", args=[shared_plant.pk, linked.assessment_id, linked.pk])
    page = clients[persona].get(url)
    assert page.status_code == status
    if status == 200:
        body = page.content.decode()
        assert 'value="0.3"' in body and "selected>Case A</option>" in body
    posted = clients[persona].post(
        url,
        {"p_attack": "0.5", "protection_diagram": "", "p_interruption": "0.6",
         "p_neutralisation": "0.9", "consequence": "80"},
    )  # fmt: skip
    assert posted.status_code == (302 if persona == "alice" else status)
    linked.refresh_from_db()
    assert (linked.p_attack, linked.p_interruption) == (
        (0.5, 0.6) if persona == "alice" else (0.3, pytest.approx(CASE_A_P_I, abs=1e-6))
    )
    assert AuditEntry.objects.filter(object_id=str(linked.pk), action="update").exists() == (
        persona == "alice"
    )


def test_it_shows_errors_on_the_edit_form(personas, linked):
    url = reverse(
        "risk:entry_edit",
        args=[linked.assessment.facility_id, linked.assessment_id, linked.pk],
    )
    posted = personas["alice"].post(
        url, {"p_attack": "2", "protection_diagram": "", "p_interruption": "",
              "p_neutralisation": "0.9", "consequence": "80"}
    )  # fmt: skip
    body = posted.content.decode()
    assert posted.status_code == 200 and "Type P_I, or link a protection diagram" in body


@pytest.mark.parametrize(("persona", "status"), EDIT_PERSONAS)
def test_it_lets_only_editors_delete_a_risk_after_confirming(
    clients, shared_plant, linked, alice, persona, status
):
    measure_create(entry=linked, actor=alice, title="Fence", protection_changes=[FENCE])
    url = reverse("risk:entry_delete", args=[shared_plant.pk, linked.assessment_id, linked.pk])
    page = clients[persona].get(url)
    assert page.status_code == status
    if status == 200:
        assert "Its 1 measure is deleted with it" in page.content.decode()
        assert RiskEntry.objects.filter(pk=linked.pk).exists()  # a GET deletes nothing
    posted = clients[persona].post(url)
    assert posted.status_code == (302 if persona == "alice" else status)
    assert RiskEntry.objects.filter(pk=linked.pk).exists() == (persona != "alice")
    assert AuditEntry.objects.filter(object_id=str(linked.pk), action="delete").exists() == (
        persona == "alice"
    )


@pytest.mark.parametrize(("persona", "status"), EDIT_PERSONAS)
def test_it_lets_only_editors_edit_and_delete_a_measure(
    clients, shared_plant, linked, alice, persona, status
):
    measure = measure_create(
        entry=linked, actor=alice, title="Fence", cost=100, protection_changes=[FENCE]
    )
    args = [shared_plant.pk, linked.assessment_id, measure.pk]
    edit = reverse("risk:measure_edit", args=args)
    page = clients[persona].get(edit)
    assert page.status_code == status
    if status == 200:
        body = page.content.decode()
        assert 'value="Fence"' in body and 'name="change-0-p_detection" value="0.5"' in body
    door = '["Building", "Penetrate door"]'
    posted = clients[persona].post(
        edit,
        {"entry": str(linked.pk), "title": "Door", "cost": "200", "status": "planned",
         "change-0-element": door, "change-0-delay_mean": "150"},
    )  # fmt: skip
    assert posted.status_code == (302 if persona == "alice" else status)
    measure.refresh_from_db()
    if persona == "alice":
        assert measure.title == "Door" and measure.protection_changes == [
            {"layer": "Building", "element": "Penetrate door", "delay_mean": 150.0}
        ]
    else:
        assert measure.title == "Fence" and measure.protection_changes == [FENCE]
    delete = reverse("risk:measure_delete", args=args)
    assert clients[persona].get(delete).status_code == status
    assert clients[persona].post(delete).status_code == (302 if persona == "alice" else status)
    assert Measure.objects.filter(pk=measure.pk).exists() == (persona != "alice")


def test_it_adds_a_measure_with_a_protection_change_from_the_register_page(personas, linked):
    url = reverse("risk:measure_add", args=[linked.assessment.facility_id, linked.assessment_id])
    fence = '["Perimeter", "Cross perimeter fence"]'
    half = {"entry": str(linked.pk), "title": "Fence", "cost": "10", "status": "proposed",
            "change-0-element": fence}  # fmt: skip
    personas["alice"].post(url, half)  # an element without a new value is refused
    assert not Measure.objects.exists()
    personas["alice"].post(url, half | {"change-0-p_detection": "0.5"})
    assert Measure.objects.get().protection_changes == [FENCE]


def test_it_recomputes_from_the_page_for_editors_only(
    clients, shared_plant, linked, diagram, alice
):
    diagram_update(diagram=diagram, actor=alice, name="Case A v2", document=case_a(),
                   p_neutralisation=0.8)  # fmt: skip
    url = reverse("risk:entry_recompute", args=[shared_plant.pk, linked.assessment_id, linked.pk])
    register_url = reverse("risk:register", args=[shared_plant.pk, linked.assessment_id])
    body = clients["alice"].get(register_url).content.decode()
    assert "The diagram has changed since: it is now at version 2" in body and url in body
    assert clients["nadia"].post(url).status_code == 403
    assert clients["alice"].post(url).status_code == 302
    linked.refresh_from_db()
    assert linked.diagram_version.number == 2
    assert linked.p_interruption_basis["diagram"] == "Case A v2"


def test_it_links_changes_and_deletes_through_the_api(personas, linked, diagram):
    alice = personas["alice"]
    base = (
        f"/api/v1/facilities/{linked.assessment.facility_id}/risk-registers/{linked.assessment_id}"
    )
    put = alice.put(
        f"{base}/entries/{linked.pk}",
        {"p_attack": 0.4, "protection_diagram_id": str(diagram.pk), "p_neutralisation": 0.8,
         "consequence": 100},
        content_type="application/json",
    )  # fmt: skip
    assert put.status_code == 200
    entry = put.json()["entries"][0]
    assert entry["p_attack"] == 0.4 and entry["protection_diagram_id"] == str(diagram.pk)
    assert entry["p_interruption"] == pytest.approx(CASE_A_P_I, abs=1e-6)
    assert entry["p_interruption_source"]["path"].startswith("Perimeter: Cross perimeter fence")
    added = alice.post(
        f"{base}/measures",
        {"scenario_id": str(linked.scenario_id), "title": "Door", "cost": 500,
         "protection_changes": [{"element": "Penetrate door", "delay_mean": 150}]},
        content_type="application/json",
    )  # fmt: skip
    assert added.status_code == 201
    measure = added.json()["entries"][0]["measures"][0]
    assert measure["what_if"]["source"] == "diagram"
    assert measure["what_if"]["p_interruption_after"] == pytest.approx(
        case_a_p_i(**{"Penetrate door": (0.9, 150)}), abs=1e-9
    )
    refused = alice.post(
        f"{base}/measures",
        {"scenario_id": str(linked.scenario_id), "title": "Moat",
         "protection_changes": [{"element": "Moat", "delay_mean": 600}]},
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 422
    changed = alice.put(
        f"{base}/measures/{measure['id']}",
        {"title": "Door v2", "cost": 400, "protection_changes": []},
        content_type="application/json",
    )
    assert changed.json()["entries"][0]["measures"][0]["what_if"]["source"] == "unchanged"
    assert personas["bob"].delete(f"{base}/measures/{measure['id']}").status_code == 404
    assert alice.delete(f"{base}/measures/{measure['id']}").status_code == 204
    assert alice.post(f"{base}/entries/{linked.pk}/recompute").status_code == 200
    assert alice.delete(f"{base}/entries/{linked.pk}").status_code == 204
    assert not RiskEntry.objects.exists()


def test_it_answers_404_for_a_diagram_the_caller_cannot_see_by_api(
    personas, linked, plant, alice, northgate, charlie
):
    from chemsec.facilities.services import facility_create

    theirs = facility_create(
        organisation=northgate, name="North", actor=charlie, facility_type="storage", country="XB"
    )
    foreign = diagram_create(facility=theirs, actor=charlie, name="North", document=case_a())
    base = f"/api/v1/facilities/{plant.pk}/risk-registers/{linked.assessment_id}"
    put = personas["alice"].put(
        f"{base}/entries/{linked.pk}",
        {"p_attack": 0.4, "protection_diagram_id": str(foreign.pk), "p_neutralisation": 0.8,
         "consequence": 100},
        content_type="application/json",
    )  # fmt: skip
    assert put.status_code == 404


def test_it_keeps_the_number_when_the_diagram_is_deleted(plant, linked, diagram, alice):
    from chemsec.protection.services import diagram_delete

    diagram_delete(diagram=diagram, actor=alice)
    linked.refresh_from_db()
    assert linked.protection_diagram is None and linked.diagram_version is None
    assert linked.p_interruption == pytest.approx(CASE_A_P_I, abs=1e-6)
    source = register(linked.assessment, alice)["rows"][0]["p_i_source"]
    assert source["kind"] == "diagram" and not source["linked"] and not source["stale"]
    assert plan_risk_table(plant, alice)[1][0][3] == "a protection diagram since deleted, version 1"
