"""Propose best practices for a stated need, ranked, each with the reasons it was chosen.

Signals, fused by weighted reciprocal rank plus fixed bonuses:
- the compendium's search, which itself fuses full text with semantic similarity;
- the practices linked to the framework section the requester named (strong);
- a shared life-cycle stage or measure type (weak: they refine, they do not find).

`similar_practices` is not called as a second signal: `search_practices` already ranks by
meaning, and a second vote for the same signal lowered recall@5 on the labelled needs
(docs/assistance.md).

Only the compendium's published entries can be proposed, in their current version: entries
approved through its review count as soon as they are published, and a withdrawn or
superseded one is never proposed, whichever signal found it (chemsec.compendium.selectors,
the one source of practices that frameworks reads too).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chemsec.assistance.choices import MeasureType
from chemsec.assistance.reasons import reason
from chemsec.compendium.search import search_practices
from chemsec.compendium.selectors import current_urns, published_practices
from chemsec.core.models import ContentItem

POOL = 30  # candidates taken from each ranked signal
RRF_K = 5  # small: the first few places of each signal should count most
WEIGHTS = {"terms": 1.0, "section": 0.12, "stage": 0.02, "measure": 0.03}


@dataclass
class Match:
    """One proposed practice with its fused score and its reasons, as codes with parameters
    (chemsec.assistance.reasons: written out in each reader's language when shown)."""

    urn: str
    title: str = ""
    summary: str = ""
    stages: list[str] = field(default_factory=list)
    score: float = 0.0
    reasons: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "urn": self.urn,
            "title": self.title,
            "summary": self.summary,
            "stages": self.stages,
            "score": round(self.score, 4),
            "reasons": self.reasons,
        }


def compose_query(*, need: str, title: str = "", measure_type: str = "") -> str:
    """The text sent to search: the need in the requester's words, plus the measure type."""
    parts = [title, need]
    if measure_type in MeasureType.values:
        parts.append(str(MeasureType(measure_type).label))
    return "\n".join(p for p in parts if p)


def match_practices(
    *,
    need: str,
    title: str = "",
    stage: str = "",
    measure_type: str = "",
    framework_section: str = "",
    user: Any = None,
    limit: int = 5,
) -> list[Match]:
    query = compose_query(need=need, title=title, measure_type=measure_type)
    found: dict[str, Match] = {}
    _add_ranked(found, _term_hits(query, user), "terms")
    section = section_by_urn(framework_section) if framework_section else None
    if section is not None:
        _add_section(found, current_urns(section_practices(section)), section)
    practices = published_practices(found)
    for match in found.values():
        _add_facets(match, practices.get(match.urn), stage, measure_type)
    ranked = [m for m in found.values() if m.urn in practices]
    ranked.sort(key=lambda m: (-m.score, m.urn))
    return ranked[:limit]


def _add_ranked(
    found: dict[str, Match], hits: list[tuple[str, list[dict[str, Any]]]], signal: str
) -> None:
    for rank, (urn, reasons) in enumerate(hits, start=1):
        match = found.setdefault(urn, Match(urn=urn))
        match.score += WEIGHTS[signal] / (RRF_K + rank)
        match.reasons += [r for r in reasons if r not in match.reasons]


def _term_hits(query: str, user: Any) -> list[tuple[str, list[dict[str, Any]]]]:
    hits = search_practices(query, limit=POOL, user=user)
    return [(h.urn, list(h.reason_codes) or [reason("need_terms")]) for h in hits]


def _add_section(found: dict[str, Match], urns: list[str], section: dict[str, Any]) -> None:
    linked = reason("framework_section", urn=section.get("urn", ""), code=section.get("code", ""))
    for urn in urns:
        match = found.setdefault(urn, Match(urn=urn))
        match.score += WEIGHTS["section"]
        match.reasons.insert(0, linked)


def _add_facets(match: Match, data: dict[str, Any] | None, stage: str, measure_type: str) -> None:
    if data is None:
        return
    match.title, match.summary = data.get("title", ""), data.get("summary", "")
    match.stages = list(data.get("stages", []))
    if stage and stage in match.stages:
        match.score += WEIGHTS["stage"]
        match.reasons.append(reason("same_stage", stage=stage))
    if measure_type and measure_type in data.get("measure_types", []):
        match.score += WEIGHTS["measure"]
        match.reasons.append(reason("same_measure_type", measure_type=measure_type))


def framework_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every framework's sections as (framework title, [(section URN, "code title")])."""
    groups = []
    for item in ContentItem.objects.filter(kind="framework").order_by("urn"):
        sections = item.data.get("sections", [])
        options = [(s["urn"], f"{s.get('code', '')} {s.get('title', '')}") for s in sections]
        groups.append((item.data.get("title", item.urn), options))
    return groups


def framework_sections_shown() -> tuple[list[tuple[str, list[tuple[str, str]]]], set[str]]:
    """`framework_sections` in the reader's language, from the frameworks' translations
    where they exist; with the option values whose title is left in English."""
    from chemsec.compendium.translations import translations_for

    groups = framework_sections()
    items = ContentItem.objects.filter(kind="framework").order_by("urn")
    frameworks = [item.urn for item in items]
    sections = {s["urn"]: s for item in items for s in item.data.get("sections", [])}
    shown = translations_for([*frameworks, *sections])
    english: set[str] = set()
    translated = []
    for urn, (title, options) in zip(frameworks, groups, strict=True):
        group = shown[urn].fields.get("title") if urn in shown else None
        labels = []
        for value, label in options:
            own = shown[value].fields.get("title") if value in shown else None
            if own:
                label = f"{sections[value].get('code', '')} {own}"
            else:
                english.add(value)
            labels.append((value, label))
        translated.append((group or title, labels))
    return translated, english


def section_by_urn(urn: str) -> dict[str, Any] | None:
    framework_urn = urn.rsplit(":", 1)[0]
    item = ContentItem.objects.filter(kind="framework", urn=framework_urn).first()
    sections = item.data.get("sections", []) if item is not None else []
    return next((s for s in sections if s.get("urn") == urn), None)


def section_practices(section: dict[str, Any]) -> list[str]:
    """The practices a section's questions point to, most often cited first."""
    counts: dict[str, int] = {}
    for question in section.get("questions", []):
        for urn in question.get("practices", []):
            counts[urn] = counts.get(urn, 0) + 1
    return sorted(counts, key=lambda u: (-counts[u], u))
