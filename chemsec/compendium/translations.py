"""Translations of the reference content: loading the overlays, reading them in the reader's
language with their status, and the reviewer's decisions (docs/translations.md).

The English objects keep their URNs: a translation only lends its texts to the page, so an
answer given in any language is stored against the same question, and scores do not move.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from chemsec.compendium.choices import TranslationStatus
from chemsec.compendium.index import embed_multilingual
from chemsec.compendium.models import Practice, Translation
from chemsec.content.overlay import entry_kind
from chemsec.content.reader import ContentObject
from chemsec.core.api_language import normalise
from chemsec.core.models import ContentItem, User
from chemsec.core.policy import Actor, require
from chemsec.core.writes import unaudited, write_update
from chemsec.lib.hashing import canonical_json, sha256_hex

#: Django's language codes -> the content's (the overlays use ISO 639-1).
CONTENT_LANGUAGES = {"ar": "ar", "es": "es", "fr": "fr", "ru": "ru", "zh-hans": "zh", "zh": "zh"}
_FRAMEWORK_URN = re.compile(r"^(urn:chemsec:framework:[a-z0-9-]+:v[0-9]+)")


def content_language(language: str | None = None) -> str | None:
    """The overlay language for a Django language (the active one by default); None: English."""
    return CONTENT_LANGUAGES.get((language or get_language() or "en").lower())


#: An overlay language -> the Django language whose interface goes with it.
DJANGO_LANGUAGES = {"ar": "ar", "es": "es", "fr": "fr", "ru": "ru", "zh": "zh-hans"}


def api_language(lang: str | None) -> str:
    """The Django language an API answer is given in: ``?lang=`` when the client sent it,
    else the request's (LocaleMiddleware: Accept-Language), English by default. ``lang`` is
    one of chemsec.core.api_language's (``zh`` and ``zh-hans`` alike)."""
    if lang:
        return DJANGO_LANGUAGES.get(str(normalise(lang)), "en")
    return get_language() or "en"


def api_translation(shown: Shown | None) -> dict[str, Any] | None:
    """What the API says of the translation whose texts it returns (None: the English)."""
    if shown is None:
        return None
    return {
        "status": shown.status,
        "reviewed_by": shown.reviewer_name or None,
        "reviewed_on": shown.reviewed_on,
        "stale": shown.stale,
        "source_version": shown.source_version,
    }


# --- loading (a content_sync handler, inside the load's transaction) ---


def translations_sync(objects: list[ContentObject]) -> None:
    """Create or update a row per overlay entry whose file entry changed; remove the rows
    of entries no longer shipped. Audited as part of the load's one entry."""
    wanted = [obj for obj in objects if obj.kind == "translation"]
    with unaudited("reference content load, audited as one entry by content_load"):
        existing = {(t.urn, t.language): t for t in Translation.objects.all()}
        for obj in wanted:
            _load(obj, existing.pop((obj.data["urn"], obj.data["language"]), None))
        stale = [t.pk for t in existing.values() if t.file_checksum]
        Translation.objects.filter(pk__in=stale).delete()
    embed_multilingual()  # the multilingual search vectors of the new or changed texts


def _load(obj: ContentObject, row: Translation | None) -> None:
    data = obj.data
    digest = sha256_hex(canonical_json(data))
    if row is not None and row.file_checksum == digest:
        return  # unchanged in the file: keep what reviewers did in the portal
    row = row or Translation(urn=data["urn"], language=data["language"])
    row.kind = entry_kind(data["translates"], data["urn"], "text" in data)
    row.fields = {k: data[k] for k in _TEXTS if k in data}
    row.source_version = int(data["source_version"])
    row.status = data["status"]
    row.reviewer_name = data.get("reviewed_by", "")
    reviewed_on = data.get("reviewed_on")
    row.reviewed_on = dt.date.fromisoformat(reviewed_on) if reviewed_on else None
    row.reviewed_by = None
    row.source_file, row.file_checksum = obj.source, digest
    # Each field is checked; (urn, language) is unique by construction (one row per key
    # in `existing`, the constraint refuses a file listing a key twice), so the two
    # queries a row that Django's unique and constraint checks would add are skipped:
    # they were a third of a content load.
    row.full_clean(validate_unique=False, validate_constraints=False)
    row.save()


_TEXTS = ("title", "summary", "body", "keywords", "description", "text", "guidance")


# --- reading ---


@dataclass(frozen=True)
class Shown:
    """A translation as a page shows it: its texts and what the reader is told about it."""

    urn: str
    language: str
    fields: dict[str, Any]
    status: str
    source_version: int
    current_version: int
    reviewer_name: str
    reviewed_on: dt.date | None
    pk: Any

    @property
    def stale(self) -> bool:
        """The English has a newer version than the one translated."""
        return self.current_version > self.source_version

    @property
    def reviewed(self) -> bool:
        return self.status == TranslationStatus.REVIEWED

    def get(self, name: str, english: Any) -> Any:
        return self.fields.get(name) or english


def english_version(urn: str) -> int:
    """The current version of the English object (a section or question: its framework's)."""
    found = _FRAMEWORK_URN.match(urn)
    if found:
        item = ContentItem.objects.filter(urn=found.group(1)).values_list("version", flat=True)
        raw = item.first()
        return int(raw) if raw and str(raw).isdigit() else 1
    version = Practice.objects.filter(urn=urn).values_list("version", flat=True).first()
    return int(version or 1)


def translations_for(urns: Iterable[str], language: str | None = None) -> dict[str, Shown]:
    """The translations of these URNs into the reader's language (none in English)."""
    lang = content_language(language)
    urns = list(urns)
    if lang is None or not urns:
        return {}
    rows = list(Translation.objects.filter(language=lang, urn__in=urns))
    versions = _versions({row.urn for row in rows})
    return {row.urn: shown(row, versions.get(row.urn, row.source_version)) for row in rows}


def _versions(urns: set[str]) -> dict[str, int]:
    practices = dict(Practice.objects.filter(urn__in=urns).values_list("urn", "version"))
    frameworks = {m.group(1) for u in urns if (m := _FRAMEWORK_URN.match(u))}
    items = dict(ContentItem.objects.filter(urn__in=frameworks).values_list("urn", "version"))
    found: dict[str, int] = {}
    for urn in urns:
        match = _FRAMEWORK_URN.match(urn)
        raw = items.get(match.group(1)) if match else practices.get(urn)
        if raw is not None and str(raw).isdigit():
            found[urn] = int(raw)
    return found


def shown(row: Any, current: int) -> Shown:
    """A stored translation row (a practice's or framework's, or a course's: same fields) as
    a reader is shown it, against the English object's current version."""
    return Shown(
        urn=row.urn,
        language=row.language,
        fields=dict(row.fields),
        status=row.status,
        source_version=row.source_version,
        current_version=current,
        reviewer_name=row.reviewer_name,
        reviewed_on=row.reviewed_on,
        pk=row.pk,
    )


def page_translations(request: Any, urns: Iterable[str]) -> tuple[dict[str, Shown], Shown | None]:
    """For a page of reference content: the translations to show (none when the reader
    asked for the English original, ``?original=en``) and the one whose status the page's
    notice states (a stale one first, then one not yet reviewed)."""
    found = translations_for(urns)
    if not found:
        return {}, None
    notice = min(found.values(), key=lambda s: (not s.stale, s.reviewed, s.urn))
    if request.GET.get("original") == "en":
        return {}, notice
    return found, notice


# --- the reviewer's decisions (audited) ---


@transaction.atomic
def translation_review(*, user: Actor, translation: Translation) -> Translation:
    """A secretariat reviewer confirms the translation matches the current English."""
    require(user, "compendium.review", None)
    values = {
        "status": TranslationStatus.REVIEWED,
        "reviewer_name": _name(user),
        "reviewed_on": timezone.localdate(),
        "reviewed_by": user if isinstance(user, User) else None,
        "source_version": english_version(translation.urn),
    }
    corrected = write_update(translation, actor=user, values=values)
    if corrected.kind == "practice":
        embed_multilingual([corrected.urn])
    return corrected


@transaction.atomic
def translation_correct(
    *, user: Actor, translation: Translation, fields: dict[str, Any]
) -> Translation:
    """Texts corrected by an approved proposal: reviewed by the approver, of the current
    English (called by `proposal_approve`, which has checked the approver's rights)."""
    require(user, "compendium.review", None)
    texts = {k: v for k, v in fields.items() if k in _TEXTS and v}
    values = {
        "fields": {**translation.fields, **texts},
        "status": TranslationStatus.REVIEWED,
        "reviewer_name": _name(user),
        "reviewed_on": timezone.localdate(),
        "reviewed_by": user if isinstance(user, User) else None,
        "source_version": english_version(translation.urn),
    }
    corrected = write_update(translation, actor=user, values=values)
    if corrected.kind == "practice":
        embed_multilingual([corrected.urn])
    return corrected


def _name(user: Actor) -> str:
    if isinstance(user, User):
        return (user.get_full_name() or user.get_username())[:120]
    return str(user)[:120]


def reviewer_name(user: Actor) -> str:
    """The name a review made in the portal is signed with (the person's full name, else
    their username), as a translation's ``reviewer_name`` holds it: the training app's
    course translations are reviewed alike."""
    return _name(user)
