"""Permission-scoped reads for screenings and the list catalogue."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from chemsec.core.models import Job
from chemsec.core.policy import AnyUser
from chemsec.screening.models import Screening
from chemsec.screening.services import BATCH_KIND


def screenings_visible_to(user: AnyUser) -> QuerySet[Screening]:
    """The screenings the user may open, each with `job_open`: whether they may also open
    its file job (restricted to the person who queued it and the organisation's admins).

    The one read behind the history list and the detail page, so the history links only
    what its reader may open: the job when `job_open`, else the screening itself.
    """
    jobs = Job.objects.visible_to(user).filter(pk=OuterRef("job_id"))
    screenings: QuerySet[Screening] = (
        Screening.objects.visible_to(user)
        .select_related("created_by")
        .annotate(job_open=Exists(jobs))
    )
    return screenings


def screening_jobs() -> QuerySet[Job]:
    """File screening jobs, for `policy.get_object`."""
    return Job.objects.filter(kind=BATCH_KIND)


@lru_cache(maxsize=1)
def _catalogue() -> tuple[dict[str, Any], ...]:
    from chemsec.screening.engine import catalogue

    return tuple(catalogue())


def list_summaries() -> list[dict[str, Any]]:
    return [
        {k: v for k, v in item.items() if k != "entries"} | {"count": len(item["entries"])}
        for item in _catalogue()
    ]


def catalogue_entries(
    query: str = "", list_code: str = "", language: str | None = None
) -> list[dict[str, Any]]:
    """Every list entry, filtered by list and by words in what the lists page shows of it
    (`SEARCHED_FIELDS`), and in its name in `language` (ar, es, fr, ru, zh) where ChemSec
    has one. A query that is one CAS number however written (`75445`, `75 44 5`,
    `75–44–5`, read as screening reads it: the check digit must hold) is searched
    as the hyphenated number."""
    from chemsec.screening.list_names import name_for

    cas = _query_cas(query)
    words = [cas] if cas is not None else query.lower().split()
    found = []
    for item in _catalogue():
        if list_code and item["list"].lower() != list_code.lower():
            continue
        for entry in item["entries"]:
            haystack = _searched_text(entry)
            name = name_for(entry["urn"], language)
            if name is not None:
                haystack = " ".join([haystack, name.title, *name.names]).lower()
            if all(word in haystack for word in words):
                found.append({"list": item["list"], **entry})
    return found


def _query_cas(query: str) -> str | None:
    """The CAS number a whole query stands for, by the engine's own reading, or None."""
    from chemsec.screening.engine.cas import (
        cas_from_digits,
        looks_like_cas,
        looks_like_cas_digits,
        normalise_cas,
    )

    text = query.strip()
    if looks_like_cas(text):
        return normalise_cas(text)
    if looks_like_cas_digits(text):
        return cas_from_digits(text)
    return None


# What a reader can see of an entry and so expects a search to find. Not the curators'
# `notes` (a hidden working column: a word in it would find an entry for no visible
# reason) nor bookkeeping such as the verification status or the structure's source.
SEARCHED_FIELDS = ("code", "urn", "title", "text", "names", "cas", "inchikey", "source")


def _searched_text(entry: dict[str, Any]) -> str:
    parts: list[str] = []
    for field in SEARCHED_FIELDS:
        value = entry.get(field)
        if isinstance(value, list):
            parts.extend(str(v) for v in value)
        elif value:
            parts.append(str(value))
    return " ".join(parts).lower()


def catalogue_entry(urn: str) -> dict[str, Any] | None:
    """One list entry by its URN (None when no list has it)."""
    for item in _catalogue():
        for entry in item["entries"]:
            if entry["urn"] == urn:
                return {"list": item["list"], **entry}
    return None
