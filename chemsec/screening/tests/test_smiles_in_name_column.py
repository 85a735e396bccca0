"""A SMILES written in a `name` column (engine/identity.py, `Resolver._by_smiles_in_name`).

Inventories and order forms have one "Chemical name" column, and people paste structures
into it from drawing tools. A cell in SMILES-only syntax (branches, brackets, bonds, ring
closures) that no list, language file, offline index or the Annex grammar knows as a name
is screened as the SMILES it is, and the row says it was read so (as a CAS number in a
name column is); one that RDKit refuses stays unresolved with RDKit's reason, never clear.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from chemsec.cli import main
from chemsec.screening.engine import Screener
from chemsec.screening.engine import structure as st
from chemsec.screening.engine.explanations import NOTES
from chemsec.screening.engine.inputs import read_file
from chemsec.screening.engine.results import InputRow, ScreenResult
from chemsec.screening.tests.writings import listed

READ_AS_SMILES = NOTES["smiles_in_name_column"]


@cache
def _screener() -> Screener:
    return Screener(use_opsin=False)


def _in(kind: str | None, *texts: str) -> list[ScreenResult]:
    rows = [InputRow(text, line, kind) for line, text in enumerate(texts, start=2)]
    return _screener().screen_chunk(rows)


def test_an_inventory_name_column_with_pasted_structures(tmp_path: Path) -> None:
    """The shape of a lab inventory export: names, CAS numbers, SMILES from a drawing
    tool and a broken paste, all under one "Chemical name" header."""
    source = tmp_path / "inventory.csv"
    source.write_text(
        "Chemical name,Location,Qty\n"
        "Ethanol,Store B,2 L\n"
        "CC(C)OP(C)(=O)F,Lab 3,1 g\n"  # sarin, CWC 1A01
        "C1=CC=CC=C1,Store B,500 mL\n"  # benzene
        "[Na+].[Cl-],Store A,1 kg\n"
        '"CC(=O)Oc1ccccc1C(=O)O",Lab 1,100 g\n'  # aspirin, quoted by the exporter
        "C1CC(,Lab 2,5 g\n"  # a paste cut short
        "75-44-5,Lab 2,1 cylinder\n",
        encoding="utf-8",
    )
    rows = list(read_file(str(source)))
    assert {r.kind for r in rows} == {"name"}
    results = _screener().screen_chunk(rows)
    assert [r.status for r in results] == [
        "clear", "matched", "clear", "clear", "clear", "unresolved", "matched"
    ]  # fmt: skip
    ethanol, sarin, benzene, salt, aspirin, broken, phosgene = results
    assert ethanol.identity.resolved_by == "name (offline index)" and not ethanol.notes
    for row in (sarin, benzene, salt, aspirin):
        assert row.identity.resolved_by == "smiles" and READ_AS_SMILES in row.notes
    assert {(m.list, m.entry) for m in sarin.matches} >= {("CWC", "1A01")}
    assert broken.reason_code == "not_smiles_nor_name"
    assert "unbalanced parentheses" in (broken.reason or "")
    assert phosgene.identity.cas == "75-44-5" and READ_AS_SMILES not in phosgene.notes


def test_the_command_says_so_in_its_output(tmp_path: Path, capsys: Any) -> None:
    source = tmp_path / "order.csv"
    source.write_text("name\nClC(Cl)=O\n", encoding="utf-8")  # phosgene, as ChemDraw copies it
    assert main(["screen", "--format", "json", "--no-opsin", str(source)]) == 1  # matched
    (row,) = json.loads(capsys.readouterr().out)
    assert row["status"] == "matched" and row["identity"]["resolved_by"] == "smiles"
    assert row["input"] == "ClC(Cl)=O"
    assert {"code": "smiles_in_name_column", "params": {}} in row["note_codes"]


def test_a_name_comes_first_and_smiles_look_alikes_that_are_names_stay_names() -> None:
    """The column says name: a text a list or the offline index names is read as that
    name ("SOCl2", thionyl chloride, though a SMILES-like text), and text that is not
    SMILES-only syntax ("CO", "ClCCSCCCl") takes the name path as before."""
    sarin, thionyl, co, mustard = _in("name", "Sarin", "SOCl2", "CO", "ClCCSCCCl")
    assert sarin.identity.resolved_by == "name (list data)"
    assert (thionyl.identity.resolved_by or "").startswith("name (offline index)")
    assert thionyl.status == "matched" and READ_AS_SMILES not in thionyl.notes
    assert READ_AS_SMILES not in co.notes + mustard.notes
    assert co.identity.resolved_by != "smiles" and mustard.identity.resolved_by != "smiles"


@pytest.mark.parametrize("text", ["CC(=O)[Zz]", "C1CC", "c1cccc1", "CC(C)(C)(C)(C)C"])
def test_a_refused_smiles_in_a_name_column_stays_unresolved_with_rdkits_reason(
    text: str,
) -> None:
    (result,) = _in("name", text)
    assert result.status == "unresolved" and not result.matches
    assert result.reason_code == "not_smiles_nor_name"
    assert st.smiles_problem(text) in (result.reason or "")


def test_every_listed_structure_reads_the_same_in_a_name_column_as_in_a_smiles_column() -> None:
    """Each listed chemical's SMILES in SMILES-only syntax: the same status and entries
    as in a `smiles` column, with the note; never clear where the SMILES matched."""
    smiles = sorted({e.smiles for e in listed() if e.smiles and st.clearly_smiles(e.smiles)})
    as_names = _in("name", *smiles)
    as_smiles = _in("smiles", *smiles)
    assert len(smiles) > 50
    for text, name, written in zip(smiles, as_names, as_smiles, strict=True):
        entries = sorted((m.list, m.entry, m.basis) for m in name.matches)
        assert (name.status, entries) == (
            written.status,
            sorted((m.list, m.entry, m.basis) for m in written.matches),
        ), text
        if name.identity.resolved_by == "smiles":
            assert READ_AS_SMILES in name.notes
