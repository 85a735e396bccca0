"""Every risk-register service asks the policy itself: called directly by someone who may
not act, it refuses and writes nothing, whatever its callers checked. A register is changed
by whoever may change its facility; a matrix by its organisation's admins."""

from __future__ import annotations

import pytest

from chemsec.core.models import AuditEntry
from chemsec.core.policy import Denied, NotVisible
from chemsec.facilities.services import facility_share
from chemsec.risk.models import Measure, OrganisationMatrix, RiskAssessment, RiskEntry
from chemsec.risk.selectors import default_matrix
from chemsec.risk.services import (
    assessment_create,
    entry_delete,
    entry_recompute,
    entry_set,
    entry_update,
    matrix_save,
    measure_create,
    measure_delete,
    measure_update,
)

pytestmark = pytest.mark.django_db


def _refused(call, refusal):
    before = AuditEntry.objects.count()
    with pytest.raises(refusal):
        call()
    assert AuditEntry.objects.count() == before  # nothing written, nothing audited


@pytest.fixture
def measure(linked, alice):
    return measure_create(entry=linked, actor=alice, title="Fence", proposed_p_interruption=0.7)


def test_register_writes_refuse_who_may_not_change_the_facility(
    plant, linked, measure, scenario, alice, bob, charlie
):
    facility_share(facility=plant, actor=alice, users=[bob])
    assessment = linked.assessment
    # bob sees the plant (shared with him) but may not change it: 403; charlie not even that.
    for user, refusal in ((bob, Denied), (charlie, NotVisible)):
        _refused(
            lambda u=user: assessment_create(
                facility=plant, actor=u, name="X", method="quantitative", matrix={}
            ),
            refusal,
        )
        _refused(
            lambda u=user: entry_set(
                assessment=assessment, scenario=scenario, actor=u, p_attack=0.9
            ),
            refusal,
        )
        _refused(lambda u=user: entry_update(entry=linked, actor=u, p_attack=0.9), refusal)
        _refused(lambda u=user: entry_recompute(entry=linked, actor=u), refusal)
        _refused(lambda u=user: entry_delete(entry=linked, actor=u), refusal)
        _refused(lambda u=user: measure_create(entry=linked, actor=u, title="X"), refusal)
        _refused(lambda u=user: measure_update(measure=measure, actor=u, title="X"), refusal)
        _refused(lambda u=user: measure_delete(measure=measure, actor=u), refusal)
    assert RiskAssessment.objects.count() == 1
    assert RiskEntry.objects.get(pk=linked.pk).p_attack == 0.3
    assert Measure.objects.get(pk=measure.pk).title == "Fence"


def test_only_an_organisations_admins_save_its_matrix(meridian, northgate, alice, bob, charlie):
    data = default_matrix()
    _refused(lambda: matrix_save(organisation=meridian, actor=bob, data=data, based_on="x"), Denied)
    _refused(
        lambda: matrix_save(organisation=meridian, actor=charlie, data=data, based_on="x"), Denied
    )
    matrix_save(organisation=meridian, actor=alice, data=data, based_on="x")
    matrix_save(organisation=meridian, actor=alice, data=data, based_on="y")
    assert OrganisationMatrix.objects.get().based_on == "y"
    entries = AuditEntry.objects.filter(object_type="risk.organisationmatrix").order_by("sequence")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].changes == {"based_on": ["x", "y"]}


def test_deleting_a_line_audits_each_of_its_measures_and_then_the_line(linked, measure, alice):
    ids = [str(measure.pk), str(linked.pk)]
    entry_delete(entry=linked, actor=alice)
    deleted = AuditEntry.objects.filter(action="delete").order_by("sequence")
    assert [e.object_id for e in deleted] == ids
    assert deleted[0].changes["title"] == ["Fence", None]


def test_a_new_link_is_written_and_audited_once_with_its_measures_what_ifs(linked, diagram, alice):
    from chemsec.science.tests.cases import FENCE

    fence = measure_create(entry=linked, actor=alice, title="Fence", protection_changes=[FENCE])
    before = AuditEntry.objects.count()
    entry_recompute(entry=linked, actor=alice)  # the same version: what-ifs stay as stored
    assert AuditEntry.objects.count() == before
    entry_update(entry=linked, actor=alice, protection_diagram=None, p_interruption=0.5)
    updates = AuditEntry.objects.filter(action="update").order_by("-sequence")
    assert updates[0].object_id == str(fence.pk)  # its what-if, worked out again
    assert updates[1].object_id == str(linked.pk)  # the line, once
    assert "protection_diagram" in updates[1].changes


def test_deleting_a_diagram_unlinks_its_register_lines_through_the_audited_path(
    linked, diagram, alice
):
    from chemsec.protection.services import diagram_delete

    diagram_id, version_id = str(diagram.pk), str(linked.diagram_version_id)
    diagram_delete(diagram=diagram, actor=alice)
    update = AuditEntry.objects.get(object_id=str(linked.pk), action="update")
    assert update.changes == {
        "protection_diagram": [diagram_id, None],
        "diagram_version": [version_id, None],
    }
    linked.refresh_from_db()
    assert linked.protection_diagram_id is None and linked.p_interruption_basis  # P_I kept
