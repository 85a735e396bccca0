"""Result writers (JSON, CSV, XLSX, plain table), streaming to any file-like object.

Usable from Django views and jobs as well as the CLI: each takes an iterable of
results and a stream, writes as results arrive, and returns the number written.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from typing import IO, Any

from chemsec.lib.spreadsheet import FORMULA_STARTS
from chemsec.screening.engine.results import ScreenResult

FLAT_COLUMNS = (
    "line",
    "input",
    "status",
    "reason",
    "reason_code",
    "name",
    "cas",
    "smiles",
    "inchikey",
    "resolved_by",
    "lists",
    "entries",
    "listed_names",
    "listed_cas",
    "basis",
    "titles",
    "explanations",
    "sources",
    "data_versions",
    "verification",
    "concentration_assessment",
    "notes",
)
FORMATS = ("table", "json", "csv", "xlsx")


# lists ... concentration_assessment, for rows without matches
_EMPTY_MATCHES = ("",) * (FLAT_COLUMNS.index("notes") - FLAT_COLUMNS.index("lists"))


def flat_values(result: ScreenResult) -> list[Any]:
    """The FLAT_COLUMNS values of one result; several matches are joined with ' | '."""
    ident = result.identity
    return [
        result.line,
        result.input,
        result.status,
        result.reason or "",
        result.reason_code or "",
        ident.name or "",
        ident.cas or "",
        ident.smiles or "",
        ident.inchikey or "",
        ident.resolved_by or "",
        *(_match_values(result) if result.matches else _EMPTY_MATCHES),
        "; ".join(result.notes) if result.notes else "",
    ]


def _match_values(result: ScreenResult) -> tuple[str, ...]:
    ms = result.matches
    conc = " | ".join(m.concentration.text if m.concentration else "" for m in ms)
    return (
        " | ".join(m.list for m in ms),
        " | ".join(m.entry for m in ms),
        _aligned([m.listed_name for m in ms]),
        _aligned([m.listed_cas for m in ms]),
        " | ".join(m.basis for m in ms),
        " | ".join(m.title for m in ms),
        " | ".join(m.explanation for m in ms),
        " | ".join(m.source for m in ms),
        " | ".join(m.data_version for m in ms),
        " | ".join(m.verification for m in ms),
        conc.strip(" |"),
    )


def _aligned(values: list[str | None]) -> str:
    """One value per match joined like `entries` (a match without one keeps its empty
    place), or nothing when no match has one."""
    return " | ".join(v or "" for v in values) if any(values) else ""


def flat_row(result: ScreenResult) -> dict[str, Any]:
    """One flat record per result, keyed by FLAT_COLUMNS."""
    return dict(zip(FLAT_COLUMNS, flat_values(result), strict=True))


def _spreadsheet_safe(values: list[Any]) -> list[Any]:
    # Same rule as chemsec.lib.spreadsheet.spreadsheet_safe, inlined: it runs for every
    # cell of every row written.
    return ["'" + v if v.__class__ is str and v[:1] in FORMULA_STARTS else v for v in values]


# A cell that starts like a formula, in the row's text cells joined by NUL (which no
# cell holds after reading): one search per row instead of a test per cell.
_FORMULA_CELL = re.compile("(?:^|\x00)[" + re.escape("".join(FORMULA_STARTS)) + "]")


def csv_values(result: ScreenResult) -> list[Any]:
    """`flat_values`, spreadsheet-safe: what a CSV or XLSX row holds."""
    values = flat_values(result)
    if _FORMULA_CELL.search("\x00".join(values[1:])):
        return _spreadsheet_safe(values)
    return values


# A cell after the first that starts like a formula, in a row's text cells joined by NUL.
_FORMULA_AFTER = re.compile("\x00[" + re.escape("".join(FORMULA_STARTS)) + "]")
# From resolved_by to notes, across the empty cells lists ... concentration_assessment.
_NO_MATCHES = "," * (len(FLAT_COLUMNS) - 10)


def csv_line(result: ScreenResult) -> str:
    """One CSV line of a result, the text `csv.writer` writes for `csv_values`: rows
    without matches (nearly every row of a SMILES file or an inventory) are written
    directly, a few microseconds less than through the csv module."""
    if not result.matches:
        ident = result.identity
        cells: tuple[str, ...] = (
            result.input,
            result.status,
            result.reason or "",
            result.reason_code or "",
            ident.name or "",
            ident.cas or "",
            ident.smiles or "",
            ident.inchikey or "",
            ident.resolved_by or "",
            "; ".join(result.notes) if result.notes else "",
        )
        text = "\x00".join(cells)
        line = result.line
        # Rows with a cell that starts like a formula, a carriage return (quoted or not
        # by Python version), a NUL of their own or an odd line number take the csv
        # module's way.
        if not (
            "\r" in text
            or text[:1] in FORMULA_STARTS
            or _FORMULA_AFTER.search(text)
            or text.count("\x00") != 9
            or (line is not None and line.__class__ is not int)
        ):
            if "," in text or '"' in text or "\n" in text:
                cells = tuple(map(_quoted, cells))
            head = ",".join(cells[:9])
            return f"{'' if line is None else line},{head}{_NO_MATCHES}{cells[9]}\n"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(csv_values(result))
    return buffer.getvalue()


def _quoted(cell: str) -> str:
    """A cell as the csv module writes it with minimal quoting and "\\n" line ends."""
    if "," in cell or '"' in cell or "\n" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _json_text(result: ScreenResult) -> str:
    import json  # JSON output only: kept off the start-up of the other formats

    return json.dumps(result.to_dict(), ensure_ascii=False)


def write_json(results: Iterable[ScreenResult], stream: IO[str]) -> int:
    """A JSON array, one object per input, written incrementally."""
    count = 0
    stream.write("[")
    for result in results:
        stream.write(",\n" if count else "\n")
        stream.write(_json_text(result))
        count += 1
    stream.write("\n]\n" if count else "]\n")
    return count


def write_csv(results: Iterable[ScreenResult], stream: IO[str]) -> int:
    csv.writer(stream, lineterminator="\n").writerow(FLAT_COLUMNS)
    count = 0
    for result in results:
        stream.write(csv_line(result))
        count += 1
    return count


def _csv_text(results: Iterable[ScreenResult]) -> str:
    return "".join(map(csv_line, results))


def write_xlsx(results: Iterable[ScreenResult], stream: IO[bytes]) -> int:
    from openpyxl import Workbook  # spreadsheet export only

    book = Workbook(write_only=True)
    sheet = book.create_sheet("screening")
    sheet.append(list(FLAT_COLUMNS))
    count = 0
    for result in results:
        sheet.append(csv_values(result))
        count += 1
    book.save(stream)
    return count


TABLE_WIDTH = 40


def _table_header(width: int = TABLE_WIDTH) -> str:
    return f"{'line':>6}  {'input':<{width}}  {'status':<10}  result\n"


def _table_text(r: ScreenResult, width: int = TABLE_WIDTH) -> str:
    shown = r.input if len(r.input) <= width else r.input[: width - 1] + "…"
    line = "" if r.line is None else str(r.line)
    text = f"{line:>6}  {shown:<{width}}  {r.status:<10}  {r.summary}\n"
    for m in r.matches:
        text += f"{'':>6}  {'':<{width}}  {'':<10}    {m.explanation}\n"
    return text


def write_table(results: Iterable[ScreenResult], stream: IO[str], width: int = TABLE_WIDTH) -> int:
    """Aligned plain text for terminals: line, input, status, and what matched."""
    stream.write(_table_header(width))
    count = 0
    for r in results:
        stream.write(_table_text(r, width))
        count += 1
    return count


# Formats whose rows can be rendered apart (by worker processes) and joined in order.
TEXT_FORMATS = ("csv", "json", "table")


def render(results: list[ScreenResult], fmt: str) -> str:
    """The rows of a text format for one chunk of results, without the header,
    separators and footer that `write_rendered` adds: the same text `write` gives."""
    if fmt == "csv":
        return _csv_text(results)
    if fmt == "json":
        return ",\n".join(_json_text(r) for r in results)
    if fmt == "table":
        return "".join(_table_text(r) for r in results)
    raise ValueError(f"{fmt!r} is not rendered apart; choose from {', '.join(TEXT_FORMATS)}")


def write_rendered(chunks: Iterable[tuple[str, int]], stream: IO[str], fmt: str) -> int:
    """Write chunks from `render` (text, number of results) as one document of `fmt`."""
    if fmt not in TEXT_FORMATS:
        raise ValueError(f"{fmt!r} is not rendered apart; choose from {', '.join(TEXT_FORMATS)}")
    stream.write({"csv": "", "json": "[", "table": _table_header()}[fmt])
    if fmt == "csv":
        csv.writer(stream, lineterminator="\n").writerow(FLAT_COLUMNS)
    count = 0
    for text, n in chunks:
        if not n:
            continue
        if fmt == "json":
            stream.write(",\n" if count else "\n")
        stream.write(text)
        count += n
    if fmt == "json":
        stream.write("\n]\n" if count else "]\n")
    return count


def write(results: Iterable[ScreenResult], stream: IO[Any], fmt: str) -> int:
    """Dispatch on format name; xlsx needs a binary stream, the others text."""
    writers: dict[str, Callable[[Iterable[ScreenResult], IO[Any]], int]] = {
        "json": write_json,
        "csv": write_csv,
        "xlsx": write_xlsx,
        "table": write_table,
    }
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return writers[fmt](results, stream)
