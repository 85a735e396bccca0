"""CWC family entries as structural rules, each quoting the treaty text it encodes.

Rules are written from the Annex wording, one per family entry:
- General note 1: "(Me, Et, n-Pr or i-Pr)" means any of those four groups, in every
  combination, for each position that carries the parenthesis.
- "(<=C10, incl. cycloalkyl)" limits the carbon count of that one substituent, which
  must be a saturated hydrocarbon group (acyclic or cyclic); "H or" admits hydrogen.
- Salt wording ("and corresponding alkylated or protonated salts") is data on the entry
  and is applied by the matcher, not here.
1A04-1A06 are closed enumerations and are matched by identity only; 1A16's sub-family
wording could not be verified, so its named examples match by identity and other inputs
with the examples' shared features are reported for review (see docs/screening.md).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rdkit import Chem

# Me, Et, n-Pr or i-Pr, attached through the first carbon; H counts close the group.
ALKYL_C3 = "[CH3,$([CH2][CH3]),$([CH2][CH2][CH3]),$([CH1]([CH3])[CH3])]"
HALOGEN = "[F,Cl,Br,I]"

Check = Callable[[Any, tuple[int, ...]], bool]


@dataclass(frozen=True, slots=True)
class FamilyRule:
    """One family entry: a SMARTS core plus checks on the open substituents."""

    code: str
    smarts: str
    check: Check | None = None
    needs: frozenset[str] = frozenset({"P"})
    max_heavy_atoms: int | None = None
    min_heavy_atoms: int = 0
    # Hill formula the parent must have (a regex): a string test is far cheaper than the
    # recursive SMARTS, and most small molecules fail it.
    formula: str | None = None
    schedule_1_precedence: bool = False  # "except for those listed in Schedule 1"
    open_structure: bool = False  # 2B04 covers any chemical containing the P-alkyl motif
    alkylated_salts_only: bool = False  # an individual entry whose salts need a structure rule


def hydrocarbon_size(mol: Any, start: int, anchor: int) -> int | None:
    """Carbons in the substituent at `start` (away from `anchor`), if it is a saturated
    hydrocarbon group; None when it holds anything else or rings back to the anchor."""
    seen = {start}
    todo = [start]
    while todo:
        atom = mol.GetAtomWithIdx(todo.pop())
        if atom.GetAtomicNum() != 6 or atom.GetIsAromatic() or atom.GetFormalCharge():
            return None
        for bond in atom.GetBonds():
            other = bond.GetOtherAtomIdx(atom.GetIdx())
            if other == anchor and atom.GetIdx() != start:
                return None
            if other == anchor:
                continue
            if bond.GetBondType() != Chem.BondType.SINGLE:
                return None
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return len(seen)


def c10_group(mol: Any, start: int, anchor: int) -> bool:
    """'<=C10, incl. cycloalkyl' for one substituent."""
    size = hydrocarbon_size(mol, start, anchor)
    return size is not None and size <= 10


def h_or_c10_on(mol: Any, atom_idx: int, exclude: set[int]) -> bool:
    """The atom's remaining substituent is H (none) or a <=C10 hydrocarbon group."""
    atom = mol.GetAtomWithIdx(atom_idx)
    others = [n.GetIdx() for n in atom.GetNeighbors() if n.GetIdx() not in exclude]
    if not others:
        return True
    return len(others) == 1 and c10_group(mol, others[0], atom_idx)


def _o_alkyl_1a01(mol: Any, m: tuple[int, ...]) -> bool:
    # P(=O)(F)(C)O-C : O-Alkyl (<=C10, incl. cycloalkyl)
    return c10_group(mol, m[5], m[4])


def _o_alkyl_1a02(mol: Any, m: tuple[int, ...]) -> bool:
    return c10_group(mol, m[8], m[7])


def _o_h_or_alkyl(o_pos: int, p_pos: int) -> Check:
    def check(mol: Any, m: tuple[int, ...]) -> bool:
        return h_or_c10_on(mol, m[o_pos], {m[p_pos]})

    return check


def _aminoethyl_nitrogen(n_pos: int, chain_pos: int) -> Check:
    """N,N-dialkyl (Me, Et, n-Pr or i-Pr); a third alkyl on a cationic N is the
    'alkylated salt' form, accepted here and gated by the entry's salt wording."""

    def check(mol: Any, m: tuple[int, ...]) -> bool:
        n = mol.GetAtomWithIdx(m[n_pos])
        subs = [a.GetIdx() for a in n.GetNeighbors() if a.GetIdx() != m[chain_pos]]
        alkyl_atoms = {hit[0] for hit in mol.GetSubstructMatches(_alkyl_pattern())}
        small = [i for i in subs if i in alkyl_atoms]
        if n.GetFormalCharge() == 0:
            return len(subs) == 2 and len(small) == 2
        extra = [i for i in subs if i not in small[:2]]
        return (
            len(small) >= 2 and len(extra) <= 1 and all(c10_group(mol, i, m[n_pos]) for i in extra)
        )

    return check


@cache
def _alkyl_pattern() -> Any:
    return Chem.MolFromSmarts(ALKYL_C3)


def _both(*checks: Check) -> Check:
    def check(mol: Any, m: tuple[int, ...]) -> bool:
        return all(c(mol, m) for c in checks)

    return check


def _amidine_1a13(first: Check) -> Check:
    """N-(1-(dialkyl(<=C10, incl. cycloalkyl)amino))alkylidene(H or <=C10, incl. cycloalkyl)."""

    def check(mol: Any, m: tuple[int, ...]) -> bool:
        p, n_imine, c_amidine, n_amino = m[0], m[3], m[4], m[5]
        amino = [a.GetIdx() for a in mol.GetAtomWithIdx(n_amino).GetNeighbors()]
        amino_subs = [i for i in amino if i != c_amidine]
        return (
            first(mol, m)
            and len(amino_subs) == 2
            and all(c10_group(mol, i, n_amino) for i in amino_subs)
            and h_or_c10_on(mol, c_amidine, {n_imine, n_amino})
            and mol.GetAtomWithIdx(n_imine).GetDegree() == 2
            and p is not None
        )

    return check


def _p_h_or_alkyl(mol: Any, m: tuple[int, ...]) -> bool:
    # P-alkyl (H or <=C10, incl. cycloalkyl): the fourth P substituent
    return h_or_c10_on(mol, m[0], {m[1], m[2], m[3]})


def _o_on_p_h_or_alkyl(mol: Any, m: tuple[int, ...]) -> bool:
    # O-alkyl (H or <=C10, incl. cycloalkyl): the O bonded to P
    p = mol.GetAtomWithIdx(m[0])
    oxygens = [a.GetIdx() for a in p.GetNeighbors() if a.GetAtomicNum() == 8 and a.GetIdx() != m[1]]
    return len(oxygens) == 1 and h_or_c10_on(mol, oxygens[0], {m[0]})


def _quaternised(n_pos: int) -> Check:
    """The fourth group on the cationic N is an alkyl group (<=C10, as for 1A03)."""

    def check(mol: Any, m: tuple[int, ...]) -> bool:
        n = mol.GetAtomWithIdx(m[n_pos])
        extra = [a.GetIdx() for a in n.GetNeighbors() if a.GetIdx() not in m]
        return len(extra) == 1 and c10_group(mol, extra[0], m[n_pos])

    return check


A = ALKYL_C3
RULES: tuple[FamilyRule, ...] = (
    # 1A01 O-Alkyl (<=C10, incl. cycloalkyl) alkyl (Me, Et, n-Pr or i-Pr)-phosphonofluoridates
    FamilyRule("1A01", f"[PX4;+0](=O)(F)({A})[OX2][#6]", _o_alkyl_1a01),
    # 1A02 O-Alkyl (<=C10, incl. cycloalkyl) N,N-dialkyl (Me, Et, n-Pr or i-Pr)
    #      phosphoramidocyanidates
    FamilyRule("1A02", f"[PX4;+0](=O)(C#N)([NX3]({A}){A})[OX2][#6]", _o_alkyl_1a02),
    # 1A03 O-Alkyl (H or <=C10, incl. cycloalkyl) S-2-dialkyl (Me, Et, n-Pr or i-Pr)-
    #      aminoethyl alkyl (Me, Et, n-Pr or i-Pr) phosphonothiolates (+ salts by wording)
    FamilyRule(
        "1A03",
        f"[PX4;+0](=O)({A})([OX2])[SX2][CH2][CH2][N;X3,X4]",
        _both(_o_h_or_alkyl(3, 0), _aminoethyl_nitrogen(7, 6)),
    ),
    # 1A13 P-alkyl (H or <=C10, incl. cycloalkyl) N-(1-(dialkyl(<=C10, incl. cycloalkyl)
    #      amino))alkylidene(H or <=C10, incl. cycloalkyl) phosphonamidic fluorides
    FamilyRule(
        "1A13",
        "[PX4;+0](=O)(F)[NX2]=[CX3][NX3]",
        _amidine_1a13(lambda mol, m: _no_p_oxygen(mol, m) and _p_h_or_alkyl(mol, m)),
        needs=frozenset({"P", "F", "N"}),
    ),
    # 1A14 O-alkyl (H or <=C10, incl. cycloalkyl) N-(1-(dialkyl(<=C10, incl. cycloalkyl)
    #      amino))alkylidene(H or <=C10, incl. cycloalkyl) phosphoramidofluoridates
    FamilyRule(
        "1A14",
        "[PX4;+0](=O)(F)[NX2]=[CX3][NX3]",
        _amidine_1a13(_o_on_p_h_or_alkyl),
        needs=frozenset({"P", "F", "N"}),
    ),
    # 1B09 Alkyl (Me, Et, n-Pr or i-Pr) phosphonyldifluorides
    FamilyRule("1B09", f"[PX4;+0](=O)(F)(F){A}"),
    # 1B10 O-Alkyl (H or <=C10, incl. cycloalkyl) O-2-dialkyl (Me, Et, n-Pr or i-Pr)-
    #      aminoethyl alkyl (Me, Et, n-Pr or i-Pr) phosphonites (+ salts by wording)
    FamilyRule(
        "1B10",
        f"[PX3;+0]({A})([OX2])[OX2][CH2][CH2][N;X3,X4]",
        _both(_o_h_or_alkyl(2, 0), _aminoethyl_nitrogen(6, 5)),
    ),
    # 2A01 Amiton ... "and corresponding alkylated or protonated salts": the base and its
    #      protonated salts match by identity; alkylated (quaternary) salts need this rule.
    FamilyRule(
        "2A01",
        "[CH3][CH2]O[PX4;+0](=O)(O[CH2][CH3])[SX2][CH2][CH2][NX4+]([CH2][CH3])[CH2][CH3]",
        _quaternised(11),
        needs=frozenset({"P", "S", "N"}),
        alkylated_salts_only=True,
    ),
    # 2B04 Chemicals, except for those listed in Schedule 1, containing a phosphorus atom
    #      to which is bonded one methyl, ethyl or propyl (normal or iso) group but not
    #      further carbon atoms
    FamilyRule(
        "2B04",
        f"[#15;!$([#15](~[#6])~[#6])]-{A}",
        schedule_1_precedence=True,
        open_structure=True,
    ),
    # 2B05 N,N-Dialkyl (Me, Et, n-Pr or i-Pr) phosphoramidic dihalides
    FamilyRule("2B05", f"[PX4;+0](=O)([NX3]({A}){A})({HALOGEN}){HALOGEN}"),
    # 2B06 Dialkyl (Me, Et, n-Pr or i-Pr) N,N-dialkyl (Me, Et, n-Pr or i-Pr)-phosphoramidates
    FamilyRule("2B06", f"[PX4;+0](=O)([NX3]({A}){A})([OX2]{A})[OX2]{A}"),
    # 2B10 N,N-Dialkyl (Me, Et, n-Pr or i-Pr) aminoethyl-2-chlorides
    FamilyRule(
        "2B10",
        f"[NX3;+0]({A})({A})[CH2][CH2]Cl",
        needs=frozenset({"N", "Cl"}),
        formula=r"^C\d*H\d*ClN$",
        min_heavy_atoms=6,  # N, two methyls, CH2CH2, and the Cl, O or S
        max_heavy_atoms=10,  # N, two propyls, CH2CH2, and the Cl, O or S
    ),
    # 2B11 N,N-Dialkyl (Me, Et, n-Pr or i-Pr) aminoethane-2-ols
    FamilyRule(
        "2B11",
        f"[NX3;+0]({A})({A})[CH2][CH2][OX2H1]",
        needs=frozenset({"N", "O"}),
        formula=r"^C\d*H\d*NO$",
        min_heavy_atoms=6,  # N, two methyls, CH2CH2, and the Cl, O or S
        max_heavy_atoms=10,  # N, two propyls, CH2CH2, and the Cl, O or S
    ),
    # 2B12 N,N-Dialkyl (Me, Et, n-Pr or i-Pr) aminoethane-2-thiols
    FamilyRule(
        "2B12",
        f"[NX3;+0]({A})({A})[CH2][CH2][SX2H1]",
        needs=frozenset({"N", "S"}),
        formula=r"^C\d*H\d*NS$",
        min_heavy_atoms=6,  # N, two methyls, CH2CH2, and the Cl, O or S
        max_heavy_atoms=10,  # N, two propyls, CH2CH2, and the Cl, O or S
    ),
)


def _no_p_oxygen(mol: Any, m: tuple[int, ...]) -> bool:
    # 1A13 is P-alkyl (a phosphonamidic fluoride); an O on P makes it a 1A14 candidate.
    p = mol.GetAtomWithIdx(m[0])
    return not any(a.GetAtomicNum() == 8 and a.GetIdx() != m[1] for a in p.GetNeighbors())


@cache
def compiled(code: str) -> Any:
    rule = RULE_BY_CODE[code]
    pattern = Chem.MolFromSmarts(rule.smarts)
    if pattern is None:
        raise ValueError(f"bad SMARTS for {code}")
    return pattern


RULE_BY_CODE = {rule.code: rule for rule in RULES}


@dataclass(frozen=True, slots=True)
class ReviewRule:
    """Structural features that make membership of a family possible where ChemSec does
    not hold the family's full wording: such inputs are reported `unresolved` with the
    entry named (never `matched`, never `clear`). Kept as data
    (`screening/data/cwc_review_rules.csv`, with its source and verification status)."""

    code: str
    smarts: str
    features: str
    ring_nitrogen: bool = False  # the matched ring must hold an aromatic N (a pyridine)
    source: str = ""
    verification: str = ""

    def applies(self, mol: Any) -> bool:
        pattern = _review_pattern(self.smarts)
        if not self.ring_nitrogen:
            return bool(mol.HasSubstructMatch(pattern))
        for match in mol.GetSubstructMatches(pattern, maxMatches=16):
            ring = _ring_of(mol, match)
            if any(
                mol.GetAtomWithIdx(i).GetAtomicNum() == 7 and mol.GetAtomWithIdx(i).GetIsAromatic()
                for i in ring
            ):
                return True
        return False


def _ring_of(mol: Any, match: tuple[int, ...]) -> tuple[int, ...]:
    """The six-membered ring holding the matched aryl carbon (the carbamate's)."""
    aryl = match[6]
    for ring in mol.GetRingInfo().AtomRings():
        if aryl in ring and len(ring) == 6:
            return tuple(ring)
    return ()


@cache
def _review_pattern(smarts: str) -> Any:
    pattern = Chem.MolFromSmarts(smarts)
    if pattern is None:
        raise ValueError(f"bad SMARTS {smarts!r}")
    return pattern


REVIEW_FILE = Path(__file__).resolve().parents[1] / "data" / "cwc_review_rules.csv"


def load_reviews(path: Path = REVIEW_FILE) -> tuple[ReviewRule, ...]:
    """1A16 "Carbamates (quaternaries and bisquaternaries of dimethylcarbamoyloxypyridines)":
    the sub-family wording could not be checked against the OPCW's published Annex, so
    no membership rule is encoded. Both named examples carry a 3-(dimethylcarbamoyloxy)
    pyridin-2-ylmethyl group on a quaternary ammonium nitrogen; the review rule asks for
    a dimethylcarbamoyloxy group on a pyridine (or pyridinium) ring, beside a CH2 on a
    quaternary ammonium N, with the ring N in any position."""
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            ReviewRule(
                code=row["code"],
                smarts=row["smarts"],
                features=row["features"],
                ring_nitrogen=bool(row["ring_nitrogen"].strip()),
                source=row["source"],
                verification=row["verification"],
            )
            for row in csv.DictReader(handle)
        )


REVIEWS: tuple[ReviewRule, ...] = load_reviews()
REVIEW_BY_CODE = {rule.code: rule for rule in REVIEWS}


def rule_applies(rule: FamilyRule, mol: Any) -> bool:
    """True when some placement of the rule's core passes its substituent checks."""
    pattern = compiled(rule.code)
    for match in mol.GetSubstructMatches(pattern, uniquify=False, maxMatches=64):
        if rule.check is None or rule.check(mol, match):
            return True
    return False
