"""Gaussian plume from a continuous point source, and distance to a toxic endpoint.

Equation (Turner 1970; as in the notes), with ground reflection, Q in g/s, u in m/s:

    C(x, y, z) = Q / (2 pi u sy sz) exp(-y^2 / 2 sy^2)
                 [exp(-(z - H)^2 / 2 sz^2) + exp(-(z + H)^2 / 2 sz^2)]

which for a ground release on the centreline at ground level is Q / (pi u sy sz).

Dispersion coefficients, x in metres (see ``SCHEMES`` for source and status):

* ``briggs``: Briggs (1973) open-country and urban fits, as tabulated in
  Hanna, Briggs and Hosker, *Handbook on Atmospheric Diffusion* (1982), Table 4.5;
* ``isc3``: ISC3 Pasquill-Gifford curve fits (EPA-454/B-95-003b, vol. II, 1995,
  eqs. 1-33 and 1-34 with Table 1-1), rural only;
* ``degadis``: sy = delta x^0.9, sz = delta x^beta exp(gamma (ln x)^2), Spicer and
  Havens, *User's Guide for the DEGADIS 2.1 Dense Gas Dispersion Model*,
  EPA-450/4-89-019 (1989), pp. 45-46; rural only.

Limits: steady, neutrally buoyant release over flat, unobstructed terrain with a
uniform wind; no deposition, no chemistry, no mixing-height cap. Pure module.

Range of validity, checked on every surface (``Plume`` itself, ``check_receptor`` for a
receptor; the ``plume`` CLI, the consequence pages and the API all build a ``Plume``):

* wind speed at 10 m of at least 1 m/s (``WIND_MIN_M_S``): in calmer air the plume
  meanders and the Gaussian formula, whose concentration grows as 1/u, does not hold;
* finite numbers only; a positive rate, a height not below the ground;
* a receptor from 100 m (``X_MIN_M``, the first distance the Pasquill-Gifford curves and
  the Briggs fits are drawn from) to 10 km (``X_FIT_MAX_M``, their last);
* sigma_z capped at 5000 m in every scheme (ISC3's cap), so that a fit used outside its
  range (DEGADIS class A grows without bound past a few km) gives no unbounded spread;
  a capped value says so (``Sigmas.z_capped``).

Distances to an endpoint are searched from 100 m to 40 km (``X_MAX_M``, the 25 miles of
the EPA OCA reference tables' last row); a distance past 10 km is an extrapolation of the
fits and says so (``EndpointDistance.extrapolated``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.optimize import brentq

from chemsec.science.inputs import InputError

Stability = Literal["A", "B", "C", "D", "E", "F"]
Terrain = Literal["rural", "urban"]
Scheme = Literal["briggs", "isc3", "degadis"]
STABILITY_CLASSES: tuple[str, ...] = ("A", "B", "C", "D", "E", "F")
TERRAINS: tuple[str, ...] = ("rural", "urban")
X_MIN_M = 100.0
X_FIT_MAX_M = 10_000.0
X_MAX_M = 40_000.0
WIND_MIN_M_S = 1.0
ISC3_SIGMA_Z_CAP_M = 5000.0
SIGMA_Z_CAP_M = ISC3_SIGMA_Z_CAP_M


@dataclass(frozen=True)
class SchemeInfo:
    """Where a set of dispersion coefficients comes from and how it was checked."""

    source: str
    verification: str


SCHEMES: dict[tuple[str, str], SchemeInfo] = {
    ("briggs", "rural"): SchemeInfo(
        "Briggs (1973) open-country fits, Hanna, Briggs & Hosker (1982) Table 4.5",
        "verified-secondary: coefficients as given in the project notes and in an "
        "independent open-source transcription; D and F match the notes' reference vectors",
    ),
    ("briggs", "urban"): SchemeInfo(
        "Briggs (1973) urban fits (McElroy-Pooler St Louis data), Hanna, Briggs & "
        "Hosker (1982) Table 4.5",
        "verified-secondary: coefficients as given in the project notes; no reference "
        "vector in the notes",
    ),
    ("isc3", "rural"): SchemeInfo(
        "ISC3 User's Guide vol. II (EPA-454/B-95-003b, 1995), eqs. 1-33/1-34, Table 1-1",
        "verified-secondary: sigma_y (c, d) from the notes; sigma_z (a, b) per class and "
        "band agree across three independent open-source transcriptions (the ISC3 table "
        "itself was not seen); class D matches the notes' six reference vectors",
    ),
    ("degadis", "rural"): SchemeInfo(
        "Spicer & Havens, DEGADIS 2.1 User's Guide, EPA-450/4-89-019 (1989), pp. 45-46",
        "verified-secondary: class F from the notes' reference vector; A-E as transcribed "
        "in aefarrell/GasDispersion.jl and equal to exp() of the Pasquill (1961) "
        "log-quadratic fit constants in a second, independent transcription",
    ),
}

# Briggs: sigma = a x (1 + b x)^p for (a, b, p); urban A-B and E-F share a row.
_BRIGGS: dict[str, dict[str, tuple[tuple[float, float, float], tuple[float, float, float]]]] = {
    "rural": {
        "A": ((0.22, 1e-4, -0.5), (0.20, 0.0, 1.0)),
        "B": ((0.16, 1e-4, -0.5), (0.12, 0.0, 1.0)),
        "C": ((0.11, 1e-4, -0.5), (0.08, 2e-4, -0.5)),
        "D": ((0.08, 1e-4, -0.5), (0.06, 1.5e-3, -0.5)),
        "E": ((0.06, 1e-4, -0.5), (0.03, 3e-4, -1.0)),
        "F": ((0.04, 1e-4, -0.5), (0.016, 3e-4, -1.0)),
    },
    "urban": {
        "A": ((0.32, 4e-4, -0.5), (0.24, 1e-3, 0.5)),
        "B": ((0.32, 4e-4, -0.5), (0.24, 1e-3, 0.5)),
        "C": ((0.22, 4e-4, -0.5), (0.20, 0.0, 1.0)),
        "D": ((0.16, 4e-4, -0.5), (0.14, 3e-4, -0.5)),
        "E": ((0.11, 4e-4, -0.5), (0.08, 1.5e-3, -0.5)),
        "F": ((0.11, 4e-4, -0.5), (0.08, 1.5e-3, -0.5)),
    },
}

# ISC3 sigma_z = a (x/1000)^b: (upper edge of the band in km, a, b), bands inclusive.
_INF = math.inf
_ISC3_Z: dict[str, tuple[tuple[float, float, float], ...]] = {
    "A": (
        (0.10, 122.800, 0.94470),
        (0.15, 158.080, 1.05420),
        (0.20, 170.220, 1.09320),
        (0.25, 179.520, 1.12620),
        (0.30, 217.410, 1.26440),
        (0.40, 258.890, 1.40940),
        (0.50, 346.750, 1.72830),
        (_INF, 453.850, 2.11660),
    ),
    "B": ((0.20, 90.673, 0.93198), (0.40, 98.483, 0.98332), (_INF, 109.300, 1.09710)),
    "C": ((_INF, 61.141, 0.91465),),
    "D": (
        (0.30, 34.459, 0.86974),
        (1.00, 32.093, 0.81066),
        (3.00, 32.093, 0.64403),
        (10.00, 33.504, 0.60486),
        (30.00, 36.650, 0.56589),
        (_INF, 44.053, 0.51179),
    ),
    "E": (
        (0.10, 24.260, 0.83660),
        (0.30, 23.331, 0.81956),
        (1.00, 21.628, 0.75660),
        (2.00, 21.628, 0.63077),
        (4.00, 22.534, 0.57154),
        (10.00, 24.703, 0.50527),
        (20.00, 26.970, 0.46713),
        (40.00, 35.420, 0.37615),
        (_INF, 47.618, 0.29592),
    ),
    "F": (
        (0.20, 15.209, 0.81558),
        (0.70, 14.457, 0.78407),
        (1.00, 13.953, 0.68465),
        (2.00, 13.953, 0.63227),
        (3.00, 14.823, 0.54503),
        (7.00, 16.187, 0.46490),
        (15.00, 17.836, 0.41507),
        (30.00, 22.651, 0.32681),
        (60.00, 27.074, 0.27436),
        (_INF, 34.219, 0.21716),
    ),
}
_ISC3_Y: dict[str, tuple[float, float]] = {
    "A": (24.1670, 2.5334),
    "B": (18.3330, 1.8096),
    "C": (12.5000, 1.0857),
    "D": (8.3330, 0.72382),
    "E": (6.2500, 0.54287),
    "F": (4.1667, 0.36191),
}

# DEGADIS: sy = dy x^0.9; sz = dz x^beta exp(gamma (ln x)^2).
_DEGADIS_Y: dict[str, float] = {
    "A": 0.423,
    "B": 0.313,
    "C": 0.210,
    "D": 0.136,
    "E": 0.102,
    "F": 0.0674,
}
_DEGADIS_Z: dict[str, tuple[float, float, float]] = {
    "A": (107.7, -1.7172, 0.2770),
    "B": (0.1355, 0.8752, 0.0136),
    "C": (0.09623, 0.9477, -0.0020),
    "D": (0.04134, 1.1737, -0.0316),
    "E": (0.02275, 1.3010, -0.0450),
    "F": (0.01122, 1.4024, -0.0540),
}


@dataclass(frozen=True)
class Sigmas:
    """Lateral and vertical dispersion coefficients (m) at one distance.

    ``z_capped``: the fit gave more than ``SIGMA_Z_CAP_M`` and ``z`` is the cap.
    """

    y: float
    z: float
    z_capped: bool = False


def finite(value: object, field: str) -> float:
    """``value`` as a float, or InputError when it is not a finite number."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(
            field, f"must be a finite number, not {value!r}", "not_finite", {"value": str(value)}
        )
    return float(value)


def check_rate(rate_g_s: object, field: str = "rate_g_s") -> float:
    rate = finite(rate_g_s, field)
    if not rate > 0:
        raise InputError(field, "must be a positive number", "not_positive", {"value": rate})
    return rate


def check_wind(wind_m_s: object, field: str = "wind_m_s") -> float:
    """A wind speed at 10 m inside the plume's range (at least 1 m/s)."""
    wind = finite(wind_m_s, field)
    if wind < WIND_MIN_M_S:
        raise InputError(
            field,
            f"{wind:g} m/s is below {WIND_MIN_M_S:g} m/s at 10 m: in calmer air the plume "
            "meanders and the Gaussian model does not hold",
            "wind_below_range",
            {"wind_m_s": wind, "minimum_m_s": WIND_MIN_M_S},
        )
    return wind


def check_height(height_m: object, field: str = "height_m") -> float:
    height = finite(height_m, field)
    if height < 0:
        raise InputError(field, "must not be negative", "negative", {"value": height})
    return height


def check_receptor(x_m: object, field: str = "distance_m") -> float:
    """A downwind receptor distance inside the fits' range, 100 m to 10 km."""
    x = finite(x_m, field)
    if x < X_MIN_M:
        raise InputError(
            field,
            f"{x:g} m is nearer than {X_MIN_M:g} m, the first distance the dispersion fits "
            "hold for",
            "receptor_too_near",
            {"distance_m": x, "minimum_m": X_MIN_M},
        )
    if x > X_FIT_MAX_M:
        raise InputError(
            field,
            f"{x:g} m is farther than {X_FIT_MAX_M:g} m, the last distance the dispersion "
            "fits hold for",
            "receptor_too_far",
            {"distance_m": x, "maximum_m": X_FIT_MAX_M},
        )
    return x


def check_model(stability: str, terrain: str, scheme: str, field: str = "") -> None:
    """A stability class, terrain and coefficient scheme that go together."""
    if stability not in STABILITY_CLASSES:
        raise InputError(
            field or "stability",
            f"must be one of A-F, not {stability!r}",
            "unknown_stability",
            {"value": str(stability)},
        )
    if terrain not in TERRAINS:
        raise InputError(
            field or "terrain",
            f"must be rural or urban, not {terrain!r}",
            "unknown_terrain",
            {"value": str(terrain)},
        )
    if (scheme, terrain) not in SCHEMES:
        known = {name for name, _ in SCHEMES}
        if scheme not in known:
            raise InputError(
                field or "scheme",
                f"must be briggs, isc3 or degadis, not {scheme!r}",
                "unknown_scheme",
                {"value": str(scheme)},
            )
        raise InputError(
            field or "scheme",
            f"no {terrain} variant of the {scheme} coefficients: use --sigmas briggs "
            "for urban terrain",
            "no_urban_variant",
            {"scheme": scheme},
        )


def _check(x: float, stability: str) -> None:
    if stability not in STABILITY_CLASSES:
        raise ValueError(f"stability must be one of A-F, not {stability!r}")
    if not x > 0:
        raise ValueError("downwind distance must be positive")


def _briggs_term(x: float, coeffs: tuple[float, float, float]) -> float:
    a, b, p = coeffs
    return a * x * (1.0 + b * x) ** p if b else a * x


def briggs_sigmas(x: float, stability: str, terrain: str = "rural") -> Sigmas:
    """Briggs open-country (rural) or urban sigma_y, sigma_z at x metres."""
    _check(x, stability)
    if terrain not in _BRIGGS:
        raise ValueError("terrain must be rural or urban")
    y, z = _BRIGGS[terrain][stability]
    return Sigmas(_briggs_term(x, y), _briggs_term(x, z))


def isc3_sigmas(x: float, stability: str) -> Sigmas:
    """ISC3 rural Pasquill-Gifford curve fits at x metres (sigma_z capped at 5000 m)."""
    _check(x, stability)
    km = x / 1000.0
    a, b = next((a, b) for edge, a, b in _ISC3_Z[stability] if km <= edge)
    c, d = _ISC3_Y[stability]
    theta = 0.017453293 * (c - d * math.log(km))
    z = a * km**b
    return Sigmas(
        465.11628 * km * math.tan(theta), min(z, ISC3_SIGMA_Z_CAP_M), z > ISC3_SIGMA_Z_CAP_M
    )


def degadis_sigmas(x: float, stability: str) -> Sigmas:
    """DEGADIS 2.1 power/log-quadratic fits at x metres."""
    _check(x, stability)
    dz, beta, gamma = _DEGADIS_Z[stability]
    return Sigmas(_DEGADIS_Y[stability] * x**0.9, dz * x**beta * math.exp(gamma * math.log(x) ** 2))


def sigmas(x: float, stability: str, terrain: str = "rural", scheme: str = "briggs") -> Sigmas:
    """Dispersion coefficients by scheme; only Briggs has an urban variant.

    sigma_z is capped at ``SIGMA_Z_CAP_M`` whatever the scheme (``z_capped`` says so).
    """
    if (scheme, terrain) not in SCHEMES:
        raise ValueError(
            f"no {terrain} variant of the {scheme} coefficients: use --sigmas briggs "
            "for urban terrain"
        )
    if scheme == "isc3":
        return isc3_sigmas(x, stability)
    if scheme == "degadis":
        raw = degadis_sigmas(x, stability)
    else:
        raw = briggs_sigmas(x, stability, terrain)
    if raw.z > SIGMA_Z_CAP_M:
        return Sigmas(raw.y, SIGMA_Z_CAP_M, True)
    return raw


def concentration(
    rate_g_s: float,
    wind_m_s: float,
    s: Sigmas,
    y: float = 0.0,
    z: float = 0.0,
    height: float = 0.0,
) -> float:
    """Gaussian plume concentration (g/m3) with total reflection at the ground."""
    if rate_g_s < 0 or wind_m_s <= 0:
        raise ValueError("rate must not be negative and wind speed must be positive")
    lateral = math.exp(-(y**2) / (2 * s.y**2))
    vertical = math.exp(-((z - height) ** 2) / (2 * s.z**2)) + math.exp(
        -((z + height) ** 2) / (2 * s.z**2)
    )
    return rate_g_s / (2 * math.pi * wind_m_s * s.y * s.z) * lateral * vertical


def ground_centreline_concentration(rate_g_s: float, wind_m_s: float, s: Sigmas) -> float:
    """Q / (pi u sy sz): ground release, receptor on the centreline at ground level."""
    return rate_g_s / (math.pi * wind_m_s * s.y * s.z)


@dataclass(frozen=True)
class Plume:
    """A steady continuous release under fixed meteorology."""

    rate_g_s: float
    wind_m_s: float
    stability: str
    terrain: str = "rural"
    scheme: str = "briggs"
    height_m: float = 0.0

    def __post_init__(self) -> None:
        """The one range check every surface goes through (see the module's docstring)."""
        check_rate(self.rate_g_s)
        check_wind(self.wind_m_s)
        check_height(self.height_m)
        check_model(self.stability, self.terrain, self.scheme)

    def sigmas(self, x: float) -> Sigmas:
        return sigmas(x, self.stability, self.terrain, self.scheme)

    def at(self, x: float, y: float = 0.0, z: float = 0.0) -> float:
        return concentration(self.rate_g_s, self.wind_m_s, self.sigmas(x), y, z, self.height_m)

    @property
    def info(self) -> SchemeInfo:
        return SCHEMES[(self.scheme, self.terrain)]


@dataclass(frozen=True)
class EndpointDistance:
    """Farthest downwind distance at which the centreline ground level reaches the endpoint.

    ``status`` is ``found``, ``below-range`` (< 100 m), ``beyond-range`` (> 40 km) or,
    for an elevated release, ``not-reached`` (nowhere between 100 m and 40 km);
    ``distance_m`` is set only when found. Past 10 km (``extrapolated``) the dispersion
    fits are used beyond the distances they were made for.
    """

    status: str
    distance_m: float | None

    @property
    def extrapolated(self) -> bool:
        return self.distance_m is not None and self.distance_m > X_FIT_MAX_M

    @property
    def text(self) -> str:
        if self.status == "below-range":
            return "< 100 m"
        if self.status == "beyond-range":
            return "> 40 km"
        if self.status == "not-reached":
            return "not reached between 100 m and 40 km"
        return f"{self.distance_m:.0f} m"


def _last_crossing(f: Callable[[float], float], grid: np.ndarray) -> int | None:
    above = [f(float(x)) >= 0 for x in grid]
    indices = [i for i, is_above in enumerate(above) if is_above]
    return indices[-1] if indices else None


def distance_to_endpoint(
    plume: Plume, endpoint_g_m3: float, x_min: float = X_MIN_M, x_max: float = X_MAX_M
) -> EndpointDistance:
    """Root of C(x, 0, 0) = endpoint by scipy brentq, between 100 m and 40 km.

    A ground release decays monotonically with distance; an elevated one rises to a
    maximum first, so the bracket is the last sign change on a log grid.
    """
    if not endpoint_g_m3 > 0:
        raise ValueError("endpoint must be positive")

    def excess(x: float) -> float:
        return math.log(plume.at(x) / endpoint_g_m3) if plume.at(x) > 0 else -math.inf

    grid = np.geomspace(x_min, x_max, 161)
    last = _last_crossing(excess, grid)
    if last is None:
        # An elevated plume may exceed the endpoint only nearer than 100 m, or never.
        return EndpointDistance("not-reached" if plume.height_m > 0 else "below-range", None)
    if last == len(grid) - 1:
        return EndpointDistance("beyond-range", None)
    root = brentq(excess, float(grid[last]), float(grid[last + 1]), xtol=1e-6, rtol=1e-12)
    return EndpointDistance("found", float(root))


def half_width_at(plume: Plume, x: float, endpoint_g_m3: float) -> float:
    """Crosswind half-width (m) of the ground-level endpoint contour at x, 0 if none."""
    peak = plume.at(x)
    if peak <= endpoint_g_m3:
        return 0.0
    return plume.sigmas(x).y * math.sqrt(2.0 * math.log(peak / endpoint_g_m3))
