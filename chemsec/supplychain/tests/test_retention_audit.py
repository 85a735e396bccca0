"""A retention purge also erases what the audit trail recorded about the records it
deletes (their snapshots and descriptions), and the chain still verifies."""

from __future__ import annotations

import json

import pytest

from chemsec.core.audit import audit_erase, audit_record, audit_verify
from chemsec.core.audit_erasure import ERASED_BY, ERASED_LIST, ERASURE_TYPE
from chemsec.core.models import AuditEntry
from chemsec.supplychain.retention import retention_purge
from chemsec.supplychain.tests.test_retention import CUT, NOW, SECRET, case, customer, order

pytestmark = pytest.mark.django_db


def _recorded(obj, alice) -> AuditEntry:
    """What an audited create writes: the object's values in the trail."""
    values = {"reference": getattr(obj, "reference", ""), "note": f"{SECRET} values"}
    return audit_record(actor=alice, action="create", obj=obj, changes=values)


def _trail_text(entries) -> str:
    return json.dumps([[e.object_repr, e.changes] for e in entries], ensure_ascii=False)


def test_the_purge_erases_the_trails_values_of_what_it_deleted(meridian, acetone, alice):
    import datetime as dt

    buyer = customer(meridian)
    old = [order(buyer, CUT - dt.timedelta(days=d), acetone, f"OLD-{d}") for d in (1, 40)]
    new = order(buyer, NOW, acetone, "NEW-1")
    closed = case(buyer, "closed", CUT - dt.timedelta(days=1), *old)
    about_old = [_recorded(o, alice) for o in old] + [_recorded(closed, alice)]
    about_old += [_recorded(line, alice) for o in old for line in o.lines.all()]
    about_new = _recorded(new, alice)

    retention_purge(now=NOW)

    erased = AuditEntry.objects.filter(sequence__in=[e.sequence for e in about_old])
    assert erased.count() == len(about_old)
    assert SECRET not in _trail_text(erased) and "OLD-" not in _trail_text(erased)
    assert all(set(e.changes) == {ERASED_BY} and e.object_repr == "" for e in erased)
    # Who did what to which object stays.
    assert {(e.actor_name, e.action, e.object_id) for e in erased} == {
        (e.actor_name, e.action, e.object_id) for e in about_old
    }
    kept = AuditEntry.objects.get(sequence=about_new.sequence)
    assert kept.changes == about_new.changes and "NEW-1" in _trail_text([kept])
    listings = AuditEntry.objects.filter(object_type=ERASURE_TYPE)
    listed = {pair[0] for e in listings for pair in e.changes[ERASED_LIST]}
    assert listed == {e.sequence for e in about_old}
    assert audit_verify().ok


def test_erasing_twice_erases_nothing_more(meridian, alice):
    entry = audit_record(actor=alice, action="update", obj=meridian, changes={"n": 1})
    assert audit_erase("core.organisation", [meridian.pk], reason="test") == 1
    count = AuditEntry.objects.count()
    assert audit_erase("core.organisation", [meridian.pk], reason="test") == 0
    assert AuditEntry.objects.count() == count
    assert AuditEntry.objects.get(sequence=entry.sequence).changes == {
        ERASED_BY: AuditEntry.objects.get(object_type=ERASURE_TYPE).sequence
    }
    assert audit_verify().ok


def test_blanking_an_entry_without_a_keyed_listing_is_caught(meridian, alice):
    entries = [
        audit_record(actor=alice, action="update", obj=meridian, changes={"n": i}) for i in range(3)
    ]
    listing = audit_record(actor=alice, action="update", obj=meridian, changes={"n": 3})
    # Someone with the database but not the key blanks an entry and points it at an entry.
    AuditEntry.objects.filter(sequence=entries[1].sequence).update(
        changes={ERASED_BY: listing.sequence}, object_repr=""
    )
    report = audit_verify()
    assert report.broken_at == entries[1].sequence and "altered" in report.reason


def test_a_listing_cannot_be_stretched_to_cover_another_entry(meridian, alice):
    first = audit_record(actor=alice, action="update", obj=meridian, changes={"n": 1})
    audit_erase("core.organisation", [meridian.pk], reason="test")
    second = audit_record(actor=alice, action="update", obj=meridian, changes={"n": 2})
    listing = AuditEntry.objects.get(object_type=ERASURE_TYPE)
    # Adding the second entry to the listing alters the listing: its hash no longer holds.
    changes = dict(listing.changes)
    changes[ERASED_LIST] = [*changes[ERASED_LIST], [second.sequence, second.entry_hash]]
    AuditEntry.objects.filter(sequence=listing.sequence).update(changes=changes)
    AuditEntry.objects.filter(sequence=second.sequence).update(
        changes={ERASED_BY: listing.sequence}, object_repr=""
    )
    report = audit_verify()
    assert not report.ok and report.broken_at == listing.sequence
    assert first.sequence < listing.sequence


def test_an_erased_entry_whose_hash_was_changed_is_caught(meridian, alice):
    entry = audit_record(actor=alice, action="update", obj=meridian, changes={"n": 1})
    audit_record(actor=alice, action="update", obj=meridian, changes={"n": 2})
    audit_erase("core.organisation", [meridian.pk], reason="test")
    AuditEntry.objects.filter(sequence=entry.sequence).update(entry_hash="f" * 64)
    assert not audit_verify().ok


def test_the_audit_page_says_an_entry_was_erased_and_where(meridian, alice):
    from django.utils import translation

    from chemsec.core.audit_display import change_rows

    entry = audit_record(actor=alice, action="update", obj=meridian, changes={"n": [1, 2]})
    audit_erase("core.organisation", [meridian.pk], reason="retention")
    erased = AuditEntry.objects.get(sequence=entry.sequence)
    listing = AuditEntry.objects.get(object_type=ERASURE_TYPE)
    with translation.override("en"):
        [row] = change_rows(erased.changes)
        assert str(listing.sequence) in row.new and "erased" in row.new
        rows = change_rows(listing.changes)
    assert rows[-1].field == ERASED_LIST and rows[-1].new.startswith("1: ")
    assert entry.entry_hash not in json.dumps([r.new for r in rows])
