"""The policy: one answer to who may do what, whoever asks (a page, the API, a service)."""

import pytest
from django.urls import reverse

from chemsec.core.choices import Confidentiality, JobStatus, Role
from chemsec.core.jobs import job_enqueue, job_retry
from chemsec.core.models import Job, Membership
from chemsec.core.policy import (
    SYSTEM,
    Denied,
    NotVisible,
    UnknownAction,
    can,
    get_object,
    require,
)
from chemsec.core.services import (
    membership_set,
    object_share,
    object_unshare,
    organisation_create,
    token_create,
    token_revoke,
)
from chemsec.core.tests.factories import make_job

pytestmark = pytest.mark.django_db


def _job(meridian, alice, confidentiality, status=JobStatus.FAILED):
    return make_job(
        kind="core.audit_verify",
        organisation=meridian,
        created_by=alice,
        confidentiality=confidentiality,
        status=status,
    )


@pytest.fixture
def team_job(alice, meridian):
    """A failed job every Meridian member sees; only contributors and up may retry it."""
    return _job(meridian, alice, Confidentiality.ORGANISATION)


@pytest.fixture
def sam(make_user, secretariat):
    return make_user("sam", secretariat, Role.ADMIN)


def test_it_answers_not_visible_denied_or_yes(alice, bob, charlie, team_job):
    require(alice, "job.retry", team_job)
    with pytest.raises(Denied):
        require(bob, "job.retry", team_job)  # sees it, a viewer may not change it
    with pytest.raises(NotVisible):
        require(charlie, "job.retry", team_job)  # another organisation's
    assert can(bob, "job.view", team_job) and not can(bob, "job.retry", team_job)


def test_it_maps_not_visible_to_404_and_denied_to_403():
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    assert issubclass(NotVisible, Http404) and issubclass(Denied, PermissionDenied)


def test_it_refuses_an_action_missing_from_the_table(alice, team_job):
    with pytest.raises(UnknownAction, match=r"job\.explode"):
        can(alice, "job.explode", team_job)


def test_it_judges_create_in_an_organisation_by_role(bob, charlie, meridian):
    require(bob, "job.create", meridian)
    with pytest.raises(Denied):
        require(charlie, "job.create", meridian)  # not a member: 403, the organisation is public


def test_it_gives_a_former_member_nothing(alice, meridian, team_job):
    Membership.objects.filter(user=alice).delete()
    assert not can(alice, "job.create", meridian)
    assert not can(alice, "membership.set", meridian)


def test_it_gives_an_inactive_user_nothing(alice, meridian, team_job):
    alice.is_active = False
    alice.save()
    with pytest.raises(NotVisible):
        require(alice, "job.view", team_job)
    assert not can(alice, "job.create", meridian)


def test_it_trusts_the_system_actor(meridian, team_job):
    assert can(SYSTEM, "organisation.create", None) and can(SYSTEM, "job.retry", team_job)


def test_it_keeps_the_secretariats_actions_to_the_secretariat(alice, sam):
    assert can(sam, "audit.verify", None) and can(sam, "organisation.create", None)
    assert not can(alice, "audit.verify", None) and not can(alice, "organisation.create", None)
    assert can(alice, "audit.view", None)


def test_it_fetches_one_object_for_pages_and_api(alice, bob, charlie, team_job):
    assert get_object(alice, "job.retry", Job.objects, pk=team_job.pk) == team_job
    with pytest.raises(Denied):
        get_object(bob, "job.retry", Job.objects, pk=team_job.pk)
    with pytest.raises(NotVisible):
        get_object(charlie, "job.view", Job.objects, pk=team_job.pk)
    with pytest.raises(NotVisible):
        get_object(alice, "job.view", Job.objects, kind="nothing")


# A service enforces the policy whatever its caller checked.


def test_a_service_refuses_a_viewer_whatever_the_caller_checked(bob, team_job):
    with pytest.raises(Denied):
        job_retry(job=team_job, actor=bob)
    with pytest.raises(Denied):
        object_share(obj=team_job, actor=bob, users=[bob])
    with pytest.raises(Denied):
        object_unshare(obj=team_job, actor=bob, users=[bob])


def test_a_service_refuses_an_outsider_as_if_the_object_were_not_there(charlie, team_job):
    with pytest.raises(NotVisible):
        job_retry(job=team_job, actor=charlie)
    with pytest.raises(NotVisible):
        object_share(obj=team_job, actor=charlie, users=[charlie])


def test_organisation_and_membership_services_check_their_actor(alice, bob, charlie, meridian, sam):
    with pytest.raises(Denied):
        organisation_create(name="Rogue", kind="other", actor=alice)
    assert organisation_create(name="New", kind="other", actor=sam).slug == "new"
    with pytest.raises(Denied):
        membership_set(user=charlie, organisation=meridian, role=Role.ADMIN, actor=bob)
    with pytest.raises(Denied):
        membership_set(user=charlie, organisation=meridian, role=Role.ADMIN, actor=charlie)
    membership_set(user=bob, organisation=meridian, role=Role.CONTRIBUTOR, actor=alice)
    assert bob.memberships.get().role == Role.CONTRIBUTOR


def test_a_job_is_queued_only_for_a_members_organisation(charlie, meridian):
    with pytest.raises(Denied):
        job_enqueue(kind="core.audit_verify", user=charlie, organisation=meridian)


def test_a_token_is_revoked_only_by_its_owner(alice, bob):
    token, _secret = token_create(user=alice, name="ci", scope="read")
    with pytest.raises(NotVisible):
        token_revoke(token=token, actor=bob)


# Pages and API give the same answer, from the same policy.


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 302), ("bob", 403), ("charlie", 404), ("anonymous", 302)]
)
def test_the_retry_page_answers_from_the_policy(personas, team_job, persona, status):
    response = personas[persona].post(reverse("job_retry", args=[team_job.pk]))
    assert response.status_code == status
    if persona == "anonymous":
        assert "/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("bob", 403), ("charlie", 404), ("anonymous", 401)]
)
def test_the_retry_endpoint_gives_the_same_answer(personas, team_job, persona, status):
    response = personas[persona].post(f"/api/v1/jobs/{team_job.pk}/retry")
    assert response.status_code == status
    if status in (403, 404):
        assert set(response.json()["error"]) == {"code", "message", "details"}


# The acting organisation: resolved once per request, from the session or the API header.


@pytest.fixture
def two_hats(make_user, meridian, northgate):
    """dora: a viewer at Meridian and an admin at Northgate."""
    dora = make_user("dora", meridian, Role.VIEWER)
    Membership.objects.create(user=dora, organisation=northgate, role=Role.ADMIN)
    return dora


def _bearer(user):
    _token, secret = token_create(user=user, name="t", scope="write")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _token_request(rf, user, **headers):
    from chemsec.core.api_auth import token_auth

    _token, secret = token_create(user=user, name="t", scope="write")
    request = rf.get("/api/v1/me", **headers)
    token_auth.authenticate(request, secret)
    return request


def test_a_token_acts_for_the_organisation_its_header_names(rf, two_hats, meridian, northgate):
    request = _token_request(rf, two_hats, HTTP_X_CHEMSEC_ORGANISATION="northgate")
    assert request.organisation == northgate and request.membership.role == Role.ADMIN
    assert _token_request(rf, two_hats).organisation == meridian  # else the first, by name


def test_the_api_refuses_an_organisation_the_caller_is_not_a_member_of(
    client, two_hats, secretariat
):
    response = client.get(
        "/api/v1/me", HTTP_X_CHEMSEC_ORGANISATION=secretariat.slug, **_bearer(two_hats)
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    response = client.get("/api/v1/me", HTTP_X_CHEMSEC_ORGANISATION="no-such-organisation")
    assert response.status_code == 401  # anonymous: authentication first


def test_the_acting_organisation_follows_the_header_then_the_default(
    rf, two_hats, meridian, northgate
):
    from django.contrib.sessions.backends.db import SessionStore

    from chemsec.core.policy import acting_organisation, set_acting_organisation

    request = rf.get("/")
    request.user = two_hats
    request.session = SessionStore()
    assert set_acting_organisation(request) == meridian  # the first, by name
    assert set_acting_organisation(request, slug="northgate") == northgate
    assert acting_organisation(request) == northgate and request.membership.role == Role.ADMIN
    request.session["organisation_id"] = str(northgate.pk)
    assert set_acting_organisation(request) == northgate  # the switcher's choice
    with pytest.raises(Denied):
        set_acting_organisation(request, slug="secretariat")
