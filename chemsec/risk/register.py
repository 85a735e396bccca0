"""Reads that assemble a risk register and the national roll-up for pages, API and exports."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from chemsec.core.models import Organisation
from chemsec.core.numbers import number, significant, unit
from chemsec.core.policy import AnyUser
from chemsec.facilities import selectors as facility_sel
from chemsec.facilities.models import ThreatProfile
from chemsec.risk import selectors as sel
from chemsec.risk.labels import SHIPPED
from chemsec.risk.models import RiskAssessment, RiskEntry, RiskMethod
from chemsec.science.matrices import entry_ratings, heat_map, level_labels, measure_what_if
from chemsec.science.risk import system_effectiveness
from chemsec.science.thresholds import tier

ENTRY_JOINS = ("scenario", "scenario__area", "protection_diagram", "diagram_version")
# What a stored value the science cannot work with raises (a negative cost, a missing
# rating, NaN...): the line or measure is shown as one that cannot be worked out.
ROW_PROBLEMS = (ArithmeticError, TypeError, ValueError, KeyError, IndexError, StopIteration)
log = logging.getLogger(__name__)


def with_entries(assessments: QuerySet[RiskAssessment]) -> QuerySet[RiskAssessment]:
    """Assessments with their lines and measures loaded in a fixed number of queries, for
    a list of registers (`register` then reads them instead of asking per register)."""
    entries = RiskEntry.objects.select_related(*ENTRY_JOINS).prefetch_related("measures")
    return assessments.prefetch_related(Prefetch("entries", queryset=entries))


def register(
    assessment: RiskAssessment,
    user: Any = None,
    *,
    shown: set[Any] | None = None,
    default_matrix: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Entries with inherent, current and residual risk, measures with what-if, a heat map.

    ``user`` decides whether diagram names, paths and element changes are spelled out:
    only to those who may see the diagram (the numbers are shown to every reader). A list
    of registers passes what they share, worked out once: the facility's diagrams the user
    may see (``shown``) and the shipped matrix (``default_matrix``).
    """
    matrix = assessment.matrix or default_matrix or sel.default_matrix()
    if shown is None:
        shown = _diagrams_shown(user, assessment)
    if "entries" in getattr(assessment, "_prefetched_objects_cache", {}):
        entries = list(assessment.entries.all())
    else:
        joined = assessment.entries.select_related(*ENTRY_JOINS)
        entries = list(joined.prefetch_related("measures"))
    rows = [_safe_row(entry, assessment.method, matrix, shown) for entry in entries]
    points = [
        (
            r["ratings"]["current"].likelihood,
            r["ratings"]["current"].consequence,
            r["entry"].scenario.name,
        )
        for r in rows
        if not r["error"]
    ]
    return {"rows": rows, "heat_map": heat_map(matrix, points), "matrix": matrix}


def stored_problem(obj: Any, exc: Exception) -> str:
    """What is wrong with a stored record, in the words of its fields' own limits (the ones
    that refuse such a value where it enters), else the science's own words."""
    from django.core.exceptions import ValidationError

    relations = [f.name for f in obj._meta.fields if f.is_relation]
    try:
        obj.clean_fields(exclude=relations)
    except ValidationError as invalid:
        return "; ".join(
            f"{obj._meta.get_field(name).verbose_name}: {' '.join(messages)}"
            for name, messages in invalid.message_dict.items()
        )
    return str(exc) or type(exc).__name__


def _safe_row(entry: Any, method: str, matrix: dict[str, Any], shown: set[Any]) -> dict[str, Any]:
    """A line of the register; a line whose stored values cannot be worked out is kept,
    marked with why, so one bad line never takes the register (or the plan) down."""
    try:
        return _row(entry, method, matrix, shown)
    except ROW_PROBLEMS as exc:
        log.warning("Risk register line %s cannot be worked out: %r", entry.pk, exc)
        problem = _("This line cannot be worked out (%(problem)s); edit or delete it.") % {
            "problem": stored_problem(entry, exc)
        }
        return {
            "entry": entry,
            "error": problem,
            "ratings": None,
            "p_i_source": None,
            "measures": [
                {"measure": m, "what_if": None, "protection": None, "error": ""}
                for m in entry.measures.all()
            ],
        }


def _row(entry: Any, method: str, matrix: dict[str, Any], shown: set[Any]) -> dict[str, Any]:
    from chemsec.science.diagram_what_if import (
        applied_measures,
        basis_key,
        combined_p_interruption,
    )

    quantitative = method == RiskMethod.QUANTITATIVE
    measures = list(entry.measures.all())
    changed = {m.pk: measure_protection(entry, m, shown) for m in measures if quantitative}
    # Changes that could not be applied give no P_I: the typed one stands in for them.
    key = basis_key(entry.p_interruption_basis)
    applied = applied_measures(measures, key) if quantitative else []
    proposed = {pk: p_i for pk, _changes, p_i in applied}
    combined = combined_p_interruption(entry.residual_basis or {}, key, applied)
    return {
        "entry": entry,
        "error": "",
        "ratings": entry_ratings(entry, method, matrix, proposed, combined),
        "p_i_source": p_interruption_source(entry, shown) if quantitative else None,
        "measures": [
            _safe_measure(entry, m, method, matrix, proposed.get(m.pk), changed.get(m.pk))
            for m in measures
        ],
    }


def _safe_measure(
    entry: Any,
    measure: Any,
    method: str,
    matrix: dict[str, Any],
    p_i: float | None,
    protection: dict[str, Any] | None,
) -> dict[str, Any]:
    """A measure with its what-if; one whose stored values cannot be worked out is kept,
    with why, and no what-if."""
    try:
        what_if = _what_if(entry, measure, method, matrix, p_i)
    except ROW_PROBLEMS as exc:
        log.warning("Measure %s cannot be worked out: %r", measure.pk, exc)
        problem = _("This measure cannot be worked out (%(problem)s); edit or delete it.") % {
            "problem": stored_problem(measure, exc)
        }
        return {"measure": measure, "what_if": None, "protection": protection, "error": problem}
    return {"measure": measure, "what_if": what_if, "protection": protection, "error": ""}


def _diagrams_shown(user: Any, assessment: RiskAssessment) -> set[Any]:
    """Ids of the facility's diagrams the person may see: they get names, paths, elements."""
    if user is None:
        return set()
    return set(sel.diagrams_of(user, assessment.facility).values_list("pk", flat=True))


def p_interruption_source(entry: Any, shown: set[Any]) -> dict[str, Any]:
    """Where today's P_I comes from: typed, or a diagram version's most vulnerable path."""
    basis = entry.p_interruption_basis or {}
    if not basis:
        return {"kind": "typed"}
    diagram = entry.protection_diagram
    path = basis.get("path") or []
    cdp = basis.get("critical_detection_point")
    return {
        "kind": "diagram",
        "diagram": basis.get("diagram", ""),
        "version": basis.get("version"),
        "current_version": diagram.version if diagram else None,
        "linked": diagram is not None,
        "stale": entry.diagram_changed_since,
        "details": diagram is not None and diagram.pk in shown,
        "path": _path_text(path),
        "cdp": f"{cdp['layer']}: {cdp['element']}" if cdp else "",
        "proven_minimum": basis.get("proven_minimum", True),
    }


def _path_text(path: list[dict[str, Any]]) -> str:
    return " → ".join(f"{step['layer']}: {step['element']}" for step in path)


def measure_protection(entry: Any, measure: Any, shown: set[Any]) -> dict[str, Any] | None:
    """The measure's what-if on the risk's diagram version, as stored when it was saved.

    ``p_interruption`` is None when the changes cannot be applied (``error`` says why, to
    those who may see the diagram only: it names its elements) or the stored result is not
    for today's version and changes (``outdated``); the typed P_I is used instead.
    """
    from chemsec.science.diagram_what_if import NOT_LINKED, basis_key, measure_holds

    if not measure.protection_changes:
        return None
    entry_basis = entry.p_interruption_basis or {}
    key, stored = basis_key(entry_basis), measure.protection_basis or {}
    details = sel.changes_shown(entry, measure, shown)
    diagram = entry.protection_diagram
    out: dict[str, Any] = {
        "p_interruption": None,
        "error": "",
        "details": details,
        "version": key["version"],
        "current_version": diagram.version if diagram else None,
        "stale": entry.diagram_changed_since,
        "outdated": False,
    }
    if not measure_holds(stored, key, measure.protection_changes):
        return out | {"outdated": True}
    if stored.get("error") == NOT_LINKED:
        return out | {"error": _("the risk is not linked to a protection diagram")}
    if stored.get("error"):
        return out | {"error": stored["error"] if details else ""}
    path = stored.get("path") or []
    return out | {
        "p_interruption": stored["p_interruption"],
        "diagram": entry_basis.get("diagram", ""),
        "effects": [_effect(e) for e in stored.get("effects") or []],
        "path": _path_text(path),
        "path_moved": path != entry_basis.get("path"),
    }


def _effect(effect: dict[str, Any]) -> dict[str, Any]:
    labels = {"p_detection": "P(D)", "delay_mean": _("delay"), "delay_sd": _("delay sd")}
    before, after = effect["before"], effect["after"]
    parts = [
        {"label": labels[key], "before": _num(before.get(key)), "after": _num(after.get(key))}
        for key in labels
        if before.get(key) != after.get(key)
    ]
    return {"layer": effect["layer"], "element": effect["element"], "parts": parts}


def _num(value: float | None, spec: str = "g") -> str:
    """A figure as the reader's language writes it ("0,8"): ``spec`` is "g" or ".<n>f"."""
    if value is None:
        return "—"
    if spec == "g":
        return significant(value)
    return number(value, int(spec.strip(".f")))


def _what_if(
    entry: Any, measure: Any, method: str, matrix: dict[str, Any], p_i: float | None
) -> dict[str, Any]:
    """The matrices' what-if, with P_I and P_E on both sides for a quantitative risk."""
    result = measure_what_if(entry, measure, method, matrix, p_interruption=p_i)
    if method != RiskMethod.QUANTITATIVE:
        return result
    if p_i is not None:
        source, after = "diagram", p_i
    elif measure.proposed_p_interruption is not None:
        source, after = "typed", measure.proposed_p_interruption
    else:
        source, after = "unchanged", entry.p_interruption
    p_n = entry.p_neutralisation
    return result | {
        "source": source,
        "p_interruption_before": entry.p_interruption,
        "p_interruption_after": after,
        "p_effectiveness_before": system_effectiveness(entry.p_interruption, p_n),
        "p_effectiveness_after": system_effectiveness(after, p_n),
    }


def change_choices(assessment: RiskAssessment, user: Any) -> list[tuple[str, list[Any]]]:
    """Path elements a measure may change, grouped by the diagram version a risk links to."""
    from chemsec.science.diagram_changes import element_key, element_names

    shown = _diagrams_shown(user, assessment)
    versions = {}
    for entry in assessment.entries.select_related("diagram_version"):
        if entry.diagram_version is not None and entry.protection_diagram_id in shown:
            versions[entry.diagram_version.pk] = entry.diagram_version
    groups = []
    for version in versions.values():
        options = [
            (element_key(layer, name), f"{layer} / {name} ({_values_text(values)})")
            for layer, name, values in element_names(version.document)
        ]
        label = _("%(name)s, version %(n)s") % {"name": version.name, "n": version.number}
        groups.append((label, options))
    return groups


def _values_text(values: dict[str, Any]) -> str:
    sd = values.get("delay_sd")
    p_d, delay = values.get("p_detection") or 0, values.get("delay_mean") or 0
    text = f"P(D) {number(p_d, 2)}, {significant(delay)} {unit('s')}"
    return text + (f" ± {significant(sd)} {unit('s')}" if sd is not None else "")


def plan_risk_table(facility: Any, user: Any) -> tuple[list[str], list[list[str]]]:
    """The site plan's risk register section: every line, with where its P_I comes from."""
    headers = [
        _("Assessment"),
        _("Scenario"),
        pgettext("risk figures", "Inputs"),
        _("P_I from"),
        _("Current risk"),
    ]
    rows = []
    for assessment in sel.assessments_of(facility):
        shown = register(assessment, user)
        for row in shown["rows"]:
            entry = row["entry"]
            if row["error"]:
                risk = row["error"]
            else:
                current = row["ratings"]["current"]
                value = f"R = {number(current.value, 2)}, " if current.value is not None else ""
                risk = value + _level_text(current.level, shown["matrix"])
            rows.append(
                [
                    assessment.name,
                    entry.scenario.name,
                    _inputs_text(entry, assessment.method),
                    _source_text(row["p_i_source"]),
                    risk,
                ]
            )
    return headers, rows


def _level_text(code: str, matrix: dict[str, Any]) -> str:
    """A level's name as plain text in the reader's language (a table cell, not markup)."""
    name = level_labels(matrix).get(code, code)
    shipped = SHIPPED["levels"].get(name)
    return name if shipped is None else str(shipped)


def _inputs_text(entry: Any, method: str) -> str:
    if method == RiskMethod.QUANTITATIVE:
        return (
            f"P_A {_num(entry.p_attack)}, P_I {_num(entry.p_interruption, '.4f')}, "
            f"P_N {_num(entry.p_neutralisation)}, C {_num(entry.consequence)}"
        )
    return _("inherent L%(il)s C%(ic)s, current L%(cl)s C%(cc)s") % {
        "il": entry.inherent_likelihood,
        "ic": entry.inherent_consequence,
        "cl": entry.current_likelihood,
        "cc": entry.current_consequence,
    }


def _source_text(source: dict[str, Any] | None) -> str:
    if source is None:
        return "—"
    if source["kind"] == "typed":
        return _("entered by hand")
    if not source["linked"]:
        return _("a protection diagram since deleted, version %(n)s") % {"n": source["version"]}
    if not source["details"]:
        return _("a protection diagram you may not see, version %(n)s") % {"n": source["version"]}
    text = _("diagram %(name)s, version %(n)s, most vulnerable path %(path)s") % {
        "name": source["diagram"],
        "n": source["version"],
        "path": source["path"],
    }
    if source["stale"]:
        text += " " + _("(the diagram has changed since: version %(n)s)") % {
            "n": source["current_version"]
        }
    return text


def top_risks(assessment: RiskAssessment, limit: int = 5) -> list[dict[str, Any]]:
    data = register(assessment)
    levels = [str(s["code"] if isinstance(s, dict) else s) for s in data["matrix"]["levels"]]
    ranked = sorted(
        (r for r in data["rows"] if not r["error"]),
        key=lambda r: (
            -levels.index(r["ratings"]["current"].level),
            -(r["ratings"]["current"].value or 0),
        ),
    )
    return [
        {
            "facility": assessment.facility.name,
            "scenario": r["entry"].scenario.name,
            "level": r["ratings"]["current"].level,
            "level_name": level_labels(data["matrix"]).get(r["ratings"]["current"].level, ""),
            "value": r["ratings"]["current"].value,
            "likelihood": r["ratings"]["current"].likelihood,
            "consequence": r["ratings"]["current"].consequence,
        }
        for r in ranked[:limit]
    ]


def rollup(authority: Organisation, user: AnyUser) -> dict[str, Any]:
    """What a member of an authority sees of the facilities that share with it, its own
    threats and its capacity gaps: only what that reader may see (each through its
    `visible_to`), as a colleague without a share of a restricted threat gets 404 on it."""
    facilities = list(facility_sel.facilities_shared_with(user, authority))
    rows, risks = [], []
    tiers: Counter[str] = Counter()
    places: Counter[tuple[str, str]] = Counter()
    chemicals: dict[str, dict[str, Any]] = {}
    for facility in facilities:
        found = facility_sel.chemicals_of_interest(facility)
        level = tier(found)
        tiers[str(level) if level else "-"] += 1
        places[(facility.organisation.region, facility.country)] += 1
        _add_chemicals(chemicals, found)
        assessment = facility.risk_assessments.first()
        risks += top_risks(assessment) if assessment else []
        rows.append(
            {
                "facility": facility,
                "tier": level,
                "chemicals": len(found),
                "crossed": sum(c["crossed_count"] for c in found),
            }
        )
    matrix = sel.default_matrix()
    points = [
        (r["likelihood"], r["consequence"], f"{r['facility']}: {r['scenario']}") for r in risks
    ]
    return {
        "facilities": rows,
        "tiers": sorted(tiers.items()),
        "places": sorted((region, country, n) for (region, country), n in places.items()),
        "chemicals": sorted(
            chemicals.values(), key=lambda c: (-c["facilities"], c["name"].lower())
        ),
        "top_risks": sorted(risks, key=lambda r: -(r["likelihood"] * r["consequence"]))[:10],
        "heat_map": heat_map(matrix, points),
        "threats": list(authority_threats(authority, user)),
        "capacity": capacity_gaps(authority, user),
    }


def rollup_rows(data: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = [
        ["facility", "operator", "country", "tier", "chemicals of interest", "thresholds crossed"]
    ]
    for row in data["facilities"]:
        f = row["facility"]
        rows.append(
            [
                f.name,
                f.organisation.name,
                f.country,
                row["tier"] or "",
                row["chemicals"],
                row["crossed"],
            ]
        )
    return rows


def _add_chemicals(acc: dict[str, dict[str, Any]], found: list[dict[str, Any]]) -> None:
    for chem in found:
        row = acc.setdefault(
            chem["key"],
            {
                "name": chem["name"],
                "cas": chem["cas"],
                "facilities": 0,
                "total_kg": 0.0,
                "crossed": 0,
            },
        )
        row["facilities"] += 1
        row["total_kg"] += chem["total_kg"]
        row["crossed"] += chem["crossed_count"]


def authority_threats(authority: Organisation, user: AnyUser) -> QuerySet[ThreatProfile]:
    """The authority's national threat profiles the reader may see."""
    threats = facility_sel.threats_visible_to(user)
    return threats.filter(organisation=authority, facility__isnull=True)


def capacity_gaps(authority: Organisation, user: AnyUser) -> dict[str, Any] | None:
    """Section scores of the authority's latest submitted needs assessment the reader may
    see, if any (None: the page says "no needs assessment yet"). Scores left out when only
    confidential answers make them up."""
    from chemsec.frameworks.analysis import assessment_scores
    from chemsec.frameworks.models import Assessment, AssessmentStatus

    latest = (
        Assessment.objects.visible_to(user)
        .filter(organisation=authority, status=AssessmentStatus.SUBMITTED)
        .order_by("-submitted_at")
        .first()
    )
    if latest is None:
        return None
    # The records themselves ride along for the page, which shows their titles translated.
    sections = [
        {"section": section.title, "score": score.score, "object": section}
        for section, score in assessment_scores(latest)
        if not score.only_confidential
    ]
    return {"assessment": latest.title, "record": latest, "sections": sections}
