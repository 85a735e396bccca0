"""Inventory import as a job: every row kept with its line and reason, screening,
chemicals of interest, snapshot history and differences, pages and API by persona."""

import pytest
from django.urls import reverse

from chemsec.facilities.inventory import diff_totals, inventory_import_start, totals
from chemsec.facilities.models import InventoryItem

from .conftest import DEMO_CSV, upload

pytestmark = pytest.mark.django_db

BAD = """identifier,quantity,unit,concentration,container,area
7782-50-5,1000,kg,,cylinder,Store A

,5,kg,,drum,Store A
123-45-6,10,kg,,drum,Store B
7664-93-9,ten,kg,,tank,Store B
7664-93-9,5,furlong,,tank,Store B
7664-41-7,100,L,,tank,Store B
7782-50-5,200,kg,150,cylinder,Store B
"""


def test_it_keeps_every_input_row_with_its_line_and_reason(plant, alice):
    snapshot, job = inventory_import_start(facility=plant, actor=alice, upload=upload(BAD))
    assert job.status == "succeeded" and snapshot.status == "done"
    items = {item.line: item for item in snapshot.items.all()}
    assert sorted(items) == [2, 4, 5, 6, 7, 8, 9]  # line 3 is blank: not a row
    assert snapshot.row_count == 7 and snapshot.error_count == 5
    assert items[2].status == "ok" and items[2].quantity_kg == 1000.0
    assert items[4].reason == "identifier missing"
    assert "identifier not recognised" in items[5].reason and "invalid CAS" in items[5].reason
    assert "is not a number" in items[6].reason
    assert "unknown unit" in items[7].reason
    assert items[8].status == "ok" and "density" in items[8].reason  # liquefied ammonia, 25 C
    assert items[9].status == "error" and "concentration" in items[9].reason


def test_it_reports_a_volume_of_a_gas_without_a_density_as_needing_one(plant, alice, monkeypatch):
    from chemsec.facilities import inventory

    monkeypatch.setattr(inventory, "liquid_density_kg_l", lambda cas: None)
    text = "identifier,quantity,unit\n7664-41-7,100,L\n"
    snapshot, _job = inventory_import_start(facility=plant, actor=alice, upload=upload(text))
    item = snapshot.items.get()
    assert item.status == "error" and item.reason.startswith("unit needs density")


def test_it_fails_a_file_without_an_identifier_column_and_says_why(plant, alice):
    snapshot, job = inventory_import_start(
        facility=plant, actor=alice, upload=upload("colour,quantity,unit\nred,1,kg\n")
    )
    snapshot.refresh_from_db()
    assert job.status == "failed" and snapshot.status == "failed"
    assert "no identifier column" in snapshot.error


def test_it_screens_and_aggregates_the_demo_inventory(imported):
    assert imported.row_count == 15 and imported.error_count == 1
    bad = imported.items.get(status="error")
    assert bad.line == 16 and "invalid CAS" in bad.reason and "unknown unit" in bad.reason
    chemicals = {c["cas"]: c for c in imported.chemicals}
    chlorine = chemicals["7782-50-5"]
    assert chlorine["total_kg"] == pytest.approx(2700.0)
    assert chlorine["areas"] == ["Chlorine store", "Water treatment"]
    assert chlorine["crossed_count"] == 2  # RMP 2,500 lb and CFATS 2,500 lb (lapsed)
    assert {m["list"] for m in chemicals["7719-09-7"]["lists"]} == {"CWC", "AG"}
    assert "1310-73-2" not in chemicals  # sodium hydroxide: on no list, no threshold
    assert chemicals["67-64-1"]["total_kg"] > 0  # gallons converted with a known density
    assert {a.name for a in imported.facility.areas.all()} >= {"Tank farm", "Warehouse B"}


def test_it_keeps_history_and_shows_the_differences(plant, alice):
    first = "identifier,quantity,unit\n7782-50-5,1000,kg\n7664-41-7,500,kg\n"
    second = "identifier,quantity,unit\n7782-50-5,1500,kg\n7719-09-7,100,kg\n"
    old, _ = inventory_import_start(facility=plant, actor=alice, upload=upload(first))
    new, _ = inventory_import_start(facility=plant, actor=alice, upload=upload(second))
    diff = diff_totals(totals(old), totals(new))
    assert [r["key"] for r in diff["added"]] == ["7719-09-7"]
    assert [r["key"] for r in diff["removed"]] == ["7664-41-7"]
    assert diff["changed"][0]["change_kg"] == pytest.approx(500.0)
    assert plant.snapshots.count() == 2 and InventoryItem.objects.count() == 4


def test_it_shows_the_difference_page(personas, plant, alice):
    for text in (
        "identifier,quantity,unit\n7782-50-5,1000,kg\n",
        "identifier,quantity,unit\n7782-50-5,1500,kg\n",
    ):
        inventory_import_start(facility=plant, actor=alice, upload=upload(text))
    page = personas["alice"].get(reverse("facilities:diff", args=[plant.pk])).content.decode()
    assert "500.00" in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("bob", 404), ("charlie", 404), ("nadia", 200), ("anonymous", 302)],
)
def test_it_shows_inventory_pages_to_those_who_may_see_the_facility(
    clients, shared_plant, imported, persona, status
):
    for name, args in [
        ("facilities:inventory", [shared_plant.pk]),
        ("facilities:snapshot", [shared_plant.pk, imported.pk]),
        ("facilities:chemicals", [shared_plant.pk]),
        ("facilities:diff", [shared_plant.pk]),
    ]:
        assert clients[persona].get(reverse(name, args=args)).status_code == status


def test_it_lists_chemicals_of_interest_with_thresholds_and_the_cfats_label(personas, imported):
    page = personas["alice"].get(reverse("facilities:chemicals", args=[imported.facility_id]))
    text = page.content.decode()
    assert "Thionyl chloride" in text and "CFATS lapsed" in text and "Crossed" in text


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 302), ("nadia", 403), ("bob", 404), ("charlie", 404)]
)
def test_it_lets_only_editors_upload_an_inventory_page(clients, shared_plant, persona, status):
    url = reverse("facilities:inventory", args=[shared_plant.pk])
    response = clients[persona].post(
        url, {"file": upload("identifier,quantity,unit\n7782-50-5,1,kg\n")}
    )
    assert response.status_code == status
    assert shared_plant.snapshots.count() == (1 if persona == "alice" else 0)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 202), ("nadia", 403), ("bob", 404), ("charlie", 404), ("anonymous", 401)],
)
def test_it_imports_through_the_api_as_a_job(clients, shared_plant, persona, status):
    url = f"/api/v1/facilities/{shared_plant.pk}/inventories"
    response = clients[persona].post(url, {"file": upload(DEMO_CSV.read_bytes())})
    assert response.status_code == status
    if status == 202:
        body = response.json()
        assert body["status"] == "done" and body["row_count"] == 15 and body["job_id"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("nadia", 200), ("bob", 404), ("charlie", 404), ("anonymous", 401)],
)
def test_it_serves_inventories_and_chemicals_by_api_to_those_who_may_see(
    clients, shared_plant, imported, persona, status
):
    base = f"/api/v1/facilities/{shared_plant.pk}"
    for url in (f"{base}/inventories", f"{base}/inventories/{imported.pk}", f"{base}/chemicals"):
        assert clients[persona].get(url).status_code == status
    if status == 200:
        items = clients[persona].get(f"{base}/inventories/{imported.pk}").json()["items"]
        assert len(items) == 15 and items[-1]["status"] == "error"


def test_it_answers_the_stored_documents_with_their_keys_as_they_are(clients, imported):
    """The declared schemas of chemicals and matches keep each stored JSON document as it is:
    no key dropped, none added; a chemical's reason codes each gain their text in the
    language asked (chemsec/facilities/texts.py, `chemical_api_reasons`)."""
    import json

    from chemsec.facilities.models import InventorySnapshot

    base = f"/api/v1/facilities/{imported.facility_id}"
    snapshot = InventorySnapshot.objects.get(pk=imported.pk)
    body = clients["alice"].get(f"{base}/chemicals").json()
    shown = [
        c | {"reason_codes": [_stored(r) for r in c["reason_codes"]]} for c in body["chemicals"]
    ]
    assert shown == json.loads(json.dumps(snapshot.chemicals))
    assert all(r["text"] for c in body["chemicals"] for r in c["reason_codes"])
    items = clients["alice"].get(f"{base}/inventories/{imported.pk}").json()["items"]
    stored = [item.matches for item in snapshot.items.order_by("line")]
    assert [item["matches"] for item in items] == json.loads(json.dumps(stored))
    assert any(item["matches"] for item in items)


def _stored(reason: dict) -> dict:
    return {"code": reason["code"], "params": reason["params"]}
