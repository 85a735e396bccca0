"""Every facilities write service asks the policy itself: called directly (as a test, a
command or a job would) by someone who may not act, it refuses and writes nothing, whatever
its callers checked. Allowed writes go through chemsec.core.writes: one audit entry each,
{field: [old, new]}."""

from __future__ import annotations

import pytest

from chemsec.core.models import AuditEntry
from chemsec.core.policy import SYSTEM, Denied, NotVisible
from chemsec.facilities import threat_services as ts
from chemsec.facilities.inventory import (
    inventory_import,
    inventory_import_local,
    inventory_import_start,
)
from chemsec.facilities.models import Area, InventorySnapshot, Scenario
from chemsec.facilities.services import (
    area_create,
    area_get_or_create,
    contact_create,
    facility_create,
    facility_share,
    facility_unshare,
    facility_update,
    scenario_create,
    threat_create,
    threat_share,
)
from chemsec.facilities.tests.conftest import DEMO_CSV, upload

pytestmark = pytest.mark.django_db

THREAT = {
    "name": "Insider",
    "adversary_type": "insider",
    "goals": ["release_sabotage"],
    "likelihood": 2,
    "likelihood_rationale": "None on record.",
}


def _refused(call, refusal):
    before = AuditEntry.objects.count()
    with pytest.raises(refusal):
        call()
    assert AuditEntry.objects.count() == before  # nothing written, nothing audited


@pytest.fixture
def shown_to_bob(plant, alice, bob):
    """Meridian's restricted plant, shared read-only with bob, its viewer."""
    return facility_share(facility=plant, actor=alice, users=[bob])


@pytest.fixture
def insider(plant, alice):
    return threat_create(organisation=plant.organisation, actor=alice, facility=plant, **THREAT)


@pytest.fixture
def scenario(plant, alice, insider):
    area = area_create(facility=plant, actor=alice, name="Store")
    return scenario_create(
        facility=plant, actor=alice, name="Sabotage", threat=insider, goal="release_sabotage",
        area=area,
    )  # fmt: skip


def test_sites_are_registered_only_by_contributors_of_the_organisation(meridian, bob, charlie):
    for user in (bob, charlie):  # a viewer of Meridian, an admin elsewhere
        _refused(
            lambda u=user: facility_create(
                organisation=meridian, name="X", actor=u, facility_type="storage", country="XA"
            ),
            Denied,
        )


def test_site_writes_refuse_who_may_not_see_or_change_it(shown_to_bob, bob, charlie, authority):
    plant = shown_to_bob
    # bob sees the plant (shared with him) but may not change it: 403; charlie not even that.
    for user, refusal in ((bob, Denied), (charlie, NotVisible)):
        _refused(lambda u=user: facility_update(facility=plant, actor=u, name="X"), refusal)
        _refused(lambda u=user: area_create(facility=plant, actor=u, name="X"), refusal)
        _refused(lambda u=user: area_get_or_create(facility=plant, actor=u, name="X"), refusal)
        _refused(lambda u=user: contact_create(facility=plant, actor=u, name="X"), refusal)
        _refused(
            lambda u=user: facility_share(facility=plant, actor=u, organisations=[authority]),
            refusal,
        )
        _refused(lambda u=user: facility_unshare(facility=plant, actor=u, users=[bob]), refusal)
        _refused(
            lambda u=user: inventory_import_start(
                facility=plant, actor=u, upload=upload(DEMO_CSV.read_bytes())
            ),
            refusal,
        )
        _refused(
            lambda u=user: inventory_import_local(facility=plant, actor=u, path=str(DEMO_CSV)),
            refusal,
        )


def test_threat_writes_refuse_who_may_not_act(plant, insider, scenario, alice, bob, charlie):
    _refused(lambda: threat_create(organisation=plant.organisation, actor=bob, **THREAT), Denied)
    _refused(
        lambda: threat_create(organisation=plant.organisation, actor=charlie, **THREAT), Denied
    )
    for user in (bob, charlie):  # neither may see Meridian's restricted threat profile
        _refused(lambda u=user: ts.threat_update(threat=insider, actor=u, likelihood=5), NotVisible)
        _refused(lambda u=user: ts.threat_delete(threat=insider, actor=u), NotVisible)
        _refused(
            lambda u=user: threat_share(threat=insider, actor=u, facilities=[plant]), NotVisible
        )
        _refused(lambda u=user: ts.threat_unshare(threat=insider, actor=u), NotVisible)


def test_scenario_writes_refuse_who_may_not_change_the_site(
    shown_to_bob, insider, scenario, bob, charlie
):
    for user, refusal in ((bob, Denied), (charlie, NotVisible)):
        _refused(
            lambda u=user: scenario_create(
                facility=shown_to_bob, actor=u, name="X", threat=insider, goal="contamination",
                chemical_key="7782-50-5",
            ),
            refusal,
        )  # fmt: skip
        _refused(lambda u=user: ts.scenario_update(scenario=scenario, actor=u, name="X"), refusal)
        _refused(lambda u=user: ts.scenario_delete(scenario=scenario, actor=u), refusal)
    assert Scenario.objects.filter(pk=scenario.pk, name="Sabotage").exists()


def test_a_scenario_takes_only_a_threat_its_author_may_see(
    plant, alice, make_user, meridian, authority, nadia
):
    from chemsec.core.choices import Role

    hidden = threat_create(organisation=authority, actor=nadia, **{**THREAT, "name": "Hidden"})
    carol = make_user("carol", meridian, Role.ADMIN)  # may change the plant, not see the threat
    _refused(
        lambda: scenario_create(
            facility=plant, actor=carol, name="X", threat=hidden, goal="release_sabotage",
            chemical_key="7782-50-5",
        ),
        NotVisible,
    )  # fmt: skip


def test_the_import_job_acts_as_the_system_and_a_person_needs_the_right(plant, alice, bob):
    snapshot, _job = inventory_import_start(
        facility=plant, actor=alice, upload=upload(DEMO_CSV.read_bytes())
    )
    _refused(lambda: inventory_import(snapshot=snapshot, path=str(DEMO_CSV), actor=bob), NotVisible)
    again = inventory_import(snapshot=snapshot, path=str(DEMO_CSV), actor=SYSTEM)
    assert again.status == "done"


def test_allowed_writes_are_audited_once_each_with_old_and_new(plant, alice, insider):
    before = AuditEntry.objects.count()
    area = area_create(facility=plant, actor=alice, name="Gate")
    entry = AuditEntry.objects.get(object_id=str(area.pk))
    assert entry.action == "create" and entry.changes["name"] == [None, "Gate"]
    assert entry.organisation_id == plant.organisation_id  # a part files under its owner
    facility_update(facility=plant, actor=alice, operating_hours="24/7", name=plant.name)
    update = AuditEntry.objects.get(object_id=str(plant.pk), action="update")
    assert update.changes == {"operating_hours": ["", "24/7"]}
    assert AuditEntry.objects.count() == before + 2
    assert Area.objects.filter(pk=area.pk).exists()


def test_an_inventory_import_audits_the_snapshot_and_its_job_link(plant, alice):
    snapshot, job = inventory_import_start(
        facility=plant, actor=alice, upload=upload(DEMO_CSV.read_bytes())
    )
    entries = AuditEntry.objects.filter(object_id=str(snapshot.pk)).order_by("sequence")
    changes = {entry.actor_name: entry.changes for entry in entries if entry.action == "update"}
    assert changes["alice"] == {"job": [None, str(job.pk)]}  # the link, by who queued it
    assert changes["system"]["status"] == ["pending", "done"]  # the import, by the worker
    assert InventorySnapshot.objects.get(pk=snapshot.pk).job_id == job.pk
