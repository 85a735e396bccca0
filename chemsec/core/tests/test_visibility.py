"""One permission path: `visible_to` decides for every persona and level."""

import pytest

from chemsec.core.choices import Confidentiality
from chemsec.core.models import Job
from chemsec.core.services import object_share
from chemsec.core.tests.factories import make_job


def _job(organisation, creator, level):
    return make_job(
        kind="core.audit_verify",
        organisation=organisation,
        created_by=creator,
        confidentiality=level,
    )


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        (Confidentiality.PUBLIC, {"alice", "bob", "charlie", "anonymous"}),
        (Confidentiality.NETWORK, {"alice", "bob", "charlie"}),
        (Confidentiality.ORGANISATION, {"alice", "bob"}),
        (Confidentiality.RESTRICTED, {"alice"}),
    ],
)
def test_it_shows_each_level_to_the_right_people(level, expected, alice, bob, charlie, meridian):
    from django.contrib.auth.models import AnonymousUser

    job = _job(meridian, alice, level)
    callers = {"alice": alice, "bob": bob, "charlie": charlie, "anonymous": AnonymousUser()}
    seen = {
        name
        for name, user in callers.items()
        if Job.objects.visible_to(user).filter(pk=job.pk).exists()
    }
    assert seen == expected


def test_it_hides_restricted_objects_from_colleagues_unless_named(alice, bob, meridian):
    job = _job(meridian, alice, Confidentiality.RESTRICTED)
    assert not Job.objects.visible_to(bob).filter(pk=job.pk).exists()
    object_share(obj=job, actor=alice, users=[bob])
    assert Job.objects.visible_to(bob).filter(pk=job.pk).exists()


def test_it_lets_a_shared_organisation_see_but_not_change(alice, charlie, meridian, northgate):
    job = _job(meridian, alice, Confidentiality.RESTRICTED)
    object_share(obj=job, actor=alice, organisations=[northgate])
    assert Job.objects.visible_to(charlie).filter(pk=job.pk).exists()
    assert not Job.objects.visible_to(charlie, "change").filter(pk=job.pk).exists()
    assert not Job.objects.visible_to(charlie, "share").filter(pk=job.pk).exists()


def test_it_gives_change_to_contributors_and_share_to_admins(make_user, alice, bob, meridian):
    from chemsec.core.choices import Role

    carol = make_user("carol", meridian, Role.CONTRIBUTOR)
    job = _job(meridian, alice, Confidentiality.ORGANISATION)
    assert Job.objects.visible_to(carol, "change").filter(pk=job.pk).exists()
    assert not Job.objects.visible_to(bob, "change").filter(pk=job.pk).exists()
    assert not Job.objects.visible_to(carol, "share").filter(pk=job.pk).exists()
    assert Job.objects.visible_to(alice, "share").filter(pk=job.pk).exists()


def test_it_returns_one_row_per_object_when_shared_twice(alice, bob, meridian, northgate):
    job = _job(meridian, alice, Confidentiality.RESTRICTED)
    object_share(obj=job, actor=alice, users=[bob], organisations=[meridian, northgate])
    assert Job.objects.visible_to(bob).filter(pk=job.pk).count() == 1


def test_it_sees_nothing_for_an_inactive_user(alice, meridian):
    job = _job(meridian, alice, Confidentiality.NETWORK)
    alice.is_active = False
    alice.save()
    assert not Job.objects.visible_to(alice).filter(pk=job.pk).exists()


def test_it_audits_every_share(alice, bob, meridian):
    from chemsec.core.models import AuditEntry

    job = _job(meridian, alice, Confidentiality.RESTRICTED)
    object_share(obj=job, actor=alice, users=[bob])
    entry = AuditEntry.objects.filter(action="share").get()
    assert entry.actor == alice and entry.object_id == str(job.pk)
    assert entry.changes == {"shared_with_users": [[], ["bob"]]}


@pytest.mark.django_db
def test_it_closes_the_directory_to_a_former_member(client, django_user_model):
    from chemsec.core.models import Organisation
    from chemsec.core.policy import SYSTEM
    from chemsec.core.services import organisation_create

    organisation_create(name="Somewhere", kind="facility_operator", country="FR", actor=SYSTEM)
    former = django_user_model.objects.create_user("former-member", password="pw-former-123")
    client.force_login(former)
    assert client.get("/organisations/").status_code == 403
    assert client.get("/api/v1/organisations").status_code == 403
    assert Organisation.objects.exists()
