"""The stock demo: Riverside Plant's thionyl chloride with a loss beyond its uncertainty."""

from __future__ import annotations

import pytest

from chemsec.core.choices import Role


def test_demo_shows_an_unexplained_loss_once(make_user, meridian):
    from chemsec.facilities.demo import PLANT
    from chemsec.facilities.services import facility_create
    from chemsec.stock import demo
    from chemsec.stock.models import Balance

    admin = make_user("meridian-admin", meridian, Role.ADMIN)
    facility_create(
        organisation=meridian, actor=admin, name=PLANT, facility_type="manufacturing",
        country="XA",
    )  # fmt: skip
    lines = demo.populate()
    balance = Balance.objects.get()
    assert balance.muf_kg == pytest.approx(38) and balance.alert
    assert "38.0 kg unaccounted for" in lines[0]
    assert demo.populate() == [] and Balance.objects.count() == 1
