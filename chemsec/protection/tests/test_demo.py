"""The demo adds a diagram with alternatives and a chlorine worst case, once."""

import pytest

from chemsec.core.choices import Role
from chemsec.protection import demo
from chemsec.protection.evaluation import evaluate
from chemsec.protection.models import ConsequenceEstimate, ProtectionDiagram

pytestmark = pytest.mark.django_db


def test_it_populates_riverside_once(make_user, meridian):
    from chemsec.facilities.services import facility_create

    admin = make_user("meridian-admin", meridian, Role.ADMIN)
    facility_create(
        organisation=meridian, name=demo.PLANT, actor=admin, facility_type="manufacturing",
        country="XA",
    )  # fmt: skip
    lines = demo.populate()
    assert len(lines) == 2 and demo.populate() == []
    diagram = ProtectionDiagram.objects.get()
    # The gate detects less than the fenced line, so the most vulnerable path takes it.
    path = [step["element"] for step in evaluate(diagram.document).payload["most_vulnerable_path"]]
    assert path[0] == "Vehicle gate" and len(path) == 5
    estimate = ConsequenceEstimate.objects.get()
    assert estimate.result["dense_gas_model"]["applied"]
    assert estimate.result["distance_to_endpoint_m"] > 1000


def test_it_skips_without_the_demo_facility(db):
    assert "skipped" in demo.populate()[0]
