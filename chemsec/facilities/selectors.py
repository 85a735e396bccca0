"""Permission-scoped reads for facilities."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from chemsec.core.models import User
from chemsec.facilities.models import Facility


def facilities_visible_to(user: User | AnonymousUser) -> QuerySet[Facility]:
    return Facility.objects.visible_to(user).select_related("organisation")
