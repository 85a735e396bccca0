"""Unit conversion and threshold arithmetic (pure: no database)."""

import pytest

from chemsec.science.quantities import KG_PER_LB, kg_to_lb, parse_concentration, to_kg
from chemsec.science.thresholds import CFATS_LAPSED, Row, aggregate, thresholds_by_cas, tier


@pytest.mark.parametrize(
    ("quantity", "unit", "kg"),
    [
        ("1", "kg", 1.0),
        ("2500", "g", 2.5),
        ("1.5", "t", 1500.0),
        ("1", "tonne", 1000.0),
        ("1", "lb", KG_PER_LB),
        ("1,000", "LB", 1000 * KG_PER_LB),
        ("2,5", "kg", 2.5),
        ("0", "kg", 0.0),
    ],
)
def test_it_converts_masses_to_kilograms(quantity, unit, kg):
    assert to_kg(quantity, unit).kg == pytest.approx(kg)


def test_it_converts_volumes_with_the_files_density_or_a_known_one():
    assert to_kg("10", "L", density_kg_l=1.2).kg == pytest.approx(12.0)
    assert to_kg("500", "mL", density_kg_l=2.0).kg == pytest.approx(1.0)
    assert to_kg("1", "gal", density_kg_l=1.0).kg == pytest.approx(3.785411784)
    found = to_kg("1", "L", cas="7782-50-5", density_lookup=lambda cas: (1.39, "test data"))
    assert found.kg == pytest.approx(1.39) and "test data" in found.note


def test_it_reports_a_volume_without_a_density():
    amount = to_kg("10", "L", cas="50-00-0", density_lookup=lambda cas: None)
    assert amount.kg is None and amount.error.startswith("unit needs density")


@pytest.mark.parametrize(
    ("quantity", "unit", "reason"),
    [
        ("", "kg", "quantity missing"),
        ("ten", "kg", "is not a number"),
        ("-1", "kg", "must not be negative"),
        ("1", "", "unit missing"),
        ("1", "furlong", "unknown unit"),
        ("nan", "kg", "is not a number"),
    ],
)
def test_it_explains_unusable_quantities(quantity, unit, reason):
    amount = to_kg(quantity, unit)
    assert amount.kg is None and reason in amount.error


def test_it_reads_concentrations_as_percentages():
    assert parse_concentration("35%") == (35.0, "")
    assert parse_concentration("") == (None, "")
    assert parse_concentration("150")[1] and parse_concentration("0")[1]


def _row(key="7782-50-5", kg=1000.0, area="A", conc=None, matches=()):
    return Row(
        key=key,
        name="Chlorine",
        cas=key,
        inchikey="",
        quantity_kg=kg,
        concentration=conc,
        area=area,
        matches=list(matches),
    )


def test_it_adds_up_one_chemical_across_rows_and_areas_before_comparing():
    # 1,000 kg alone (2,205 lb) is below the 2,500 lb RMP TQ; with 200 kg more it crosses.
    below = aggregate([_row(kg=1000.0)])[0]
    crossed = aggregate([_row(kg=1000.0, area="A"), _row(kg=200.0, area="B")])[0]
    assert below["crossed_count"] == 0
    assert crossed["total_kg"] == pytest.approx(1200.0)
    assert crossed["total_lb"] == pytest.approx(kg_to_lb(1200.0))
    assert crossed["areas"] == ["A", "B"]
    rmp = next(t for t in crossed["thresholds"] if "RMP" in t["source"])
    assert rmp["crossed"] and rmp["threshold_lb"] == 2500


def test_it_labels_cfats_comparisons_as_lapsed():
    chemical = aggregate([_row(kg=2000.0)])[0]
    cfats = [t for t in chemical["thresholds"] if t["source"].startswith("CFATS")]
    assert cfats and all(t["label"] == CFATS_LAPSED for t in cfats)
    assert "CFATS lapsed" in chemical["reason"]


def test_it_counts_only_rows_at_the_cfats_minimum_concentration():
    peroxide = "7722-84-1"
    rows = [
        Row(peroxide, "Hydrogen peroxide", peroxide, "", 1000.0, 50.0, "B"),
        Row(peroxide, "Hydrogen peroxide", peroxide, "", 1000.0, 30.0, "Lab"),
    ]
    chemical = aggregate(rows)[0]
    theft = next(t for t in chemical["thresholds"] if t["issue"].startswith("theft"))
    assert theft["min_concentration"] == 35.0 and theft["rows_counted"] == 1
    assert theft["quantity_lb"] == pytest.approx(kg_to_lb(500.0))
    assert chemical["total_kg"] == pytest.approx(800.0)  # 500 + 300 kg of substance


def test_it_leaves_out_chemicals_that_are_neither_listed_nor_thresholded():
    assert aggregate([_row(key="1310-73-2", kg=5000.0)]) == []
    listed = aggregate(
        [_row(key="102-71-6", matches=[{"list": "CWC", "entry": "3B17", "urn": "u"}])]
    )
    assert listed[0]["lists"][0]["entry"] == "3B17"


def test_it_reads_thresholds_from_the_content_files():
    chlorine = thresholds_by_cas()["7782-50-5"]
    assert {t.quantity_lb for t in chlorine} == {2500.0}
    assert len(thresholds_by_cas()["6484-52-2"]) == 2  # explosive-grade AN: release and theft


@pytest.mark.parametrize(("crossed", "expected"), [(0, None), (1, 3), (2, 2), (3, 1), (7, 1)])
def test_it_tiers_by_thresholds_crossed(crossed, expected):
    assert tier([{"crossed_count": crossed}]) == expected
