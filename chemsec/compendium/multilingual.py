"""Search in the query's language over the translated practices (docs/translations.md).

The English full-text index and the two sentence embeddings (MiniLM, English only, and the
multilingual model, `multilingual_embedding`) rank every query; a query in another language
is also matched word for word (chemsec.lib.lexical) against the practices' translations into
the languages its script can be written in, and the rankings are fused (`search`). One index
per language, rebuilt when its translations change.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max

from chemsec.compendium import fulltext
from chemsec.compendium.models import Practice, Translation
from chemsec.compendium.translations import content_language
from chemsec.lib.lexical import Index, script

#: The overlay languages a query in each script may be written in.
LANGUAGES_BY_SCRIPT = {
    "arabic": ("ar",),
    "cjk": ("zh",),
    "cyrillic": ("ru",),
    "latin": ("fr", "es"),
}
_INDEXES: dict[str, tuple[Any, Index]] = {}


def wanted(query: str) -> bool:
    """Worth looking in the translations: a reader not in English, or a non-ASCII query.
    (An English reader's ASCII query costs no extra database query.)"""
    return content_language() is not None or not query.isascii()


def languages_for(query: str) -> tuple[str, ...]:
    """The translated languages the query may be in: its script's, the reader's first."""
    candidates = LANGUAGES_BY_SCRIPT[script(query)]
    reader = content_language()
    return tuple(sorted(candidates, key=lambda lang: lang != reader))


def index(language: str) -> Index:
    """The language's practice index, rebuilt only when its translations changed."""
    rows = Translation.objects.filter(language=language, kind="practice")
    stamp = tuple(rows.aggregate(n=Count("pk"), last=Max("updated_at")).values())
    cached = _INDEXES.get(language)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    built = Index()
    for urn, fields in rows.values_list("urn", "fields"):
        built.add(
            urn,
            [
                (fields.get("title", ""), 3),
                (" ".join(fields.get("keywords", [])), 2),
                (fields.get("summary", ""), 2),
                (fields.get("body", ""), 1),
            ],
        )
    _INDEXES[language] = (stamp, built)
    return built


def ranked(query: str, limit: int = 200) -> list[tuple[Any, float]]:
    """Full-text keys (as `fulltext.scores` gives them) of the practices whose translation
    matches the query's words, best first."""
    if not wanted(query):
        return []
    scores: dict[str, float] = {}
    for language in languages_for(query):
        for urn, score in index(language).ranked(query, limit):
            scores[urn] = max(scores.get(urn, 0.0), score)
    if not scores:
        return []
    pks = dict(Practice.objects.filter(urn__in=list(scores)).values_list("urn", "pk"))
    found = [(fulltext.key(pks[urn]), s) for urn, s in scores.items() if urn in pks]
    return sorted(found, key=lambda item: -item[1])[:limit]
