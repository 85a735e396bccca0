"""Customs screening by HS code: which schedule entries a subheading may hold."""

from __future__ import annotations

import subprocess
import sys

import pytest

from chemsec.screening import screen
from chemsec.screening.engine import hs
from chemsec.screening.tests.conftest import entries_of, list_rows


def test_every_row_has_a_source_a_status_and_known_entries() -> None:
    codes = {(r["list"], r["code"]) for r in list_rows("cwc")}
    rows = hs.rows()
    assert len(rows) >= 25
    for row in rows:
        assert row.edition == "HS2022" and row.source and row.verification
        assert len(row.subheading) == 7 and row.subheading[4] == "."
        assert row.entries and all((row.list, e) in codes for e in row.entries), row


def test_the_chemical_a_subheading_names_is_covered_by_the_entries_it_gives() -> None:
    """An outside cross-check: the CAS numbers resolve (list data or offline index) to
    structures that the engine matches to the very entries the HS row gives."""
    named = [r for r in hs.rows() if r.cas]
    assert len(named) >= 20
    results = screen([r.cas for r in named], lists="cwc", use_opsin=False)
    for row, result in zip(named, results, strict=True):
        assert result.status == "matched", (row.subheading, result.reason)
        assert entries_of(result) == {("CWC", e) for e in row.entries}, row.subheading


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("2931.49", {"1A03", "1B10", "2B04"}),
        ("293149", {"1A03", "1B10", "2B04"}),
        ("2921.1x", {"2B10"}),
        ("2812.xx", {"3A01", "3B05", "3B06", "3B07", "3B12", "3B13", "3B14"}),
        ("2930", {"2B12", "2B13"}),
    ],
)
def test_lookup_accepts_the_ways_customs_write_codes(code: str, expected: set[str]) -> None:
    assert {e for r in hs.lookup(code) for e in r.entries} == expected


def test_not_a_code_is_an_error_and_an_unknown_code_is_no_all_clear() -> None:
    with pytest.raises(ValueError):
        hs.lookup("phosgene")
    assert hs.lookup("2901.10") == []

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "chemsec", "screen", *args],
            capture_output=True,
            text=True,
            check=False,
        )

    found = run("--hs", "2931.xx")
    assert found.returncode == 1 and "2B04" in found.stdout
    unknown = run("--hs", "2901.10")
    assert unknown.returncode == 2 and "partial" in unknown.stdout
    assert run("--hs", "abc").returncode == 2
