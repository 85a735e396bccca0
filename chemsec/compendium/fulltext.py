"""Full-text matching, one contract on two databases: SQLite FTS5 (bm25) or PostgreSQL (ts_rank).

Terms are joined with OR so that an entry matching most words still ranks; bm25 and ts_rank put
entries matching more (and rarer) words first, title and keywords weighing most.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F

from chemsec.compendium.index import FTS_TABLE, is_postgres
from chemsec.compendium.models import Practice

# bm25 column weights in table order: practice_id (unindexed), title, keywords, summary, body.
_BM25 = f"bm25({FTS_TABLE}, 0.0, 10.0, 6.0, 4.0, 1.0)"


def fts5_expression(terms: list[str]) -> str:
    """Each term quoted, so no FTS5 syntax can be injected (porter stemming handles endings)."""
    return " OR ".join('"' + term.replace('"', "") + '"' for term in terms)


def pg_query(terms: list[str]) -> SearchQuery:
    # Terms are \w+ words (see search.query_terms), so the raw tsquery cannot be malformed.
    return SearchQuery(" | ".join(terms), search_type="raw", config="english")


def matches(terms: list[str]) -> list[tuple[str, float]]:
    """(practice id as hex, relevance) for every matching entry, best first."""
    if not terms:
        return []
    if is_postgres():
        return _matches_postgres(terms)
    sql = (
        f"SELECT practice_id, {_BM25} AS rank FROM {FTS_TABLE} "  # noqa: S608
        f"WHERE {FTS_TABLE} MATCH %s ORDER BY rank"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [fts5_expression(terms)])
        return [(pk, -rank) for pk, rank in cursor.fetchall()]


def _matches_postgres(terms: list[str]) -> list[tuple[str, float]]:
    # One query: ts_rank must read every matching vector anyway to order them.
    query = pg_query(terms)
    rows = (
        Practice.objects.searchable()
        .filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank")
        .values_list("pk", "rank")
    )
    return [(pk.hex, rank) for pk, rank in rows]
