"""The incident demo: a theft reported to the authority's inbox, a disappearance whose clock
runs; safe to run twice."""

from __future__ import annotations

import pytest

from chemsec.core import demo as core_demo
from chemsec.facilities import demo as facilities_demo
from chemsec.incidents import demo
from chemsec.incidents.models import Incident

pytestmark = pytest.mark.django_db


def test_demo_reported_theft_and_running_clock():
    core_demo.populate()
    facilities_demo.populate()
    assert demo.populate()
    theft = Incident.objects.get(title=demo.THEFT)
    assert theft.report is not None and theft.report.authority.name == demo.AUTHORITY
    assert theft.report.kind == "theft" and theft.status == "open"
    assert theft.chemicals.get().cas == "7722-84-1"
    loss = Incident.objects.get(title=demo.LOSS)
    assert loss.clock() is not None and not loss.overdue and loss.report is None
    demo.populate()
    assert Incident.objects.count() == 2
