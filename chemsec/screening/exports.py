"""Writing one batch of results to CSV, XLSX and JSON in a single streaming pass."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from chemsec.lib.spreadsheet import spreadsheet_safe
from chemsec.screening.engine.results import ScreenResult
from chemsec.screening.engine.writers import flat_row

FORMATS = ("csv", "xlsx", "json")


def summarise(counter: Counter[str], result: ScreenResult) -> None:
    counter[f"status:{result.status}"] += 1
    for list_code in {m.list for m in result.matches}:
        counter[f"list:{list_code}"] += 1


def summary_dict(counter: Counter[str]) -> dict[str, dict[str, int]]:
    """{"status": {"matched": 3, ...}, "lists": {"CWC": 2, ...}}"""
    out: dict[str, dict[str, int]] = {"status": {}, "lists": {}}
    for key, count in sorted(counter.items()):
        group, name = key.split(":", 1)
        out["status" if group == "status" else "lists"][name] = count
    return out


def export_all(
    results: Iterable[ScreenResult],
    folder: Path,
    stem: str = "screening",
    on_row: Callable[[int], None] | None = None,
    extra: Callable[[ScreenResult], dict[str, Any]] | None = None,
    xlsx: bool = True,
) -> tuple[dict[str, Path], Counter[str]]:
    """Write every result once to each format; memory stays flat (XLSX in write-only mode).

    `extra` gives columns to put first in every row (the user's own columns of the file,
    in a file screening); the JSON keeps them under "input_columns". Without `xlsx` only
    the CSV and JSON are written (a job makes its XLSX on first download: `xlsx_from_csv`)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {fmt: folder / f"{stem}.{fmt}" for fmt in FORMATS if xlsx or fmt != "xlsx"}
    counter: Counter[str] = Counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("screening")
    with (
        paths["csv"].open("w", newline="", encoding="utf-8") as csv_file,
        paths["json"].open("w", encoding="utf-8") as json_file,
    ):
        writer: csv.DictWriter[str] | None = None
        json_file.write("[")
        for index, result in enumerate(results):
            own = extra(result) if extra is not None else {}
            row = {**own, **flat_row(result)}
            if writer is None:
                writer = csv.DictWriter(csv_file, fieldnames=list(row))
                writer.writeheader()
                if xlsx:
                    sheet.append(list(row))
            safe = {key: spreadsheet_safe(value) for key, value in row.items()}
            writer.writerow(safe)
            if xlsx:
                sheet.append(list(safe.values()))
            record = result.to_dict()
            if own:
                record["input_columns"] = own
            json_file.write(("," if index else "") + "\n" + json.dumps(record))
            summarise(counter, result)
            if on_row is not None:
                on_row(index + 1)
        json_file.write("\n]\n")
    if xlsx:
        book.save(paths["xlsx"])
    return paths, counter


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
    from chemsec.screening.engine.results import ConcentrationAssessment, Identity, Match

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
        matches.append(
            Match(**fields, list_status=m.get("list_status"), concentration=concentration)
        )
    return ScreenResult(
        input=data["input"],
        status=data["status"],
        line=data.get("line"),
        reason=data.get("reason"),
        identity=Identity(**data.get("identity", {})),
        matches=matches,
        notes=list(data.get("notes", [])),
        reason_code=data.get("reason_code"),
        reason_params=dict(data.get("reason_params") or {}),
    )
