"""Reads of incidents: lists through `visible_to`, one object through `policy.get_object`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from chemsec.core.choices import OrganisationKind
from chemsec.core.models import Organisation, User
from chemsec.facilities.models import Facility
from chemsec.incidents.models import Incident


def incidents(user: Any, organisation: Organisation | None = None) -> QuerySet[Incident]:
    """Incidents the user may see, of the acting organisation when given."""
    found = Incident.objects.visible_to(user).select_related("organisation", "facility")
    if organisation is not None:
        found = found.filter(organisation=organisation)
    return found.order_by("-detected_at")


def incident_joined() -> QuerySet[Incident]:
    return Incident.objects.select_related("organisation", "facility", "report")


def facilities(user: Any, organisation: Organisation | None) -> QuerySet[Facility]:
    if organisation is None:
        return Facility.objects.none()
    return Facility.objects.visible_to(user).filter(organisation=organisation).order_by("name")


def authorities() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.NATIONAL_AUTHORITY).order_by("name")


def people(organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(memberships__organisation=organisation).order_by("username")
