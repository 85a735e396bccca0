"""Property: whatever the capacity and the order of approvals and withdrawals, no more people
are approved than the capacity, no place stays free while someone waits, and the waiting
list is served in nomination order."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chemsec.core.choices import Role
from chemsec.core.policy import SYSTEM
from chemsec.events import services
from chemsec.events.tests.conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user, authority):
    return [make_user(f"p{i}", authority, Role.VIEWER) for i in range(5)]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    capacity=st.integers(min_value=1, max_value=3),
    withdrawals=st.lists(st.integers(min_value=0, max_value=4), max_size=4, unique=True),
)
def test_capacity_and_order_hold(authority, people, capacity, withdrawals):
    event = make_event(capacity=capacity)
    registrations = []
    for person in people:
        nominated = services.participant_nominate(
            user=SYSTEM, event=event, organisation=authority, participant=person
        )
        registrations.append(
            services.registration_decide(user=SYSTEM, registration=nominated, approve=True)
        )
    for index in withdrawals:
        services.registration_withdraw(user=SYSTEM, registration=registrations[index])
        rows = list(event.registrations.order_by("created_at"))
        approved = [r for r in rows if r.status == "approved"]
        waiting = [r for r in rows if r.status == "waitlisted"]
        assert len(approved) <= capacity
        assert not waiting or len(approved) == capacity
    remaining = [r for r in event.registrations.order_by("created_at") if r.status != "withdrawn"]
    # The first `capacity` of those still in, in nomination order, are the approved ones.
    assert [r.status for r in remaining] == ["approved"] * min(capacity, len(remaining)) + [
        "waitlisted"
    ] * max(0, len(remaining) - capacity)
