"""When a periodic job is due: pure date arithmetic, no Django.

Time is cut into fixed periods counted from 1970-01-01 00:00 UTC (a daily job's periods
start at midnight UTC). A job is due once in each period: when it has never run, or when it
last ran before the current period began. Counting periods instead of "interval since the
last run" keeps the run time from drifting later each day by the worker's polling delay,
which could otherwise skip a whole calendar day and with it a day-exact reminder.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _check(every: timedelta, *moments: datetime | None) -> None:
    if every <= timedelta(0):
        raise ValueError("A schedule's interval must be positive.")
    if any(m is not None and m.tzinfo is None for m in moments):
        raise ValueError("Schedule times must be timezone-aware.")


def period_start(now: datetime, every: timedelta) -> datetime:
    """The start of the period that contains `now`."""
    _check(every, now)
    return EPOCH + ((now - EPOCH) // every) * every


def is_due(last_run: datetime | None, every: timedelta, now: datetime) -> bool:
    """Whether a job that last ran at `last_run` should run again at `now`."""
    _check(every, last_run, now)
    if last_run is None:
        return True
    start = period_start(now, every)
    # A stamp more than a period ahead came from a clock that was wrong; do not wait for it.
    return last_run < start or last_run >= start + 2 * every


def next_run(last_run: datetime | None, every: timedelta, now: datetime) -> datetime:
    """When the job will next be due: `now` if it is due already."""
    if is_due(last_run, every, now):
        return now
    return period_start(now, every) + every


def describe_interval(every: timedelta) -> str:
    """A short English form of an interval for the command line: "1 day", "6 hours"."""
    seconds = int(every.total_seconds())
    for unit, size in (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} seconds"
