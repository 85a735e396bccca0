"""Compendium search: full text (SQLite FTS5 or PostgreSQL) fused with semantic similarity.

`search_practices` and `similar_practices` are called by other apps (gap matching, assistance
requests); keep their signatures stable. `search` also returns facet counts for pages and API.

Why a hit matched is kept as codes with parameters (`PracticeHit.reason_codes`:
``[{"code": ..., "params": {...}}]``, codes in `REASONS`) and written out in the active
language (`PracticeHit.reasons`, `reason_text`): a caller that stores them (an assistance
request's matches) stores the codes and renders them for each reader.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils import formats
from django.utils.translation import get_language, gettext, gettext_noop

from chemsec.compendium import (
    catalogue,
    embedding,
    fulltext,
    multilingual,
    multilingual_embedding,
    semantic,
)
from chemsec.compendium.catalogue import Catalogue
from chemsec.compendium.choices import FACET_LABELS, TAXONOMY
from chemsec.compendium.models import Practice, Translation
from chemsec.compendium.translations import translations_for
from chemsec.core.templatetags.list_join import list_separator
from chemsec.lib import lexical

RRF_K = 60  # reciprocal rank fusion constant; 60 is the value from the original paper
DEPTH = 200  # candidates taken from each ranking before fusion
_STOPWORDS_TEXT = """
a an and are as at be by for from how i in is it of on or that the this to was what
when where which who why will with we our you your do does goes get got
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

# Why a hit matched: code -> English message (for the translators), with its parameters:
# the query's words found ({"terms": [...]}), the meaning score ({"value": 0.83}), a facet
# chosen and the codes of it the entry has ({"facet": "stage", "values": ["storage"]}).
REASONS: dict[str, str] = {
    "search_terms": gettext_noop("matches %(terms)s"),
    "search_similarity": gettext_noop("semantic similarity %(value).2f"),
    "search_facet": gettext_noop("%(facet)s: %(values)s"),
    "search_translation_words": gettext_noop("matches the query's words in its translation"),
}


@dataclass
class PracticeHit:
    urn: str
    title: str
    summary: str
    stages: list[str]
    score: float
    reasons: list[str] = field(default_factory=list)  # in the active language
    audiences: list[str] = field(default_factory=list)
    measure_types: list[str] = field(default_factory=list)
    threats: list[str] = field(default_factory=list)
    language: str = "en"
    status: str = "published"
    reason_codes: list[dict[str, Any]] = field(default_factory=list)  # `reasons` as codes


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
    # Likewise the multilingual model, which ranks queries in every language by meaning:
    # without it a query in another language than English matches words only.
    multilingual_available: bool = True
    multilingual_note: str = ""


def semantic_status() -> tuple[bool, str]:
    """(available, why not) of meaning-based search on this server."""
    state = embedding.status()
    return state.available, state.reason


def multilingual_status() -> tuple[bool, str]:
    """(available, why not) of meaning-based search in every language on this server."""
    state = multilingual_embedding.status()
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
    across_available, across_note = multilingual_status()
    if not query.strip():
        rows = np.flatnonzero(allowed)  # the snapshot is in title order
        page = [(int(row), 0.0) for row in rows[offset : offset + limit]]
        hits = in_reader_language(_hits(snapshot, page, {}, [], chosen))
        counts = facet_counts(snapshot, allowed, chosen)
        return SearchResult(
            hits, len(rows), counts, "", chosen, available, note, across_available, across_note
        )
    matching, text = _text_ranked(snapshot, allowed, terms)
    translated = _translated_ranked(snapshot, allowed, query)
    matching[translated] = True
    use_meaning = semantic_search and available
    meaning = semantic.ranked(snapshot, allowed, query, DEPTH) if use_meaning else []
    use_across = semantic_search and across_available
    # Every allowed entry by the multilingual model, best first; those above its floor match.
    order = _multilingual_order(snapshot, allowed, query) if use_across else []
    across = [(row, s) for row, s in order if s >= semantic.MULTILINGUAL_MIN_SIMILARITY]
    matching[[row for row, _s in meaning]] = True
    matching[[row for row, _s in across]] = True
    rankings = [text, translated, [row for row, _s in meaning]]
    similarity = {**dict(across), **dict(meaning)}
    if translated and not (get_language() or "en").startswith("en"):
        # The query's words are in the reader's language's translations: the query is in that
        # language, and the English indexes (full text, MiniLM) would rank noise against it;
        # the multilingual model reads it in its own language, so its ranking stays.
        rankings = [translated]
        similarity = dict(across)
    fused = _fuse(rankings, across=[row for row, _s in across], order=[row for row, _s in order])
    # Every hit says why it is there: an entry that the multilingual model placed below its
    # floor, or that only a translation's words found, still shows that score or that match.
    similarity = {**dict(order), **similarity}
    page = fused[offset : offset + limit]
    hits = _hits(snapshot, page, similarity, terms, chosen, set(translated))
    hits = in_reader_language(hits)
    counts = facet_counts(snapshot, matching, chosen)
    total = int(matching.sum())
    return SearchResult(
        hits, total, counts, query, chosen, available, note, across_available, across_note
    )


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


def _multilingual_order(snapshot: Catalogue, allowed: Any, query: str) -> list[tuple[int, float]]:
    return semantic.ranked_multilingual(snapshot, allowed, query, DEPTH, floor=-1.0)


def in_reader_language(hits: list[PracticeHit]) -> list[PracticeHit]:
    """Hits titled and summarised in the reader's language where a translation exists."""
    shown = translations_for([hit.urn for hit in hits])
    for hit in hits:
        if hit.urn in shown:
            hit.title = shown[hit.urn].get("title", hit.title)
            hit.summary = shown[hit.urn].get("summary", hit.summary)
            hit.language = shown[hit.urn].language  # the pages mark the English left
    return hits


def _fuse(
    rankings: list[list[int]], *, across: Sequence[int] = (), order: Sequence[int] = ()
) -> list[tuple[int, float]]:
    """Reciprocal rank fusion of the rankings and of the multilingual model's.

    The multilingual model ranks every entry (`order`), and each candidate (an entry another
    ranking found, or one above the model's floor: `across`) scores by its place there.
    Cut at the floor instead, its list left out the entries it placed just below, and those
    lost to entries found by both (a Chinese "verify customers before selling" lost the
    suspicious-order handling, second by its words, to purchasing controls)."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for position, row in enumerate(ranking, start=1):
            scores[row] = scores.get(row, 0.0) + 1.0 / (RRF_K + position)
    for row in across:
        scores.setdefault(row, 0.0)
    for position, row in enumerate(order, start=1):
        if row in scores:
            scores[row] += 1.0 / (RRF_K + position)
    return sorted(scores.items(), key=lambda item: -item[1])


def _hits(
    snapshot: Catalogue,
    page: list[tuple[int, float]],
    similarity: dict[int, float],
    terms: list[str],
    chosen: dict[str, list[str]],
    translated: Collection[int] = (),
) -> list[PracticeHit]:
    # The search vector is never shown; PostgreSQL would send it with every hit.
    entries = Practice.objects.defer("search_vector")
    by_pk = entries.in_bulk([snapshot.ids[row] for row, _s in page])
    if terms and by_pk:
        _with_translations(list(by_pk.values()), terms)
    hits = []
    for row, score in page:
        practice = by_pk.get(snapshot.ids[row])
        if practice is None:  # removed since the snapshot was taken
            continue
        reasons = _term_reasons(practice, terms)
        if not reasons and row in translated:
            reasons.append({"code": "search_translation_words", "params": {}})
        if row in similarity:
            value = round(float(similarity[row]), 4)
            reasons.append({"code": "search_similarity", "params": {"value": value}})
        hits.append(_hit(practice, score, reasons + _facet_reasons(practice, chosen)))
    return hits


def _term_reasons(practice: Practice, terms: list[str]) -> list[dict[str, Any]]:
    """The query's words the entry holds as whole words (never inside another word:
    "port" is not in "transport"), stop words left out: in its English text (English
    endings set aside) or in its translations (`lexical` folding and stemming)."""
    english = " ".join(
        [practice.title, practice.summary, " ".join(practice.keywords), practice.body]
    )
    words = {_english_stem(w) for w in _WORD.findall(english.casefold())}
    translated = set(_translated_tokens(practice))
    found = []
    for term in terms:
        if not _reason_term(term):
            continue
        stems = lexical.tokens(term)
        if _english_stem(term.casefold()) in words or (stems and set(stems) <= translated):
            found.append(term)
    return [{"code": "search_terms", "params": {"terms": found}}] if found else []


_WORD = re.compile(r"\w+")
#: English words too common to say why an entry matched (beside the search's STOPWORDS and
#: those of `lexical`, which also holds the other UN languages' own).
_REASON_STOPWORDS_TEXT = """
    about after again against all also any because been before being between both but can
    could did each even every few had has have he her here him his if into its just like
    may me more most must my no nor not now off once only other others out over own same
    she should so some such than their them then there these they those through too under
    until up us very were while whom would yet
    """
_REASON_STOPWORDS = frozenset(_REASON_STOPWORDS_TEXT.split())
_ENGLISH_ENDINGS = ("ations", "ation", "ings", "ing", "ers", "er", "ies", "ied", "es", "ed", "s")


def _reason_term(term: str) -> bool:
    folded = term.casefold()
    if folded in STOPWORDS or folded in _REASON_STOPWORDS or folded.isdigit():
        return False
    return bool(lexical.tokens(term))  # not a stop word of another language either


def _english_stem(word: str) -> str:
    """A light English stem, the same for both sides of a comparison: the common endings
    off ("transported", "transports" -> "transport"), a final e and a doubled last letter
    too ("stopping" -> "stop", "stored", "store" -> "stor"); short words kept whole."""
    for ending in _ENGLISH_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[: -len(ending)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "ls":
        word = word[:-1]
    return word


def _translated_tokens(practice: Practice) -> list[str]:
    """The index terms of the entry's translations (set on it by `_hits`, one query)."""
    texts: list[str] = getattr(practice, "translated_texts", [])
    return [token for text in texts for token in lexical.tokens(text)]


def _with_translations(practices: list[Practice], terms: list[str]) -> None:
    """Give each entry `translated_texts`: the texts of its translations into the languages
    the query's words may be written in (`multilingual.languages_for`), in one query."""
    languages = multilingual.languages_for(" ".join(terms))
    rows = Translation.objects.filter(
        urn__in=[p.urn for p in practices], kind="practice", language__in=languages
    ).values_list("urn", "fields")
    texts: dict[str, list[str]] = {}
    for urn, fields in rows:
        parts = [fields.get(name) or "" for name in ("title", "summary", "body")]
        texts.setdefault(urn, []).extend([*parts, " ".join(fields.get("keywords") or [])])
    for practice in practices:
        practice.translated_texts = texts.get(practice.urn, [])  # type: ignore[attr-defined]


def _facet_reasons(practice: Practice, chosen: dict[str, list[str]]) -> list[dict[str, Any]]:
    reasons = []
    for facet, codes in chosen.items():
        fieldname, _vocabulary = TAXONOMY[facet]
        value = getattr(practice, fieldname)
        values = value if isinstance(value, list) else [value]
        found = [code for code in codes if code in values]
        if found:
            reasons.append({"code": "search_facet", "params": {"facet": facet, "values": found}})
    return reasons


def _facet_value(facet: str, code: str) -> str:
    vocabulary = TAXONOMY[facet][1] if facet in TAXONOMY else None
    return str(vocabulary(code).label) if vocabulary and code in vocabulary.values else code


def reason_text(entry: Any) -> str | None:
    """One of `REASONS` with its parameters, written out in the active language (labels of
    facets and their codes translated, lists joined as the language joins them); None for
    an entry that is not one of them."""
    code = entry.get("code") if isinstance(entry, dict) else None
    raw = entry.get("params") if isinstance(entry, dict) else None
    params: dict[str, Any] = raw if isinstance(raw, dict) else {}
    separator = list_separator()
    try:
        if code == "search_terms":
            terms = separator.join(str(t) for t in params.get("terms") or [])
            return gettext(REASONS[code]) % {"terms": terms}
        if code == "search_similarity":
            # Stored as a number, written as the reader's language writes numbers; the
            # message keeps its msgid ("%(value).2f"): the number comes in already written.
            message = gettext(REASONS[code]).replace("%(value).2f", "%(value)s")
            value = formats.number_format(float(params["value"]), 2, use_l10n=True)
            return message % {"value": value}
        if code == "search_translation_words":
            return gettext(REASONS[code])
        if code == "search_facet":
            facet = str(params.get("facet", ""))
            values = [_facet_value(facet, str(v)) for v in params.get("values") or []]
            label = str(FACET_LABELS.get(facet, facet))
            return gettext(REASONS[code]) % {"facet": label, "values": separator.join(values)}
    except (KeyError, TypeError, ValueError):  # parameters (or a translation) that do not fit
        return None
    return None


def _hit(practice: Practice, score: float, codes: list[dict[str, Any]]) -> PracticeHit:
    return PracticeHit(
        urn=practice.urn,
        title=practice.title,
        summary=practice.summary,
        stages=list(practice.stages),
        score=round(score, 6),
        reasons=[text for text in map(reason_text, codes) if text is not None],
        reason_codes=codes,
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


def similar_practices(
    text: str, *, limit: int = 5, language: str | None = None
) -> list[PracticeHit]:
    """Entries closest in meaning to a free text (a gap, a request), best first.

    The text is read in `language` (the active one by default: a gap's question is shown in
    the reader's language). English text is ranked by the English model (all-MiniLM-L6-v2,
    recall@5 1.00 on the labelled needs against 0.95 for the multilingual one); any other
    by the multilingual model over every entry's English and translations (0.89 to 0.95,
    where MiniLM gives 0 to 0.36: docs/translations.md). Each falls back to the other when
    its model or vectors are missing, and full text is the last resort.
    """
    snapshot = catalogue.current()
    allowed = np.ones(len(snapshot.ids), dtype=bool)
    english = _language_code(language) == "en"
    rankers = (semantic.ranked, semantic.ranked_multilingual)
    for rank in rankers if english else rankers[::-1]:
        meaning = rank(snapshot, allowed, text, limit)
        if meaning:
            return _hits(snapshot, meaning, dict(meaning), [], {})
    return search(text, limit=limit, semantic_search=False).hits


def _language_code(language: str | None) -> str:
    return (language or get_language() or "en").lower().replace("_", "-").split("-")[0]
