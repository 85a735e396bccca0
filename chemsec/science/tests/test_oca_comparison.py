"""The ratios docs/science.md section 7 quotes: ChemSec's steady plume against the OCA tables."""

from __future__ import annotations

import pytest

from chemsec.science import oca
from chemsec.science.plume import Plume, distance_to_endpoint

G_S_PER_LB_MIN = 453.59237 / 60.0
TABLES = {t.id: t for t in oca.load_tables().tables}


def ratio(table_id: str, key: float) -> float:
    table = TABLES[table_id]
    endpoint = table.endpoint_mg_l if table.key == "release_rate" else 1.0
    row = oca.read(table, key)
    found = distance_to_endpoint(Plume(key * G_S_PER_LB_MIN, 1.5, "F", table.terrain), endpoint)
    assert found.distance_m is not None and row.distance_mi is not None
    return found.distance_m / oca.M_PER_MILE / row.distance_mi


@pytest.mark.parametrize(("key", "expected"), [(4.4, 0.66), (37, 1.00), (1000, 1.10),
                                               (6800, 2.00)])  # fmt: skip
def test_rural_10_minute_rows(key, expected):
    assert round(ratio("neutral-worst-10min-rural", key), 2) == expected


def test_urban_rows_are_about_a_third_short():
    ratios = [ratio("neutral-worst-10min-urban", r.key) for r in TABLES[
        "neutral-worst-10min-urban"].rows[1:]]  # fmt: skip
    assert round(min(ratios), 2) == 0.59 and round(max(ratios), 2) == 0.68


def test_ammonia_urban_as_a_passive_plume():
    keys = [r.key for r in TABLES["ammonia-pressurised-worst-urban"].rows if 10 <= r.key <= 1000]
    ratios = [ratio("ammonia-pressurised-worst-urban", k) for k in keys]
    assert round(min(ratios), 2) == 0.46 and round(max(ratios), 2) == 0.94
