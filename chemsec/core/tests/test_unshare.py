"""Revoking named shares is one core service for every owned object."""

import pytest

from chemsec.core.choices import Confidentiality
from chemsec.core.forms import ShareRevokeForm
from chemsec.core.models import AuditEntry, Job
from chemsec.core.services import object_share, object_unshare
from chemsec.core.tests.factories import make_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(alice, meridian):
    return make_job(
        kind="core.audit_verify",
        organisation=meridian,
        created_by=alice,
        confidentiality=Confidentiality.RESTRICTED,
    )


def test_it_takes_back_only_what_was_named(job, alice, bob, charlie, northgate):
    object_share(obj=job, actor=alice, users=[bob, charlie], organisations=[northgate])
    object_unshare(obj=job, actor=alice, users=[charlie], organisations=[northgate])
    assert not Job.objects.visible_to(charlie).filter(pk=job.pk).exists()
    assert Job.objects.visible_to(bob).filter(pk=job.pk).exists()
    assert Job.objects.get(pk=job.pk).confidentiality == Confidentiality.RESTRICTED
    entry = AuditEntry.objects.filter(object_id=str(job.pk)).order_by("-sequence").first()
    assert entry.action == "unshare"
    assert entry.changes == {
        "shared_with_users": [["bob", "charlie"], ["bob"]],
        "shared_with_organisations": [["Northgate Distribution"], []],
    }


def test_it_offers_only_the_objects_own_shares_to_revoke(job, alice, bob, charlie):
    object_share(obj=job, actor=alice, users=[bob])
    assert ShareRevokeForm({"user": bob.pk}, obj=job).is_valid()
    assert not ShareRevokeForm({"user": charlie.pk}, obj=job).is_valid()
    assert not ShareRevokeForm({}, obj=job).is_valid()
