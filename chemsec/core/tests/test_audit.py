"""The audit trail is append-only and tamper-evident."""

from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError

from chemsec.cli import main
from chemsec.core.audit import audit_record, audit_verify
from chemsec.core.models import AuditEntry


@pytest.fixture
def trail(alice, meridian):
    return [
        audit_record(actor=alice, action="update", obj=meridian, changes={"n": i}) for i in range(5)
    ]


def test_it_chains_each_entry_to_the_one_before(trail):
    assert trail[0].previous_hash == "0" * 64
    for before, after in pairwise(trail):
        assert after.previous_hash == before.entry_hash
    assert audit_verify().ok


def test_it_records_actor_organisation_object_and_changes(trail, alice, meridian):
    entry = trail[2]
    assert (entry.actor, entry.actor_name, entry.organisation) == (alice, "alice", meridian)
    assert entry.object_type == "core.organisation" and entry.object_id == str(meridian.pk)
    assert entry.changes == {"n": 2}


def test_it_names_the_first_altered_entry(trail):
    AuditEntry.objects.filter(pk=trail[2].pk).update(changes={"n": 99})
    report = audit_verify()
    assert not report.ok
    assert report.broken_at == trail[2].sequence
    assert "altered" in report.reason
    assert report.checked == 2


def test_it_notices_a_removed_entry(trail):
    AuditEntry.objects.filter(pk=trail[1].pk)._raw_delete(AuditEntry.objects.db)
    report = audit_verify()
    assert report.broken_at == trail[2].sequence
    assert "removed" in report.reason


def test_it_notices_the_newest_entries_removed(trail):
    AuditEntry.objects.filter(pk=trail[-1].pk)._raw_delete(AuditEntry.objects.db)
    assert not audit_verify().ok


def test_it_refuses_to_edit_or_delete_through_the_model(trail):
    entry = trail[0]
    entry.object_repr = "changed"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()


@pytest.mark.django_db(transaction=True)
def test_it_exits_non_zero_from_the_cli_when_broken(alice, meridian, capsys):
    entries = [audit_record(actor=alice, action="update", obj=meridian) for _ in range(3)]
    assert main(["audit", "verify"]) == 0
    assert "intact: 3 entries" in capsys.readouterr().out
    AuditEntry.objects.filter(pk=entries[1].pk).update(object_repr="forged")
    assert main(["audit", "verify"]) == 1
    assert f"broken at entry {entries[1].sequence}" in capsys.readouterr().err
