"""RMP source terms, endpoints data and footprints."""

import dataclasses
import itertools
import math

import pytest

from chemsec.science.endpoints import (
    choose_endpoint,
    endpoints_for,
    load_endpoints,
    load_thresholds,
    user_endpoint,
)
from chemsec.science.labels import DENSE_GAS_LABEL, DENSE_GAS_MODEL_LABEL
from chemsec.science.plume import Plume
from chemsec.science.properties import boiling_point_k, boils_below_25c, substance_from_cas
from chemsec.science.release import (
    Substance,
    estimate_population,
    evaporation_rate_lb_min,
    footprint_area_m2,
    footprint_outline,
    gas_source_term,
    pool_source_term,
    rmp_scenario,
)
from chemsec.science.svg import footprint_svg
from chemsec.science.units import rate_to_g_s, to_mg_m3


def test_it_releases_a_gas_over_ten_minutes():
    assert gas_source_term(600.0).rate_g_s == pytest.approx(1000.0)


def test_it_matches_the_hazards_analysis_evaporation_equation():
    # THA (1987): QR = 60 MW K A VP 929 / (82.05 T 760 454), K = 0.67 U^0.78 (18.01/MW)^(1/3).
    u, mw, area, vp, t = 1.5, 53.06, 100.0, 100.0, 298.15
    k = 0.67 * u**0.78 * (18.01 / mw) ** (1 / 3)
    tha = 60 * mw * k * area * vp * 929 / (82.05 * t * 760 * 454)
    assert evaporation_rate_lb_min(u, mw, area, vp, t) == pytest.approx(tha, rel=2e-3)


def test_it_spreads_a_pool_one_centimetre_deep_unless_diked():
    liquid = Substance("test liquid", "0-00-0", 50.0, 10_000.0, 1000.0)
    open_pool = pool_source_term(1000.0, liquid, 1.5)
    assert open_pool.pool_area_m2 == pytest.approx(100.0)  # 1 m3 at 1 cm
    diked = pool_source_term(1000.0, liquid, 1.5, diked_area_m2=25.0)
    assert diked.pool_area_m2 == pytest.approx(25.0)
    assert diked.rate_g_s == pytest.approx(open_pool.rate_g_s / 4)


def test_it_caps_a_fast_evaporation_at_the_ten_minute_rate():
    volatile = Substance("volatile", "0-00-0", 100.0, 90_000.0, 1000.0)
    term = pool_source_term(10.0, volatile, 3.0)
    assert term.rate_g_s == pytest.approx(10_000.0 / 600.0)
    assert any("10 min" in note.text for note in term.assumptions)
    assert "pool_rate_capped" in [note.code for note in term.assumptions]


def test_it_reads_physical_properties_offline():
    acrylonitrile = substance_from_cas("107-13-1")
    assert acrylonitrile.molar_mass_g_mol == pytest.approx(53.06, abs=0.01)
    # Acrylonitrile boils at 77 C: about 14 kPa (108 mmHg) at 25 C, density ~0.80 g/mL.
    assert acrylonitrile.vapour_pressure_pa == pytest.approx(14_400, rel=0.05)
    assert acrylonitrile.liquid_density_kg_m3 == pytest.approx(800, rel=0.03)
    chlorine = substance_from_cas("7782-50-5")
    assert boils_below_25c(chlorine)
    assert chlorine.boiling_point_k == pytest.approx(239.2, abs=0.1)  # -34 C
    assert any(s.text.startswith("normal boiling point 239.2 K") for s in chlorine.property_sources)
    assert boiling_point_k("7782-50-4") is None  # a wrong check digit: no data set lists it
    assert boiling_point_k("chlorine") is None  # a name, not a CAS number


def test_it_prefers_aegl2_then_rmp_appendix_a_then_the_user_value():
    chlorine = choose_endpoint("7782-50-5")
    assert chlorine is not None and chlorine.endpoint_type == "aegl2-60min"
    assert chlorine.value_mg_m3 == pytest.approx(2.0 * 70.906 / 24.45, rel=1e-4)
    acrylonitrile = choose_endpoint("107-13-1")  # no AEGL row in the reference data
    assert acrylonitrile is not None and acrylonitrile.endpoint_type == "rmp-appendix-a"
    assert acrylonitrile.value_mg_m3 == pytest.approx(76.0)
    mine = user_endpoint(10.0, "mg/m3")
    assert choose_endpoint("50-00-0-not-listed", mine) is mine
    assert mine.verification == "user-entered"


def test_it_keeps_the_verification_status_of_the_data():
    acrolein = endpoints_for("107-02-8")[0]  # AEGL values from compiler recall
    assert acrolein.verification == "unverified"
    so2 = endpoints_for("7446-09-5")[0]  # AEGL-2 row not seen in the NRC text
    assert so2.verification == "unverified"


def test_it_ships_endpoint_and_threshold_rows_with_unique_urns():
    endpoints, thresholds = load_endpoints(), load_thresholds()
    urns = [e.urn for e in endpoints] + [t.urn for t in thresholds]
    assert len(urns) == len(set(urns))
    assert all(u.startswith("urn:chemsec:") for u in urns)
    chlorine_tq = [t for t in thresholds if t.cas == "7782-50-5"]
    assert chlorine_tq[0].threshold_quantity_lb == 2500
    assert {t.list_name for t in thresholds} == {"40 CFR 68.130 toxic", "40 CFR 68.130 flammable"}


def test_it_converts_units_with_pint():
    assert rate_to_g_s(1.0, "lb/min") == pytest.approx(453.59237 / 60)
    assert rate_to_g_s(0.1, "kg/s") == pytest.approx(100.0)
    assert to_mg_m3(0.0087, "mg/L") == pytest.approx(8.7)
    assert to_mg_m3(1.0, "ppm", 24.45) == pytest.approx(1.0)


def test_it_models_a_dense_gas_with_britter_mcquaid_and_estimates_population():
    chlorine = substance_from_cas("7782-50-5")
    result = rmp_scenario(
        chlorine, 100.0, phase="gas", scenario="alternative",
        endpoint=choose_endpoint("7782-50-5"), population_density_per_km2=1000.0,
    )  # fmt: skip
    assert DENSE_GAS_MODEL_LABEL in result.labels and DENSE_GAS_LABEL not in result.labels
    d = result.distance.distance_m
    assert d != pytest.approx(result.gaussian_distance.distance_m, rel=1e-3)
    assert result.circle_area_km2 == pytest.approx(math.pi * d**2 / 1e6)
    assert result.population_circle == pytest.approx(result.circle_area_km2 * 1000.0)
    assert 0 < result.footprint_area_km2 < result.circle_area_km2
    payload = result.as_dict()
    assert payload["endpoint"]["verification"] == "verified"
    assert payload["method"].startswith("Britter-McQuaid workbook (continuous)")
    assert payload["dense_gas_model"]["source_temperature_k"] == pytest.approx(298.15)
    assert payload["gaussian_distance_to_endpoint_m"] == result.gaussian_distance.distance_m


def test_it_runs_a_chlorine_worst_case_through_britter_mcquaid():
    chlorine = substance_from_cas("7782-50-5")
    result = rmp_scenario(
        chlorine, 907.0, phase="gas", scenario="worst", terrain="urban",
        endpoint=choose_endpoint("7782-50-5"), liquefied_gas=True,
    )  # fmt: skip
    payload = result.as_dict()
    model = payload["dense_gas_model"]
    assert model["applied"] and model["region"] == "passive Gaussian"
    assert model["source_temperature_k"] == pytest.approx(239.2, abs=0.01)
    assert model["source_density_kg_m3"] == pytest.approx(3.61, abs=0.01)
    assert model["criterion"] >= 0.15 and model["correlation_end_m"] == pytest.approx(199, abs=1)
    # The virtual source sits nearer than the curves' end: the passive plume is wider.
    assert 5000 < payload["gaussian_distance_to_endpoint_m"] < payload["distance_to_endpoint_m"]
    assert payload["labels"] == [DENSE_GAS_MODEL_LABEL]
    assert any("boiling point" in a for a in payload["assumptions"])


def test_it_keeps_the_indicative_label_where_britter_mcquaid_does_not_apply():
    # Ammonia vapour at its boiling point is lighter than air (its aerosol is not modelled).
    ammonia = substance_from_cas("7664-41-7")
    result = rmp_scenario(
        ammonia, 1000.0, phase="gas", endpoint=user_endpoint(110.0, "mg/m3"), liquefied_gas=True
    )
    assert DENSE_GAS_LABEL in result.labels and result.as_dict()["method"].startswith("Gaussian")
    assert any("not denser than the air" in a.text for a in result.assumptions)
    assert result.distance == result.gaussian_distance
    no_tb = rmp_scenario(
        dataclasses.replace(substance_from_cas("7782-50-5"), boiling_point_k=None), 907.0,
        phase="gas", endpoint=choose_endpoint("7782-50-5"), liquefied_gas=True,
    )  # fmt: skip
    assert DENSE_GAS_LABEL in no_tb.labels
    assert any("no normal boiling point" in a.text for a in no_tb.assumptions)
    model = no_tb.as_dict()["dense_gas_model"]
    assert model["reason_code"] == "no_boiling_point" and not model["applied"]


def test_it_estimates_population_from_area_and_density():
    assert estimate_population(2.5, 400.0) == pytest.approx(1000.0)


def test_it_integrates_the_dense_gas_footprint_consistently():
    chlorine = substance_from_cas("7782-50-5")
    endpoint = choose_endpoint("7782-50-5")
    result = rmp_scenario(
        chlorine, 907.0, phase="gas", terrain="urban", endpoint=endpoint, liquefied_gas=True
    )
    model, reach = result.contour_model, result.distance.distance_m
    outline = footprint_outline(model, endpoint.value_mg_m3 / 1000, reach, points=800)
    trapezoid = sum((x2 - x1) * (w1 + w2) for (x1, w1), (x2, w2) in itertools.pairwise(outline))
    assert result.footprint_area_km2 * 1e6 == pytest.approx(trapezoid, rel=2e-2)


def test_it_integrates_the_footprint_consistently():
    plume = Plume(100.0, 3.0, "D")
    c_end = plume.at(1500.0)
    area = footprint_area_m2(plume, c_end, 1500.0)
    outline = footprint_outline(plume, c_end, 1500.0, points=400)
    trapezoid = sum((x2 - x1) * (w1 + w2) for (x1, w1), (x2, w2) in itertools.pairwise(outline))
    assert area == pytest.approx(trapezoid, rel=2e-2)
    svg = footprint_svg(outline, 1500.0, "chlorine <tank 1>")
    assert "<title" in svg and "&lt;tank 1&gt;" in svg


def test_it_does_not_treat_an_evaporating_pool_as_pure_dense_vapour():
    # Acrylonitrile (53 g/mol) evaporates at 25 C, far below its boiling point: the pool gives
    # off a vapour-air mixture, not the pure vapour the Britter-McQuaid source would be.
    acrylonitrile = substance_from_cas("107-13-1")
    result = rmp_scenario(
        acrylonitrile, 5000.0, phase="liquid", endpoint=user_endpoint(260.0, "mg/m3")
    )
    assert result.dense_gas is not None and not result.dense_gas.applied
    payload = result.as_dict()
    model = payload["dense_gas_model"]
    assert model["reason_code"] == "evaporating_pool"
    assert model["reason"] == "evaporating pool: source is a vapour-air mixture, not modelled"
    assert result.labels[0] == DENSE_GAS_LABEL and payload["method"].startswith("Gaussian")
    assert result.distance == result.gaussian_distance
    assert any("vapour-air mixture" in a.text for a in result.assumptions)


def test_it_gives_reasons_and_notes_as_codes_with_their_numbers():
    chlorine = substance_from_cas("7782-50-5")
    model = rmp_scenario(
        chlorine, 907.0, phase="gas", terrain="urban", endpoint=choose_endpoint("7782-50-5"),
        liquefied_gas=True,
    ).as_dict()["dense_gas_model"]  # fmt: skip
    assert model["reason_code"] is None and model["reason_params"] == {}
    assert [n["code"] for n in model["note_codes"]] == [
        "released_at_boiling_point",
        "non_isothermal",
    ]
    assert model["note_codes"][0]["params"]["celsius"] == pytest.approx(239.2 - 273.15, abs=0.01)
    assert model["notes"][0].endswith("boiling point, -34 C")
