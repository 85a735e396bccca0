"""The assistance demo records, created once however often the demo runs."""

import pytest

from chemsec.assistance.demo import populate
from chemsec.assistance.models import Assignment, AssistanceRequest, ExpertProfile
from chemsec.core.choices import OrganisationKind, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(make_user):
    from chemsec.core.models import Organisation

    def org(name, kind, country=""):
        return Organisation.objects.create(
            name=name, slug=name.lower().replace(" ", "-"), kind=kind, country=country
        )

    make_user("secretariat-reviewer", org("Global", OrganisationKind.SECRETARIAT), Role.REVIEWER)
    arcadia = org("National Authority of Arcadia", OrganisationKind.NATIONAL_AUTHORITY, "XA")
    borealia = org("National Authority of Borealia", OrganisationKind.NATIONAL_AUTHORITY, "XB")
    make_user("arcadia-admin", arcadia, Role.ADMIN)
    make_user("borealia-admin", borealia, Role.ADMIN)


def test_it_creates_two_requests_and_three_experts_once(demo_world):
    populate()
    populate()
    owners = sorted(AssistanceRequest.objects.values_list("organisation__country", flat=True))
    assert owners == ["XA", "XB"]
    assert ExpertProfile.objects.count() == 3 and Assignment.objects.count() == 1
    assert set(AssistanceRequest.objects.values_list("status", flat=True)) == {
        "received",
        "in_progress",
    }
