"""Permission-scoped reads for screenings and the list catalogue."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from chemsec.core.models import Job, User
from chemsec.core.selectors import jobs_visible_to
from chemsec.screening.models import Screening


def screenings_visible_to(user: User | AnonymousUser) -> QuerySet[Screening]:
    return Screening.objects.visible_to(user).select_related("created_by", "job")


def screening_job_visible_to(user: User | AnonymousUser, job_id: Any) -> Job | None:
    return jobs_visible_to(user).filter(pk=job_id, kind="screening.batch").first()


@lru_cache(maxsize=1)
def _catalogue() -> tuple[dict[str, Any], ...]:
    from chemsec.screening.engine import catalogue

    return tuple(catalogue())


def list_summaries() -> list[dict[str, Any]]:
    return [
        {k: v for k, v in item.items() if k != "entries"} | {"count": len(item["entries"])}
        for item in _catalogue()
    ]


def catalogue_entries(query: str = "", list_code: str = "") -> list[dict[str, Any]]:
    """Every list entry, filtered by list and by words in its code, title, text, CAS or notes."""
    words = query.lower().split()
    found = []
    for item in _catalogue():
        if list_code and item["list"].lower() != list_code.lower():
            continue
        for entry in item["entries"]:
            haystack = " ".join(str(v) for v in entry.values() if v).lower()
            if all(word in haystack for word in words):
                found.append({"list": item["list"], **entry})
    return found
