"""Issue 16, section 1: charged and charge-separated writings are screened as their parent.

A zwitterion (an amine protonated by its own alcohol, thiol or acid group), a double bond
written as separated charges (P+-O-, S+-O-, C+-O-, the N+=C-O- of an amide or carbamate),
an enolate, an aci-nitro anion or an ylide carbon (a C-H acid's anion), and a permanent
cation beside its own anion (the 1A16 bisquaternary as its bis-enolate, net neutral) are
the same chemical or its salt form: never `clear`. Found: the 1A16 bis-enolate came back
`clear` - the SMILES-text pre-filter settled it (no net charge, a composition no listed
formula has) and the standardiser took a net-neutral molecule as written.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from rdkit import Chem

from chemsec.screening import screen
from chemsec.screening.engine import structure as st
from chemsec.screening.engine.results import InputRow
from chemsec.screening.tests.conftest import entries_of, list_rows, screener, smiles_file
from chemsec.screening.tests.test_1a16 import PICOLINYL
from chemsec.screening.tests.writings import family_members, member_charged_writings

# Textbook resonance and acid-base forms, and the parent each must give.
PARENTS = {
    "C[P+]([O-])(F)OCCCC": "CCCCOP(C)(=O)F",  # phosphonofluoridate, P+-O-
    "C[S+](C)[O-]": "CS(C)=O",  # sulfoxide, S+-O-
    "C[C+](C)[O-]": "CC(C)=O",  # carbonyl, C+-O-
    "C[N+](C)=C([O-])C": "CC(=O)N(C)C",  # amide, 1,3-separated
    "COP(=O)(F)[N-][C+](C)N(C)C(C)C": "COP(=O)(F)N=C(C)N(C)C(C)C",  # amidine, N- C+
    "CC[NH+](CC)CC[O-]": "CCN(CC)CCO",  # zwitterion: amine and alkoxide
    "CC[NH+](CC)CC[S-]": "CCN(CC)CCS",  # zwitterion: amine and thiolate
    "[O-]C1C[NH+]2CCC1CC2": "OC1CN2CCC1CC2",  # 3-quinuclidinol as a zwitterion
    "C=[N+]([O-])[O-]": "C[N+](=O)[O-]",  # aci-nitro anion (nitronate): nitromethane
    "[CH2-][N+](=O)[O-]": "C[N+](=O)[O-]",  # the same anion as its carbanion
    "CC(=O)[O-]": "CC(=O)O",
    # permanent cations keep their charge; their own anion takes a proton
    "C[N+](C)(C)[CH-]C(C)=O": "CC(=O)C[N+](C)(C)C",  # ammonium ylide
    "C[N+](C)(C)C=C([O-])C": "CC(=O)C[N+](C)(C)C",  # the same as an enolate
    f"C[N+](C)({PICOLINYL})C=C([O-])C([O-])=C[N+](C)(C){PICOLINYL}": (
        f"C[N+](C)({PICOLINYL})CC(=O)C(=O)C[N+](C)(C){PICOLINYL}"
    ),
}
# Charges that make up the chemical: the molecule is its own parent, used as written.
AS_WRITTEN = [
    "C[N+](=O)[O-]",  # nitro
    "C[N+](C)(C)[O-]",  # amine N-oxide
    "[O-][n+]1ccccc1",  # pyridine N-oxide
    "CN=[N+]=[N-]",  # azide
    "[C-]#[N+]C",  # isocyanide
    "C=[N+]([O-])C",  # nitrone
]


def _canonical(smiles: str) -> str:
    return str(Chem.MolToSmiles(Chem.MolFromSmiles(smiles)))


@pytest.mark.parametrize("written", sorted(PARENTS))
def test_a_charged_writing_standardises_to_its_parent(written: str) -> None:
    assert _canonical(Chem.MolToSmiles(st.standardise(Chem.MolFromSmiles(written)))) == (
        _canonical(PARENTS[written])
    )
    component = st.prepare(Chem.MolFromSmiles(written)).components[0]
    assert component.kind != "none" and component.parent_formula == st.formula_of(
        Chem.MolFromSmiles(PARENTS[written])
    )


@pytest.mark.parametrize("written", AS_WRITTEN)
def test_charges_that_make_up_the_chemical_are_kept(written: str) -> None:
    mol = Chem.MolFromSmiles(written)
    prepared = st.prepare(mol)
    assert [c.kind for c in prepared.components] == ["none"]
    assert prepared.parent is mol and prepared.salt_kind == "none"


def _example_dications() -> list[str]:
    rows = [r for r in list_rows("cwc") if r["code"] == "1A16" and r["row_type"] == "example"]
    assert len(rows) == 2
    return [".".join(p for p in r["smiles"].split(".") if p != "[Br-]") for r in rows]


def test_the_1a16_bis_enolate_and_other_zwitterions_name_1a16_as_a_salt_form() -> None:
    """The silent clear left from the last session: the bisquaternary example written as
    its bis-enolate (net neutral) came back `clear`."""
    quaternary, bisquaternary = sorted(_example_dications(), key=len)
    bis = Chem.MolFromSmiles(bisquaternary)
    assert Chem.GetFormalCharge(bis) == 2
    enolate = bisquaternary.replace("CC(=O)CCCCCCC(=O)C", "C=C([O-])CCCCCCC([O-])=C")
    assert enolate != bisquaternary and Chem.GetFormalCharge(Chem.MolFromSmiles(enolate)) == 0
    texts = [
        enolate,
        bisquaternary.replace("CC(=O)CCCCCCC(=O)C", "[CH-]C(=O)CCCCCCC(=O)[CH-]"),  # ylides
        bisquaternary.replace("CC(=O)CCCCCCC(=O)C", "C=C([O-])CCCCCCC(=O)C") + ".[Br-]",
        quaternary.replace("CCO", "CC[O-]"),  # the quaternary's arm as an alkoxide
        quaternary.replace("CCO", "CC[O-]") + ".[Br-]",
        f"[Br-].{quaternary.replace('CCO', 'CC[O-]')}",  # counter-ion first
        enolate + ".Cn1cnc2c1c(=O)n(C)c(=O)n2C",  # beside a large neutral partner
    ]
    for results in (screen(texts, lists="cwc", use_opsin=False), smiles_file(texts)):
        for text, result in zip(texts, results, strict=True):
            assert result.status == "unresolved", (text, result.status)
            assert result.reason_code == "listed_parent_salt", text
            assert [(m.entry, m.basis) for m in result.matches] == [("1A16", "parent")], text
            (match,) = result.matches
            assert match.explanation_code in ("family_salt_form_not_named", "salt_form_not_named")
            assert match.explanation_params["salt_form"] == "deprotonated", text
    assert not any(screener().matcher.text_settles(t) for t in texts)


def test_a_zwitterion_of_a_listed_chemical_is_that_chemical() -> None:
    bz, quinuclidinol, dipae = screen(
        [
            "O=C(OC1C[NH+]2CCC1CC2)C([O-])(c1ccccc1)c1ccccc1",  # BZ, 2A03
            "[O-]C1C[NH+]2CCC1CC2",  # 3-quinuclidinol, 2B09
            "CC(C)[NH+](CC[O-])C(C)C",  # N,N-diisopropylaminoethanol, 2B11
        ],
        lists="cwc",
        use_opsin=False,
    )
    assert bz.status == "matched" and ("CWC", "2A03") in entries_of(bz)
    assert quinuclidinol.status == "matched" and ("CWC", "2B09") in entries_of(quinuclidinol)
    assert dipae.status == "matched" and ("CWC", "2B11") in entries_of(dipae)
    assert all("charged_as_neutral" in [n.code for n in r.notes] for r in (bz, dipae))


@cache
def _flagged_members() -> dict[str, set[tuple[str, str]]]:
    """Each generated member with the CWC entries its plain writing names (members
    outside their family or exempt, whose plain writing is clear, left out). Other lists
    name a salt by its own entry (AG54, the hydrochloride of AG53's base), so only the
    CWC family entries are expected of every writing."""
    members = family_members()
    results = smiles_file(members)
    return {m: entries_of(r, "CWC") for m, r in zip(members, results, strict=True) if r.matches}


# The 13,000 writings take a minute to screen: in four parts, so that test processes share
# them instead of one process finishing alone (every part runs, all writings are covered).
SHARDS = 4


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_family_member_in_every_charged_writing_is_never_clear(shard: int) -> None:
    """For all families: each generated member (P families through the naming grammar,
    2B10-2B12, 1A13/1A14, 1A16 from the German wording) written as an ion, zwitterion,
    with separated charges, with counter-ions after or before it, names every entry its
    plain writing names, through the SMILES-file path and the detecting path."""
    flagged = _flagged_members()
    assert len(flagged) > 1000
    every = member_charged_writings(sorted(flagged))
    assert len(every) > 12000
    forms = {form.split(" ")[0] for _, form, _ in every}
    assert {"zwitterion", "enolate", "carbanion", "bis-enolate", "charge-separated"} <= forms
    writings = every[shard::SHARDS]
    results = smiles_file([text for _, _, text in writings])
    missed = [
        (form, text, r.status, entries_of(r))
        for (member, form, text), r in zip(writings, results, strict=True)
        if r.status == "clear" or not flagged[member] <= entries_of(r, "CWC")
    ]
    assert not missed, missed[:5]
    sample = writings[::40]
    detected = screen([InputRow(text) for _, _, text in sample], use_opsin=False)
    for (member, _, text), r in zip(sample, detected, strict=True):
        assert r.status != "clear" and flagged[member] <= entries_of(r, "CWC"), text


def _rewritten(text: str, seed: int) -> str:
    """The same input in another atom order, its components in another order."""
    mol = Chem.MolFromSmiles(text)
    rng = random.Random(seed)
    parts = str(Chem.MolToSmiles(mol, doRandom=True, canonical=False)).split(".")
    rng.shuffle(parts)
    return ".".join(parts)


def _member_writings() -> Iterator[tuple[str, str]]:
    flagged = _flagged_members()
    for member, _form, text in member_charged_writings(sorted(flagged)[::3]):
        yield member, text


@cache
def _writings_pool() -> tuple[tuple[str, str], ...]:
    return tuple(_member_writings())


@given(hs.data())
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
def test_charged_member_writings_in_any_atom_order_are_never_settled_nor_clear(
    data: hs.DataObject,
) -> None:
    member, text = data.draw(hs.sampled_from(_writings_pool()))
    text = _rewritten(text, data.draw(hs.integers(0, 2**16)))
    matcher = screener().matcher
    assert not matcher.text_settles(text), text
    mol = Chem.MolFromSmiles(text)
    if "." not in text:
        heavy = mol.GetNumHeavyAtoms()
        positive = st.positive_beyond_nitro(text)
        assert not matcher.cannot_match(st.formula_of(mol), heavy, positive), text
    (result,) = smiles_file([text])
    assert result.status != "clear", text
    assert _flagged_members()[member] <= entries_of(result, "CWC"), text


def test_the_formula_shortcuts_keep_a_positive_molecule_that_may_be_a_1a16_cation() -> None:
    """The bulk path and the offline index settle a single molecule from its formula:
    a net-neutral formula with the atoms of 1A16's review rule stays unsettled when the
    molecule has a positive atom, and settles as before when it has none."""
    enolate = f"C[N+](C)({PICOLINYL})C=C([O-])C([O-])=C[N+](C)(C){PICOLINYL}"
    mol = Chem.MolFromSmiles(enolate)
    formula, heavy = st.formula_of(mol), mol.GetNumHeavyAtoms()
    matcher = screener().matcher
    assert "+" not in formula and "-" not in formula
    assert not matcher.cannot_match(formula, heavy, positive=True)
    assert matcher.cannot_match(formula, heavy, positive=False)
    assert st.positive_beyond_nitro(enolate)
    assert not st.positive_beyond_nitro("O=[N+]([O-])c1ccc(cc1)[N+](=O)[O-]")


def _dative(mol: Chem.Mol) -> str | None:
    """Every P=O, P=S and S=O of `mol` written as a dative bond (P->O), as some drawing
    programs and databases export them; None when it has none."""
    edit = Chem.RWMol(mol)
    found = False
    for bond in edit.GetBonds():
        ends = {bond.GetBeginAtom().GetSymbol(), bond.GetEndAtom().GetSymbol()}
        if bond.GetBondType() == Chem.BondType.DOUBLE and ends in ({"P", "O"}, {"P", "S"}):
            donor = (
                bond.GetBeginAtomIdx()
                if bond.GetBeginAtom().GetSymbol() == "P"
                else bond.GetEndAtomIdx()
            )
            acceptor = bond.GetOtherAtomIdx(donor)
            edit.RemoveBond(donor, acceptor)
            edit.AddBond(donor, acceptor, Chem.BondType.DATIVE)
            found = True
    if not found:
        return None
    return str(Chem.MolToSmiles(edit.GetMol()))


def _metal_bonded(mol: Chem.Mol) -> str | None:
    """The first O-H, S-H or N-H of `mol` with sodium in place of its hydrogen, bonded
    (O[Na]) as a covalent writing of the salt; None when it has none."""
    for atom in mol.GetAtoms():
        if (
            atom.GetSymbol() in {"O", "S", "N"}
            and atom.GetTotalNumHs()
            and not atom.GetFormalCharge()
        ):
            edit = Chem.RWMol(mol)
            target = edit.GetAtomWithIdx(atom.GetIdx())
            target.SetNumExplicitHs(target.GetTotalNumHs() - 1)
            target.SetNoImplicit(True)
            sodium = edit.AddAtom(Chem.Atom(11))
            edit.AddBond(atom.GetIdx(), sodium, Chem.BondType.SINGLE)
            out = edit.GetMol()
            if Chem.SanitizeMol(out, catchErrors=True) == Chem.SanitizeFlags.SANITIZE_NONE:
                return str(Chem.MolToSmiles(out))
    return None


@pytest.mark.parametrize("writing", [_dative, _metal_bonded], ids=["dative", "metal-bonded"])
def test_dative_bonds_and_bonded_metals_never_clear_a_family_member(writing) -> None:
    """A P=O or P=S written as a dative bond (P->O), and an alcohol, thiol or amine with
    sodium bonded in place of its hydrogen, are read as the ions they stand for: every
    generated member of every family in such a writing names its CWC entries (the
    prefilter settled the bonded sodium as a composition no list holds, and the dative
    bond left no P=O for the family rules)."""
    flagged = _flagged_members()
    written = [
        (member, text)
        for member in sorted(flagged)
        if (text := writing(Chem.MolFromSmiles(member))) is not None
    ]
    assert len(written) > 50
    results = smiles_file([text for _, text in written])
    missed = [
        (text, r.status, entries_of(r))
        for (member, text), r in zip(written, results, strict=True)
        if r.status == "clear"
        or not (flagged[member] <= entries_of(r, "CWC") or r.status == "unresolved")
    ]
    assert not missed, missed[:5]
    assert all(
        r.status != "clear"
        for r in screen([InputRow(t) for _, t in written[::25]], use_opsin=False)
    )
