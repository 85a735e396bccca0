"""The site plan's risk register section writes its figures and level names in the reader's
language (QA, December 2026: the Russian plan PDF mixed "+0,1" with "0.800" and "+0.0163";
the level was its code, "high")."""

import re

import pytest
from django.utils import translation

from chemsec.risk.labels import SHIPPED
from chemsec.risk.register import plan_risk_table

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_the_risk_rows_use_the_decimal_comma_and_the_levels_name(plant, linked, alice, language):
    with translation.override(language):
        _headers, rows = plan_risk_table(plant, alice)
        names = {str(name) for name in SHIPPED["levels"].values()}
    inputs, risk = rows[0][2], rows[0][4]
    assert re.search(r"P_I \d,\d{4}", inputs), inputs
    assert not re.search(r"\d\.\d", inputs + risk), (inputs, risk)
    assert re.fullmatch(r"(R = \d+,\d{2}, )?(.+)", risk).group(2) in names, risk
