"""Match a resolved identity against the selected lists: exact, salt and family entries."""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import rdkit

from chemsec.screening.engine import structure as st
from chemsec.screening.engine.concentration import assess
from chemsec.screening.engine.explanations import Explained, explain, salt_form
from chemsec.screening.engine.lists import LIST_INFO, ListEntry, entries, parse_lists
from chemsec.screening.engine.names import normalise_name
from chemsec.screening.engine.results import COVERING, Basis, Match, listed_identity
from chemsec.screening.engine.rules import (
    MEMBERSHIP_BY_CODE,
    REVIEW_BY_CODE,
    RULE_BY_CODE,
    FamilyRule,
    rule_applies,
)

_BASIS_RANK = {
    "exact": 0,
    "mixture": 0,
    "salt": 1,
    "component": 1,
    "family": 2,
    "parent": 3,
    "review": 4,
}
_REVIEW_MIN_HEAVY = 15
_P_OR_CHARGE = re.compile(r"[Pp+\-]")


@dataclass(frozen=True, slots=True)
class Hit:
    """A candidate match before precedence and de-duplication."""

    entry: ListEntry
    basis: Basis
    explanation: Explained
    whole: bool = False  # the whole input (CAS or structure) is the listed chemical


class Matcher:
    """Indexes of the entries of the selected lists in force on one date."""

    def __init__(self, lists: Iterable[str] | str | None = None, as_of: dt.date | None = None):
        self.lists = parse_lists(lists)
        self.as_of = as_of
        rows = entries(self.lists, as_of)
        self.chemicals = [e for e in rows if e.is_chemical]
        self.by_cas = _group(self.chemicals, lambda e: [e.cas] if e.cas else [])
        self.by_name = _group(self.chemicals, lambda e: [normalise_name(n) for n in e.names])
        self.by_key = _group(self.chemicals, lambda e: [st.skeleton_of(e.inchikey)])
        # Listed single molecules by heavy-atom composition, for the tautomer check:
        # tautomers share it, so only those few are ever given a tautomer key.
        self._singles: dict[tuple[tuple[str, int], ...], list[tuple[ListEntry, str]]] = {}
        self._by_tautomer: dict[tuple[tuple[str, int], ...], dict[str, list[ListEntry]]] = {}
        self._tautomer_formulas: dict[str, bool] = {}
        # Heavy-atom signatures of the listed molecules (see `may_share_key`); sound only
        # when every listed InChIKey comes with the structure it was computed from.
        self.key_signatures: set[tuple[int, ...]] = set()
        self._signatures_sound = all(e.smiles for e in self.chemicals if e.inchikey)
        self.families = [
            (e, RULE_BY_CODE[e.code])
            for e in rows
            if e.row_type in ("family", "individual") and e.code in RULE_BY_CODE
        ]
        # Split once so that most molecules consult only the few rules they could meet.
        self.p_families = [(e, r) for e, r in self.families if "P" in r.needs]
        self.small_families = [(e, r) for e, r in self.families if "P" not in r.needs]
        self.reviews = [
            (e, REVIEW_BY_CODE[e.code])
            for e in rows
            if e.row_type == "family" and e.code in REVIEW_BY_CODE
        ]
        # What every molecule a review rule in force names holds (see `review_possible`).
        self._review_needs = [review.minimum_composition() for _, review in self.reviews]
        exempt = [e for e in rows if e.row_type == "exemption"]
        self.exempt_keys = _group(exempt, lambda e: [st.skeleton_of(e.inchikey)])
        self.exempt_cas = {e.cas: e for e in exempt if e.cas}
        self.small_molecule = _SMALL  # heavy atoms up to which the 2B10-2B12 rules apply
        self.small_formulas = [
            re.compile(r.formula) for _, r in self.small_families if r.formula is not None
        ]
        self.small_without_formula = any(r.formula is None for _, r in self.small_families)
        self.formulas: set[str] = set()
        self._heavy_compositions: set[tuple[tuple[str, int], ...]] | None = None
        self._size_carbons: set[tuple[int, int]] | None = None
        # Whether the text settles a small molecule, by heavy-atom composition (the
        # answer depends on nothing else): a few hundred compositions in a catalogue.
        self._small_settles: dict[tuple[tuple[str, int], ...], bool] = {}
        self.parent_sizes: set[int] = set()
        # Listed chemicals that are one molecule: their heavy-atom counts, and the elements
        # of those with a single heavy atom (an ion's parent: F- -> HF).
        self.single_sizes: set[int] = set()
        # Heavy-atom counts of every listed formula (whole inputs and their components).
        self.formula_sizes: set[int] = set()
        self.monoatomic: set[str] = set()
        if not self._load_derived():
            self._derive()

    def _derive(self) -> None:
        """The indexes read from the listed structures (about 20 ms: each parsed and
        prepared), then kept for the next run (`_derived_path`)."""
        singles: list[tuple[tuple[tuple[str, int], ...], int, str]] = []
        for index, entry in enumerate(self.chemicals):
            if entry.smiles:
                prepared = st.prepare(st.parse_smiles(entry.smiles))
                signature = st.heavy_signature(prepared.whole)
                if signature is not None:
                    self.key_signatures.add(signature)
                if "." not in entry.smiles:
                    composition = st.formula_composition(prepared.formula)
                    self._singles.setdefault(composition, []).append((entry, prepared.formula))
                    singles.append((composition, index, prepared.formula))
                self.formulas.update({prepared.formula, prepared.parent_formula})
                for component in prepared.screened:
                    self.formulas.update({component.formula, component.parent_formula})
                    self.parent_sizes.add(component.parent.GetNumHeavyAtoms())
                self.formula_sizes.add(prepared.whole.GetNumHeavyAtoms())
                for component in prepared.components:
                    self.formula_sizes.add(component.heavy)
                if len(prepared.screened) == 1:
                    single = prepared.screened[0]
                    self.single_sizes.add(single.heavy)
                    if single.heavy == 1:
                        atom = next(a for a in single.mol.GetAtoms() if a.GetAtomicNum() > 1)
                        self.monoatomic.add(atom.GetSymbol())
        path = self._derived_path()
        if path is None:
            return
        derived = (
            self.key_signatures,
            singles,
            self.formulas,
            self.parent_sizes,
            self.formula_sizes,
            self.single_sizes,
            self.monoatomic,
        )
        try:  # a cache: a directory that cannot be written only costs the next run
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
            partial.write_bytes(marshal.dumps(derived))
            os.replace(partial, path)
        except OSError:
            pass

    def _derived_path(self) -> Path | None:
        """Where `_derive`'s indexes are kept: named by a digest of everything they are
        made from - each listed structure with its place, RDKit's version and the code
        that reads them (this module and `structure`) - so that any change gives another
        file and a kept file is never used for other data. None without a data directory."""
        try:
            from chemsec.screening.engine.names import data_dir

            folder = data_dir()
        except Exception:  # a data directory that is not configured: nothing is kept
            return None
        digest = hashlib.sha256()
        digest.update(_engine_sources())
        digest.update(f"{rdkit.__version__}\n".encode())
        for index, entry in enumerate(self.chemicals):
            digest.update(f"{index}\t{entry.smiles}\n".encode())
        return folder / f"screening-matcher-{digest.hexdigest()[:32]}.marshal"

    def _load_derived(self) -> bool:
        """`_derive`'s indexes from the last run with the same lists, data and code."""
        path = self._derived_path()
        if path is None:
            return False
        try:
            # Plain values (sets, tuples, strings, numbers) this code wrote into the data
            # directory, which holds the offline name index the engine trusts as well;
            # marshal, unlike pickle, builds no object that runs code.
            data = marshal.loads(path.read_bytes())  # noqa: S302
            signatures, singles, formulas, parents, sizes, single_sizes, monoatomic = data
            grouped: dict[tuple[tuple[str, int], ...], list[tuple[ListEntry, str]]] = {}
            for composition, index, formula in singles:
                grouped.setdefault(composition, []).append((self.chemicals[index], formula))
        except (OSError, EOFError, ValueError, TypeError, IndexError):
            return False  # none yet, or unreadable: derived again (and kept again)
        self.key_signatures = set(signatures)
        self._singles = grouped
        self.formulas = set(formulas)
        self.parent_sizes = set(parents)
        self.formula_sizes = set(sizes)
        self.single_sizes = set(single_sizes)
        self.monoatomic = set(monoatomic)
        return True

    def by_tautomer(self, formula: str, key: str) -> list[ListEntry]:
        """Listed single molecules whose tautomer-insensitive key (skeleton InChIKey of
        the canonical tautomer) is `key`, for an input of this formula. Equal keys mean
        equal InChI formulas, hence the same heavy atoms: only the listed molecules with
        the input's heavy-atom composition are keyed, on first need (enumerating
        tautomers for every listed chemical at start would cost half a second)."""
        composition = st.formula_composition(formula)
        index = self._by_tautomer.get(composition)
        if index is None:
            singles = [e for e, _ in self._singles.get(composition, [])]
            index = self._by_tautomer[composition] = _group(
                singles, lambda e: [_tautomer_key(e.smiles)]
            )
        return index.get(key, [])

    def tautomer_possible(self, formula: str) -> bool:
        """Tautomerism is mutual: an input can be a tautomer of a listed chemical only if
        that chemical, which has the same formula, has tautomers."""
        possible = self._tautomer_formulas.get(formula)
        if possible is None:
            same = self._singles.get(st.formula_composition(formula), [])
            possible = any(
                (mol := st.parse_smiles(e.smiles)) is not None and st.has_tautomers(mol)
                for e, written in same
                if written == formula
            )
            self._tautomer_formulas[formula] = possible
        return possible

    @property
    def heavy_compositions(self) -> set[tuple[tuple[str, int], ...]]:
        if self._heavy_compositions is None:
            self._heavy_compositions = {st.formula_composition(f) for f in self.formulas}
        return self._heavy_compositions

    def text_settles(self, text: str) -> bool:
        """The exact pre-filter on the SMILES text: True only when the molecule this
        text writes (if RDKit accepts it) is one `settles_by_size` or `cannot_match`
        would settle - a single molecule without phosphorus and without a net charge
        (charges that cancel, as in a nitro group, leave the formula neutral), larger
        than the small-molecule rules, whose heavy-atom composition no listed formula
        has. Sound because the text composition and charge equal the parsed ones;
        whether the text is a valid SMILES is checked separately
        (`structure.valid_smiles`)."""
        if "." in text or "P" in text or "p" in text or "->" in text or "<-" in text:
            return False  # a dative bond is read as charges (`st.as_ions`)
        if "[" not in text:
            # Without brackets a SMILES writes no charge and only organic-subset atoms:
            # counted on the text with str.count, what `st.text_atoms` reads with its
            # pattern (Cl and Br once each, their C and B not again; no P here).
            count = text.count
            cl = count("Cl")
            carbon = count("C") - cl + count("c")
            # count("B") holds every B and Br atom; count("C") - cl every C atom
            heavy = carbon + cl + count("B") + count("b") + count("N") + count("n")
            heavy += count("O") + count("o") + count("S") + count("s") + count("F") + count("I")
            if not heavy:  # no heavy atom at all (not a molecule to settle)
                return False
            if heavy > _SMALL:
                if heavy not in self.formula_sizes:
                    return True
                if (heavy, carbon) not in self.size_carbons:
                    return True
            return self._composition_settles(st.text_composition(text) or {}, heavy)
        if st.text_charge(text) != 0:
            return False
        atoms = st.text_atoms(text)
        if not atoms:  # unreadable, or no heavy atom at all (not a molecule to settle)
            return False
        if not st.only_non_metals(atoms):
            return False  # a metal is read as ions (`st.as_ions`)
        heavy = len(atoms)
        if (
            "+" in text  # most texts: no call at all
            and st.positive_beyond_nitro(text)
            and self.review_possible(st.composition_of(atoms), heavy)
        ):
            # Charges that cancel (a zwitterion, a charge-separated writing): the parent
            # may be a permanent cation that a review rule names (1A16's bis-enolate).
            return False
        if heavy > _SMALL:
            if heavy not in self.formula_sizes:
                return True
            # Listed compositions of this size all have other carbon counts: settled
            # without counting every element.
            if (heavy, atoms.count("C") + atoms.count("c")) not in self.size_carbons:
                return True
        return self._composition_settles(st.composition_of(atoms), heavy)

    def review_possible(self, counts: dict[str, int], heavy: int) -> bool:
        """Could a review rule in force (and so a membership rule: members meet it) name
        a molecule with these heavy atoms, once it is standardised? Its parent keeps the
        heavy atoms (standardisation moves protons and charges only), and must hold a
        positive charge: a molecule written with no "+" and no net charge never gets one,
        so callers ask only for a molecule written with a positive atom."""
        if heavy < _REVIEW_MIN_HEAVY:
            return False
        return any(
            all(counts.get(element, 0) >= n for element, n in needs.items())
            for needs in self._review_needs
        )

    def _composition_settles(self, counts: dict[str, int], heavy: int) -> bool:
        """The rest of `text_settles`, for a molecule of this heavy-atom composition."""
        composition = tuple(sorted(counts.items()))
        if composition in self.heavy_compositions:
            return False
        if heavy > _SMALL:
            return True
        settles = self._small_settles.get(composition)
        if settles is None:
            settles = self._small_composition_settles(counts)
            if len(self._small_settles) >= _OUTCOMES:
                self._small_settles.clear()
            self._small_settles[composition] = settles
        return settles

    def _small_composition_settles(self, counts: dict[str, int]) -> bool:
        """A small molecule of this heavy-atom composition: none of the small-molecule
        rules' formulas may fit. The hydrogen count is unknown on the text, so every
        hydrogen count is tried (the rules' formulas take any count: H\\d*)."""
        if self.small_without_formula:
            return False
        return not any(
            pattern.match(formula)
            for formula in st.hill_formulas(counts)
            for pattern in self.small_formulas
        )

    @property
    def size_carbons(self) -> set[tuple[int, int]]:
        """(heavy atoms, carbon atoms) of every listed heavy-atom composition."""
        if self._size_carbons is None:
            self._size_carbons = {
                (sum(n for _, n in c), dict(c).get("C", 0)) for c in self.heavy_compositions
            }
        return self._size_carbons

    def may_share_key(self, mol: Any) -> bool:
        """False only when `mol` cannot have the skeleton InChIKey of a listed chemical
        (nor its canonical tautomer that of a listed chemical's), told without an InChI
        (about a millisecond each): equal keys mean the same heavy atoms bonded the same
        way (InChI moves hydrogens and charges, never a bond between two non-metals, and
        tautomers move hydrogens), so the same multiset of (element, heavy neighbours).
        Molecules with metals, which InChI disconnects, are never excluded."""
        if not self._signatures_sound:
            return True
        signature = st.heavy_signature(mol)
        return signature is None or signature in self.key_signatures

    def settles_by_size(self, heavy: int, text: str) -> bool:
        """Cheaper than `cannot_match` (no formula): a single molecule written without
        phosphorus or charges, larger than the small-molecule rules, whose heavy-atom
        count no listed formula has, cannot be covered."""
        return heavy > _SMALL and heavy not in self.formula_sizes and not _P_OR_CHARGE.search(text)

    def cannot_match(self, formula: str, heavy: int, positive: bool = True) -> bool:
        """True when no entry can cover a single neutral molecule with this formula (it
        equals no listed chemical's, nor that of a tautomer of one; no phosphorus for
        the P families; no small-molecule family whose formula it has). `positive`: the
        molecule may have a positive atom (charges that cancel leave the formula
        neutral), so it may be a review rule's permanent cation once standardised."""
        if formula in self.formulas or "P" in formula or "+" in formula or "-" in formula:
            return False
        if positive and self.review_possible(dict(st.formula_composition(formula)), heavy):
            return False
        if heavy > _SMALL:
            return True
        if self.small_without_formula:
            return False
        return not any(pattern.match(formula) for pattern in self.small_formulas)

    def salt_cannot_match(self, mol: Any, formula: str, text: str) -> bool:
        """True when no entry can cover any component of a multi-component input: no
        phosphorus; the whole formula is no listed chemical's; no water of crystallisation
        (a hydrate is checked whole); and every component is either one atom of an
        element whose one-atom species no entry lists, or larger than the small-molecule
        rules with a heavy-atom count no listed chemical has (and no charge that could
        make it a 1A16-like quaternary)."""
        if "P" in formula or formula in self.formulas:
            return False
        review = bool(self.reviews) and "+" in text
        for frag in st.fragments(mol):
            size = len(frag)
            if size == 1:
                symbol = mol.GetAtomWithIdx(frag[0]).GetSymbol()
                if symbol in self.monoatomic or symbol == "O":
                    return False  # a listed one-atom parent, or water / hydroxide
                continue
            small = size <= _SMALL or size in self.single_sizes
            if small or (review and size >= _REVIEW_MIN_HEAVY):
                return False
        return True

    def worth_splitting(self, formula: str, sizes: list[int], mol: Any = None) -> bool:
        """Could a multi-component input with this formula and these fragment sizes (and
        this molecule, when given) hold a listed chemical as one of its components? A
        component a review rule may name (a permanent cation: 1A16's) is one too, and
        a zwitterion writes one without a counter-ion, beside any neutral partner."""
        if formula in self.formulas or "P" in formula:
            return True
        if any(size <= _SMALL or size in self.parent_sizes for size in sizes):
            return True
        if not self.reviews or not any(size >= _REVIEW_MIN_HEAVY for size in sizes):
            return False
        return mol is None or mol.HasSubstructMatch(_positive())

    # -- look-ups that need no structure ------------------------------------------------
    def entries_for_cas(self, cas: str) -> list[ListEntry]:
        return self.by_cas.get(cas, [])

    def entries_for_name(self, name: str) -> list[ListEntry]:
        return self.by_name.get(normalise_name(name), [])

    def entries_for_inchikey(self, key: str) -> list[ListEntry]:
        return self.by_key.get(st.skeleton_of(key), [])

    # -- matching -----------------------------------------------------------------------
    def match(
        self, cas: str | None, prepared: st.Prepared | None, percent: float | None = None
    ) -> list[Match]:
        """Every entry that covers the input (`exact`, `salt`, `family`, `component`,
        `mixture`), and entries named for the user to check (`parent`: a salt form its
        entry does not name; `review`: a family whose wording ChemSec lacks)."""
        hits = [self._cas_hit(e, cas) for e in self.by_cas.get(cas, ())] if cas else []
        if prepared is not None:
            hits += self._structure_hits(prepared, cas)
            for reading in prepared.covalent:
                hits += [_as_ion_pair(h) for h in self._structure_hits(reading, cas)]
        if not hits:
            return []  # the common case: nothing to rank or explain
        return [_with_concentration(m, e, percent) for m, e in self._finish(hits)]

    def _structure_hits(self, prepared: st.Prepared, cas: str | None) -> list[Hit]:
        hits = self._exact_hits(prepared) + self._component_hits(prepared)
        for component in prepared.screened:
            hits += self._family_hits(prepared, component, cas)
            hits += self._review_hits(prepared, component)
        return hits

    def _cas_hit(self, entry: ListEntry, cas: str | None) -> Hit:
        return Hit(entry, "exact", explain("cas_listed", entry, cas=cas), whole=True)

    def _exact_hits(self, p: st.Prepared) -> list[Hit]:
        formulas = self.formulas
        hits: list[Hit] = []
        if p.formula in formulas and self.may_share_key(p.whole):
            hits += [
                Hit(e, "exact", explain("structure_identical", e), whole=True)
                for e in self.by_key.get(p.key("whole"), [])
            ]
        if p.dry is not None and p.dry_formula in formulas and self.may_share_key(p.dry):
            hits += [
                Hit(e, "salt", explain("hydrate", e), whole=True)
                for e in self.by_key.get(p.key("dry"), [])
            ]
        single = p.screened[0] if len(p.screened) == 1 else None
        if (
            not hits
            and single is not None
            and single.kind == "none"
            and single.parent_formula in formulas
            and self.tautomer_possible(single.parent_formula)
            and self.may_share_key(single.parent)
        ):
            hits += [
                Hit(e, "exact", explain("tautomer", e))
                for e in self.by_tautomer(single.parent_formula, single.key("tautomer"))
            ]
        return hits

    def _component_hits(self, p: st.Prepared) -> list[Hit]:
        """Each component as its neutral parent: a component of a mixture, a salt the
        entry names (protonated/alkylated), or a salt form the entry does not name."""
        screened = p.screened
        count = len(screened)
        # Components other than water, counter-ions included: a neutral molecule written
        # beside spectator ions ("OCCSCCO.[Na+].[Cl-]") is the only one screened, but the
        # whole input is not that molecule, so the whole-input keys do not cover it.
        parts = sum(1 for x in p.components if x.kind != "water")
        hits: list[Hit] = []
        for c in screened:
            if parts == 1 and c.kind == "none":
                continue  # one neutral molecule (and water): the whole-input keys said it all
            if c.parent_formula not in self.formulas or not self.may_share_key(c.parent):
                continue
            found = self.by_key.get(c.key("parent"))
            if not found and self.tautomer_possible(c.parent_formula):
                found = self.by_tautomer(c.parent_formula, c.key("tautomer"))
            if found:  # the component's SMILES is written only into a hit's explanation
                where = _where(c, count if count > 1 else parts)
                hits += [_component_hit(e, c, where, count) for e in found]
        return hits

    def _family_hits(self, p: st.Prepared, c: st.Component, cas: str | None) -> list[Hit]:
        hits: list[Hit] = []
        heavy = c.parent.GetNumHeavyAtoms()
        # Every family rule needs phosphorus or is a small molecule: skip the rest at once.
        candidates = self.p_families if "P" in c.parent_formula else []
        if heavy <= _SMALL:
            candidates = candidates + self.small_families
        if not candidates:
            return hits
        kind = "none" if c.as_written else c.kind
        forms: list[Any] | None = None
        for entry, rule in candidates:
            if not _gate(rule, c.formula, c.parent_formula, heavy):
                continue
            basis = _family_basis(entry, rule, kind)
            if basis is None and rule.alkylated_salts_only:
                continue
            if forms is None:
                forms = [c.parent, *st.phosphorus_tautomers(c.parent)]
            if not any(rule_applies(rule, form) for form in forms):
                continue
            if self._exempt(entry, c, cas):
                continue
            where = _where(c, len(p.screened))
            if basis is None:
                form = salt_form(kind)
                text = explain("family_salt_form_not_named", entry, salt_form=form, **where)
                hits.append(Hit(entry, "parent", text))
            else:
                hits.append(Hit(entry, basis, _family_text(entry, basis, kind, where)))
        return hits

    def _review_hits(self, p: st.Prepared, c: st.Component) -> list[Hit]:
        # The 1A16 examples are permanent (quaternary) cations: their parent stays charged.
        if not self.reviews or c.heavy < _REVIEW_MIN_HEAVY or "+" not in c.parent_formula:
            return []
        applying = [entry for entry, review in self.reviews if review.applies(c.parent)]
        if not applying:
            return []  # the component's SMILES is written only into a hit's explanation
        where = _where(c, len(p.screened))
        hits = []
        for entry in applying:
            # Members carry the review rule's features: only those inputs are asked.
            member = MEMBERSHIP_BY_CODE.get(entry.code)
            if member is not None and member.applies(c.parent):
                hits.append(_member_hit(entry, p, c, where))
            else:
                hits.append(Hit(entry, "review", explain("family_review", entry, **where)))
        return hits

    def _exempt(self, entry: ListEntry, c: st.Component, cas: str | None) -> bool:
        keys = {c.key("mol"), c.key("parent")}
        if any(x.parent == entry.code for k in keys for x in self.exempt_keys.get(k, [])):
            return True
        exemption = self.exempt_cas.get(cas or "")
        return exemption is not None and exemption.parent == entry.code

    def _finish(self, hits: list[Hit]) -> list[tuple[Match, ListEntry]]:
        if any(h.whole for h in hits):
            # The input is itself a listed chemical (a listed salt such as potassium
            # fluoride): the parents of its ions add nothing.
            hits = [h for h in hits if h.basis != "parent"]
        best: dict[tuple[str, str], Hit] = {}
        for hit in hits:
            slot = (hit.entry.list, hit.entry.code)
            if slot not in best or _BASIS_RANK[hit.basis] < _BASIS_RANK[best[slot].basis]:
                best[slot] = hit
        chosen = _schedule_1_precedence(list(best.values()))
        chosen.sort(key=lambda h: (_LIST_ORDER.index(h.entry.list), h.entry.code))
        return [(self._to_match(h), h.entry) for h in chosen]

    def _to_match(self, hit: Hit) -> Match:
        e = hit.entry
        listed_name, listed_cas = listed_identity(e, hit.basis)
        return Match(
            list=e.list,
            entry=e.code,
            title=e.title,
            basis=hit.basis,
            explanation=hit.explanation.text,
            explanation_code=hit.explanation.code,
            explanation_params=hit.explanation.params,
            source=e.source,
            data_version=e.version,
            verification=e.verification,
            urn=e.urn,
            list_status=None if e.list != "CFATS" else LIST_INFO["CFATS"]["status"],
            listed_name=listed_name,
            listed_cas=listed_cas,
        )


@cache
def _positive() -> Any:
    return st.parse_smarts("[+,+2,+3,+4]")


@cache
def _engine_sources() -> bytes:
    """The source of the code `Matcher._derive` runs (this module and `structure`)."""
    return Path(__file__).read_bytes() + Path(st.__file__).read_bytes()


_LIST_ORDER = list(LIST_INFO)
_OUTCOMES = 10_000
_SMALL = max(r.max_heavy_atoms or 0 for r in RULE_BY_CODE.values())


@lru_cache(maxsize=1024)
def _tautomer_key(smiles: str) -> str:
    mol = st.parse_smiles(smiles)
    return st.skeleton_key(st.canonical_tautomer(mol)) if mol is not None else ""


def _as_ion_pair(hit: Hit) -> Hit:
    """A hit on the covalent molecule an ion pair writes: the input is that chemical
    written in a charged form (other hits keep their sentence: a component's SMILES is
    the reading's)."""
    if hit.whole and hit.explanation.code == "structure_identical":
        text = explain("structure_identical_charged", hit.entry)
        return Hit(hit.entry, hit.basis, text, whole=True)
    return hit


def _where(c: st.Component, count: int) -> dict[str, Any]:
    if count < 2:
        return {}
    return {"component_index": c.index, "component_count": count, "component_smiles": c.smiles()}


def _component_hit(e: ListEntry, c: st.Component, where: dict[str, Any], count: int) -> Hit:
    if c.kind in ("redrawn", "charged") and count == 1:
        how = "p_cation" if c.kind == "redrawn" else "charged"
        return Hit(e, "exact", explain(f"structure_identical_{how}", e))
    if c.as_written:
        return Hit(e, "component", explain("component_listed", e, **where))
    if _salt_allowed(e.salts, c.kind):
        return Hit(e, "salt", explain(f"{c.kind}_salt_covered", e, salts=e.salts, **where))
    form = salt_form(c.kind)
    return Hit(e, "parent", explain("salt_form_not_named", e, salt_form=form, **where))


def _member_hit(entry: ListEntry, p: st.Prepared, c: st.Component, where: dict[str, Any]) -> Hit:
    """A 1A16 member. The entry names its members' dibromides: the cation as written with
    bromide as the only counter-ion, two for each such cation, is covered (water and
    neutral components beside it aside); the bare cation, any other counter-ion, a
    protonated form and a deprotonated one (an enolate, alkoxide or ylide carbon written
    as a zwitterion) are the listed parent in a salt form the entry does not name."""
    counters = [x.formula for x in p.components if x.kind == "counter"]
    cations = [x for x in p.screened if x.kind == "alkylated" and x.formula == x.parent_formula]
    dibromide = (
        any(x is c for x in cations)
        and counters == ["Br-"] * len(counters)
        and len(counters) == sum(_charge(x.formula) for x in cations)
        and all(x.as_written or any(x is y for y in cations) for x in p.screened)
    )
    if dibromide:
        return Hit(entry, "family", explain("in_family", entry, **where))
    # The cation is quaternary in every form: only a proton more or less says what it is.
    form = c.kind if c.kind in ("protonated", "deprotonated") else "other"
    text = explain("family_salt_form_not_named", entry, salt_form=form, **where)
    return Hit(entry, "parent", text)


def _charge(formula: str) -> int:
    """The net charge a formula string ends with ("C25H48N4O3+2" -> 2, "Br-" -> -1)."""
    found = re.search(r"([+-])(\d*)$", formula)
    if found is None:
        return 0
    size = int(found.group(2) or 1)
    return size if found.group(1) == "+" else -size


def _with_concentration(match: Match, entry: ListEntry, percent: float | None) -> Match:
    """A stated concentration turns a limited entry's match into a `mixture` match."""
    if percent is None or match.basis not in COVERING:
        return match
    assessment = assess(entry, percent)
    if assessment is None:
        return match
    explanation = f"{match.explanation} Stated concentration: {assessment.text}."
    return replace(match, basis="mixture", explanation=explanation, concentration=assessment)


def _group(
    rows: list[ListEntry], keys: Callable[[ListEntry], list[str]]
) -> dict[str, list[ListEntry]]:
    out: dict[str, list[ListEntry]] = defaultdict(list)
    for row in rows:
        for key in keys(row):
            if key and row not in out[key]:
                out[key].append(row)
    return dict(out)


def _salt_allowed(wording: str, kind: str) -> bool:
    if kind == "protonated":
        return wording in ("protonated", "alkylated_or_protonated")
    return kind == "alkylated" and wording == "alkylated_or_protonated"


def _gate(rule: FamilyRule, formula: str, parent_formula: str, heavy: int) -> bool:
    if not all(el in formula for el in rule.needs):
        return False
    if heavy < rule.min_heavy_atoms:
        return False
    if rule.formula is not None and not re.match(rule.formula, parent_formula):
        return False
    return rule.max_heavy_atoms is None or heavy <= rule.max_heavy_atoms


def _family_basis(entry: ListEntry, rule: FamilyRule, salt_kind: str) -> Basis | None:
    if rule.alkylated_salts_only:
        return (
            "salt" if salt_kind == "alkylated" and _salt_allowed(entry.salts, salt_kind) else None
        )
    if salt_kind in ("none", "redrawn", "charged", "hydrate", "mixture") or rule.open_structure:
        return "family"
    return "salt" if _salt_allowed(entry.salts, salt_kind) else None


def _family_text(
    entry: ListEntry, basis: Basis, salt_kind: str, where: dict[str, Any]
) -> Explained:
    code = f"{salt_kind}_salt_in_family" if basis == "salt" else "in_family"
    return explain(code, entry, **where)


def _schedule_1_precedence(hits: list[Hit]) -> list[Hit]:
    # 2B04 reads "except for those listed in Schedule 1": report Schedule 1 alone.
    in_schedule_1 = any(
        h.entry.list == "CWC" and h.entry.code.startswith("1") and h.basis in COVERING for h in hits
    )
    if not in_schedule_1:
        return hits
    return [
        h
        for h in hits
        if not (
            h.entry.list == "CWC" and RULE_BY_CODE.get(h.entry.code, _NO_RULE).schedule_1_precedence
        )
    ]


_NO_RULE = FamilyRule("", "")
