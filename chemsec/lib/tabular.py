"""Streaming reader for uploaded tables: CSV, TSV and XLSX.

Detects encoding (BOM, UTF-8, else Windows-1252), delimiter and header, numbers every
row with its line in the file, and refuses empty or oversized files with a clear
message. Rows are yielded one at a time, so memory stays flat for any file size.
Shared by control-list screening and the facility inventory import.
"""

from __future__ import annotations

import codecs
import csv
import enum
import io
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

MEGABYTE = 1024 * 1024
SAMPLE_BYTES = 64 * 1024
DELIMITERS = ",;\t|"
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HEADER_SPACE = re.compile(r"[\s_\-.]+")


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
    delimiter: str | None = None
    _closers: list[Any] = field(default_factory=list)

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
    from django.conf import settings

    if settings.configured:
        return int(settings.MAX_UPLOAD_MB) * MEGABYTE
    from chemsec.lib.env import max_upload_mb

    return max_upload_mb() * MEGABYTE


def check_size(size: int, max_bytes: int | None) -> None:
    if size == 0:
        raise TabularError("the file is empty")
    if max_bytes is not None and size > max_bytes:
        raise TabularError(
            f"the file is {size / 1048576:.1f} MB, over the limit of {max_bytes / 1048576:.0f} MB"
        )


def detect_encoding(sample: bytes) -> str:
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
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
    delimiter = detect_delimiter(sample.decode(encoding, errors="replace"), default)
    reader = csv.reader(text, delimiter=delimiter)
    rows = _numbered_csv(reader)
    header, rows = _split_header(rows, header_hints, has_header)
    return Table(header, rows, encoding, delimiter, [text])


def _numbered_csv(reader: Any) -> Iterator[TabularRow]:
    line = 1
    for values in reader:
        if any(v.strip() for v in values):  # blank lines are not rows
            yield TabularRow(line, tuple(v.strip() for v in values))
        line = reader.line_num + 1


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
    rows = _numbered_xlsx(ws.iter_rows(values_only=True))
    header, rows = _split_header(rows, hints, has_header)
    return Table(header, rows, None, None, [book])


def _numbered_xlsx(values: Iterable[Sequence[Any]]) -> Iterator[TabularRow]:
    for number, row in enumerate(values, start=1):
        cells = tuple(_cell(v) for v in row)
        if any(cells):
            yield TabularRow(number, cells)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
