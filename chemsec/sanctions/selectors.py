"""Reads for pages and API: only what the user may see, in the acting organisation."""

from __future__ import annotations

from django.db.models import QuerySet

from chemsec.core.models import Organisation
from chemsec.core.policy import AnyUser
from chemsec.sanctions.models import ListVersion, Screening


def versions(user: AnyUser, organisation: Organisation | None) -> QuerySet[ListVersion]:
    found: QuerySet[ListVersion] = ListVersion.objects.visible_to(user).filter(
        organisation=organisation
    )
    return found.order_by("-created_at")


def screenings(user: AnyUser, organisation: Organisation | None) -> QuerySet[Screening]:
    found: QuerySet[Screening] = Screening.objects.visible_to(user).filter(
        organisation=organisation
    )
    return found.order_by("-created_at")
