"""`structure.parse_smiles` rewrites only the bonds of metal atoms, found by one substructure
search (`as_ions(mol, dative=False)`), when the text writes no dative bond: the molecule must
be the one the walk over every bond gives (`as_ions(mol)`), and the SMARTS must name the same
elements as `_NON_METALS`."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs
from rdkit import Chem

from chemsec.screening.engine import structure as st

SALTS_AND_BONDS = [
    "[Na+].[O-]C(=O)C",  # ionic: nothing to rewrite
    "CC(=O)O[Na]",  # bonded sodium: rewritten as ions
    "[K+].[K+].[O-]S(=O)(=O)[O-]",
    "CCN(CC)CCO[Na]",
    "CCOP(->O)(C#N)N(C)C",  # dative P->O
    "[Cu+2].[O-]C(=O)C.[O-]C(=O)C",
    "Cl[Sn](Cl)(Cl)Cl",
    "[Na]",  # a metal alone
    "[Fe].[Fe]",
]


def _canonical(mol: Chem.Mol) -> str:
    return str(Chem.MolToSmiles(mol))


@pytest.mark.parametrize("text", SALTS_AND_BONDS)
def test_the_metal_bonds_give_the_molecule_the_walk_over_every_bond_gives(text: str) -> None:
    parsed = st.parse_smiles(text)
    assert _canonical(parsed) == _canonical(st.as_ions(Chem.MolFromSmiles(text)))


def test_the_metal_smarts_names_exactly_the_non_metals_it_leaves_out() -> None:
    table = Chem.GetPeriodicTable()
    symbols = {s for s in st._NON_METALS if s[0].isupper()}
    excluded = {int(n) for n in re.findall(r"!#(\d+)", st._METAL_BONDED)}
    assert excluded == {table.GetAtomicNumber(s) for s in symbols}


METALS = ["Na", "K", "Li", "Mg", "Ca", "Zn", "Cu", "Fe", "Sn", "Al", "Hg", "Ag"]
PARTS = ["O", "S", "N", "OC", "SC", "OC(=O)C", "Cl", "C"]


@given(hs.sampled_from(METALS), hs.sampled_from(PARTS), hs.booleans(), hs.booleans())
@settings(max_examples=150, deadline=None)
def test_any_metal_bonded_or_apart_parses_as_the_rewrite_does(
    metal: str, part: str, bonded: bool, first: bool
) -> None:
    text = f"[{metal}]{part}" if bonded else f"[{metal}].{part}"
    if first and not bonded:
        text = f"{part}.[{metal}]"
    mol = Chem.MolFromSmiles(text)
    if mol is None:
        return
    assert _canonical(st.parse_smiles(text)) == _canonical(st.as_ions(mol))
