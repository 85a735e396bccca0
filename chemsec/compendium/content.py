"""Starter content: the `practice` objects of chemsec/content become published entries.

Registered as a content_sync handler; runs inside the load transaction and is idempotent.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, gettext_noop

from chemsec.compendium.index import (
    embed_missing,
    embed_multilingual,
    embed_versions,
    index_practices,
)
from chemsec.compendium.models import Practice, PracticeVersion
from chemsec.compendium.services import CONTENT_FIELDS, TAXONOMY_FIELDS
from chemsec.content.reader import ContentObject
from chemsec.core.writes import unaudited

# A version loaded from the reference content stores this code as its note (what changed),
# rendered in the reader's language by `version_note`; versions stored before hold the
# English sentence, read the same way.
LOADED_NOTE = "chemsec:loaded-from-content"
NOTES = {LOADED_NOTE: gettext_noop("Loaded from the reference content.")}
_WRITTEN = {"Loaded from the reference content.": LOADED_NOTE}


def version_note(note: str, *, plain: bool = False) -> str | SafeString:
    """A version's note as the reader sees it: the platform's own notes translated (in
    English marked lang="en" until the catalogue has them, unless `plain`: an API answer),
    a person's note as typed."""
    code = _WRITTEN.get(note.strip(), note.strip())
    if code not in NOTES:
        return note
    shown = gettext(NOTES[code])
    if plain:
        return shown
    if shown == NOTES[code] and not (get_language() or "en").startswith("en"):
        return format_html('<span lang="en" dir="ltr">{}</span>', shown)
    return shown


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
    embed_multilingual()  # new or changed texts; all of them once the package is installed


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
        note=LOADED_NOTE,
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
