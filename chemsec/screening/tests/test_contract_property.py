"""Property-based test of the screening output contract (issue 16, section 3).

Random mixtures of valid, invalid and adversarial rows, written in every supported input
format, go through the same door every surface uses. Whatever the mixture:

- one result per input row, in order (files: by line; lists: by position, same input);
- status is one of matched, clear, unresolved, invalid; unresolved and invalid rows carry a
  known reason code and text; matched rows carry a covering entry; clear rows carry none;
- no listed chemical of the shipped lists, in any of the writings of section 1 and 2
  (hyphen-less CAS, salts as two molecules, solvates, charged forms, tautomers, names with
  commas), ever comes back clear.

Runtime is kept small (a few seconds): few examples per format, no deadline.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdkit import Chem

from chemsec.lib.tabular import normalise_header
from chemsec.screening import screen_rows
from chemsec.screening.engine.inputs import ID_COLUMNS, read_file
from chemsec.screening.engine.reasons import REASONS
from chemsec.screening.engine.results import COVERING, STATUSES, InputRow, ScreenResult
from chemsec.screening.tests.writings import all_writings, listed

SETTINGS = settings(
    max_examples=int(os.environ.get("CHEMSEC_PROPERTY_EXAMPLES", "12")),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),  # reproducible in CI, exploring locally
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
HINTS = {normalise_header(h) for h in ID_COLUMNS} | {"smiles", "concentration", "note"}


@dataclass(frozen=True)
class Item:
    text: str
    must_find: bool  # a listed chemical in some writing: never `clear`
    smiles: bool = False  # usable in .smi / .sdf files


@cache
def _listed_items() -> tuple[Item, ...]:
    items = [Item(w.text, True, _is_smiles(w.text)) for w in all_writings()]
    for e in listed():
        items += [Item(n, True) for n in e.names]
        if e.cas:
            items.append(Item(e.cas, True))
        if e.smiles:
            items.append(Item(e.smiles, True, True))
    return tuple(items)


@cache
def _is_smiles(text: str) -> bool:
    return " " not in text and Chem.MolFromSmiles(text) is not None


BENIGN = [
    Item(t, False, s)
    for t, s in [
        ("water", False),
        ("7732-18-5", False),
        ("CCO", True),
        ("c1ccccc1", True),
        ("sodium chloride", False),
        ("64-17-5", False),
        ("OCC(O)CO", True),
    ]
]
INVALID = [
    Item(t, False)
    for t in [
        "50-00-1",
        "7782506",
        "C1CC",
        "C((C",
        "N/A",
        "-",
        "#N/A",
        "InChI=1S/garbage",
        "AAAAAAAAAAAAAA-BBBBBBBBBB-N",
        "=SUM(A1:A3)",
        "x" * 300,
        "Phosphonic acid, methyl-, dimethyl ester",
        "1,1,1",
        '"quoted"',
        "a;b|c\td",
    ]
]
BROKEN_SMILES = [Item(t, False, True) for t in ["C1CC", "C((C", "[Xx]C", "c1cccc1", "CC)"]]
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
ADVERSARIAL = _TEXT.map(lambda t: Item(t, False))


def _items(smiles_only: bool = False) -> st.SearchStrategy[list[Item]]:
    if smiles_only:
        pool = st.one_of(
            st.sampled_from([i for i in _listed_items() if i.smiles]),
            st.sampled_from([i for i in BENIGN if i.smiles]),
            st.sampled_from(BROKEN_SMILES),
            st.from_regex(r"[A-Za-z0-9()=#\[\]@+\-/\\.%]{1,20}", fullmatch=True).map(
                lambda t: Item(t, False, True)
            ),
        )
    else:
        pool = st.one_of(
            st.sampled_from(_listed_items()),
            st.sampled_from(BENIGN),
            st.sampled_from(INVALID),
            ADVERSARIAL,
        )
    return st.lists(pool, min_size=1, max_size=12)


def _check(
    results: list[ScreenResult],
    items: list[Item],
    lines: list[int] | None,
    kinds_given: bool = False,
) -> None:
    assert len(results) == len(items), (len(results), len(items))
    if lines is not None:
        assert [r.line for r in results] == lines
    for result, item in zip(results, items, strict=True):
        assert result.status in STATUSES
        covering = [m for m in result.matches if m.basis in COVERING]
        if result.status in ("unresolved", "invalid"):
            assert result.reason_code in REASONS and result.reason, result
        else:
            assert result.reason_code is None
        if result.status == "matched":
            assert covering, result
        if result.status == "clear":
            assert not result.matches, result
        if item.must_find and not kinds_given:
            assert result.status != "clear", (item.text, result.to_dict())


def _one_line(items: list[Item]) -> list[Item]:
    """Items a line-based file can hold: one non-blank line, not taken for a header."""
    out = []
    for item in items:
        text = " ".join(item.text.split())
        if (
            text
            and normalise_header(text) not in HINTS
            and normalise_header(text.split(",")[0]) not in HINTS
        ):
            out.append(Item(text, item.must_find, item.smiles))
    return out


# -- lists (the page and the API) ------------------------------------------------------
@SETTINGS
@given(items=_items(), kinds=st.lists(st.sampled_from([None, "cas", "name", "smiles"])))
def test_lists_of_identifiers_keep_the_contract(items: list[Item], kinds: list[Any]) -> None:
    rows = [
        InputRow(i.text, line=n + 1, kind=kinds[n] if n < len(kinds) else None)
        for n, i in enumerate(items)
    ]
    results = list(screen_rows(rows, use_opsin=False))
    # A listed writing given under the wrong kind (a name in a CAS column) may be
    # unresolved or invalid; only the contract is checked for those.
    _check(results, items, [r.line or 0 for r in rows], kinds_given=True)
    detected = list(screen_rows([InputRow(i.text) for i in items], use_opsin=False))
    _check(detected, items, None)
    assert [r.input for r in results] == [i.text for i in items]


def _expected_lines(items: list[Item], first: int = 1) -> list[int]:
    return list(range(first, first + len(items)))


# -- plain lists of names, headerless and headed tables ----------------------------------
@SETTINGS
@given(items=_items(), suffix=st.sampled_from([".txt", ".csv"]))
def test_plain_lists_keep_the_contract(tmp_path: Path, items: list[Item], suffix: str) -> None:
    items = _one_line(items)
    if not items:
        return
    path = tmp_path / f"list{suffix}"
    if suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for item in items:
            writer.writerow([item.text])
        path.write_text(buffer.getvalue(), encoding="utf-8")
    else:
        path.write_text("".join(f"{i.text}\n" for i in items), encoding="utf-8")
    results = list(screen_rows(read_file(str(path)), use_opsin=False))
    _check(results, items, _expected_lines(items))


@SETTINGS
@given(items=_items(), delimiter=st.sampled_from([",", ";", "\t"]))
def test_headed_tables_keep_the_contract(tmp_path: Path, items: list[Item], delimiter: str) -> None:
    items = [i for i in items if i.text.strip()]
    if not items:
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["Chemical name", "Note"])
    lines = []
    for item in items:
        lines.append(buffer.getvalue().count("\n") + 1)
        writer.writerow([item.text, "x"])
    path = tmp_path / ("table.tsv" if delimiter == "\t" else "table.csv")
    path.write_text(buffer.getvalue(), encoding="utf-8")
    results = list(screen_rows(read_file(str(path)), use_opsin=False))
    _check(results, items, lines)


@SETTINGS
@given(items=_items())
def test_spreadsheets_keep_the_contract(tmp_path: Path, items: list[Item]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    items = [i for i in items if i.text.strip() and not ILLEGAL_CHARACTERS_RE.search(i.text)]
    if not items:
        return
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["CAS or name", "Quantity"])
    for item in items:
        sheet.append([item.text, 1])
    path = tmp_path / "inventory.xlsx"
    book.save(path)
    results = list(screen_rows(read_file(str(path), column="1"), use_opsin=False))
    _check(results, items, _expected_lines(items, first=2))


# -- structure files ----------------------------------------------------------------------
@SETTINGS
@given(items=_items(smiles_only=True))
def test_smiles_files_keep_the_contract(tmp_path: Path, items: list[Item]) -> None:
    items = [i for i in items if i.text.strip() and i.text.lower() != "smiles"]
    if not items:
        return
    path = tmp_path / "set.smi"
    path.write_text("".join(f"{i.text} name{n}\n" for n, i in enumerate(items)), encoding="utf-8")
    results = list(screen_rows(read_file(str(path)), use_opsin=False))
    _check(results, items, _expected_lines(items))


@SETTINGS
@given(items=_items(smiles_only=True))
def test_sdf_files_keep_the_contract(tmp_path: Path, items: list[Item]) -> None:
    blocks, kept = [], []
    for item in items:
        mol = Chem.MolFromSmiles(item.text)
        block = Chem.MolToMolBlock(mol) if mol is not None else f"garbage\n{item.text}\n"
        blocks.append(block)
        kept.append(item if mol is not None else Item(item.text, False))
    path = tmp_path / "set.sdf"
    path.write_text("".join(b + "$$$$\n" for b in blocks), encoding="utf-8")
    results = list(screen_rows(read_file(str(path)), use_opsin=False))
    _check(results, kept, None)
    assert [r.line for r in results] == sorted(r.line or 0 for r in results)
