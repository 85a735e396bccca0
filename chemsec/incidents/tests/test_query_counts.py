"""The incident log and its API list read a fixed number of queries, whatever the number of
incidents (no query per row: the clock is computed from the row itself)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from chemsec.incidents import services

pytestmark = pytest.mark.django_db


def _add(alice, meridian, plant, n):
    for i in range(n):
        incident = services.incident_record(actor=alice, organisation=meridian, facility=plant,
                                            kind="theft", title=f"Drum {i}")  # fmt: skip
        services.chemical_add(actor=alice, incident=incident, name="Nitric acid",
                              cas="7697-37-2", quantity=Decimal(1))  # fmt: skip


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/incidents/", "/api/v1/incidents"])
def test_no_query_per_incident(alice, meridian, plant, url):
    client = Client()
    client.force_login(alice)
    _add(alice, meridian, plant, 2)
    few = _count(client, url)
    _add(alice, meridian, plant, 8)
    assert _count(client, url) == few
