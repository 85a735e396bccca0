"""The participant list as CSV and XLSX: read back with the csv module and openpyxl, headed
in the reader's language, safe against formula injection, everything for the secretariat and
only the listed, approved participants for the host; audited."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from chemsec.core.choices import Role
from chemsec.core.models import AuditEntry
from chemsec.events import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrations(events, authority, dana, paul, reviewer, make_user):
    event = events["restricted"]  # hosted by Arcadia, capacity 1
    paul.first_name, paul.last_name = '=HYPERLINK("http://x")', "Doe"
    paul.save()
    listed = services.participant_nominate(
        user=dana, event=event, organisation=authority, participant=paul, consent_listed=True
    )
    services.registration_decide(user=reviewer, registration=listed, approve=True)
    pia = make_user("pia", authority, Role.VIEWER)
    services.participant_nominate(user=dana, event=event, organisation=authority, participant=pia)
    return event


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_secretariat_gets_every_registration_with_safe_cells(client, registrations, reviewer):
    client.force_login(reviewer)
    url = reverse("events:participants_export", args=[registrations.pk, "csv"])
    rows = _csv(client.get(url))
    assert rows[0] == ["Name", "Organisation", "State", "Role", "Status", "Attendance"]
    by_status = {row[4]: row for row in rows[1:]}
    assert set(by_status) == {"Approved", "Nominated"}
    assert by_status["Approved"][0].startswith("'=")  # never read as a formula
    assert by_status["Approved"][1:3] == ["National Authority of Arcadia", "Kenya"]
    assert AuditEntry.objects.filter(action="export", object_id=str(registrations.pk)).exists()


def test_the_host_gets_only_listed_approved_participants_in_xlsx(client, registrations, dana):
    client.force_login(dana)
    response = client.get(reverse("events:participants_export", args=[registrations.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == 2 and values[1][4] == "Approved" and values[1][3] == "Participant"


def test_headers_are_in_the_readers_language(registrations, reviewer):
    from chemsec.events import exports

    with translation.override("fr"):
        header = exports.header()
    with translation.override("en"):
        assert header != exports.header()


def test_others_may_not_export(client, events, registrations, paul, omar):
    client.force_login(paul)  # a viewer of the host: not a contributor
    url = reverse("events:participants_export", args=[registrations.pk, "csv"])
    assert client.get(url).status_code == 403
    client.force_login(omar)
    assert client.get(url).status_code == 404
    url = reverse("events:participants_export", args=[events["public"].pk, "csv"])
    assert client.get(url).status_code == 403
