"""Fixtures for custody: the inspection team (Meridian: alice admin, carol contributor, bob
viewer), a courier (Northgate: charlie admin), two laboratories (lab A: lena; lab B: leo),
and an outsider organisation (Other: otto)."""

from __future__ import annotations

import pytest

from chemsec.core.choices import OrganisationKind, Role


def _org(name, slug, kind=OrganisationKind.ACADEMIA):
    from chemsec.core.models import Organisation

    return Organisation.objects.create(name=name, slug=slug, kind=kind, country="XA")


@pytest.fixture
def carol(make_user, meridian):
    return make_user("carol", meridian, Role.CONTRIBUTOR)


@pytest.fixture
def lab_a(db):
    return _org("Laboratory A", "lab-a")


@pytest.fixture
def lab_b(db):
    return _org("Laboratory B", "lab-b")


@pytest.fixture
def lena(make_user, lab_a):
    return make_user("lena", lab_a, Role.CONTRIBUTOR)


@pytest.fixture
def leo(make_user, lab_b):
    return make_user("leo", lab_b, Role.CONTRIBUTOR)


@pytest.fixture
def otto(make_user, db):
    return make_user("otto", _org("Other", "other"), Role.ADMIN)


@pytest.fixture
def sample(alice, meridian):
    from chemsec.custody.services import sample_register

    return sample_register(
        actor=alice, organisation=meridian, identifier="S-001", seal_number="SEAL-1001",
        description="Soil, 200 g, glass jar", taken_by="A. Inspector",
        taken_place="Store B, north wall",
    )  # fmt: skip
