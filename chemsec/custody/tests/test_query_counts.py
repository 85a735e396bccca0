"""The custody lists read a fixed number of queries, whatever the number of samples (the
API's chain head and pending handover come from subqueries, not a query per row)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from chemsec.custody import services

pytestmark = pytest.mark.django_db


def _add(alice, meridian, northgate, start, n):
    for i in range(start, start + n):
        sample = services.sample_register(actor=alice, organisation=meridian,
                                          identifier=f"S-{i}", description="x", taken_by="x",
                                          taken_place="x")  # fmt: skip
        services.handover_record(actor=alice, sample=sample, step="transported",
                                 to_organisation=northgate)  # fmt: skip


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/custody/", "/api/v1/custody/samples"])
def test_no_query_per_sample(alice, meridian, northgate, url):
    client = Client()
    client.force_login(alice)
    _add(alice, meridian, northgate, 0, 2)
    few = _count(client, url)
    _add(alice, meridian, northgate, 2, 8)
    assert _count(client, url) == few
