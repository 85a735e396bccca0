"""Physical properties at 25 C from the offline ``chemicals`` package (Caleb Bell).

Molar mass from its identifier database; vapour pressure from the first data set
that covers 298.15 K (Wagner constants of McGarry 1983, Antoine constants of
Poling et al. 2001, DIPPR eq. 101 constants from Perry's 8th ed.); liquid
density from Perry's DIPPR eq. 105 constants, else the COSTALD correlation
(an estimate, and said to be one); the normal boiling point from the first of the
package's data sets that lists it. Pure module: reads the package's data only.
"""

from __future__ import annotations

import math

from chemsec.science.notes import Note
from chemsec.science.release import Substance

T_25C = 298.15
ATMOSPHERIC_PA = 101_325.0


def _in_range(row: object, t: float) -> bool:
    """Whether t lies inside the data set's fitted range (a NaN bound is no bound)."""
    lo = getattr(row, "Tmin", math.nan)
    hi = getattr(row, "Tmax", math.nan)
    return (math.isnan(lo) or lo <= t) and (math.isnan(hi) or t <= hi)


def vapour_pressure_pa(cas: str, t: float = T_25C) -> tuple[float, str] | None:
    """(Psat in Pa, data set) or None when no offline data set covers ``t``."""
    from chemicals import dippr
    from chemicals import vapor_pressure as vp

    vp.load_vapor_pressure_dfs()
    wagner = vp.Psat_data_WagnerMcGarry
    if cas in wagner.index and _in_range(wagner.loc[cas], t):
        r = wagner.loc[cas]
        return float(vp.Wagner_original(t, r.Tc, r.Pc, r.A, r.B, r.C, r.D)), "Wagner, McGarry 1983"
    antoine = vp.Psat_data_AntoinePoling
    if cas in antoine.index and _in_range(antoine.loc[cas], t):
        r = antoine.loc[cas]
        return float(vp.Antoine(t, r.A, r.B, r.C)), "Antoine, Poling et al. 2001"
    perry = vp.Psat_data_Perrys2_8
    if cas in perry.index and _in_range(perry.loc[cas], t):
        r = perry.loc[cas]
        psat = dippr.EQ101(t, r.C1, r.C2, r.C3, r.C4, r.C5)  # type: ignore[no-untyped-call]
        return float(psat), "DIPPR 101, Perry's 8th ed."
    return None


def liquid_density_kg_m3(cas: str, molar_mass: float, t: float = T_25C) -> tuple[float, str] | None:
    """(saturated liquid density, data set or correlation) or None."""
    from chemicals import acentric, critical, dippr
    from chemicals import volume as v

    perry = v.rho_data_Perry_8E_105_l
    if cas in perry.index:
        r = perry.loc[cas]
        molar_density = dippr.EQ105(t, r.C1, r.C2, r.C3, r.C4)  # type: ignore[no-untyped-call]
        rho = molar_density * molar_mass / 1000.0
        return float(rho), "DIPPR 105, Perry's 8th ed."
    tc, vc, omega = critical.Tc(cas), critical.Vc(cas), acentric.omega(cas)
    if None in (tc, vc, omega) or t >= tc:
        return None
    return molar_mass / 1000.0 / float(v.COSTALD(t, tc, vc, omega)), "COSTALD estimate"


def boiling_point_k(cas: str) -> tuple[float, str] | None:
    """(normal boiling point in K, data set) or None when no offline data set lists it."""
    from chemicals.phase_change import Tb, Tb_methods

    try:
        tb, methods = Tb(cas), Tb_methods(cas)
    except ValueError:  # not a CAS number the package can parse: no boiling point, as unknown
        return None
    return (float(tb), methods[0]) if tb else None


def substance_from_cas(cas: str, name: str | None = None) -> Substance:
    """A Substance with molar mass, vapour pressure and liquid density at 25 C, and its
    normal boiling point."""
    from chemicals import identifiers

    record = identifiers.search_chemical(cas)
    molar_mass = float(record.MW)
    sources = [
        Note(
            "molar_mass",
            "molar mass {molar_mass:.3f} g/mol (chemicals identifier database)",
            (("molar_mass", molar_mass),),
        )
    ]
    psat = vapour_pressure_pa(cas)
    rho = liquid_density_kg_m3(cas, molar_mass)
    tb = boiling_point_k(cas)
    if psat:
        english = "vapour pressure at 25 C {pa:.0f} Pa ({method}, via chemicals)"
        sources.append(Note("vapour_pressure", english, (("pa", psat[0]), ("method", psat[1]))))
    if rho:
        english = "liquid density at 25 C {kg_m3:.0f} kg/m3 ({method}, via chemicals)"
        sources.append(Note("liquid_density", english, (("kg_m3", rho[0]), ("method", rho[1]))))
    if tb:
        english = "normal boiling point {k:.1f} K ({method} data, via chemicals)"
        sources.append(Note("boiling_point", english, (("k", tb[0]), ("method", tb[1]))))
    return Substance(
        name=name or record.common_name,
        cas=cas,
        molar_mass_g_mol=molar_mass,
        vapour_pressure_pa=psat[0] if psat else None,
        liquid_density_kg_m3=rho[0] if rho else None,
        property_sources=tuple(sources),
        boiling_point_k=tb[0] if tb else None,
    )


def boils_below_25c(substance: Substance) -> bool:
    """A vapour pressure above 1 atm at 25 C: the RMP treats it as a gas."""
    psat = substance.vapour_pressure_pa
    return psat is not None and psat > ATMOSPHERIC_PA
