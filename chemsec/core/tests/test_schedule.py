"""When a periodic job is due: pure date arithmetic, no database."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from chemsec.core.schedule import describe_interval, is_due, next_run, period_start

DAY = timedelta(days=1)
NOON = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def test_it_is_due_when_it_has_never_run():
    assert is_due(None, DAY, NOON)
    assert next_run(None, DAY, NOON) == NOON


def test_it_is_not_due_again_in_the_same_period():
    ran = datetime(2026, 3, 10, 0, 0, 5, tzinfo=UTC)
    assert not is_due(ran, DAY, NOON)
    assert not is_due(ran, DAY, datetime(2026, 3, 10, 23, 59, 59, tzinfo=UTC))
    assert next_run(ran, DAY, NOON) == datetime(2026, 3, 11, tzinfo=UTC)


def test_it_is_due_once_the_next_period_begins_even_if_less_than_a_day_passed():
    # Ran late in the evening: the next run is at midnight, not 24 hours later, so a worker's
    # polling delay never pushes a daily job past a whole calendar day.
    ran = datetime(2026, 3, 10, 23, 59, 30, tzinfo=UTC)
    assert not is_due(ran, DAY, datetime(2026, 3, 10, 23, 59, 59, tzinfo=UTC))
    assert is_due(ran, DAY, datetime(2026, 3, 11, 0, 0, 1, tzinfo=UTC))


def test_it_runs_once_after_a_long_pause_rather_than_once_per_missed_period():
    ran = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)
    assert is_due(ran, DAY, NOON)
    assert next_run(ran, DAY, NOON) == NOON


def test_it_counts_periods_from_midnight_utc_whatever_the_time_zone_of_now():
    tokyo = timezone(timedelta(hours=9))
    now = datetime(2026, 3, 10, 8, 0, tzinfo=tokyo)  # 23:00 UTC on the 9th
    assert period_start(now, DAY) == datetime(2026, 3, 9, tzinfo=UTC)
    assert period_start(NOON, timedelta(hours=6)) == NOON


def test_it_does_not_wait_for_a_stamp_written_by_a_clock_far_ahead():
    slightly_ahead = NOON + timedelta(hours=13)  # next period: another worker's fast clock
    assert not is_due(slightly_ahead, DAY, NOON)
    assert is_due(NOON + timedelta(days=400), DAY, NOON)


def test_it_refuses_naive_times_and_empty_intervals():
    with pytest.raises(ValueError, match="timezone-aware"):
        is_due(None, DAY, datetime(2026, 3, 10, 12, 0))
    with pytest.raises(ValueError, match="positive"):
        is_due(None, timedelta(0), NOON)


@pytest.mark.parametrize(
    ("every", "text"),
    [
        (DAY, "1 day"),
        (timedelta(weeks=2), "2 weeks"),
        (timedelta(hours=6), "6 hours"),
        (timedelta(minutes=90), "90 minutes"),
        (timedelta(seconds=45), "45 seconds"),
    ],
)
def test_it_describes_intervals_for_the_command_line(every, text):
    assert describe_interval(every) == text
