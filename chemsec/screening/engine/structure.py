"""RDKit side of identity: parsing, standardisation and cheap pre-filter signatures.

Screening must cost little more than parsing, so a molecule first gets a formula and
its element counts (a few microseconds); InChIKeys, tautomers and substructure searches
run only for the rare molecules whose formula or elements make a listed chemical possible.

Standardisation (RDKit MolStandardize) never replaces what the user wrote - results keep
the input - but every component of a multi-component input is screened, each as written
and as its neutral parent (`Uncharger`), and a tautomer-insensitive key (the canonical
tautomer) is used where the formula says a listed chemical is possible.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from rdkit import Chem, RDLogger
from rdkit.Chem import rdMolDescriptors, rdmolops

from chemsec.screening.engine.explanations import note
from chemsec.screening.engine.ion_pairs import covalent_readings

RDLogger.DisableLog("rdApp.*")  # type: ignore[attr-defined]  # bad input is reported per row, not on stderr

# Inorganic and organic acids that make a salt when written beside a base as neutral
# molecules ("CN(C)CCCl.Cl" is a hydrochloride).
_ACIDS = frozenset({"HCl", "HBr", "HF", "HI", "H2O4S", "HNO3", "H3O4P", "CH4O3S"})
# Mineral acids whose anions are a salt's counter-ion, not its listed part (HF is left
# out: amine hydrofluorides are HF sources).
_MINERAL_ACIDS = frozenset({"HCl", "HBr", "HI", "H2O4S", "HNO3", "H3O4P", "HClO4"})
_CARBON = re.compile(r"^C(?![a-z])")
_ACID_GROUPS = "[$([CX3](=O)[OX2H1]),$([SX4](=O)(=O)[OX2H1]),$([PX4](=O)[OX2H1])]"
# A nitrogen that takes a proton from an acid: amines (also aromatic), amidines and
# guanidines, aromatic ring N - not amides, sulfonamides or phosphoramides.
_BASIC_N = "[$([NX3;+0;!$(N-[C,S,P]=[O,S])]),$([NX2;+0;!a]=[#6]),$([nX2;+0])]"


AS_WRITTEN = frozenset({"none", "redrawn", "charged"})


@dataclass(slots=True)
class Component:
    """One molecule of a (possibly multi-component) input, as written and as its parent."""

    index: int  # 1-based, in the order written
    mol: Any
    formula: str
    parent: Any  # neutralised (and, for PubChem-style phosphonium, given its P-H back)
    parent_formula: str
    # none (a neutral molecule), water, redrawn (a known miswriting of a neutral molecule,
    # read as that molecule), charged (an ion or zwitterion written without counter-ion:
    # read as its neutral parent), protonated, alkylated, deprotonated, other, counter
    # (a salt's counter-ion without carbon: chloride, sulfate, nitrate, Na+, NH4+, ...)
    kind: str
    heavy: int
    _keys: dict[str, str] = field(default_factory=dict)

    @property
    def as_written(self) -> bool:
        """The component is its own parent: a neutral molecule (or a known miswriting)."""
        return self.kind in AS_WRITTEN

    def key(self, form: str) -> str:
        """Skeleton InChIKey of 'mol' (as written), 'parent' or 'tautomer' (of the parent)."""
        if form not in self._keys:
            if form == "tautomer":
                self._keys[form] = (
                    skeleton_key(canonical_tautomer(self.parent))
                    if may_tautomerise(self.parent_formula, self.heavy)
                    else self.key("parent")
                )
            elif form == "parent" and self.heavy == 1:
                self._keys[form] = _monoatomic_key(self.parent, self.parent_formula)
            else:
                self._keys[form] = skeleton_key(self.mol if form == "mol" else self.parent)
        return self._keys[form]

    def smiles(self) -> str:
        return canonical_smiles(self.mol)


@dataclass(slots=True)
class Prepared:
    """A parsed input with the forms the matcher needs."""

    whole: Any
    formula: str  # of the whole input; also the element pre-filter (see `may_contain`)
    parent: Any  # parent of the main (largest non-water) component
    parent_formula: str
    salt_kind: str  # none, hydrate, protonated, alkylated, deprotonated, mixture, other
    components: list[Component] = field(default_factory=list)
    dry_formula: str | None = None  # whole minus water of crystallisation
    dry: Any = None
    notes: list[str] = field(default_factory=list)
    # The covalent molecules an ion pair stands for ("Cl[As+]C=CCl.[Cl-]" is lewisite),
    # screened beside the input as written (`ion_pairs.covalent_readings`).
    covalent: list[Prepared] = field(default_factory=list)
    _keys: dict[str, str] = field(default_factory=dict)

    def may_contain(self, symbol: str) -> bool:
        """Cheap element test on the formula text: "N" also hits "Na", which only makes
        the pre-filter less selective, never wrong."""
        return symbol in self.formula

    def key(self, form: str) -> str:
        """Skeleton InChIKey (connectivity + protonation flag) of 'whole', 'parent', 'dry'
        or 'tautomer' (the canonical tautomer of the parent)."""
        if form not in self._keys:
            if form == "tautomer":
                heavy = self.parent.GetNumHeavyAtoms()
                self._keys[form] = (
                    skeleton_key(canonical_tautomer(self.parent))
                    if may_tautomerise(self.parent_formula, heavy)
                    else self.key("parent")
                )
            else:
                mol = {"whole": self.whole, "parent": self.parent, "dry": self.dry}[form]
                self._keys[form] = skeleton_key(mol) if mol is not None else ""
        return self._keys[form]

    @property
    def screened(self) -> list[Component]:
        """The components screened one by one (water of crystallisation and carbon-free
        counter-ions set aside: the whole input is still matched as written)."""
        return [c for c in self.components if c.kind not in ("water", "counter")]


_HETERO = ("N", "O", "S", "P", "Se", "Te")
_MONOATOMIC: dict[str, str] = {}


def may_tautomerise(formula: str, heavy: int) -> bool:
    """RDKit's tautomer rules all move H to or from a heteroatom: without one (or with a
    single heavy atom) the canonical tautomer is the molecule itself."""
    return heavy > 1 and any(h in formula for h in _HETERO)


def _monoatomic_key(mol: Any, formula: str) -> str:
    # One heavy atom: the formula (charge included) fixes the structure, so counter-ions
    # (Na+, Cl-, K+, ...) get their key once per run, not once per salt.
    if formula not in _MONOATOMIC:
        _MONOATOMIC[formula] = skeleton_key(mol)
    return _MONOATOMIC[formula]


def skeleton_key(mol: Any) -> str:
    # Stereo and isotopes are ignored: listed names (sarin, lewisite 1) cover every isomer.
    full = _full_key(mol)
    return f"{full[:14]}-{full[-1:]}" if full else ""


# The InChIKeys of the last few molecules, by object: a single molecule is the input as a
# whole, its one component and that component's parent, and a match needs its skeleton
# key and its full key - one InChI (about three parses) instead of three. Molecules are
# never modified once parsed; the entry keeps the molecule, so its id is not reused.
_KEYS: dict[int, tuple[Any, str]] = {}


# InChIKeys of small molecules by their canonical SMILES (the acid of a sulfate, the
# solvent of a solvate: the same few in every salt of a file), where that SMILES says
# all InChI reads - atoms, charges, isotopes, hydrogens and bonds; no stereo, no
# radical, no coordinates. A key costs 0.2-0.4 ms, such a SMILES a few microseconds.
_SMALL_KEYS: dict[str, str] = {}
_SMALL_KEY_ATOMS = 8
_STEREO_MARKS = re.compile(r"[@/\\]")


def _small_key_smiles(mol: Any) -> str | None:
    if mol.GetNumHeavyAtoms() > _SMALL_KEY_ATOMS or mol.GetNumConformers():
        return None
    if any(atom.GetNumRadicalElectrons() for atom in mol.GetAtoms()):
        return None
    smiles = str(Chem.MolToSmiles(mol))
    return None if _STEREO_MARKS.search(smiles) else smiles


def _full_key(mol: Any) -> str:
    known = _KEYS.get(id(mol))
    if known is not None and known[0] is mol:
        return known[1]
    smiles = _small_key_smiles(mol)
    full = _SMALL_KEYS.get(smiles) if smiles is not None else None
    if full is None:
        full = str(Chem.MolToInchiKey(mol))  # type: ignore[no-untyped-call]
        if smiles is not None:
            if len(_SMALL_KEYS) >= 10_000:
                _SMALL_KEYS.clear()
            _SMALL_KEYS[smiles] = full
    if len(_KEYS) >= 8:
        _KEYS.clear()
    _KEYS[id(mol)] = (mol, full)
    return full


# Elements InChI never disconnects (metals it does: their bonds leave the connection table).
_BONDS_KEPT = frozenset({5, 6, 7, 8, 9, 14, 15, 16, 17, 34, 35, 53})


def heavy_signature(mol: Any) -> tuple[int, ...] | None:
    """Each heavy atom's element and number of heavy neighbours, sorted: the same for
    every molecule with the same skeleton InChIKey (hydrogens, charges, bond orders and
    isotopes left out, as the key's connection layer leaves them); None when the molecule
    holds an element InChI may disconnect, or a dummy atom."""
    out = []
    for atom in mol.GetAtoms():
        element = atom.GetAtomicNum()
        if element == 1:
            continue
        if element not in _BONDS_KEPT:
            return None
        heavy = sum(1 for n in atom.GetNeighbors() if n.GetAtomicNum() > 1)
        out.append(element * 64 + heavy)
    return tuple(sorted(out))


def skeleton_of(inchikey: str) -> str:
    return f"{inchikey[:14]}-{inchikey[-1:]}" if inchikey else ""


# The formula of the last molecule asked for: the bulk path asks for it to settle a
# row, then `prepare` for the same molecule (the entry keeps the molecule alive, so
# its identity is not reused while it stands here).
_LAST_FORMULA: list[Any] = [None, ""]


def formula_of(mol: Any) -> str:
    last = _LAST_FORMULA
    if last[0] is mol:
        return str(last[1])
    formula = str(rdMolDescriptors.CalcMolFormula(mol))
    last[0], last[1] = mol, formula
    return formula


@cache
def _uncharger() -> Any:
    from rdkit.Chem.MolStandardize import rdMolStandardize  # rarely needed: not at start-up

    # force: an anion beside a permanent cation (a quaternary ammonium) takes its proton
    # too, so the parent of such a zwitterion is the cation (1A16's members are cations).
    return rdMolStandardize.Uncharger(canonicalOrder=True, force=True)


@cache
def _normalizer() -> Any:
    from rdkit.Chem.MolStandardize import rdMolStandardize

    return rdMolStandardize.Normalizer()


@cache
def _tautomers() -> Any:
    from rdkit.Chem.MolStandardize import rdMolStandardize

    return rdMolStandardize.TautomerEnumerator()


def canonical_tautomer(mol: Any) -> Any:
    """RDKit's canonical tautomer (keto/enol, amide/imidic acid, P(III)-OH/H-P=O, ...);
    the molecule itself when enumeration fails."""
    try:
        return _tautomers().Canonicalize(mol)
    except Exception:  # RDKit raises on exotic valences; the molecule is then used as is
        return mol


def has_tautomers(mol: Any) -> bool:
    """More than one tautomer under RDKit's rules."""
    try:
        return len(_tautomers().Enumerate(mol)) > 1
    except Exception:  # RDKit refuses some valences: assume it may have tautomers
        return True


def parse_smiles(text: str) -> Any:
    """The molecule a SMILES writes, with bonds to metals and dative bonds written as the
    ions they stand for (`as_ions`), so that every later step sees one writing of them."""
    mol = Chem.MolFromSmiles(text)
    if mol is not None and writes_metal_or_dative(text):
        mol = as_ions(mol, dative="->" in text or "<-" in text)
    return mol


# A metal atom (any element but the non-metals below) bonded to any atom.
_METAL_BONDED = (
    "[!#1&!#2&!#5&!#6&!#7&!#8&!#9&!#10&!#14&!#15&!#16&!#17&!#18&!#33&!#34&!#35&!#36&!#52"
    "&!#53&!#54&!#85&!#86]~*"
)
# Elements that are not metals, as a bracket atom writes them (aromatic forms included).
_NON_METALS = frozenset(
    {"H", "He", "B", "C", "N", "O", "F", "Ne", "Si", "P", "S", "Cl", "Ar", "As", "Se", "Br"}
    | {"Kr", "Te", "I", "Xe", "At", "Rn", "b", "c", "n", "o", "p", "s", "se", "as", "te"}
)
# The element of each whole bracket atom ("[13CH3]" C, "[Na+]" Na, "[se]" se).
_BRACKET_SYMBOL = re.compile(r"\[\d*([A-Z][a-z]?|[a-z][a-z]?)[^\[\]]*\]")


def only_non_metals(atoms: list[str]) -> bool:
    """Are all these atoms (as `text_atoms` gives them) non-metals? (One set test in C.)"""
    return _NON_METALS.issuperset(atoms)


def writes_metal_or_dative(text: str) -> bool:
    """Does the SMILES write a dative bond ("->", "<-") or a metal atom? Both are read as
    ions (`as_ions`); a text with neither is read as written."""
    if "->" in text or "<-" in text:
        return True
    return "[" in text and any(
        symbol not in _NON_METALS for symbol in _BRACKET_SYMBOL.findall(text)
    )


def as_ions(mol: Any, dative: bool = True) -> Any:
    """Bonds between a metal and a non-metal broken into ions (sodium bonded to an
    alkoxide's O or a thiolate's S is Na+ beside the anion; a dative bond to a metal leaves
    both neutral), and dative bonds between non-metals written as the charges they stand
    for (P->O is P+-O-, which `standardise` reads as P=O): a listed chemical written
    either way is screened as itself. A molecule RDKit cannot rewrite is left as written.
    `dative`: whether the text may write a dative bond; without one only the bonds of metal
    atoms are read (found by one substructure search in C++, not a walk over every bond)."""
    bonds = _bonds_to_rewrite(mol, dative)
    if not bonds:
        return mol  # a salt written as ions ("[Na+].[O-]C(C)=O"): nothing to rewrite
    edit = Chem.RWMol(mol)
    for bond in bonds:
        begin, end = bond.GetBeginAtom(), bond.GetEndAtom()
        metals = [a.GetSymbol() not in _NON_METALS for a in (begin, end)]
        is_dative = bond.GetBondType() == Chem.BondType.DATIVE
        if metals[0] == metals[1] and not (is_dative and not any(metals)):
            continue  # metal-metal, or an ordinary bond between non-metals
        order = 0 if is_dative else int(bond.GetBondTypeAsDouble())
        edit.RemoveBond(begin.GetIdx(), end.GetIdx())
        if not any(metals):  # donor -> acceptor: a single bond, D+ and A-
            edit.AddBond(begin.GetIdx(), end.GetIdx(), Chem.BondType.SINGLE)
            _recharge(edit, begin.GetIdx(), 1)
            _recharge(edit, end.GetIdx(), -1)
            continue
        metal, other = (begin, end) if metals[0] else (end, begin)
        _recharge(edit, metal.GetIdx(), order, keep_hydrogens=True)
        _recharge(edit, other.GetIdx(), -order)
    rewritten = edit.GetMol()
    if Chem.SanitizeMol(rewritten, catchErrors=True) != Chem.SanitizeFlags.SANITIZE_NONE:
        return mol
    return rewritten


def _bonds_to_rewrite(mol: Any, dative: bool) -> list[Any]:
    """Every bond when a dative bond may be written, else the bonds of metal atoms."""
    if dative:
        return list(mol.GetBonds())
    found: dict[int, Any] = {}
    for metal, other in mol.GetSubstructMatches(_query(_METAL_BONDED), maxMatches=100_000):
        bond = mol.GetBondBetweenAtoms(metal, other)
        found[bond.GetIdx()] = bond
    return [found[index] for index in sorted(found)]


def _recharge(edit: Any, index: int, change: int, keep_hydrogens: bool = False) -> None:
    """Change an atom's charge; its hydrogens then follow from its valence, as in any ion
    (a metal keeps those written)."""
    atom = edit.GetAtomWithIdx(index)
    atom.SetFormalCharge(atom.GetFormalCharge() + change)
    if not keep_hydrogens:
        atom.SetNumExplicitHs(0)
        atom.SetNoImplicit(False)


def parse_inchi(text: str) -> Any:
    return Chem.MolFromInchi(text)  # type: ignore[no-untyped-call]


def parse_molblock(text: str) -> Any:
    return Chem.MolFromMolBlock(text)


# -- what is wrong with a SMILES -------------------------------------------------------
_SMILES_TOKENS = re.compile(
    r"^(?:Cl|Br|[BCNOPSFIbcnops*]|\[[^\[\]]+\]|[=#\-:/\\.~@+]|->|<-|\(|\)|%\d\d|\d)+$"
)
_STRONG = re.compile(r"[()\[\]=#@/\\]|->|<-|[A-Za-z\]]\d")


def looks_like_smiles(text: str) -> bool:
    """Made only of SMILES tokens (atoms of the organic subset, bracket atoms, bonds,
    branches, ring closures)."""
    return bool(_SMILES_TOKENS.match(text)) and not text.isdigit()


def clearly_smiles(text: str) -> bool:
    """SMILES tokens and SMILES-only syntax (branches, brackets, bonds, ring closures):
    not something a name or code could be."""
    return looks_like_smiles(text) and bool(_STRONG.search(text))


def smiles_problem(text: str) -> str:
    """Why RDKit rejects a SMILES, in a few words (for the row's reason)."""
    mol = Chem.MolFromSmiles(text, sanitize=False)
    if mol is not None:
        problems = Chem.DetectChemistryProblems(mol)
        if problems:
            return str(problems[0].Message()).strip().rstrip(".")
        return "RDKit could not read it"
    if text.count("(") != text.count(")"):
        return "unbalanced parentheses"
    if text.count("[") != text.count("]"):
        return "unbalanced brackets"
    outside = re.sub(r"\[[^\]]*\]", "", text)
    closures = re.findall(r"%\d\d|\d", outside)
    open_rings = sorted({c for c in closures if closures.count(c) % 2})
    if open_rings:
        return "unclosed ring " + ", ".join(open_rings)
    return "syntax error"


# -- the exact text pre-filter ----------------------------------------------------------
_BRACKET = re.compile(r"\[([^\]]*)\]")
_ORGANIC = re.compile(r"Cl|Br|[BCNOSPFIbcnosp]")
_BRACKET_ELEMENT = re.compile(r"^\d*([A-Z][a-z]?|[a-z][a-z]?|\*)")
_FORMULA_PART = re.compile(r"([A-Z][a-z]?)(\d*)")


def _bracket_symbols(text: str) -> list[str] | None:
    out = []
    for inside in _BRACKET.findall(text):
        element = _BRACKET_ELEMENT.match(inside)
        if element is None:
            return None
        symbol = element.group(1)
        if symbol not in ("H", "*"):
            out.append(symbol[0].upper() + symbol[1:])
    return out


_CHARGE = re.compile(r"(\++|-+)(\d*)(?::\d+)?$")


def text_charge(text: str) -> int | None:
    """The net formal charge a SMILES writes, read on its text (charges are written only
    inside bracket atoms: "+", "++", "+2", "-", "--", "-2"); None when a bracket's charge
    is not written in one of those forms."""
    if "+" not in text and "-" not in text:
        return 0
    net = 0
    for inside in _BRACKET.findall(text):
        signs = inside.count("+") + inside.count("-")
        if not signs:
            continue
        found = _CHARGE.search(inside)
        if found is None or len(found.group(1)) != signs:
            return None  # a sign outside the charge, or mixed signs
        run, digits = found.groups()
        if digits and len(run) > 1:
            return None
        size = int(digits) if digits else len(run)
        net += size if run[0] == "+" else -size
    return net


_AROMATIC = {"b": "B", "c": "C", "n": "N", "o": "O", "s": "S", "p": "P"}
# A nitro group as SMILES writers write it: each form bonds both oxygens to the N+ (an
# atom written right after another, or after a closed branch, is bonded to it), so its
# N+ has three neighbours. Standardisation keeps a nitro group as it is (`standardise`).
_NITRO_TEXT = re.compile(
    r"\[O-\]\[N\+\]\(=O\)|O=\[N\+\]\(\[O-\]\)"
    r"|\[N\+\](?:\(=O\)\[O-\]|\(\[O-\]\)=O|\(=O\)\(\[O-\]\)|\(\[O-\]\)\(=O\))"
)


def positive_beyond_nitro(text: str) -> bool:
    """Does the SMILES write a positive atom other than the N of a nitro group? Such a
    molecule's parent may be a permanent cation (a quaternary N has four neighbours);
    nitro compounds, common in catalogues, cannot be one through their nitro groups."""
    return "+" in text and "+" in _NITRO_TEXT.sub("", text)


def text_atoms(text: str) -> list[str] | None:
    """The heavy atoms of a SMILES read on the text alone, as RDKit reads them
    (hydrogens and dummy atoms left out; aromatic atoms of the organic subset in lower
    case); None when a bracket atom is unreadable. As many as the parsed molecule has,
    element for element, for every SMILES RDKit accepts: outside brackets a valid SMILES
    holds only organic-subset atoms, bonds, branches and ring closures."""
    if "[" not in text:
        return _ORGANIC.findall(text)
    brackets = _bracket_symbols(text)
    if brackets is None:
        return None
    atoms: list[str] = _ORGANIC.findall(_BRACKET.sub("", text))
    return atoms + brackets


def text_heavy_atoms(text: str) -> int | None:
    """Heavy atoms of a SMILES counted on the text alone (see `text_atoms`)."""
    atoms = text_atoms(text)
    return None if atoms is None else len(atoms)


def text_composition(text: str) -> dict[str, int] | None:
    """Heavy atoms of a SMILES per element, counted on the text (see `text_atoms`)."""
    atoms = text_atoms(text)
    return None if atoms is None else composition_of(atoms)


def composition_of(atoms: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for symbol in set(atoms):  # a handful of elements: count each at C speed
        element = _AROMATIC.get(symbol, symbol)
        counts[element] = counts.get(element, 0) + atoms.count(symbol)
    return counts


def hill_formulas(counts: dict[str, int]) -> tuple[str, ...]:
    """Hill formulas a molecule with these heavy atoms can have: without hydrogen, with
    one and with several (the count itself is written as 'H' or 'H2')."""

    def write(parts: dict[str, int]) -> str:
        order = (
            ["C", "H", *sorted(k for k in parts if k not in ("C", "H"))]
            if "C" in parts
            else sorted(parts)
        )
        return "".join(f"{k}{parts[k] if parts[k] > 1 else ''}" for k in order if k in parts)

    return (write(counts), write({**counts, "H": 1}), write({**counts, "H": 2}))


def formula_composition(formula: str) -> tuple[tuple[str, int], ...]:
    """Heavy-atom composition of a Hill formula ("C2H6ClN" -> C2 Cl1 N1), as a key."""
    counts: dict[str, int] = {}
    for symbol, number in _FORMULA_PART.findall(formula):
        if symbol != "H":
            counts[symbol] = counts.get(symbol, 0) + int(number or 1)
    return tuple(sorted(counts.items()))


# The clean-up of bonds to metals belongs here: it can break a ring drawn through a
# metal ("...cc[Na+]2s(...)..."), after which kekulisation refuses an aromatic atom left
# outside any ring (found by fuzzing: without this step such a SMILES passed the check
# while the full parse refused it).
_VALIDITY_STEPS = (
    Chem.SanitizeFlags.SANITIZE_CLEANUP
    | Chem.SanitizeFlags.SANITIZE_CLEANUP_ORGANOMETALLICS
    | Chem.SanitizeFlags.SANITIZE_PROPERTIES
    | Chem.SanitizeFlags.SANITIZE_KEKULIZE
    | Chem.SanitizeFlags.SANITIZE_CLEANUPCHIRALITY
)


def valid_smiles(text: str) -> bool:
    """Would RDKit accept this SMILES? The parse without the expensive sanitisation
    steps (ring perception, aromaticity, conjugation, hybridisation), keeping the steps
    that refuse a molecule (valence, kekulisation). About a third of a full parse; a
    test checks it never accepts what the full parse refuses."""
    mol = Chem.MolFromSmiles(text, sanitize=False)
    if mol is None:
        return False
    if _AROMATIC_MARK.search(text):
        return bool(Chem.SanitizeMol(mol, _VALIDITY_STEPS, catchErrors=True) == _SANITIZED)
    # No aromatic atom or bond: kekulisation has nothing to do and cannot fail (each of
    # its errors is about an aromatic atom or ring), and clearing chiral tags never
    # fails. What is left are the clean-ups and the valence check, called directly in
    # sanitisation's order: about 3 us less than the sanitisation call.
    try:
        _cleanup(mol)
        _cleanup_organometallics(mol)
        mol.UpdatePropertyCache(strict=True)
    except Exception:  # a valence RDKit refuses (the full parse then says which)
        return False
    return True


# Where a SMILES can make an atom or bond aromatic: a lower-case letter outside brackets
# other than the l of Cl and the r of Br (b, c, n, o, p, s, and any other), a bracket
# atom whose element is written in lower case ([nH], [se], [13c]), or an aromatic bond
# (":"; inside brackets it is an atom map, taken all the same). Lower-case letters of
# bracket atoms such as [Co] or [Na+] only make the test more cautious.
_AROMATIC_MARK = re.compile(r"[a-km-qs-z:]|\[\d*[a-z]")
_SANITIZED = Chem.SanitizeFlags.SANITIZE_NONE
_cleanup = rdmolops.Cleanup
_cleanup_organometallics = rdmolops.CleanupOrganometallics


# -- preparing a molecule for matching ---------------------------------------------------
# (formula, heavy atoms of each fragment, the molecule): may a component be listed?
SplitFilter = Callable[[str, list[int], Any], bool]


def prepare(
    mol: Any,
    multi_fragment: bool | None = None,
    worth_splitting: SplitFilter | None = None,
    charged_atom: bool | None = None,
    pairs: bool = True,
) -> Prepared:
    """Formula and, for salts, ions and mixtures, every component and its neutral parent.

    Splitting costs several parses, so `worth_splitting(formula, heavy atoms of each
    fragment, molecule)` may say that no listed chemical could be one of the components;
    the input is then screened whole. `charged_atom`: whether the molecule has an atom
    with a formal charge, when the caller knows (from a SMILES text); else it is looked up.
    `pairs`: also screen the covalent molecules an ion pair stands for (`_read_ion_pairs`).
    """
    formula = formula_of(mol)
    if multi_fragment is None:
        multi_fragment = len(Chem.GetMolFrags(mol)) > 1
    # A net-neutral formula may still hold charged atoms (a zwitterion, a charge-separated
    # writing): those are standardised like any ion (`standardise`).
    if charged_atom is None and not multi_fragment:
        charged_atom = has_charged_atom(mol)
    charged = _is_charged(formula) or bool(charged_atom)
    if not multi_fragment and not charged:
        heavy = mol.GetNumHeavyAtoms()
        only = Component(1, mol, formula, mol, formula, "none", heavy)
        return Prepared(mol, formula, mol, formula, "none", [only])
    if multi_fragment and worth_splitting is not None:
        sizes = [len(f) for f in Chem.GetMolFrags(mol)]
        if not worth_splitting(formula, sizes, mol):
            only = Component(1, mol, formula, mol, formula, "other", mol.GetNumHeavyAtoms())
            return Prepared(mol, formula, mol, formula, "other", [only])
    return _prepare_parts(mol, formula, multi_fragment, charged_atom, pairs)


def fragments(mol: Any) -> tuple[tuple[int, ...], ...]:
    """Atom indices of each fragment (no new molecules are built)."""
    return tuple(Chem.GetMolFrags(mol))


def _is_charged(formula: str) -> bool:
    return "+" in formula or "-" in formula


def _prepare_parts(
    mol: Any,
    formula: str,
    multi_fragment: bool,
    charged_atom: bool | None = None,
    pairs: bool = True,
) -> Prepared:
    frags = _fragments(mol) if multi_fragment else [mol]
    # No charged atom in the whole: none in any fragment (otherwise each looks for itself).
    none_charged = False if charged_atom is False else None
    if multi_fragment:
        components = [_component(i, f, None, none_charged) for i, f in enumerate(frags, start=1)]
    else:
        components = [_component(1, mol, formula, charged_atom)]
    notes = [n for c in components for n in _component_notes(c)]
    solid = [c for c in components if c.kind != "water"] or components
    main = max(solid, key=lambda c: c.heavy)
    if (
        len(solid) == 1
        and main.kind in ("protonated", "deprotonated", "other", "charged")
        and not _is_charged(main.parent_formula)
    ):
        # One ion with no counter-ion (or a zwitterion): a charged writing of the
        # neutral chemical, not a salt. (A parent that stays charged - a permanent
        # cation, such as a 1A16 member written as its bis-enolate - keeps its kind:
        # a proton more or less than the listed cation.)
        main.kind = "charged"
        notes.append(note("charged_as_neutral"))
    _pair_with_acids(solid)
    _mark_counter_ions(solid)
    dry = None
    if len(solid) < len(components):
        dry = _combine([c.mol for c in solid])
    kind = _salt_kind(main, solid, hydrate=dry is not None)
    prepared = Prepared(
        mol, formula, main.parent, main.parent_formula, kind, components, notes=notes
    )
    if dry is not None:
        prepared.dry, prepared.dry_formula = dry, formula_of(dry)
    if multi_fragment and pairs:
        _read_ion_pairs(prepared)
    return prepared


def _read_ion_pairs(prepared: Prepared) -> None:
    """A cation beside a halide or cyanide may be a covalent molecule written as ions:
    each reading is prepared and screened too (its own ion pairs are all bonded)."""
    readings = covalent_readings(prepared.whole)
    prepared.covalent = [prepare(reading, pairs=False) for reading in readings]
    if readings:
        prepared.notes.append(note("charged_as_neutral"))


def _fragments(mol: Any) -> list[Any]:
    """The fragments of a parsed molecule as molecules of their own, without sanitising
    each again (a third of the cost of splitting): sanitisation works per atom and per
    ring system, and no ring system spans two fragments, so each copy keeps the
    valences, aromaticity and hybridisation it has in the whole; only the ring
    information is not copied, and it is perceived as sanitisation perceives it
    (symmetrised SSSR). Tested: the same components, keys and SMILES as sanitised
    copies."""
    frags = list(Chem.GetMolFrags(mol, asMols=True, sanitizeFrags=False))
    for frag in frags:
        Chem.GetSymmSSSR(frag)
    return frags


def _component(
    index: int, mol: Any, formula: str | None = None, charged_atom: bool | None = None
) -> Component:
    if formula is None:
        formula = formula_of(mol)
    heavy = mol.GetNumHeavyAtoms()
    if _is_water(mol):
        return Component(index, mol, formula, mol, formula, "water", heavy)
    if not _is_charged(formula):
        if not (has_charged_atom(mol) if charged_atom is None else charged_atom):
            return Component(index, mol, formula, mol, formula, "none", heavy)
        return _charge_separated(index, mol, formula, heavy)
    redrawn = _phosphonium_as_h_phosphonate(mol) if "P" in formula else None
    if redrawn is not None:
        return Component(index, mol, formula, redrawn, formula_of(redrawn), "redrawn", heavy)
    if not mol.HasSubstructMatch(_query(_NEGATIVE)) and not mol.HasSubstructMatch(
        _query(_POSITIVE_WITH_H)
    ):
        # Only charges no step of `standardise` changes (a quaternary N, a pyridinium or
        # a metal bonded without H, and no negative atom to recombine or protonate): its
        # parent would be a copy of the molecule, so the molecule is its own parent
        # (37 us saved; a test compares with it).
        kind = "alkylated" if mol.HasSubstructMatch(_query("[N+;H0;X4]")) else "other"
        return Component(index, mol, formula, mol, formula, kind, heavy)
    parent = standardise(mol)
    parent_formula = formula_of(parent)
    added = _hydrogens(parent_formula) - _hydrogens(formula)
    if added < 0:
        kind = "protonated"  # a proton more than the parent: a protonated salt's cation
    elif added > 0:
        kind = "deprotonated"  # a proton less: an acid's (or a C-H acid's) anion
    elif parent.HasSubstructMatch(_query("[N+;H0;X4]")):
        kind = "alkylated"
    else:
        kind = "other"
    return Component(index, mol, formula, parent, parent_formula, kind, heavy)


def _charge_separated(index: int, mol: Any, formula: str, heavy: int) -> Component:
    """A molecule with no net charge but charged atoms. Charges that make up the chemical
    (a nitro group, an N-oxide, an azide, an isocyanide) survive `standardise`: the
    molecule is then used as written. A zwitterion (an amine protonated by its own
    alcohol, thiol or acid group) or a double bond written as separated charges (P+-O-,
    S+-O-, C+-O-, N+=C-O-) is read as the neutral chemical ('charged'); a permanent
    cation with its own anion (a quaternary ammonium beside an enolate, alkoxide or
    ylide carbon: the 1A16 bisquaternary as its bis-enolate) as that cation with the
    anion protonated ('deprotonated': the cation lost a proton)."""
    if not mol.HasSubstructMatch(_query(_NEGATIVE_NOT_NITRO)) and not mol.HasSubstructMatch(
        _query(_POSITIVE_NOT_NITRO)
    ):
        return Component(index, mol, formula, mol, formula, "none", heavy)  # nitro groups
    parent = standardise(mol)
    parent_formula = formula_of(parent)
    if parent_formula == formula and charged_atoms(parent) == charged_atoms(mol):
        return Component(index, mol, formula, mol, formula, "none", heavy)
    kind = "deprotonated" if _is_charged(parent_formula) else "charged"
    return Component(index, mol, formula, parent, parent_formula, kind, heavy)


# Charged atoms of any sign and size, and negative ones.
_CHARGED = "[!+0]"
_NEGATIVE = "[-,-2,-3,-4]"
_HYDROGENS = re.compile(r"H(\d*)(?![a-z])")


_SIGNED_BRACKET = re.compile(r"\[[^\]]*[+-]")


def writes_charged_atom(smiles: str) -> bool:
    """Does the molecule `parse_smiles` reads from this text have an atom with a formal
    charge? A bracket atom with a sign ("[N+]", "[O-]", "[Fe+3]") writes one, and so do a
    metal and a dative bond, which the reading turns into ions (`as_ions`)."""
    if "[" in smiles and _SIGNED_BRACKET.search(smiles) is not None:
        return True
    return writes_metal_or_dative(smiles)


def has_charged_atom(mol: Any) -> bool:
    """Any atom with a formal charge (about 8 us: a substructure test in C++, cheaper
    than reading every atom's charge from Python)."""
    return bool(mol.HasSubstructMatch(_query(_CHARGED)))


def charged_atoms(mol: Any) -> int:
    return len(mol.GetSubstructMatches(_query(_CHARGED), maxMatches=1000))


def _hydrogens(formula: str) -> int:
    found = _HYDROGENS.search(formula)
    return 0 if found is None else int(found.group(1) or 1)


# -- standardisation to the parent ------------------------------------------------------
# A positive and a negative atom bonded to each other, both non-metals: the same molecule
# with one more bond between them (P+-O- is P=O, S+-O- is S=O, C+-O- is C=O, N-C+ is N=C)
# wherever the valences allow it (not in nitro groups, N-oxides or ammonium ylides).
# A positive N with four connections (ammonium, N-oxide), a nitro group's N and an
# aromatic atom cannot take the bond: they are not tried (a failed try costs a
# sanitisation, and nitro groups are common).
_SEPARATED = (
    "[+1;#5,#6,#7,#8,#15,#16,#33,#34;!a;!$([N;X4]);!$([N;X3](=O)[O-])]"
    "-[-1;#5,#6,#7,#8,#15,#16,#33,#34]"
)
# What RDKit's Normalizer acts on in a charged molecule (its 1,3- and 1,5-separated
# charges and charge normalisations, MolStandardize's default transforms); it is run
# only when one of these is present (it costs about 100 us).
_NORMALIZED = (
    "[N,P,As,Sb,O,S,Se,Te;-1]-[A+0]=[N,P,As,Sb,O,S,Se,Te;+1]",
    "[N,P,As,Sb,O,S,Se,Te;-1]-[A+0]=[A]-[A]=[N,P,As,Sb,O,S,Se,Te;+1]",
    "[n,o,p,s;-1]:a=[N,O,P,S;+1]",
    "[N,O,P,S;-1]-[a+0]:[n,o,p,s;+1]",
    "[n,o,p,s;-1]:a:a:c=[N,O,P,S;+1]",
    "[N,O,P,S;-1]-c:a:a:[n,o,p,s;+1]",
    "[S+2]([O-])[O-]",
    "[O,S,Se,Te;-1][P+;D4][O,S,Se,Te;-1]",
    "[F,Cl,Br,I;-1]=O",
    "[N,P,As,Sb;-1]=[C+;v3]",
)
# Charges other than a nitro group's: a molecule with only those is used as written.
_POSITIVE_NOT_NITRO = "[+,+2,+3,+4;!$([N+;X3](=O)[O-])]"
_NEGATIVE_NOT_NITRO = "[-,-2,-3,-4;!$([O-][N+;X3]=O)]"
# An enolate and an aci-nitro anion are resonance forms of a carbanion beside C=O / N=O:
# the parent takes the proton on carbon (the keto and nitro forms the lists write).
_ENOLATE = "[OX1-]-[#6;!a]=[#6;!a]"
_NITRONATE = "[OX1-]-[N+](-[OX1-])=[#6;!a]"
# A carbanion with single bonds only (an ylide carbon beside N+ or S+, a deprotonated
# C-H acid): it takes a proton. Isocyanides ([C-]#[N+]) and aromatic anions are left.
_CARBANION = "[#6-;!a;!$(*=*);!$(*#*)]"
# Any of the three, in one test (most anions are none: carboxylates, phenolates, halides).
_CARBON_ACID_ANION = "[$([#6-;!a]),$([OX1-]-[#6,#7]=[#6;!a])]"


def standardise(mol: Any) -> Any:
    """The parent of a charged molecule (RDKit MolStandardize and three steps of its
    own, each a resonance form or a proton): separated charges recombined (RDKit's
    Normalizer for 1,3- and 1,5-separated charges, then bonded pairs), enolates and
    aci-nitro anions taken as their carbanions, carbanions protonated, then RDKit's
    Uncharger with `force` (protonated nitrogens lose the proton, anions take one even
    beside a permanent cation: a quaternary ammonium's parent is the cation itself).
    Charges that make up the chemical (nitro, N-oxide, azide, isocyanide) are kept."""
    work = mol
    negative = work.HasSubstructMatch(_query(_NEGATIVE_NOT_NITRO))
    if negative and work.HasSubstructMatch(_query(_POSITIVE_NOT_NITRO)):
        if any(work.HasSubstructMatch(_query(smarts)) for smarts in _NORMALIZED):
            work = _normalizer().normalize(work)
        work = _recombined(work)
    if negative and work.HasSubstructMatch(_query(_CARBON_ACID_ANION)):
        work = _carbanions_from_resonance(work)
        work = _carbanions_protonated(work)
    return _uncharger().uncharge(work)


def _recombined(mol: Any) -> Any:
    matches = mol.GetSubstructMatches(_query(_SEPARATED))
    for positive, negative in matches:
        edit = Chem.RWMol(mol)
        bond = edit.GetBondBetweenAtoms(positive, negative)
        if bond is None or bond.GetIsAromatic():
            continue
        bond.SetBondType(Chem.BondType.DOUBLE)
        for index, change in ((positive, -1), (negative, 1)):
            atom = edit.GetAtomWithIdx(index)
            if atom.GetFormalCharge() == 0:
                break  # already recombined with another partner
            hydrogens = atom.GetTotalNumHs()
            atom.SetFormalCharge(atom.GetFormalCharge() + change)
            atom.SetNumExplicitHs(hydrogens)
            atom.SetNoImplicit(True)
        else:
            trial = edit.GetMol()
            if Chem.SanitizeMol(trial, catchErrors=True) == _SANITIZED:
                mol = trial  # atom indices are kept: the next pair is still valid
    return mol


def _carbanions_from_resonance(mol: Any) -> Any:
    for smarts in (_ENOLATE, _NITRONATE):
        while True:
            match = mol.GetSubstructMatch(_query(smarts))
            if not match:
                break
            oxygen, middle, carbon = match[0], match[1], match[-1]
            edit = Chem.RWMol(mol)
            edit.GetBondBetweenAtoms(oxygen, middle).SetBondType(Chem.BondType.DOUBLE)
            edit.GetBondBetweenAtoms(middle, carbon).SetBondType(Chem.BondType.SINGLE)
            o, c = edit.GetAtomWithIdx(oxygen), edit.GetAtomWithIdx(carbon)
            o.SetFormalCharge(0)
            o.SetNoImplicit(True)
            c.SetNumExplicitHs(c.GetTotalNumHs())
            c.SetFormalCharge(c.GetFormalCharge() - 1)
            c.SetNoImplicit(True)
            trial = edit.GetMol()
            if Chem.SanitizeMol(trial, catchErrors=True) != _SANITIZED:
                return mol  # an odd valence: the uncharger takes it as it is
            mol = trial
    return mol


def _carbanions_protonated(mol: Any) -> Any:
    matches = mol.GetSubstructMatches(_query(_CARBANION))
    if not matches:
        return mol
    edit = Chem.RWMol(mol)
    for (index,) in matches:
        atom = edit.GetAtomWithIdx(index)
        hydrogens = atom.GetTotalNumHs() + 1
        atom.SetFormalCharge(atom.GetFormalCharge() + 1)
        atom.SetNumExplicitHs(hydrogens)
        atom.SetNoImplicit(True)
    trial = edit.GetMol()
    if Chem.SanitizeMol(trial, catchErrors=True) != _SANITIZED:
        return mol
    return trial


# RDKit's Uncharger changes only an atom of charge -1 (its "neg" and acid patterns) or
# a positive atom (+1 to +4) that has a hydrogen to lose (its "pos_h" pattern counts the
# hydrogens on the atom, which a bracket atom writes explicitly: H here counts them all).
# Without either it changes nothing (rdMolStandardize's Uncharger::unchargeInPlace).
_POSITIVE_WITH_H = "[+,+2,+3,+4;!H0]"


def _component_notes(component: Component) -> list[str]:
    if component.kind == "redrawn":
        return [note("p_cation_as_h_phosphonate")]
    return []


def _phosphonium_as_h_phosphonate(mol: Any) -> Any:
    """PubChem writes dialkyl phosphites (H-phosphonates) as cations that have lost the
    P-H hydrogen ("CO[P+](=O)OC"); the neutral chemical is the H-phosphonate. Only a
    single such cation, with no other charge, is read so."""
    pattern = _query("[P+;H0;X3;v4]=O")
    if Chem.GetFormalCharge(mol) != 1 or len(mol.GetSubstructMatches(pattern)) != 1:
        return None
    if mol.HasSubstructMatch(_query("[-]")):
        return None
    edit = Chem.RWMol(mol)
    atom = edit.GetAtomWithIdx(mol.GetSubstructMatch(pattern)[0])
    atom.SetFormalCharge(0)
    atom.SetNumExplicitHs(atom.GetTotalNumHs() + 1)
    atom.SetNoImplicit(True)
    fixed = edit.GetMol()
    if Chem.SanitizeMol(fixed, catchErrors=True) != Chem.SanitizeFlags.SANITIZE_NONE:
        return None  # not a phosphonium RDKit can neutralise: leave it to the uncharger
    return fixed


def _pair_with_acids(solid: list[Component]) -> None:
    """Neutral base + neutral acid written side by side is a salt: the base component is
    'protonated' and the acid 'deprotonated' (each is its own parent), so a listed base
    or a listed acid is reported as the salt form it is - never hidden, never taken for
    the free chemical."""
    if len(solid) < 2:
        return
    acids = [c for c in solid if c.kind == "none" and _is_acid(c)]
    if not acids:
        return
    bases = [
        c
        for c in solid
        if c.kind == "none"
        and c not in acids
        and "N" in c.formula  # a basic nitrogen needs a nitrogen: no search without one
        and c.mol.HasSubstructMatch(_query(_BASIC_N))
    ]
    for base in bases:
        base.kind = "protonated"
    if bases:
        for acid in acids:
            acid.kind = "deprotonated"


def _mark_counter_ions(solid: list[Component]) -> None:
    """In a salt of an organic ion, a carbon-free ion written as an ion (Cl-, SO4 2-,
    NO3-, Na+, NH4+, Mg2+, a metal complex) is the counter-ion: its parent (HCl, H2SO4,
    HNO3, ammonia, the metal) is not what the salt is, so it is not screened on its own.
    Fluoride and bifluoride stay screened (their parent, HF, is listed). In an all-
    inorganic salt every ion is screened (sodium hydrogen sulfate names sulfuric acid),
    and listed inorganic salts are matched whole (potassium fluoride, ammonium nitrate)."""
    if len(solid) < 2 or not any(_CARBON.match(c.formula) for c in solid):
        return
    for c in solid:
        charged = "+" in c.formula or "-" in c.formula
        if charged and not _CARBON.match(c.formula) and c.formula not in ("F-", "HF2-"):
            c.kind = "counter"


def _is_acid(component: Component) -> bool:
    # Every acid group holds oxygen: no substructure search for a molecule without it.
    return component.formula in _ACIDS or (
        "O" in component.formula and component.mol.HasSubstructMatch(_query(_ACID_GROUPS))
    )


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


def _salt_kind(main: Component, solid: list[Component], hydrate: bool) -> str:
    if len(solid) == 1:
        if main.as_written:
            return "hydrate" if hydrate else main.kind
        return main.kind
    if main.kind in ("protonated", "alkylated", "deprotonated"):
        return main.kind
    if all(c.as_written for c in solid):
        return "mixture"  # neutral components written together (solvate, co-crystal, mixture)
    return "other"


@cache
def _query(smarts: str) -> Any:
    return Chem.MolFromSmarts(smarts)


def parse_smarts(smarts: str) -> Any:
    return _query(smarts)


def canonical_smiles(mol: Any) -> str:
    return str(Chem.MolToSmiles(mol))


def inchikey(mol: Any) -> str:
    return _full_key(mol)


def phosphorus_tautomers(mol: Any) -> list[Any]:
    """The other tautomer of each P(III)-OH / H-P(V)=O pair (family rules are written
    for one form: 1B10's 'O-Alkyl (H ...) phosphonites' are P(III), but their H member
    is usually written as the H-phosphinate)."""
    out = []
    for match in mol.GetSubstructMatches(_query("[PX4;H1;+0]=[OX1]")):
        edit = Chem.RWMol(mol)
        p, o = (edit.GetAtomWithIdx(i) for i in match)
        edit.GetBondBetweenAtoms(*match).SetBondType(Chem.BondType.SINGLE)
        p.SetNumExplicitHs(0)
        p.SetNoImplicit(True)
        o.SetNumExplicitHs(1)
        o.SetNoImplicit(True)
        alt = edit.GetMol()
        if Chem.SanitizeMol(alt, catchErrors=True) == Chem.SanitizeFlags.SANITIZE_NONE:
            out.append(alt)  # an odd valence fails: the form as written is kept alone
    return out
