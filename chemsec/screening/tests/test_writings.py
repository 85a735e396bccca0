"""Issue 16, section 1: listed chemicals written the way real files and databases write
them are found - never `clear`. Class tests over every listed chemical of the shipped
lists, not only the named examples."""

from __future__ import annotations

from collections import Counter

import pytest

from chemsec.screening import screen
from chemsec.screening.engine.results import COVERING, InputRow
from chemsec.screening.tests.conftest import entries_of
from chemsec.screening.tests.writings import (
    NEUTRAL_PARTNERS,
    all_writings,
    cas_writings,
    single_molecules,
)


def test_no_listed_chemical_in_any_writing_comes_back_clear() -> None:
    writings = all_writings()
    assert len({w.form for w in writings}) >= 10 and len(writings) > 1000
    results = screen([InputRow(w.text) for w in writings], use_opsin=False)
    cleared = [
        (w.form, w.entry.urn, w.text)
        for w, r in zip(writings, results, strict=True)
        if r.status == "clear"
    ]
    assert not cleared, cleared[:10]
    undecided = Counter(r.reason_code for r in results if r.status != "matched")
    # What is not matched is a salt form its entry does not name: said out loud.
    assert set(undecided) <= {"listed_parent_salt"}, undecided


def test_every_cas_writing_is_read_as_that_cas_and_says_so() -> None:
    writings = list(cas_writings())
    results = screen([InputRow(w.text) for w in writings], use_opsin=False)
    for w, r in zip(writings, results, strict=True):
        assert r.status == "matched", (w.form, w.text, r.reason)
        assert (w.entry.list, w.entry.code) in entries_of(r)
        assert r.identity.cas == w.entry.cas
        if w.form != "cas with an en dash":
            assert any(f"read as the CAS number {w.entry.cas}" in n for n in r.notes), r.notes


# Caffeine is a (weak) base: an acid written beside it is read as caffeine's salt.
ACID_READING = {NEUTRAL_PARTNERS["caffeine"]}


def _is_acid(smiles: str) -> bool:
    from rdkit import Chem

    acid = Chem.MolFromSmarts("[$([OX2H1][C,S,P]=O),$([F,Cl,Br,I;H1]),$([OX2H1][N+](=O)[O-])]")
    return Chem.MolFromSmiles(smiles).HasSubstructMatch(acid)


@pytest.mark.parametrize("partner", sorted(NEUTRAL_PARTNERS.values()))
def test_a_component_beside_a_neutral_partner_keeps_every_entry_it_has_alone(partner: str) -> None:
    molecules = single_molecules()
    alone = screen([e.smiles for e in molecules], use_opsin=False)
    mixed = screen([f"{partner}.{e.smiles}" for e in molecules], use_opsin=False)
    for entry, one, two in zip(molecules, alone, mixed, strict=True):
        covering = {(m.list, m.entry) for m in one.matches if m.basis in COVERING}
        assert covering <= entries_of(two), (entry.urn, covering, entries_of(two))
        if partner in ACID_READING and _is_acid(entry.smiles):
            # an acid beside a base is read as the salt it forms: its entry is named
            assert two.status in ("matched", "unresolved"), entry.urn
        else:
            assert two.status == "matched", (entry.urn, two.reason)
        assert all("Component 2 of 2" in m.explanation for m in two.matches if m.basis != "exact")


def test_the_issue_examples() -> None:
    dipae_txt, vx_acid, dmp_p3, dmp_cation, hn2_hcl, chlorambucil = screen(
        [
            "CC(C)N(CCO)C(C)C.CCO",  # N,N-diisopropylethanolamine solvate
            "CCOP(=O)(C)SCCN(C(C)C)C(C)C.OC(=O)C(=O)O",  # VX written beside oxalic acid
            "COP(O)OC",  # dimethyl phosphite, P(III) hydroxy form
            "CO[P+](=O)OC",  # the cation PubChem writes for it
            "ClCCN(C)CCCl.Cl",  # HN2 hydrochloride (mechlorethamine HCl)
            "OC(=O)CCCc1ccc(N(CCCl)CCCl)cc1",  # chlorambucil: a medicine, not scheduled
        ],
        lists="cwc,ag",
        use_opsin=False,
    )
    assert {("CWC", "2B11"), ("AG", "AG27")} <= entries_of(dipae_txt)
    assert any(m.basis == "component" for m in dipae_txt.matches)
    assert ("CWC", "1A03") in entries_of(vx_acid)
    assert {("CWC", "3B10")} <= entries_of(dmp_p3) and dmp_p3.input == "COP(O)OC"
    assert {("CWC", "3B10")} <= entries_of(dmp_cation)
    assert any("H-phosphonate" in n for n in dmp_cation.notes)
    assert hn2_hcl.status == "unresolved" and hn2_hcl.reason_code == "listed_parent_salt"
    assert hn2_hcl.reason == (
        "the parent is listed under CWC 1A06; the entry names no salts: check with your "
        "national authority"
    )
    assert [(m.entry, m.basis) for m in hn2_hcl.matches] == [("1A06", "parent")]
    assert chlorambucil.status == "clear"


def test_a_listed_acid_as_its_sodium_salt_names_the_parent_entry() -> None:
    (benzilate,) = screen("OC(C(=O)[O-])(c1ccccc1)c1ccccc1.[Na+]", lists="cwc", use_opsin=False)
    assert benzilate.status == "unresolved"
    assert [(m.entry, m.basis) for m in benzilate.matches] == [("2B08", "parent")]


def test_1a16_examples_match_as_structures_and_relatives_are_reported_for_review() -> None:
    quaternary, bisquaternary, homologue, other_salt, pyridostigmine, neostigmine = screen(
        [
            "CN(C)C(=O)Oc1cccnc1C[N+](C)(C)CCCCCCCCCC[N+](C)(C)CCO.[Br-].[Br-]",
            "CC[N+](C)(Cc1ncccc1OC(=O)N(C)C)CC(=O)CCCCCCC(=O)C[N+](C)(CC)Cc1ncccc1OC(=O)N(C)C"
            ".[Br-].[Br-]",
            "CN(C)C(=O)Oc1cccnc1C[N+](C)(C)CCCCCC[N+](C)(C)CCO.[Br-].[Br-]",
            "CN(C)C(=O)Oc1cccnc1C[N+](C)(C)CCCCCCCCCC[N+](C)(C)CCO.[Cl-].[Cl-]",
            "C[n+]1cccc(OC(=O)N(C)C)c1.[Br-]",
            "CN(C)C(=O)Oc1cccc([N+](C)(C)C)c1.[Br-]",
        ],
        lists="cwc",
        use_opsin=False,
    )
    for example in (quaternary, bisquaternary):
        assert example.status == "matched" and entries_of(example) == {("CWC", "1A16")}
        assert any("not fully verified" in n for n in example.notes)
    assert homologue.status == "unresolved"
    assert homologue.reason_code == "family_wording_missing"
    assert [(m.entry, m.basis) for m in homologue.matches] == [("1A16", "review")]
    # The entry names dibromides: the example's dichloride is a salt form it does not name.
    assert other_salt.status == "unresolved" and other_salt.reason_code == "listed_parent_salt"
    assert [(m.entry, m.basis) for m in other_salt.matches] == [("1A16", "parent")]
    assert pyridostigmine.status == "clear" and neostigmine.status == "clear"
    before = screen(homologue.input, lists="cwc", as_of="2020-06-06", use_opsin=False)[0]
    assert before.status == "clear"  # 1A16 is in force from 2020-06-07


def test_tautomers_and_the_h_phosphinate_form_meet_the_family_rules() -> None:
    p3, p5 = screen(["CP(O)OCCN(C)C", "C[PH](=O)OCCN(C)C"], lists="cwc", use_opsin=False)
    assert entries_of(p3) == entries_of(p5) == {("CWC", "1B10")}
