"""Streaming reader for uploaded tables: CSV, TSV and XLSX.

Detects encoding (BOM, UTF-16 without one, UTF-8, else Windows-1252), the file's shape
(header, delimiter, or one identifier per line), numbers every row with its line in the
file, and refuses empty or oversized files with a clear message. Rows are yielded one at a
time, so memory stays flat for any file size. Shared by control-list screening and the
inventory import.

The shape is decided from the content, because chemical names are full of commas
("N,N-Diisopropylethanolamine", "2,2'-thiodiethanol", "1,1,1-trichloroethane"): without a
recognised header, a delimiter is used only if it splits every sampled line into the same
number of cells once the commas inside names are set aside; otherwise - and whenever it
is ambiguous - each line is one identifier. Rows that still cannot be split reliably, and
spreadsheet formulas without a saved value, are kept and marked (`TabularRow.problem`),
never dropped or silently misread. Control characters that no text cell holds (NUL, the C0
controls other than tab and line breaks: XML, spreadsheets and PostgreSQL refuse them) are
replaced by U+FFFD in every cell, so one stray byte cannot fail a whole batch downstream.
"""

from __future__ import annotations

import codecs
import csv
import enum
import io
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from chemsec.lib.sniff import utf16_without_bom

MEGABYTE = 1024 * 1024
SAMPLE_BYTES = 64 * 1024
DELIMITERS = ",;\t|"
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HEADER_SPACE = re.compile(r"[\s_\-.]+")
# What XML 1.0 (so XLSX), PostgreSQL text and most programs refuse in a cell.
# The csv module refuses a field over 128 KB with an error that ends the whole read (and,
# after it, loses track of quoted fields): one long cell lost every row of the file. Cells
# of any length are read (the file's size is bounded before it is read) and each caller
# applies its own limit to a row's cells (MAX_CELL_CHARS, MAX_IDENTIFIER_CHARS).
CSV_FIELD_LIMIT = 2**31 - 1
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
REPLACEMENT = "\ufffd"
# A sample where more than this share of bytes is NUL is not text in a known encoding.
_NUL_SHARE = 0.05


class TabularError(ValueError):
    """A file that cannot be read as a table (empty, too large, unreadable)."""


class _Limit(enum.Enum):
    CONFIGURED = "configured"


CONFIGURED = _Limit.CONFIGURED  # open_table's default size limit: the deployment's setting


@dataclass(frozen=True, slots=True)
class TabularRow:
    """One data row and the line (CSV) or row number (XLSX) it came from."""

    line: int
    values: tuple[str, ...]
    # A cell or row the reader could not read reliably: "formula_without_value" (a
    # spreadsheet formula with no saved value, in `problem_column`) or "ragged_row" (more
    # cells than the table's width, so the columns cannot be told apart).
    problem: str | None = None
    problem_column: int | None = None

    def get(self, index: int | None) -> str:
        if index is None or index >= len(self.values):
            return ""
        return self.values[index]


@dataclass(slots=True)
class Table:
    """A header (possibly empty) and a one-pass iterator of rows."""

    header: list[str]
    rows: Iterator[TabularRow]
    encoding: str | None = None
    delimiter: str | None = None  # None: one identifier per line (or a spreadsheet)
    _closers: list[Any] = field(default_factory=list)
    width: int | None = None  # cells per row (header or detected shape), when known

    def column(self, *candidates: str) -> int | None:
        """Index of the first header cell matching a candidate name (normalised)."""
        wanted = [normalise_header(c) for c in candidates]
        cells = [normalise_header(h) for h in self.header]
        for name in wanted:
            if name in cells:
                return cells.index(name)
        return None

    def close(self) -> None:
        for closer in self._closers:
            closer.close()


def normalise_header(text: str) -> str:
    return _HEADER_SPACE.sub(" ", text.strip().lower()).strip()


def upload_limit_bytes() -> int:
    """The largest file a user may upload or screen: settings.MAX_UPLOAD_MB.

    Outside Django (the `chemsec screen` command does not start it) the same variable is read
    by the same helper that chemsec/settings.py uses, so both always agree.
    """
    conf = sys.modules.get("django.conf")  # not imported: Django is not set up here,
    if conf is not None and conf.settings.configured:  # and importing it costs start-up
        return int(conf.settings.MAX_UPLOAD_MB) * MEGABYTE
    from chemsec.lib.env import max_upload_mb

    return max_upload_mb() * MEGABYTE


def check_size(size: int, max_bytes: int | None) -> None:
    if size == 0:
        raise TabularError("the file is empty")
    if max_bytes is not None and size > max_bytes:
        raise TabularError(f"the file is {_size(size)}, over the limit of {_size(max_bytes)}")


def _size(n: int) -> str:
    """A size as people read it: '50 MB', '1.5 MB', '12.3 KB' (never '0 MB' for a small
    limit given with --max-mb)."""
    if n < 1024:
        return f"{n} bytes"
    value, unit = (n / MEGABYTE, "MB") if n >= MEGABYTE // 10 else (n / 1024, "KB")
    return f"{value:,.1f}".removesuffix(".0") + f" {unit}"


def clean_text(text: str) -> str:
    """`text` with every control character a cell cannot hold replaced by U+FFFD."""
    return CONTROL_CHARACTERS.sub(REPLACEMENT, text)


def detect_encoding(sample: bytes) -> str:
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    if utf16 := utf16_without_bom(sample):
        return utf16
    if sample.count(0) > _NUL_SHARE * len(sample):
        raise TabularError(
            "the file is not text in an encoding we can detect (it holds many NUL bytes: "
            "UTF-16 or UTF-32 that could not be confirmed, or a binary file); "
            "save it as UTF-8 text (CSV) or as an .xlsx workbook"
        )
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def detect_delimiter(sample: str, default: str = ",") -> str:
    lines = [ln for ln in sample.splitlines()[:50] if ln.strip()]
    if not lines:
        return default
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {d: sum(ln.count(d) for ln in lines) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else default


def open_table(
    path: str | os.PathLike[str],
    *,
    max_bytes: int | Literal[_Limit.CONFIGURED] | None = CONFIGURED,
    header_hints: Sequence[str] = (),
    has_header: bool | None = None,
    sheet: str | None = None,
) -> Table:
    """Open a .csv/.tsv/.txt or .xlsx file as a streaming table.

    Files over `max_bytes` are refused: by default the configured upload limit; None for none.
    """
    file = Path(path)
    limit = upload_limit_bytes() if max_bytes is CONFIGURED else max_bytes
    check_size(file.stat().st_size, limit)
    if file.suffix.lower() in (".xlsx", ".xlsm"):
        return _open_xlsx(file, header_hints, has_header, sheet)
    handle = file.open("rb")
    default = "\t" if file.suffix.lower() == ".tsv" else ","
    return read_delimited(handle, header_hints=header_hints, has_header=has_header, default=default)


def read_delimited(
    handle: IO[bytes],
    *,
    header_hints: Sequence[str] = (),
    has_header: bool | None = None,
    default: str = ",",
) -> Table:
    """A table from a binary stream of delimited text (e.g. an uploaded file)."""
    sample = handle.read(SAMPLE_BYTES)
    if not sample.strip():
        raise TabularError("the file is empty")
    encoding = detect_encoding(sample)
    handle.seek(0)
    text = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="")
    lines = _clean_lines(text)
    decoded = clean_text(sample.decode(encoding, errors="replace"))
    if len(sample) == SAMPLE_BYTES:  # the last sampled line may be cut short
        decoded = decoded.rsplit("\n", 1)[0]
    shape = detect_shape(decoded, header_hints, has_header, default)
    if shape.delimiter is None:
        rows = _numbered_lines(lines)
    else:
        if csv.field_size_limit() < CSV_FIELD_LIMIT:
            csv.field_size_limit(CSV_FIELD_LIMIT)
        reader = csv.reader(lines, delimiter=shape.delimiter)
        rows = _numbered_csv(reader)
    header, rows = _split_header(rows, header_hints, shape.has_header)
    width = len(header) if header else shape.width
    if shape.delimiter is not None and width:
        rows = _fit(rows, width, shape.delimiter)
    return Table(header, rows, encoding, shape.delimiter, [text], width)


def _clean_lines(text: Iterable[str]) -> Iterator[str]:
    for line in text:
        yield clean_text(line) if CONTROL_CHARACTERS.search(line) else line


def _numbered_csv(reader: Any) -> Iterator[TabularRow]:
    line = 1
    for values in reader:
        if any(v.strip() for v in values):  # blank lines are not rows
            yield TabularRow(line, tuple(v.strip() for v in values))
        line = reader.line_num + 1


def _numbered_lines(text: Iterable[str]) -> Iterator[TabularRow]:
    """One identifier per line; a line wrapped in double quotes is unquoted."""
    for line, raw in enumerate(text, start=1):
        value = raw.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1].replace('""', '"').strip()
        if value:
            yield TabularRow(line, (value,))


# -- the file's shape ---------------------------------------------------------------------
# A comma inside a chemical name: between locants or short element/atom labels, with no
# space around it (N,N-; 2,2'-; 1,1,1-; O,O-; [1,1'-biphenyl]; N,N,N',N'-). A following
# CAS number ("GB,107-44-8") is never part of a name.
_LOCANT = r"(?:\d{1,3}[a-z]?|[A-Za-z]{1,2}\d?|[α-ωΑ-Ω])['′″]*"
# Nor is a CAS number's check digit a locant ("96-80-0,N,N-Diisopropylethanolamine").
_NAME_COMMA = re.compile(
    rf"(?:(?<=^)|(?<=[^A-Za-z0-9]))(?<!\d-\d\d-)({_LOCANT}),(?!\d{{2,7}}-\d{{2}}-\d\b)"
    rf"(?={_LOCANT}[-,()\[\]])"
)
_BARE_LOCANT = re.compile(_LOCANT)
_KEEP = "\ue000"  # a private-use character stands in for a name comma while splitting
# CAS index names invert the name at commas ("Phosphonic acid, methyl-, dimethyl ester"):
# a cell that starts with a space and a lower-case word is prose or such a name, not data.
_INVERTED = re.compile(r",\s+[a-z]")
_SUBSTITUENT = re.compile(r"^[a-z0-9][\w,'()\[\]-]*[a-z)\]]-$")


@dataclass(frozen=True, slots=True)
class Shape:
    """How a delimited text file is laid out."""

    delimiter: str | None  # None: one identifier per line
    has_header: bool
    width: int | None


def protect_name_commas(line: str) -> str:
    """The line with commas inside chemical names replaced by a placeholder."""
    if "," not in line:
        return line
    previous = None
    while previous != line:  # "1,1,1-" overlaps: repeat until stable
        previous = line
        line = _NAME_COMMA.sub(lambda m: m.group(1) + _KEEP, line)
    return line


def cut_at_name_comma(left: str, right: str) -> bool:
    """Two neighbouring cells that read as one chemical name cut at its comma: a bare
    locant and the rest of the name ("N" and "N-Diisopropylethanolamine", "1" and
    "2-dichloroethane")."""
    if not _BARE_LOCANT.fullmatch(left):
        return False
    return _KEEP in protect_name_commas(f"{left},{right}")


def split_line(line: str, delimiter: str, keep_names: bool = False) -> list[str]:
    """Cells of one line (quotes honoured); with `keep_names`, commas inside chemical
    names do not split."""
    text = protect_name_commas(line) if keep_names and delimiter == "," else line
    cells = next(csv.reader([text], delimiter=delimiter), [])
    if keep_names:
        cells = [c.replace(_KEEP, ",") for c in cells]
    while cells and not cells[-1].strip():
        cells.pop()  # trailing empty cells ("a,b,,") do not change the shape
    return cells


def detect_shape(
    sample: str,
    header_hints: Sequence[str] = (),
    has_header: bool | None = None,
    default: str = ",",
) -> Shape:
    """Header, delimiter and width from a sample of the file's text.

    With a recognised header, its delimiter is the table's. Without one, a delimiter must
    split every sampled line into the same number (> 1) of cells, commas inside chemical
    names set aside; otherwise each line is one identifier.
    """
    lines = [ln for ln in sample.splitlines()[:200] if ln.strip()]
    if not lines:
        return Shape(default, False, None)
    wanted = {normalise_header(h) for h in header_hints}
    if has_header is not False and wanted:
        best, hits = None, 0
        for delimiter in (default, *(d for d in DELIMITERS if d != default)):
            found = sum(normalise_header(c) in wanted for c in split_line(lines[0], delimiter))
            if found > hits:
                best, hits = delimiter, found
        if best is not None:
            width = len(split_line(lines[0], best))
            return Shape(best if width > 1 else None, True, width)
    if has_header:  # a header the hints do not know: fall back to the delimiter sniffer
        delimiter = detect_delimiter(sample, default)
        return Shape(delimiter, True, len(split_line(lines[0], delimiter)) or None)
    for delimiter in ("\t", ";", "|", ","):
        if delimiter == "," and any(_INVERTED.search(_unquoted(ln)) for ln in lines):
            continue  # commas inside inverted names: ambiguous, one identifier per line
        counts = {len(split_line(ln, delimiter, keep_names=True)) for ln in lines}
        if len(counts) == 1 and (width := counts.pop()) > 1:
            return Shape(delimiter, False, width)
    return Shape(None, False, 1)


def _unquoted(line: str) -> str:
    return re.sub(r'"[^"]*"', '""', line) if '"' in line else line


def _fit(rows: Iterable[TabularRow], width: int, delimiter: str) -> Iterator[TabularRow]:
    """Rows with more cells than the table's width: re-split with the commas inside
    names kept; if that does not fit either, the row is marked, not guessed."""
    for row in rows:
        values = list(row.values)
        if len(values) > width and delimiter == "," and (named := _names_kept(values, width)):
            # Before the trailing empty cells are dropped: "N,N-Diisopropylethanolamine,"
            # under "name,cas" is one name and an empty CAS, not "N" and a CAS column
            # holding "N-Diisopropylethanolamine".
            yield TabularRow(row.line, named)
            continue
        while len(values) > width and not values[-1]:
            values.pop()
        if len(values) <= width:
            if delimiter == "," and _split_inverted_name(row):
                yield TabularRow(row.line, row.values, "split_name")
                continue
            yield row if len(values) == len(row.values) else TabularRow(row.line, tuple(values))
            continue
        yield TabularRow(row.line, row.values, "ragged_row")


def _names_kept(values: list[str], width: int) -> tuple[str, ...] | None:
    """The cells re-split with the commas inside chemical names kept, when that changes
    the split and fits the width; else None."""
    rejoined = split_line(",".join(_quoted(v) for v in values), ",", keep_names=True)
    trimmed = list(values)
    while trimmed and not trimmed[-1].strip():
        trimmed.pop()
    if len(rejoined) > width or rejoined == trimmed:
        return None
    return tuple(v.strip() for v in rejoined)


def _split_inverted_name(row: TabularRow) -> bool:
    """'Phosphonic acid, methyl-, dimethyl ester' unquoted: the csv reader has cut a
    CAS index name into cells (one of them a dangling substituent such as ' methyl-')."""
    return any(v.endswith("-") and _SUBSTITUENT.match(v) for v in row.values[1:])


def _quoted(value: str) -> str:
    """A cell as it was written: one that holds a comma or a quote was quoted."""
    if "," in value or '"' in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def _split_header(
    rows: Iterator[TabularRow], hints: Sequence[str], has_header: bool | None
) -> tuple[list[str], Iterator[TabularRow]]:
    first = next(rows, None)
    if first is None:
        raise TabularError("the file has no rows")
    if has_header is None:
        wanted = {normalise_header(h) for h in hints}
        has_header = any(normalise_header(v) in wanted for v in first.values)
    if has_header:
        return list(first.values), rows
    return [], _chain(first, rows)


def _chain(first: TabularRow, rest: Iterable[TabularRow]) -> Iterator[TabularRow]:
    yield first
    yield from rest


def _open_xlsx(
    file: Path, hints: Sequence[str], has_header: bool | None, sheet: str | None
) -> Table:
    from openpyxl import load_workbook  # imported here: only spreadsheet users pay for it

    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for corrupt files
        raise TabularError(f"not a readable .xlsx file: {exc}") from exc
    ws = book[sheet] if sheet else book.worksheets[0]
    closers: list[Any] = [book]
    formulas = None
    if _has_formulas(file):
        # Formula cells read as None when the file holds no saved value (written by a
        # program that does not calculate): read the formulas alongside to say so.
        formula_book = load_workbook(file, read_only=True, data_only=False)
        closers.append(formula_book)
        formulas = formula_book[ws.title].iter_rows(values_only=True)
    rows = _numbered_xlsx(ws.iter_rows(values_only=True), formulas)
    header, rows = _split_header(rows, hints, has_header)
    return Table(header, rows, None, None, closers, len(header) or None)


def _has_formulas(file: Path) -> bool:
    import zipfile

    pattern = re.compile(rb"<f[ >/]")
    try:
        with zipfile.ZipFile(file) as archive:
            for name in archive.namelist():
                if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                    continue
                with archive.open(name) as part:
                    tail = b""
                    while chunk := part.read(1 << 20):
                        if pattern.search(tail + chunk):
                            return True
                        tail = chunk[-3:]
    except (OSError, zipfile.BadZipFile):
        return False
    return False


def _numbered_xlsx(
    values: Iterable[Sequence[Any]], formulas: Iterator[Sequence[Any]] | None = None
) -> Iterator[TabularRow]:
    for number, row in enumerate(values, start=1):
        cells = tuple(_cell(v) for v in row)
        missing = _formula_without_value(row, next(formulas, ())) if formulas else None
        if missing is not None:
            yield TabularRow(number, cells, "formula_without_value", missing)
        elif any(cells):
            yield TabularRow(number, cells)


def _formula_without_value(values: Sequence[Any], formulas: Sequence[Any]) -> int | None:
    for index, (value, formula) in enumerate(zip(values, formulas, strict=False)):
        if value is None and isinstance(formula, str) and formula.startswith("="):
            return index
    return None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return clean_text(text) if CONTROL_CHARACTERS.search(text) else text
