"""The batch path's policy check (order_batch.require_each) against `policy.require` asked
customer by customer: the same answer (allowed, NotVisible or Denied) for every person and
customer, a person who may not see, one who sees but may not record, another supplier's
admin, a deactivated person and the system; and one query for the allowed ones."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chemsec.core.policy import SYSTEM, Denied, NotVisible, require
from chemsec.supplychain.order_batch import require_each
from chemsec.supplychain.services import customer_create

pytestmark = pytest.mark.django_db


def outcome(check, *args) -> str:
    try:
        check(*args)
    except NotVisible:
        return "not visible"
    except Denied:
        return "denied"
    return "allowed"


@pytest.fixture
def customers(alice, clerk, charlie, meridian, northgate, company, public_buyer):
    mine = customer_create(actor=clerk, organisation=meridian, legal_name="Clerk's Own Ltd",
                           country="XA", customer_type="professional")  # fmt: skip
    # Seen by the supplier's viewer, who may not record its orders.
    shared = customer_create(actor=alice, organisation=meridian, legal_name="Open Ltd",
                             country="XA", customer_type="professional",
                             confidentiality="organisation")  # fmt: skip
    theirs = customer_create(actor=charlie, organisation=northgate, legal_name="North Ltd",
                             country="XB", customer_type="professional")  # fmt: skip
    return [company, public_buyer, mine, shared, theirs]


def test_the_same_answers_as_require_customer_by_customer(
    customers, alice, bob, clerk, charlie, make_user, meridian
):
    from chemsec.core.choices import Role

    gone = make_user("gone", meridian, Role.ADMIN)
    gone.is_active = False
    seen = set()
    for actor in (alice, bob, clerk, charlie, gone, SYSTEM):
        for customer in customers:
            expected = outcome(require, actor, "order.create", customer)
            assert outcome(require_each, actor, "order.create", [customer]) == expected
            seen.add(expected)
        # Several at once: what require says of the first it refuses, else allowed.
        answers = [outcome(require, actor, "order.create", c) for c in customers]
        first = next((answer for answer in answers if answer != "allowed"), "allowed")
        assert outcome(require_each, actor, "order.create", customers) == first
    assert seen == {"allowed", "not visible", "denied"}  # every answer was exercised


def test_one_query_for_the_customers_it_allows(customers, alice):
    allowed = customers[:4]  # the supplier's own
    with CaptureQueriesContext(connection) as queries:
        require_each(alice, "order.create", allowed)
    assert len(queries) == 1
    with pytest.raises(NotVisible):
        require_each(alice, "order.create", customers)
