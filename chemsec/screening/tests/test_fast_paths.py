"""The shortcuts that keep screening close to parsing give the same answers as the full
path: rows settled from the formula stored in the offline index, outcomes reused for
repeated identities, and clear SMILES settled without building components."""

from __future__ import annotations

import sqlite3

from chemsec.screening.engine.cas import int_to_cas
from chemsec.screening.engine.core import Screener
from chemsec.screening.engine.names import index_path
from chemsec.screening.engine.results import InputRow


def _records(n: int) -> list[tuple[str, str]]:
    con = sqlite3.connect(index_path())
    try:
        rows = con.execute(
            "SELECT cas, smiles FROM cas WHERE smiles != '' AND cas % 37 = 0 LIMIT ?", (n,)
        ).fetchall()
    finally:
        con.close()
    return [(int_to_cas(c), s) for c, s in rows]


def test_records_settled_from_the_index_agree_with_their_structures() -> None:
    records = _records(600)
    assert len(records) == 600
    screener = Screener(use_opsin=False)
    by_cas = screener.screen_chunk([InputRow(c, i) for i, (c, _) in enumerate(records)])
    by_smiles = screener.screen_chunk(
        [InputRow(s, i, kind="smiles") for i, (_, s) in enumerate(records)]
    )
    for (cas, smiles), a, b in zip(records, by_cas, by_smiles, strict=True):
        if b.status == "invalid":
            continue  # a few index records hold SMILES RDKit refuses
        assert a.status == b.status, (cas, smiles, a.status, b.status)
        assert {(m.list, m.entry) for m in a.matches} >= {(m.list, m.entry) for m in b.matches}


def test_repeated_identities_reuse_their_outcome_exactly() -> None:
    rows = [InputRow(c, i) for i, c in enumerate(["96-80-0", "64-17-5", "55-86-7"] * 3)]
    first = Screener(use_opsin=False).screen_chunk(rows)
    again = Screener(use_opsin=False).screen_chunk(rows[:3])
    for a, b in zip(first[6:], again, strict=True):
        assert a.to_dict() | {"line": 0} == b.to_dict() | {"line": 0}


def _samples() -> list[str]:
    import csv
    from pathlib import Path

    from rdkit import RDConfig

    data = Path(RDConfig.RDDataDir)
    nci = [line.split()[0] for line in (data / "NCI" / "first_5K.smi").read_text().splitlines()]
    with (data / "Pains" / "test_data" / "wehi_mols.csv").open() as handle:
        wehi = [row[0] for row in csv.reader(handle) if row]
    return nci[::4] + wehi[::8]


def test_the_bulk_smiles_pre_filter_settles_only_what_the_full_path_clears() -> None:
    rows = [InputRow(s, i, kind="smiles") for i, s in enumerate(_samples())]
    fast = Screener(use_opsin=False).screen_chunk(rows)
    full = Screener(use_opsin=False, full_identity=True).screen_chunk(rows)  # no shortcut
    assert len(rows) > 2000
    for row, a, b in zip(rows, fast, full, strict=True):
        assert (a.status, [m.entry for m in a.matches]) == (
            b.status,
            [m.entry for m in b.matches],
        ), row.identifier


def test_listed_smiles_writings_in_a_smiles_file_are_never_settled_clear() -> None:
    from rdkit import Chem

    from chemsec.screening.tests.writings import all_writings

    writings = [w for w in all_writings() if Chem.MolFromSmiles(w.text) is not None]
    rows = [InputRow(w.text, i, kind="smiles") for i, w in enumerate(writings)]
    results = Screener(use_opsin=False).screen_chunk(rows)
    cleared = [w.text for w, r in zip(writings, results, strict=True) if r.status == "clear"]
    assert not cleared, cleared[:5]


def test_salts_settled_from_the_index_agree_with_their_structures() -> None:
    con = sqlite3.connect(index_path())
    try:
        records = con.execute(
            "SELECT cas, smiles FROM cas WHERE smiles LIKE '%.%' AND cas % 7 = 0 LIMIT 800"
        ).fetchall()
    finally:
        con.close()
    assert len(records) == 800
    screener = Screener(use_opsin=False)
    rows = [InputRow(int_to_cas(c), i) for i, (c, _) in enumerate(records)]
    by_cas = screener.screen_chunk(rows)
    # full_identity: the structure path itself, with no shortcut, as the reference
    full = Screener(use_opsin=False, full_identity=True).screen_chunk(
        [InputRow(s, i, kind="smiles") for i, (_, s) in enumerate(records)]
    )
    assert sum(r.status == "clear" for r in by_cas) > 400
    for (cas, smiles), a, b in zip(records, by_cas, full, strict=True):
        if b.status == "invalid":
            continue
        assert a.status == b.status, (cas, smiles, a.status, b.status)
        assert {(m.list, m.entry) for m in a.matches} >= {(m.list, m.entry) for m in b.matches}


def test_the_heavy_atom_signature_never_excludes_a_molecule_with_a_listed_key() -> None:
    """`may_share_key` skips the InChIKey of most molecules whose formula a listed chemical
    has: it must keep every molecule whose skeleton key (or whose canonical tautomer's)
    is a listed one - every writing of every listed chemical, their components and neutral
    parents - and the samples whose formula is listed."""
    from rdkit import Chem

    from chemsec.screening.engine import structure as st
    from chemsec.screening.tests.writings import all_writings, listed

    matcher = Screener(use_opsin=False).matcher
    texts = [e.smiles for e in listed() if e.smiles] + [w.text for w in all_writings()]
    texts += [s for s in _samples() if "." in s or "+" in s or "P" in s][::3]
    checked = excluded = 0
    for text in texts:
        mol = Chem.MolFromSmiles(text)
        if mol is None:
            continue
        prepared = st.prepare(mol)
        for c in prepared.components:
            tautomer = st.skeleton_key(st.canonical_tautomer(c.parent))
            if matcher.by_tautomer(c.parent_formula, tautomer):
                checked += 1
                assert matcher.may_share_key(c.parent), text
        for form in [prepared.whole, *(c.parent for c in prepared.components)]:
            if st.formula_of(form) not in matcher.formulas:
                continue
            listed_key = st.skeleton_key(form) in matcher.by_key
            checked += listed_key
            if not matcher.may_share_key(form):
                excluded += 1
                assert not listed_key, text
    assert checked > 300 and excluded > 20, (checked, excluded)


def test_repeated_rows_are_copies_of_their_first_result_with_their_own_line() -> None:
    # Inventory shapes: CAS numbers in every writing, list names and codes, index names,
    # placeholders, a bad check digit, a name nobody knows, and the same text given as
    # another kind (a name in a CAS column must not take the name row's result; a CAS
    # number in a name column is read as a CAS number, as anywhere else).
    cells = [
        ("96-80-0", "cas"),
        ("64-17-5", None),
        ("7782505", None),
        ("7782 50 5", "cas"),
        ("7782-50-6", "cas"),
        ("N/A", "cas"),
        ("sarin", "name"),
        ("VX", None),
        ("ethanol", "name"),
        ("64-17-5", "name"),
        ("zz-not-a-chemical-name", "name"),
        ("CCO", None),
        ("sarin", "cas"),
    ]
    screener = Screener(use_opsin=False)
    first = screener.screen_chunk([InputRow(t, i, kind=k) for i, (t, k) in enumerate(cells)])
    again = screener.screen_chunk(
        [InputRow(t, 100 + i, kind=k) for i, (t, k) in enumerate(cells)] * 2
    )
    fresh = [Screener(use_opsin=False).screen_chunk([InputRow(t, 7, kind=k)])[0] for t, k in cells]
    for (text, _), a, b, c, f in zip(
        cells, first, again[: len(cells)], again[len(cells) :], fresh, strict=True
    ):
        assert b.line == c.line == a.line + 100 and b.input == text
        same = a.to_dict() | {"line": 0}
        assert b.to_dict() | {"line": 0} == same == f.to_dict() | {"line": 0}, text
    # copies are not shared: changing one result leaves the others alone
    again[0].notes.append("changed")
    again[0].identity.name = "changed"
    assert screener.screen_chunk([InputRow("96-80-0", 1, kind="cas")])[0].to_dict() == (
        first[0].to_dict() | {"line": 1}
    )
    assert (first[6].status, first[12].status) == ("matched", "invalid")
    assert first[12].reason_code == "cas_shape"  # a name in a CAS column: not written as one
    assert first[9].to_dict() | {"line": 0} == first[1].to_dict() | {"line": 0}
