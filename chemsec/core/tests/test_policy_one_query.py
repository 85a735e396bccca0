"""`require` and `can` answer "sees it" and "may do it" to one owned object in one query when
the rule is `object_may(action)` with the usual `sees` (`object_sees_and_may`): the same
answers as the two queries they replaced (the "view" rule, then the action's), for every
role in every kind of organisation, every confidentiality level, creator and share."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chemsec.core.choices import Confidentiality, JobStatus, Role
from chemsec.core.models import Job, Membership, Organisation, User
from chemsec.core.policy import (
    RULES,
    SYSTEM,
    Denied,
    NotVisible,
    ObjectMay,
    can,
    require,
    sees,
    set_acting_organisation,
)
from chemsec.core.querysets import OwnedQuerySet
from chemsec.core.tests.factories import make_job
from chemsec.core.writes import write_share

pytestmark = pytest.mark.django_db

# The actions on a job answered by the one-query path: its rule is `object_may(...)` with
# the usual `sees`. One action per queryset rule (view, change, delete, share): job.retry
# is `object_may("change")` as job.change is, and so on.
ONE_QUERY = {
    action: rule.allows.action
    for action, rule in RULES.items()
    if action.startswith("job.") and isinstance(rule.allows, ObjectMay) and rule.sees is sees
}
ONE_QUERY_ACTIONS = sorted({rule: action for action, rule in sorted(ONE_QUERY.items())}.values())


def two_queries(user: Any, target: Job) -> dict[str, str]:
    """The answers as `require` gave them before, to each action: the "view" rule asked,
    then the action's. The "view" answer is the same for every action (nothing is written
    between the questions): it is asked once per user and object, not once per action."""
    if user.is_authenticated and not user.is_active:
        return dict.fromkeys(ONE_QUERY_ACTIONS, "not visible")
    if not ObjectMay("view")(user, target):
        return dict.fromkeys(ONE_QUERY_ACTIONS, "not visible")
    return {
        action: "yes" if RULES[action].allows(user, target) else "denied"
        for action in ONE_QUERY_ACTIONS
    }


def answer(user: Any, action: str, target: Job) -> str:
    try:
        require(user, action, target)
    except NotVisible:
        return "not visible"
    except Denied:
        return "denied"
    return "yes"


def _kept(rf: Any, user: User) -> User:
    """The user as a request sees it: memberships kept by `set_acting_organisation`."""
    request = rf.get("/")
    request.user = User.objects.get(pk=user.pk)
    request.session = SessionStore()
    set_acting_organisation(request)
    kept: User = request.user
    return kept


@pytest.fixture
def people(make_user, meridian, northgate, secretariat) -> dict[str, Any]:
    """Each role in the owner (Meridian), another organisation's, the secretariat's, a
    person with two memberships, a former member, an inactive admin, a visitor."""
    found: dict[str, Any] = {}
    for role in Role.values:
        found[f"meridian-{role}"] = make_user(f"m-{role}", meridian, role)
    found["northgate-admin"] = make_user("n-admin", northgate, Role.ADMIN)
    found["northgate-viewer"] = make_user("n-viewer", northgate, Role.VIEWER)
    found["secretariat-admin"] = make_user("s-admin", secretariat, Role.ADMIN)
    two_hats = make_user("two-hats", meridian, Role.VIEWER)
    Membership.objects.create(user=two_hats, organisation=northgate, role=Role.ADMIN)
    found["two-hats"] = two_hats
    found["former"] = make_user("former")
    inactive = make_user("inactive", meridian, Role.ADMIN)
    inactive.is_active = False
    inactive.save()
    found["inactive"] = inactive
    found["anonymous"] = AnonymousUser()
    return found


@pytest.fixture
def callers(rf: Any, people: dict[str, Any]) -> dict[str, list[Any]]:
    """Each person as a service sees them (nothing kept) and as a request does (memberships
    kept; no membership is written during the test, so they stay kept)."""
    return {
        name: [person] if name in ("anonymous", "inactive") else [person, _kept(rf, person)]
        for name, person in people.items()
    }


PEOPLE = [
    *(f"meridian-{role}" for role in Role.values),
    "northgate-admin",
    "northgate-viewer",
    "secretariat-admin",
    "two-hats",
    "former",
    "inactive",
]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    confidentiality=st.sampled_from(Confidentiality.values),
    creator=st.sampled_from([None, *PEOPLE]),
    shared_users=st.sets(st.sampled_from(PEOPLE), max_size=3),
    shared_organisations=st.sets(st.sampled_from(["meridian", "northgate", "secretariat"])),
)
def test_one_query_answers_as_the_two_did(
    people,
    callers,
    meridian,
    northgate,
    secretariat,
    confidentiality,
    creator,
    shared_users,
    shared_organisations,
):
    organisations = {"meridian": meridian, "northgate": northgate, "secretariat": secretariat}
    with transaction.atomic():
        job = make_job(
            kind="core.audit_verify",
            organisation=meridian,
            created_by=people[creator] if creator else None,
            confidentiality=confidentiality,
            status=JobStatus.FAILED,
        )
        write_share(
            job,
            actor=SYSTEM,
            users=[people[name] for name in shared_users],
            organisations=[organisations[name] for name in shared_organisations],
        )
        for name, users in callers.items():
            for user in users:
                expected = two_queries(user, job)
                for action in ONE_QUERY_ACTIONS:
                    assert answer(user, action, job) == expected[action], (name, action)
                    assert can(user, action, job) == (expected[action] == "yes"), (name, action)
        transaction.set_rollback(True)


def test_the_actions_covered_are_every_queryset_rule():
    assert set(ONE_QUERY.values()) == {"view", "change", "delete", "share"}
    assert {"job.view", "job.retry", "job.share"} <= set(ONE_QUERY)
    assert len(ONE_QUERY_ACTIONS) == 4


def test_a_check_on_one_object_is_one_query(rf, alice, bob, charlie, meridian):
    job = make_job(
        kind="core.audit_verify",
        organisation=meridian,
        created_by=alice,
        confidentiality=Confidentiality.ORGANISATION,
        status=JobStatus.FAILED,
    )
    expected = {"alice": "yes", "bob": "denied", "charlie": "not visible"}
    for person in (alice, bob, charlie):
        user = _kept(rf, person)
        with CaptureQueriesContext(connection) as queries:
            assert answer(user, "job.retry", job) == expected[person.username]
        assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]


def test_an_object_gone_from_the_database_is_not_visible(alice, meridian):
    job = make_job(kind="core.audit_verify", organisation=meridian, status=JobStatus.FAILED)
    Job.objects.filter(pk=job.pk).delete()
    assert answer(alice, "job.retry", job) == "not visible"


def test_a_visitor_sees_a_public_object_but_may_not_change_it(meridian):
    job = make_job(
        kind="core.audit_verify",
        organisation=meridian,
        confidentiality=Confidentiality.PUBLIC,
        status=JobStatus.FAILED,
    )
    assert answer(AnonymousUser(), "job.retry", job) == "denied"
    assert answer(AnonymousUser(), "job.view", job) == "yes"
    other = Organisation.objects.create(name="Other", slug="other", kind=meridian.kind)
    hidden = make_job(kind="core.audit_verify", organisation=other, status=JobStatus.FAILED)
    assert answer(AnonymousUser(), "job.retry", hidden) == "not visible"


def test_a_model_with_a_visibility_rule_of_its_own_is_asked_by_it(alice, meridian, monkeypatch):
    """A queryset that overrides `visible_to` (reports, custody samples) keeps its rule: the
    one-query path, built from the shared rule, is not used for it."""
    job = make_job(
        kind="core.audit_verify",
        organisation=meridian,
        created_by=alice,
        confidentiality=Confidentiality.ORGANISATION,
        status=JobStatus.FAILED,
    )
    assert answer(alice, "job.retry", job) == "yes"

    class Hidden(OwnedQuerySet):
        def visible_to(self, user, action="view"):
            return self.none()

    monkeypatch.setattr(Job._default_manager, "_queryset_class", Hidden)
    assert answer(alice, "job.retry", job) == "not visible"
