"""Requests to host an event: submission, review, scheduling as an event, and ranking
against the requesting State's own needs assessment; the coverage planner."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chemsec.core.policy import Denied, NotVisible
from chemsec.events import planning, services
from chemsec.events.models import HostRequest
from chemsec.events.tests.conftest import TODAY, make_event, submit_assessment

pytestmark = pytest.mark.django_db


def _request(user, organisation, **values):
    defaults = {
        "topic": "transport_security", "stage": "transport", "region": organisation.region,
        "proposed_start": TODAY + dt.timedelta(days=90),
        "proposed_end": TODAY + dt.timedelta(days=92), "expected_participants": 25,
        "venue": "Capital", "support_asked": "Two trainers",
    }  # fmt: skip
    defaults.update(values)
    return services.host_request_submit(user=user, organisation=organisation, **defaults)


def test_review_then_an_accepted_request_becomes_an_event(authority, dana, reviewer, charlie):
    request = _request(dana, authority)
    assert request.status == "submitted"
    with pytest.raises(Denied):
        services.host_request_review(user=dana, request=request, status="accepted")
    with pytest.raises(NotVisible):
        services.host_request_review(user=charlie, request=request, status="under_review")
    with pytest.raises(ValidationError):  # not straight to accepted
        services.host_request_review(user=reviewer, request=request, status="accepted")
    services.host_request_review(user=reviewer, request=request, status="under_review")
    with pytest.raises(ValidationError):  # declining needs reasons
        services.host_request_review(user=reviewer, request=request, status="declined")
    services.host_request_review(user=reviewer, request=request, status="accepted")
    event = services.host_request_schedule(
        user=reviewer, request=request, title="Transport security workshop", capacity=25
    )
    request.refresh_from_db()
    assert request.status == "scheduled"
    assert (event.host, event.stage, event.region, event.starts_on, event.request) == (
        authority, "transport", "africa", request.proposed_start, request,
    )  # fmt: skip
    with pytest.raises(ValidationError):  # once
        services.host_request_schedule(user=reviewer, request=request, title="Again", capacity=2)


def test_who_may_request(authority, meridian, alice, dana, paul):
    with pytest.raises(Denied):  # an operator that is not a network member
        _request(alice, meridian, region="weog")
    with pytest.raises(Denied):  # a viewer of the authority
        _request(paul, authority)
    assert _request(dana, authority).organisation == authority


def test_requests_rank_by_the_states_own_gap(
    framework, authority, other_authority, dana, omar, make_user, meridian
):
    # Arcadia: transport security weak; Borduria: strong (4 of 4).
    submit_assessment(framework, authority, {"NC-08.1": "no", "NC-08.2": "1", "NC-08.3": "2"})
    submit_assessment(framework, other_authority, {"NC-08.1": "yes", "NC-08.2": "4"})
    strong = _request(omar, other_authority)
    weak = _request(dana, authority)
    from chemsec.core.choices import OrganisationKind
    from chemsec.core.models import Organisation

    third = Organisation.objects.create(
        name="Authority of Carpania", slug="carpania", kind=OrganisationKind.NATIONAL_AUTHORITY,
        region="weog",
    )  # fmt: skip
    from chemsec.core.choices import Role

    unknown = _request(make_user("cara", third, Role.ADMIN), third)
    ranked = planning.rank_requests(HostRequest.objects.all())
    assert [r.request for r in ranked] == [weak, strong, unknown]
    # NC-08 weights 3, 2, 2 (content file): (0*3 + 1*2 + 2*2) / 7 = 0.86 for Arcadia;
    # (4*3 + 4*2) / 5 = 4.0 for Borduria.
    assert [r.score for r in ranked] == [0.86, 4.0, None]
    assert ranked[0].section == "NC-08 Transport security"
    assert [r.reason for r in ranked] == ["gap", "gap", "no_assessment"]


def test_coverage_counts_events_requests_and_practices(authority, dana, reviewer):
    make_event(stage="transport", host=authority)
    make_event(stage="transport", region="weog")
    _request(dana, authority, stage="waste")
    old = TODAY.replace(year=TODAY.year - 5)
    make_event(stage="transport", host=authority, starts_on=old, ends_on=old)
    data = planning.coverage()
    rows = {row["stage"].value: row for row in data["rows"]}
    regions = [r.value for r in data["regions"]]
    africa, weog = regions.index("africa"), regions.index("weog")
    assert rows["transport"]["cells"][africa].events == 1  # the old one is not recent
    assert rows["transport"]["cells"][weog].events == 1
    cell = rows["waste"]["cells"][africa]
    assert (cell.events, cell.requests, planning.heat(cell)) == (0, 1, "heat-0")
