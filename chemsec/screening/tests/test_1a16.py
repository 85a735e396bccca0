"""CWC 1A16 "Carbamates (quaternaries and bisquaternaries of dimethylcarbamoyloxypyridines)".

The sub-family wording is taken from the official German text (CWÜV, Anhang 1, Liste 1 A
Nr. 16; the authentic English text was not read):

  Quaternäre Dimethylcarbamoyloxypyridine: 1-[N,N-Dialkyl(≤ C10)-N-(x-(hydroxy, cyano,
  acetoxy)alkyl(≤ C10)) ammonio]-10-[N-(3-dimethylcarbamoyloxy-α-picolinyl)-N,N-
  dialkyl(≤ C10) ammonio]-n-decan-dibromide (x = 1-8)
  Bisquaternäre Dimethylcarbamoyloxypyridine: 1,x-Bis[N-(3-dimethylcarbamoyloxy-α-
  picolinyl)-N,N-dialkyl(≤ C10) ammonio]-n-alkan-(2,(x-1)-dion)-dibromide (x = 2-12)

Members are generated from that wording (every alkyl size 1-10 at every alkyl position,
every arm x = 1-8 of each kind, every defined bisquaternary chain length), written in
several ways: the dibromides the entry names are `matched` (basis family); the same
cations as other salts, as bare dications or protonated are the listed parent in a salt
form the entry does not name (`unresolved`, basis parent). Inputs just outside the
wording, and those the wording leaves undefined, stay `unresolved` for review (never
`clear`): the English authentic text, which might differ, was not read.
"""

from __future__ import annotations

import itertools
import random

import pytest
from rdkit import Chem

from chemsec.screening import screen
from chemsec.screening.engine.results import ScreenResult
from chemsec.screening.engine.rules import MEMBERSHIP_BY_CODE, REVIEW_BY_CODE
from chemsec.screening.tests.conftest import entries_of, list_rows
from chemsec.screening.tests.writings import NEUTRAL_PARTNERS

PICOLINYL = "Cc1ncccc1OC(=O)N(C)C"  # (3-(dimethylcarbamoyloxy)pyridin-2-yl)methyl
ALKYLS = {n: "C" * n for n in range(1, 11)}  # alkyl(<= C10), unbranched
BRANCHED = ["C(C)C", "CC(C)C", "C(C)(C)C", "CC(CC)CCCC", "C(C)CC(C)(C)C"]  # i-Pr ... C8
ARM_GROUPS = {"hydroxy": "O", "cyano": "C#N", "acetoxy": "OC(C)=O"}


def arm(group: str, x: int, length: int) -> str:
    """An x-(group)alkyl arm of `length` carbons, written from the carbon on the N."""
    chain = ["C"] * length
    chain[x - 1] = f"C({ARM_GROUPS[group]})" if x < length else f"C{ARM_GROUPS[group]}"
    return "".join(chain)


def quaternary(a: str, b: str, c: str, d: str, arm_smiles: str, decane: str = "C" * 10) -> str:
    """1-[N,N-dialkyl(a, b)-N-(arm)ammonio]-10-[N-picolinyl-N,N-dialkyl(c, d)ammonio]decane."""
    return f"{a}[N+]({b})({arm_smiles}){decane}[N+]({c})({d}){PICOLINYL}"


def bisquaternary(a: str, b: str, c: str, d: str, x: int) -> str:
    """1,x-bis[N-picolinyl-N,N-dialkylammonio]-n-alkane-2,(x-1)-dione, x >= 4."""
    inner = "C" * (x - 4)
    return f"{a}[N+]({b})({PICOLINYL})CC(=O){inner}C(=O)C[N+]({c})({d}){PICOLINYL}"


def _quaternaries() -> list[str]:
    """Generated quaternary members (bare dications)."""
    out = []
    for size in ALKYLS.values():  # every alkyl size at every alkyl position
        for position in range(4):
            groups = ["C", "CC", "C", "CC"]
            groups[position] = size
            a, b, c, d = groups
            out.append(quaternary(a, b, c, d, arm("hydroxy", 2, 2)))
    for name, x in itertools.product(ARM_GROUPS, range(1, 9)):  # every arm, x = 1-8
        for length in sorted({x, min(x + 1, 10), 10}):
            out.append(quaternary("C", "C", "C", "C", arm(name, x, length)))
    for branched in BRANCHED:
        out.append(quaternary(branched, "C", "CC", branched, arm("cyano", 3, 3)))
    return list(dict.fromkeys(out))


def _bisquaternaries() -> list[str]:
    """Generated bisquaternary members (bare dications), x = 4-12 (2 and 3: see below)."""
    out = []
    for x in range(4, 13):
        for a, b in [("C", "C"), ("CC", "C"), ("CC", "CC"), ("CCCCCCCCCC", "C(C)C")]:
            out.append(bisquaternary(a, b, b, a, x))
    return out


def writings(smiles: str, n: int = 2) -> list[str]:
    """The same cation written other ways: canonical, random atom orders, Kekulé, with
    explicit hydrogens and with a 13C label."""
    mol = Chem.MolFromSmiles(smiles)
    out = {smiles, Chem.MolToSmiles(mol)}
    rng = random.Random(smiles)
    for _ in range(n):
        out.add(Chem.MolToSmiles(mol, doRandom=True, canonical=False))
    kekule = Chem.Mol(mol)
    Chem.Kekulize(kekule, clearAromaticFlags=True)
    out.add(Chem.MolToSmiles(kekule, kekuleSmiles=True))
    out.add(Chem.MolToSmiles(Chem.AddHs(mol)))
    labelled = Chem.Mol(mol)
    labelled.GetAtomWithIdx(rng.randrange(mol.GetNumAtoms())).SetIsotope(13)
    out.add(Chem.MolToSmiles(labelled))
    return sorted(out)


def _plain(smiles: str) -> str:
    """Canonical SMILES without isotope labels."""
    mol = Chem.MolFromSmiles(smiles)
    for atom in mol.GetAtoms():
        atom.SetIsotope(0)
    return str(Chem.MolToSmiles(mol))


def _screen(texts: list[str]) -> list[ScreenResult]:
    results: list[ScreenResult] = screen(texts, lists="cwc", use_opsin=False)
    return results


def _outcome(result: ScreenResult) -> tuple[str, list[tuple[str, str]], str | None]:
    return result.status, [(m.entry, m.basis) for m in result.matches], result.reason_code


MATCHED = ("matched", [("1A16", "family")], None)
OTHER_SALT = ("unresolved", [("1A16", "parent")], "listed_parent_salt")
REVIEW = ("unresolved", [("1A16", "review")], "family_wording_missing")


def test_generated_members_cover_the_wording() -> None:
    members = _quaternaries() + _bisquaternaries()
    assert len(members) >= 130
    rule = MEMBERSHIP_BY_CODE["1A16"]
    for smiles in members:
        mol = Chem.MolFromSmiles(smiles)
        assert Chem.GetFormalCharge(mol) == 2, smiles
        assert rule.applies(mol), smiles


def test_dibromides_of_members_in_several_writings_are_matched() -> None:
    texts = []
    for i, member in enumerate(_quaternaries() + _bisquaternaries()):
        forms = writings(member) if i % 5 == 0 else [member]
        texts += [f"{form}.[Br-].[Br-]" for form in forms]
        texts.append(f"[Br-].{member}.[Br-]")
    texts.append(f"{_quaternaries()[3]}.[Br-].[Br-].O.O")  # a hydrate
    texts += [f"{_bisquaternaries()[5]}.[Br-].[Br-].{p}" for p in NEUTRAL_PARTNERS.values()]
    examples = {_plain(r["smiles"]) for r in list_rows("cwc") if r["code"] == "1A16"}
    for text, result in zip(texts, _screen(texts), strict=True):
        (match,) = result.matches
        if _plain(text) in examples:  # a named example (any isotope): its own row matches
            assert (result.status, match.entry, match.basis) == ("matched", "1A16", "exact")
            continue
        assert _outcome(result) == MATCHED, text
        assert match.explanation_code == "in_family"
        assert "CWÜV" in match.source and "official-national" in match.verification


def test_other_salts_bare_and_protonated_dications_name_1a16_as_a_salt_form_not_named() -> None:
    texts = []
    for i, member in enumerate(_quaternaries() + _bisquaternaries()):
        forms = writings(member, n=1) if i % 7 == 0 else [member]
        texts += forms  # bare dication
        texts += [f"{form}.[Cl-].[Cl-]" for form in forms[:2]]
        texts.append(f"{member}.[I-].[I-]")
        texts.append(f"{member}.[Br-].[Cl-]")
        texts.append(f"{member}.Cc1ccc(S(=O)(=O)[O-])cc1.Cc1ccc(S(=O)(=O)[O-])cc1")
    texts.append(_quaternaries()[0].replace("c1ncccc1", "c1[nH+]cccc1") + ".[Br-].[Br-].[Br-]")
    for text, result in zip(texts, _screen(texts), strict=True):
        assert _outcome(result) == OTHER_SALT, text
        assert result.matches[0].explanation_code == "family_salt_form_not_named"


def test_both_named_examples_match_by_structure_and_by_cas_and_meet_the_rule() -> None:
    examples = [r for r in list_rows("cwc") if r["code"] == "1A16" and r["row_type"] == "example"]
    assert len(examples) == 2
    results = _screen([r["smiles"] for r in examples] + [r["cas"] for r in examples])
    for result in results:
        assert result.status == "matched" and entries_of(result) == {("CWC", "1A16")}
    for row in examples:
        cation = row["smiles"].replace(".[Br-]", "")
        assert MEMBERSHIP_BY_CODE["1A16"].applies(Chem.MolFromSmiles(cation)), row["cas"]


# Just outside the German wording, or where it is undefined: review, never clear and never
# a member (the English authentic text was not read, so nothing here is provably outside).
OUTSIDE = {
    "C11 alkyl on the picolinyl N": quaternary("C", "C", "C" * 11, "C", arm("hydroxy", 2, 2)),
    "C11 alkyl on the arm's N": quaternary("C" * 11, "C", "C", "C", arm("hydroxy", 2, 2)),
    "arm of 11 carbons": quaternary("C", "C", "C", "C", arm("hydroxy", 2, 11)),
    "arm with x = 9": quaternary("C", "C", "C", "C", arm("hydroxy", 9, 9)),
    "acetoxy arm with x = 10": quaternary("C", "C", "C", "C", arm("acetoxy", 10, 10)),
    "branched decane (2-methyl)": quaternary("C", "C", "C", "C", "CCO", "CC(C)CCCCCCCC"),
    "nonane linker": quaternary("C", "C", "C", "C", "CCO", "C" * 9),
    "undecane linker": quaternary("C", "C", "C", "C", "CCO", "C" * 11),
    "decene linker": quaternary("C", "C", "C", "C", "CCO", "CC=CCCCCCCC"),
    "no functional arm": quaternary("C", "C", "C", "C", "CCC"),
    "two hydroxy groups on the arm": quaternary("C", "C", "C", "C", "CC(O)CO"),
    "two functional arms": "OCC[N+](C)(CCO)CCCCCCCCCC[N+](C)(C)" + PICOLINYL,
    "branched arm": quaternary("C", "C", "C", "C", "CC(C)(C)O"),
    "methoxy instead of hydroxy": quaternary("C", "C", "C", "C", "CCOC"),
    "cyclohexyl on the picolinyl N": quaternary("C", "C", "C1CCCCC1", "C", "CCO"),
    "pyrrolidinium (dialkyl closed to a ring)": "OCC[N+]9(CCCCCCCCCC[N+](C)(C)"
    + PICOLINYL
    + ")CCCC9",
    "methyl on the pyridine ring": quaternary("C", "C", "C", "C", "CCO").replace(
        "Cc1ncccc1", "Cc1nc(C)ccc1"
    ),
    "bisquaternary x = 2 (locants cross)": (
        f"C[N+](C)({PICOLINYL})C(=O)C(=O)[N+](C)(C){PICOLINYL}"
    ),
    "bisquaternary x = 13": bisquaternary("C", "C", "C", "C", 13),
    "bisquaternary 3,8-dione": f"C[N+](C)({PICOLINYL})CCC(=O)CCCCC(=O)CC[N+](C)(C){PICOLINYL}",
    "bisquaternary with one ketone": f"C[N+](C)({PICOLINYL})CC(=O)CCCCCCCC[N+](C)(C){PICOLINYL}",
    "bisquaternary decane without ketones": f"C[N+](C)({PICOLINYL})CCCCCCCCCC[N+](C)(C){PICOLINYL}",
}


@pytest.mark.parametrize("case", sorted(OUTSIDE))
def test_inputs_outside_or_undefined_by_the_wording_are_reviewed_not_matched(case: str) -> None:
    cation = OUTSIDE[case]
    mol = Chem.MolFromSmiles(cation)
    assert mol is not None, case
    assert not MEMBERSHIP_BY_CODE["1A16"].applies(mol), case
    texts = [f"{cation}.[Br-].[Br-]", cation] if Chem.GetFormalCharge(mol) == 2 else [cation]
    for text, result in zip(texts, _screen(texts), strict=True):
        assert _outcome(result) == REVIEW, (case, text)


def test_bisquaternary_x_3_has_no_molecule() -> None:
    # x = 3: the 2- and (x-1)-ketones fall on one carbon, which cannot carry both.
    assert Chem.MolFromSmiles(f"C[N+](C)({PICOLINYL})CC(=O)(=O)C[N+](C)(C){PICOLINYL}") is None


def test_rule_data_carry_the_german_source_and_its_status() -> None:
    family = next(r for r in list_rows("cwc") if r["code"] == "1A16" and r["row_type"] == "family")
    assert family["effective_date"] == "2020-06-07"
    assert "CWÜV" in family["source"] and "C-24/DEC.5" in family["source"]
    assert "official-national" in family["verification"]
    assert "English" in family["verification"] and "not read" in family["verification"]
    assert "n-decan-dibromide (x = 1-8)" in family["notes"]
    review = REVIEW_BY_CODE["1A16"]
    assert "CWÜV" in review.source and "official-national" in review.verification.lower()


def test_licensed_medicines_and_everyday_quaternaries_are_not_flagged() -> None:
    others = {
        "pyridostigmine bromide": "C[n+]1cccc(OC(=O)N(C)C)c1.[Br-]",
        "neostigmine bromide": "CN(C)C(=O)Oc1cccc([N+](C)(C)C)c1.[Br-]",
        "distigmine bromide": "CNC(=O)Oc1ccc[n+](CCCCCC[n+]2cccc(OC(=O)NC)c2)c1.[Br-].[Br-]",
        "physostigmine": "CNC(=O)Oc1ccc2c(c1)C1(C)CCN(C)C1N2C",
        "rivastigmine": "CCN(C)C(=O)Oc1cccc(C(C)N(C)C)c1",
        "edrophonium chloride": "CC[N+](C)(C)c1cccc(O)c1.[Cl-]",
        "choline chloride": "C[N+](C)(C)CCO.[Cl-]",
        "acetylcholine chloride": "CC(=O)OCC[N+](C)(C)C.[Cl-]",
        "decamethonium bromide": "C[N+](C)(C)CCCCCCCCCC[N+](C)(C)C.[Br-].[Br-]",
        "benzalkonium chloride (C12)": "CCCCCCCCCCCC[N+](C)(C)Cc1ccccc1.[Cl-]",
        "pralidoxime chloride": "C[n+]1ccccc1/C=N/O.[Cl-]",
    }
    for name, result in zip(others, _screen(list(others.values())), strict=True):
        assert ("CWC", "1A16") not in entries_of(result), name
        assert result.status == "clear", (name, result.status, result.reason)


def test_members_are_not_listed_before_2020_06_07() -> None:
    text = f"{_quaternaries()[0]}.[Br-].[Br-]"
    (before,) = screen(text, lists="cwc", as_of="2020-06-06", use_opsin=False)
    (after,) = screen(text, lists="cwc", as_of="2020-06-07", use_opsin=False)
    assert before.status == "clear" and after.status == "matched"
