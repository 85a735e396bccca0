"""The acting user's memberships are read once per request: `set_acting_organisation`
keeps them on the request's user object, the policy's rules read them from there, and a
membership or organisation written since is seen at once. A user object that did not come
through a request keeps nothing (services, jobs, commands ask the database each time)."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chemsec.core.choices import OrganisationKind, Role
from chemsec.core.models import Membership, Organisation, User
from chemsec.core.policy import can, kept_memberships, set_acting_organisation
from chemsec.core.services import membership_set

pytestmark = pytest.mark.django_db

# Rules that read memberships (member, secretariat, admin_anywhere, member_anywhere), with
# the target each is asked about: an organisation, or None.
ACTIONS = [
    ("job.create", "org"),
    ("customer.create", "org"),
    ("organisation.members", "org"),
    ("membership.set", "org"),
    ("organisation.directory", None),
    ("audit.view", None),
    ("audit.verify", None),
    ("campaign.run", None),
    ("supplychain.inbox", "org"),
]


def _request(rf, user):
    request = rf.get("/")
    request.user = User.objects.get(pk=user.pk)  # a fresh object, as each request loads
    request.session = SessionStore()
    set_acting_organisation(request)
    return request


def _membership_reads(queries) -> int:
    return sum('"core_membership"' in q["sql"] for q in queries.captured_queries)


def test_a_request_reads_the_memberships_once_for_all_its_checks(rf, alice, meridian, northgate):
    with CaptureQueriesContext(connection) as queries:
        request = _request(rf, alice)
        for action, target in ACTIONS:
            can(request.user, action, meridian if target else None)
            can(request.user, action, northgate if target else None)
    assert _membership_reads(queries) == 1  # set_acting_organisation's own read


def test_the_kept_memberships_answer_as_the_database_does(
    rf, make_user, meridian, northgate, secretariat
):
    """Every role in every kind of organisation, one or two memberships: each rule gives the
    same answer from the kept memberships as from the database."""
    organisations = [meridian, northgate, secretariat]
    roles = [None, *Role.values]
    for n, (first, second) in enumerate(itertools.product(roles, [None, Role.ADMIN])):
        user = make_user(f"person{n}")
        for organisation, role in ((meridian, first), (secretariat, second)):
            if role is not None:
                Membership.objects.create(user=user, organisation=organisation, role=role)
        request = _request(rf, user)
        assert kept_memberships(request.user) is not None
        fresh = User.objects.get(pk=user.pk)  # nothing kept: the database answers
        for action, target in ACTIONS:
            for organisation in organisations:
                on = organisation if target else None
                assert can(request.user, action, on) == can(fresh, action, on), (
                    first, second, action, organisation.slug,
                )  # fmt: skip


def test_a_membership_written_during_the_request_is_seen_at_once(rf, alice, bob, meridian):
    request = _request(rf, bob)  # a viewer
    assert not can(request.user, "customer.create", meridian)
    membership_set(user=bob, organisation=meridian, role=Role.CONTRIBUTOR, actor=alice)
    assert can(request.user, "customer.create", meridian)
    Membership.objects.filter(user=bob).delete()
    assert not can(request.user, "job.create", meridian)
    assert not can(request.user, "organisation.directory", None)


def test_an_organisation_changing_kind_during_the_request_is_seen_at_once(rf, make_user):
    authority = Organisation.objects.create(
        name="Ministry", slug="ministry", kind=OrganisationKind.NATIONAL_AUTHORITY
    )
    request = _request(rf, make_user("nina", authority, Role.VIEWER))
    assert can(request.user, "supplychain.inbox", authority)
    authority.kind = OrganisationKind.DISTRIBUTOR
    authority.save()
    assert not can(request.user, "supplychain.inbox", authority)


def test_a_user_object_outside_a_request_keeps_nothing(bob, meridian):
    assert kept_memberships(bob) is None
    assert can(bob, "job.create", meridian)
    # A change no signal announces (a bulk update) is still seen: nothing was kept.
    Membership.objects.filter(user=bob).update(organisation=Organisation.objects.create(
        name="Elsewhere", slug="elsewhere", kind=OrganisationKind.DISTRIBUTOR))  # fmt: skip
    assert not can(bob, "job.create", meridian)
