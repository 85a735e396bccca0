"""Charged, zwitterionic, charge-separated and salt writings of one molecule.

What databases, drawing tools and hand-written files do to a neutral chemical (or to a
permanent cation such as a 1A16 dication): a basic nitrogen protonated, an acidic
hydrogen taken off (an acid, an alcohol, a thiol, a carbon next to a carbonyl or an
ammonium nitrogen: enolates and ylides), both at once (a zwitterion: the 1A16
bisquaternary as its bis-enolate is net neutral), a double bond written as separated
charges (P+-O-, S+-O-, C+-O-, N+=C-O- for an amide or carbamate), and the ions written
with counter-ions as separate components, in either order (PubChem writes the
counter-ions first). Used by the class tests of `writings.py`: none of these may come
back `clear`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from rdkit import Chem

# A nitrogen that takes a proton (amine, also aromatic; not an amide, sulfonamide or
# phosphoramide nitrogen).
_BASIC_N = Chem.MolFromSmarts(
    "[$([NX3;H0,H1,H2;+0;!$(N-[C,S,P]=[O,S,N]);!$(N-a);!$(N=*);!$(N#*)]),$([nX2;+0])]"
)
# A hydrogen an acid, an alcohol, a phenol or a thiol gives up.
_ACIDIC_XH = Chem.MolFromSmarts("[O,S;X2;H1;+0]")
# A carbon hydrogen next to a carbonyl or a cationic nitrogen (enolate, ammonium ylide).
_ENOLISABLE = Chem.MolFromSmarts("[CX4;!H0;+0;$(C-[CX3]=[OX1]),$(C-[N+,n+])]")
_BESIDE_CO = Chem.MolFromSmarts("[CX4;!H0;+0]-[CX3]=[OX1]")
_BESIDE_N_PLUS_AND_CO = Chem.MolFromSmarts("[CX4;!H0;+0;$(C[N+])]-[CX3]=[OX1]")
# A double bond that can be written as separated charges.
_SEPARABLE = Chem.MolFromSmarts("[P,S,C,N;+0;!a]=[O,S,N;+0;!a]")

COUNTER_CATIONS = ("[Na+]", "[K+]", "[NH4+]")
COUNTER_ANIONS = ("[Cl-]", "[Br-]", "[I-]")


def _edit(mol: Chem.Mol, changes: list[tuple[int, int]]) -> Chem.Mol | None:
    """`mol` with each (atom, +1 or -1) change of a proton: +1 adds one and its charge,
    -1 takes one off (the atom becomes an anion); None when RDKit refuses the result."""
    edit = Chem.RWMol(mol)
    for index, change in changes:
        atom = edit.GetAtomWithIdx(index)
        hydrogens = atom.GetTotalNumHs() + change
        if hydrogens < 0:
            return None
        atom.SetFormalCharge(atom.GetFormalCharge() + change)
        atom.SetNumExplicitHs(hydrogens)
        atom.SetNoImplicit(True)
    return _sanitised(edit)


def _sanitised(edit: Chem.RWMol) -> Chem.Mol | None:
    """The edited molecule, or None when RDKit refuses it."""
    out = edit.GetMol()
    if Chem.SanitizeMol(out, catchErrors=True) != Chem.SanitizeFlags.SANITIZE_NONE:
        return None
    return out


def _separated(mol: Chem.Mol, bond: tuple[int, int]) -> Chem.Mol | None:
    """`mol` with the double bond between the two atoms written as X+-Y-."""
    edit = Chem.RWMol(mol)
    first, second = bond
    edit.GetBondBetweenAtoms(first, second).SetBondType(Chem.BondType.SINGLE)
    for index, charge in ((first, 1), (second, -1)):
        atom = edit.GetAtomWithIdx(index)
        hydrogens = atom.GetTotalNumHs()
        atom.SetFormalCharge(atom.GetFormalCharge() + charge)
        atom.SetNumExplicitHs(hydrogens)
        atom.SetNoImplicit(True)
    return _sanitised(edit)


def _enolate(mol: Chem.Mol, carbon: int) -> Chem.Mol | None:
    """The carbanion at `carbon` written as the enolate C=C-O- when a carbonyl is beside it."""
    atom = mol.GetAtomWithIdx(carbon)
    for neighbour in atom.GetNeighbors():
        for bond in neighbour.GetBonds():
            oxygen = bond.GetOtherAtom(neighbour)
            if (
                oxygen.GetAtomicNum() == 8
                and bond.GetBondType() == Chem.BondType.DOUBLE
                and oxygen.GetDegree() == 1
            ):
                edit = Chem.RWMol(mol)
                edit.GetBondBetweenAtoms(carbon, neighbour.GetIdx()).SetBondType(
                    Chem.BondType.DOUBLE
                )
                edit.GetBondBetweenAtoms(neighbour.GetIdx(), oxygen.GetIdx()).SetBondType(
                    Chem.BondType.SINGLE
                )
                c = edit.GetAtomWithIdx(carbon)
                c.SetNumExplicitHs(c.GetTotalNumHs() - 1)
                c.SetNoImplicit(True)
                o = edit.GetAtomWithIdx(oxygen.GetIdx())
                o.SetFormalCharge(-1)
                o.SetNumExplicitHs(0)
                o.SetNoImplicit(True)
                out = edit.GetMol()
                if Chem.SanitizeMol(out, catchErrors=True) == Chem.SanitizeFlags.SANITIZE_NONE:
                    return out
    return None


def _sites(mol: Chem.Mol, pattern: Chem.Mol, limit: int) -> list[int]:
    return [m[0] for m in mol.GetSubstructMatches(pattern, maxMatches=limit)][:limit]


def ions(mol: Chem.Mol, limit: int = 2) -> Iterator[tuple[str, Chem.Mol]]:
    """(form, molecule) for each charged writing of one molecule: protonated, deprotonated
    (acid, alcohol, thiol; carbanion, enolate), zwitterions, doubly deprotonated (the 1A16
    bisquaternary's bis-enolate), and each with one double bond charge-separated."""
    basic = _sites(mol, _BASIC_N, limit)
    acidic = _sites(mol, _ACIDIC_XH, limit)
    carbons = _sites(mol, _ENOLISABLE, 8)
    # One carbon of each kind (next to a carbonyl, next to N+), and both ends of a
    # symmetric chain (the bisquaternary's two CH2 between N+ and C=O).
    carbons = sorted(set(carbons[:limit] + carbons[-limit:]))
    out: list[tuple[str, Chem.Mol | None]] = []
    for n in basic:
        out.append(("protonated", _edit(mol, [(n, 1)])))
    for x in acidic:
        out.append(("deprotonated", _edit(mol, [(x, -1)])))
    for c in carbons:
        out.append(("carbanion", _edit(mol, [(c, -1)])))
        out.append(("enolate", _enolate(mol, c)))
    for n, x in itertools.product(basic[:1], acidic + carbons[:1]):
        out.append(("zwitterion", _edit(mol, [(n, 1), (x, -1)])))
    if len(carbons) >= 2:
        out.append(("bis-carbanion", _edit(mol, [(carbons[0], -1), (carbons[-1], -1)])))
    # Two carbons beside carbonyls (next to N+ first: the 1A16 bisquaternary's two CH2
    # between N+ and C=O), both written as enolates: a dication's bis-enolate.
    keto = _sites(mol, _BESIDE_N_PLUS_AND_CO, 4) or _sites(mol, _BESIDE_CO, 8)
    if len(keto) >= 2:
        once = _enolate(mol, keto[0])
        if once is not None:
            out.append(("bis-enolate", _enolate(once, keto[-1])))
    if len(acidic) >= 2:
        out.append(("doubly deprotonated", _edit(mol, [(acidic[0], -1), (acidic[1], -1)])))
    bonds = [tuple(m) for m in mol.GetSubstructMatches(_SEPARABLE, maxMatches=limit)][:limit]
    for bond in bonds:
        separated = _separated(mol, (bond[0], bond[1]))
        out.append(("charge-separated", separated))
        if separated is not None and basic:
            out.append(("charge-separated, protonated", _edit(separated, [(basic[0], 1)])))
    for form, ion in out:
        if ion is not None:
            yield form, ion


def with_counter_ions(smiles: str, charge: int) -> Iterator[tuple[str, str]]:
    """The ion with counter-ions as separate components, after it and (as PubChem
    writes salts) before it."""
    if charge == 0:
        return
    pool = COUNTER_ANIONS if charge > 0 else COUNTER_CATIONS
    for counter in pool[:2]:
        ions_text = ".".join([counter] * abs(charge))
        yield f"with {counter}", f"{smiles}.{ions_text}"
    yield f"{pool[0]} first", ".".join([pool[0]] * abs(charge) + [smiles])
    if abs(charge) == 2 and charge < 0:
        yield "with [Ca+2]", f"{smiles}.[Ca+2]"


def charged_forms(smiles: str, limit: int = 2) -> Iterator[tuple[str, str]]:
    """(form, SMILES) for every charged writing of `smiles` (one molecule, neutral or a
    permanent cation), alone and with counter-ions; the permanent cation itself also
    with the counter-ions it was not written with."""
    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        return
    seen = {Chem.MolToSmiles(mol)}
    for form, ion in ions(mol, limit):
        text = Chem.MolToSmiles(ion)
        if text in seen:
            continue
        seen.add(text)
        yield f"{form} alone", text
        for how, salt in with_counter_ions(text, Chem.GetFormalCharge(ion)):
            yield f"{form} {how}", salt


# A bond a covalent halide or cyanide is written apart as an ion pair: an element that
# bonds a halogen covalently (not N or O, whose cations beside a halide are real salts)
# to a terminal halogen, or to a cyanide's carbon.
_ION_PAIR_BOND = Chem.MolFromSmarts(
    "[#5,#6,#14,#15,#16,#32,#33,#34,#50,#51,#52,#83;+0]-[$([F,Cl,Br,I;X1;+0]),$([CX2;+0]#[N;+0])]"
)


def ion_pairs(smiles: str) -> Iterator[tuple[str, str]]:
    """Each covalent bond to a halogen or a cyanide written as a cation beside its anion
    ("Cl[As+]C=CCl.[Cl-]" for lewisite), the anion after or before the cation (the
    writing some drawing tools and databases give a covalent halide)."""
    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        return
    seen: set[str] = set()
    for cation, anion in mol.GetSubstructMatches(_ION_PAIR_BOND, maxMatches=20):
        edit = Chem.RWMol(mol)
        edit.RemoveBond(cation, anion)
        for index, charge in ((cation, 1), (anion, -1)):
            atom = edit.GetAtomWithIdx(index)
            atom.SetNumExplicitHs(atom.GetTotalNumHs())
            atom.SetNoImplicit(True)
            atom.SetFormalCharge(charge)
        written = _sanitised(edit)
        if written is None:
            continue
        text = str(Chem.MolToSmiles(written))
        if text in seen:
            continue
        seen.add(text)
        parts = text.split(".")
        yield "ion pair", text
        yield "ion pair, anion first", ".".join(reversed(parts))
