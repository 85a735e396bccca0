"""The estimate: a distance by the tables for a release rate and an endpoint, and beside
ChemSec's models, which of the two distances leads. Pure module."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from chemsec.science.inputs import InputError
from chemsec.science.oca.lookup import KEY_TOLERANCE, Reading, read
from chemsec.science.oca.release import LB_MIN_PER_G_S, table_duration
from chemsec.science.oca.tables import (
    FORMS,
    GUIDANCE,
    METHOD,
    NotCovered,
    Note,
    chemical_tables,
    find_table,
    load_tables,
)
from chemsec.science.plume import finite

ENDPOINT_TOLERANCE = 0.05  # a chemical table's fixed endpoint, as typed (200 ppm of NH3: 0.139)


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
    if cas and buoyancy == "neutral" and not chemical_tables(cas):
        dense = dense_reason(cas)
        if dense is not None:
            raise NotCovered(
                Note(
                    "dense_not_neutral",
                    "{cas} is {reason}: its release is read as dense ({basis}), not in the "
                    "neutral table, and no verified dense-gas table is shipped. Leave out "
                    "--cas to read the neutral table for a gas that stays neutral",
                    (("cas", cas), ("reason", dense[0]), ("basis", dense[1])),
                )
            )
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


AIR_MOLAR_MASS = 28.96  # g/mol, dry air
# Liquefied gases lighter than air by molar mass that still leave as a dense cloud:
# ChemSec's conservative reading (hydrogen fluoride associates into (HF)n and leaves as a
# cold aerosol-laden cloud); ammonia is not here because it has the Guidance's own tables.
DENSE_BY_BEHAVIOUR = {"7664-39-3": "hydrogen fluoride, which associates and forms a cold aerosol"}


def dense_reason(cas: str) -> tuple[str, str] | None:
    """Why a chemical's release is dense for the tables' choice, and on whose authority;
    None if not known so.

    Denser than air by molar mass (the Guidance's basic test), or on ChemSec's short list of
    liquefied gases that behave as dense (``DENSE_BY_BEHAVIOUR``). An unknown CAS: None.
    """
    cas = cas.strip()
    if cas in DENSE_BY_BEHAVIOUR:
        return DENSE_BY_BEHAVIOUR[cas], "ChemSec's conservative choice, not read in the Guidance"
    try:
        from chemicals import identifiers

        molar_mass = float(identifiers.search_chemical(cas).MW)
    except Exception:  # an unknown or unparsable CAS: no claim either way
        return None
    if molar_mass > AIR_MOLAR_MASS:
        return (
            f"denser than air (molar mass {molar_mass:.1f} g/mol against {AIR_MOLAR_MASS})",
            "a gas denser than air takes the Guidance's dense-gas tables",
        )
    return None


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
