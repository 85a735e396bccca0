"""Issue 16, section 4: the shortcuts of the SMILES bulk path change no output.

A CSV line written directly is the line the csv module writes; the text pre-filter's
cheaper tests (carbon count, answers kept per composition) settle exactly the rows the
composition test settles."""

from __future__ import annotations

import csv
import io
import re
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as hs

from chemsec.screening.engine import structure as st
from chemsec.screening.engine import writers
from chemsec.screening.engine.core import Screener
from chemsec.screening.engine.matcher import _SMALL, Matcher
from chemsec.screening.engine.results import Identity, ScreenResult
from chemsec.screening.tests.test_text_prefilter import _samples
from chemsec.screening.tests.writings import all_writings, listed
from chemsec.screening.tests.writings import family_members as _family_members

# Characters that matter to a CSV writer or a spreadsheet, and ordinary ones.
_CELL = hs.one_of(
    hs.none(),
    hs.text(alphabet=list("aC1=+-@\t\r\n,\"\x00 é';\\[]().#"), max_size=6),
)


@given(
    text=_CELL,
    status=hs.sampled_from(["clear", "invalid", "unresolved"]),
    line=hs.one_of(hs.none(), hs.integers(-5, 10**7), hs.just(True)),
    cells=hs.lists(_CELL, min_size=7, max_size=7),
    notes=hs.lists(hs.text(max_size=3), max_size=1),
)
@settings(max_examples=800, deadline=None)
def test_a_csv_line_written_directly_is_the_csv_modules_line(
    text: str | None,
    status: str,
    line: int | None,
    cells: list[str | None],
    notes: list[str],
) -> None:
    reason, code, name, cas, smiles, key, how = cells
    result = ScreenResult(
        text or "",
        status,  # type: ignore[arg-type]
        line,
        reason,
        Identity(name, cas, smiles, key, how),
        [],
        notes,
        code,
    )
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(writers.csv_values(result))
    assert writers.csv_line(result) == buffer.getvalue()


@cache
def _matcher() -> Matcher:
    return Screener(use_opsin=False).matcher


def _settles_by_composition(matcher: Matcher, text: str) -> bool:
    """The text pre-filter as first written: every composition counted and looked up."""
    if "." in text or "P" in text or "p" in text or st.text_charge(text) != 0:
        return False
    if st.writes_metal_or_dative(text):
        return False  # read as ions: never settled on the text
    atoms = st.text_atoms(text)
    if not atoms:
        return False
    counts = st.composition_of(atoms)
    if st.positive_beyond_nitro(text) and matcher.review_possible(counts, len(atoms)):
        return False  # charges that cancel: a permanent cation a review rule names?
    if tuple(sorted(counts.items())) in matcher.heavy_compositions:
        return False
    if len(atoms) > _SMALL:
        return True
    return matcher._small_composition_settles(counts)


def test_the_text_prefilters_shortcuts_settle_what_the_composition_test_settles() -> None:
    matcher = _matcher()
    texts = [
        *_samples(),
        *(w.text for w in all_writings()),
        *(e.smiles for e in listed() if e.smiles),
        *_family_members(),
    ]
    for _ in range(2):  # the second time from the answers kept per composition
        for text in texts:
            assert matcher.text_settles(text) == _settles_by_composition(matcher, text), text


def _salts() -> list[str]:
    """Multi-component SMILES: the samples' salts and mixtures, and every listed chemical
    beside a counter-ion, an acid, water or a larger co-former."""
    partners = [
        "Cl",
        "O",
        "[Na+]",
        "[Cl-]",
        "OS(=O)(=O)O",
        "OC(=O)C(=O)O",
        "c1ccncc1",
        "C[N+](C)(C)C.[Br-]",
        "Cn1cnc2c1c(=O)n(C)c(=O)n2C",
    ]
    listed_smiles = [e.smiles for e in listed() if e.smiles]
    out = [s for s in _samples() if "." in s]
    out += [f"{s}.{p}" for i, s in enumerate(listed_smiles) for p in partners[i % 3 :: 3]]
    return out


def test_fragments_taken_unsanitised_are_the_sanitised_fragments() -> None:
    from rdkit import Chem

    checked = 0
    for text in _salts():
        mol = st.parse_smiles(text)
        if mol is None:
            continue
        ours = st._fragments(mol)
        theirs = Chem.GetMolFrags(mol, asMols=True)
        assert len(ours) == len(theirs), text
        for a, b in zip(ours, theirs, strict=True):
            assert Chem.MolToSmiles(a) == Chem.MolToSmiles(b), text
            assert st.formula_of(a) == st.formula_of(b), text
            assert st.skeleton_key(a) == st.skeleton_key(b), text
            assert a.GetRingInfo().AtomRings() == b.GetRingInfo().AtomRings(), text
            ca, cb = st._component(1, a), st._component(1, b)
            assert (ca.kind, ca.parent_formula) == (cb.kind, cb.parent_formula), text
            assert Chem.MolToSmiles(ca.parent) == Chem.MolToSmiles(cb.parent), text
            checked += 1
    assert checked > 1000


def test_small_molecules_keys_kept_by_smiles_are_their_own_keys() -> None:
    """Every small molecule and fragment of the samples, the writings and the salts gets,
    from the keys kept by canonical SMILES, the InChIKey RDKit computes for it."""
    from rdkit import Chem

    texts = [*_samples(), *(w.text for w in all_writings()), *_salts()]
    small = []
    for text in texts:
        mol = st.parse_smiles(text) if st.looks_like_smiles(text) else None
        if mol is not None:
            small += [f for f in Chem.GetMolFrags(mol, asMols=True) if f.GetNumHeavyAtoms() <= 8]
    assert len(small) > 1000
    for _ in range(2):  # the second time from the keys kept
        for mol in small:
            assert st.inchikey(Chem.Mol(mol)) == Chem.MolToInchiKey(mol), Chem.MolToSmiles(mol)


def _component_by_uncharger(mol: object) -> tuple[str, str, str]:
    """A charged component's kind, parent SMILES and parent formula as `_component`
    computes them when it does not skip them, always through `standardise` (RDKit's
    Normalizer and Uncharger and its own resonance and proton steps)."""
    from rdkit import Chem

    formula = st.formula_of(mol)
    parent = st.standardise(mol)
    parent_formula = st.formula_of(parent)
    added = st._hydrogens(parent_formula) - st._hydrogens(formula)
    if added < 0:
        kind = "protonated"
    elif added > 0:
        kind = "deprotonated"
    elif parent.HasSubstructMatch(Chem.MolFromSmarts("[N+;H0;X4]")):
        kind = "alkylated"
    else:
        kind = "other"
    return kind, Chem.MolToSmiles(parent), parent_formula


def test_charged_components_the_uncharger_would_leave_are_their_own_parents() -> None:
    """Issue 16: a charged component with no negative atom and no positive atom bearing
    a hydrogen skips `standardise`; its kind and parent must be what it gives,
    for every charged component of the samples, the writings and the salts."""
    from rdkit import Chem

    texts = [*_samples(), *(w.text for w in all_writings()), *_salts()]
    texts += ["C[N+](C)(C)C", "c1cc[n+](C)cc1", "[Fe+3]", "[Na+]", "C[P+](C)(C)C", "[O-2]"]
    skipped = 0
    for text in texts:
        # A net charge is written with a sign (clean-up's charge pairs are neutral).
        charged = "+" in text or "-]" in text or re.search(r"-\d+\]", text)
        mol = st.parse_smiles(text) if charged and st.looks_like_smiles(text) else None
        if mol is None:
            continue
        for frag in Chem.GetMolFrags(mol, asMols=True):
            if "+" not in st.formula_of(frag) and "-" not in st.formula_of(frag):
                continue
            component = st._component(1, frag)
            if component.kind == "redrawn":
                continue
            skipped += component.parent is frag
            ours = (component.kind, Chem.MolToSmiles(component.parent), component.parent_formula)
            assert ours == _component_by_uncharger(frag), text
    assert skipped > 300
