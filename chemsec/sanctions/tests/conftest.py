from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def clerk(make_user, meridian):
    """Sales staff at the counter: a contributor of the supplier."""
    from chemsec.core.choices import Role

    return make_user("carol", meridian, Role.CONTRIBUTOR)


@pytest.fixture
def fixture_bytes():
    def read(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    return read


@pytest.fixture
def imported(alice, meridian, fixture_bytes, django_capture_on_commit_callbacks):
    """Meridian's lists: the UN list (first version) and the EU list."""
    from chemsec.sanctions.services import list_import

    with django_capture_on_commit_callbacks(execute=True):
        un = list_import(
            actor=alice, organisation=meridian, data=fixture_bytes("un-consolidated-v1.xml")
        )
        eu = list_import(actor=alice, organisation=meridian, data=fixture_bytes("eu-fsf.xml"))
    return {"un": un, "eu": eu}
