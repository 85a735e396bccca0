"""The demo training: the starter course with learners, two of them finished; made once."""

import pytest

from chemsec.core import demo as core_demo
from chemsec.training.demo import populate
from chemsec.training.models import Enrolment, LearnerProfile

pytestmark = pytest.mark.django_db


def test_the_demo_learners_are_made_once():
    core_demo.populate()
    lines = populate()
    assert populate() == ["Demo training already present."]
    statuses = sorted(Enrolment.objects.values_list("status", flat=True))
    assert statuses == ["active", "active", "active", "completed", "completed"], lines
    finished = Enrolment.objects.filter(status="completed").first()
    assert finished is not None and finished.progress.count() == finished.course.modules.count()
    assert LearnerProfile.objects.filter(gender="undisclosed").exists()
