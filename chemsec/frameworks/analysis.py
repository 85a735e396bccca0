"""Reads that turn answers into scores, ranked gaps with suggested practices, and dashboards."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from chemsec.compendium import search as compendium_search
from chemsec.compendium.selectors import link_resolver
from chemsec.core.choices import Region
from chemsec.core.models import User
from chemsec.frameworks import scoring
from chemsec.frameworks.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Campaign,
    Question,
    Section,
)
from chemsec.frameworks.practice_texts import in_reader_language
from chemsec.frameworks.selectors import (
    campaign_statuses,
    campaign_submissions,
    framework_questions,
)
from chemsec.lib import worldmap

SEMANTIC_LIMIT = 3
# Meaning-based search embeds each query; only the largest gaps are worth the wait.
SEMANTIC_GAPS = 5


@dataclass
class Suggestion:
    urn: str
    title: str
    summary: str
    reasons: list[str]
    language: str = "en"  # of the title and summary: the pages mark English left untranslated


@dataclass
class GapView:
    question: Question
    gap: scoring.Gap
    suggestions: list[Suggestion] = field(default_factory=list)


def _specs(questions: list[Question]) -> list[scoring.QuestionSpec]:
    return [
        scoring.QuestionSpec(q.code, q.section.code, q.answer_type, q.weight) for q in questions
    ]


def _answer_specs(assessment: Assessment) -> list[scoring.AnswerSpec]:
    rows = assessment.answers.values_list("question__code", "value", "confidential")
    return [scoring.AnswerSpec(code, value, secret) for code, value, secret in rows]


def assessment_scores(assessment: Assessment) -> list[tuple[Section, scoring.SectionScore]]:
    sections = {s.code: s for s in assessment.framework.sections.order_by("position")}
    questions = framework_questions(assessment.framework)
    scores = scoring.section_scores(_specs(questions), _answer_specs(assessment))
    return [(sections[score.section], score) for score in scores]


def _chart(items: list[tuple[Section, float | None]]) -> dict[str, Any]:
    bars, height = scoring.bar_chart([(section.code, value) for section, value in items])
    # Each bar with its section: the page shows the section's title in the reader's language.
    sections = [section for section, _value in items]
    return {"bars": list(zip(bars, sections, strict=True)), "height": height, "width": 640}


def score_chart(scores: list[tuple[Section, scoring.SectionScore]]) -> dict[str, Any]:
    return _chart([(section, score.score) for section, score in scores])


def means_chart(dashboard: Dashboard) -> dict[str, Any]:
    return _chart([(row["section"], row["mean"]) for row in dashboard.by_section])


def assessment_gaps(
    assessment: Assessment, *, limit: int | None = None, semantic: bool = True
) -> tuple[list[GapView], bool]:
    """Ranked gaps with suggested practices; the flag says whether semantic matching ran.

    Suggestions are the compendium's published entries only (chemsec.compendium.selectors,
    as assistance reads them): a linked entry withdrawn since is not offered, one superseded
    stands for its replacement, and entries approved through review count once published.
    Without the embedding weights only the linked practices are suggested, and the flag says so.
    """
    questions = framework_questions(assessment.framework)
    by_code = {q.code: q for q in questions}
    gaps = scoring.rank_gaps(_specs(questions), _answer_specs(assessment))[:limit]
    linked = link_resolver(urn for g in gaps for urn in by_code[g.code].practices)
    views = [GapView(by_code[g.code], g) for g in gaps]
    semantic_ran = semantic and compendium_search.semantic_status()[0]
    shown = {  # the linked entries of every gap in the reader's language, in one look-up
        p["urn"]: p
        for p in in_reader_language(p for v in views for p in linked(v.question.practices))
    }
    for index, view in enumerate(views):
        view.suggestions = _linked(
            view.question, [shown[p["urn"]] for p in linked(view.question.practices)]
        )
        if semantic_ran and index < SEMANTIC_GAPS:
            text = f"{view.question.section.title}. {view.question.text}"
            # The question as stored, in English (the page shows its translation).
            suggested = compendium_search.similar_practices(
                text, limit=SEMANTIC_LIMIT, language="en"
            )
            _add_semantic(view, suggested)
    _translate_suggestions([s for view in views for s in view.suggestions if s.language == "en"])
    return views, semantic_ran


def _translate_suggestions(suggestions: list[Suggestion]) -> None:
    """Suggestions still in English (semantic hits) in the reader's language where the
    compendium has a translation: one look-up for the page."""
    shown = {
        p["urn"]: p
        for p in in_reader_language(
            {"urn": s.urn, "title": s.title, "summary": s.summary} for s in suggestions
        )
    }
    for suggestion in suggestions:
        text = shown[suggestion.urn]
        suggestion.title, suggestion.summary = text["title"], text["summary"]
        suggestion.language = text["language"]


def _linked(question: Question, practices: list[dict[str, Any]]) -> list[Suggestion]:
    reason = _("Linked to question %(code)s in the framework.") % {"code": question.code}
    return [
        Suggestion(p["urn"], p["title"], p["summary"], [reason], p["language"]) for p in practices
    ]


def _add_semantic(view: GapView, hits: list[Any]) -> None:
    known = {s.urn: s for s in view.suggestions}
    for hit in hits:
        reasons = [str(r) for r in getattr(hit, "reasons", [])] or [
            _("Similar in meaning to the question (score %(score).2f).") % {"score": hit.score}
        ]
        if hit.urn in known:
            known[hit.urn].reasons += reasons
            continue
        view.suggestions.append(
            Suggestion(hit.urn, hit.title, hit.summary, reasons, getattr(hit, "language", "en"))
        )


@dataclass
class Dashboard:
    campaign: Campaign
    sections: list[Section]
    statuses: list[tuple[Any, str]]
    heat: list[dict[str, Any]]
    by_section: list[dict[str, Any]]
    by_region: list[dict[str, Any]]


def campaign_dashboard(user: User | AnonymousUser, campaign: Campaign) -> Dashboard:
    """Status per invitee, and section scores by State and region.

    Only section-level aggregates leave this function: answers marked confidential count
    in them, but a cell whose score rests on confidential answers alone is masked.
    """
    sections = list(campaign.framework.sections.order_by("position"))
    codes = [s.code for s in sections]
    statuses = campaign_statuses(campaign)
    labels = dict(AssessmentStatus.choices)
    status_rows = [
        (org, str(labels.get(statuses.get(org.pk, ""), _("Not started"))))
        for org in campaign.invited.order_by("name")
    ]
    specs = _specs(framework_questions(campaign.framework))
    submissions = list(campaign_submissions(user, campaign))
    answers = _answer_specs_of(submissions)
    heat = [_heat_row(a, codes, specs, answers.get(a.pk, [])) for a in submissions]
    heat.sort(key=lambda row: row["organisation"].name)
    return Dashboard(
        campaign, sections, status_rows, heat, _by_section(heat, sections), _by_region(heat, codes)
    )


def _answer_specs_of(assessments: list[Assessment]) -> dict[Any, list[scoring.AnswerSpec]]:
    """The answers of many assessments in one query, by assessment id."""
    rows = Answer.objects.filter(assessment__in=assessments).values_list(
        "assessment_id", "question__code", "value", "confidential"
    )
    out: dict[Any, list[scoring.AnswerSpec]] = {}
    for assessment_id, code, value, secret in rows:
        out.setdefault(assessment_id, []).append(scoring.AnswerSpec(code, value, secret))
    return out


def _heat_row(
    assessment: Assessment,
    codes: list[str],
    specs: list[scoring.QuestionSpec],
    answers: list[scoring.AnswerSpec],
) -> dict[str, Any]:
    scores = scoring.section_scores(specs, answers)
    visible = {s.section: (None if s.only_confidential else s.score) for s in scores}
    raw = {s.section: s.score for s in scores}
    masked = {s.section for s in scores if s.only_confidential}
    cells = [
        {
            "code": code,
            "score": visible.get(code),
            "masked": code in masked,
            "css": scoring.heat_class(visible.get(code)),
        }
        for code in codes
    ]
    organisation = assessment.organisation
    return {
        "organisation": organisation,
        "region": organisation.region,
        "cells": cells,
        "raw": raw,
        "visible": visible,
    }


def _pooled(rows: list[dict[str, Any]]) -> list[dict[str, float | None]]:
    # A mean over one State is that State's score: only a real pool may use masked cells.
    key = "raw" if len(rows) >= 2 else "visible"
    return [row[key] for row in rows]


def _by_section(heat: list[dict[str, Any]], sections: list[Section]) -> list[dict[str, Any]]:
    means = scoring.mean_by_section(_pooled(heat), [s.code for s in sections])
    return [
        {"section": s, "mean": means[s.code], "css": scoring.heat_class(means[s.code])}
        for s in sections
    ]


def _by_region(heat: list[dict[str, Any]], codes: list[str]) -> list[dict[str, Any]]:
    labels = dict(Region.choices)
    regions = sorted({row["region"] for row in heat})
    out = []
    for region in regions:
        rows = [row for row in heat if row["region"] == region]
        means = scoring.mean_by_section(_pooled(rows), codes)
        out.append(
            {
                "region": str(labels.get(region, _("No region"))),
                "states": len(rows),
                "cells": [{"score": means[c], "css": scoring.heat_class(means[c])} for c in codes],
            }
        )
    return out


@dataclass(frozen=True)
class NeedsMap:
    """A campaign's needs on a world map: each State's mean section score (0-4), shaded
    from the weakest (heat-0) to leading (heat-4), and States the outline does not draw."""

    countries: list[worldmap.Country]
    viewbox: str
    undrawn: list[str]
    states: list[tuple[str, float, str]]  # name in the reader's language, mean, heat class


def needs_map(dashboard: Dashboard, language: str) -> NeedsMap:
    """Mean of the visible section scores of each State's submitted assessments (cells a
    lone confidential answer would reveal stay out, as in the heat map)."""
    scores: dict[str, list[float]] = {}
    for row in dashboard.heat:
        country = (row["organisation"].country or "").upper()
        visible = [s for s in row["visible"].values() if s is not None]
        if country and visible:
            scores.setdefault(country, []).extend(visible)
    means = {code: round(sum(v) / len(v), 1) for code, v in scores.items()}
    drawn, undrawn = worldmap.countries(
        means, language=language, shade=lambda mean: min(4, max(0, int(mean)))
    )
    states = sorted(
        (
            (worldmap.country_name(code, language), mean, scoring.heat_class(mean))
            for code, mean in means.items()
        ),
        key=lambda state: (state[1], state[0]),
    )
    return NeedsMap(drawn, worldmap.viewbox(), undrawn, states)
