"""Inputs inside the models' validity: one check (``chemsec.science.plume``) on every surface.

The plume refuses calm or non-finite winds, non-finite or non-positive rates, receptors
outside 100 m to 10 km and unknown names; a sigma_z past 5000 m is capped and says so;
``chemsec plume`` exits 2 with the check's message; an unknown scenario is an InputError,
not a KeyError.
"""

from __future__ import annotations

import math

import pytest

from chemsec.cli import main
from chemsec.science import plume as gp
from chemsec.science.endpoints import user_endpoint
from chemsec.science.inputs import InputError
from chemsec.science.release import Substance, meteorology, rmp_scenario

CHLORINE = Substance("chlorine", "7782-50-5", 70.906, boiling_point_k=239.1)


@pytest.mark.parametrize("wind", [0.0, 0.01, 0.99, -1.0])
def test_the_plume_refuses_wind_below_1_m_s(wind):
    with pytest.raises(InputError) as caught:
        gp.Plume(10.0, wind, "D")
    assert caught.value.field == "wind_m_s"
    assert caught.value.code in ("wind_below_range", "not_finite")


def test_the_plume_takes_wind_of_1_m_s():
    assert gp.Plume(10.0, 1.0, "D").wind_m_s == 1.0


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
@pytest.mark.parametrize("field", ["rate_g_s", "wind_m_s", "height_m"])
def test_the_plume_refuses_non_finite_numbers(value, field):
    kwargs = {"rate_g_s": 10.0, "wind_m_s": 2.0, "height_m": 0.0, field: value}
    with pytest.raises(InputError) as caught:
        gp.Plume(kwargs["rate_g_s"], kwargs["wind_m_s"], "D", height_m=kwargs["height_m"])
    assert caught.value.field == field and caught.value.code == "not_finite"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"stability": "G"}, "unknown_stability"),
        ({"terrain": "suburban"}, "unknown_terrain"),
        ({"scheme": "pasquill"}, "unknown_scheme"),
        ({"scheme": "isc3", "terrain": "urban"}, "no_urban_variant"),
    ],
)
def test_the_plume_refuses_unknown_names(kwargs, code):
    args = {"stability": "D", "terrain": "rural", "scheme": "briggs", **kwargs}
    with pytest.raises(InputError) as caught:
        gp.Plume(10.0, 2.0, args["stability"], args["terrain"], args["scheme"])
    assert caught.value.code == code


@pytest.mark.parametrize(("x", "code"), [(0.5, "receptor_too_near"), (99.9, "receptor_too_near"),
                                         (10_000.1, "receptor_too_far")])  # fmt: skip
def test_a_receptor_outside_100_m_to_10_km_is_refused(x, code):
    with pytest.raises(InputError) as caught:
        gp.check_receptor(x)
    assert caught.value.code == code
    assert caught.value.params["distance_m"] == x


def test_a_receptor_inside_the_range_passes():
    assert gp.check_receptor(100.0) == 100.0
    assert gp.check_receptor(10_000.0) == 10_000.0


def test_sigma_z_is_capped_at_5000_m_in_every_scheme():
    degadis_a = gp.sigmas(10_000.0, "A", "rural", "degadis")  # the raw fit is > 100 km
    assert gp.degadis_sigmas(10_000.0, "A").z > 1e5
    assert degadis_a.z == gp.SIGMA_Z_CAP_M and degadis_a.z_capped
    urban_a = gp.sigmas(10_000.0, "A", "urban", "briggs")  # 0.24 x (1 + 0.001 x)^0.5 = 7960 m
    assert urban_a.z == gp.SIGMA_Z_CAP_M and urban_a.z_capped
    assert not gp.sigmas(1000.0, "D").z_capped


def test_an_unknown_scenario_is_an_input_error_not_a_key_error():
    with pytest.raises(InputError) as caught:
        meteorology("worst-ever")
    assert caught.value.field == "scenario" and caught.value.code == "unknown_scenario"
    endpoint = user_endpoint(2.0, "ppm", CHLORINE.molar_mass_g_mol)
    with pytest.raises(InputError):
        rmp_scenario(CHLORINE, 100.0, phase="gas", scenario="typo", endpoint=endpoint)


@pytest.mark.parametrize("quantity", [math.inf, math.nan, 0.0, -5.0])
def test_an_rmp_scenario_refuses_a_non_finite_or_non_positive_quantity(quantity):
    endpoint = user_endpoint(2.0, "ppm", CHLORINE.molar_mass_g_mol)
    with pytest.raises(InputError) as caught:
        rmp_scenario(CHLORINE, quantity, phase="gas", endpoint=endpoint)
    assert caught.value.field == "quantity_kg"


def test_distances_are_searched_to_40_km_and_say_when_extrapolated():
    plume = gp.Plume(1000.0, 1.5, "F")
    far = gp.distance_to_endpoint(plume, plume.at(20_000.0))
    assert far.status == "found" and far.distance_m == pytest.approx(20_000.0, rel=1e-6)
    assert far.extrapolated
    near = gp.distance_to_endpoint(plume, plume.at(5_000.0))
    assert not near.extrapolated
    assert gp.distance_to_endpoint(plume, plume.at(45_000.0)).text == "> 40 km"


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


BASE = ["plume", "--rate", "1", "--stability", "D"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--wind", "0.01", "--distance", "500"], "--wind: 0.01 m/s is below 1 m/s"),
        (["--wind", "inf", "--distance", "500"], "--wind: must be a finite number"),
        (["--wind", "nan", "--distance", "500"], "--wind: must be a finite number"),
        (["--wind", "2", "--distance", "0.5"], "--distance: 0.5 m is nearer than 100 m"),
        (["--wind", "2", "--distance", "20000"], "--distance: 20000 m is farther than"),
        (["--wind", "2", "--distance", "500", "--height", "inf"], "--height"),
        (["--wind", "2", "--distance", "500", "--crosswind", "nan"], "--crosswind"),
        (["--wind", "2", "--distance", "500", "--endpoint", "inf"], "--endpoint"),
    ],
)
def test_chemsec_plume_refuses_inputs_outside_the_range(capsys, extra, message):
    code, out, err = run(BASE + extra, capsys)
    assert code == 2 and out == ""
    assert message in err


def test_chemsec_plume_reports_a_capped_sigma_z(capsys):
    code, out, _ = run(
        [*BASE[:-1], "A", "--wind", "2", "--distance", "9000", "--sigmas", "degadis"], capsys
    )
    assert code == 0
    assert '"sigma_z_capped": true' in out and '"sigma_z_m": 5000.0' in out


def test_easi_states_its_not_yet_alarmed_convention_and_the_other_ones_value():
    from chemsec.science.easi import (
        NOT_YET_ALARMED,
        Response,
        Task,
        evaluate_path,
        p_response_in_time,
        remaining_times,
    )
    from chemsec.science.tests.cases import CASE_A_P_I, TASKS_A

    tasks = [Task(name, p_d, "B", mu, 0.3 * mu) for _, name, p_d, mu in TASKS_A]
    response, p_c = Response(300, 90), 0.95
    result = evaluate_path(tasks, p_c, response)
    assert result.p_interruption == pytest.approx(CASE_A_P_I, abs=1e-6)
    assert NOT_YET_ALARMED in result.assumptions
    other, not_alarmed = 0.0, 1.0  # the 1 - P(D) P(C) convention, for the stated comparison
    for task, (mean, var) in zip(tasks, remaining_times(tasks), strict=True):
        other += task.p_detection * p_c * not_alarmed * p_response_in_time(mean, var, response)
        not_alarmed *= 1 - task.p_detection * p_c
    assert round(other, 4) == 0.4832 and "0.4832 against 0.4760" in NOT_YET_ALARMED
