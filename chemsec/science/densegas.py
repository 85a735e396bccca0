"""Britter-McQuaid workbook model for a continuous, ground-level dense-gas plume.

Method: R. E. Britter and J. McQuaid, *Workbook on the Dispersion of Dense Gases*,
HSE Contract Research Report 17/1988 (1988). The workbook draws its correlations as
curves; the values here are a piecewise-linear digitisation of them (one straight
line per band of alpha) that A. E. Farrell attributes to CCPS, *Guidelines for
Consequence Analysis of Chemical Releases* (AIChE, 1999), p. 118, and to EPA's
TSCREEN (User's Guide, EPA-454/B-94-023, 1994). Neither book was read here: the
values are Farrell's transcription (GasDispersion.jl, and "Taking a second look at
the Britter-McQuaid model", aefarrell.github.io, 12 March 2023), whose line equations
agree with the breakpoint table of an earlier release of the same package to 0.01
in beta (a test checks this). Worked example: the Burro LNG trial in the CCPS book,
p. 122, whose distance to 5 % (v/v) is 367 m as Farrell relays it. See docs/science.md.

Steps, for a release of mass rate m at source density rho0 into air of density
rho_a, wind speed u at 10 m:

* V0 = m / rho0, the volume rate of the released gas;
* g0' = g (rho0 - rho_a) / rho_a, the reduced gravity;
* D = (V0 / u)^(1/2), the characteristic source dimension;
* the correlations apply when (g0' V0 / (u^3 D))^(1/3) >= 0.15, which is the same
  as alpha >= 1.2 log10(0.15) = -0.99, and only up to alpha = 1, the curves' end;
* alpha = 0.2 log10(g0'^2 V0 / u^5) and, per ratio Cm/C0 of 0.1, 0.05, 0.02, 0.01,
  0.005 and 0.002, beta = log10(x / D) from that ratio's curve; between two ratios
  log10(x) is interpolated linearly in log10(Cm/C0) (log-log);
* a source colder (or warmer) than the air, at T0: the curves' ratio C' relates to
  the mole fraction C by C = C' / (C' + (1 - C') T0 / Ta) (adiabatic mixing with
  equal molar heat capacities; no heat from the ground);
* the release counts as continuous at x when u Td / x >= 2.5 (Td its duration);
* plume size, downwind: l_b = g0' V0 / u^3, half-width L_H(x) = D + 8 l_b +
  2.5 (l_b x^2)^(1/3) (a top hat: uniform concentration across).

Below Cm/C0 = 0.002, where the curves end and most toxic endpoints lie, the plume is
taken to be passive: a Gaussian plume (``plume.py``) from a virtual source placed so
that its centreline ground concentration equals the correlation's at the last curve
point. Mass is conserved (same rate) and the concentration is continuous there; the
width is not matched, so the contour holds the top hat's end width until the Gaussian
contour grows wider. Concentrations are mole fractions, expressed in g/m3 at the
ambient temperature as endpoints are. No near-field curve above Cm/C0 = 0.1. Pure module.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

from scipy.optimize import brentq

from chemsec.science.plume import (
    X_MAX_M,
    EndpointDistance,
    Plume,
    distance_to_endpoint,
    half_width_at,
)

G = 9.80665
GAS_CONSTANT = 8.314462618
ATMOSPHERIC_PA = 101_325.0
AIR_MOLAR_MASS = 28.96
DENSE_ENOUGH = 0.15
CONTINUOUS_UT_OVER_X = 2.5
ALPHA_MAX = 1.0
METHOD = "Britter-McQuaid workbook (continuous)"
SOURCE = (
    "Britter & McQuaid, Workbook on the Dispersion of Dense Gases, HSE CRR 17/1988; "
    "curves as digitised in CCPS Guidelines for Consequence Analysis of Chemical "
    "Releases (1999) p. 118"
)

RATIOS: tuple[float, ...] = (0.1, 0.05, 0.02, 0.01, 0.005, 0.002)
LAST_RATIO = RATIOS[-1]
# Per ratio Cm/C0: (upper alpha edge of the band, slope, intercept), beta = slope alpha
# + intercept, bands closed on the right; the first band is flat down to any alpha.
_CURVES: dict[float, tuple[tuple[float, float, float], ...]] = {
    0.1: ((-0.55, 0.0, 1.75), (-0.14, 0.24, 1.88), (1.0, -0.50, 1.78)),
    0.05: ((-0.68, 0.0, 1.92), (-0.29, 0.36, 2.16), (-0.18, 0.0, 2.06), (1.0, -0.56, 1.96)),
    0.02: ((-0.69, 0.0, 2.08), (-0.31, 0.45, 2.39), (-0.16, 0.0, 2.25), (1.0, -0.54, 2.16)),
    0.01: ((-0.70, 0.0, 2.25), (-0.29, 0.49, 2.59), (-0.20, 0.0, 2.45), (1.0, -0.52, 2.35)),
    0.005: ((-0.67, 0.0, 2.40), (-0.28, 0.59, 2.80), (-0.15, 0.0, 2.63), (1.0, -0.48, 2.56)),
    0.002: ((-0.69, 0.0, 2.60), (-0.25, 0.39, 2.87), (-0.13, 0.0, 2.77), (1.0, -0.50, 2.71)),
}


@dataclass(frozen=True)
class Reason:
    """Why the model was not applied, or a note on how it was: a stable code and its numbers.

    Pages translate the code (``chemsec.protection.presenters``); ``text`` is the English
    (``english`` filled with ``values``) that the API, the CLI and stored results carry.
    """

    code: str
    english: str
    values: tuple[tuple[str, float], ...] = ()

    @property
    def params(self) -> dict[str, float]:
        return dict(self.values)

    @property
    def text(self) -> str:
        return self.english.format(**self.params)


def gas_density(
    molar_mass_g_mol: float, temperature_k: float, pressure_pa: float = ATMOSPHERIC_PA
) -> float:
    """Ideal-gas density (kg/m3)."""
    return pressure_pa * molar_mass_g_mol / 1000.0 / (GAS_CONSTANT * temperature_k)


def curve_beta(ratio: float, alpha: float) -> float:
    """beta = log10(x / D) on the workbook curve for Cm/C0 = ``ratio`` (one of RATIOS)."""
    if alpha > ALPHA_MAX:
        raise ValueError(f"alpha {alpha:.3f} is beyond the curves (at most {ALPHA_MAX})")
    slope, intercept = next((s, b) for edge, s, b in _CURVES[ratio] if alpha <= edge)
    return slope * alpha + intercept


def beta_for(ratio: float, alpha: float) -> float:
    """beta for any Cm/C0 between 0.002 and 0.1, log-log between the two nearest curves."""
    if not LAST_RATIO <= ratio <= RATIOS[0]:
        raise ValueError(f"Cm/C0 {ratio:.3g} is outside the curves (0.002 to 0.1)")
    hi, lo = next((hi, lo) for hi, lo in pairwise(RATIOS) if lo <= ratio)
    share = math.log10(hi / ratio) / math.log10(hi / lo)
    b_hi = curve_beta(hi, alpha)
    return b_hi + share * (curve_beta(lo, alpha) - b_hi)


def ratio_at(beta: float, alpha: float) -> float | None:
    """Cm/C0 at beta (the inverse of ``beta_for``), None outside the curves."""
    points = [(r, curve_beta(r, alpha)) for r in RATIOS]
    for (r_hi, b_hi), (r_lo, b_lo) in pairwise(points):
        if b_hi <= beta <= b_lo:
            share = (beta - b_hi) / (b_lo - b_hi)
            return float(r_hi * (r_lo / r_hi) ** share)
    return None


def mole_fraction(ratio: float, temperature_ratio: float) -> float:
    """The mole fraction for a curve ratio C', source at T0 = temperature_ratio x Ta."""
    return ratio / (ratio + (1.0 - ratio) * temperature_ratio)


def curve_ratio(fraction: float, temperature_ratio: float) -> float:
    """The curve ratio C' for a mole fraction (the inverse of ``mole_fraction``)."""
    return fraction * temperature_ratio / (1.0 - fraction + fraction * temperature_ratio)


@dataclass(frozen=True)
class DenseRelease:
    """A continuous ground-level gas release and the air it enters."""

    mass_rate_kg_s: float
    source_density_kg_m3: float
    air_density_kg_m3: float
    wind_m_s: float
    source_temperature_k: float
    ambient_temperature_k: float
    duration_s: float = math.inf

    def __post_init__(self) -> None:
        values = (self.mass_rate_kg_s, self.source_density_kg_m3, self.air_density_kg_m3)
        more = (self.wind_m_s, self.source_temperature_k, self.ambient_temperature_k)
        if min(*values, *more, self.duration_s) <= 0:
            raise ValueError("rates, densities, wind, temperatures and duration must be positive")

    @property
    def volume_rate_m3_s(self) -> float:
        return self.mass_rate_kg_s / self.source_density_kg_m3

    @property
    def reduced_gravity(self) -> float:
        return G * (self.source_density_kg_m3 - self.air_density_kg_m3) / self.air_density_kg_m3

    @property
    def source_dimension_m(self) -> float:
        return math.sqrt(self.volume_rate_m3_s / self.wind_m_s)

    @property
    def criterion(self) -> float:
        """(g0' V0 / (u^3 D))^(1/3); 0 for a gas not denser than the air."""
        g0, u = self.reduced_gravity, self.wind_m_s
        if g0 <= 0:
            return 0.0
        return float((g0 * self.volume_rate_m3_s / (u**3 * self.source_dimension_m)) ** (1 / 3))

    @property
    def alpha(self) -> float:
        g0 = self.reduced_gravity
        if g0 <= 0:
            return -math.inf
        return 0.2 * math.log10(g0**2 * self.volume_rate_m3_s / self.wind_m_s**5)

    @property
    def buoyancy_length_m(self) -> float:
        return max(self.reduced_gravity, 0.0) * self.volume_rate_m3_s / self.wind_m_s**3

    @property
    def temperature_ratio(self) -> float:
        return self.source_temperature_k / self.ambient_temperature_k

    def half_width_m(self, x: float) -> float:
        """Top-hat half-width L_H of the plume at x metres downwind."""
        lb = self.buoyancy_length_m
        return float(self.source_dimension_m + 8.0 * lb + 2.5 * (lb * x**2) ** (1 / 3))

    def why_not(self, farthest_m: float | None = None) -> Reason | None:
        """None when the continuous correlations apply (out to ``farthest_m``), else why not."""
        if self.reduced_gravity <= 0:
            return Reason("not_denser", "the released gas is not denser than the air at the source")
        if self.criterion < DENSE_ENOUGH:
            english = "not dense enough: (g0' V0 / u^3 D)^(1/3) = {criterion:.3f} < 0.15"
            return Reason("not_dense_enough", english, (("criterion", self.criterion),))
        if self.alpha > ALPHA_MAX:
            english = "alpha = {alpha:.2f} is beyond the curves (at most 1)"
            return Reason("beyond_curves", english, (("alpha", self.alpha),))
        if farthest_m and self.wind_m_s * self.duration_s / farthest_m < CONTINUOUS_UT_OVER_X:
            english = "too short to be continuous at {distance_m:.0f} m (u Td / x < 2.5)"
            return Reason("not_continuous", english, (("distance_m", farthest_m),))
        return None


def correlation_distance_m(release: DenseRelease, fraction: float) -> float | None:
    """Distance (m) at which the centreline mole fraction falls to ``fraction``.

    None when the fraction is outside the curves (Cm/C0 above 0.1 or below 0.002).
    """
    ratio = curve_ratio(fraction, release.temperature_ratio)
    if not LAST_RATIO <= ratio <= RATIOS[0]:
        return None
    return float(release.source_dimension_m * 10.0 ** beta_for(ratio, release.alpha))


@dataclass(frozen=True)
class DenseDistance:
    """Distance to an endpoint and the part of the model that gave it."""

    distance: EndpointDistance
    region: str


@dataclass(frozen=True)
class DenseGasPlume:
    """Britter-McQuaid correlations, then a passive Gaussian plume from a virtual source.

    ``passive`` carries the same rate (g/s) and wind; its stability and sigmas are
    those of the scenario.
    """

    release: DenseRelease
    molar_mass_g_mol: float
    passive: Plume

    @cached_property
    def ambient_gas_density_g_m3(self) -> float:
        return 1000.0 * gas_density(self.molar_mass_g_mol, self.release.ambient_temperature_k)

    @cached_property
    def correlation_end_m(self) -> float:
        """Where the last curve (Cm/C0 = 0.002) is reached."""
        beta = curve_beta(LAST_RATIO, self.release.alpha)
        return float(self.release.source_dimension_m * 10.0**beta)

    @cached_property
    def end_concentration_g_m3(self) -> float:
        fraction = mole_fraction(LAST_RATIO, self.release.temperature_ratio)
        return fraction * self.ambient_gas_density_g_m3

    @cached_property
    def virtual_source_m(self) -> float:
        """Distance from the virtual source at which the Gaussian has the end concentration."""
        target = self.end_concentration_g_m3

        def excess(d: float) -> float:
            return math.log(self.passive.at(d) / target)

        return float(brentq(excess, 1e-3, 1e7, xtol=1e-9, rtol=1e-12))

    def passive_distance(self, x: float) -> float:
        """Distance from the virtual source for a point x >= correlation_end_m."""
        return x - self.correlation_end_m + self.virtual_source_m

    def at(self, x: float) -> float:
        """Centreline ground concentration (g/m3 at ambient temperature) at x metres."""
        if x >= self.correlation_end_m:
            return self.passive.at(self.passive_distance(x))
        ratio = ratio_at(math.log10(x / self.release.source_dimension_m), self.release.alpha)
        if ratio is None:
            raise ValueError(f"{x:.1f} m is nearer than the curves reach (Cm/C0 > 0.1)")
        return mole_fraction(ratio, self.release.temperature_ratio) * self.ambient_gas_density_g_m3

    def distance_to(self, endpoint_g_m3: float, x_max: float = X_MAX_M) -> DenseDistance | None:
        """Farthest distance at which the centreline reaches the endpoint (up to x_max).

        None when the endpoint is above Cm/C0 = 0.1, nearer than the curves reach.
        """
        fraction = endpoint_g_m3 / self.ambient_gas_density_g_m3
        found = correlation_distance_m(self.release, fraction)
        if found is not None:
            within = found <= x_max
            reach = EndpointDistance(
                "found" if within else "beyond-range", found if within else None
            )
            return DenseDistance(reach, "correlation")
        if endpoint_g_m3 >= self.end_concentration_g_m3:
            return None
        return self._passive_distance_to(endpoint_g_m3, x_max)

    def _passive_distance_to(self, endpoint_g_m3: float, x_max: float) -> DenseDistance:
        start, shift = self.virtual_source_m, self.correlation_end_m - self.virtual_source_m
        if x_max <= self.correlation_end_m:
            return DenseDistance(EndpointDistance("beyond-range", None), "passive Gaussian")
        found = distance_to_endpoint(self.passive, endpoint_g_m3, start, x_max - shift)
        x = None if found.distance_m is None else found.distance_m + shift
        return DenseDistance(EndpointDistance(found.status, x), "passive Gaussian")

    def contour(self, endpoint_g_m3: float, distance_m: float) -> Callable[[float], float]:
        """Half-width (m) of the ground-level endpoint contour along x, given its reach.

        The top hat L_H up to the curves' end; beyond it the Gaussian contour, but held at the
        top hat's end width until the Gaussian first grows wider. The two widths are not
        matched at the hand-over, and a step inwards there would draw a waist that no plume
        has; if the Gaussian never grows wider, the width is held to the reach.
        """
        end = self.correlation_end_m
        held = self.release.half_width_m(end)
        widens = self._widens_at(endpoint_g_m3, held, distance_m)

        def half_width(x: float) -> float:
            if x > distance_m:
                return 0.0
            if x <= end:
                return self.release.half_width_m(x)
            if x < widens:
                return held
            return half_width_at(self.passive, self.passive_distance(x), endpoint_g_m3)

        return half_width

    def _widens_at(self, endpoint_g_m3: float, width_m: float, distance_m: float) -> float:
        """The first x past the curves' end where the Gaussian contour is ``width_m`` wide.

        ``distance_m`` when it never is; found on a 64-step log grid, then by brentq.
        """
        end = self.correlation_end_m
        if distance_m <= end:
            return end

        def gap(x: float) -> float:
            return half_width_at(self.passive, self.passive_distance(x), endpoint_g_m3) - width_m

        xs = [end * (distance_m / end) ** (i / 64) for i in range(65)]
        for before, after in pairwise(xs):
            if gap(after) >= 0:
                return end if gap(before) >= 0 else float(brentq(gap, before, after))
        return distance_m
