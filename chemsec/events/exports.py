"""An event's participant list as CSV and XLSX for the secretariat and the host: the same
columns in both, headed in the reader's language, every cell made safe for spreadsheet
programs (chemsec.lib.spreadsheet, through the network's writers).

Personal data are minimised for the host: its contributors get the approved participants who
agreed to be on the participant list, and nothing of the others; the secretariat gets every
registration with its status.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chemsec.core.policy import AnyUser, can
from chemsec.events.choices import EventRoleKind, RegistrationStatus
from chemsec.events.models import Event, Registration
from chemsec.lib.worldmap import country_name


def header() -> list[str]:
    return [_("Name"), _("Organisation"), _("State"), _("Role"), _("Status"), _("Attendance")]


def registrations_for(event: Event, user: AnyUser) -> Iterable[Registration]:
    rows = event.registrations.select_related("participant", "nominated_by").order_by(
        "nominated_by__name", "participant__last_name", "participant__username"
    )
    if can(user, "event.change", event):
        return rows
    return rows.filter(status=RegistrationStatus.APPROVED, consent_listed=True)


def _attendance(attended: bool | None) -> str:
    if attended is None:
        return "—"
    return _("Present") if attended else _("Absent")


def rows(event: Event, registrations: Iterable[Registration]) -> list[list[Any]]:
    rapporteurs = set(
        event.roles.filter(role=EventRoleKind.RAPPORTEUR).values_list("person_id", flat=True)
    )
    language = get_language() or "en"
    result = []
    for r in registrations:
        person, org = r.participant, r.nominated_by
        result.append([
            person.get_full_name() or person.get_username(),
            org.name,
            country_name(org.country, language) if org.country else "",
            str(EventRoleKind.RAPPORTEUR.label if person.pk in rapporteurs else _("Participant")),
            str(RegistrationStatus(r.status).label),
            _attendance(r.attended),
        ])  # fmt: skip
    return result
