"""Britter-McQuaid workbook model: curves, criterion, worked examples, passive continuation."""

import itertools
import math

import numpy as np
import pytest

from chemsec.science.densegas import (
    AIR_MOLAR_MASS,
    RATIOS,
    DenseGasPlume,
    DenseRelease,
    beta_for,
    correlation_distance_m,
    curve_beta,
    curve_ratio,
    gas_density,
    mole_fraction,
    ratio_at,
)
from chemsec.science.plume import Plume, half_width_at

# The breakpoint table of an earlier GasDispersion.jl release (alpha, beta): a second
# rendering of the same curves, against which the CCPS line equations are checked.
BREAKPOINTS = {
    0.1: [(-1.0, 1.75), (-0.55, 1.75), (-0.14, 1.85), (1.0, 1.28)],
    0.05: [(-1.0, 1.92), (-0.68, 1.92), (-0.29, 2.06), (-0.18, 2.06), (1.0, 1.40)],
    0.02: [(-1.0, 2.08), (-0.69, 2.08), (-0.31, 2.25), (-0.16, 2.25), (1.0, 1.62)],
    0.01: [(-1.0, 2.25), (-0.70, 2.25), (-0.29, 2.45), (-0.20, 2.45), (1.0, 1.83)],
    0.005: [(-1.0, 2.40), (-0.67, 2.40), (-0.28, 2.63), (-0.15, 2.63), (1.0, 2.07)],
    0.002: [(-1.0, 2.60), (-0.69, 2.60), (-0.25, 2.77), (-0.13, 2.77), (1.0, 2.21)],
}
ALPHAS = np.linspace(-1.0, 1.0, 201)
AMBIENT = 298.15
CHLORINE = 70.906


def burro(air_density: float, ambient_k: float) -> DenseRelease:
    """CCPS (1999) p. 122: LNG, 0.23 m3/s of liquid at 425.6 kg/m3, vapour 1.76 kg/m3."""
    return DenseRelease(0.23 * 425.6, 1.76, air_density, 10.9, 273.15 - 162, ambient_k, 174.0)


def chlorine_worst_case(terrain: str = "urban") -> DenseGasPlume:
    """907 kg of liquefied chlorine over 10 min, F and 1.5 m/s, vapour at its boiling point."""
    tb = 239.2
    release = DenseRelease(
        907.0 / 600, gas_density(CHLORINE, tb), gas_density(AIR_MOLAR_MASS, AMBIENT),
        1.5, tb, AMBIENT, 600.0,
    )  # fmt: skip
    return DenseGasPlume(release, CHLORINE, Plume(907_000.0 / 600, 1.5, "F", terrain))


def test_it_transcribes_the_curves_as_both_renderings_agree():
    for ratio, points in BREAKPOINTS.items():
        for alpha, beta in points:
            # The line equations meet their bands' ends to within 0.01 in beta.
            assert curve_beta(ratio, alpha) == pytest.approx(beta, abs=0.011), (ratio, alpha)


def test_it_orders_the_curves_farther_for_lower_concentrations():
    for alpha in ALPHAS:
        betas = [curve_beta(r, float(alpha)) for r in RATIOS]
        assert all(b1 < b2 for b1, b2 in itertools.pairwise(betas)), alpha
    with pytest.raises(ValueError, match="beyond the curves"):
        curve_beta(0.01, 1.01)


def test_it_interpolates_log_log_between_the_curves():
    alpha = -0.3
    assert beta_for(0.01, alpha) == pytest.approx(curve_beta(0.01, alpha))
    midway = math.sqrt(0.02 * 0.01)  # halfway in log10(Cm/C0)
    expected = (curve_beta(0.02, alpha) + curve_beta(0.01, alpha)) / 2
    assert beta_for(midway, alpha) == pytest.approx(expected)
    for ratio in np.geomspace(0.1, 0.002, 37):
        for a in (-0.9, -0.4, 0.0, 0.6):
            assert ratio_at(beta_for(float(ratio), a), a) == pytest.approx(ratio, rel=1e-12)
    assert ratio_at(curve_beta(0.1, alpha) - 0.01, alpha) is None
    with pytest.raises(ValueError, match="outside the curves"):
        beta_for(0.001, alpha)


def test_the_criterion_is_alpha_above_minus_0_99():
    # (g0' V0 / u^3 D)^(1/3) >= 0.15 is alpha >= 1.2 log10(0.15): alpha = 1.2 log10(criterion).
    for rate, wind in [(0.5, 1.5), (20.0, 3.0), (200.0, 8.0), (0.01, 6.0)]:
        r = DenseRelease(rate, 3.0, 1.18, wind, AMBIENT, AMBIENT)
        assert r.alpha == pytest.approx(1.2 * math.log10(r.criterion), rel=1e-12)
    weak = DenseRelease(0.05, 1.25, 1.18, 12.0, AMBIENT, AMBIENT)
    weak_reason = weak.why_not()
    assert weak.criterion < 0.15 and weak_reason is not None
    assert weak_reason.code == "not_dense_enough"
    assert weak_reason.params == {"criterion": weak.criterion}
    assert (
        weak_reason.text
        == f"not dense enough: (g0' V0 / u^3 D)^(1/3) = {weak.criterion:.3f} < 0.15"
    )
    light = DenseRelease(1.0, 0.7, 1.18, 2.0, AMBIENT, AMBIENT)
    assert light.criterion == 0.0 and getattr(light.why_not(), "code", None) == "not_denser"
    short = DenseRelease(1.0, 3.0, 1.18, 1.5, AMBIENT, AMBIENT, duration_s=60.0)
    late = short.why_not(100.0)
    assert short.why_not(30.0) is None and late is not None and late.code == "not_continuous"
    assert late.text == "too short to be continuous at 100 m (u Td / x < 2.5)"


def test_it_corrects_for_a_cold_source():
    # A cold gas warms as it mixes: the mole fraction is above the curves' ratio.
    assert mole_fraction(0.05, 1.0) == pytest.approx(0.05)
    cold = mole_fraction(0.05, 111.15 / 298.0)
    assert cold == pytest.approx(0.05 / (0.05 + 0.95 * 111.15 / 298.0))
    assert curve_ratio(cold, 111.15 / 298.0) == pytest.approx(0.05)


def test_it_reproduces_the_ccps_burro_example():
    # CCPS, Guidelines for Consequence Analysis (1999) p. 122, as relayed by Farrell:
    # 5 % (v/v) reached at 367 m; ambient 298 K and 1 atm. The book reads beta off the
    # curves by hand (0.005 in beta is 1.2 % in x), so 1 % is the precision it has.
    release = burro(gas_density(AIR_MOLAR_MASS, 298.0), 298.0)
    assert release.criterion == pytest.approx(0.449, abs=1e-3) and release.criterion >= 0.15
    x = correlation_distance_m(release, 0.05)
    assert x == pytest.approx(367.0, rel=0.01)
    assert release.why_not(x) is None  # u Td / x = 5.1: continuous


def test_it_reproduces_the_second_look_example():
    # Farrell (2023), same release, air 1.225 kg/m3 at 288.15 K: 354.563 m, interpolating
    # linearly in Cm/C0 between curves; log-log interpolation moves it by 0.12 %.
    x = correlation_distance_m(burro(1.225, 288.15), 0.05)
    assert x == pytest.approx(354.563, rel=2e-3)
    assert x != pytest.approx(354.563, rel=1e-4)  # the two interpolations do differ


def test_it_is_continuous_where_the_passive_plume_takes_over():
    model = chlorine_worst_case()
    end = model.correlation_end_m
    assert end == pytest.approx(model.release.source_dimension_m * 10**2.575, rel=1e-3)
    before, after = model.at(end * (1 - 1e-9)), model.at(end)
    assert before == pytest.approx(after, rel=1e-6)
    assert after == pytest.approx(model.end_concentration_g_m3, rel=1e-9)
    xs = np.geomspace(end / 3, 9000.0, 200)
    values = [model.at(float(x)) for x in xs]
    assert all(c1 > c2 for c1, c2 in itertools.pairwise(values))


def test_it_finds_the_endpoint_in_either_region():
    model = chlorine_worst_case()
    near = model.end_concentration_g_m3 * 3  # between Cm/C0 = 0.1 and 0.002
    found = model.distance_to(near)
    assert found is not None and found.region == "correlation"
    assert model.at(found.distance.distance_m) == pytest.approx(near, rel=1e-9)
    aegl2 = 2.0 * CHLORINE / 24.45 / 1000  # 2 ppm in g/m3
    far = model.distance_to(aegl2)
    assert far is not None and far.region == "passive Gaussian"
    assert far.distance.distance_m > model.correlation_end_m
    assert model.at(far.distance.distance_m) == pytest.approx(aegl2, rel=1e-6)
    assert model.distance_to(model.ambient_gas_density_g_m3 * 0.5) is None  # near field
    rural = chlorine_worst_case("rural").distance_to(aegl2)
    assert rural is not None and rural.distance.text == "> 40 km"


def test_it_draws_a_top_hat_then_the_gaussian_contour():
    model = chlorine_worst_case()
    aegl2 = 2.0 * CHLORINE / 24.45 / 1000
    found = model.distance_to(aegl2)
    assert found is not None and found.distance.distance_m is not None
    reach = found.distance.distance_m
    lb = model.release.buoyancy_length_m
    top_hat = model.release.source_dimension_m + 8 * lb + 2.5 * (lb * 100.0**2) ** (1 / 3)
    width = model.contour(aegl2, reach)
    assert width(100.0) == pytest.approx(top_hat)
    assert 0 < width(reach * 0.9) < 1000
    assert width(reach * 1.01) == 0.0


def test_the_contour_does_not_step_inwards_at_the_hand_over():
    model = chlorine_worst_case()
    aegl2 = 2.0 * CHLORINE / 24.45 / 1000
    reach = model.distance_to(aegl2).distance.distance_m
    end, held = model.correlation_end_m, model.release.half_width_m(model.correlation_end_m)
    width = model.contour(aegl2, reach)

    def gaussian(x: float) -> float:
        return half_width_at(model.passive, model.passive_distance(x), aegl2)

    xs = np.geomspace(end / 3, end * 5, 400)
    widths = [width(float(x)) for x in xs]
    assert all(w2 >= w1 for w1, w2 in itertools.pairwise(widths))  # monotone through the join
    assert width(end * 1.01) == pytest.approx(held)  # the Gaussian alone would be ~40 m here
    assert gaussian(end * 1.01) < held / 2
    # once the Gaussian contour is wider, it is drawn as it is, down to the tip
    assert width(reach * 0.5) == pytest.approx(gaussian(reach * 0.5))
    assert width(reach * 0.5) > held
    assert 0 < width(reach * 0.999) < held


def test_the_contour_holds_the_top_hat_width_when_the_gaussian_never_grows_wider():
    model = chlorine_worst_case()
    near = model.end_concentration_g_m3 * 0.9  # just past the curves' end
    reach = model.distance_to(near).distance.distance_m
    held = model.release.half_width_m(model.correlation_end_m)
    width = model.contour(near, reach)
    assert width(reach * 0.999) == pytest.approx(held)
    assert width(reach * 1.001) == 0.0
