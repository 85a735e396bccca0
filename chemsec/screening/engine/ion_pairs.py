"""Covalent molecules written as ion pairs.

A covalent halide or cyanide is sometimes written as a cation beside its anion:
lewisite as "Cl[As+]C=CCl.[Cl-]", phosgene as "O=[C+]Cl.[Cl-]", a phosphonyl halide as
"C[P+](=O)OC.[F-]". Read as written, no component is the listed chemical and the input
came back clear. `covalent_readings` gives the molecules such an input stands for when
each cation is bonded to an anion; they are screened beside the input as written, never
instead of it.

Only cations of elements that bond a halogen covalently are paired: boron, carbon,
silicon, germanium, tin, phosphorus, arsenic, antimony, bismuth, sulfur, selenium and
tellurium. Nitrogen and oxygen cations are left alone: beside a halide they are the
salts they say (an amine hydrochloride, a quaternary ammonium chloride). A reading that
is not a valid molecule (a cation with no valence to spare) is dropped, and a salt that
really is ionic (a phosphonium chloride) only gains a reading that matches nothing it
should not: the reading is the same atoms, bonded.
"""

from __future__ import annotations

from functools import cache
from itertools import combinations, permutations
from typing import Any

from rdkit import Chem

# A singly charged cation of an element that bonds a halogen covalently.
_CATION = "[+1;#5,#6,#14,#15,#16,#32,#33,#34,#50,#51,#52,#83]"
# A free halide ion, or cyanide's carbon.
_ANIONS = ("[F-,Cl-,Br-,I-;X0;H0]", "[C-;X1]#[N;+0]")
# Pairings tried for one input: enough for every listed chemical (at most three halogens
# on one cation), bounded for an adversarial input with dozens of ions.
_MOST_READINGS = 12


def covalent_readings(mol: Any) -> list[Any]:
    """Every distinct molecule made by bonding the input's covalent-bonding cations to
    its halide or cyanide anions, one anion to each cation (as many pairs as the smaller
    of the two counts allows), that RDKit accepts as a neutral-atom molecule."""
    cations = [m[0] for m in mol.GetSubstructMatches(_query(_CATION), maxMatches=64)]
    if not cations:
        return []
    anions = [m[0] for q in _ANIONS for m in mol.GetSubstructMatches(_query(q), maxMatches=64)]
    if not anions:
        return []
    pairs = min(len(cations), len(anions))
    readings: dict[str, Any] = {}
    for chosen in combinations(cations, pairs):
        for partners in _distinct_partners(mol, anions, pairs):
            reading = _bonded(mol, list(zip(chosen, partners, strict=True)))
            if reading is not None:
                readings.setdefault(Chem.MolToSmiles(reading), reading)
            if len(readings) >= _MOST_READINGS:
                return list(readings.values())
    return list(readings.values())


def _distinct_partners(mol: Any, anions: list[int], pairs: int) -> list[tuple[int, ...]]:
    """Orderings of the anions that differ in which kind of anion goes where: two
    chlorides are interchangeable, a chloride and a fluoride are not."""
    seen: set[tuple[str, ...]] = set()
    chosen: list[tuple[int, ...]] = []
    for order in permutations(anions, pairs):
        kinds = tuple(_kind(mol, index) for index in order)
        if kinds not in seen:
            seen.add(kinds)
            chosen.append(order)
        if len(chosen) >= _MOST_READINGS:
            break
    return chosen


def _kind(mol: Any, index: int) -> str:
    atom = mol.GetAtomWithIdx(index)
    return str(atom.GetSymbol()) if atom.GetDegree() == 0 else "CN"


def _bonded(mol: Any, pairs: list[tuple[int, int]]) -> Any:
    """The molecule with each (cation, anion) pair joined by a single bond and both
    atoms made neutral; hydrogens stay as written. None when RDKit refuses a valence."""
    edit = Chem.RWMol(mol)
    for cation, anion in pairs:
        edit.AddBond(cation, anion, Chem.BondType.SINGLE)
        for index in (cation, anion):
            edit.GetAtomWithIdx(index).SetFormalCharge(0)
    bonded = edit.GetMol()
    if Chem.SanitizeMol(bonded, catchErrors=True) != Chem.SanitizeFlags.SANITIZE_NONE:
        return None
    return bonded


@cache
def _query(smarts: str) -> Any:
    return Chem.MolFromSmarts(smarts)
