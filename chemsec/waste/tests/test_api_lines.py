"""A consignment's lines through the API are refused when a field is misspelt or a quantity
is not a number, as the consignment's own fields are: a line is nested in the body, and a
nested schema that is not an `InSchema` dropped a misspelt field silently (a line's
"dot_id" meant the stream's DOT description on the manifest) and let NaN or infinity reach
the database and the exports."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from chemsec.waste.models import Consignment

pytestmark = pytest.mark.django_db


def _post(stream, alice, haulier, disposer, **line):
    client = Client(raise_request_exception=False)  # answers as a real server would
    client.force_login(alice)
    body = {
        "receiver": disposer.slug, "receiving_site": "Clearwater", "transporters": [haulier.slug],
        "expected_by": "2026-03-20",
        "lines": [{"description": "Spent solvent", "container_type": "DM", "quantity_kg": 50,
                   **line}],
    }  # fmt: skip
    url = f"/api/v1/facilities/{stream.facility_id}/waste/streams/{stream.pk}/consignments"
    # json.dumps writes NaN and Infinity as JavaScript does, as Python clients send them.
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("field", ["dot_id", "dot_number", "seals", "chemical"])
def test_a_misspelt_line_field_is_refused_naming_it(stream, alice, haulier, disposer, field):
    response = _post(stream, alice, haulier, disposer, **{field: "UN1993"})
    assert response.status_code == 422, response.content
    fields = [d["field"] for d in response.json()["error"]["details"]]
    assert fields == [f"body.payload.lines.0.{field}"]
    assert not Consignment.objects.exists()


@pytest.mark.parametrize("quantity", [float("nan"), float("inf"), float("-inf")])
def test_a_quantity_that_is_not_a_finite_number_is_refused(
    stream, alice, haulier, disposer, quantity
):
    response = _post(stream, alice, haulier, disposer, quantity_kg=quantity)
    assert response.status_code == 422, response.content
    assert not Consignment.objects.exists()


def test_a_well_formed_line_is_still_taken(stream, alice, haulier, disposer):
    description = "UN1993, Waste Flammable liquids, n.o.s., 3, PG II"
    response = _post(
        stream, alice, haulier, disposer, dot_id_number="UN1993", dot_description=description
    )
    assert response.status_code == 201, response.content
    assert response.json()["lines"][0]["dot_id_number"] == "UN1993"
