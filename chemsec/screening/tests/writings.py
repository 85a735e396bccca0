"""Other writings of the listed chemicals, as real files and databases write them.

Used by the class tests and the property-based contract test: every listed chemical of
the shipped lists, written in each form of issue 16 section 1 and 2 (CAS without hyphens
or with spaces, salts as two neutral molecules, solvates and co-crystals, spectator ions,
charged forms, tautomers), must never come back `clear`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from rdkit import Chem
from rdkit.Chem.MolStandardize import rdMolStandardize

from chemsec.screening.engine.lists import LIST_FILES, ListEntry, load_list

# Neutral partners a listed chemical is written beside: a solvent, a larger co-former
# (caffeine: more heavy atoms than the small listed chemicals), an organic acid.
NEUTRAL_PARTNERS = {"ethanol": "CCO", "caffeine": "Cn1cnc2c1c(=O)n(C)c(=O)n2C"}
ACID_PARTNERS = {"hydrogen chloride": "Cl", "oxalic acid": "OC(=O)C(=O)O"}
# Carbon-free ions written beside a neutral listed chemical (a spectator salt, a buffer, a
# lone ion of an incompletely drawn record): set aside as counter-ions, never the reason the
# listed chemical is missed.
SPECTATOR_IONS = {
    "sodium chloride as ions": "[Na+].[Cl-]",
    "calcium chloride as ions": "[Ca+2].[Cl-].[Cl-]",
    "ammonium ion alone": "[NH4+]",
    "chloride alone": "[Cl-]",
}


@dataclass(frozen=True, slots=True)
class Writing:
    entry: ListEntry
    form: str  # what kind of writing (for test ids and messages)
    text: str  # the identifier as a user would give it


@cache
def listed() -> tuple[ListEntry, ...]:
    """Every chemical row of the shipped lists (individual, example, member)."""
    return tuple(e for code in LIST_FILES for e in load_list(code) if e.is_chemical)


@cache
def single_molecules() -> tuple[ListEntry, ...]:
    """Listed chemicals whose structure is one neutral molecule."""
    out = []
    for e in listed():
        if not e.smiles or "." in e.smiles:
            continue
        mol = Chem.MolFromSmiles(e.smiles)
        if mol is not None and Chem.GetFormalCharge(mol) == 0 and "+" not in e.smiles:
            out.append(e)
    return tuple(out)


def cas_writings() -> Iterator[Writing]:
    for e in listed():
        if e.cas:
            yield Writing(e, "cas without hyphens", e.cas.replace("-", ""))
            yield Writing(e, "cas with spaces", e.cas.replace("-", " "))
            yield Writing(e, "cas with an en dash", e.cas.replace("-", "\u2013"))


def mixture_writings() -> Iterator[Writing]:
    for e in single_molecules():
        for name, partner in NEUTRAL_PARTNERS.items():
            yield Writing(e, f"with {name}", f"{e.smiles}.{partner}")
            yield Writing(e, f"{name} first", f"{partner}.{e.smiles}")
        yield Writing(e, "hydrate", f"{e.smiles}.O.O")
        for name, partner in ACID_PARTNERS.items():
            yield Writing(e, f"salt with {name} as two molecules", f"{e.smiles}.{partner}")
        for name, ions in SPECTATOR_IONS.items():
            yield Writing(e, f"beside {name}", f"{e.smiles}.{ions}")


def charged_writings() -> Iterator[Writing]:
    for e in single_molecules():
        mol = Chem.MolFromSmiles(e.smiles)
        for form, changed in (
            ("protonated", _protonated(mol)),
            ("deprotonated", _deprotonated(mol)),
        ):
            if changed is not None:
                yield Writing(e, f"{form} ion alone", Chem.MolToSmiles(changed))
                counter = "[Cl-]" if form == "protonated" else "[Na+]"
                yield Writing(
                    e, f"{form} ion with counter-ion", f"{Chem.MolToSmiles(changed)}.{counter}"
                )


def tautomer_writings(limit: int = 4) -> Iterator[Writing]:
    enumerator = rdMolStandardize.TautomerEnumerator()
    for e in single_molecules():
        mol = Chem.MolFromSmiles(e.smiles)
        own = Chem.MolToSmiles(mol)
        tautomers = list(enumerator.Enumerate(mol))
        smiles = sorted({Chem.MolToSmiles(t) for t in tautomers} - {own})
        for text in smiles[:limit]:
            yield Writing(e, "tautomer", text)


def all_writings() -> list[Writing]:
    return [
        *cas_writings(),
        *mixture_writings(),
        *charged_writings(),
        *tautomer_writings(),
    ]


_BASIC_N = Chem.MolFromSmarts("[NX3;H0,H1,H2;+0;!$(N-[C,S,P]=[O,S,N]);!$(N-a);!$(N=*);!$(N#*)]")
_ACID_OH = Chem.MolFromSmarts("[OX2H1;$(O[C,P,S]=O)]")


def _protonated(mol: Chem.Mol) -> Chem.Mol | None:
    return _charge(mol, _BASIC_N, +1)


def _deprotonated(mol: Chem.Mol) -> Chem.Mol | None:
    return _charge(mol, _ACID_OH, -1)


def _charge(mol: Chem.Mol, pattern: Chem.Mol, charge: int) -> Chem.Mol | None:
    match = mol.GetSubstructMatch(pattern)
    if not match:
        return None
    edit = Chem.RWMol(mol)
    atom = edit.GetAtomWithIdx(match[0])
    atom.SetFormalCharge(charge)
    atom.SetNumExplicitHs(atom.GetTotalNumHs() + charge)
    atom.SetNoImplicit(True)
    out = edit.GetMol()
    if Chem.SanitizeMol(out, catchErrors=True) != Chem.SanitizeFlags.SANITIZE_NONE:
        return None
    return out
