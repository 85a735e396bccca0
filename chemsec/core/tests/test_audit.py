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


# --- The chain is keyed: a rewrite recomputed without the key is caught --------------------

LEGACY_KEY = "legacy"  # marks entries written with plain SHA-256, before the chain was keyed


def _rewrite_from(entry, key=LEGACY_KEY, **changes):
    """What an attacker with write access to the database does: alter one entry, then
    recompute every later hash (plain SHA-256, or HMAC under a key they hold) and the head."""
    import hashlib
    import hmac

    from chemsec.core.audit import entry_content
    from chemsec.core.models import AuditChainHead
    from chemsec.lib.hashing import canonical_json

    def digest(content, previous):
        message = (previous + canonical_json(content)).encode()
        if key == LEGACY_KEY:
            return hashlib.sha256(message).hexdigest()
        return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()

    AuditEntry.objects.filter(pk=entry.pk).update(**changes)
    previous = entry.previous_hash
    for later in AuditEntry.objects.filter(sequence__gte=entry.sequence).order_by("sequence"):
        new_hash = digest(entry_content(later), previous)
        AuditEntry.objects.filter(pk=later.pk).update(previous_hash=previous, entry_hash=new_hash)
        previous = new_hash
    AuditChainHead.objects.filter(id=1).update(last_hash=previous)


def _legacy_trail(actor, organisation, count):
    """Entries as the platform wrote them before the key: plain SHA-256."""
    from django.utils import timezone

    from chemsec.core.audit import entry_content
    from chemsec.core.models import AuditChainHead
    from chemsec.lib.hashing import GENESIS_HASH, chain_hash

    head, _ = AuditChainHead.objects.get_or_create(id=1, defaults={"last_hash": GENESIS_HASH})
    entries = []
    for number in range(count):
        entry = AuditEntry(
            created_at=timezone.now(),
            actor=actor,
            actor_name=actor.username,
            organisation=organisation,
            action="update",
            object_type="core.organisation",
            object_id=str(organisation.pk),
            object_repr=str(organisation),
            changes={"n": number},
            previous_hash=head.last_hash,
        )
        entry.entry_hash = chain_hash(entry_content(entry), head.last_hash)
        entry.save()
        head.last_hash = entry.entry_hash
        head.save()
        entries.append(entry)
    return entries


def test_it_catches_a_rewrite_recomputed_with_plain_sha256(trail):
    _rewrite_from(trail[2], changes={"n": 99})
    report = audit_verify()
    assert not report.ok and report.broken_at == trail[2].sequence


def test_it_catches_every_entry_recomputed_with_plain_sha256(trail):
    _rewrite_from(trail[0], object_repr="forged")
    assert not audit_verify().ok


def test_it_fails_under_the_wrong_key(trail, settings):
    settings.AUDIT_KEY = "not-the-key-the-chain-was-written-with"
    report = audit_verify()
    assert not report.ok and report.broken_at == trail[0].sequence


def test_it_catches_a_rewrite_recomputed_under_another_key(trail):
    _rewrite_from(trail[2], key="an-attackers-guess", changes={"n": 99})
    assert audit_verify().broken_at == trail[2].sequence


def test_it_verifies_a_plain_sha256_chain_once_a_keyed_entry_seals_it(alice, meridian):
    from chemsec.core.audit import audit_seal

    legacy = _legacy_trail(alice, meridian, 4)
    report = audit_verify()
    assert not report.ok and "key" in report.reason  # nothing keyed yet: could be a rewrite
    seal = audit_seal()
    assert seal.previous_hash == legacy[-1].entry_hash
    assert audit_verify().ok and audit_verify().checked == 5
    audit_record(actor=alice, action="update", obj=meridian)
    assert audit_verify().ok


def test_it_catches_a_rewrite_of_legacy_entries_under_the_seal(alice, meridian):
    from chemsec.core.audit import audit_seal

    legacy = _legacy_trail(alice, meridian, 4)
    audit_seal()
    # Rewriting a legacy entry and recomputing the legacy hashes after it breaks at the seal,
    # whose keyed hash covers the hash of the last legacy entry.
    _rewrite_from(legacy[1], changes={"n": 99})
    assert not audit_verify().ok


def test_the_upgrade_migration_seals_an_existing_plain_chain(alice, meridian):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("chemsec.core.migrations.0005_audit_chain_keyed")
    _legacy_trail(alice, meridian, 3)
    migration.seal_legacy_chain(apps, None)
    assert audit_verify().ok and audit_verify().checked == 4
    migration.seal_legacy_chain(apps, None)  # a second run adds nothing
    assert AuditEntry.objects.count() == 4


def test_it_keeps_verifying_across_a_key_rotation(trail, settings, alice, meridian):
    from chemsec.core.audit import audit_seal

    old_key = settings.AUDIT_KEY
    settings.AUDIT_KEY, settings.AUDIT_OLD_KEYS = "the-new-key-" + "n" * 40, [old_key]
    assert not audit_verify().ok  # not sealed under the new key yet
    audit_seal()
    audit_record(actor=alice, action="update", obj=meridian)
    assert audit_verify().ok
    # Someone holding the old key rewrites the tail with it: the newer scheme is required.
    _rewrite_from(trail[3], key=old_key, changes={"n": 99})
    assert not audit_verify().ok


# --- Signed head exports (anchors) -------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_anchor_detects_truncation(alice, meridian, tmp_path, capsys):
    from chemsec.core.models import AuditChainHead

    entries = [audit_record(actor=alice, action="update", obj=meridian) for _ in range(4)]
    anchor = tmp_path / "anchor.json"
    assert main(["audit", "anchor", "--out", str(anchor)]) == 0
    assert main(["audit", "verify", "--anchor", str(anchor)]) == 0
    capsys.readouterr()
    # Remove the newest entries (the anchor's export among them) and mend the head row.
    newest = AuditEntry.objects.order_by("-sequence")[:2]
    AuditEntry.objects.filter(pk__in=[e.pk for e in newest])._raw_delete(AuditEntry.objects.db)
    AuditChainHead.objects.filter(id=1).update(last_hash=entries[2].entry_hash)
    assert main(["audit", "verify"]) == 0  # the chain alone cannot tell
    assert main(["audit", "verify", "--anchor", str(anchor)]) == 1
    assert "anchor" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_an_anchor_with_a_forged_head_is_refused(alice, meridian, tmp_path, capsys):
    import json

    audit_record(actor=alice, action="update", obj=meridian)
    anchor = tmp_path / "anchor.json"
    assert main(["audit", "anchor", "--out", str(anchor)]) == 0
    data = json.loads(anchor.read_text())
    data["sequence"] -= 1
    anchor.write_text(json.dumps(data))
    assert main(["audit", "verify", "--anchor", str(anchor)]) == 1
    assert "signature" in capsys.readouterr().err


def test_it_stops_production_without_an_audit_key(tmp_path):
    import os
    import subprocess
    import sys

    environment = {k: v for k, v in os.environ.items() if not k.startswith("CHEMSEC_")}
    environment.update(
        CHEMSEC_ENV="production",
        CHEMSEC_SECRET_KEY="k" * 50,
        CHEMSEC_ALLOWED_HOSTS="portal.example.org",
        CHEMSEC_DATA_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "-c", "import chemsec.settings"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0 and "CHEMSEC_AUDIT_KEY" in result.stderr
