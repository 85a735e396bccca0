"""EPA OCA reference tables: the RMP Guidance's own method for distances to toxic endpoints.

Method: US EPA, *Risk Management Program Guidance for Offsite Consequence Analysis*,
EPA 550-B-99-009 (April 1999, revised March 2009), chapter 4. A worst-case distance is
read off a reference table, by the ratio release rate / endpoint ((lb/min)/(mg/L)) in
the general tables, or by the release rate (lb/min) in a chemical-specific table whose
endpoint is fixed (ammonia: 0.14 mg/L). Tables are data, with their source and
verification status: ``chemsec/content/oca/reference_tables.json`` (see its README).

Reading a table (``read``): no interpolation (EPA's RMP help desk: RMP*Comp performs none,
"see Section 4.0 of the Guidance"); between two rows, the next row up, so that the
distance is never shorter than either neighbour's; at or below the first row, at most the
first row's distance (the tables start at 0.1 mile); above the last row, or in a cell the
tables mark so, more than 25 miles. A table shipped only in part refuses a reading past
its last shipped row (``NotCovered``) rather than extrapolate; so does a table that is
not shipped at all (dense gases, alternative scenarios: not verified, see the README).

Release rates (``gas_release_rate``, ``pool_release_rate``): a gas, the quantity over
10 minutes (40 CFR 68.25(c)); a gas released inside a building, times 0.55 (the
Guidance's passive-mitigation factor for an enclosure, as listed by RAPID-N); a liquid,
a pool 1 cm deep or the diked area (68.25(d)) evaporating by the Guidance's equation D-1
(``release.evaporation_rate_lb_min``). The table's duration follows the release: 10
minutes when the release lasts 10 minutes or less, else 60. Pure module.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from chemsec.science.inputs import InputError
from chemsec.science.plume import finite
from chemsec.science.release import evaporation_rate_lb_min
from chemsec.science.units import rate_to_g_s, to_mg_m3

METHOD = "EPA OCA reference tables"
GUIDANCE = (
    "US EPA, Risk Management Program Guidance for Offsite Consequence Analysis, "
    "EPA 550-B-99-009 (April 1999, rev. March 2009), chapter 4"
)
TABLES_FILE = ("oca", "reference_tables.json")
M_PER_MILE = 1609.344
LB_PER_KG = 1 / 0.45359237
LB_MIN_PER_G_S = 60.0 / 453.59237
FT2_PER_M2 = 1 / 0.09290304
PA_PER_MMHG = 133.322387415
POOL_DEPTH_M = 0.01
AMBIENT_K = 298.15
GAS_RELEASE_MIN = 10.0
ENCLOSURE_FACTOR = 0.55
SCENARIOS = ("worst-case", "alternative")
BUOYANCIES = ("neutral", "dense")
DURATIONS = (10, 60)
TERRAINS = ("rural", "urban")
FORMS = ("liquefied-under-pressure", "other")
KEY_TOLERANCE = 1e-9  # unit conversions may leave a row's own value a few ulps above it
ENDPOINT_TOLERANCE = 0.05  # a chemical table's fixed endpoint, as typed (200 ppm of NH3: 0.139)
WIND_M_S = {"worst-case": 1.5, "alternative": 3.0}


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


@dataclass(frozen=True)
class Reading:
    """A distance read off one table for one key value (ratio or release rate)."""

    table: Table
    key_value: float
    row: Row
    status: str  # "row", "below-first-row", "beyond-25-miles"

    @property
    def distance_mi(self) -> float | None:
        """Miles; the first row's 0.1 when below it (an upper bound), None beyond 25 miles."""
        if self.status == "beyond-25-miles":
            return None
        if self.status == "below-first-row":
            return self.table.rows[0].distance_mi
        return self.row.distance_mi

    @property
    def distance_m(self) -> float | None:
        mi = self.distance_mi
        return None if mi is None else mi * M_PER_MILE

    @property
    def at_most(self) -> bool:
        """The distance is an upper bound ('< 0.1 mile'), not a reading."""
        return self.status == "below-first-row" or self.row.cell == "<0.1"

    @property
    def text(self) -> str:
        if self.distance_mi is None:
            return "> 25 mi"
        if self.at_most:
            return f"< {self.distance_mi:g} mi"
        return f"{self.distance_mi:g} mi"


def read(table: Table, value: float) -> Reading:
    """The table's distance for ``value`` (the next row up; never interpolated)."""
    value = finite(value, table.key)
    if not value > 0:
        raise InputError(table.key, "must be a positive number", "not_positive", {"value": value})
    first = table.rows[0]
    if value < first.key * (1 - KEY_TOLERANCE):
        return Reading(table, value, first, "below-first-row")
    for row in table.rows:
        if row.key * (1 + KEY_TOLERANCE) >= value:  # a row's own value, not rounding, reads it
            return Reading(table, value, row, "beyond-25-miles" if row.cell == ">25" else "row")
    if not table.complete:
        raise NotCovered(
            Note(
                "beyond_shipped_rows",
                "{key} {value:g} {unit} is past the last verified row of {table} ({last:g}, "
                "{last_mi:g} mi): the rest of the table is not shipped",
                (
                    ("key", table.key),
                    ("value", value),
                    ("unit", table.key_unit),
                    ("table", table.id),
                    ("last", table.last_row.key),
                    ("last_mi", table.last_row.distance_mi or 0.0),
                ),
            )
        )
    return Reading(table, value, table.last_row, "beyond-25-miles")


# --- release rates -------------------------------------------------------------------


def rate_lb_min(value: float, unit: str) -> float:
    """A release rate in lb/min (from lb/min, kg/s or g/s)."""
    rate = finite(value, "release_rate")
    if not rate > 0:
        raise InputError("release_rate", "must be a positive number", "not_positive")
    if unit == "lb/min":
        return rate
    try:
        return rate_to_g_s(rate, unit) * LB_MIN_PER_G_S
    except ValueError as exc:
        raise InputError("rate_unit", str(exc), "unknown_unit", {"value": unit}) from exc


def endpoint_mg_l(value: float, unit: str, molar_mass_g_mol: float | None = None) -> float:
    """A toxic endpoint in mg/L (ppm needs the molar mass: mg/m3 = ppm x MW / 24.45)."""
    endpoint = finite(value, "endpoint")
    if not endpoint > 0:
        raise InputError("endpoint", "must be a positive number", "not_positive")
    if molar_mass_g_mol is not None:
        molar_mass = finite(molar_mass_g_mol, "molar_mass")
        if not molar_mass > 0:
            raise InputError("molar_mass", "must be a positive number", "not_positive")
    try:
        return to_mg_m3(endpoint, unit, molar_mass_g_mol) / 1000.0
    except ValueError as exc:
        raise InputError("endpoint_unit", str(exc), "unknown_unit", {"value": unit}) from exc


@dataclass(frozen=True)
class ReleaseRate:
    """A release rate for the tables, its duration and how it was obtained."""

    rate_lb_min: float
    duration_min: float
    formula: str
    notes: tuple[Note, ...] = ()

    @property
    def table_duration_min(self) -> int:
        return table_duration(self.duration_min)


def table_duration(release_min: float) -> int:
    """The table for the release: 10 minutes when it lasts 10 minutes or less, else 60."""
    return 10 if release_min <= GAS_RELEASE_MIN + 1e-9 else 60


def gas_release_rate(quantity_lb: float, *, enclosed: bool = False) -> ReleaseRate:
    """Worst case for a gas: the quantity over 10 minutes (68.25(c)); x 0.55 in a building."""
    quantity = finite(quantity_lb, "quantity")
    if not quantity > 0:
        raise InputError("quantity", "must be a positive number", "not_positive")
    rate = quantity / GAS_RELEASE_MIN
    notes = [Note("gas_over_10_min", "gas released over 10 minutes: QR = Q / 10 (40 CFR 68.25(c))")]
    formula = "QR = Q / 10"
    if enclosed:
        rate *= ENCLOSURE_FACTOR
        formula = "QR = 0.55 x Q / 10"
        notes.append(
            Note(
                "enclosure_factor",
                "released inside a building: rate x 0.55 (the Guidance's passive-mitigation "
                "factor for an enclosure, as listed by RAPID-N; verified-secondary)",
            )
        )
    return ReleaseRate(rate, GAS_RELEASE_MIN, formula, tuple(notes))


def pool_release_rate(
    quantity_lb: float,
    *,
    molar_mass_g_mol: float,
    vapour_pressure_pa: float,
    liquid_density_kg_m3: float,
    scenario: str = "worst-case",
    diked_area_m2: float | None = None,
    temperature_k: float = AMBIENT_K,
) -> ReleaseRate:
    """A liquid spilled into a pool 1 cm deep (or the dike), evaporating (Guidance eq. D-1)."""
    quantity = finite(quantity_lb, "quantity")
    if not quantity > 0:
        raise InputError("quantity", "must be a positive number", "not_positive")
    wind = WIND_M_S[_choice(scenario, SCENARIOS, "scenario")]
    mass_kg = quantity / LB_PER_KG
    area_m2 = mass_kg / finite(liquid_density_kg_m3, "liquid_density") / POOL_DEPTH_M
    notes = [Note("pool_1_cm", "liquid spilled into a pool 1 cm deep (40 CFR 68.25(d))")]
    if diked_area_m2 is not None and finite(diked_area_m2, "diked_area") < area_m2:
        area_m2 = diked_area_m2
        notes = [Note("pool_diked", "liquid spilled into the diked area (40 CFR 68.25(d))")]
    rate = evaporation_rate_lb_min(
        wind,
        finite(molar_mass_g_mol, "molar_mass"),
        area_m2 * FT2_PER_M2,
        finite(vapour_pressure_pa, "vapour_pressure") / PA_PER_MMHG,
        temperature_k,
    )
    notes.append(
        Note(
            "pool_evaporation",
            "evaporation QR = 0.284 U^0.78 MW^(2/3) A VP / (82.05 T) lb/min at U = {wind} m/s "
            "(Guidance eq. D-1; its constant as in release.py, recalled and checked against "
            "the 1987 Technical Guidance for Hazards Analysis)",
            (("wind", wind),),
        )
    )
    duration = quantity / rate if rate > 0 else math.inf
    if duration < GAS_RELEASE_MIN:
        rate, duration = quantity / GAS_RELEASE_MIN, GAS_RELEASE_MIN
        notes.append(Note("pool_capped", "evaporates in under 10 minutes: QR = Q / 10"))
    return ReleaseRate(rate, duration, "QR = 0.284 U^0.78 MW^(2/3) A VP / (82.05 T)", tuple(notes))


# --- the estimate --------------------------------------------------------------------


@dataclass(frozen=True)
class OcaEstimate:
    """A distance by the EPA OCA reference tables, with the table and reading behind it."""

    reading: Reading
    release_rate_lb_min: float
    endpoint_mg_l: float
    scenario: str
    terrain: str
    duration_min: int
    buoyancy: str
    cas: str | None
    notes: tuple[Note, ...]

    @property
    def distance_mi(self) -> float | None:
        return self.reading.distance_mi

    @property
    def distance_m(self) -> float | None:
        return self.reading.distance_m

    def as_dict(self) -> dict[str, Any]:
        tables = load_tables()
        table, row = self.reading.table, self.reading.row
        return {
            "method": METHOD,
            "source": f"{GUIDANCE}; table values as transcribed at {table.source_url}",
            "table": table.as_dict(tables.urn, tables.version),
            "verification": table.status,
            "scenario": self.scenario,
            "terrain": self.terrain,
            "duration_min": self.duration_min,
            "buoyancy": self.buoyancy,
            "cas": self.cas,
            "release_rate_lb_min": self.release_rate_lb_min,
            "endpoint_mg_l": self.endpoint_mg_l,
            "key": table.key,
            "key_value": self.reading.key_value,
            "key_unit": table.key_unit,
            "row": {"key": row.key, "distance": row.cell or row.distance_mi},
            "reading": self.reading.status,
            "at_most": self.reading.at_most,
            "distance_mi": self.distance_mi,
            "distance_m": self.distance_m,
            "distance_text": self.reading.text,
            "lookup_rule": tables.lookup_rule,
            "notes": [n.text for n in self.notes],
            "note_codes": [{"code": n.code, "params": n.params} for n in self.notes],
        }


def estimate(
    rate_lb_min: float,
    endpoint: float | None,
    *,
    scenario: str,
    terrain: str,
    duration_min: int,
    buoyancy: str,
    cas: str | None = None,
    form: str | None = None,
) -> OcaEstimate:
    """The distance to ``endpoint`` (mg/L) for a release of ``rate_lb_min``, by the tables.

    A chemical with its own table (ammonia) is read by release rate at the table's own
    endpoint; ``endpoint`` may then be None, and a different one is refused.
    """
    rate = finite(rate_lb_min, "release_rate")
    if not rate > 0:
        raise InputError("release_rate", "must be a positive number", "not_positive")
    table = find_table(
        scenario=scenario,
        terrain=terrain,
        duration_min=duration_min,
        buoyancy=buoyancy,
        cas=cas,
        form=form,
    )
    notes: list[Note] = []
    if table.key == "release_rate":
        fixed = table.endpoint_mg_l or 0.0
        if endpoint is not None and abs(endpoint - fixed) > ENDPOINT_TOLERANCE * fixed:
            raise InputError(
                "endpoint",
                f"the {table.cas} table is for its 40 CFR 68 Appendix A endpoint, {fixed:g} mg/L, "
                f"not {endpoint:g} mg/L: give that endpoint, or leave out --cas for the general "
                "tables",
                "chemical_table_endpoint",
                {"cas": str(table.cas), "endpoint_mg_l": fixed, "given_mg_l": endpoint},
            )
        endpoint = fixed
        notes.append(
            Note(
                "chemical_table",
                "{cas} has its own table ({form}), read by release rate at its endpoint "
                "{endpoint:g} mg/L; the buoyancy given is not used",
                (("cas", str(table.cas)), ("form", str(table.form)), ("endpoint", fixed)),
            )
        )
        key = rate
    else:
        if endpoint is None:
            raise InputError("endpoint", "is required (mg/L)", "required")
        endpoint = finite(endpoint, "endpoint")
        if not endpoint > 0:
            raise InputError("endpoint", "must be a positive number", "not_positive")
        key = rate / endpoint
        if cas:
            notes.append(
                Note(
                    "no_chemical_table",
                    "no chemical-specific table shipped for {cas}: the general table is used",
                    (("cas", cas),),
                )
            )
    reading = read(table, key)
    notes.append(_reading_note(reading))
    if not table.complete:
        notes.append(
            Note(
                "partial_table",
                "only the rows up to {last:g} {unit} ({last_mi:g} mi) of this table are shipped",
                (
                    ("last", table.last_row.key),
                    ("unit", table.key_unit),
                    ("last_mi", table.last_row.distance_mi or 0.0),
                ),
            )
        )
    return OcaEstimate(
        reading=reading,
        release_rate_lb_min=rate,
        endpoint_mg_l=endpoint,
        scenario=scenario,
        terrain=terrain,
        duration_min=duration_min,
        buoyancy=buoyancy,
        cas=cas,
        notes=tuple(notes),
    )


def _reading_note(reading: Reading) -> Note:
    row, unit = reading.row, reading.table.key_unit
    if reading.status == "below-first-row":
        return Note(
            "below_first_row",
            "{value:.4g} {unit} is below the first row ({first:g}): at most {first_mi:g} mi",
            (
                ("value", reading.key_value),
                ("unit", unit),
                ("first", row.key),
                ("first_mi", reading.table.rows[0].distance_mi or 0.0),
            ),
        )
    if reading.status == "beyond-25-miles":
        return Note(
            "beyond_25_miles",
            "{value:.4g} {unit}: more than 25 miles, beyond the tables",
            (("value", reading.key_value), ("unit", unit)),
        )
    if math.isclose(row.key, reading.key_value, rel_tol=KEY_TOLERANCE):
        return Note(
            "exact_row",
            "{value:.4g} {unit} is a row of the table",
            (("value", reading.key_value), ("unit", unit)),
        )
    return Note(
        "next_row_up",
        "{value:.4g} {unit} lies between rows: read at the next row up, {row:g} (no interpolation)",
        (("value", reading.key_value), ("unit", unit), ("row", row.key)),
    )


# --- beside ChemSec's models ----------------------------------------------------------

RMP_SCENARIOS = {"worst": "worst-case", "alternative": "alternative"}


def for_rmp_scenario(
    *,
    rate_g_s: float,
    duration_s: float,
    endpoint_mg_m3: float,
    scenario: str,
    terrain: str,
    dense: bool,
    cas: str | None = None,
    liquefied: bool = False,
) -> OcaEstimate | Note:
    """The tables' distance for a release ChemSec's models also ran, or why there is none.

    The table follows the release: its rate and duration (10 or 60 minutes), the endpoint
    used, dense or neutral as the models judged it; a liquefied gas with a table of its own
    (ammonia liquefied under pressure) reads that table when the endpoint is the table's.
    """
    endpoint = endpoint_mg_m3 / 1000.0
    duration = table_duration(duration_s / 60.0)
    own_cas = None
    if cas and liquefied and duration == 10:
        own = [t for t in chemical_tables(cas) if t.form == FORMS[0]]
        fixed = own[0].endpoint_mg_l if own else None
        if fixed and abs(endpoint - fixed) <= ENDPOINT_TOLERANCE * fixed:
            own_cas = cas
    try:
        return estimate(
            rate_g_s * LB_MIN_PER_G_S,
            endpoint,
            scenario=RMP_SCENARIOS.get(scenario, scenario),
            terrain=terrain,
            duration_min=duration,
            buoyancy="dense" if dense and own_cas is None else "neutral",
            cas=own_cas,
        )
    except NotCovered as exc:
        return exc.note


@dataclass(frozen=True)
class Comparison:
    """Which distance leads: the longer of the model's and the tables'.

    ``basis`` is ``oca`` or ``model``; ``model_shorter`` says the model's distance is
    shorter than the tables' (and so a model estimate, shown second).
    """

    basis: str
    distance_m: float | None
    text: str
    model_shorter: bool
    oca: OcaEstimate | None
    unavailable: Note | None


def _reach_m(status: str, distance_m: float | None) -> float:
    """A model distance as a number to compare: its bounds where it has none."""
    if distance_m is not None:
        return distance_m
    return {"below-range": 100.0, "beyond-range": math.inf}.get(status, 0.0)


def oca_text(result: OcaEstimate) -> str:
    """'1.2 mi (1,931 m)', '< 0.1 mi (161 m)' or '> 25 mi'."""
    m = result.distance_m
    return result.reading.text if m is None else f"{result.reading.text} ({m:,.0f} m)"


def compare(
    model_status: str, model_distance_m: float | None, model_text: str, oca: OcaEstimate | Note
) -> Comparison:
    """Lead with the longer distance; a tie goes to the tables (the rule's method)."""
    if isinstance(oca, Note):
        return Comparison("model", model_distance_m, model_text, False, None, oca)
    model = _reach_m(model_status, model_distance_m)
    tables = math.inf if oca.distance_m is None else oca.distance_m
    if model > tables:
        return Comparison("model", model_distance_m, model_text, False, oca, None)
    return Comparison("oca", oca.distance_m, oca_text(oca), model < tables, oca, None)
