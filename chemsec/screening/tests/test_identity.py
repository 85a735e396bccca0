"""Resolving inputs: CAS, names, codes, SMILES, InChI, InChIKey, MOL records, OPSIN."""

from __future__ import annotations

import pytest
from rdkit import Chem

from chemsec.screening import screen
from chemsec.screening.engine import opsin
from chemsec.screening.engine.cas import normalise_cas
from chemsec.screening.engine.results import InputRow
from chemsec.screening.tests.conftest import entries_of


@pytest.mark.parametrize("cas", ["50-00-1", "7782-50-4", "107-44-9", "10-23-4"])
def test_it_says_invalid_cas_when_the_check_digit_fails(cas: str) -> None:
    (result,) = screen(InputRow(cas, kind="cas"))
    assert (result.status, result.reason_code) == ("invalid", "invalid_cas")
    assert (result.reason or "").startswith("invalid CAS")


@pytest.mark.parametrize("digits", ["12345", "7782506", "7782 50 6", "64176"])
def test_a_digit_run_whose_check_digit_fails_is_unresolved_with_that_reason(digits: str) -> None:
    for row in (InputRow(digits, kind="cas"), InputRow(digits)):
        (result,) = screen(row)
        assert (result.status, result.reason_code) == ("unresolved", "cas_digits_check_digit")
        assert "check digit" in (result.reason or "")


def test_it_accepts_valid_cas_numbers_with_leading_zeros() -> None:
    assert normalise_cas("0050-00-0") == "50-00-0"
    assert normalise_cas("7732-18-5") == "7732-18-5"


def test_it_reads_list_codes_as_list_names_not_formulas() -> None:
    hn2, df, hn1, gb = screen(["HN2", "DF", "HN1", "GB"], lists="cwc")
    assert entries_of(hn2) == {("CWC", "1A06")}
    assert entries_of(df) == {("CWC", "1B09")}
    assert entries_of(hn1) == {("CWC", "1A06")}
    assert entries_of(gb) == {("CWC", "1A01")}
    assert hn2.identity.resolved_by == "name (list data)"


def test_it_resolves_names_from_the_offline_index() -> None:
    (result,) = screen("O-cyclohexyl methylphosphonofluoridate", lists="cwc", use_opsin=False)
    assert result.identity.resolved_by == "name (offline index)"
    assert entries_of(result) == {("CWC", "1A01")}


def test_it_uses_curated_identities_where_the_offline_data_is_wrong() -> None:
    (result,) = screen("868-85-9", lists="cwc")
    assert "+" not in (result.identity.smiles or "")
    (neutral,) = screen("COP(=O)OC", lists="cwc,ag")
    assert entries_of(neutral) == {("CWC", "3B10"), ("AG", "AG06")}
    (difluoride,) = screen("CP(F)F", lists="ag")
    assert ("AG", "AG36") in entries_of(difluoride)
    # the offline index's name for 753-59-3 points at a wrong structure: the list wins
    (by_wrong_name,) = screen("trimethyldifluorophosphorane", lists="ag", use_opsin=False)
    assert by_wrong_name.identity.smiles == "CP(F)F"
    assert "identity from list data" in (by_wrong_name.identity.resolved_by or "")


def test_it_reads_inchi_inchikey_and_mol_records() -> None:
    sarin = Chem.MolFromSmiles("CC(C)OP(C)(=O)F")
    rows = [
        InputRow(Chem.MolToInchi(sarin)),
        InputRow(Chem.MolToInchiKey(sarin)),
        InputRow(Chem.MolToMolBlock(sarin), kind="mol"),
    ]
    results = screen(rows, lists="cwc")
    assert [entries_of(r) for r in results] == [{("CWC", "1A01")}] * 3
    assert [r.identity.resolved_by for r in results] == [
        "inchi",
        "inchikey (list data)",
        "molfile",
    ]


def test_it_reports_unreadable_structures_and_unknown_keys() -> None:
    bad_smiles, bad_inchi, unknown_key = screen(
        [InputRow("C1CC(", kind="smiles"), "InChI=1S/garbage", "AAAAAAAAAAAAAA-BBBBBBBBBB-N"]
    )
    assert (bad_smiles.status, bad_smiles.reason_code) == ("invalid", "invalid_smiles")
    assert bad_smiles.reason == "not a valid SMILES (unbalanced parentheses)"
    assert (bad_inchi.status, bad_inchi.reason_code) == ("invalid", "invalid_inchi")
    assert unknown_key.status == "unresolved"
    assert "InChIKey" in (unknown_key.reason or "")


@pytest.mark.skipif(not opsin.available(), reason="needs a Java runtime")
def test_it_reads_systematic_names_with_opsin_and_marks_them_derived() -> None:
    (result,) = screen("O-(3-methylbutyl) ethylphosphonofluoridate", lists="cwc")
    assert entries_of(result) == {("CWC", "1A01")}
    assert "OPSIN" in (result.identity.resolved_by or "")
    assert "derived from name" in (result.identity.resolved_by or "")


@pytest.mark.skipif(not opsin.available(), reason="needs a Java runtime")
def test_one_opsin_process_serves_the_run_and_answers_are_cached(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[list[str]] = []
    real = opsin._Opsin.read

    def spy(self: opsin._Opsin, names: list[str]) -> list[str | None]:
        asked.append(list(names))
        return real(self, names)

    monkeypatch.setattr(opsin._Opsin, "read", spy)
    names = ["O-(2-methylbutyl) ethylphosphonofluoridate", "3-methyl-2-oxo-hexyl whatever"]
    first = screen([*names, "N/A", "C1CC(", "7782506", "12"], lists="cwc", chunk_size=2)
    process = opsin._process
    second = screen(names, lists="cwc")
    assert opsin._process is process and process is not None and process.alive()
    sent = [n for batch in asked for n in batch]
    # Only plausible names were sent, each once: no placeholders, broken SMILES or digits.
    assert sorted(sent) == sorted(names)
    assert [r.status for r in first[:2]] == [r.status for r in second]
    assert entries_of(first[0]) == {("CWC", "1A01")}
    assert [r.reason_code for r in first[2:]] == [
        "placeholder",
        "invalid_smiles",
        "cas_digits_check_digit",
        "name_not_found_not_systematic",
    ]


def test_it_works_without_java_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(opsin.shutil, "which", lambda _: None)
    opsin.unavailable_reason.cache_clear()
    try:
        sarin, unknown = screen(["sarin", "O-(3-methylbutyl) ethylphosphonofluoridate"])
    finally:
        opsin.unavailable_reason.cache_clear()
    assert sarin.status == "matched"
    assert unknown.status == "unresolved"
    assert "OPSIN unavailable (no Java runtime)" in (unknown.reason or "")


def test_it_returns_canonical_identity_for_matches() -> None:
    (result,) = screen("FP(=O)(C)OC(C)C", lists="cwc")
    assert result.identity.inchikey == "DYAHQFWOVKZOOW-UHFFFAOYSA-N"  # sarin's standard key
    assert result.identity.smiles == Chem.CanonSmiles("FP(=O)(C)OC(C)C")


O_ALKYLS = ["methyl", "ethyl", "propyl", "isopropyl", "butyl", "isobutyl", "cyclohexyl"]
AMINO = ["dimethyl", "diethyl", "dipropyl", "diisopropyl", "ethylmethyl", "ethylisopropyl"]
P_ALKYLS = ["methyl", "ethyl", "propyl", "isopropyl"]


def _annex_names() -> list[tuple[str, str]]:
    """Family members the Annex does not name, written in its own style (every 7th of
    the combinations, to keep the test short)."""
    names = []
    for o in O_ALKYLS:
        for n in AMINO:
            for p in P_ALKYLS:
                names.append((f"O-{o} S-2-{n}aminoethyl {p}phosphonothiolate", "1A03"))
                names.append((f"O-{o} O-2-{n}aminoethyl {p}phosphonite", "1B10"))
    return names[::7]


@pytest.mark.skipif(not opsin.available(), reason="needs a Java runtime")
def test_family_members_named_in_the_annexs_style_resolve_to_their_entry() -> None:
    names = _annex_names()
    assert len(names) > 40
    results = screen([n for n, _ in names], lists="cwc")
    for (name, code), result in zip(names, results, strict=True):
        assert ("CWC", code) in entries_of(result), (name, result.reason)
        how = result.identity.resolved_by or ""
        assert "OPSIN" in how or "list data" in how or "Annex naming grammar" in how


def test_the_annexs_naming_style_is_rewritten_only_where_it_applies() -> None:
    assert opsin.convention_to_opsin(
        "O-Isobutyl S-2-diethylaminoethyl methylphosphonothiolate"
    ) == ("O-Isobutyl S-[2-(diethylamino)ethyl] methylphosphonothioate")
    assert opsin.convention_to_opsin("S-2-ethylmethylaminoethyl x") == (
        "S-[2-(ethyl(methyl)amino)ethyl] x"
    )
    for plain in ["2-aminoethanol", "ethyl acetate", "O,O-diethyl phosphorothioate"]:
        assert opsin.convention_to_opsin(plain) == plain
