"""Stored what-ifs: worked out once with their key, read back only while the key holds."""

import math
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from chemsec.science.diagram_changes import parse_changes
from chemsec.science.diagram_what_if import (
    NOT_LINKED,
    Applied,
    applied_measures,
    basis_key,
    combined_basis,
    combined_p_interruption,
    measure_basis,
    measure_holds,
    written_for,
)
from chemsec.science.inputs import InputError
from chemsec.science.tests.cases import CASE_A_P_I, case_a, case_a_p_i

KEY = {"diagram_id": "d1", "version": 3}
FENCE = {"layer": "Perimeter", "element": "Cross perimeter fence", "p_detection": 0.5}
DOOR = {"layer": "", "element": "Penetrate door", "delay_mean": 120}


def test_it_keys_a_risk_by_its_diagram_and_version():
    assert basis_key({"diagram_id": "d1", "version": 3, "path": []}) == KEY
    assert basis_key({}) == basis_key(None) == {"diagram_id": None, "version": None}


def test_it_stores_a_measures_p_i_path_and_effects_with_its_key():
    stored = measure_basis(case_a(), KEY, [FENCE])
    assert stored["p_interruption"] == pytest.approx(
        case_a_p_i(**{"Cross perimeter fence": (0.5, 10)}), abs=1e-9
    )
    assert stored["p_interruption"] > CASE_A_P_I and stored["error"] == ""
    assert stored["effects"][0]["before"]["p_detection"] == 0.0
    assert stored["path"][0] == {"layer": "Perimeter", "element": "Cross perimeter fence"}
    assert measure_holds(stored, KEY, [FENCE])
    assert not measure_holds(stored, KEY | {"version": 4}, [FENCE])
    assert not measure_holds(stored, KEY, [FENCE | {"p_detection": 0.6}])
    assert measure_basis(case_a(), KEY, []) == {}


def test_it_stores_why_changes_cannot_be_applied():
    stored = measure_basis(case_a(), KEY, [{"element": "Moat", "delay_mean": 600}])
    assert stored["p_interruption"] is None and "no path element 'Moat'" in stored["error"]
    unlinked = measure_basis(None, basis_key({}), [FENCE])
    assert unlinked["error"] == NOT_LINKED and measure_holds(unlinked, basis_key({}), [FENCE])


def test_it_carries_the_diagram_the_changes_were_written_for_across_relinks():
    first = measure_basis(case_a(), KEY, [FENCE])
    assert written_for(first) is None
    moved = measure_basis(case_a(), {"diagram_id": "d2", "version": 1}, [FENCE], previous=first)
    assert written_for(moved) == "d1"
    unlinked = measure_basis(None, basis_key({}), [FENCE], previous=moved)
    assert written_for(unlinked) == "d1"
    back = measure_basis(case_a(), KEY | {"version": 4}, [FENCE], previous=unlinked)
    assert written_for(back) is None


def test_it_applies_every_measures_changes_together_later_ones_winning():
    later = {"layer": "Perimeter", "element": "Cross perimeter fence", "p_detection": 0.7}
    measures = [Applied("a", [FENCE], 0.6), Applied("b", [DOOR], 0.55), Applied("c", [later], 0.7)]
    stored = combined_basis(case_a(), KEY, measures)
    expected = case_a_p_i(**{"Cross perimeter fence": (0.7, 10), "Penetrate door": (0.9, 120)})
    assert stored["p_interruption"] == pytest.approx(expected, abs=1e-9)
    assert stored["measures"] == ["a", "b", "c"]
    assert combined_basis(case_a(), KEY, measures[:1]) == {}  # one measure is its own what-if


def test_it_reads_the_combined_p_i_only_for_the_same_measures_and_changes():
    applied = [Applied("a", [FENCE], 0.6), Applied("b", [DOOR], 0.55)]
    stored = combined_basis(case_a(), KEY, applied)
    assert combined_p_interruption(stored, KEY, applied) == stored["p_interruption"]
    assert combined_p_interruption(stored, KEY, applied[:1]) == 0.6
    assert combined_p_interruption(stored, KEY, [*applied, Applied("c", [FENCE], 0.6)]) is None
    assert combined_p_interruption(stored, KEY | {"version": 4}, applied) is None
    assert combined_p_interruption(stored, KEY, []) is None


def test_it_applies_the_measures_whose_what_if_holds_in_the_order_they_were_added():
    start = datetime(2026, 1, 1)

    def measure(pk, minutes, changes, key=KEY, p_i=0.6):
        basis = {**key, "changes": changes, "p_interruption": p_i} if changes else {}
        return SimpleNamespace(pk=pk, created_at=start + timedelta(minutes=minutes),
                               protection_changes=changes, protection_basis=basis)  # fmt: skip

    measures = [
        measure("late", 9, [DOOR], p_i=0.55),
        measure("early", 1, [FENCE]),
        measure("typed", 0, []),  # no changes: its typed P_I is read elsewhere
        measure("old", 2, [FENCE], key=KEY | {"version": 2}),  # worked out on another version
        measure("failed", 3, [FENCE], p_i=None),  # the changes could not be applied
    ]
    applied = applied_measures(measures, KEY)
    assert applied == [Applied("early", [FENCE], 0.6), Applied("late", [DOOR], 0.55)]
    assert applied_measures([], KEY) == []


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_it_refuses_values_that_are_not_finite(value):
    with pytest.raises(InputError, match="finite"):
        parse_changes([{"element": "Penetrate door", "p_detection": value}])
