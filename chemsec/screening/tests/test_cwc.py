"""CWC Schedules: every named chemical by CAS, name and SMILES; families; exemptions."""

from __future__ import annotations

from itertools import product

import pytest
from rdkit import Chem

from chemsec.screening import screen
from chemsec.screening.tests.conftest import entries_of, list_rows

CWC = list_rows("cwc")
NAMED = [r for r in CWC if r["row_type"] in ("individual", "example", "member")]


def _id(row: dict[str, str]) -> str:
    return f"{row['code']}-{row['cas']}"


def _respelt(smiles: str) -> str:
    # A different spelling of the same structure: matching must not depend on the text.
    mol = Chem.MolFromSmiles(smiles)
    return str(Chem.MolToSmiles(mol, rootedAtAtom=mol.GetNumAtoms() - 1, canonical=False))


@pytest.mark.parametrize("row", NAMED, ids=_id)
def test_it_finds_every_named_cwc_chemical_by_cas(row: dict[str, str]) -> None:
    (result,) = screen(row["cas"], lists="cwc")
    assert result.status == "matched"
    assert ("CWC", row["code"]) in entries_of(result)


@pytest.mark.parametrize("row", [r for r in NAMED if r["names"]], ids=_id)
def test_it_finds_every_named_cwc_chemical_by_each_name(row: dict[str, str]) -> None:
    names = [n for n in row["names"].split(";") if n]
    for result in screen(names, lists="cwc"):
        assert ("CWC", row["code"]) in entries_of(result), result.input


@pytest.mark.parametrize("row", [r for r in NAMED if r["smiles"]], ids=_id)
def test_it_finds_every_named_cwc_chemical_by_smiles(row: dict[str, str]) -> None:
    (result,) = screen(_respelt(row["smiles"]), lists="cwc")
    assert ("CWC", row["code"]) in entries_of(result)
    assert result.identity.resolved_by == "smiles"


FAMILY_MEMBERS = [
    # 1A01 O-Alkyl (<=C10, incl. cycloalkyl) alkyl (Me, Et, n-Pr or i-Pr)-phosphonofluoridates
    ("CP(=O)(F)OC1CCCCC1", "1A01"),  # O-cyclohexyl methyl
    ("CCCP(=O)(F)OCCCCCCCCCC", "1A01"),  # O-n-decyl n-propyl
    ("CC(C)P(=O)(F)OCC", "1A01"),  # O-ethyl isopropyl
    ("CCP(=O)(F)OC1CC1", "1A01"),  # O-cyclopropyl ethyl
    # 1A02 O-Alkyl N,N-dialkyl phosphoramidocyanidates
    ("CCCN(CCC)P(=O)(C#N)OC(C)C", "1A02"),
    ("CN(CC)P(=O)(C#N)OCCCCCC", "1A02"),
    # 1A03 O-Alkyl (H or <=C10) S-2-dialkylaminoethyl alkyl phosphonothiolates
    ("CCCP(=O)(OC)SCCN(CC)CC", "1A03"),
    ("CP(=O)(O)SCCN(C(C)C)C(C)C", "1A03"),  # the O-H member
    ("CC(C)P(=O)(OC1CCCCC1)SCCN(C)CCC", "1A03"),
    # 1A13 / 1A14 (in force from 2020-06-07)
    ("CCP(=O)(F)N=C(CC)N(CC)CC", "1A13"),
    ("CCCCOP(=O)(F)N=CN(C)C", "1A14"),
    # 1B09 Alkyl phosphonyldifluorides
    ("CCCP(=O)(F)F", "1B09"),
    ("CC(C)P(=O)(F)F", "1B09"),
    # 1B10 O-Alkyl O-2-dialkylaminoethyl alkyl phosphonites
    ("CCOP(CC)OCCN(C)C", "1B10"),
    # 2B04 P bonded to one methyl, ethyl or propyl group but no further carbon
    ("CCP(=O)(O)O", "2B04"),
    ("CC(C)P(Cl)Cl", "2B04"),
    ("CCCCCCCCCCCOP(C)(=O)F", "2B04"),  # O-undecyl: beyond 1A01's <=C10
    # 2B05 N,N-Dialkyl phosphoramidic dihalides
    ("CCN(CC)P(=O)(Cl)Cl", "2B05"),
    ("CN(C(C)C)P(=O)(F)F", "2B05"),
    # 2B06 Dialkyl N,N-dialkyl phosphoramidates
    ("COP(=O)(OC)N(CCC)CCC", "2B06"),
    ("CC(C)OP(=O)(OCC)N(C)CC", "2B06"),
    # 2B10-2B12 N,N-Dialkyl aminoethyl-2-chlorides / -2-ols / -2-thiols
    ("CN(C)CCCl", "2B10"),
    ("CCCN(C(C)C)CCCl", "2B10"),
    ("CCCN(CCC)CCO", "2B11"),
    ("CN(CC)CCO", "2B11"),
    ("CN(C)CCS", "2B12"),
    ("CC(C)N(CC)CCS", "2B12"),
]


@pytest.mark.parametrize(("smiles", "code"), FAMILY_MEMBERS)
def test_it_finds_family_members_beyond_the_named_examples(smiles: str, code: str) -> None:
    (result,) = screen(smiles, lists="cwc")
    assert ("CWC", code) in entries_of(result)
    match = next(m for m in result.matches if m.entry == code)
    assert match.basis in ("family", "exact")
    assert match.explanation  # quotes the entry
    assert code in match.explanation


ALKYLS = {"Me": "C", "Et": "CC", "n-Pr": "CCC", "i-Pr": "C(C)C"}


def test_it_covers_every_alkyl_combination_of_general_note_1() -> None:
    # 2B06 Dialkyl (Me, Et, n-Pr or i-Pr) N,N-dialkyl (Me, Et, n-Pr or i-Pr)-phosphoramidates
    combos = list(product(ALKYLS.values(), repeat=4))
    smiles = [f"O=P(O{a})(O{b})N({c}){d}" for a, b, c, d in combos]
    results = screen(smiles, lists="cwc")
    assert all(("CWC", "2B06") in entries_of(r) for r in results)
    assert len(results) == 4**4


def test_it_exempts_only_the_two_named_aminoethanols_under_2b11() -> None:
    pairs = {tuple(sorted(p)) for p in product(ALKYLS, repeat=2)}
    for first, second in sorted(pairs):
        (result,) = screen(f"OCCN({ALKYLS[first]}){ALKYLS[second]}", lists="cwc")
        exempt = (first, second) in (("Me", "Me"), ("Et", "Et"))
        assert (("CWC", "2B11") in entries_of(result)) is not exempt, (first, second)


def test_it_reports_schedule_1_chemicals_under_schedule_1_only() -> None:
    # 2B04 reads "except for those listed in Schedule 1"
    for smiles in ("CC(C)OP(C)(=O)F", "CP(=O)(F)OC1CCCCC1", "CCOP(C)OCCN(C(C)C)C(C)C"):
        (result,) = screen(smiles, lists="cwc")
        codes = {e for _, e in entries_of(result)}
        assert codes and all(c.startswith("1") for c in codes), codes


CLEAR_UNDER_CWC = {
    "fonofos": "CCOP(=S)(CC)Sc1ccccc1",
    "N,N-dimethylaminoethanol": "CN(C)CCO",
    "N,N-diethylaminoethanol": "CCN(CC)CCO",
    "N,N-dimethylaminoethanol hydrochloride": "CN(C)CCO.Cl",
    "N,N-diethylaminoethanol hydrochloride": "CC[NH+](CC)CCO.[Cl-]",
    "chlorambucil": "OC(=O)CCCc1ccc(cc1)N(CCCl)CCCl",
    "melphalan": "N[C@@H](Cc1ccc(cc1)N(CCCl)CCCl)C(O)=O",
    "cyclophosphamide": "ClCCN(CCCl)P1(=O)NCCCO1",
    "bendamustine": "CN1C(CCCC(O)=O)=NC2=CC(=CC=C12)N(CCCl)CCCl",
    "choline chloride": "C[N+](C)(C)CCO.[Cl-]",
    "pyridostigmine bromide": "CN(C)C(=O)Oc1ccc[n+](C)c1.[Br-]",
    "neostigmine": "CN(C)C(=O)Oc1cccc(c1)[N+](C)(C)C",
    "glyphosate": "OC(=O)CNCP(O)(O)=O",
    "diisopropyl fluorophosphate": "CC(C)OP(=O)(F)OC(C)C",
    "butyl methylphosphinic fluoride": "CCCCP(=O)(F)OC",
}


@pytest.mark.parametrize("name", sorted(CLEAR_UNDER_CWC))
def test_it_keeps_exemptions_and_look_alikes_clear(name: str) -> None:
    (result,) = screen(CLEAR_UNDER_CWC[name], lists="cwc")
    assert result.status == "clear", result.matches
    assert result.summary == "not on the selected lists"
    assert result.reason is None


@pytest.mark.parametrize(
    "name",
    [
        "fonofos",
        "chlorambucil",
        "melphalan",
        "cyclophosphamide",
        "glyphosate",
        "choline",
        "neostigmine",
        "pyridostigmine",
        "deanol",
        "2-(diethylamino)ethanol",
    ],
)
def test_it_keeps_medicines_and_exempt_chemicals_clear_by_name(name: str) -> None:
    (result,) = screen(name, lists="cwc", use_opsin=False)
    assert result.status == "clear", (result.identity, result.matches)


@pytest.mark.parametrize(
    "text",
    [
        "water",
        "ethanol",
        "methanol",
        "toluene",
        "hexane",
        "dimethyl sulfoxide",
        "CS(C)=O",
        "CN(C)C=O",
        "C1CCOC1",
        "ClCCl",
        "sodium chloride",
        "[Na+].[Cl-]",
        "[K+].[Cl-]",
        "calcium carbonate",
        "sodium bicarbonate",
        "7647-14-5",
    ],
)
def test_it_keeps_common_solvents_and_salts_clear(text: str) -> None:
    (result,) = screen(text, lists="cwc,ag", use_opsin=False)
    assert result.status == "clear", (text, result.matches)


def test_it_applies_protonated_salt_wording_only_where_written() -> None:
    hydrochloride_2b10, quinuclidinol_hcl, quaternary_2b10 = screen(
        ["Cl.CN(C)CCCl", "OC1CN2CCC1CC2.Cl", "C[N+](C)(C)CCCl.[Cl-]"], lists="cwc"
    )
    assert [m.basis for m in hydrochloride_2b10.matches] == ["salt"]
    assert entries_of(hydrochloride_2b10) == {("CWC", "2B10")}
    # 2B09 has no salt wording: the parent is named for the user to check, never "clear"
    assert quinuclidinol_hcl.status == "unresolved"
    assert quinuclidinol_hcl.reason_code == "listed_parent_salt"
    assert [(m.entry, m.basis) for m in quinuclidinol_hcl.matches] == [("2B09", "parent")]
    assert quaternary_2b10.status == "clear"  # 2B10 covers protonated, not alkylated, salts


def test_it_covers_alkylated_and_protonated_salts_of_1a03() -> None:
    methiodide, hydrochloride = screen(
        ["CCOP(=O)(C)SCC[N+](C)(C(C)C)C(C)C.[I-]", "CCOP(=O)(C)SCC[NH+](C(C)C)C(C)C.[Cl-]"],
        lists="cwc",
    )
    for result in (methiodide, hydrochloride):
        assert entries_of(result) == {("CWC", "1A03")}
        assert result.matches[0].basis == "salt"


def test_it_covers_amiton_salts_as_written() -> None:
    methiodide, hydrochloride, other_ester = screen(
        [
            "CCOP(=O)(OCC)SCC[N+](C)(CC)CC.[I-]",
            "CCOP(=O)(OCC)SCCN(CC)CC.Cl",
            "CCCOP(=O)(OCC)SCC[N+](C)(CC)CC.[I-]",
        ],
        lists="cwc",
    )
    assert entries_of(methiodide) == {("CWC", "2A01")}
    assert entries_of(hydrochloride) == {("CWC", "2A01")}
    assert methiodide.matches[0].basis == hydrochloride.matches[0].basis == "salt"
    assert ("CWC", "2A01") not in entries_of(other_ester)


def test_it_screens_against_the_lists_in_force_on_a_date() -> None:
    example_1a13 = next(r for r in NAMED if r["code"] == "1A13")
    smiles = [example_1a13["smiles"], "CCCCOP(=O)(F)N=CN(C)C"]
    before = screen(smiles, lists="cwc", as_of="2020-06-06")
    after = screen(smiles, lists="cwc", as_of="2020-06-07")
    assert [r.status for r in before] == ["clear", "clear"]
    assert [entries_of(r) for r in after] == [{("CWC", "1A13")}, {("CWC", "1A14")}]
    assert screen("sarin", lists="cwc", as_of="1990-01-01")[0].status == "clear"


def test_it_cites_the_source_and_data_version_of_every_match() -> None:
    for result in screen(["sarin", "VX", "thiodiglycol", "CN(C)CCCl"], lists="cwc"):
        for match in result.matches:
            assert match.source and match.data_version and match.urn.startswith("urn:chemsec")
            assert match.title


def test_it_carries_unverified_status_into_matches() -> None:
    row = next(r for r in NAMED if "UNVERIFIED" in r["verification"])
    (result,) = screen(row["cas"], lists="cwc")
    assert result.matches[0].verification == row["verification"]
    assert any("verified" in note for note in result.notes)
