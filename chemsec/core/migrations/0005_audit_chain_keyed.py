"""Seal an existing plain-SHA-256 audit chain under the audit key (data only).

Entries written before the chain was keyed keep their plain hashes; they verify only
before a keyed entry, and the newest entry must be keyed. This appends that first keyed
entry on upgrade, so an existing chain verifies at once. Its keyed hash covers the hash of
the last plain entry, so a later rewrite of any plain entry is caught.
"""

import hmac

from django.conf import settings
from django.db import migrations
from django.utils import timezone

from chemsec.lib.hashing import GENESIS_HASH, key_id, keyed_chain_hash


def _content(entry):
    # Frozen copy of chemsec.core.audit.entry_content, as it stands with this migration.
    return {
        "created_at": entry.created_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "organisation_id": str(entry.organisation_id or ""),
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": entry.changes,
    }


def seal_legacy_chain(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    key = settings.AUDIT_KEY.encode("utf-8")
    last = AuditEntry.objects.order_by("-sequence").first()
    if last is None:
        return  # a new chain starts keyed
    keyed = keyed_chain_hash(_content(last), last.previous_hash, key)
    if hmac.compare_digest(last.entry_hash, keyed):
        return  # already sealed
    head, _ = AuditChainHead.objects.get_or_create(id=1, defaults={"last_hash": GENESIS_HASH})
    entry = AuditEntry(
        created_at=timezone.now(),
        actor=None,
        actor_name="system",
        organisation=None,
        action="update",
        object_type="core.auditchain",
        object_id="",
        object_repr="audit chain",
        changes={"sealed_under": [None, key_id(key)]},
        previous_hash=head.last_hash,
    )
    entry.entry_hash = keyed_chain_hash(_content(entry), head.last_hash, key)
    entry.save()
    head.last_hash = entry.entry_hash
    head.save(update_fields=["last_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_password_reset_request"),
    ]

    operations = [
        migrations.RunPython(seal_legacy_chain, migrations.RunPython.noop),
    ]
