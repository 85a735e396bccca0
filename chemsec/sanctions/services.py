"""Importing list versions, screening parties, clearing false positives, re-screening.

Every function asks the policy first and writes through chemsec/core/writes.py; the entries
of a list version are written at once (bulk) with one audit entry for the import, like an
inventory file's rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chemsec.core.choices import Confidentiality
from chemsec.core.models import Organisation
from chemsec.core.policy import SYSTEM, Actor, require
from chemsec.core.writes import write_create, write_update
from chemsec.sanctions import formats
from chemsec.sanctions.matching import (
    ALGORITHM,
    ListIndex,
    Match,
    Party,
    Settings,
    screen,
    warm_name_analysis,
)
from chemsec.sanctions.models import (
    Clearance,
    ListEntry,
    ListVersion,
    Screening,
    ScreeningMatch,
    ScreeningStatus,
)
from chemsec.sanctions.subjects import Subject, providers

RESCREEN_KIND = "sanctions.rescreen"
SETTINGS = Settings()
CLEARANCE_DAYS = 365  # the longest a false-positive decision may last


class ImportRefused(ValueError):
    """The file cannot be imported (unreadable, empty, or this version is already in)."""


def _party(entry: ListEntry) -> Party:
    return Party(
        key=str(entry.pk),
        names=tuple(entry.names),
        kind=entry.kind,
        countries=tuple(entry.countries),
        identifiers=tuple(i[1] for i in entry.identifiers if len(i) > 1),
        addresses=tuple(entry.addresses),
    )


def current_versions(organisation: Organisation) -> list[ListVersion]:
    return list(
        ListVersion.objects.filter(organisation=organisation, current=True).order_by("source")
    )


@transaction.atomic
def list_import(
    *,
    actor: Actor,
    organisation: Organisation,
    data: bytes,
    file_name: str = "",
    version: str = "",
    rescreen: bool = True,
) -> ListVersion:
    """Import one official list file as a new, dated version of that list.

    The previous version of the same list stops being current; each entry is marked added,
    changed or the same against it; then every active party of the organisation is
    re-screened against what changed (a background job).
    """
    require(actor, "sanctions.import", organisation)
    try:
        parsed = formats.read_list(data, file_name)
    except formats.ListFormatError as exc:
        raise ImportRefused(str(exc)) from exc
    if not parsed.entries:
        raise ImportRefused(_("The file holds no list entries."))
    digest = hashlib.sha256(data).hexdigest()
    if ListVersion.objects.filter(
        organisation=organisation, source=parsed.source, file_sha256=digest
    ).exists():
        raise ImportRefused(_("This file has already been imported."))
    previous = ListVersion.objects.filter(
        organisation=organisation, source=parsed.source, current=True
    ).first()
    old = dict(previous.entries.values_list("key", "fingerprint")) if previous is not None else {}
    entries: list[ListEntry] = []
    seen: set[str] = set()
    counts = {"added": 0, "changed": 0, "same": 0}
    for item in parsed.entries:
        if item.key in seen:
            continue  # a key listed twice in one file: the first one counts
        seen.add(item.key)
        fingerprint = item.fingerprint()
        change = (
            "added"
            if item.key not in old
            else "same"
            if old[item.key] == fingerprint
            else "changed"
        )
        counts[change] += 1
        entries.append(
            ListEntry(
                key=item.key,
                kind=item.kind,
                names=list(item.names),
                countries=list(item.countries),
                identifiers=[[i.kind, i.number, i.country] for i in item.identifiers],
                addresses=list(item.addresses),
                programmes=list(item.programmes),
                list_name=item.list_name[:200],
                fingerprint=fingerprint,
                change=change,
            )
        )
    label = version or parsed.version or timezone.now().date().isoformat()
    list_version = ListVersion(
        organisation=organisation,
        source=parsed.source,
        version=f"{label[:40]} ({digest[:8]})",
        published_on=parsed.version,
        file_name=file_name[:255],
        file_sha256=digest,
        entry_count=len(entries),
        delta={
            "added": counts["added"],
            "changed": counts["changed"],
            "removed": len(set(old) - seen),
        },
        previous=previous,
        current=True,
        confidentiality=Confidentiality.ORGANISATION,
    )
    if previous is not None:
        write_update(previous, actor=actor, values={"current": False})
    write_create(list_version, actor=actor, organisation=organisation)
    for entry in entries:
        entry.list_version = list_version
    # The file's entries at once: the import is audited as one entry on the version above.
    ListEntry.objects.bulk_create(entries, batch_size=500)
    if rescreen:
        from chemsec.core.jobs import job_enqueue

        transaction.on_commit(
            lambda: job_enqueue(
                kind=RESCREEN_KIND,
                user=actor,
                organisation=organisation,
                params={"version": str(list_version.pk), "only_changed": previous is not None},
            )
        )
    return list_version


def _index(entries: Iterable[ListEntry]) -> tuple[ListIndex, dict[str, ListEntry]]:
    by_id = {str(e.pk): e for e in entries}
    return ListIndex(_party(e) for e in by_id.values()), by_id


# Analysed indexes of current list versions, by the versions' ids and file digests. A
# version's entries never change once imported (a new file is a new version), so an index
# stays right for as long as its versions are the current ones; analysing every entry's
# names again for each customer saved cost seconds on real lists (and the first analysis
# of a process loads rigour's name taggers, 8 s of CPU).
_INDEXES: OrderedDict[tuple[str, ...], tuple[ListIndex, dict[str, ListEntry]]] = OrderedDict()
_INDEXES_KEPT = 16
_indexes_lock = threading.Lock()


def current_index(organisation: Organisation) -> tuple[ListIndex, dict[str, ListEntry]]:
    """Every entry of the organisation's current list versions, analysed once per process."""
    key = tuple(f"{v.pk}:{v.file_sha256}" for v in current_versions(organisation))
    with _indexes_lock:
        if key in _INDEXES:
            _INDEXES.move_to_end(key)
            return _INDEXES[key]
    entries = ListEntry.objects.filter(
        list_version__organisation=organisation, list_version__current=True
    ).select_related("list_version")
    built = _index(entries)
    with _indexes_lock:
        _INDEXES[key] = built
        while len(_INDEXES) > _INDEXES_KEPT:
            _INDEXES.popitem(last=False)
    return built


def warm_current_indexes() -> None:
    """For a web process that has just started (chemsec.core.warmup): rigour's taggers and
    the index of every organisation that has imported lists, so that the first customer
    saved does not wait for them (QA measured 24-46 s under load)."""
    owners = ListVersion.objects.filter(current=True).values("organisation_id").distinct()
    for organisation in Organisation.objects.filter(pk__in=owners):
        prepare_screening(organisation)


def prepare_screening(organisation: Organisation) -> None:
    """Make the organisation's index and rigour's name taggers ready before a write
    transaction opens: on SQLite the first write takes the database's write lock, and a
    process's first screening held it for tens of seconds. The screening itself, inside the
    transaction, then finds the index in the cache (or builds it, if a list was imported
    meanwhile: it always reads the current versions)."""
    if current_versions(organisation):
        warm_name_analysis()
        current_index(organisation)


def _clearance_for(
    organisation: Organisation, subject: Subject, entry: ListEntry, day: dt.date
) -> Clearance | None:
    for clearance in Clearance.objects.filter(
        organisation=organisation,
        subject_type=subject.subject_type,
        subject_id=subject.subject_id,
        entry_key=entry.key,
    ):
        if clearance.applies(entry, day):
            return clearance
    return None


@transaction.atomic
def screen_subject(
    *,
    actor: Actor,
    organisation: Organisation,
    subject: Subject,
    reason: str = "manual",
    index: tuple[ListIndex, dict[str, ListEntry]] | None = None,
) -> Screening:
    """Screen one party against the organisation's current lists and keep the receipt."""
    require(actor, "sanctions.screen", organisation)
    versions = current_versions(organisation)
    list_index, by_id = index if index is not None else current_index(organisation)
    matches: list[Match] = screen(subject.party, list_index, SETTINGS)
    today = timezone.now().date()
    rows: list[tuple[Match, ListEntry, Clearance | None]] = []
    for match in matches:
        entry = by_id[match.key]
        rows.append((match, entry, _clearance_for(organisation, subject, entry, today)))
    if not rows:
        status = ScreeningStatus.CLEAR
    elif all(clearance is not None for _, _, clearance in rows):
        status = ScreeningStatus.CLEARED
    else:
        status = ScreeningStatus.POTENTIAL
    party = subject.party
    screening = Screening(
        organisation=organisation,
        subject_type=subject.subject_type,
        subject_id=subject.subject_id,
        subject_label=subject.label[:300],
        query={
            "names": list(party.names),
            "kind": party.kind,
            "countries": list(party.countries),
            "identifiers": list(party.identifiers),
            "addresses": list(party.addresses),
        },
        versions=[{"id": str(v.pk), "source": v.source, "version": v.version} for v in versions],
        algorithm=ALGORITHM,
        settings=SETTINGS.as_dict(),
        status=status,
        top_score=max((m.score for m in matches), default=0.0),
        reason=reason[:30],
        confidentiality=Confidentiality.RESTRICTED,
    )
    write_create(screening, actor=actor, organisation=organisation)
    for match, entry, clearance in rows:
        write_create(
            ScreeningMatch(
                screening=screening,
                entry=entry,
                score=match.score,
                detail=match.as_dict(),
                cleared_by=clearance,
            ),
            actor=actor,
        )
    return screening


def latest(organisation: Organisation, subject_type: str, subject_id: str) -> Screening | None:
    return (
        Screening.objects.filter(
            organisation=organisation, subject_type=subject_type, subject_id=str(subject_id)
        )
        .order_by("-created_at")
        .first()
    )


def denied_party_summary(
    organisation: Organisation, subject_type: str, subject_id: str
) -> dict[str, Any]:
    """Plain data for other apps' rules: the latest screening's uncleared matches."""
    screening = latest(organisation, subject_type, subject_id)
    if screening is None:
        return {"screened": False, "potential": False, "entries": [], "top_score": 0.0}
    open_matches = [
        m for m in screening.matches.select_related("entry__list_version") if m.cleared_by is None
    ]
    return {
        "screened": True,
        "screening": str(screening.pk),
        "potential": screening.status == ScreeningStatus.POTENTIAL,
        "top_score": round(max((m.score for m in open_matches), default=0.0), 4),
        "entries": [f"{m.entry.list_version.source}:{m.entry.key}" for m in open_matches],
    }


@transaction.atomic
def match_clear(
    *,
    actor: Actor,
    match: ScreeningMatch,
    justification: str,
    expires_on: dt.date,
) -> Clearance:
    """Mark a match a false positive, with a justification, until `expires_on` (at most a
    year) or until the list entry changes."""
    screening = match.screening
    require(actor, "sanctions.clear", screening)
    justification = justification.strip()
    if not justification:
        raise ValueError(_("Say why this match is a false positive."))
    today = timezone.now().date()
    if not today <= expires_on <= today + dt.timedelta(days=CLEARANCE_DAYS):
        raise ValueError(_("The expiry must be between today and one year from today."))
    if match.cleared_by_id is not None:
        raise ValueError(_("This match is already cleared."))
    entry = match.entry
    clearance = Clearance(
        organisation=screening.organisation,
        subject_type=screening.subject_type,
        subject_id=screening.subject_id,
        source=entry.list_version.source,
        entry_key=entry.key,
        entry_fingerprint=entry.fingerprint,
        justification=justification,
        expires_on=expires_on,
        confidentiality=Confidentiality.RESTRICTED,
    )
    write_create(clearance, actor=actor, organisation=screening.organisation)
    write_update(match, actor=actor, values={"cleared_by": clearance})
    if not screening.matches.filter(cleared_by__isnull=True).exists():
        write_update(screening, actor=actor, values={"status": ScreeningStatus.CLEARED})
    return clearance


def rescreen(
    *,
    organisation: Organisation,
    version: ListVersion | None = None,
    only_changed: bool = False,
    progress: Callable[[float, str], None] | None = None,
) -> dict[str, Any]:
    """Re-screen every active party of the organisation (as the system).

    With `only_changed`, a party is screened again only when the version's added or changed
    entries hold a candidate match for it, or its latest screening matched an entry of this
    list (which may have changed or gone); the others keep their receipt.
    """
    subjects = [s for provider in providers().values() for s in provider(organisation)]
    full_index = current_index(organisation)
    delta_index: ListIndex | None = None
    if only_changed and version is not None:
        delta_index, _ = _index(version.entries.exclude(change="same"))
    screened = skipped = potential = 0
    for number, subject in enumerate(subjects, start=1):
        if progress is not None:
            progress(100.0 * (number - 1) / max(1, len(subjects)), subject.label[:80])
        if delta_index is not None and version is not None:
            relevant = bool(screen(subject.party, delta_index, SETTINGS))
            if not relevant:
                last = latest(organisation, subject.subject_type, subject.subject_id)
                relevant = (
                    last is None
                    or last.matches.filter(entry__list_version__source=version.source).exists()
                )
            if not relevant:
                skipped += 1
                continue
        screening = screen_subject(
            actor=SYSTEM,
            organisation=organisation,
            subject=subject,
            reason="rescreen",
            index=full_index,
        )
        screened += 1
        potential += screening.status == ScreeningStatus.POTENTIAL
    return {
        "parties": len(subjects),
        "screened": screened,
        "unchanged": skipped,
        "potential_matches": potential,
    }
