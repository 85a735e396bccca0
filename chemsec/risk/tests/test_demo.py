"""The risk demo: Riverside's register, its chlorine-store line on the protection demo's
diagram, once however often it runs. Its P_I, taken from the diagram in the whole demo
world, is checked with the roll-up's links, on one world (test_rollup_links.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from chemsec.core.choices import Role
from chemsec.risk import demo
from chemsec.risk.models import RiskAssessment

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
