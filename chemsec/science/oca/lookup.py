"""Reading a table (``read``): no interpolation (EPA's RMP help desk: RMP*Comp performs none,
"see Section 4.0 of the Guidance"); between two rows, the next row up, so that the
distance is never shorter than either neighbour's; at or below the first row, at most the
first row's distance (the tables start at 0.1 mile); above the last row, or in a cell the
tables mark so, more than 25 miles. A table shipped only in part refuses a reading past
its last shipped row (``NotCovered``) rather than extrapolate; so does a table that is
not shipped at all (dense gases, alternative scenarios: not verified, see the README).
Pure module.
"""

from __future__ import annotations

from dataclasses import dataclass

from chemsec.science.inputs import InputError
from chemsec.science.oca.tables import NotCovered, Note, Row, Table
from chemsec.science.plume import finite

M_PER_MILE = 1609.344
KEY_TOLERANCE = 1e-9  # unit conversions may leave a row's own value a few ulps above it


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
