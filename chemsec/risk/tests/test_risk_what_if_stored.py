"""Measures' what-ifs are worked out on save and read as stored; the residual risk applies
every measure's changes together; updates audit [old, new]; the API refuses NaN."""

import json
import math

import pytest
from django.test import Client
from django.urls import reverse

from chemsec.core.models import AuditEntry
from chemsec.protection.services import diagram_delete, diagram_update
from chemsec.risk.models import Measure, RiskEntry
from chemsec.risk.register import register, rollup, top_risks
from chemsec.risk.services import (
    entry_recompute,
    entry_update,
    measure_create,
    measure_delete,
    measure_update,
)
from chemsec.science.tests.cases import CASE_A_P_I, FENCE, case_a, case_a_p_i

pytestmark = pytest.mark.django_db

DOOR = {"layer": "Building", "element": "Penetrate door", "delay_mean": 120.0}
FENCE_AND_DOOR = case_a_p_i(**{"Cross perimeter fence": (0.5, 10), "Penetrate door": (0.9, 120)})


def _residual_p_i(entry, alice):
    """P_I behind the residual risk: R = P_A (1 - P_I P_N) C with P_A 0.3, P_N 0.8, C 100."""
    residual = register(entry.assessment, alice)["rows"][0]["ratings"]["residual"].value
    return (1 - residual / 30) / 0.8


def test_it_works_out_the_what_if_on_save_and_reads_it_as_stored(
    shared_plant, linked, alice, authority, nadia, monkeypatch
):
    measure = measure_create(entry=linked, actor=alice, title="Fence", protection_changes=[FENCE])
    stored = measure.protection_basis
    assert stored["version"] == 1 and stored["changes"] == [FENCE]
    for name in (
        "science.diagram_changes.most_vulnerable_path",
        "protection.evaluation.evaluate",
    ):
        monkeypatch.setattr(f"chemsec.{name}", lambda *a: pytest.fail("EASI ran on a read"))
    item = register(linked.assessment, alice)["rows"][0]["measures"][0]
    assert item["what_if"]["p_interruption_after"] == stored["p_interruption"]
    assert top_risks(linked.assessment)[0]["scenario"] == "Chlorine sabotage"
    assert rollup(authority, nadia)["top_risks"][0]["facility"] == shared_plant.name


def test_it_says_when_the_diagram_changed_since_the_what_if(personas, linked, diagram, alice):
    measure_create(entry=linked, actor=alice, title="Fence", protection_changes=[FENCE])
    diagram_update(
        diagram=diagram, actor=alice, name="Case A", document=case_a(), p_neutralisation=0.8
    )
    linked.refresh_from_db()
    item = register(linked.assessment, alice)["rows"][0]["measures"][0]["protection"]
    assert item["stale"] and item["version"] == 1 and item["current_version"] == 2
    url = reverse("risk:register", args=[linked.assessment.facility_id, linked.assessment_id])
    body = personas["alice"].get(url).content.decode()
    assert "Worked out on version 1, like today's P_I; the diagram has changed since" in body
    entry_recompute(entry=linked, actor=alice)
    item = register(linked.assessment, alice)["rows"][0]["measures"][0]["protection"]
    assert not item["stale"] and item["version"] == 2 and item["p_interruption"] is not None


def test_it_applies_every_measures_changes_together_for_the_residual_risk(linked, alice):
    fence = measure_create(entry=linked, actor=alice, title="Fence", protection_changes=[FENCE])
    assert _residual_p_i(linked, alice) == pytest.approx(fence.protection_basis["p_interruption"])
    measure_create(entry=linked, actor=alice, title="Door", protection_changes=[DOOR])
    linked.refresh_from_db()
    assert linked.residual_basis["p_interruption"] == pytest.approx(FENCE_AND_DOOR, abs=1e-9)
    assert _residual_p_i(linked, alice) == pytest.approx(FENCE_AND_DOOR, abs=1e-6)
    # A later measure's value for the same element wins.
    better = FENCE | {"p_detection": 0.7}
    measure_create(entry=linked, actor=alice, title="Better fence", protection_changes=[better])
    expected = case_a_p_i(**{"Cross perimeter fence": (0.7, 10), "Penetrate door": (0.9, 120)})
    assert _residual_p_i(linked, alice) == pytest.approx(expected, abs=1e-6)
    # A typed P_I above them all stands; without it, the combined one again.
    typed = measure_create(entry=linked, actor=alice, title="Guards", proposed_p_interruption=0.99)
    assert _residual_p_i(linked, alice) == pytest.approx(0.99, abs=1e-6)
    measure_delete(measure=typed, actor=alice)
    measure_delete(measure=fence, actor=alice)
    assert _residual_p_i(linked, alice) == pytest.approx(expected, abs=1e-6)


def test_it_records_old_and_new_values_of_a_risk_and_a_measure(linked, diagram, alice):
    version = linked.diagram_version_id
    entry_update(entry=linked, actor=alice, p_attack=0.5, protection_diagram=None,
                 p_interruption=0.6)  # fmt: skip
    audit = AuditEntry.objects.filter(object_id=str(linked.pk), action="update").get()
    assert {k: v for k, v in audit.changes.items() if not k.endswith("_basis")} == {
        "p_attack": [0.3, 0.5],
        "p_interruption": [pytest.approx(CASE_A_P_I, abs=1e-6), 0.6],
        "protection_diagram": [str(diagram.pk), None],
        "diagram_version": [str(version), None],
    }
    assert audit.changes["p_interruption_basis"][1] == {}  # unlinked: P_I typed again
    measure = measure_create(entry=linked, actor=alice, title="Fence", cost=10)
    measure_update(measure=measure, actor=alice, title="Gate", cost=10, owner="")
    audit = AuditEntry.objects.filter(object_id=str(measure.pk), action="update").get()
    assert audit.changes == {"title": ["Fence", "Gate"]}
    measure_update(measure=measure, actor=alice, title="Gate")  # nothing changes, nothing kept
    assert AuditEntry.objects.filter(object_id=str(measure.pk), action="update").count() == 1


def test_it_works_out_what_ifs_saved_before_they_were_stored_on_recompute(linked, alice):
    measure_create(entry=linked, actor=alice, title="Fence", protection_changes=[FENCE])
    measure_create(entry=linked, actor=alice, title="Door", protection_changes=[DOOR])
    saved = {m.pk: m.protection_basis for m in Measure.objects.all()}
    linked.refresh_from_db()
    residual = linked.residual_basis
    # As the migration that added them leaves measures saved before.
    Measure.objects.update(protection_basis={})
    RiskEntry.objects.update(residual_basis={})
    linked.refresh_from_db()
    row = register(linked.assessment, alice)["rows"][0]
    assert all(item["protection"]["outdated"] for item in row["measures"])
    assert _residual_p_i(linked, alice) == pytest.approx(CASE_A_P_I, abs=1e-6)
    entry_recompute(entry=linked, actor=alice)
    assert {m.pk: m.protection_basis for m in Measure.objects.all()} == saved
    assert RiskEntry.objects.get(pk=linked.pk).residual_basis == residual
    assert _residual_p_i(linked, alice) == pytest.approx(FENCE_AND_DOOR, abs=1e-6)


def test_it_keeps_the_combined_residual_when_the_diagram_is_deleted(linked, diagram, alice):
    measure_create(entry=linked, actor=alice, title="Fence", protection_changes=[FENCE])
    measure_create(entry=linked, actor=alice, title="Door", protection_changes=[DOOR])
    diagram_delete(diagram=diagram, actor=alice)
    linked.refresh_from_db()
    assert _residual_p_i(linked, alice) == pytest.approx(FENCE_AND_DOOR, abs=1e-6)
    guards = measure_create(entry=linked, actor=alice, title="Guards", cost=1)
    linked.refresh_from_db()
    assert linked.residual_basis["p_interruption"] == pytest.approx(FENCE_AND_DOOR, abs=1e-9)
    assert _residual_p_i(linked, alice) == pytest.approx(FENCE_AND_DOOR, abs=1e-6)
    measure_delete(measure=guards, actor=alice)
    assert _residual_p_i(linked, alice) == pytest.approx(FENCE_AND_DOOR, abs=1e-6)


@pytest.fixture
def easi_runs(monkeypatch):
    """The names of the EASI path searches run: on a diagram as it is, or as changed."""
    import chemsec.protection.evaluation as plain
    import chemsec.science.diagram_changes as changed

    runs = []
    for module, name in ((plain, "plain"), (changed, "changed")):
        search = module.most_vulnerable_path
        monkeypatch.setattr(
            module, "most_vulnerable_path", lambda d, s=search, n=name: runs.append(n) or s(d)
        )
    return runs


def test_it_runs_easi_only_for_measures_with_changes(linked, alice, easi_runs):
    measure_create(entry=linked, actor=alice, title="Fence", protection_changes=[FENCE])
    assert easi_runs == ["changed"]
    measure_create(entry=linked, actor=alice, title="Door", protection_changes=[DOOR])
    assert easi_runs == ["changed"] * 3  # the door alone, then with the fence
    easi_runs.clear()
    guards = measure_create(entry=linked, actor=alice, title="Guards", cost=1)
    measure_delete(measure=guards, actor=alice)
    assert easi_runs == []


def test_it_runs_easi_again_only_when_the_diagram_changed(linked, diagram, alice, easi_runs):
    measure_create(entry=linked, actor=alice, title="Fence", protection_changes=[FENCE])
    measure_create(entry=linked, actor=alice, title="Door", protection_changes=[DOOR])
    easi_runs.clear()
    # The edit form posts the linked diagram again with the ratings.
    entry_update(entry=linked, actor=alice, rationale="typo fixed", protection_diagram=diagram)
    assert easi_runs == []
    linked.refresh_from_db()
    assert linked.rationale == "typo fixed" and linked.diagram_version.number == 1
    diagram_update(
        diagram=diagram, actor=alice, name="Case A", document=case_a(), p_neutralisation=0.8
    )
    easi_runs.clear()
    entry_update(entry=linked, actor=alice, rationale="new version", protection_diagram=diagram)
    assert easi_runs == ["plain"] + ["changed"] * 3  # P_I, each measure, then both together
    linked.refresh_from_db()
    assert linked.diagram_version.number == 2


@pytest.fixture
def lenient(alice):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    return client


def test_it_refuses_nan_and_infinity_by_api(lenient, linked, meridian):
    facility, assessment = linked.assessment.facility_id, linked.assessment_id
    base = f"/api/v1/facilities/{facility}/risk-registers/{assessment}"

    def send(method, url, payload):  # json.dumps writes NaN and Infinity as JavaScript does
        body = json.dumps(payload, default=str)
        return getattr(lenient, method)(url, body, content_type="application/json")

    door = {"element": "Penetrate door", "p_detection": math.nan}
    measure = {"scenario_id": linked.scenario_id, "title": "nan", "protection_changes": [door]}
    assert send("post", f"{base}/measures", measure).status_code == 422
    entry = {"p_attack": math.inf, "p_neutralisation": 0.8, "consequence": 100}
    answer = send("put", f"{base}/entries/{linked.pk}", entry)
    assert answer.status_code == 422
    assert "finite" in answer.json()["error"]["details"][0]["message"]
    site = {"organisation_id": meridian.pk, "name": "X", "facility_type": "storage",
            "country": "XA", "latitude": math.nan}  # fmt: skip
    assert send("post", "/api/v1/facilities", site).status_code == 422
    assert not Measure.objects.exists()
    linked.refresh_from_db()
    assert linked.p_attack == 0.3


def test_it_names_the_action_a_reader_may_not_take(clients, shared_plant):
    answer = clients["nadia"].post(
        f"/api/v1/facilities/{shared_plant.pk}/share", {}, content_type="application/json"
    )
    assert answer.status_code == 403
    assert answer.json()["error"]["message"] == "You may read this facility but not share it."
