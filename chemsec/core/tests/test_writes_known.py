"""`write_create_many(..., known=..., new_keys=True)`: the batch does not ask the database
again whether the objects it was given exist, nor whether its new keys are taken; every
other check of `full_clean` stays, and the database's own constraints still refuse a key
that points nowhere or a duplicate, with nothing of the batch written."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from chemsec.core.choices import JobStatus, OrganisationKind, Role
from chemsec.core.models import AuditEntry, Job, Membership, Organisation
from chemsec.core.policy import SYSTEM
from chemsec.core.writes import write_create_many

pytestmark = pytest.mark.django_db


def _job(organisation, **fields):
    return Job(
        kind="core.audit_verify", organisation=organisation, status=JobStatus.FAILED, **fields
    )


def _existence_queries(queries) -> list[str]:
    """The SELECTs `full_clean` asks: "is there a row with this key?" (LIMIT 1)."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT 1 AS") and q["sql"].endswith("LIMIT 1")
    ]


def _trail(entries):
    return [(e.action, e.object_type, e.actor_name, e.changes) for e in entries]


def test_known_objects_and_new_keys_are_not_asked_again(alice, meridian):
    """A job (organisation, creator), a new organisation and a membership in it (its
    organisation written earlier in the same batch): the keys are not asked with the
    options, the uniqueness of values and the constraints still are; the same objects and
    the same audit entries."""

    def batch(n):
        organisation = Organisation(name=f"New {n}", slug=f"new-{n}", kind=OrganisationKind.OTHER)
        membership = Membership(user=alice, organisation=organisation, role=Role.VIEWER)
        return [_job(meridian, created_by=alice), organisation, membership]

    write_create_many([_job(meridian)], actor=alice)  # the chain's head exists from here on
    plain, spared = batch(1), batch(2)
    with CaptureQueriesContext(connection) as asked:
        write_create_many(plain, actor=alice)
    first = list(AuditEntry.objects.order_by("-sequence")[:3])[::-1]
    with CaptureQueriesContext(connection) as spared_queries:
        write_create_many(spared, actor=alice, known=[alice, meridian], new_keys=True)
    second = list(AuditEntry.objects.order_by("-sequence")[:3])[::-1]

    # Asked without the options: each key (the job's organisation, creator and id; the
    # organisation's id; the membership's person, organisation and id), the organisation's
    # unique name and slug, the one-membership constraint. With them: only the last three.
    assert len(_existence_queries(asked)) == 10
    still = _existence_queries(spared_queries)
    assert len(still) == 3, still
    assert '"name" = ' in still[0] and '"slug" = ' in still[1]
    assert '"core_membership"."organisation_id" = ' in still[2]
    assert len(spared_queries) == len(asked) - 7
    for entry, obj in zip(second, spared, strict=True):
        assert entry.object_id == str(obj.pk)
    # The same entries but for the objects' own names and ids.
    strip = {"organisation", "name", "slug"}
    assert [
        (a, k, n, {f: v for f, v in c.items() if f not in strip}) for a, k, n, c in _trail(first)
    ] == [
        (a, k, n, {f: v for f, v in c.items() if f not in strip}) for a, k, n, c in _trail(second)
    ]
    assert Job.objects.filter(pk=spared[0].pk, created_by=alice).exists()
    assert Membership.objects.filter(pk=spared[2].pk, organisation=spared[1]).exists()


def test_without_options_everything_is_asked_as_before(alice, meridian):
    job = _job(meridian, created_by=alice)
    with CaptureQueriesContext(connection) as asked:
        write_create_many([job], actor=alice, known=None)
    assert len(_existence_queries(asked)) == 3  # organisation, creator, the new key


def test_the_values_are_still_checked(alice, meridian):
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        write_create_many(
            [_job(meridian, confidentiality="everyone", progress=-1)],
            actor=alice,
            known=[alice, meridian],
            new_keys=True,
        )
    assert {"confidentiality", "progress"} <= set(refused.value.message_dict)
    assert AuditEntry.objects.count() == entries and not Job.objects.exists()


def test_a_key_that_is_not_known_is_still_asked(alice, bob, meridian):
    ghost = type(bob)(pk=bob.pk + 1000, username="ghost")  # no such person
    with pytest.raises(ValidationError) as refused:
        write_create_many(
            [_job(meridian, cancelled_by=ghost)], actor=alice, known=[alice, meridian]
        )
    assert set(refused.value.message_dict) == {"cancelled_by"}


def test_the_constraints_are_still_checked(alice, meridian):
    """alice is already a member: the one-membership constraint refuses a second, though
    both her and the organisation are known."""
    with pytest.raises(ValidationError, match="already exists"):
        write_create_many(
            [Membership(user=alice, organisation=meridian, role=Role.VIEWER)],
            actor=SYSTEM,
            known=[alice, meridian],
            new_keys=True,
        )


def test_a_known_object_deleted_meanwhile_is_refused_by_the_database(alice):
    gone = Organisation.objects.create(name="Gone", slug="gone", kind=OrganisationKind.OTHER)
    Organisation.objects.filter(pk=gone.pk).delete()  # by someone else, after it was read
    entries = AuditEntry.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        write_create_many([_job(gone)], actor=alice, known=[alice, gone], new_keys=True)
        connection.check_constraints()  # what the commit does with the deferred keys
    assert not Job.objects.exists() and AuditEntry.objects.count() == entries


def test_a_duplicate_key_is_refused_by_the_database(alice, meridian):
    first = write_create_many([_job(meridian)], actor=alice)[0]
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError):  # asked: the key is taken
        write_create_many([_job(meridian, id=first.pk)], actor=alice, known=[meridian])
    with pytest.raises(IntegrityError), transaction.atomic():  # not asked: the table refuses
        write_create_many(
            [_job(meridian, id=first.pk)], actor=alice, known=[meridian], new_keys=True
        )
    assert Job.objects.count() == 1 and AuditEntry.objects.count() == entries
