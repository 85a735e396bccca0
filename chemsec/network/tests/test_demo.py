"""The demo network: a dozen members, the committee's two past meetings with published
minutes, open actions, and the next agenda drafted; created once however often it runs."""

import pytest

from chemsec.core import demo as core_demo
from chemsec.network.demo import populate
from chemsec.network.models import ActionItem, Meeting, MinutesVersion, NetworkMember

pytestmark = pytest.mark.django_db


def test_the_demo_network_is_made_once(settings):
    core_demo.populate()
    from chemsec.assistance import demo as assistance_demo

    assistance_demo.populate()
    populate()
    assert populate() == ["Demo network already present."]
    assert NetworkMember.objects.filter(status="active").count() == 12
    assert NetworkMember.objects.filter(status="applied").count() == 1
    past, upcoming = Meeting.objects.order_by("starts_at")[:2], Meeting.objects.latest("starts_at")
    assert all(m.minutes.phase == "published" for m in past)
    assert MinutesVersion.objects.count() == 2
    assert upcoming.items.filter(kind="minutes").count() == 1  # approval of the previous minutes
    assert ActionItem.objects.filter(status__in=["open", "in_progress"]).count() >= 3
    assert ActionItem.objects.filter(target_kind="assistance_request").count() == 1
