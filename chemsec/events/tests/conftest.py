"""Fixtures of the event tests: a secretariat reviewer, a national authority with an admin
and a viewer, events of each confidentiality, and the national-capacity framework."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from chemsec.core.choices import OrganisationKind, Role
from chemsec.core.policy import SYSTEM

CONTENT = Path(__file__).resolve().parents[2] / "content" / "frameworks"
TODAY = dt.date.today()


@pytest.fixture
def reviewer(make_user, secretariat):
    return make_user("rita", secretariat, Role.REVIEWER)


def _authority(name, slug, country, region):
    from chemsec.core.models import Organisation

    return Organisation.objects.create(
        name=name, slug=slug, kind=OrganisationKind.NATIONAL_AUTHORITY, country=country,
        region=region,
    )  # fmt: skip


@pytest.fixture
def authority(db):
    return _authority("National Authority of Arcadia", "arcadia", "KE", "africa")


@pytest.fixture
def other_authority(db):
    return _authority("National Authority of Borduria", "borduria", "PE", "latin_america")


@pytest.fixture
def dana(make_user, authority):
    """An admin of the national authority."""
    return make_user("dana", authority, Role.ADMIN)


@pytest.fixture
def paul(make_user, authority):
    """A viewer of the national authority (a participant to nominate)."""
    return make_user("paul", authority, Role.VIEWER)


@pytest.fixture
def omar(make_user, other_authority):
    return make_user("omar", other_authority, Role.ADMIN)


def make_event(**values):
    from chemsec.events import services

    defaults = {
        "title": "Securing chemical transport", "stage": "transport",
        "starts_on": TODAY + dt.timedelta(days=30), "ends_on": TODAY + dt.timedelta(days=32),
        "capacity": 1, "venue": "Nairobi", "confidentiality": "public",
    }  # fmt: skip
    defaults.update(values)
    return services.event_create(user=SYSTEM, **defaults)


@pytest.fixture
def events(authority):
    """One event of each confidentiality; the restricted one is hosted by Arcadia."""
    return {
        "public": make_event(title="Public workshop", languages=["en", "fr"]),
        "network": make_event(title="Network exercise", kind="tabletop", confidentiality="network"),
        "restricted": make_event(
            title="Restricted course", kind="training", confidentiality="restricted",
            host=authority,
        ),
    }  # fmt: skip


@pytest.fixture
def framework(db):
    from chemsec.content.reader import read_content_file
    from chemsec.frameworks.models import Framework
    from chemsec.frameworks.sync import sync_frameworks

    sync_frameworks(read_content_file(CONTENT / "national-capacity.yaml").objects)
    return Framework.objects.get(urn="urn:chemsec:framework:national-capacity:v1")


def submit_assessment(framework, organisation, answers):
    """A submitted assessment of `organisation` with these answers (code -> value)."""
    from chemsec.frameworks import services

    assessment = services.assessment_start(
        actor=SYSTEM, organisation=organisation, framework=framework
    )
    services.answers_save(
        actor=SYSTEM, assessment=assessment,
        answers=[services.AnswerInput(code=c, value=v) for c, v in answers.items()],
    )  # fmt: skip
    return services.assessment_submit(actor=SYSTEM, assessment=assessment)
