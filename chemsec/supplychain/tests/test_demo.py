"""The supply-chain demo: a distributor's records, a running clock, a report received."""

from __future__ import annotations

import pytest

from chemsec.core import demo as core_demo
from chemsec.supplychain import demo
from chemsec.supplychain.models import Case, Customer, Order, Report

pytestmark = pytest.mark.django_db


def test_the_demo_shows_every_step_and_is_safe_to_run_twice():
    core_demo.populate()
    demo.populate()
    counts = (Customer.objects.count(), Order.objects.count(), Case.objects.count())
    assert counts[0] == 5 and counts[1] == 9
    statuses = {case.customer.legal_name: case.status for case in Case.objects.all()}
    assert statuses == {"Harbour Coatings SA": "reported", "J. Smith": "suspicious",
                        "Delta Agro Trading": "new"}  # fmt: skip
    running = Case.objects.get(status="suspicious")
    assert running.clock() is not None and not running.overdue
    report = Report.objects.get()
    assert report.authority.name == demo.AUTHORITY
    assert report.status == "information_requested" and report.messages.count() == 2
    allowed = Order.objects.filter(customer__legal_name="Borealis Pool Services Ltd")
    assert set(allowed.values_list("decision", flat=True)) == {"allow"}
    demo.populate()
    assert (Customer.objects.count(), Order.objects.count(), Case.objects.count()) == counts
