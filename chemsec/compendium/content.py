"""Starter content: the `practice` objects of chemsec/content become published entries.

Registered as a content_sync handler; runs inside the load transaction and is idempotent.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from chemsec.compendium.index import embed_missing, embed_versions, index_practices
from chemsec.compendium.models import Practice, PracticeVersion
from chemsec.compendium.services import CONTENT_FIELDS, TAXONOMY_FIELDS
from chemsec.content.reader import ContentObject
from chemsec.core.writes import unaudited


def practices_sync(objects: list[ContentObject]) -> None:
    """Create or update one entry per practice object whose content version is newer.

    Not audited entry by entry: `chemsec load-content` records the whole load as one audit
    entry ("reference content", with what it created, updated and removed).
    """
    with unaudited("reference content load, audited as one entry by content_load"):
        _sync([obj for obj in objects if obj.kind == "practice"])


def _sync(wanted: list[ContentObject]) -> None:
    existing = Practice.objects.in_bulk([obj.urn for obj in wanted], field_name="urn")
    changed = [p for obj in wanted if (p := _apply(obj, existing.get(obj.urn))) is not None]
    versions = [_version(p) for p in changed]
    embed_versions(versions, [p.keywords for p in changed])
    PracticeVersion.objects.filter(
        practice__in=changed, number__in={v.number for v in versions}
    ).delete()
    PracticeVersion.objects.bulk_create(versions)
    index_practices(changed)
    _relate(wanted, changed)
    embed_missing()  # entries stored before the embedding weights were installed


def _apply(obj: ContentObject, practice: Practice | None) -> Practice | None:
    version = int(obj.version)
    if practice is not None and practice.version >= version and practice.from_content:
        return None
    practice = practice or Practice(urn=obj.urn, from_content=True)
    data = obj.data
    for name in CONTENT_FIELDS:
        if name in data:
            setattr(practice, name, data[name])
    practice.version, practice.from_content = version, True
    practice.published_at = practice.published_at or timezone.now()
    practice.save()
    return practice


def _version(practice: Practice) -> PracticeVersion:
    return PracticeVersion(
        practice=practice,
        number=practice.version,
        title=practice.title,
        summary=practice.summary,
        body=practice.body,
        taxonomy={name: getattr(practice, name) for name in TAXONOMY_FIELDS},
        note="Loaded from the reference content.",
    )


def _relate(wanted: list[ContentObject], changed: list[Practice]) -> None:
    by_urn = {p.urn: p for p in changed}
    if not by_urn:
        return
    ids = dict(Practice.objects.values_list("urn", "pk"))
    for obj in wanted:
        if obj.urn in by_urn:
            related: list[Any] = [ids[u] for u in obj.data.get("related", []) if u in ids]
            by_urn[obj.urn].related.set(related)
