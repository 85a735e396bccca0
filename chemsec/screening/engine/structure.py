"""RDKit side of identity: parsing, standardisation and cheap pre-filter signatures.

Screening must cost little more than parsing, so a molecule first gets a formula and
its element counts (a few microseconds); InChIKeys and substructure searches run only
for the rare molecules whose formula or elements make a listed chemical possible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from rdkit import Chem, RDLogger
from rdkit.Chem import rdMolDescriptors
from rdkit.Chem.MolStandardize import rdMolStandardize

RDLogger.DisableLog("rdApp.*")  # type: ignore[attr-defined]  # bad input is reported per row, not on stderr

_WATER = "O"


@dataclass(slots=True)
class Prepared:
    """A parsed input with the forms the matcher needs."""

    whole: Chem.Mol
    formula: str  # of the whole input; also the element pre-filter (see `may_contain`)
    parent: Chem.Mol
    parent_formula: str
    salt_kind: str  # none, hydrate, protonated, alkylated, mixture, other
    dry_formula: str | None = None  # whole minus water of crystallisation
    dry: Chem.Mol | None = None
    _keys: dict[str, str] = field(default_factory=dict)

    def may_contain(self, symbol: str) -> bool:
        """Cheap element test on the formula text: "N" also hits "Na", which only makes
        the pre-filter less selective, never wrong."""
        return symbol in self.formula

    def key(self, form: str) -> str:
        """Skeleton InChIKey (connectivity + protonation flag) of 'whole', 'parent', 'dry'."""
        if form not in self._keys:
            mol = {"whole": self.whole, "parent": self.parent, "dry": self.dry}[form]
            self._keys[form] = skeleton_key(mol) if mol is not None else ""
        return self._keys[form]


def skeleton_key(mol: Any) -> str:
    # Stereo and isotopes are ignored: listed names (sarin, lewisite 1) cover every isomer.
    full = Chem.MolToInchiKey(mol)  # type: ignore[no-untyped-call]
    return f"{full[:14]}-{full[-1:]}" if full else ""


def skeleton_of(inchikey: str) -> str:
    return f"{inchikey[:14]}-{inchikey[-1:]}" if inchikey else ""


def formula_of(mol: Any) -> str:
    return str(rdMolDescriptors.CalcMolFormula(mol))


@cache
def _uncharger() -> Any:
    return rdMolStandardize.Uncharger()


def parse_smiles(text: str) -> Any:
    return Chem.MolFromSmiles(text)


def parse_inchi(text: str) -> Any:
    return Chem.MolFromInchi(text)  # type: ignore[no-untyped-call]


def parse_molblock(text: str) -> Any:
    return Chem.MolFromMolBlock(text)


SplitFilter = Callable[[str, int], bool]


def prepare(
    mol: Any, multi_fragment: bool | None = None, worth_splitting: SplitFilter | None = None
) -> Prepared:
    """Formula and (for salts and ions only) the neutral parent.

    Splitting a salt into fragments costs several parses, so `worth_splitting(formula,
    heavy atoms of the largest fragment)` may say that no listed chemical could be its
    parent; the input is then screened whole.
    """
    formula = formula_of(mol)
    if multi_fragment is None:
        multi_fragment = len(Chem.GetMolFrags(mol)) > 1
    charged = formula.endswith(("+", "-"))
    if not multi_fragment and not charged:
        return Prepared(mol, formula, mol, formula, "none")
    if multi_fragment and worth_splitting is not None:
        largest = max(len(f) for f in Chem.GetMolFrags(mol))
        if not worth_splitting(formula, largest):
            return Prepared(mol, formula, mol, formula, "other")
    return _prepare_salt(mol, formula, multi_fragment)


def _prepare_salt(mol: Any, formula: str, multi_fragment: bool) -> Prepared:
    frags = list(Chem.GetMolFrags(mol, asMols=True)) if multi_fragment else [mol]
    dry_frags = [f for f in frags if not _is_water(f)]
    dry = _combine(dry_frags) if len(dry_frags) < len(frags) and dry_frags else None
    largest = max(dry_frags or frags, key=lambda f: f.GetNumHeavyAtoms())
    charged = largest.HasSubstructMatch(_query("[+,-]"))
    parent = _uncharger().uncharge(largest) if charged else largest
    kind = _salt_kind(largest, parent, dry_frags or frags, hydrate=dry is not None)
    prepared = Prepared(mol, formula, parent, formula_of(parent), kind)
    if dry is not None:
        prepared.dry, prepared.dry_formula = dry, formula_of(dry)
    return prepared


def _is_water(frag: Any) -> bool:
    if frag.GetNumAtoms() != 1:
        return False
    atom = frag.GetAtomWithIdx(0)
    return bool(
        atom.GetAtomicNum() == 8 and not atom.GetFormalCharge() and atom.GetTotalNumHs() == 2
    )


def _combine(frags: list[Any]) -> Any:
    combined = frags[0]
    for frag in frags[1:]:
        combined = Chem.CombineMols(combined, frag)
    return combined


def _salt_kind(largest: Any, parent: Any, frags: list[Any], hydrate: bool) -> str:
    if len(frags) == 1 and largest is parent:
        return "hydrate" if hydrate else "none"
    # Atom queries run in C++; Python loops over atoms cost more than the parse.
    if largest.HasSubstructMatch(_query("[+;!H0]")):
        return "protonated"
    if len(frags) > 1 and _is_hydrohalide(frags, largest):
        return "protonated"
    if parent.HasSubstructMatch(_query("[N+;H0;X4]")):
        return "alkylated"
    if not any(f.HasSubstructMatch(_query("[+,-]")) for f in frags):
        return "mixture"  # neutral components written together: screen the main one
    return "other"


@cache
def _query(smarts: str) -> Any:
    return Chem.MolFromSmarts(smarts)


_ACIDS = frozenset({"HCl", "HBr", "HF", "HI", "H2O4S", "HNO3"})


def _is_hydrohalide(frags: list[Any], largest: Any) -> bool:
    # "CNC.Cl" writes a hydrochloride without charges: the acid protonates the base.
    others = [f for f in frags if f is not largest]
    return bool(others) and all(formula_of(f) in _ACIDS for f in others)


def canonical_smiles(mol: Any) -> str:
    return str(Chem.MolToSmiles(mol))


def inchikey(mol: Any) -> str:
    return str(Chem.MolToInchiKey(mol))  # type: ignore[no-untyped-call]
