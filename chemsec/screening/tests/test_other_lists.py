"""Australia Group salts, EU limits and dates, CFATS concentrations and labels."""

from __future__ import annotations

import pytest

from chemsec.screening import screen
from chemsec.screening.engine.results import InputRow
from chemsec.screening.tests.conftest import entries_of, list_rows

EU = {row["cas"]: row for row in list_rows("eu")}
AG = {row["cas"]: row for row in list_rows("ag")}


def _code(table: dict[str, dict[str, str]], cas: str) -> str:
    return table[cas]["code"]


def test_it_matches_australia_group_salts_as_whole_salts() -> None:
    kf, ion, naf, tea_hcl, tea = screen(
        ["[K+].[F-]", "[K+]", "[Na+].[F-]", "OCCN(CCO)CCO.Cl", "OCCN(CCO)CCO"], lists="ag"
    )
    assert entries_of(kf) == {("AG", _code(AG, "7789-23-3"))}
    assert ion.status == "clear"
    assert entries_of(naf) == {("AG", _code(AG, "7681-49-4"))}
    assert entries_of(tea_hcl) == {("AG", _code(AG, "637-39-8"))}
    assert entries_of(tea) == {("AG", _code(AG, "102-71-6"))}


def test_it_matches_name_and_cas_only_entries() -> None:
    for text in ("7789-29-9", "potassium bifluoride", "1342789-47-2"):
        (result,) = screen(text, lists="ag", use_opsin=False)
        assert result.status == "matched", text


@pytest.mark.parametrize(
    ("percent", "crossed"), [("10", False), ("12 %", False), ("12.5 % w/w", True), ("40%", True)]
)
def test_it_says_whether_an_eu_limit_value_is_crossed(percent: str, crossed: bool) -> None:
    (result,) = screen(InputRow("7722-84-1", concentration=percent), lists="eu")
    (match,) = result.matches
    assert match.basis == "mixture"
    assert match.concentration is not None and match.concentration.crossed is crossed
    assert match.entry == _code(EU, "7722-84-1")


def test_it_reads_the_ammonium_nitrate_limit_as_nitrogen_content() -> None:
    # 16 % w/w nitrogen from ammonium nitrate is about 45.7 % w/w ammonium nitrate
    low, high = screen(
        [InputRow("6484-52-2", concentration="45"), InputRow("6484-52-2", concentration="46")],
        lists="eu",
    )
    assert low.matches[0].concentration and not low.matches[0].concentration.crossed
    assert high.matches[0].concentration and high.matches[0].concentration.crossed


def test_it_applies_eu_dates_and_annex_ii() -> None:
    before, after = (
        screen("hydrogen peroxide", lists="eu", as_of=d)[0] for d in ("2021-01-31", "2021-02-01")
    )
    assert before.status == "clear" and after.status == "matched"
    (acetone,) = screen("acetone", lists="eu")
    assert entries_of(acetone) == {("EU", _code(EU, "67-64-1"))}
    (hydrate,) = screen("[Ca+2].[O-][N+](=O)[O-].[O-][N+](=O)[O-].O.O.O.O", lists="eu")
    assert entries_of(hydrate) == {("EU", _code(EU, "10124-37-5"))}
    assert hydrate.matches[0].basis == "salt"


def test_it_reports_cfats_with_the_lapsed_label_and_minimum_concentration() -> None:
    (chlorine,) = screen("7782-50-5", lists="cfats")
    assert chlorine.matches[0].list_status == "statutory authority lapsed 28 July 2023"
    (peroxide,) = screen(InputRow("hydrogen peroxide", concentration="30 %"), lists="cfats")
    assessment = peroxide.matches[0].concentration
    assert assessment is not None and assessment.crossed is False
    assert assessment.limit_kind == "minimum concentration"


def test_it_rejects_unreadable_concentrations_per_row() -> None:
    bad, good = screen(
        [InputRow("7722-84-1", concentration="lots"), InputRow("7722-84-1", concentration="5")],
        lists="eu",
    )
    assert bad.status == "invalid" and "concentration" in (bad.reason or "")
    assert good.status == "matched"
