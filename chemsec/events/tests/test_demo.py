"""The demo events: three workshops on different steps, one past with attendance, feedback
and the practices it produced, a request under review; created once however often it runs."""

import datetime as dt

import pytest

from chemsec.core import demo as core_demo
from chemsec.events.demo import populate
from chemsec.events.models import Event, Feedback, HostRequest, Registration
from chemsec.events.selectors import practices_from

pytestmark = pytest.mark.django_db


def test_the_demo_events_are_made_once():
    core_demo.populate()
    populate()
    assert populate() == ["Demo events already present."]
    assert Event.objects.values("stage").distinct().count() == 3
    assert Registration.objects.filter(attended=True).count() == 1
    assert Feedback.objects.count() == 1
    assert HostRequest.objects.get().status == "under_review"
    (past,) = [e for e in Event.objects.all() if e.ends_on < dt.date.today()]
    produced = practices_from(past)
    assert len(produced) == 2
    assert sorted(p.practice is not None for p in produced) == [False, True]
