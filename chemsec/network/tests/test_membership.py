"""Membership: application, the secretariat's decision, periods kept as history, the public
directory with its filters, the map's counts and the coverage view."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from chemsec.core.policy import SYSTEM, Denied, NotVisible
from chemsec.network import selectors, services
from chemsec.network.choices import MemberStatus
from chemsec.network.models import MembershipPeriod, NetworkMember

pytestmark = pytest.mark.django_db


def _apply(user, organisation, **extra):
    values = {"stages": ["storage"], "topics": [], "focal_point_name": "F. Point"} | extra
    return services.member_apply(user=user, organisation=organisation, **values)


def test_an_admin_applies_and_the_secretariat_admits_with_a_period(alice, meridian, reviewer):
    member = _apply(alice, meridian, motivation="We store chlorine.")
    assert member.status == MemberStatus.APPLIED
    assert "meridian" not in [
        m.organisation.slug for m in selectors.directory(selectors.DirectoryFilters())
    ]
    mail.outbox.clear()
    services.member_decide(user=reviewer, member=member, approve=True, joined=dt.date(2026, 2, 1))
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE and member.decided_by == reviewer
    assert [(p.joined, p.left) for p in member.periods.all()] == [(dt.date(2026, 2, 1), None)]
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]  # the applicant's admins


def test_leaving_keeps_the_period_and_rejoining_opens_another(alice, meridian, admit, reviewer):
    member = admit(meridian, joined=dt.date(2025, 1, 1))
    services.member_leave(user=alice, member=member, left=dt.date(2025, 6, 30))
    member = _apply(alice, meridian)  # the same record, applying again
    services.member_decide(user=reviewer, member=member, approve=True, joined=dt.date(2026, 1, 1))
    periods = [(p.joined, p.left) for p in MembershipPeriod.objects.filter(member=member)]
    assert periods == [
        (dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
        (dt.date(2026, 1, 1), None),
    ]


def test_only_admins_apply_and_only_reviewers_decide(alice, bob, charlie, meridian):
    with pytest.raises(Denied):
        _apply(bob, meridian)  # a viewer of Meridian
    with pytest.raises(Denied):
        _apply(charlie, meridian)  # an admin elsewhere
    member = _apply(alice, meridian)
    with pytest.raises(NotVisible):  # an application is the applicant's and the secretariat's
        services.member_decide(user=charlie, member=member, approve=True)
    with pytest.raises(Denied):  # the applicant sees it but may not admit itself
        services.member_decide(user=alice, member=member, approve=True)


def test_a_decline_needs_a_reason_and_unknown_codes_are_refused(alice, meridian, reviewer):
    member = _apply(alice, meridian)
    with pytest.raises(ValidationError):
        services.member_decide(user=reviewer, member=member, approve=False)
    with pytest.raises(ValidationError):
        _apply(SYSTEM, meridian, stages=["synthesis"])
    services.member_decide(user=reviewer, member=member, approve=False, reason="Incomplete.")
    assert NetworkMember.objects.get(pk=member.pk).status == MemberStatus.DECLINED
    assert not member.periods.exists()


def test_the_directory_filters_and_counts_by_country(network, northgate, admit):
    admit(northgate, stages=("distribution",), topics=("inventory_control",))
    f = selectors.DirectoryFilters
    names = lambda filters: sorted(m.organisation.slug for m in selectors.directory(filters))  # noqa: E731
    assert names(f()) == ["arcadia", "meridian", "northgate"]
    assert names(f(kind="national_authority")) == ["arcadia"]
    assert names(f(stage="transport")) == ["arcadia"]
    assert names(f(topic="inventory_control")) == ["northgate"]
    assert names(f(q="merid")) == ["meridian"]
    assert names(f(country="ke")) == ["arcadia"]
    counts = selectors.country_counts(selectors.directory(f()))
    assert counts == {"KE": 1, "XA": 1, "XB": 1}


def test_coverage_counts_members_per_step_and_marks_gaps(network):
    coverage = selectors.coverage()
    by_kind = {stage: dict(zip([k for k, _ in coverage.kinds], counts, strict=True))
               for stage, _, counts in coverage.by_kind}  # fmt: skip
    assert by_kind["storage"]["facility_operator"] == 1
    assert by_kind["transport"]["national_authority"] == 1
    assert by_kind["waste"] == dict.fromkeys(by_kind["waste"], 0)
    by_region = {stage: counts for stage, _, counts in coverage.by_region}
    assert sum(by_region["transport"]) == 1  # Arcadia's authority, in the African Group
    total_cells = len(coverage.kinds) * 7 + len(coverage.regions) * 7
    assert (
        coverage.gaps == total_cells - 2 - 1
    )  # operator/storage, authority/transport, Africa/transport


def test_a_working_group_convenor_must_work_on_its_step(network, reviewer, charlie):
    with pytest.raises(ValidationError):
        services.working_group_save(user=reviewer, stage="storage", convenor=network["authority"])
    group = services.working_group_save(
        user=reviewer, stage="storage", convenor=network["meridian"]
    )
    assert group.convenor == network["meridian"]
    with pytest.raises(Denied):
        services.working_group_save(user=charlie, stage="storage")
    assert [m.organisation.slug for m in selectors.working_group_members("storage")] == ["meridian"]
