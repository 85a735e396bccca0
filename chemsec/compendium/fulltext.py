"""Full-text matching, one contract on two databases: SQLite FTS5 (bm25) or PostgreSQL (ts_rank).

Terms are joined with OR so that an entry matching most words still ranks; bm25 and ts_rank put
entries matching more (and rarer) words first, title and keywords weighing most.

Search needs every match (totals and facet counts), so `scores` returns each one as the
engine's own key with its relevance, unsorted, and the in-process snapshot (`catalogue`) maps
keys to entries: FTS5 answers rowids from its index without reading the stored text, and
PostgreSQL reads the vector from the row (kept out of TOAST by migration 0003).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db import connection

from chemsec.compendium.index import FTS_TABLE, fts_rowid, is_postgres

# bm25 column weights in table order: practice_id (unindexed), title, keywords, summary, body.
_BM25 = f"bm25({FTS_TABLE}, 0.0, 10.0, 6.0, 4.0, 1.0)"
# bm25 is lower for better matches, ts_rank higher: negated, both read "higher is better".
_SQLITE = f"SELECT rowid, -{_BM25} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
_POSTGRES = (
    "SELECT id::text, ts_rank(search_vector, query) FROM compendium_practice, "
    "to_tsquery('english', %s) AS query WHERE status = 'published' AND search_vector @@ query"
)


def fts5_expression(terms: list[str]) -> str:
    """Each term quoted, so no FTS5 syntax can be injected (porter stemming handles endings)."""
    return " OR ".join('"' + term.replace('"', "") + '"' for term in terms)


def pg_query(terms: list[str]) -> str:
    # Terms are \w+ words (see search.query_terms), so the raw tsquery cannot be malformed.
    return " | ".join(terms)


def key(pk: UUID) -> Any:
    """How the engine names an entry in `scores`: its FTS5 rowid, or its id as text."""
    return str(pk) if is_postgres() else fts_rowid(pk)


def scores(terms: list[str]) -> list[tuple[Any, float]]:
    """(key, relevance) for every matching entry, in no particular order."""
    if not terms:
        return []
    if is_postgres():
        sql, argument = _POSTGRES, pg_query(terms)
    else:
        sql, argument = _SQLITE, fts5_expression(terms)
    with connection.cursor() as cursor:
        cursor.execute(sql, [argument])
        found: list[tuple[Any, float]] = cursor.fetchall()
    return found
