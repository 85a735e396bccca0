"""The shipped reference tables: loading the versioned data (``chemsec/content/oca/
reference_tables.json``, see its README) and choosing the table the Guidance uses for a case.
Pure module."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from chemsec.science.inputs import InputError

METHOD = "EPA OCA reference tables"
GUIDANCE = (
    "US EPA, Risk Management Program Guidance for Offsite Consequence Analysis, "
    "EPA 550-B-99-009 (April 1999, rev. March 2009), chapter 4"
)
TABLES_FILE = ("oca", "reference_tables.json")
SCENARIOS = ("worst-case", "alternative")
BUOYANCIES = ("neutral", "dense")
DURATIONS = (10, 60)
TERRAINS = ("rural", "urban")
FORMS = ("liquefied-under-pressure", "other")


@dataclass(frozen=True)
class Note:
    """An assumption or reason: a stable code, its numbers, and its English (for CLI and API)."""

    code: str
    english: str
    values: tuple[tuple[str, float | str], ...] = ()

    @property
    def params(self) -> dict[str, float | str]:
        return dict(self.values)

    @property
    def text(self) -> str:
        return self.english.format(**self.params)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": self.params, "text": self.text}


class NotCovered(LookupError):
    """No verified table row answers the question (a table not shipped, or past its rows)."""

    def __init__(self, note: Note) -> None:
        super().__init__(note.text)
        self.note = note
        self.code = note.code
        self.params = note.params


@dataclass(frozen=True)
class Row:
    """One table row: its key and distance in miles; ``cell`` keeps '<0.1' or '>25'."""

    key: float
    distance_mi: float | None
    cell: str = ""


@dataclass(frozen=True)
class Table:
    """One reference table, with where it came from and how far it was read."""

    id: str
    title: str
    transcription_table: str
    source_id: str
    source_url: str
    source_what: str
    scenario: str
    buoyancy: str
    duration_min: int
    terrain: str
    cas: str | None
    form: str | None
    endpoint_mg_l: float | None
    key: str
    key_unit: str
    status: str
    complete: bool
    rows: tuple[Row, ...]

    @property
    def last_row(self) -> Row:
        return self.rows[-1]

    def as_dict(self, urn: str, version: int) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "urn": urn,
            "version": version,
            "transcription_table": self.transcription_table,
            "source_url": self.source_url,
            "source": self.source_what,
            "status": self.status,
            "complete": self.complete,
            "key": self.key,
            "key_unit": self.key_unit,
            "rows": len(self.rows),
        }


@dataclass(frozen=True)
class TableSet:
    """The shipped tables and their document's provenance."""

    urn: str
    version: int
    lookup_rule: str
    lookup_basis_url: str
    tables: tuple[Table, ...]
    not_shipped: tuple[str, ...]


def _row(raw: list[Any]) -> Row:
    key, cell = raw
    if isinstance(cell, str):
        if cell not in ("<0.1", ">25"):
            raise ValueError(f"unknown table cell {cell!r}")
        return Row(float(key), 0.1 if cell == "<0.1" else None, cell)
    return Row(float(key), float(cell))


def _table(raw: dict[str, Any], sources: dict[str, Any]) -> Table:
    source = sources[raw["source"]]
    return Table(
        id=raw["id"],
        title=raw["title"],
        transcription_table=raw["transcription_table"],
        source_id=raw["source"],
        source_url=source["url"],
        source_what=source["what"],
        scenario=raw["scenario"],
        buoyancy=raw["buoyancy"],
        duration_min=int(raw["duration_min"]),
        terrain=raw["terrain"],
        cas=raw.get("cas"),
        form=raw.get("form"),
        endpoint_mg_l=raw.get("endpoint_mg_l"),
        key=raw["key"],
        key_unit=raw["key_unit"],
        status=raw["status"],
        complete=bool(raw["complete"]),
        rows=tuple(_row(r) for r in raw["rows"]),
    )


@lru_cache(maxsize=1)
def load_tables() -> TableSet:
    """The shipped tables (``chemsec/content/oca/reference_tables.json``)."""
    text = resources.files("chemsec.content").joinpath(*TABLES_FILE).read_text(encoding="utf-8")
    doc = json.loads(text)
    return TableSet(
        urn=doc["urn"],
        version=int(doc["version"]),
        lookup_rule=doc["lookup"]["rule"],
        lookup_basis_url=doc["lookup"]["basis_url"],
        tables=tuple(_table(t, doc["sources"]) for t in doc["tables"]),
        not_shipped=tuple(item["what"] for item in doc["not_shipped"]),
    )


def chemical_tables(cas: str) -> tuple[Table, ...]:
    return tuple(t for t in load_tables().tables if t.cas == cas.strip())


def _choice(value: str, allowed: tuple[str, ...], field: str) -> str:
    if value not in allowed:
        raise InputError(
            field,
            f"must be one of {', '.join(allowed)}, not {value!r}",
            "unknown_choice",
            {"value": str(value), "allowed": ", ".join(allowed)},
        )
    return value


def find_table(
    *,
    scenario: str,
    terrain: str,
    duration_min: int,
    buoyancy: str,
    cas: str | None = None,
    form: str | None = None,
) -> Table:
    """The table the Guidance uses for the case: a chemical's own table first, else the general.

    NotCovered when that table is not shipped (not verified).
    """
    _choice(scenario, SCENARIOS, "scenario")
    _choice(terrain, TERRAINS, "terrain")
    _choice(buoyancy, BUOYANCIES, "buoyancy")
    if duration_min not in DURATIONS:
        raise InputError(
            "duration", f"must be 10 or 60 minutes, not {duration_min!r}", "unknown_duration"
        )
    own = chemical_tables(cas) if cas else ()
    if own:
        wanted = _choice(form or FORMS[0], FORMS, "form")
        found = [
            t for t in own if t.terrain == terrain and t.scenario == scenario and t.form == wanted
        ]
        if duration_min != 10:
            raise InputError(
                "duration",
                f"the {cas} tables are for the worst case's 10-minute release, not {duration_min}",
                "chemical_table_10_min",
                {"cas": str(cas), "duration_min": duration_min},
            )
        if found:
            return found[0]
        raise NotCovered(
            Note(
                "no_chemical_table",
                "no verified EPA OCA reference table for {cas} ({form}), {scenario}, {terrain}: "
                "not shipped",
                (("cas", str(cas)), ("form", wanted), ("scenario", scenario), ("terrain", terrain)),
            )
        )
    for table in load_tables().tables:
        if (table.cas, table.scenario, table.terrain, table.duration_min, table.buoyancy) == (
            None,
            scenario,
            terrain,
            duration_min,
            buoyancy,
        ):
            return table
    raise NotCovered(
        Note(
            "no_table",
            "no verified EPA OCA reference table for a {buoyancy} gas, {scenario}, "
            "{duration_min}-minute release, {terrain}: not shipped (its values could not be "
            "read and checked)",
            (
                ("buoyancy", buoyancy),
                ("scenario", scenario),
                ("duration_min", duration_min),
                ("terrain", terrain),
            ),
        )
    )
