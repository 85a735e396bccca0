"""Experts trained: a person counts once a year, across workshops and courses."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chemsec.core.policy import SYSTEM
from chemsec.training import counts
from chemsec.training.counts import Record


def test_a_person_in_a_workshop_and_a_course_in_one_year_counts_once():
    rows = counts.dedupe([
        Record("ana", dt.date(2025, 3, 1), "workshop", "KE", "africa", "government", "woman"),
        Record("ana", dt.date(2025, 9, 1), "course", "KE", "africa", "government", "woman"),
        Record("ana", dt.date(2026, 2, 1), "course", "KE", "africa", "government", "woman"),
        Record("ben", dt.date(2025, 5, 1), "course", "PE", "latin_america", "industry", "man"),
    ])  # fmt: skip
    assert counts.per_year(rows) == {2025: 2, 2026: 1}
    ana = rows[0]
    assert (ana.person, ana.year, ana.workshops, ana.courses) == ("ana", 2025, 1, 1)
    assert counts.tally(rows, "region")[2025] == {"africa": 1, "latin_america": 1}
    assert counts.tally(rows, "gender")[2026] == {"woman": 1}


def test_the_latest_activity_of_the_year_decides_the_breakdown():
    (row,) = counts.dedupe([
        Record("ana", dt.date(2025, 3, 1), "workshop", "KE", "africa"),
        Record("ana", dt.date(2025, 9, 1), "course", "FR", "weog"),
    ])  # fmt: skip
    assert (row.country, row.region) == ("FR", "weog")
    with pytest.raises(ValueError):
        counts.tally([row], "shoe_size")


records = st.builds(
    Record,
    person=st.sampled_from(["a", "b", "c", "d"]),
    on=st.dates(dt.date(2023, 1, 1), dt.date(2026, 12, 31)),
    source=st.sampled_from(["workshop", "course"]),
    country=st.sampled_from(["KE", "PE", ""]),
    region=st.sampled_from(["africa", "weog"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(records, max_size=30))
def test_every_breakdown_adds_up_to_the_people_trained_each_year(rows):
    trained = counts.dedupe(rows)
    assert len(trained) == len({(r.person, r.on.year) for r in rows})
    assert sum(t.workshops + t.courses for t in trained) == len(rows)
    for dimension in counts.DIMENSIONS:
        tallied = counts.tally(trained, dimension)
        assert {year: sum(c.values()) for year, c in tallied.items()} == counts.per_year(trained)


@pytest.mark.django_db
def test_workshop_attendance_and_a_completed_course_count_one_person(
    enrolment, learner, meridian, secretariat
):
    from chemsec.events import services as events
    from chemsec.training import services
    from chemsec.training.tests.test_credentials_certificates import complete

    january, soon = dt.date(dt.date.today().year, 1, 1), dt.date.today() + dt.timedelta(days=9)
    event = events.event_create(
        user=SYSTEM, title="Storage workshop", stage="storage", capacity=5, venue="Nairobi",
        starts_on=soon, ends_on=soon,
    )  # fmt: skip
    registration = events.participant_nominate(
        user=SYSTEM, event=event, organisation=meridian, participant=learner, consent_listed=False
    )
    events.registration_decide(user=SYSTEM, registration=registration, approve=True)
    events.event_update(user=SYSTEM, event=event, starts_on=january, ends_on=january)
    registration.refresh_from_db()
    events.attendance_mark(user=SYSTEM, registration=registration, attended=True)
    services.learner_profile_update(user=learner, country="ke", sector="industry", gender="woman")
    complete(enrolment, learner)
    (row,) = counts.experts_trained()
    assert (row.year, row.workshops, row.courses) == (january.year, 1, 1)
    assert (row.country, row.sector, row.gender) == ("KE", "industry", "woman")


@pytest.mark.django_db
def test_the_member_page_counts_course_completions_among_its_experts_trained(
    enrolment, learner, meridian
):
    from chemsec.network.contributions import experts_trained_for
    from chemsec.training.tests.test_credentials_certificates import complete

    assert learner.pk not in experts_trained_for(meridian)  # enrolled is not trained
    complete(enrolment, learner)
    assert learner.pk in experts_trained_for(meridian)
