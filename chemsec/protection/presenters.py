"""What pages, the plan and the PDF show for a stored estimate (shared formatting)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from chemsec.facilities.svg import footprint_svg


def _number(value: Any, fmt: str = "{:,.0f}") -> str:
    return "—" if value is None else fmt.format(value)


def endpoint_text(endpoint: dict[str, Any] | None) -> str:
    if not endpoint:
        return "—"
    return (
        f"{endpoint['tier']} {endpoint['value']:g} {endpoint['unit']} "
        f"({endpoint['value_mg_m3']:.3g} mg/m³); {endpoint['source']}; "
        + _("verification: %(status)s")
        % {"status": endpoint["verification"]}
    )


def density_text(estimate: Any) -> str:
    density = estimate.population_density_per_km2
    if density is None:
        return _("not given: no population estimate")
    source = estimate.inputs.get("population_density_source") or _("entered")
    return _("%(n)s people/km² (%(source)s)") % {"n": f"{density:,.0f}", "source": source}


def dense_gas_text(model: dict[str, Any]) -> str:
    """How the Britter-McQuaid model was applied, or why it was not."""
    if not model.get("applied"):
        return _("not applied: %(reason)s") % {"reason": model.get("reason") or "—"}
    text = _("criterion %(c).2f ≥ 0.15, alpha %(a).2f; curves to %(end)s m") % {
        "c": model["criterion"],
        "a": model["alpha"],
        "end": f"{model['correlation_end_m']:,.0f}",
    }
    if model.get("virtual_source_m") is not None:
        text += "; " + _("then a passive Gaussian plume from a virtual source")
    return text


def _dense_gas_facts(r: dict[str, Any]) -> list[tuple[str, str]]:
    model = r.get("dense_gas_model")
    if not model:
        return []
    facts = [(_("Dense-gas model (Britter-McQuaid)"), dense_gas_text(model))]
    if model.get("applied"):
        comparison = r.get("gaussian_distance_to_endpoint") or "—"
        facts.append((_("Distance to endpoint, Gaussian plume (comparison only)"), comparison))
    return facts


def estimate_facts(estimate: Any) -> list[tuple[str, str]]:
    r = estimate.result
    return [
        (_("Chemical"), f"{estimate.chemical_name} (CAS {estimate.cas})"),
        (_("Quantity"), f"{estimate.quantity_kg:,.0f} kg, {estimate.get_phase_display()}"),
        (_("Scenario"), f"{r['meteorology']}; {r['terrain']}"),
        (_("Labels"), ", ".join(r["labels"]) or "—"),
        (_("Distance to endpoint"), r["distance_to_endpoint"] or "—"),
        *_dense_gas_facts(r),
        (_("Toxic endpoint"), endpoint_text(r["endpoint"])),
        (_("Area, circle (km²)"), _number(r["circle_area_km2"], "{:,.2f}")),
        (_("Area, one-direction footprint (km²)"), _number(r["footprint_area_km2"], "{:,.3f}")),
        (_("Population density"), density_text(estimate)),
        (_("Estimated population, circle"), _number(r["population_circle"])),
        (_("Estimated population, footprint"), _number(r["population_footprint"])),
        (_("Method"), f"{r['method']}; {r['source']}"),
    ]


def footprint(estimate: Any) -> str:
    """The footprint SVG, or "" when the endpoint distance was not found."""
    outline = estimate.result.get("footprint_outline") or []
    distance = estimate.result.get("distance_to_endpoint_m")
    if not outline or not distance:
        return ""
    label = f"{estimate.chemical_name} ({estimate.cas})"
    return footprint_svg([(float(x), float(w)) for x, w in outline], float(distance), label)
