"""EPA OCA reference tables: the RMP Guidance's own method for distances to toxic endpoints.

Method: US EPA, *Risk Management Program Guidance for Offsite Consequence Analysis*,
EPA 550-B-99-009 (April 1999, revised March 2009), chapter 4. A worst-case distance is
read off a reference table, by the ratio release rate / endpoint ((lb/min)/(mg/L)) in
the general tables, or by the release rate (lb/min) in a chemical-specific table whose
endpoint is fixed (ammonia: 0.14 mg/L). Tables are data, with their source and
verification status: ``chemsec/content/oca/reference_tables.json`` (see its README).

The package: ``tables`` (loading the versioned data, choosing a table), ``lookup`` (reading
a table), ``release`` (release rates), ``estimate`` (the distance, and beside ChemSec's
models, which one leads). Every public name is re-exported here, so
``from chemsec.science.oca import X`` and ``oca.X`` keep working. Pure package.
"""

from __future__ import annotations

from chemsec.science.oca.estimate import (
    ENDPOINT_TOLERANCE,
    RMP_SCENARIOS,
    Comparison,
    OcaEstimate,
    compare,
    estimate,
    for_rmp_scenario,
    oca_text,
)
from chemsec.science.oca.lookup import (
    KEY_TOLERANCE,
    M_PER_MILE,
    Reading,
    read,
)
from chemsec.science.oca.release import (
    AMBIENT_K,
    ENCLOSURE_FACTOR,
    FT2_PER_M2,
    GAS_RELEASE_MIN,
    LB_MIN_PER_G_S,
    LB_PER_KG,
    PA_PER_MMHG,
    POOL_DEPTH_M,
    WIND_M_S,
    ReleaseRate,
    endpoint_mg_l,
    gas_release_rate,
    pool_release_rate,
    rate_lb_min,
    table_duration,
)
from chemsec.science.oca.tables import (
    BUOYANCIES,
    DURATIONS,
    FORMS,
    GUIDANCE,
    METHOD,
    SCENARIOS,
    TABLES_FILE,
    TERRAINS,
    NotCovered,
    Note,
    Row,
    Table,
    TableSet,
    chemical_tables,
    find_table,
    load_tables,
)

__all__ = [
    "AMBIENT_K",
    "BUOYANCIES",
    "DURATIONS",
    "ENCLOSURE_FACTOR",
    "ENDPOINT_TOLERANCE",
    "FORMS",
    "FT2_PER_M2",
    "GAS_RELEASE_MIN",
    "GUIDANCE",
    "KEY_TOLERANCE",
    "LB_MIN_PER_G_S",
    "LB_PER_KG",
    "METHOD",
    "M_PER_MILE",
    "PA_PER_MMHG",
    "POOL_DEPTH_M",
    "RMP_SCENARIOS",
    "SCENARIOS",
    "TABLES_FILE",
    "TERRAINS",
    "WIND_M_S",
    "Comparison",
    "NotCovered",
    "Note",
    "OcaEstimate",
    "Reading",
    "ReleaseRate",
    "Row",
    "Table",
    "TableSet",
    "chemical_tables",
    "compare",
    "endpoint_mg_l",
    "estimate",
    "find_table",
    "for_rmp_scenario",
    "gas_release_rate",
    "load_tables",
    "oca_text",
    "pool_release_rate",
    "rate_lb_min",
    "read",
    "table_duration",
]
