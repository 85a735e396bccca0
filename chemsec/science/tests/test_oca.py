"""EPA OCA reference tables: the shipped data, read row by row, and the Guidance's reading rules.

The source text below is typed again from the transcription the data came from (JRC
RAPID-N, property estimators 181 and 207; see chemsec/content/oca/README.md), in its own
layout, so that every shipped row is checked against a second reading.
"""

from __future__ import annotations

import itertools
import math

import pytest

from chemsec.science import oca
from chemsec.science.inputs import InputError

# RAPID-N 181, Table 1: 10 min, rural, F, 1.5 m/s: ratio, miles, ...
TABLE_1 = """
4.4 0.1 37 0.2 97 0.3 180 0.4 340 0.6 530 0.8 760 1.0 1000 1.2 1500 1.4 1900 1.6 2400 1.8
2900 2.0 3500 2.2 4400 2.4 5100 2.6 5900 2.8 6800 3.0 7700 3.2 9000 3.4 10000 3.6 11000 3.8
12000 4.0 14000 4.2 15000 4.4 16000 4.6 18000 4.8 19000 5.0 21000 5.2 23000 5.4 24000 5.6
26000 5.8 28000 6.0 29600 6.2 35600 6.8 42000 7.5 48800 8.1 56000 8.7 63600 9.3 71500 9.9
88500 11 107000 12 126000 14 147000 15 169000 16 191000 17 215000 19 279000 22 347000 25
"""
# Table 2: 60 min, rural.
TABLE_2 = """
5.5 0.1 46 0.2 120 0.3 220 0.4 420 0.6 650 0.8 910 1.0 1200 1.2 1600 1.4 1900 1.6 2300 1.8
2600 2.0 2900 2.2 3400 2.4 3700 2.6 4100 2.8 4400 3.0 4800 3.2 5200 3.4 5600 3.6 5900 3.8
6200 4.0 6700 4.2 7000 4.4 7400 4.6 7700 4.8 8100 5.0 8500 5.2 8900 5.4 9200 5.6 9600 5.8
10000 6.0 10400 6.2 11700 6.8 13100 7.5 14500 8.1 15900 8.7 17500 9.3 19100 9.9 22600 11
26300 12 30300 14 34500 15 38900 16 43600 17 48400 19 61500 22 75600 25
"""
# Table 3: 10 min, urban (readable to the 1.2-mile row only).
TABLE_3 = "21 0.1 170 0.2 420 0.3 760 0.4 1400 0.6 2100 0.8 3100 1.0 4200 1.2"
# RAPID-N 207, Table 9: anhydrous ammonia liquefied under pressure: lb/min, rural, urban.
TABLE_9 = """
1 0.1 . 2 0.1 0.1 5 0.1 0.1 10 0.2 0.1 15 0.2 0.2 20 0.3 0.2 30 0.3 0.2 40 0.4 0.3
50 0.4 0.3 60 0.5 0.3 70 0.5 0.3 80 0.5 0.4 90 0.6 0.4 100 0.6 0.4 150 0.7 0.5 200 0.8 0.6
250 0.9 0.6 300 1.0 0.7 400 1.2 0.8 500 1.3 0.9 600 1.4 0.9 700 1.5 1.0 750 1.6 1.0
800 1.6 1.1 900 1.7 1.2 1000 1.8 1.2 1500 2.2 1.5 2000 2.6 1.7 2500 2.9 1.9 3000 3.1 2.0
4000 3.6 2.3 5000 4.0 2.6 6000 4.4 2.8 7000 4.7 3.1 7500 4.9 3.2 8000 5.1 3.3 9000 5.4 3.4
10000 5.6 3.6 15000 6.9 4.4 20000 8.0 5.0 25000 8.9 5.6 30000 9.7 6.1 40000 11 7.0
50000 12 7.8 75000 15 9.5 100000 18 10 150000 22 13 200000 * 15 250000 * 17 750000 * *
"""
# Table 10: "Ammonia (other)" (readable to the 5,000 lb/min row only).
TABLE_10 = """
1 0.1 . 2 0.1 . 5 0.1 . 10 0.2 0.1 15 0.2 0.1 20 0.3 0.1 30 0.3 0.1 40 0.4 0.1 50 0.4 0.1
60 0.4 0.2 70 0.5 0.2 80 0.5 0.2 90 0.5 0.2 100 0.6 0.2 150 0.7 0.2 200 0.8 0.3 250 0.8 0.3
300 0.9 0.3 400 1.1 0.4 500 1.2 0.4 600 1.3 0.4 700 1.4 0.5 750 1.4 0.5 800 1.5 0.5
900 1.5 0.6 1000 1.6 0.6 1500 2.0 0.7 2000 2.2 0.8 2500 2.5 0.9 3000 2.7 1.0 4000 3.1 1.1
5000 3.4 1.2
"""


def _cell(token: str) -> float | str:
    return {".": "<0.1", "*": ">25"}.get(token) or float(token)


def _rows(text: str, width: int, column: int) -> list[tuple[float, float | str]]:
    tokens = text.split()
    assert len(tokens) % width == 0
    return [(float(tokens[i]), _cell(tokens[i + column])) for i in range(0, len(tokens), width)]


SECOND_READING = {
    "neutral-worst-10min-rural": _rows(TABLE_1, 2, 1),
    "neutral-worst-60min-rural": _rows(TABLE_2, 2, 1),
    "neutral-worst-10min-urban": _rows(TABLE_3, 2, 1),
    "ammonia-pressurised-worst-rural": _rows(TABLE_9, 3, 1),
    "ammonia-pressurised-worst-urban": _rows(TABLE_9, 3, 2),
    "ammonia-other-worst-rural": _rows(TABLE_10, 3, 1),
    "ammonia-other-worst-urban": _rows(TABLE_10, 3, 2),
}
TABLES = {t.id: t for t in oca.load_tables().tables}
ALL_ROWS = [(tid, i) for tid, rows in SECOND_READING.items() for i in range(len(rows))]


def _shipped(row: oca.Row) -> tuple[float, float | str]:
    return (row.key, row.cell or row.distance_mi)  # type: ignore[return-value]


def test_the_shipped_tables_are_the_ones_read():
    assert set(TABLES) == set(SECOND_READING)
    for tid, rows in SECOND_READING.items():
        assert [_shipped(r) for r in TABLES[tid].rows] == rows, tid


@pytest.mark.parametrize("table_id", sorted(SECOND_READING))
def test_each_table_has_the_shape_of_a_reference_table(table_id):
    table = TABLES[table_id]
    keys = [r.key for r in table.rows]
    assert all(a < b for a, b in itertools.pairwise(keys))
    miles = [r.distance_mi if r.cell != ">25" else math.inf for r in table.rows]
    miles = [0.0 if r.cell == "<0.1" else m for r, m in zip(table.rows, miles, strict=True)]
    assert all(a <= b for a, b in itertools.pairwise(miles))  # type: ignore[operator]
    assert table.status == "verified-secondary"
    assert table.source_url.startswith("https://rapidn.jrc.ec.europa.eu/")
    if table.key == "ratio":
        assert table.rows[0].distance_mi == 0.1
        assert table.complete == (table.rows[-1].distance_mi == 25)


@pytest.mark.parametrize(("table_id", "index"), ALL_ROWS)
def test_every_row_reads_as_the_guidance_prints_it(table_id, index):
    table = TABLES[table_id]
    key, expected = SECOND_READING[table_id][index]
    reading = oca.read(table, key)
    assert reading.row.key == key
    if expected == ">25":
        assert reading.distance_mi is None and reading.text == "> 25 mi"
    elif expected == "<0.1":
        assert reading.distance_mi == 0.1 and reading.at_most and reading.text == "< 0.1 mi"
    else:
        assert reading.distance_mi == expected
        assert reading.distance_m == pytest.approx(expected * 1609.344)
    if index + 1 < len(SECOND_READING[table_id]):  # just above a row: the next row up
        above = oca.read(table, key * 1.001)
        assert above.row.key == SECOND_READING[table_id][index + 1][0]
    if index > 0:  # just below a row: that row, never the one below
        assert oca.read(table, key * 0.999).row.key == key


def test_a_ratio_between_rows_reads_the_next_row_up_without_interpolation():
    table = TABLES["neutral-worst-10min-rural"]
    assert oca.read(table, 38.0).distance_mi == 0.3  # between 37 (0.2) and 97 (0.3)
    assert oca.read(table, 96.9).distance_mi == 0.3
    assert oca.read(table, 97.0).distance_mi == 0.3
    assert oca.read(table, 97.1).distance_mi == 0.4


def test_below_the_first_row_is_at_most_the_first_rows_distance():
    reading = oca.read(TABLES["neutral-worst-10min-rural"], 1.0)
    assert reading.status == "below-first-row" and reading.distance_mi == 0.1
    assert reading.text == "< 0.1 mi"


def test_above_the_last_row_of_a_complete_table_is_beyond_25_miles():
    reading = oca.read(TABLES["neutral-worst-60min-rural"], 1e6)
    assert reading.status == "beyond-25-miles" and reading.distance_mi is None


def test_a_partial_table_refuses_to_read_past_its_rows():
    table = TABLES["neutral-worst-10min-urban"]
    assert oca.read(table, 4200.0).distance_mi == 1.2
    with pytest.raises(oca.NotCovered) as caught:
        oca.read(table, 4201.0)
    assert caught.value.code == "beyond_shipped_rows"
    assert caught.value.params["last"] == 4200.0


@pytest.mark.parametrize(
    "case",
    [
        {"scenario": "worst-case", "terrain": "rural", "duration_min": 10, "buoyancy": "dense"},
        {"scenario": "worst-case", "terrain": "urban", "duration_min": 60, "buoyancy": "neutral"},
        {"scenario": "alternative", "terrain": "rural", "duration_min": 10,
         "buoyancy": "neutral"},
    ],
)  # fmt: skip
def test_tables_not_shipped_are_refused_not_guessed(case):
    with pytest.raises(oca.NotCovered) as caught:
        oca.find_table(**case)
    assert caught.value.code == "no_table"


def test_the_table_is_chosen_by_case():
    pick = oca.find_table(scenario="worst-case", terrain="rural", duration_min=60,
                          buoyancy="neutral")  # fmt: skip
    assert pick.id == "neutral-worst-60min-rural"
    ammonia = oca.find_table(scenario="worst-case", terrain="urban", duration_min=10,
                             buoyancy="neutral", cas="7664-41-7")  # fmt: skip
    assert ammonia.id == "ammonia-pressurised-worst-urban"
    other = oca.find_table(scenario="worst-case", terrain="rural", duration_min=10,
                           buoyancy="dense", cas="7664-41-7", form="other")  # fmt: skip
    assert other.id == "ammonia-other-worst-rural"
    with pytest.raises(InputError, match="10-minute"):
        oca.find_table(scenario="worst-case", terrain="rural", duration_min=60,
                       buoyancy="neutral", cas="7664-41-7")  # fmt: skip


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("scenario", {"scenario": "worst"}),
        ("terrain", {"terrain": "suburban"}),
        ("buoyancy", {"buoyancy": "light"}),
        ("duration", {"duration_min": 30}),
        ("form", {"cas": "7664-41-7", "form": "aqueous"}),
    ],
)
def test_unknown_choices_are_input_errors(field, kwargs):
    case = {"scenario": "worst-case", "terrain": "rural", "duration_min": 10,
            "buoyancy": "neutral", **kwargs}  # fmt: skip
    with pytest.raises(InputError) as caught:
        oca.find_table(**case)
    assert caught.value.field == field


def test_an_estimate_names_the_method_the_table_and_its_source():
    result = oca.estimate(370.0, 10.0, scenario="worst-case", terrain="rural",
                          duration_min=10, buoyancy="neutral")  # fmt: skip
    out = result.as_dict()
    assert out["method"] == "EPA OCA reference tables"
    assert "EPA 550-B-99-009" in out["source"] and "rapidn.jrc.ec.europa.eu" in out["source"]
    assert out["table"]["id"] == "neutral-worst-10min-rural"
    assert out["key_value"] == 37.0 and out["distance_mi"] == 0.2
    assert out["distance_m"] == pytest.approx(321.8688)
    assert out["verification"] == "verified-secondary"
    assert [n["code"] for n in out["note_codes"]] == ["exact_row"]


def test_ammonia_reads_its_own_table_by_release_rate_at_its_endpoint():
    result = oca.estimate(1000.0, None, scenario="worst-case", terrain="rural",
                          duration_min=10, buoyancy="neutral", cas="7664-41-7")  # fmt: skip
    assert result.distance_mi == 1.8 and result.endpoint_mg_l == 0.14
    ppm_200 = oca.endpoint_mg_l(200.0, "ppm", 17.0305)  # 0.1393 mg/L: the same endpoint
    assert oca.estimate(1000.0, ppm_200, scenario="worst-case", terrain="urban",
                        duration_min=10, buoyancy="dense",
                        cas="7664-41-7").distance_mi == 1.2  # fmt: skip
    with pytest.raises(InputError) as caught:
        oca.estimate(1000.0, 0.1, scenario="worst-case", terrain="rural", duration_min=10,
                     buoyancy="neutral", cas="7664-41-7")  # fmt: skip
    assert caught.value.code == "chemical_table_endpoint"


def test_a_cas_without_its_own_table_uses_the_general_table_and_says_so():
    # hydrogen cyanide, 27.0 g/mol: lighter than air, a neutral release
    result = oca.estimate(37.0, 1.0, scenario="worst-case", terrain="rural", duration_min=10,
                          buoyancy="neutral", cas="74-90-8")  # fmt: skip
    assert result.reading.table.id == "neutral-worst-10min-rural"
    assert "no_chemical_table" in [n.code for n in result.notes]


@pytest.mark.parametrize(
    ("cas", "basis"),
    [
        ("7782-50-5", "Guidance"),  # chlorine, 70.9 g/mol
        ("7446-09-5", "Guidance"),  # sulfur dioxide, 64.1 g/mol
        ("7664-39-3", "ChemSec"),  # hydrogen fluoride: associates, a cold aerosol
    ],
)
def test_a_dense_chemical_is_never_read_in_the_neutral_table(cas, basis):
    with pytest.raises(oca.NotCovered) as refused:
        oca.estimate(37.0, 1.0, scenario="worst-case", terrain="rural", duration_min=10,
                     buoyancy="neutral", cas=cas)  # fmt: skip
    assert refused.value.code == "dense_not_neutral" and basis in str(refused.value.params)


def test_units_convert_to_lb_min_and_mg_l():
    assert oca.rate_lb_min(1.0, "kg/s") == pytest.approx(132.277357, rel=1e-8)
    assert oca.rate_lb_min(1.0, "g/s") == pytest.approx(0.132277357, rel=1e-8)
    assert oca.rate_lb_min(37.0, "lb/min") == 37.0
    assert oca.endpoint_mg_l(8.7, "mg/m3") == pytest.approx(0.0087)
    assert oca.endpoint_mg_l(2.0, "ppm", 70.906) == pytest.approx(2 * 70.906 / 24450)
    for bad in (math.inf, math.nan, 0.0, -1.0):
        with pytest.raises(InputError):
            oca.rate_lb_min(bad, "lb/min")
    with pytest.raises(InputError, match="rate unit"):
        oca.rate_lb_min(1.0, "t/h")


def test_a_gas_is_released_over_10_minutes_and_0_55_of_it_from_a_building():
    open_air = oca.gas_release_rate(2000.0)
    assert open_air.rate_lb_min == 200.0 and open_air.table_duration_min == 10
    indoors = oca.gas_release_rate(2000.0, enclosed=True)
    assert indoors.rate_lb_min == pytest.approx(110.0)
    assert "enclosure_factor" in [n.code for n in indoors.notes]


def test_a_pool_evaporates_by_equation_d1_and_picks_the_table_by_its_duration():
    # 10,000 lb of a liquid like acrylonitrile: MW 53.06, VP 14.3 kPa, 806 kg/m3.
    pool = oca.pool_release_rate(10_000.0, molar_mass_g_mol=53.06, vapour_pressure_pa=14_300.0,
                                 liquid_density_kg_m3=806.0)  # fmt: skip
    area_ft2 = 10_000.0 * 0.45359237 / 806.0 / 0.01 / 0.09290304
    expected = (
        0.284
        * 1.5**0.78
        * 53.06 ** (2 / 3)
        * area_ft2
        * (14_300.0 / 133.322387415)
        / (82.05 * 298.15)
    )
    assert pool.rate_lb_min == pytest.approx(expected, rel=1e-9)
    assert pool.duration_min == pytest.approx(10_000.0 / expected)
    assert pool.table_duration_min == (10 if pool.duration_min <= 10 else 60)
    diked = oca.pool_release_rate(10_000.0, molar_mass_g_mol=53.06, vapour_pressure_pa=14_300.0,
                                  liquid_density_kg_m3=806.0, diked_area_m2=10.0)  # fmt: skip
    assert diked.rate_lb_min < pool.rate_lb_min
    assert "pool_diked" in [n.code for n in diked.notes]
    assert oca.table_duration(10.0) == 10 and oca.table_duration(10.5) == 60
