"""CWC family entries as structural rules, each quoting the treaty text it encodes.

Rules are written from the Annex wording, one per family entry:
- General note 1: "(Me, Et, n-Pr or i-Pr)" means any of those four groups, in every
  combination, for each position that carries the parenthesis.
- "(<=C10, incl. cycloalkyl)" limits the carbon count of that one substituent, which
  must be a saturated hydrocarbon group (acyclic or cyclic); "H or" admits hydrogen.
- Salt wording ("and corresponding alkylated or protonated salts") is data on the entry
  and is applied by the matcher, not here.
1A04-1A06 are closed enumerations and are matched by identity only. 1A16's sub-family
wording is encoded from the official German text (`Carbamates1A16` below; the authentic
English wording was not read); inputs with the named examples' shared features that the
encoded sub-families do not cover are reported for review (see docs/screening.md).
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
    """Structural features that make membership of a family possible where ChemSec's
    membership rule does not decide it (1A16: the rule follows the official German text,
    the authentic English wording was not read): such inputs are reported `unresolved`
    with the entry named (never `matched`, never `clear`). Kept as data
    (`screening/data/cwc_review_rules.csv`, with its source and verification status)."""

    code: str
    smarts: str
    features: str
    ring_nitrogen: bool = False  # the matched ring must hold an aromatic N (a pyridine)
    source: str = ""
    verification: str = ""

    def minimum_composition(self) -> dict[str, int]:
        """Heavy atoms per element every molecule the rule names holds: one for each atom
        of the pattern that is one element ([CH3], N, O, c, [NX4+]; not [c,n]), and the
        ring's aromatic N (an atom the pattern writes as [c,n], so never counted twice).
        The exact pre-filter on SMILES text leaves a charged molecule with this much
        unsettled (`Matcher.review_possible`)."""
        counts: dict[str, int] = {}
        for atom in _review_pattern(self.smarts).GetAtoms():
            described = atom.DescribeQuery()
            element = atom.GetAtomicNum()
            if element > 1 and "Or" not in described and "!=" not in described:
                symbol = Chem.GetPeriodicTable().GetElementSymbol(element)
                counts[symbol] = counts.get(symbol, 0) + 1
        if self.ring_nitrogen:
            counts["N"] = counts.get("N", 0) + 1
        return counts

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
    membership is decided by `Carbamates1A16` (from the official German text; the
    authentic English wording was not read). Both named examples carry a
    3-(dimethylcarbamoyloxy)pyridin-2-ylmethyl group on a quaternary ammonium nitrogen;
    the review rule asks for a dimethylcarbamoyloxy group on a pyridine (or pyridinium)
    ring, beside a CH2 on a quaternary ammonium N, with the ring N in any position, and
    names the entry for every such input the membership rule does not cover."""
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


# -- 1A16 membership ----------------------------------------------------------------------
# CWC Schedule 1 A 16, in force 2020-06-07 (decisions C-24/DEC.4 and C-24/DEC.5), read in
# the official German text (Ausführungsverordnung zum Chemiewaffenübereinkommen, CWÜV,
# Anhang 1, Liste 1 A Nr. 16; the authentic English wording was not read):
#   Quaternäre Dimethylcarbamoyloxypyridine: 1-[N,N-Dialkyl(≤ C10)-N-(x-(hydroxy, cyano,
#   acetoxy)alkyl(≤ C10)) ammonio]-10-[N-(3-dimethylcarbamoyloxy-α-picolinyl)-N,N-
#   dialkyl(≤ C10) ammonio]-n-decan-dibromide (x = 1-8)
#   Bisquaternäre Dimethylcarbamoyloxypyridine: 1,x-Bis[N-(3-dimethylcarbamoyloxy-α-
#   picolinyl)-N,N-dialkyl(≤ C10) ammonio]-n-alkan-(2,(x-1)-dion)-dibromide (x = 2-12)
# Read here as:
# - 3-dimethylcarbamoyloxy-α-picolinyl: (3-(dimethylcarbamoyloxy)pyridin-2-yl)methyl, the
#   ring otherwise unsubstituted and its N neither charged nor substituted;
# - alkyl(≤ C10): an acyclic saturated hydrocarbon group of 1-10 carbons, branched or
#   not (the entry does not say "incl. cycloalkyl", as 1A01-1A03 do: a cycloalkyl group is
#   not read as a member and stays for review);
# - x-(hydroxy, cyano, acetoxy)alkyl(≤ C10): an unbranched alkyl chain of 1-10 carbons
#   (the cyano and acetyl carbons not counted) carrying exactly one hydroxy, cyano or
#   acetoxy group, on its carbon x = 1-8 counted from the N; a branched chain makes the
#   locant x ambiguous and stays for review;
# - n-decan, ammonio at 1 and 10: ten CH2 groups in a row between the two N;
# - n-alkan-2,(x-1)-dion of x carbons, ammonio at 1 and x: CH2-CO-(CH2)(x-4)-CO-CH2, so
#   x = 4-12 only. For x = 3 the two ketones fall on one carbon (no such molecule) and for
#   x = 2 the locants cross (ketones on the ammonio carbons themselves): the text does not
#   define these, and they stay for review.
# Every atom of the cation must belong to that reading (nothing else attached). The
# entry names dibromides; which salt form an input is is decided by the matcher
# (`Matcher._member_hit`).

_PICOLINYL = "[CH3][NX3]([CH3])C(=O)[OX2][c;R1]1[cH][cH][cH][nX2;+0][c;R1]1[CH2][NX4+]"
_PICOLINYL_ATOMS = 14  # the pattern's atoms; the last is the quaternary N
_ARM_MAX_X = 8
_BIS_CHAIN = range(4, 13)  # x = 4-12 defined (see above)
_SINGLE = Chem.BondType.SINGLE


def _acyclic_alkyl(mol: Any, start: int, anchor: int, limit: int = 10) -> set[int] | None:
    """The atoms of an alkyl(≤ C10) group at `start` (away from `anchor`): saturated,
    acyclic, carbon only; None when the group is anything else."""
    seen = {start}
    todo = [start]
    while todo:
        atom = mol.GetAtomWithIdx(todo.pop())
        if (
            atom.GetAtomicNum() != 6
            or atom.GetIsAromatic()
            or atom.GetFormalCharge()
            or atom.IsInRing()
        ):
            return None
        for bond in atom.GetBonds():
            other = bond.GetOtherAtomIdx(atom.GetIdx())
            if other == anchor and atom.GetIdx() == start:
                continue
            if bond.GetBondType() != _SINGLE or other == anchor:
                return None
            if other not in seen:
                seen.add(other)
                todo.append(other)
        if len(seen) > limit:
            return None
    return seen


def _arm_group(mol: Any, carbon: int, start: int) -> set[int] | None:
    """The atoms of a hydroxy, cyano or acetoxy group at `start`, bonded to `carbon`."""
    atom = mol.GetAtomWithIdx(start)
    if atom.GetFormalCharge() or atom.GetIsAromatic() or atom.IsInRing():
        return None
    bond = mol.GetBondBetweenAtoms(carbon, start)
    if bond is None or bond.GetBondType() != _SINGLE:
        return None
    others = [a for a in atom.GetNeighbors() if a.GetIdx() != carbon]
    if atom.GetAtomicNum() == 8 and not others:
        return {start} if atom.GetTotalNumHs() == 1 else None  # hydroxy
    if atom.GetAtomicNum() == 6 and len(others) == 1:  # cyano: C#N
        n = others[0]
        triple = mol.GetBondBetweenAtoms(start, n.GetIdx()).GetBondType()
        if n.GetAtomicNum() == 7 and n.GetDegree() == 1 and triple == Chem.BondType.TRIPLE:
            return {start, n.GetIdx()} if not n.GetFormalCharge() else None
        return None
    if atom.GetAtomicNum() == 8 and len(others) == 1:  # acetoxy: O-C(=O)-CH3
        acyl = others[0]
        if acyl.GetAtomicNum() != 6 or acyl.GetDegree() != 3 or acyl.GetFormalCharge():
            return None
        rest = [a for a in acyl.GetNeighbors() if a.GetIdx() != start]
        oxo = [
            a
            for a in rest
            if a.GetAtomicNum() == 8
            and a.GetDegree() == 1
            and not a.GetFormalCharge()
            and mol.GetBondBetweenAtoms(acyl.GetIdx(), a.GetIdx()).GetBondType()
            == Chem.BondType.DOUBLE
        ]
        methyl = [
            a
            for a in rest
            if a.GetAtomicNum() == 6 and a.GetDegree() == 1 and a.GetTotalNumHs() == 3
        ]
        if len(oxo) == 1 and len(methyl) == 1:
            return {start, acyl.GetIdx(), oxo[0].GetIdx(), methyl[0].GetIdx()}
    return None


def _functional_arm(mol: Any, start: int, anchor: int) -> set[int] | None:
    """The atoms of an x-(hydroxy, cyano, acetoxy)alkyl(≤ C10) arm, x = 1-8, on `anchor`."""
    chain: list[int] = []
    atoms: set[int] = set()
    positions: list[int] = []
    previous, current = anchor, start
    while current != -1:
        atom = mol.GetAtomWithIdx(current)
        if (
            atom.GetAtomicNum() != 6
            or atom.GetIsAromatic()
            or atom.GetFormalCharge()
            or atom.IsInRing()
            or len(chain) == 10
        ):
            return None
        chain.append(current)
        atoms.add(current)
        following = -1
        for neighbour in atom.GetNeighbors():
            other = neighbour.GetIdx()
            if other == previous:
                continue
            group = _arm_group(mol, current, other)
            if group is not None:
                positions.append(len(chain))
                atoms |= group
                continue
            bond = mol.GetBondBetweenAtoms(current, other)
            if following != -1 or neighbour.GetAtomicNum() != 6 or bond.GetBondType() != _SINGLE:
                return None  # a branch, or anything but the chain and its one group
            following = other
        previous, current = current, following
    if len(positions) != 1 or not 1 <= positions[0] <= _ARM_MAX_X:
        return None
    return atoms


def _methylene_run(mol: Any, start: int, anchor: int, count: int) -> list[int] | None:
    """`count` CH2 groups in a row from `start` (away from `anchor`), outside rings; the
    list holds them and, last, the atom after them."""
    run: list[int] = []
    previous, current = anchor, start
    for _ in range(count):
        atom = mol.GetAtomWithIdx(current)
        if not _is_methylene(atom):
            return None
        nxt = [a.GetIdx() for a in atom.GetNeighbors() if a.GetIdx() != previous]
        if len(nxt) != 1:
            return None
        run.append(current)
        previous, current = current, nxt[0]
    run.append(current)
    return run


def _is_methylene(atom: Any) -> bool:
    return bool(
        atom.GetAtomicNum() == 6
        and atom.GetDegree() == 2
        and atom.GetTotalNumHs() == 2
        and not atom.GetFormalCharge()
        and not atom.IsInRing()
        and all(b.GetBondType() == _SINGLE for b in atom.GetBonds())
    )


def _ketone_oxygen(mol: Any, carbon: int) -> int | None:
    atom = mol.GetAtomWithIdx(carbon)
    if atom.GetAtomicNum() != 6 or atom.GetDegree() != 3 or atom.IsInRing():
        return None
    if atom.GetFormalCharge():
        return None
    oxo = [
        b.GetOtherAtomIdx(carbon)
        for b in atom.GetBonds()
        if b.GetBondType() == Chem.BondType.DOUBLE
        and b.GetOtherAtom(atom).GetAtomicNum() == 8
        and b.GetOtherAtom(atom).GetDegree() == 1
        and not b.GetOtherAtom(atom).GetFormalCharge()
    ]
    return oxo[0] if len(oxo) == 1 else None


class Carbamates1A16:
    """Membership of 1A16 for one cation (see the reading above). `applies` takes the
    molecule's neutral parent, a dication for every member."""

    code = "1A16"

    def applies(self, mol: Any) -> bool:
        heavy = mol.GetNumHeavyAtoms()
        ends = {m[-1]: frozenset(m) for m in mol.GetSubstructMatches(_picolinyl(), maxMatches=8)}
        if not ends or len(ends) > 2:
            return False
        for n_plus, end in ends.items():
            for linker in _ammonio_substituents(mol, n_plus, end):
                covered = self._quaternary(mol, n_plus, end, linker)
                if covered is None:
                    covered = self._bisquaternary(mol, n_plus, end, linker, ends)
                if covered is not None and len(covered) == heavy:
                    return True
        return False

    @staticmethod
    def _quaternary(mol: Any, n_plus: int, end: frozenset[int], linker: int) -> set[int] | None:
        """Quaternaries: the picolinyl end, (CH2)10, and N+ with two alkyls and one arm."""
        alkyls = _dialkyl(mol, n_plus, end, linker)
        run = _methylene_run(mol, linker, n_plus, 10)
        if alkyls is None or run is None:
            return None
        far = mol.GetAtomWithIdx(run[-1])
        if far.GetAtomicNum() != 7 or far.GetFormalCharge() != 1 or far.GetDegree() != 4:
            return None
        groups = [a.GetIdx() for a in far.GetNeighbors() if a.GetIdx() != run[-2]]
        for arm in groups:
            rest = [g for g in groups if g != arm]
            arm_atoms = _functional_arm(mol, arm, far.GetIdx())
            parts = [_acyclic_alkyl(mol, g, far.GetIdx()) for g in rest]
            if arm_atoms is not None and all(p is not None for p in parts):
                covered = set(end) | alkyls | set(run) | arm_atoms
                for p in parts:
                    covered |= p or set()
                return covered
        return None

    @staticmethod
    def _bisquaternary(
        mol: Any,
        n_plus: int,
        end: frozenset[int],
        linker: int,
        ends: dict[int, frozenset[int]],
    ) -> set[int] | None:
        """Bisquaternaries: two picolinyl ends on N-CH2-CO-(CH2)k-CO-CH2-N, k = x - 4."""
        if len(ends) != 2 or not _is_methylene(mol.GetAtomWithIdx(linker)):
            return None
        alkyls = _dialkyl(mol, n_plus, end, linker)
        if alkyls is None:
            return None
        first = [a.GetIdx() for a in mol.GetAtomWithIdx(linker).GetNeighbors()]
        ketone = next(i for i in first if i != n_plus)
        oxygen = _ketone_oxygen(mol, ketone)
        if oxygen is None:
            return None
        onward = [
            a.GetIdx()
            for a in mol.GetAtomWithIdx(ketone).GetNeighbors()
            if a.GetIdx() not in (linker, oxygen)
        ]
        if len(onward) != 1:
            return None
        covered = set(end) | alkyls | {linker, ketone, oxygen}
        previous, current = ketone, onward[0]
        inner = 0
        while _ketone_oxygen(mol, current) is None:
            atom = mol.GetAtomWithIdx(current)
            if not _is_methylene(atom) or inner > max(_BIS_CHAIN) - 4:
                return None
            covered.add(current)
            inner += 1
            nxt = [a.GetIdx() for a in atom.GetNeighbors() if a.GetIdx() != previous]
            previous, current = current, nxt[0]
        if inner + 4 not in _BIS_CHAIN:
            return None
        second_oxygen = _ketone_oxygen(mol, current)
        assert second_oxygen is not None
        covered |= {current, second_oxygen}
        after = [
            a.GetIdx()
            for a in mol.GetAtomWithIdx(current).GetNeighbors()
            if a.GetIdx() not in (previous, second_oxygen)
        ]
        if len(after) != 1 or not _is_methylene(mol.GetAtomWithIdx(after[0])):
            return None
        methylene = after[0]
        neighbours = mol.GetAtomWithIdx(methylene).GetNeighbors()
        far = next(a.GetIdx() for a in neighbours if a.GetIdx() != current)
        if far == n_plus or far not in ends:
            return None
        other_alkyls = _dialkyl(mol, far, ends[far], methylene)
        if other_alkyls is None:
            return None
        return covered | {methylene} | set(ends[far]) | other_alkyls


def _ammonio_substituents(mol: Any, n_plus: int, end: frozenset[int]) -> list[int]:
    """The picolinyl N+'s three other groups (each tried as the chain to the other N)."""
    atom = mol.GetAtomWithIdx(n_plus)
    if atom.GetDegree() != 4 or atom.IsInRing() or atom.GetTotalNumHs():
        return []
    return [a.GetIdx() for a in atom.GetNeighbors() if a.GetIdx() not in end]


def _dialkyl(mol: Any, n_plus: int, end: frozenset[int], linker: int) -> set[int] | None:
    """The two alkyl(≤ C10) groups of a picolinyl N+, the chain at `linker` aside."""
    groups = _ammonio_substituents(mol, n_plus, end)
    rest = [g for g in groups if g != linker]
    if len(groups) != 3 or len(rest) != 2:
        return None
    covered: set[int] = set()
    for g in rest:
        part = _acyclic_alkyl(mol, g, n_plus)
        if part is None:
            return None
        covered |= part
    return covered


@cache
def _picolinyl() -> Any:
    pattern = Chem.MolFromSmarts(_PICOLINYL)
    if pattern is None or pattern.GetNumAtoms() != _PICOLINYL_ATOMS:
        raise ValueError("bad 1A16 SMARTS")
    return pattern


MEMBERSHIP_BY_CODE: dict[str, Carbamates1A16] = {"1A16": Carbamates1A16()}
