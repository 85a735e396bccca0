"""Input files for screening (.csv/.tsv/.txt/.xlsx, .smi, .sdf) as streams of rows."""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from chemsec.lib.tabular import (
    Table,
    TabularError,
    TabularRow,
    check_size,
    cut_at_name_comma,
    normalise_header,
    open_table,
)
from chemsec.screening.engine.reasons import Reason
from chemsec.screening.engine.results import InputRow

# Column names we recognise, best identifier first; the value is the identifier kind.
ID_COLUMNS = {
    "cas": "cas",
    "cas number": "cas",
    "cas no": "cas",
    "cas rn": "cas",
    "casrn": "cas",
    "cas registry number": "cas",
    # as exports in other languages and SDS tools write it (German, French, Spanish)
    "cas no.": "cas",
    "cas#": "cas",
    "cas-nr.": "cas",
    "cas-nr": "cas",
    "cas nr.": "cas",
    "n° cas": "cas",
    "nº cas": "cas",
    "no cas": "cas",
    "smiles": "smiles",
    "inchikey": "inchikey",
    "inchi key": "inchikey",
    "inchi": "inchi",
    "identifier": "",
    "id": "",
    "name": "name",
    "chemical": "name",
    "chemical name": "name",
    "substance": "name",
    "compound": "name",
    "product name": "name",
    "substance name": "name",
}
CONCENTRATION_COLUMNS = (
    "concentration", "conc", "% w/w", "percent", "wt%", "mass fraction", "konz.", "konzentration",
)  # fmt: skip
QUANTITY_COLUMNS = ("quantity", "qty", "amount")
UNIT_COLUMNS = ("unit", "units", "uom")
TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
STRUCTURE_SUFFIXES = (".smi", ".smiles", ".sdf", ".sd", ".mol")


class InputError(ValueError):
    """A file that cannot be screened at all (as opposed to a bad row)."""


@dataclass(frozen=True, slots=True)
class Columns:
    """Where the identifier(s) and optional amounts are in a table."""

    identifiers: tuple[tuple[int, str], ...]  # (index, kind) in order of preference
    concentration: int | None
    quantity: int | None
    unit: int | None


def is_file_input(text: str) -> bool:
    path = Path(text)
    return path.suffix.lower() in TABLE_SUFFIXES + STRUCTURE_SUFFIXES and path.exists()


def path_problem(text: str) -> str | None:
    """Why a command-line INPUT that names a file cannot be screened as a file, or None
    when it is a readable file or not meant as a path (an identifier)."""
    if not text.strip():  # Path("") is the current folder: never read "" as a path
        return f"an empty INPUT ({text!r}): give an identifier or a file"
    path = Path(text)
    if path.is_dir():  # whatever its name: a folder is never screened (nor its files)
        return f"{text}: is a directory"
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES + STRUCTURE_SUFFIXES:
        if not path.exists():
            return f"{text}: no such file"
        return None
    if path.is_file():
        kinds = ", ".join(TABLE_SUFFIXES + STRUCTURE_SUFFIXES)
        return f"{text}: not a file type chemsec screen reads (use one of {kinds})"
    if _meant_as_path(text):
        return f"{text}: no such file"
    return None


def _meant_as_path(text: str) -> bool:
    """./x, ../x, ~/x, /abs/x, C:\\x, or a/b.ext - never a SMILES (which may hold '/')."""
    if text.startswith(("/", "./", "../", "~/", ".\\", "..\\")) or (
        len(text) > 2 and text[1:3] == ":\\"
    ):
        return True
    from chemsec.screening.engine.structure import looks_like_smiles

    if looks_like_smiles(text):
        return False
    return ("/" in text or "\\" in text) and bool(Path(text).suffix) and " " not in text


class KeptCells:
    """The cells of a table file's rows by line, kept as the reader passes them (for the
    user's own columns in a job's exports: one pass over the file, not two). Empty for
    files without a header and for chemical files (SMILES, SDF). A consumer pops each line
    once its result is written, so what is held stays as small as the rows in flight."""

    __slots__ = ("by_line", "header")

    def __init__(self) -> None:
        self.header: list[str] = []
        self.by_line: dict[int | None, tuple[str, ...]] = {}

    def pass_through(self, rows: Iterator[TabularRow]) -> Iterator[TabularRow]:
        by_line = self.by_line
        for row in rows:
            by_line[row.line] = row.values
            yield row


def read_file(
    path: str,
    *,
    column: str | None = None,
    max_bytes: int | None = None,
    keep: KeptCells | None = None,
) -> Iterator[InputRow]:
    """Rows of one input file; raises InputError before the first row if unreadable.

    With `keep`, a table file with a header leaves its header and each row's cells there."""
    suffix = Path(path).suffix.lower()
    try:
        if suffix in (".smi", ".smiles"):
            check_size(os.path.getsize(path), max_bytes)
            return _not_empty(_smi_rows(path), path, "no SMILES")
        if suffix in (".sdf", ".sd", ".mol"):
            check_size(os.path.getsize(path), max_bytes)
            return _not_empty(_sdf_rows(path), path, "no records")
        hints = _hints() + ((column,) if column and not column.isdigit() else ())
        table = open_table(path, max_bytes=max_bytes, header_hints=hints)
    except (OSError, TabularError) as exc:
        raise InputError(f"{path}: {exc}") from exc
    if keep is not None and table.header:
        keep.header = list(table.header)
        table.rows = keep.pass_through(table.rows)
    what = "a header and no rows" if table.header else "no rows"
    return _not_empty(_table_rows(table, find_columns(table, column)), path, what)


def _not_empty(rows: Iterator[InputRow], path: str, what: str) -> Iterator[InputRow]:
    """The rows, or InputError when there are none: a file with nothing to screen must
    not read as "everything clear"."""
    try:
        first = next(rows, None)
    except (OSError, TabularError) as exc:
        raise InputError(f"{path}: {exc}") from exc
    if first is None:
        raise InputError(f"{path}: the file has {what}")
    return chain([first], rows)


def _hints() -> tuple[str, ...]:
    return tuple(ID_COLUMNS) + CONCENTRATION_COLUMNS + QUANTITY_COLUMNS + UNIT_COLUMNS


def find_columns(table: Table, column: str | None) -> Columns:
    if column:
        return Columns(((_given_column(table, column), ""),), None, None, None)
    ids: list[tuple[int, str]] = []
    for name, kind in ID_COLUMNS.items():
        index = table.column(name)
        if index is not None and index not in [i for i, _ in ids]:
            ids.append((index, kind))
    if not ids:
        ids = [(0, "")]  # no header: the first column holds the identifier
    return Columns(
        tuple(ids),
        _amount_column(table, CONCENTRATION_COLUMNS),
        _amount_column(table, QUANTITY_COLUMNS),
        _amount_column(table, UNIT_COLUMNS),
    )


def _amount_column(table: Table, names: tuple[str, ...]) -> int | None:
    """Exact header first, then one that starts with the name ("Concentration (%)")."""
    exact = table.column(*names)
    if exact is not None:
        return exact
    headers = [normalise_header(h) for h in table.header]
    for name in names:
        for index, header in enumerate(headers):
            if header.startswith(name + " "):
                return index
    return None


def _given_column(table: Table, column: str) -> int:
    if column.isdigit():
        return int(column) - 1
    index = table.column(column)
    if index is None:
        raise InputError(f"no column named {column!r}; columns are: {', '.join(table.header)}")
    return index


def _table_rows(table: Table, cols: Columns) -> Iterator[InputRow]:
    ids = cols.identifiers
    c, q, u = cols.concentration, cols.quantity, cols.unit
    try:
        for row in table.rows:
            values = row.values
            width = len(values)
            for pair in ids:  # the first identifier column that is filled
                if pair[0] < width and values[pair[0]]:
                    break
            else:
                pair = ids[0]
            index, kind = pair
            problem = _problem(table, row, cols) if row.problem else _cut_name(table, row, ids)
            yield InputRow(
                _shown(row, index) if problem else (values[index] if index < width else ""),
                row.line,
                kind or None,
                (values[c] or None) if c is not None and c < width else None,
                (values[q] or None) if q is not None and q < width else None,
                (values[u] or None) if u is not None and u < width else None,
                None,
                problem,
            )
    finally:
        table.close()


def _cut_name(table: Table, row: TabularRow, ids: tuple[tuple[int, str], ...]) -> Reason | None:
    """An identifier cell that is a bare locant followed by the rest of a name: an
    unquoted name cut at its comma into exactly the header's width ("N" under name,
    "N-Diisopropylethanolamine" under cas). Which cell holds what cannot be told: say so,
    never screen "N-Diisopropylethanolamine" as a CAS number."""
    if table.delimiter != "," or not table.header:
        return None
    values = row.values
    for index, _kind in ids:
        if index + 1 < len(values) and cut_at_name_comma(values[index], values[index + 1]):
            return Reason("split_name", {"cells": ", ".join(values)})
    return None


def _shown(row: TabularRow, index: int) -> str:
    """A row whose cells cannot be told apart shows all of them (as the file has them),
    not the one cell that happens to sit in the identifier column."""
    if row.problem == "formula_without_value":
        return row.get(index)
    return ",".join(v for v in row.values)


def _problem(table: Table, row: TabularRow, cols: Columns) -> Reason | None:
    """What the reader could not read reliably, when it touches what is screened."""
    if row.problem is None:
        return None
    if row.problem == "formula_without_value":
        used = {i for i, _ in cols.identifiers} | {cols.concentration}
        if row.problem_column not in used:
            return None  # a formula in a column that is not screened
        return Reason("formula_without_value", {"column": _column_name(table, row)})
    if row.problem == "ragged_row":
        return Reason("ragged_row", {"found": len(row.values), "expected": table.width})
    return Reason(row.problem, {"cells": ", ".join(row.values)})


def _column_name(table: Table, row: TabularRow) -> str:
    from openpyxl.utils import get_column_letter

    index = row.problem_column or 0
    letter = get_column_letter(index + 1)
    header = table.header[index] if index < len(table.header) else ""
    return f"{letter} ({header})" if header else letter


# "utf-8-sig": a byte-order mark (as Windows tools write one) is dropped at the start of a
# file; read as text it made the first SMILES, or the SDF's first title, unreadable.
def _smi_rows(path: str) -> Iterator[InputRow]:
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        yield from _smi_lines(handle, 1)


def _smi_lines(lines: Iterable[str], first: int) -> Iterator[InputRow]:
    for line, text in enumerate(lines, start=first):
        parts = text.split()
        if not parts or (len(parts[0]) == 6 and parts[0].lower() == "smiles"):
            continue  # blank lines and a header line are not rows
        yield InputRow(parts[0], line, "smiles")


SmiRange = tuple[str, int, int, int]  # path, byte offset, byte length, first line number


def smi_ranges(path: str, block: int = 1 << 15) -> Iterator[SmiRange]:
    """Cut a SMILES file into byte ranges of whole lines, with the number of each range's
    first line, so that worker processes read their own rows (`smi_range_rows`) instead
    of receiving them. Lines end as in text mode: LF, CR LF or a lone CR."""
    with open(path, "rb") as handle:
        offset, line, carry = 0, 1, b""
        while data := handle.read(block):
            data = carry + data
            cut = data.rfind(b"\n") + 1
            if not cut:
                carry = data
                continue
            piece, carry = data[:cut], data[cut:]
            yield path, offset, cut, line
            offset += cut
            line += piece.count(b"\n") + piece.count(b"\r") - piece.count(b"\r\n")
        if carry:
            yield path, offset, len(carry), line


def smi_range_rows(path: str, offset: int, length: int, first: int) -> list[InputRow]:
    """The rows of one range from `smi_ranges`: the same rows, with the same line numbers,
    as reading the whole file."""
    with open(path, "rb") as handle:
        handle.seek(offset)
        data = handle.read(length)
    encoding = "utf-8-sig" if offset == 0 else "utf-8"  # a mark only at the file's start
    text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors="replace")
    return list(_smi_lines(text, first))


def _sdf_rows(path: str) -> Iterator[InputRow]:
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        record: list[str] = []
        start = 1
        for line, text in enumerate(handle, start=1):
            if text.startswith("$$$$"):
                yield _sdf_row(record, start)
                record, start = [], line + 1
            else:
                record.append(text)
        if any(r.strip() for r in record):
            yield _sdf_row(record, start)


def _sdf_row(record: list[str], start: int) -> InputRow:
    text = "".join(record)
    block = text.split("M  END")[0] + "M  END\n" if "M  END" in text else text
    title = record[0].strip() if record else ""
    return InputRow(
        identifier=block, line=start, kind="mol", label=title or f"record at line {start}"
    )
