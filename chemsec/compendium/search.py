"""Compendium search: full text (SQLite FTS5 or PostgreSQL) fused with semantic similarity.

`search_practices` and `similar_practices` are called by other apps (gap matching, assistance
requests); keep their signatures stable. `search` also returns facet counts for pages and API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chemsec.compendium import catalogue, embedding, fulltext, multilingual, semantic
from chemsec.compendium.catalogue import Catalogue
from chemsec.compendium.choices import FACET_LABELS, TAXONOMY
from chemsec.compendium.models import Practice
from chemsec.compendium.translations import translations_for

RRF_K = 60  # reciprocal rank fusion constant; 60 is the value from the original paper
DEPTH = 200  # candidates taken from each ranking before fusion
_STOPWORDS_TEXT = """
a an and are as at be by for from how i in is it of on or that the this to was what
when where which who why will with we our you your do does goes get got
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


@dataclass
class PracticeHit:
    urn: str
    title: str
    summary: str
    stages: list[str]
    score: float
    reasons: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    measure_types: list[str] = field(default_factory=list)
    threats: list[str] = field(default_factory=list)
    language: str = "en"
    status: str = "published"


@dataclass
class SearchResult:
    hits: list[PracticeHit]
    total: int
    facets: dict[str, list[dict[str, Any]]]
    query: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    # Whether meaning-based ranking can run on this server; when it cannot, `semantic_note`
    # says why, and pages and API show it: results then match words only, never silently.
    semantic_available: bool = True
    semantic_note: str = ""


def semantic_status() -> tuple[bool, str]:
    """(available, why not) of meaning-based search on this server."""
    state = embedding.status()
    return state.available, state.reason


def query_terms(query: str) -> list[str]:
    words = re.findall(r"\w+", query.lower())
    return list(dict.fromkeys(w for w in words if w not in STOPWORDS and len(w) > 1))


def clean_filters(filters: dict[str, list[str]] | None) -> dict[str, list[str]]:
    """Known facets and codes only; anything else is ignored rather than failing a search."""
    cleaned = {}
    for facet, codes in (filters or {}).items():
        if facet in TAXONOMY:
            valid = [c for c in codes if c in TAXONOMY[facet][1].values]
            if valid:
                cleaned[facet] = list(dict.fromkeys(valid))
    return cleaned


def search(
    query: str,
    *,
    filters: dict[str, list[str]] | None = None,
    limit: int = 10,
    offset: int = 0,
    user: Any = None,
    semantic_search: bool = True,
) -> SearchResult:
    """Ranked hits (reciprocal rank fusion of full text and meaning) and facet counts."""
    chosen = clean_filters(filters)
    snapshot = catalogue.current()
    allowed = snapshot.mask(chosen)
    terms = query_terms(query)
    available, note = semantic_status()
    if not query.strip():
        rows = np.flatnonzero(allowed)  # the snapshot is in title order
        page = [(int(row), 0.0) for row in rows[offset : offset + limit]]
        hits = in_reader_language(_hits(snapshot, page, {}, [], chosen))
        counts = facet_counts(snapshot, allowed, chosen)
        return SearchResult(hits, len(rows), counts, "", chosen, available, note)
    matching, text = _text_ranked(snapshot, allowed, terms)
    translated = _translated_ranked(snapshot, allowed, query)
    matching[translated] = True
    use_meaning = semantic_search and available
    meaning = semantic.ranked(snapshot, allowed, query, DEPTH) if use_meaning else []
    matching[[row for row, _s in meaning]] = True
    rankings = [text, translated, [row for row, _s in meaning]]
    if translated and not (get_language() or "en").startswith("en"):
        # The query's words are in the reader's language's translations: the query is in that
        # language, and the English indexes (full text, MiniLM) would rank noise against it.
        rankings = [translated]
    fused = _fuse(rankings)
    hits = _hits(snapshot, fused[offset : offset + limit], dict(meaning), terms, chosen)
    hits = in_reader_language(hits)
    counts = facet_counts(snapshot, matching, chosen)
    return SearchResult(hits, int(matching.sum()), counts, query, chosen, available, note)


def _text_ranked(snapshot: Catalogue, allowed: Any, terms: list[str]) -> tuple[Any, list[int]]:
    """Which allowed rows match the words (all count for totals and facets), and the best
    DEPTH of them in order; equal scores keep title order, whatever order the database used.
    """
    found = fulltext.scores(terms)
    rows = snapshot.rows([key for key, _s in found])
    scores = np.fromiter((s for _k, s in found), dtype=np.float64, count=len(found))
    keep = rows >= 0  # not in the snapshot: unpublished, or changed since it was taken
    keep[keep] = allowed[rows[keep]]  # nor outside the chosen filters
    rows, scores = rows[keep], scores[keep]
    matching = np.zeros(len(snapshot.ids), dtype=bool)
    matching[rows] = True
    if len(rows) > DEPTH:  # sort only what can reach the top (ties at the cut included)
        cut = np.partition(scores, len(scores) - DEPTH)[len(scores) - DEPTH]
        rows, scores = rows[scores >= cut], scores[scores >= cut]
    best = rows[np.lexsort((rows, -scores))[:DEPTH]]
    return matching, [int(row) for row in best]


def _translated_ranked(snapshot: Catalogue, allowed: Any, query: str) -> list[int]:
    """Allowed rows whose translation matches the query's words (`multilingual`)."""
    found = multilingual.ranked(query, DEPTH)
    rows = snapshot.rows([key for key, _s in found])
    return [int(row) for row in rows if row >= 0 and allowed[row]]


def in_reader_language(hits: list[PracticeHit]) -> list[PracticeHit]:
    """Hits titled and summarised in the reader's language where a translation exists."""
    shown = translations_for([hit.urn for hit in hits])
    for hit in hits:
        if hit.urn in shown:
            hit.title = shown[hit.urn].get("title", hit.title)
            hit.summary = shown[hit.urn].get("summary", hit.summary)
            hit.language = shown[hit.urn].language  # the pages mark the English left
    return hits


def _fuse(rankings: list[list[int]]) -> list[tuple[int, float]]:
    scores: dict[int, float] = {}
    for ranking in rankings:
        for position, row in enumerate(ranking, start=1):
            scores[row] = scores.get(row, 0.0) + 1.0 / (RRF_K + position)
    return sorted(scores.items(), key=lambda item: -item[1])


def _hits(
    snapshot: Catalogue,
    page: list[tuple[int, float]],
    similarity: dict[int, float],
    terms: list[str],
    chosen: dict[str, list[str]],
) -> list[PracticeHit]:
    # The search vector is never shown; PostgreSQL would send it with every hit.
    entries = Practice.objects.defer("search_vector")
    by_pk = entries.in_bulk([snapshot.ids[row] for row, _s in page])
    hits = []
    for row, score in page:
        practice = by_pk.get(snapshot.ids[row])
        if practice is None:  # removed since the snapshot was taken
            continue
        reasons = _term_reasons(practice, terms)
        if row in similarity:
            reasons.append(_("semantic similarity %(value).2f") % {"value": similarity[row]})
        hits.append(_hit(practice, score, reasons + _facet_reasons(practice, chosen)))
    return hits


def _term_reasons(practice: Practice, terms: list[str]) -> list[str]:
    text = " ".join(
        [practice.title, practice.summary, " ".join(practice.keywords), practice.body]
    ).lower()
    # A crude stem (drop the last two letters of long words) mirrors what the index matched.
    found = [t for t in terms if (t[:-2] if len(t) > 5 else t) in text]
    return [_("matches %(terms)s") % {"terms": ", ".join(found)}] if found else []


def _facet_reasons(practice: Practice, chosen: dict[str, list[str]]) -> list[str]:
    reasons = []
    for facet, codes in chosen.items():
        fieldname, vocabulary = TAXONOMY[facet]
        value = getattr(practice, fieldname)
        values = value if isinstance(value, list) else [value]
        labels = [str(vocabulary(code).label) for code in codes if code in values]
        if labels:
            reasons.append(f"{FACET_LABELS[facet]}: {', '.join(labels)}")
    return reasons


def _hit(practice: Practice, score: float, reasons: list[str]) -> PracticeHit:
    return PracticeHit(
        urn=practice.urn,
        title=practice.title,
        summary=practice.summary,
        stages=list(practice.stages),
        score=round(score, 6),
        reasons=reasons,
        audiences=list(practice.audiences),
        measure_types=list(practice.measure_types),
        threats=list(practice.threats),
        language=practice.language,
        status=practice.status,
    )


def facet_counts(
    snapshot: Catalogue, rows: Any, chosen: dict[str, list[str]]
) -> dict[str, list[dict[str, Any]]]:
    """Counts of every taxonomy code among the entries matching the query and filters."""
    counts = snapshot.counts(rows)
    facets = {}
    for facet, (_field, vocabulary) in TAXONOMY.items():
        selected = chosen.get(facet, [])
        facets[facet] = [
            {"code": code, "label": str(label), "count": counts[(facet, code)],
             "selected": code in selected}
            for code, label in vocabulary.choices
            if facet != "language" or counts[(facet, code)] or code in selected
        ]  # fmt: skip
    return facets


def search_practices(
    query: str,
    *,
    filters: dict[str, list[str]] | None = None,
    limit: int = 10,
    user: Any = None,
) -> list[PracticeHit]:
    """The best published entries for a query, best first, each with why it matched."""
    return search(query, filters=filters, limit=limit, user=user).hits


def similar_practices(text: str, *, limit: int = 5) -> list[PracticeHit]:
    """Entries closest in meaning to a free text (a gap, a request); full text if no model."""
    snapshot = catalogue.current()
    allowed = np.ones(len(snapshot.ids), dtype=bool)
    meaning = semantic.ranked(snapshot, allowed, text, limit)
    if not meaning:
        return search(text, limit=limit, semantic_search=False).hits
    return _hits(snapshot, meaning, dict(meaning), [], {})
