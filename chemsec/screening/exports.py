"""Writing one batch of results to CSV, XLSX and JSON in a single streaming pass."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from chemsec.lib.spreadsheet import FORMULA_STARTS, ILLEGAL_CHARACTERS, spreadsheet_safe
from chemsec.screening.engine.explanations import Note, note_code
from chemsec.screening.engine.inputs import KeptCells
from chemsec.screening.engine.results import ScreenResult
from chemsec.screening.engine.writers import FLAT_COLUMNS, flat_values

FORMATS = ("csv", "xlsx", "json")


def summarise(counter: Counter[str], result: ScreenResult) -> None:
    counter["status:" + result.status] += 1
    if result.matches:
        for list_code in {m.list for m in result.matches}:
            counter[f"list:{list_code}"] += 1


def summary_dict(counter: Counter[str]) -> dict[str, dict[str, int]]:
    """{"status": {"matched": 3, ...}, "lists": {"CWC": 2, ...}}"""
    out: dict[str, dict[str, int]] = {"status": {}, "lists": {}}
    for key, count in sorted(counter.items()):
        group, name = key.split(":", 1)
        out["status" if group == "status" else "lists"][name] = count
    return out


# Progress is reported every this many rows (and at the end): Progress throttles its writes
# by time anyway, and a call per row cost more than the writes it saved.
REPORT_EVERY = 250
# A row is checked in one regular-expression search over its text cells joined by "\n":
# a cell that a spreadsheet would run as a formula (FORMULA_STARTS at the start of a cell,
# i.e. at the start of a line of the joined text), or a character no cell can hold. Only a
# row that matches goes through spreadsheet_safe cell by cell (a match inside a cell that
# holds a line break is a false alarm that costs only that row's slow path).
_UNSAFE_ROW = re.compile(
    "(?m)^[" + re.escape("".join(FORMULA_STARTS)) + "]|" + ILLEGAL_CHARACTERS.pattern
)


def safe_cells(values: list[Any]) -> list[Any]:
    """spreadsheet_safe applied to every cell of a row, with one search for the usual row
    that needs nothing changed."""
    try:
        text = "\n".join(values)
    except TypeError:  # numbers and None are written as they are
        text = "\n".join([v for v in values if v.__class__ is str])
    if _UNSAFE_ROW.search(text) is None:
        return values
    return [spreadsheet_safe(v) for v in values]


# What json.dumps writes for text (the C function it uses: ensure_ascii, its escapes).
_json_text = json.encoder.encode_basestring_ascii


def _json_params(params: dict[str, Any]) -> str:
    """json.dumps of a reason's values: text by text (a CAS number, a detail), or whole."""
    if not params:
        return "{}"
    try:
        members = [_json_text(key) + ": " + _json_text(value) for key, value in params.items()]
    except TypeError:  # a number, a list: json.dumps writes it
        return json.dumps(params)
    return "{" + ", ".join(members) + "}"


def json_record(result: ScreenResult, input_columns: str = "") -> str:
    """`json.dumps(result.to_dict())` (with `"input_columns": {input_columns}` last when
    given: the object's members, already encoded), character for character, without
    building the dicts: one row's text is put together from its values, each string
    encoded by json's own C function. Matches and notes (a row in ten or fewer) are encoded
    by json.dumps itself; a value of an unexpected type makes the whole record go through
    json.dumps."""
    text = _json_text
    try:
        line, ident = result.line, result.identity
        if line is not None and line.__class__ is not int:
            raise TypeError(line)
        name, cas, smiles, key, by = (
            ident.name,
            ident.cas,
            ident.smiles,
            ident.inchikey,
            ident.resolved_by,
        )
        reason, code = result.reason, result.reason_code
        matches = json.dumps([m.to_dict() for m in result.matches]) if result.matches else "[]"
        record = (
            f'{{"line": {"null" if line is None else line}, '
            f'"input": {text(result.input)}, "status": {text(result.status)}, '
            f'"reason": {"null" if reason is None else text(reason)}, '
            f'"reason_code": {"null" if code is None else text(code)}, '
            f'"reason_params": {_json_params(result.reason_params)}, '
            f'"identity": {{"name": {"null" if name is None else text(name)}, '
            f'"cas": {"null" if cas is None else text(cas)}, '
            f'"smiles": {"null" if smiles is None else text(smiles)}, '
            f'"inchikey": {"null" if key is None else text(key)}, '
            f'"resolved_by": {"null" if by is None else text(by)}}}, '
            f'"matches": {matches}, '
            + (
                f'"notes": {json.dumps(notes)}, '
                f'"note_codes": {json.dumps([note_code(n) for n in notes])}'
                if (notes := result.notes)
                else '"notes": [], "note_codes": []'
            )
        )
    except TypeError:  # not the types ScreenResult declares: json.dumps decides
        record = json.dumps(result.to_dict())[:-1]
    if input_columns:
        return f'{record}, "input_columns": {{{input_columns}}}}}'
    return record + "}"


def _own_json(header: list[str]) -> Callable[[list[str]], str] | None:
    """The "input_columns" members of a row from its cells in `header` order (what
    json.dumps writes for dict(zip(header, cells))); None when two columns share a name
    (the dict keeps the last cell, at the first name's place: json.dumps does that)."""
    if not header or len(set(header)) < len(header):
        return None
    keys = [_json_text(name) + ": " for name in header]

    def members(cells: list[str]) -> str:
        try:
            return ", ".join(
                [key + _json_text(cell) for key, cell in zip(keys, cells, strict=True)]
            )
        except TypeError:  # a cell that is not text: json.dumps decides
            return json.dumps(dict(zip(header, cells, strict=True)))[1:-1]

    return members


def export_all(
    results: Iterable[ScreenResult],
    folder: Path,
    stem: str = "screening",
    on_row: Callable[[int], None] | None = None,
    extra: Callable[[ScreenResult], dict[str, Any]] | None = None,
    xlsx: bool = True,
    *,
    own_columns: tuple[list[str], Callable[[ScreenResult], list[str]]] | None = None,
) -> tuple[dict[str, Path], Counter[str]]:
    """Write every result once to each format; memory stays flat (XLSX in write-only mode).

    The user's own columns of the file (in a file screening) come first in every row,
    either as `own_columns` (their header, and a function giving one result's cells in that
    order) or as `extra` (a function giving them as a dict); the JSON keeps them under
    "input_columns". `on_row` is told the number of rows written every REPORT_EVERY rows
    and at the end. Without `xlsx` only the CSV and JSON are written (a job makes its XLSX
    on first download: `xlsx_from_csv`)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {fmt: folder / f"{stem}.{fmt}" for fmt in FORMATS if xlsx or fmt != "xlsx"}
    counter: Counter[str] = Counter()
    book = Workbook(write_only=True) if xlsx else None
    sheet = book.create_sheet("screening") if book is not None else None
    header: list[str] | None = None
    own_header: list[str] = []
    own_cells: Callable[[ScreenResult], list[str]] | None = None
    if own_columns is not None:
        own_header, own_cells = own_columns
        header = [*own_header, *FLAT_COLUMNS]
    own_members = _own_json(own_header)
    written = 0
    with (
        paths["csv"].open("w", newline="", encoding="utf-8") as csv_file,
        paths["json"].open("w", encoding="utf-8") as json_file,
    ):
        writer = csv.writer(csv_file)
        json_file.write("[")
        for result in results:
            if own_cells is not None:
                cells = own_cells(result)
                if own_members is not None:
                    members = own_members(cells)
                elif own_header:
                    members = json.dumps(dict(zip(own_header, cells, strict=True)))[1:-1]
                else:
                    members = ""
            else:
                own = extra(result) if extra is not None else {}
                cells = list(own.values())
                members = json.dumps(own)[1:-1] if own else ""
            if header is None:
                header = [*own, *FLAT_COLUMNS]
            if written == 0:
                writer.writerow(header)
                if sheet is not None:
                    sheet.append(header)
            flat = flat_values(result)  # the line number (an int) first, then text only
            if flat[0].__class__ is str:
                safe = safe_cells([*cells, *flat])
            else:
                safe = safe_cells([*cells, *flat[1:]])
                safe.insert(len(cells), flat[0])
            writer.writerow(safe)
            if sheet is not None:
                sheet.append(safe)
            json_file.write(("," if written else "") + "\n" + json_record(result, members))
            summarise(counter, result)
            written += 1
            if on_row is not None and written % REPORT_EVERY == 0:
                on_row(written)
        json_file.write("\n]\n")
        if on_row is not None and written % REPORT_EVERY:
            on_row(written)
    if book is not None:
        book.save(paths["xlsx"])
    return paths, counter


def own_columns(
    kept: KeptCells,
) -> tuple[list[str], Callable[[ScreenResult], list[str]]] | None:
    """The user's own columns (prefixed "input: ") and, per result, its row's cells in
    that order: kept by the reader in the same pass (KeptCells), popped once written. None
    for chemical files (SMILES, SDF) and files without a header."""
    if not kept.header:
        return None
    header = [f"input: {name}" for name in kept.header]
    width, by_line = len(header), kept.by_line

    def cells(result: ScreenResult) -> list[str]:
        values = by_line.pop(result.line, ())
        if len(values) == width:
            return list(values)
        return [values[i] if i < len(values) else "" for i in range(width)]

    return header, cells


def xlsx_from_csv(csv_path: Path, xlsx_path: Path) -> Path:
    """The XLSX of a CSV export (cells already neutralised when the CSV was written), made
    once, on first download: openpyxl takes longer than the screening itself, so a job
    leaves it out. Written to a temporary name first, so a reader never gets half a file."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("screening")
    with csv_path.open(newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    partial = xlsx_path.with_name(xlsx_path.name + ".part")
    book.save(partial)
    partial.replace(xlsx_path)
    return xlsx_path


def result_from_dict(data: dict[str, Any]) -> ScreenResult:
    """Rebuild a result kept as JSON in a screening's history, for re-export."""
    from chemsec.screening.engine.results import (
        ConcentrationAssessment,
        Identity,
        Match,
        listed_identity,
    )
    from chemsec.screening.presenters.shared import _entries_by_urn

    matches = []
    for m in data.get("matches", []):
        conc = m.get("concentration_assessment")
        concentration = None
        if conc:
            concentration = ConcentrationAssessment(
                conc["value_percent_w_w"],
                conc["limit_percent_w_w"],
                conc["limit_kind"],
                conc["crossed"],
                conc["text"],
                conc.get("code"),
                dict(conc.get("params") or {}),
            )
        fields = {
            k: m.get(k, "")
            for k in (
                "list",
                "entry",
                "title",
                "basis",
                "explanation",
                "source",
                "data_version",
                "verification",
                "urn",
            )
        }
        if "listed_name" in m or "listed_cas" in m:
            listed = (m.get("listed_name"), m.get("listed_cas"))
        else:  # stored before matches kept them: the entry's, from the list data in force
            entry = _entries_by_urn().get(str(fields["urn"]))
            listed = (None, None) if entry is None else listed_identity(entry, fields["basis"])
        matches.append(
            Match(
                **fields,
                list_status=m.get("list_status"),
                concentration=concentration,
                explanation_code=m.get("explanation_code"),
                explanation_params=dict(m.get("explanation_params") or {}),
                listed_name=listed[0],
                listed_cas=listed[1],
            )
        )
    return ScreenResult(
        input=data["input"],
        status=data["status"],
        line=data.get("line"),
        reason=data.get("reason"),
        identity=Identity(**data.get("identity", {})),
        matches=matches,
        notes=_stored_notes(data),
        reason_code=data.get("reason_code"),
        reason_params=dict(data.get("reason_params") or {}),
    )


def _stored_notes(data: dict[str, Any]) -> list[str]:
    """A stored result's notes, each with its code where the result kept one (results
    stored before note codes existed have none)."""
    notes: list[str] = [str(n) for n in data.get("notes", [])]
    codes = data.get("note_codes") or []
    if len(codes) != len(notes):
        return notes
    return [
        Note(c["code"], dict(c.get("params") or {}), text)
        if isinstance(c, dict) and c.get("code")
        else text
        for text, c in zip(notes, codes, strict=True)
    ]
