"""The risk demo: Riverside's register, its chlorine-store line on the protection demo's
diagram, once however often it runs."""

import pytest
from django.test import Client
from django.urls import reverse

from chemsec.core.choices import Role
from chemsec.protection import demo as protection_demo
from chemsec.protection.evaluation import evaluate
from chemsec.protection.models import ProtectionDiagram
from chemsec.risk import demo
from chemsec.risk.models import Measure, RiskAssessment, RiskEntry

pytestmark = pytest.mark.django_db


def test_it_populates_the_register_once(make_user, meridian, authority):
    from chemsec.facilities import demo as facilities_demo

    admin = make_user("meridian-admin", meridian, Role.ADMIN)
    analyst = make_user("arcadia-admin", authority, Role.ADMIN)
    facilities_demo.populate()
    assert demo.populate() and demo.populate() == []
    assessment = RiskAssessment.objects.get(facility__name=demo.PLANT)
    assert assessment.entries.count() == 3
    client = Client()
    client.force_login(admin)
    page = client.get(reverse("risk:register", args=[assessment.facility_id, assessment.pk]))
    text = page.content.decode()
    assert "Intrusion detection and locked cages" in text and "RBPS 2" in text
    assert "key-and-lock-control" in text
    client.force_login(analyst)
    rollup_page = client.get(reverse("risk:rollup")).content.decode()
    assert "Meridian Riverside Plant" in rollup_page
    assert "Sabotage of the chlorine store" in rollup_page


def test_it_skips_without_the_demo_facility(db):
    assert "skipped" in demo.populate()[0]


def test_the_demo_register_takes_p_i_from_the_diagram(db):
    from chemsec.demo import demo_create

    demo_create()
    entry = RiskEntry.objects.get(scenario__name=protection_demo.SCENARIO)
    diagram = ProtectionDiagram.objects.get(name=protection_demo.DIAGRAM_NAME)
    assert entry.protection_diagram == diagram
    expected = evaluate(diagram.document).payload["p_interruption"]
    assert entry.p_interruption == pytest.approx(expected)
    measure = Measure.objects.get(entry=entry, title=protection_demo.MEASURE)
    assert measure.protection_changes == protection_demo.CCTV_CHANGES
