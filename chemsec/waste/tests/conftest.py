"""Waste fixtures: Meridian's plant as the generator, a haulier and a disposal company,
each with a contributor, and a consignment of spent solvent between them."""

# ruff: noqa: F811 - fixtures taken from the facilities tests are parameters here

from __future__ import annotations

from datetime import date

import pytest

from chemsec.core.choices import OrganisationKind, Role
from chemsec.facilities.tests.conftest import plant  # noqa: F401 - shared fixture


def _org(name: str, slug: str):
    from chemsec.core.models import Organisation

    return Organisation.objects.create(
        name=name, slug=slug, kind=OrganisationKind.DISTRIBUTOR, country="XA"
    )


@pytest.fixture
def haulier(db):
    return _org("Swift Haulage", "swift")


@pytest.fixture
def disposer(db):
    return _org("Clearwater Disposal", "clearwater")


@pytest.fixture
def tom(make_user, haulier):
    return make_user("tom", haulier, Role.CONTRIBUTOR)


@pytest.fixture
def rita(make_user, disposer):
    return make_user("rita", disposer, Role.CONTRIBUTOR)


@pytest.fixture
def stream(plant, alice):
    from chemsec.waste.services import stream_chemical_add, stream_create

    stream = stream_create(
        facility=plant, actor=alice, name="Spent chlorinated solvent", ewc_code="07 01 03*",
        us_waste_codes="F002", basel_code="A3150",
    )  # fmt: skip
    stream_chemical_add(
        stream=stream, actor=alice, chemical_key="7719-09-7", chemical_name="Thionyl chloride",
        estimated_kg_per_year=120,
    )  # fmt: skip
    return stream


@pytest.fixture
def consignment(stream, alice, haulier, disposer, tom, rita):
    from chemsec.waste.services import LineIn, consignment_create

    return consignment_create(
        stream=stream, actor=alice, receiver=disposer, receiving_site="Clearwater incinerator",
        transporters=[haulier], expected_by=date(2026, 3, 20),
        lines=[LineIn(description="Spent solvent", container_type="DM", container_count=4,
                      seal_numbers="S-101, S-102, S-103, S-104", quantity_kg=800)],
    )  # fmt: skip
