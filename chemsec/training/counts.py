"""Experts trained: people, not certificates, counted once a year across workshops and courses.

The figure the secretariat reports each year is how many people were trained, so a person
who attended a workshop and completed a course in the same year counts once in that year,
however many activities they took part in (and once again in another year they trained in).

What counts as training: attendance at a workshop, training course or table-top exercise
(chemsec/events, attendance marked by the secretariat; a conference is not training), and a
completed course enrolment. Who a person is for the breakdown: their State is the country
they declared in their learner profile, else the country of the organisation they trained
for; their region is that organisation's UN regional group; sector and gender are their own
declaration ("prefer not to say" when they gave none). When a person trained for several
organisations in a year, the latest activity of the year decides.

`dedupe` and `tally` are pure; `training_records` reads the database.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

DIMENSIONS = ("country", "region", "sector", "gender")
UNKNOWN = ""
UNDISCLOSED = "undisclosed"  # sector and gender of someone who declared neither
TRAINING_EVENT_KINDS = ("workshop", "training", "tabletop")


@dataclass(frozen=True)
class Record:
    """One training activity of one person."""

    person: Any
    on: dt.date
    source: str  # "workshop" or "course"
    country: str = UNKNOWN
    region: str = UNKNOWN
    sector: str = UNKNOWN
    gender: str = UNKNOWN


@dataclass(frozen=True)
class Trained:
    """One person trained in one year, with the breakdown of their latest activity."""

    person: Any
    year: int
    country: str
    region: str
    sector: str
    gender: str
    workshops: int
    courses: int


def dedupe(records: Iterable[Record]) -> list[Trained]:
    """One row per (person, year), ordered by year then person."""
    groups: dict[tuple[Any, int], list[Record]] = {}
    for record in records:
        groups.setdefault((record.person, record.on.year), []).append(record)
    rows = []
    for (person, year), group in groups.items():
        latest = max(group, key=lambda r: (r.on, r.source))
        rows.append(
            Trained(
                person=person,
                year=year,
                country=latest.country,
                region=latest.region,
                sector=latest.sector,
                gender=latest.gender,
                workshops=sum(r.source == "workshop" for r in group),
                courses=sum(r.source == "course" for r in group),
            )
        )
    return sorted(rows, key=lambda t: (t.year, str(t.person)))


def tally(rows: Iterable[Trained], dimension: str) -> dict[int, Counter[str]]:
    """People trained per year, split by one of DIMENSIONS."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"Unknown dimension {dimension!r}.")
    out: dict[int, Counter[str]] = {}
    for row in rows:
        out.setdefault(row.year, Counter())[getattr(row, dimension)] += 1
    return dict(sorted(out.items()))


def per_year(rows: Iterable[Trained]) -> dict[int, int]:
    return dict(sorted(Counter(row.year for row in rows).items()))


def filtered(rows: Sequence[Trained], **wanted: Any) -> list[Trained]:
    """The rows whose fields equal every given value (an empty or None value is ignored)."""
    tests = {k: v for k, v in wanted.items() if v not in (None, "")}
    return [r for r in rows if all(getattr(r, k) == v for k, v in tests.items())]


# --- From the database ---------------------------------------------------------------------


def _profiles(people: set[Any]) -> dict[Any, tuple[str, str, str]]:
    from chemsec.training.models import LearnerProfile

    rows = LearnerProfile.objects.filter(user_id__in=people).values_list(
        "user_id", "country", "sector", "gender"
    )
    return {user: (country, sector, gender) for user, country, sector, gender in rows}


def training_records() -> list[Record]:
    """Every training activity: attended events of a training kind, completed enrolments."""
    from chemsec.events.models import Registration
    from chemsec.training.choices import EnrolmentStatus
    from chemsec.training.models import Enrolment

    raw: list[tuple[Any, dt.date, str, str, str]] = []
    attended = Registration.objects.filter(attended=True, event__kind__in=TRAINING_EVENT_KINDS)
    for person, on, country, region in attended.values_list(
        "participant_id", "event__ends_on", "nominated_by__country", "nominated_by__region"
    ):
        raw.append((person, on, "workshop", country or UNKNOWN, region or UNKNOWN))
    completed = Enrolment.objects.filter(
        status=EnrolmentStatus.COMPLETED, completed_at__isnull=False
    )
    for person, when, country, region in completed.values_list(
        "learner_id", "completed_at", "organisation__country", "organisation__region"
    ):
        raw.append((person, when.date(), "course", country or UNKNOWN, region or UNKNOWN))
    profiles = _profiles({row[0] for row in raw})
    records = []
    for person, on, source, country, region in raw:
        declared, sector, gender = profiles.get(person, (UNKNOWN, UNDISCLOSED, UNDISCLOSED))
        records.append(Record(person, on, source, declared or country, region, sector, gender))
    return records


def experts_trained() -> list[Trained]:
    return dedupe(training_records())


def completed_for(organisation: Any) -> set[int]:
    """The people who completed a course acting for the organisation: the network's member
    page adds them to its experts trained (a person once, whatever they did)."""
    from chemsec.training.choices import EnrolmentStatus
    from chemsec.training.models import Enrolment

    rows = Enrolment.objects.filter(organisation=organisation, status=EnrolmentStatus.COMPLETED)
    return set(rows.values_list("learner_id", flat=True))
