"""The risk app in the demo world (built once for the module, chemsec/core/tests/demo_world.py):
every link on the national roll-up leads somewhere its reader may go, and the register's
chlorine-store line takes its P_I from the protection demo's diagram.

Found by crawling the demo: the roll-up listed the authority's restricted national threat
to a colleague without a share, whose link then answered 404 (fixed when the roll-up came
to show only what its reader may see); this crawl keeps every link honest."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from chemsec.core.models import Membership
from chemsec.core.tests.demo_world import demo_world  # noqa: F401 (fixture)
from chemsec.protection import demo as protection_demo
from chemsec.protection.evaluation import evaluate
from chemsec.protection.models import ProtectionDiagram
from chemsec.risk.models import Measure, RiskEntry

pytestmark = pytest.mark.django_db


def test_every_link_on_the_demo_roll_up_answers(demo_world):  # noqa: F811
    members = Membership.objects.select_related("user", "organisation")
    checked = 0
    for membership in members:
        client = Client()
        client.force_login(membership.user)
        session = client.session
        session["organisation_id"] = str(membership.organisation_id)  # the switcher's choice
        session.save()
        page = client.get(reverse("risk:rollup"))
        assert page.status_code == 200
        links = set(re.findall(r'href="(/[^"#]*)', page.content.decode()))
        for link in sorted(links):
            if link.startswith(("/static/", "/api/v1/docs")):
                continue
            answer = client.get(link)
            assert answer.status_code in (200, 302), (membership.user.username, link, answer)
            checked += 1
    assert checked


def test_the_demo_register_takes_p_i_from_the_diagram(demo_world):  # noqa: F811
    entry = RiskEntry.objects.get(scenario__name=protection_demo.SCENARIO)
    diagram = ProtectionDiagram.objects.get(name=protection_demo.DIAGRAM_NAME)
    assert entry.protection_diagram == diagram
    expected = evaluate(diagram.document).payload["p_interruption"]
    assert entry.p_interruption == pytest.approx(expected)
    measure = Measure.objects.get(entry=entry, title=protection_demo.MEASURE)
    assert measure.protection_changes == protection_demo.CCTV_CHANGES
