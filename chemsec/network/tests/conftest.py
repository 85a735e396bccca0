"""Fixtures of the network tests: a secretariat reviewer, a national authority, member
organisations admitted through the services, and a committee with one meeting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from chemsec.core.choices import OrganisationKind, Role
from chemsec.core.policy import SYSTEM


@pytest.fixture
def reviewer(make_user, secretariat):
    return make_user("rita", secretariat, Role.REVIEWER)


@pytest.fixture
def authority(db):
    from chemsec.core.models import Organisation

    return Organisation.objects.create(
        name="National Authority of Arcadia",
        slug="arcadia",
        kind=OrganisationKind.NATIONAL_AUTHORITY,
        country="KE",
        region="africa",
    )


@pytest.fixture
def dana(make_user, authority):
    """An admin of the national authority (a government member)."""
    return make_user("dana", authority, Role.ADMIN)


@pytest.fixture
def admit():
    """Admit an organisation through the services (apply, then the secretariat decides)."""
    from chemsec.network import services

    def make(organisation, stages=("storage",), topics=("physical_protection",), joined=None):
        member = services.member_apply(
            user=SYSTEM,
            organisation=organisation,
            stages=list(stages),
            topics=list(topics),
            focal_point_name="Focal Point",
        )
        return services.member_decide(
            user=SYSTEM, member=member, approve=True, joined=joined or dt.date(2026, 1, 15)
        )

    return make


@pytest.fixture
def network(admit, meridian, authority, alice, dana):
    """Meridian (an operator) and Arcadia's authority are members; Northgate is not."""
    return {"meridian": admit(meridian), "authority": admit(authority, stages=("transport",))}


@pytest.fixture
def committee(network, meridian, authority):
    """A committee with one meeting that both members attended: a network item, a State-only
    item, a decision and an action of each sensitivity."""
    from chemsec.network import services
    from chemsec.network.choices import Sensitivity

    body = services.committee_create(user=SYSTEM, name="Coordinating Committee", slug="ccc")
    start = timezone.make_aware(dt.datetime(2026, 3, 10, 9, 0))
    meeting = services.meeting_schedule(
        user=SYSTEM,
        committee=body,
        title="First meeting",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        place="Geneva",
        attendees=[meridian, authority],
    )
    services.agenda_item_add(user=SYSTEM, meeting=meeting, title="Work programme")
    services.agenda_item_add(
        user=SYSTEM,
        meeting=meeting,
        title="ZZSTATE theft reports",
        sensitivity=Sensitivity.STATE_ONLY,
    )
    services.decision_record(user=SYSTEM, meeting=meeting, text="Adopt the work programme.")
    services.decision_record(
        user=SYSTEM, meeting=meeting, text="ZZSTATE exchange", sensitivity=Sensitivity.STATE_ONLY
    )
    services.action_assign(
        user=SYSTEM, meeting=meeting, organisation=meridian, text="Survey members",
        due=dt.date(2026, 4, 1),
    )  # fmt: skip
    services.action_assign(
        user=SYSTEM, meeting=meeting, organisation=authority, text="ZZSTATE figures",
        due=dt.date(2026, 4, 1), sensitivity=Sensitivity.STATE_ONLY,
    )  # fmt: skip
    return {"committee": body, "meeting": meeting}
