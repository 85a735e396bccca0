"""Reads that assemble a risk register and the national roll-up for pages, API and exports."""

from __future__ import annotations

from collections import Counter
from typing import Any

from chemsec.core.models import Organisation
from chemsec.facilities import selectors as sel
from chemsec.facilities.matrices import entry_ratings, heat_map, measure_what_if
from chemsec.facilities.models import RiskAssessment
from chemsec.facilities.thresholds import tier


def register(assessment: RiskAssessment) -> dict[str, Any]:
    """Entries with inherent, current and residual risk, measures with what-if, a heat map."""
    matrix = assessment.matrix or sel.default_matrix()
    entries = assessment.entries.select_related("scenario", "scenario__threat", "scenario__area")
    rows = []
    for entry in entries.prefetch_related("measures"):
        ratings = entry_ratings(entry, assessment.method, matrix)
        measures = [
            {"measure": m, "what_if": measure_what_if(entry, m, assessment.method, matrix)}
            for m in entry.measures.all()
        ]
        rows.append({"entry": entry, "ratings": ratings, "measures": measures})
    points = [
        (
            r["ratings"]["current"].likelihood,
            r["ratings"]["current"].consequence,
            r["entry"].scenario.name,
        )
        for r in rows
    ]
    return {"rows": rows, "heat_map": heat_map(matrix, points), "matrix": matrix}


def top_risks(assessment: RiskAssessment, limit: int = 5) -> list[dict[str, Any]]:
    data = register(assessment)
    levels = [str(s["code"] if isinstance(s, dict) else s) for s in data["matrix"]["levels"]]
    ranked = sorted(
        data["rows"],
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
            "value": r["ratings"]["current"].value,
            "likelihood": r["ratings"]["current"].likelihood,
            "consequence": r["ratings"]["current"].consequence,
        }
        for r in ranked[:limit]
    ]


def rollup(authority: Organisation) -> dict[str, Any]:
    """What an authority sees of the facilities that share with it, and its own threats."""
    facilities = list(sel.facilities_shared_with(authority))
    rows, risks = [], []
    tiers: Counter[str] = Counter()
    places: Counter[tuple[str, str]] = Counter()
    chemicals: dict[str, dict[str, Any]] = {}
    for facility in facilities:
        found = sel.chemicals_of_interest(facility)
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
        "threats": list(authority_threats(authority)),
        "capacity": capacity_gaps(authority),
    }


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


def authority_threats(authority: Organisation) -> Any:
    from chemsec.facilities.models import ThreatProfile

    return ThreatProfile.objects.filter(organisation=authority, facility__isnull=True)


def capacity_gaps(authority: Organisation) -> dict[str, Any] | None:
    """Section scores of the authority's latest submitted needs assessment, if any.

    The frameworks app is built in parallel and imported lazily: without it (or without a
    submitted assessment) the page says "no needs assessment yet".
    """
    try:
        from chemsec.frameworks.analysis import assessment_scores
        from chemsec.frameworks.models import Assessment
    except ImportError:
        return None
    try:
        latest = (
            Assessment.objects.filter(organisation=authority, status="submitted")
            .order_by("-submitted_at")
            .first()
        )
        if latest is None:
            return None
        sections = [
            {"section": section.title, "score": score.score}
            for section, score in assessment_scores(latest)
            if not score.only_confidential
        ]
    except Exception:  # another app's data problem must not break the roll-up
        return None
    return {"assessment": latest.title, "sections": sections}
