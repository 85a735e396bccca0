"""Stock fixtures: the facilities app's plant and personas, with precisions stated."""

# ruff: noqa: F811 - fixtures taken from the facilities tests are parameters here

from __future__ import annotations

import pytest

from chemsec.facilities.tests.conftest import (  # noqa: F401 - fixtures and helpers shared
    authority,
    clients,
    nadia,
    plant,
    shared_plant,
    upload,
)


@pytest.fixture
def precise(plant, alice):
    """Receipts weighed at 1 %, consumption metered at 2 %, inventories +/- 10 kg."""
    from chemsec.stock.services import precision_set

    precision_set(facility=plant, actor=alice, kind="receipt", relative_percent=1)
    precision_set(facility=plant, actor=alice, kind="consumption", relative_percent=2)
    precision_set(facility=plant, actor=alice, kind="inventory", absolute_kg=10)
    return plant
