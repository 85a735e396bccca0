"""Result writers (JSON, CSV, XLSX, plain table), streaming to any file-like object.

Usable from Django views and jobs as well as the CLI: each takes an iterable of
results and a stream, writes as results arrive, and returns the number written.
"""

from __future__ import annotations

import csv
import json
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


_EMPTY_MATCHES = ("",) * 9  # lists ... concentration_assessment, for rows without matches


def flat_values(result: ScreenResult) -> list[Any]:
    """The FLAT_COLUMNS values of one result; several matches are joined with ' | '."""
    ident = result.identity
    head = [
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
    ]
    tail = _match_values(result) if result.matches else _EMPTY_MATCHES
    return [*head, *tail, "; ".join(result.notes)]


def _match_values(result: ScreenResult) -> tuple[str, ...]:
    ms = result.matches
    conc = " | ".join(m.concentration.text if m.concentration else "" for m in ms)
    return (
        " | ".join(m.list for m in ms),
        " | ".join(m.entry for m in ms),
        " | ".join(m.basis for m in ms),
        " | ".join(m.title for m in ms),
        " | ".join(m.explanation for m in ms),
        " | ".join(m.source for m in ms),
        " | ".join(m.data_version for m in ms),
        " | ".join(m.verification for m in ms),
        conc.strip(" |"),
    )


def flat_row(result: ScreenResult) -> dict[str, Any]:
    """One flat record per result, keyed by FLAT_COLUMNS."""
    return dict(zip(FLAT_COLUMNS, flat_values(result), strict=True))


def _spreadsheet_safe(values: list[Any]) -> list[Any]:
    # Same rule as chemsec.lib.spreadsheet.spreadsheet_safe, inlined: it runs for every
    # cell of every row written.
    return ["'" + v if v.__class__ is str and v[:1] in FORMULA_STARTS else v for v in values]


def write_json(results: Iterable[ScreenResult], stream: IO[str]) -> int:
    """A JSON array, one object per input, written incrementally."""
    count = 0
    stream.write("[")
    for result in results:
        stream.write(",\n" if count else "\n")
        stream.write(json.dumps(result.to_dict(), ensure_ascii=False))
        count += 1
    stream.write("\n]\n" if count else "]\n")
    return count


def write_csv(results: Iterable[ScreenResult], stream: IO[str]) -> int:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(FLAT_COLUMNS)
    count = 0
    for result in results:
        writer.writerow(_spreadsheet_safe(flat_values(result)))
        count += 1
    return count


def write_xlsx(results: Iterable[ScreenResult], stream: IO[bytes]) -> int:
    from openpyxl import Workbook  # spreadsheet export only

    book = Workbook(write_only=True)
    sheet = book.create_sheet("screening")
    sheet.append(list(FLAT_COLUMNS))
    count = 0
    for result in results:
        sheet.append(_spreadsheet_safe(flat_values(result)))
        count += 1
    book.save(stream)
    return count


def write_table(results: Iterable[ScreenResult], stream: IO[str], width: int = 40) -> int:
    """Aligned plain text for terminals: line, input, status, and what matched."""
    stream.write(f"{'line':>6}  {'input':<{width}}  {'status':<10}  result\n")
    count = 0
    for r in results:
        shown = r.input if len(r.input) <= width else r.input[: width - 1] + "…"
        line = "" if r.line is None else str(r.line)
        stream.write(f"{line:>6}  {shown:<{width}}  {r.status:<10}  {r.summary}\n")
        for m in r.matches:
            stream.write(f"{'':>6}  {'':<{width}}  {'':<10}    {m.explanation}\n")
        count += 1
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
