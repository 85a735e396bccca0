"""What pages, the plan and the PDF show for a stored estimate (shared formatting)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language_bidi, pgettext
from django.utils.translation import gettext as _

from chemsec.core.numbers import fill, localise_quantities, number, quantity, significant, unit
from chemsec.core.templatetags.list_join import clause_separator, list_separator
from chemsec.science import densegas, oca_map
from chemsec.science.inputs import InputError
from chemsec.science.labels import DENSE_GAS_LABEL, DENSE_GAS_MODEL_LABEL
from chemsec.science.oca.tables import METHOD as OCA_METHOD
from chemsec.science.oca_map import MapText, Zone
from chemsec.science.paths import BRANCH_AND_BOUND, ENUMERATION, Diagram, PathResult
from chemsec.science.release import GAUSSIAN_METHOD
from chemsec.science.svg import (
    DiagramText,
    FootprintText,
    diagram_svg,
    footprint_captions,
    footprint_svg,
)
from chemsec.screening.presenters import verification_parts


def endpoint_text(endpoint: dict[str, Any] | None) -> str:
    if not endpoint:
        return "—"
    value = f"{significant(endpoint['value'])} {unit(endpoint['unit'])}"
    concentration = f"{significant(endpoint['value_mg_m3'], 3)} {unit('mg/m³')}"
    status, _parts = verification_parts(str(endpoint["verification"]))
    checked = _("verification: %(status)s") % {"status": status.text}
    return f"{endpoint['tier']} {value} ({concentration}); {endpoint['source']}; {checked}"


def density_text(estimate: Any) -> str:
    density = estimate.population_density_per_km2
    if density is None:
        return _("not given: no population estimate")
    source = estimate.inputs.get("population_density_source") or _("entered")
    return _("%(n)s people/km² (%(source)s)") % {"n": number(density, 0), "source": source}


def _criterion(text: str) -> str:
    """A message's "0.15" (the workbook's density criterion) as the reader writes numbers."""
    return text.replace("0.15", number(densegas.DENSE_ENOUGH))


def _dense_gas_texts() -> dict[str, str]:
    """The dense-gas model's reason and note codes (`densegas.Reason`), in the active language."""
    return {
        "not_denser": _("the released gas is not denser than the air at the source"),
        "not_dense_enough": _criterion(
            _("not dense enough: (g0' V0 / u^3 D)^(1/3) = %(criterion).3f < 0.15")
        ),
        "beyond_curves": _("alpha = %(alpha).2f is beyond the curves (at most 1)"),
        "not_continuous": _("too short to be continuous at %(distance_m).0f m (u Td / x < 2.5)"),
        "no_boiling_point": _("no normal boiling point offline for the liquefied gas"),
        "evaporating_pool": _("evaporating pool: source is a vapour-air mixture, not modelled"),
        "no_virtual_source": _(
            "no passive continuation: no virtual source between 1 mm and 10,000 km "
            "matches the curves"
        ),
        "endpoint_above_curves": _(
            "the endpoint is above Cm/C0 = 0.1, nearer than the curves reach"
        ),
        "released_at_25c": _("dense gas released at 25 C"),
        "boils_above_25c": _("boils at or above 25 C: released at 25 C"),
        "released_at_boiling_point": _(
            "liquefied gas released as vapour at its normal boiling point, %(celsius).0f C"
        ),
        "non_isothermal": _("non-isothermal correction of the workbook (adiabatic mixing)"),
    }


def dense_gas_reason(code: str | None, params: dict[str, Any], english: str | None) -> str:
    """A reason or note by its code, translated; results stored before codes keep their English."""
    template = _dense_gas_texts().get(code or "")
    if template is None:
        return english or "—"
    try:
        return fill(template, params)
    except (KeyError, TypeError, ValueError):  # a stored result missing a number
        return english or "—"


def _notes(model: dict[str, Any]) -> list[str]:
    """The model's notes, translated (results stored before codes list them in Assumptions)."""
    coded, english = model.get("note_codes") or [], model.get("notes") or []
    return [
        dense_gas_reason(note.get("code"), note.get("params") or {}, text)
        for note, text in zip(coded, english, strict=False)
    ]


def dense_gas_text(model: dict[str, Any]) -> str:
    """How the Britter-McQuaid model was applied, or why it was not, with its notes."""
    if not model.get("applied"):
        reason = dense_gas_reason(
            model.get("reason_code"), model.get("reason_params") or {}, model.get("reason")
        )
        return "; ".join([_("not applied: %(reason)s") % {"reason": reason}, *_notes(model)])
    text = fill(
        _criterion(_("criterion %(c).2f ≥ 0.15, alpha %(a).2f; curves to %(end)s m")),
        {
            "c": model["criterion"],
            "a": model["alpha"],
            "end": number(model["correlation_end_m"], 0),
        },
    )
    if model.get("virtual_source_m") is not None:
        text += "; " + _("then a passive Gaussian plume from a virtual source")
    return "; ".join([text, *_notes(model)])


def _dense_gas_facts(r: dict[str, Any]) -> list[tuple[str, str]]:
    model = r.get("dense_gas_model")
    if not model:
        return []
    facts = [(_("Dense-gas model (Britter-McQuaid)"), dense_gas_text(model))]
    if model.get("applied"):
        comparison = distance_text(r.get("gaussian_distance_to_endpoint"))
        facts.append((_("Distance to endpoint, Gaussian plume (comparison only)"), comparison))
    return facts


def _coded(texts: dict[str, str], code: str | None, params: dict[str, Any], english: str) -> str:
    """A coded text in the reader's language; the stored English when the code is unknown."""
    template = texts.get(code or "")
    if template is None:
        return english or "—"
    try:
        return fill(template, params)
    except (KeyError, TypeError, ValueError):
        return english or "—"


def _assumption_texts() -> dict[str, str]:
    """The estimate's assumptions (`science.notes.Note` codes), in the active language."""
    return {
        "liquefied_as_gas": _("gases liquefied under pressure or refrigeration are treated as gas"),
        "boils_below_25c": _("boils below 25 C: released as a gas over 10 minutes (40 CFR 68.25)"),
        "pool_not_cooled": _("liquid at %(celsius).0f C; pool does not cool by evaporation"),
        "pool_rate_capped": _(
            "evaporation would take under 10 min: rate limited to quantity / 10 min"
        ),
        "gaussian_plume": _(
            "ground-level release; steady, neutrally buoyant Gaussian plume; flat terrain"
        ),
        "dense_gas_curves": _(
            "ground-level continuous release; Britter-McQuaid dense-gas curves to "
            "Cm/C0 = 0.002 (%(end_m).0f m), then a steady passive Gaussian plume from a "
            "virtual source matching the concentration there; flat terrain"
        ),
        "gaussian_for_comparison": _("the Gaussian distance is shown for comparison only"),
        "rmp_circle": _(
            "RMP counts people inside a circle of radius equal to the endpoint distance "
            "(68.30); the footprint is the contour for one wind direction"
        ),
        "molar_mass": _(
            "%(substance)s: molar mass %(molar_mass).3f g/mol (chemicals identifier database)"
        ),
        "vapour_pressure": _(
            "%(substance)s: vapour pressure at 25 C %(pa).0f Pa (%(method)s, via chemicals)"
        ),
        "liquid_density": _(
            "%(substance)s: liquid density at 25 C %(kg_m3).0f kg/m3 (%(method)s, via chemicals)"
        ),
        "boiling_point": _(
            "%(substance)s: normal boiling point %(k).1f K (%(method)s data, via chemicals)"
        ),
    }


def _assumption(note: dict[str, Any], english: str) -> str:
    code, params = note.get("code"), note.get("params") or {}
    if code == "dense_not_applied":
        reason = dense_gas_reason(params.get("reason"), params, params.get("reason_text"))
        return _("Britter-McQuaid not applied: %(reason)s") % {"reason": reason}
    texts = _assumption_texts()
    if code in texts:
        return _coded(texts, code, params, english)
    return dense_gas_reason(code, params, english)


def estimate_assumptions(result: dict[str, Any]) -> list[str]:
    """The estimate's assumptions in the reader's language, from their codes; a result
    stored before the codes keeps its English."""
    english = result.get("assumptions") or []
    coded = result.get("assumption_codes")
    if coded is None or len(coded) != len(english):
        return list(english)
    return [_assumption(note, text) for note, text in zip(coded, english, strict=True)]


def _endpoint_choice_texts() -> dict[str, str]:
    """Why an endpoint was used (`endpoints.EndpointChoice` codes), in the active language."""
    return {
        "user_entered": _("entered by the user: used as given, whatever is on file"),
        "rmp_appendix_a": _("RMP scenario: the 40 CFR 68 Appendix A toxic endpoint (68.22(a)(1))"),
        "rmp_no_appendix_a": _(
            "RMP scenario, but no 40 CFR 68 Appendix A endpoint on file: AEGL-2, 60 minutes"
        ),
        "aegl2_planning": _("emergency planning: AEGL-2, 60 minutes"),
        "aegl2_missing": _(
            "emergency planning: no AEGL-2 on file, so the 40 CFR 68 Appendix A endpoint"
        ),
        "erpg2_as_appendix_a": _(
            "emergency planning: no ERPG table is shipped; the 40 CFR 68 Appendix A endpoint "
            "(the rule took the ERPG-2 where one existed)"
        ),
    }


def _oca_texts() -> dict[str, str]:
    """Why the EPA OCA reference tables give no distance (`oca.Note` codes)."""
    return {
        "no_table": _(
            "no verified table for a %(buoyancy)s gas, %(scenario)s, %(duration_min)s-minute "
            "release, %(terrain)s: not shipped"
        ),
        "no_chemical_table": _("no verified table for %(cas)s (%(form)s): not shipped"),
        "beyond_shipped_rows": _(
            "past the last verified row of %(table)s (%(last_mi)s mi): the rest is not shipped"
        ),
    }


def _oca_params(params: dict[str, Any]) -> dict[str, Any]:
    """The tables' reason parameters that are codes (`oca.BUOYANCIES`, `SCENARIOS`,
    `TERRAINS`), in the reader's language; numbers and names as stored."""
    words = {
        "buoyancy": {
            "dense": pgettext("gas buoyancy", "dense"),
            "neutral": pgettext("gas buoyancy", "neutral"),
        },
        "scenario": {
            "worst-case": pgettext("release scenario", "worst case"),
            "alternative": pgettext("release scenario", "alternative scenario"),
        },
        "terrain": {
            "urban": pgettext("terrain, after the word terrain", "urban"),
            "rural": pgettext("terrain, after the word terrain", "rural"),
        },
    }
    return {
        key: words[key].get(str(value), value) if key in words else value
        for key, value in params.items()
    }


def _input_error_texts() -> dict[str, str]:
    """Refusals of the science's range checks (`InputError` codes), in the active language."""
    return {
        "not_finite": _("must be a finite number"),
        "not_positive": _("must be a positive number"),
        "negative": _("must not be negative"),
        "wind_below_range": _(
            "%(wind_m_s)s m/s is below %(minimum_m_s)s m/s at 10 m: in calmer air the plume "
            "meanders and the Gaussian model does not hold"
        ),
        "receptor_too_near": _(
            "%(distance_m)s m is nearer than %(minimum_m)s m, the first distance the "
            "dispersion fits hold for"
        ),
        "receptor_too_far": _(
            "%(distance_m)s m is farther than %(maximum_m)s m, the last distance the "
            "dispersion fits hold for"
        ),
        "unknown_scenario": _("unknown scenario %(value)s"),
        "unknown_purpose": _("unknown endpoint purpose %(value)s"),
        "no_endpoint": _("no toxic endpoint is on file for this CAS and purpose: enter one"),
    }


def input_error_text(exc: InputError) -> str:
    """An `InputError` in the reader's language when its code is known, else its English."""
    return _coded(_input_error_texts(), exc.code, exc.params, exc.message)


def _endpoint_fact(r: dict[str, Any]) -> str:
    text = endpoint_text(r["endpoint"])
    choice = r.get("endpoint_choice")
    if not choice:
        return text
    why = _coded(
        _endpoint_choice_texts(), choice.get("code"), choice.get("params") or {}, choice["text"]
    )
    return f"{text}; " + _("why: %(why)s") % {"why": why}


def _method_texts() -> dict[str, str]:
    """The stored method names (English, one per model: `release.GAUSSIAN_METHOD`,
    `densegas.METHOD` and its passive continuation, `oca.METHOD`), in the active language."""
    dense = densegas.METHOD
    return {
        GAUSSIAN_METHOD: _("Gaussian plume, RMP source terms"),
        dense: _("Britter-McQuaid workbook (continuous)"),
        f"{dense}, then a passive Gaussian plume from a virtual source": _(
            "Britter-McQuaid workbook (continuous), then a passive Gaussian plume from a "
            "virtual source"
        ),
        OCA_METHOD: _("EPA OCA reference tables"),
    }


def method_text(method: str | None) -> str:
    """A stored method name in the reader's language (an unknown one as stored)."""
    return _method_texts().get(method or "", method or "—")


def distance_text(text: str | None) -> str:
    """A stored distance ("4494 m", "< 100 m", "1.2 mi (1,931 m)") in the reader's language."""
    if not text:
        return "—"
    if text == "not reached between 100 m and 40 km":
        text = _("not reached between 100 m and 40 km")
    return localise_quantities(text)


def _distance_facts(r: dict[str, Any]) -> list[tuple[str, str]]:
    """The distance that leads, the tables' and the model's, the shorter one labelled."""
    if "distance_basis" not in r:  # stored before the tables were read beside the models
        return [(_("Distance to endpoint"), distance_text(r["distance_to_endpoint"]))]
    basis = _("EPA OCA reference tables") if r["distance_basis"] == "oca" else _("ChemSec model")
    lead = distance_text(r["distance_to_endpoint"])
    facts = [(_("Distance to endpoint"), f"{lead} ({basis})")]
    tables = r.get("oca") or {}
    if tables.get("available"):
        table = tables["table"]
        facts.append(
            (
                _("EPA OCA reference tables"),
                _("%(distance)s; table: %(title)s (%(status)s); %(source)s")
                % {
                    "distance": distance_text(tables["text"]),
                    "title": table["title"],
                    "status": table["status"],
                    "source": tables["source"],
                },
            )
        )
    elif tables:
        reason = _coded(
            _oca_texts(),
            tables.get("reason_code"),
            _oca_params(tables.get("reason_params") or {}),
            tables.get("reason", ""),
        )
        facts.append((_("EPA OCA reference tables"), _("not available: %(r)s") % {"r": reason}))
    model = distance_text(r.get("model_distance_to_endpoint"))
    if r.get("model_distance_extrapolated"):
        model += "; " + _("past 10 km: the dispersion fits extrapolated")
    if r.get("model_shorter_than_oca"):
        model += "; " + _("shorter than the EPA OCA reference tables: a model estimate")
    facts.append((_("Distance to endpoint, ChemSec model"), model))
    return facts


def _meteorology(r: dict[str, Any]) -> str:
    """The scenario's prescribed weather (`release.SCENARIOS`), in the reader's language."""
    texts = {
        "worst": _("worst case: stability F, 1.5 m/s (40 CFR 68.22(b))"),
        "alternative": _("alternative: stability D, 3 m/s (typical, RMP guidance)"),
    }
    return texts.get(r.get("scenario") or "", r.get("meteorology") or "—")


def _label(label: str) -> str:
    """A result's label (`science.labels`, or ``endpoint <verification>``), translated; the
    verification is the data's code ('verified-secondary'), shown as the list pages name it."""
    if label == DENSE_GAS_LABEL:
        return _("indicative, dense gas")
    if label == DENSE_GAS_MODEL_LABEL:
        return _("dense gas: Britter-McQuaid workbook (continuous)")
    if label.startswith("endpoint "):
        status, _parts = verification_parts(label.removeprefix("endpoint "))
        return _("endpoint %(verification)s") % {"verification": status.text}
    return label


def result_labels(labels: Any) -> str:
    """A stored result's labels, each in the reader's language ("—" for none)."""
    return list_separator().join(_label(str(label)) for label in labels or []) or "—"


def _quantity(estimate: Any) -> str:
    return f"{quantity(estimate.quantity_kg, 'kg', 0)}, {estimate.get_phase_display()}"


def estimate_facts(estimate: Any) -> list[tuple[str, str]]:
    r = estimate.result
    return [
        (_("Chemical"), f"{estimate.chemical_name} (CAS {estimate.cas})"),
        (
            _("Quantity"),
            f"{quantity(estimate.quantity_kg, 'kg', 0)}, {estimate.get_phase_display()}",
        ),
        (_("Scenario"), f"{_meteorology(r)}; {estimate.get_terrain_display()}"),
        (_("Labels"), result_labels(r["labels"])),
        *_distance_facts(r),
        *_dense_gas_facts(r),
        (_("Toxic endpoint"), _endpoint_fact(r)),
        (_("Area, circle (km²)"), number(r["circle_area_km2"], 2)),
        (_("Area, one-direction footprint (km²)"), number(r["footprint_area_km2"], 3)),
        (_("Population density"), density_text(estimate)),
        (_("Estimated population, circle"), number(r["population_circle"], 0)),
        (_("Estimated population, footprint"), number(r["population_footprint"], 0)),
        (_("Method"), f"{method_text(r['method'])}; {r['source']}"),
    ]


def _evaluation_texts() -> dict[str, str]:
    """A path evaluation's assumptions (`science.notes.Note` codes of easi and paths)."""
    return {
        "independent_normal": _(
            "delays are independent and normally distributed; detection probabilities are "
            "independent"
        ),
        "not_yet_alarmed": _(
            "'not yet alarmed' before task i is the product of 1 - P(D_j) over the earlier "
            "tasks and P(C) multiplies the sum once (docs/science.md section 1, after Garcia "
            "2008, ch. 13): a detection whose alarm is not communicated ends the chance of "
            "interruption; implementations that use 1 - P(D_j) P(C) instead give a higher P(I) "
            "whenever P(C) < 1 (Case A: 0.4832 against 0.4760)"
        ),
        "assessment_folded": _(
            "assessment and communication of each alarm are folded into P(D) and P(C)"
        ),
        "delay_sd_defaulted": _(
            "delay sd not given, taken as 0.3 x mean (customary practice) for: %(tasks)s"
        ),
        "search_stopped": _(
            "search stopped at %(node_limit)s nodes: this path's P(I) is an upper bound on "
            "the lowest P(I) in the diagram"
        ),
        "sensitivity_held": _(
            "sensitivity: path held fixed; +0.1 P(D) capped at 1, +30 s mean delay"
        ),
    }


def evaluation_assumptions(result: PathResult) -> list[str]:
    """The evaluation's assumptions in the reader's language, from their codes."""
    texts = _evaluation_texts()
    return [_coded(texts, note.code, note.params, note.text) for note in result.notes]


def path_search_text(result: PathResult) -> str:
    """How the most vulnerable path was found, in the reader's language."""
    texts = {
        ENUMERATION: _("enumeration of every path"),
        BRANCH_AND_BOUND: _("branch and bound seeded by the -ln(1 - P(D)) weighted shortest path"),
    }
    return texts.get(result.search, result.search)


def diagram_words() -> DiagramText:
    """The diagram's words in the reader's language."""
    return DiagramText(
        title=_("Adversary sequence diagram"),
        off_site=_("Off-site"),
        target=_("Target"),
        on_path=_("most vulnerable path"),
        element=_("P(D) %(p_d)s · delay %(delay)s s"),
        layers=_("Layers from off-site to target. %(layers)s."),
        path=_("Most vulnerable path: %(path)s, probability of interruption %(p_i)s."),
        then=_(" then "),
        items=list_separator(),
        clauses=clause_separator(),
        rtl=get_language_bidi(),
        number=number,
    )


def footprint_words() -> FootprintText:
    """The footprint's words in the reader's language."""
    return FootprintText(
        title=_("Toxic endpoint footprint: %(label)s"),
        desc=_(
            "Footprint of %(label)s: ground area above the toxic endpoint for one wind "
            "direction, reaching %(distance)s m downwind."
        ),
        release_point=_("release point"),
        reach=_("wind → endpoint reached at %(d)s m"),
        shaded=_("shaded: above endpoint (one wind direction)"),
        rtl=get_language_bidi(),
        metres=lambda m: number(m, 0),
    )


def diagram_drawing(diagram: Diagram, result: PathResult | None = None) -> str:
    """The adversary sequence diagram's SVG, labelled in the reader's language."""
    return diagram_svg(diagram, result, diagram_words())


def footprint(estimate: Any, *, captions: bool = True) -> str:
    """The footprint SVG, or "" when the endpoint distance was not found. Without
    ``captions`` it has no text (see `footprint_caption_lines`)."""
    outline = estimate.result.get("footprint_outline") or []
    distance = _model_distance_m(estimate.result)
    if not outline or not distance:
        return ""
    label = f"{estimate.chemical_name} ({estimate.cas})"
    points = [(float(x), float(w)) for x, w in outline]
    return footprint_svg(points, float(distance), label, words=footprint_words(), captions=captions)


def footprint_caption_lines(estimate: Any) -> list[str]:
    """The footprint's captions as text lines (a PDF sets them under the drawing)."""
    distance = _model_distance_m(estimate.result)
    return footprint_captions(float(distance), footprint_words()) if distance else []


def _model_distance_m(result: dict[str, Any]) -> Any:
    """The footprint's reach: the model's distance (the footprint is the model's contour)."""
    if "model_distance_to_endpoint_m" in result:
        return result["model_distance_to_endpoint_m"]
    return result.get("distance_to_endpoint_m")


# --- the map of an estimate: zones around the facility's coordinates ------------------------


def map_words() -> MapText:
    """The map's words in the reader's language; its labels' distances too (coordinates
    keep the dot, see oca_map)."""
    return MapText(
        title=_("Threat zones around %(site)s"),
        desc=_(
            "Map of %(site)s at latitude %(lat)s, longitude %(lon)s: %(zones)s. "
            "North is up; the scale bar shows %(scale)s."
        ),
        site=_("site"),
        north=pgettext("compass point, one letter if the language has one", "N"),
        ring=_("distance ring"),
        scale=_("North is up; scale bar %(d)s"),
        rings=_("Dotted distance rings every %(d)s around the site (black dot)"),
        zones=(
            ("threat-zone", _("endpoint distance")),
            ("oca-circle", _("EPA OCA reference tables")),
            ("model-circle", _("model estimate")),
            ("footprint", _("footprint, one wind direction")),
        ),
        rtl=get_language_bidi(),
        length=map_length,
    )


def map_length(metres: float) -> str:
    """A map's distance label ("850 m", "4.5 km") in the reader's language."""
    if metres < 1000:
        return quantity(metres, "m", 0)
    km = metres / 1000
    return quantity(km, "km", 1 if km < 10 else 0)


def has_coordinates(estimate: Any) -> bool:
    site = estimate.facility
    return site.latitude is not None and site.longitude is not None


def estimate_zones(estimate: Any) -> list[Zone]:
    """The zones of a stored estimate (the circle that leads, the other method's, the
    model's footprint), named in the reader's language."""
    names = dict(map_words().zones)
    return [
        Zone(names.get(z.kind, z.name), z.kind, z.radius_m, z.outline, z.properties)
        for z in oca_map.estimate_zones(estimate.result)
    ]


def estimate_geojson(estimate: Any) -> dict[str, Any] | None:
    """The estimate's site and zones as GeoJSON, or None without the site's coordinates."""
    if not has_coordinates(estimate):
        return None
    site = estimate.facility
    return oca_map.geojson(
        site.name,
        site.latitude,
        site.longitude,
        estimate_zones(estimate),
        properties={"chemical": estimate.chemical_name, "cas": estimate.cas},
    )


def estimate_map(estimate: Any, *, labels: bool = True) -> str:
    """The offline map (SVG, no tiles, no script), or "" without coordinates or zones.
    Without ``labels`` it has no text (see `estimate_map_captions`)."""
    if not has_coordinates(estimate):
        return ""
    site = estimate.facility
    return oca_map.map_svg(
        site.name,
        site.latitude,
        site.longitude,
        estimate_zones(estimate),
        words=map_words(),
        labels=labels,
    )


def estimate_map_captions(estimate: Any) -> list[str]:
    """The map's labels as text lines (a PDF sets them under the drawing)."""
    if not has_coordinates(estimate):
        return []
    return oca_map.map_captions(estimate_zones(estimate), map_words())
