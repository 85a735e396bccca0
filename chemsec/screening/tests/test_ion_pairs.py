"""Issue 16, section 1: a covalent halide or cyanide written as an ion pair is screened as
the molecule it writes.

Found: lewisite written "Cl[As+]C=CCl.[Cl-]" (the arsenium cation beside chloride, as
some drawing tools and records write a covalent halide) came back `clear`: no component
is the listed chemical, and the whole was matched as written only. The class: any bond
from boron, carbon, silicon, phosphorus, arsenic, sulfur and their heavier neighbours to
a halogen or a cyanide, written apart as a cation and its anion, for every listed
chemical and every generated family member, in either order and any atom order.
"""

from __future__ import annotations

import random
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from rdkit import Chem

from chemsec.screening import screen
from chemsec.screening.engine.ion_pairs import covalent_readings
from chemsec.screening.engine.results import InputRow
from chemsec.screening.tests.charged import ion_pairs
from chemsec.screening.tests.conftest import entries_of, smiles_file
from chemsec.screening.tests.writings import family_members, ion_pair_writings


def _canonical(smiles: str) -> str:
    return str(Chem.MolToSmiles(Chem.MolFromSmiles(smiles)))


@pytest.mark.parametrize(
    ("written", "molecule"),
    [
        ("Cl[As+]C=CCl.[Cl-]", "ClC=C[As](Cl)Cl"),  # lewisite 1
        ("[Cl-].O=[C+]Cl", "O=C(Cl)Cl"),  # phosgene, the anion first
        ("CC(C)O[P+](C)=O.[F-]", "CC(C)OP(C)(=O)F"),  # sarin
        ("CCO[P+](=O)N(C)C.[C-]#N", "CCOP(=O)(C#N)N(C)C"),  # tabun, cyanide
        ("Cl[P+](Cl)(Cl)Cl.[Cl-]", "ClP(Cl)(Cl)(Cl)Cl"),  # PCl5 as [PCl4]+ Cl-
    ],
)
def test_an_ion_pair_reads_as_the_covalent_molecule(written: str, molecule: str) -> None:
    readings = covalent_readings(Chem.MolFromSmiles(written))
    assert [_canonical(Chem.MolToSmiles(r)) for r in readings] == [_canonical(molecule)]


@pytest.mark.parametrize(
    "salt",
    [
        "C[N+](C)(C)C.[Cl-]",  # a quaternary ammonium chloride
        "ClCC[NH+](C)CCCl.[Cl-]",  # an amine hydrochloride
        "[Na+].[Cl-]",
        "C[n+]1ccccc1.[I-]",
        "C[S+](C)C.[O-]S(=O)(=O)C",  # a sulfonium salt of an anion that is no halide
    ],
)
def test_salts_of_nitrogen_and_metals_and_other_anions_are_not_paired(salt: str) -> None:
    assert covalent_readings(Chem.MolFromSmiles(salt)) == []


def test_readings_are_screened_beside_the_input_never_instead_of_it() -> None:
    hn2_hcl, phosphonium, lewisite = screen(
        [
            "CN(CCCl)CCCl.Cl",  # HN2 as its hydrochloride: a salt the entry does not name
            "c1ccc([P+](c2ccccc2)(c2ccccc2)c2ccccc2)cc1.[Cl-]",  # an ionic phosphonium
            InputRow("Cl[As+]C=CCl.[Cl-]", label="drawn as ions"),
        ],
        use_opsin=False,
    )
    assert hn2_hcl.status == "unresolved" and hn2_hcl.reason_code == "listed_parent_salt"
    assert phosphonium.status == "clear"
    assert lewisite.status == "matched" and ("CWC", "1A05") in entries_of(lewisite)
    assert lewisite.input == "drawn as ions"
    assert "charged_as_neutral" in [n.code for n in lewisite.notes]
    (match,) = [m for m in lewisite.matches if m.list == "CWC"]
    assert match.explanation_code == "structure_identical_charged"


def test_every_listed_chemical_written_as_an_ion_pair_names_its_entry() -> None:
    writings = list(ion_pair_writings())
    assert len({w.entry.urn for w in writings}) > 40
    for results in (
        smiles_file([w.text for w in writings]),
        screen([InputRow(w.text) for w in writings], use_opsin=False),
    ):
        missed = [
            (w.text, r.status, entries_of(r))
            for w, r in zip(writings, results, strict=True)
            if (w.entry.list, w.entry.code) not in entries_of(r)
        ]
        assert not missed, missed[:5]


@cache
def _member_pairs() -> tuple[tuple[str, set[tuple[str, str]], str], ...]:
    """(member, the CWC entries its plain writing names, an ion-pair writing of it)."""
    members = family_members()
    plain = smiles_file(members)
    flagged = {m: entries_of(r, "CWC") for m, r in zip(members, plain, strict=True) if r.matches}
    return tuple(
        (member, entries, text)
        for member, entries in sorted(flagged.items())
        for _, text in ion_pairs(member)
    )


def test_every_family_member_written_as_an_ion_pair_names_its_entries() -> None:
    """P-F and P-CN members (1A01, 1A02, 1A05 analogues...), and the 2B10 aminoethyl
    chlorides with their C-Cl written apart."""
    pairs = _member_pairs()
    assert len(pairs) > 500
    results = smiles_file([text for _, _, text in pairs])
    missed = [
        (text, r.status, entries_of(r))
        for (_, entries, text), r in zip(pairs, results, strict=True)
        if r.status == "clear" or not entries <= entries_of(r, "CWC")
    ]
    assert not missed, missed[:5]


def _rewritten(text: str, seed: int) -> str:
    mol = Chem.MolFromSmiles(text)
    parts = str(Chem.MolToSmiles(mol, doRandom=True, canonical=False)).split(".")
    random.Random(seed).shuffle(parts)
    return ".".join(parts)


@given(hs.data())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_ion_pairs_in_any_atom_order_and_beside_water_are_never_clear(
    data: hs.DataObject,
) -> None:
    _, entries, text = data.draw(hs.sampled_from(_member_pairs()))
    text = _rewritten(text, data.draw(hs.integers(0, 2**16)))
    if data.draw(hs.booleans()):
        text += ".O"
    (result,) = smiles_file([text])
    assert result.status != "clear", text
    assert entries <= entries_of(result, "CWC"), text
