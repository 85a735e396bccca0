"""Toxic endpoints and RMP threshold quantities shipped in ``chemsec/content``.

Endpoint choice for emergency planning, in order: AEGL-2 (60 min), else the
40 CFR 68 Appendix A endpoint (mostly ERPG-2), else a value the user enters.
Every endpoint keeps its source, date and verification status so that an
"unverified" value stays visibly unverified in every result. Pure module: it
reads package data files and nothing else.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from chemsec.science.units import to_mg_m3

ENDPOINTS_FILE = ("endpoints", "toxic_endpoints.csv")
THRESHOLDS_FILE = ("thresholds", "rmp_threshold_quantities.csv")
PREFERENCE = ("aegl2-60min", "rmp-appendix-a")


@dataclass(frozen=True)
class Endpoint:
    """A toxic endpoint concentration with its provenance."""

    urn: str
    version: str
    name: str
    cas: str
    endpoint_type: str
    tier: str
    value: float
    unit: str
    value_mg_m3: float
    source: str
    source_date: str
    verification: str
    notes: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "urn": self.urn,
            "version": self.version,
            "name": self.name,
            "cas": self.cas,
            "type": self.endpoint_type,
            "tier": self.tier,
            "value": self.value,
            "unit": self.unit,
            "value_mg_m3": self.value_mg_m3,
            "source": self.source,
            "source_date": self.source_date,
            "verification": self.verification,
            "notes": self.notes,
        }


@dataclass(frozen=True)
class ThresholdQuantity:
    """An RMP (40 CFR 68.130) threshold quantity for one listed substance."""

    urn: str
    version: str
    list_name: str
    name: str
    cas: str
    threshold_quantity_lb: float
    tq_verification: str
    verification: str
    source: str


def _read(parts: tuple[str, str]) -> list[dict[str, str]]:
    text = resources.files("chemsec.content").joinpath(*parts).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@lru_cache(maxsize=1)
def load_endpoints() -> tuple[Endpoint, ...]:
    """Every endpoint row that has a value (rows left blank for conflicts are skipped)."""
    return tuple(
        Endpoint(
            urn=r["urn"],
            version=r["version"],
            name=r["name"],
            cas=r["cas"],
            endpoint_type=r["endpoint_type"],
            tier=r["tier"],
            value=float(r["value"]),
            unit=r["unit"],
            value_mg_m3=float(r["value_mg_m3"]),
            source=r["source"],
            source_date=r["source_date"],
            verification=r["verification"],
            notes=r["notes"],
        )
        for r in _read(ENDPOINTS_FILE)
        if r["value"]
    )


@lru_cache(maxsize=1)
def load_thresholds() -> tuple[ThresholdQuantity, ...]:
    """RMP toxic and flammable threshold quantities."""
    return tuple(
        ThresholdQuantity(
            urn=r["urn"],
            version=r["version"],
            list_name=r["list"],
            name=r["name"],
            cas=r["cas"],
            threshold_quantity_lb=float(r["threshold_quantity_lb"]),
            tq_verification=r["tq_verification"],
            verification=r["verification"],
            source=r["source"],
        )
        for r in _read(THRESHOLDS_FILE)
    )


def endpoints_for(cas: str) -> list[Endpoint]:
    """All shipped endpoints for a CAS number, preferred first."""
    found = [e for e in load_endpoints() if e.cas == cas.strip()]
    return sorted(found, key=lambda e: PREFERENCE.index(e.endpoint_type))


def user_endpoint(
    value: float, unit: str, molar_mass_g_mol: float | None = None, name: str = ""
) -> Endpoint:
    """An endpoint typed in by the user; marked as such, never as verified."""
    if not value > 0:
        raise ValueError("endpoint value must be positive")
    return Endpoint(
        urn="",
        version="",
        name=name,
        cas="",
        endpoint_type="user-entered",
        tier="user-entered",
        value=value,
        unit=unit,
        value_mg_m3=to_mg_m3(value, unit, molar_mass_g_mol),
        source="entered by the user",
        source_date="",
        verification="user-entered",
    )


def choose_endpoint(cas: str | None, user: Endpoint | None = None) -> Endpoint | None:
    """AEGL-2 60 min, else RMP Appendix A, else the user's value, else None."""
    shipped = endpoints_for(cas) if cas else []
    return shipped[0] if shipped else user


#: What an endpoint is for: an RMP scenario (40 CFR 68 Appendix A), or emergency planning.
PURPOSES = ("rmp", "aegl2", "erpg2")


@dataclass(frozen=True)
class EndpointChoice:
    """The endpoint used and why: a stable code, its numbers, and the English."""

    endpoint: Endpoint | None
    code: str
    english: str
    values: tuple[tuple[str, str], ...] = ()

    @property
    def params(self) -> dict[str, str]:
        return dict(self.values)

    @property
    def text(self) -> str:
        return self.english.format(**self.params)

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "params": self.params, "text": self.text}


def _of_type(cas: str | None, endpoint_type: str) -> Endpoint | None:
    found = [e for e in endpoints_for(cas) if e.endpoint_type == endpoint_type] if cas else []
    return found[0] if found else None


def choose_endpoint_for(
    cas: str | None, purpose: str = "rmp", user: Endpoint | None = None
) -> EndpointChoice:
    """The endpoint for a purpose; a value the user typed is always used.

    * ``rmp`` (an RMP worst-case or alternative scenario): the 40 CFR 68 Appendix A toxic
      endpoint, as 68.22(a)(1) requires;
    * ``aegl2`` (emergency planning): AEGL-2, 60 minutes; when none is on file, the
      Appendix A endpoint, saying so;
    * ``erpg2`` (emergency planning): no ERPG table is shipped, so the Appendix A endpoint,
      which took the ERPG-2 where one existed, saying so.
    """
    if purpose not in PURPOSES:
        raise ValueError(f"endpoint purpose must be one of {', '.join(PURPOSES)}, not {purpose!r}")
    if user is not None:
        return EndpointChoice(
            user, "user_entered", "entered by the user: used as given, whatever is on file"
        )
    appendix_a = _of_type(cas, "rmp-appendix-a")
    if purpose == "aegl2":
        aegl2 = _of_type(cas, "aegl2-60min")
        if aegl2 is not None:
            return EndpointChoice(aegl2, "aegl2_planning", "emergency planning: AEGL-2, 60 minutes")
        if appendix_a is not None:
            return EndpointChoice(
                appendix_a,
                "aegl2_missing",
                "emergency planning: no AEGL-2 on file, so the 40 CFR 68 Appendix A endpoint",
            )
    elif purpose == "erpg2" and appendix_a is not None:
        return EndpointChoice(
            appendix_a,
            "erpg2_as_appendix_a",
            "emergency planning: no ERPG table is shipped; the 40 CFR 68 Appendix A endpoint "
            "(the rule took the ERPG-2 where one existed)",
        )
    elif purpose == "rmp" and appendix_a is not None:
        return EndpointChoice(
            appendix_a,
            "rmp_appendix_a",
            "RMP scenario: the 40 CFR 68 Appendix A toxic endpoint (68.22(a)(1))",
        )
    elif purpose == "rmp" and (aegl2 := _of_type(cas, "aegl2-60min")) is not None:
        return EndpointChoice(
            aegl2,
            "rmp_no_appendix_a",
            "RMP scenario, but no 40 CFR 68 Appendix A endpoint on file: AEGL-2, 60 minutes",
        )
    return EndpointChoice(
        None,
        "no_endpoint",
        "no endpoint on file for {cas} for this purpose: enter one",
        (("cas", cas or ""),),
    )
