"""The list data files: schema, identities and the catalogue."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from rdkit import Chem

from chemsec.screening.engine import catalogue
from chemsec.screening.engine.cas import normalise_cas
from chemsec.screening.tests.conftest import list_rows

ALL = {name: list_rows(name) for name in ("cwc", "ag", "eu", "cfats")}
URN = re.compile(r"^urn:chemsec:list:(cwc|ag|eu|cfats):[A-Za-z0-9:._-]+$")


def test_it_gives_every_row_a_unique_urn_and_a_version() -> None:
    urns = [row["urn"] for rows in ALL.values() for row in rows]
    assert len(urns) == len(set(urns))
    assert all(URN.match(u) for u in urns)
    assert all(row["version"] for rows in ALL.values() for row in rows)


@pytest.mark.parametrize("name", sorted(ALL))
def test_it_stores_valid_cas_numbers_and_consistent_structure_keys(name: str) -> None:
    for row in ALL[name]:
        if row["cas"]:
            assert normalise_cas(row["cas"]) == row["cas"], row["urn"]
        if row["smiles"]:
            mol = Chem.MolFromSmiles(row["smiles"])
            assert mol is not None, row["urn"]
            assert Chem.MolToInchiKey(mol) == row["inchikey"], row["urn"]


# The shared reference data sits beside the checkout, at ../shared from the project root.
REFERENCE = (
    Path(__file__).resolve().parents[3].parent / "shared/data/reference/cwc_annex_on_chemicals.csv"
)


@pytest.mark.skipif(not REFERENCE.exists(), reason="reference data folder not present")
def test_it_keeps_every_cwc_entry_of_the_reference_data() -> None:
    with REFERENCE.open(encoding="utf-8") as f:
        reference = list(csv.DictReader(f))
    assert len(ALL["cwc"]) == len(reference)
    codes = {row["code"] for row in ALL["cwc"]}
    assert {"1A01", "1A13", "1A16", "1B12", "2B04", "2B11", "3B17", "NOTE-1"} <= codes


def test_it_fixes_the_australia_group_salts_and_placeholders() -> None:
    rows = {row["cas"]: row for row in ALL["ag"]}
    assert len(ALL["ag"]) == 89
    assert rows["7681-49-4"]["smiles"] != rows["1333-83-1"]["smiles"]  # NaF vs NaHF2
    for cas in ("7789-23-3", "7681-49-4", "143-33-9", "16893-85-9", "637-39-8", "506-59-2"):
        assert "." in rows[cas]["smiles"], cas  # the whole salt, not one ion
    for cas in ("7789-29-9", "1314-80-3", "1342789-47-2", "1342700-45-1"):
        assert rows[cas]["smiles"] == "" and rows[cas]["names"], cas  # name/CAS only
    assert "+" not in rows["868-85-9"]["smiles"]  # phosphites as neutral H-phosphonates


def test_it_labels_cfats_as_lapsed() -> None:
    (cfats,) = catalogue("cfats")
    assert cfats["status"] == "statutory authority lapsed 28 July 2023"
    assert len(cfats["entries"]) == 5


def test_it_returns_every_list_and_entry_in_the_catalogue() -> None:
    lists = catalogue()
    assert [item["list"] for item in lists] == ["CWC", "AG", "EU", "CFATS"]
    for item in lists:
        assert item["data_version"]
        for entry in item["entries"]:
            assert {"list", "code", "title", "text", "notes", "cas", "source"} <= set(entry)
            assert {"effective_date", "verification", "urn", "version"} <= set(entry)
