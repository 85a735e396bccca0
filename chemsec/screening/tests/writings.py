"""Other writings of the listed chemicals, as real files and databases write them.

Used by the class tests and the property-based contract test: every listed chemical of
the shipped lists, written in each form of issue 16 section 1 and 2 (CAS without hyphens
or with spaces, salts as two neutral molecules, solvates and co-crystals, spectator ions,
charged, zwitterionic and charge-separated forms with and without counter-ions,
tautomers), must never come back `clear`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from rdkit import Chem
from rdkit.Chem.MolStandardize import rdMolStandardize

from chemsec.screening.engine.lists import LIST_FILES, ListEntry, load_list
from chemsec.screening.tests.charged import charged_forms, ion_pairs

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
    """Every listed molecule (a neutral chemical, or the organic ion of a listed salt such
    as 1A16's dications) written as an ion, a zwitterion or with separated charges, alone
    and with counter-ions (`charged.charged_forms`)."""
    for e in listed():
        for part in _organic_parts(e):
            for form, text in charged_forms(part):
                yield Writing(e, form, text)


def ion_pair_writings() -> Iterator[Writing]:
    """Every listed molecule with a covalent bond to a halogen or a cyanide written as
    the cation beside its anion (`charged.ion_pairs`)."""
    for e in single_molecules():
        for form, text in ion_pairs(e.smiles):
            yield Writing(e, form, text)


def _organic_parts(e: ListEntry) -> list[str]:
    """The listed structure's molecules with carbon and more than one heavy atom."""
    if not e.smiles:
        return []
    parts = []
    for part in e.smiles.split("."):
        mol = Chem.MolFromSmiles(part)
        if mol is not None and mol.GetNumHeavyAtoms() > 1 and "C" in part.upper():
            parts.append(part)
    return parts


def family_members() -> list[str]:
    """Generated members of the CWC families (every combination of the Annex's alkyl
    groups through the naming grammar; some are outside their family, e.g. dipinacolyl
    phosphoramidates, or exempt, e.g. N,N-dimethylaminoethanol) and the 1A16 members
    generated from the German wording (bare dications)."""
    return list(_family_members())


@cache
def _family_members() -> tuple[str, ...]:
    from chemsec.screening.engine import convention
    from chemsec.screening.tests.test_1a16 import _bisquaternaries, _quaternaries

    small = ["methyl", "ethyl", "propyl", "isopropyl"]
    o_alkyls = [*small, "pinacolyl", "cyclohexyl", "decyl", "2-ethylhexyl"]
    names = []
    for o, p, a, b in itertools.product(o_alkyls, small, small, small):
        names += [
            f"O-{o} {p}phosphonofluoridate",
            f"O-{o} N-{a}-N-{b} phosphoramidocyanidate",
            f"O-{o} S-2-N-{a}-N-{b}aminoethyl {p}phosphonothiolate",
            f"O-{o} O-2-N-{a}-N-{b}aminoethyl {p}phosphonite",
            f"Di{o} N-{a}-N-{b}phosphoramidate",
            f"N-{a}-N-{b}aminoethyl-2-chloride",
            f"N-{a}-N-{b}aminoethane-2-ol",
            f"N-{a}-N-{b}aminoethane-2-thiol",
            f"O-{o} N-(1-(N-{a}-N-{b}amino)ethylidene)phosphoramidofluoridate",
            f"N-(1-(N-{a}-N-{b}amino)propylidene)-P-{p}phosphonamidic fluoride",
        ]
    smiles = [s for n in dict.fromkeys(names) if (s := convention.parse(n))]
    return tuple(smiles + _quaternaries() + _bisquaternaries())


def member_charged_writings(members: list[str]) -> list[tuple[str, str, str]]:
    """(member, form, SMILES) for every charged writing of each member."""
    return [(m, form, text) for m in members for form, text in charged_forms(m)]


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
        *ion_pair_writings(),
        *tautomer_writings(),
    ]
