"""Keeps the search structures beside each practice in step: FTS5 or tsvector, embeddings.

Services call `index_practices` after every write to a practice; nothing else writes them.
These are derived from the audited fields of an entry, not changes anyone makes, so they are
written with queryset updates, outside the audited write path (chemsec.core.writes) on purpose.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import F, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from chemsec.compendium import embedding, multilingual_embedding
from chemsec.compendium.models import MeaningVector, Practice, PracticeVersion, Translation
from chemsec.lib.hashing import sha256_hex

FTS_TABLE = "compendium_practice_fts"
_ROWID_BITS = (1 << 63) - 1


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def fts_rowid(pk: UUID) -> int:
    """The FTS5 rowid of an entry: the low 63 bits of its random UUID.

    Search reads matches by rowid, which FTS5 answers from its index alone; reading
    `practice_id` instead costs a lookup in the content table per match (half the query).
    Two of 10,000 entries share a rowid with odds near 1e-11; the insert would then fail.
    """
    return pk.int & _ROWID_BITS


def embedding_text(title: str, summary: str, keywords: Iterable[str]) -> str:
    """What the semantic index reads: the title, summary and keywords (the body is too long)."""
    return f"{title}. {summary} {', '.join(keywords)}".strip()


def index_practices(practices: list[Practice]) -> None:
    if is_postgres():
        _index_postgres([p.pk for p in practices])
    else:
        _index_sqlite(practices)


def _index_postgres(ids: list[UUID]) -> None:
    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector(Cast("keywords", TextField()), weight="B", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    Practice.objects.filter(pk__in=ids).update(search_vector=vector)


def _index_sqlite(practices: list[Practice]) -> None:
    keys = [fts_rowid(p.pk) for p in practices]
    with connection.cursor() as cursor:
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("%s" for _ in chunk)
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)  # noqa: S608
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, practice_id, title, keywords, summary, body) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s, %s)",
            [
                (key, p.pk.hex, p.title, " ".join(p.keywords), p.summary, p.body)
                for key, p in zip(keys, practices, strict=True)
            ],
        )


def embed_versions(versions: list[PracticeVersion], keywords: list[list[str]]) -> None:
    texts = [embedding_text(v.title, v.summary, k) for v, k in zip(versions, keywords, strict=True)]
    for version, raw in zip(versions, embedding.embed_many(texts), strict=True):
        version.embedding = raw


def missing_embeddings() -> QuerySet[PracticeVersion]:
    """Current versions of published entries without a vector: stored while the weights were
    missing, they are invisible to semantic search until `embed_missing` runs."""
    return PracticeVersion.objects.filter(
        practice__status="published", number=F("practice__version"), embedding__isnull=True
    )


def embed_missing() -> int:
    """Give those versions their vectors once the weights are here (content loads call this);
    the number filled."""
    if not embedding.available():
        return 0
    versions = list(missing_embeddings().select_related("practice"))
    embed_versions(versions, [v.practice.keywords for v in versions])
    filled = [v for v in versions if v.embedding is not None]
    PracticeVersion.objects.bulk_update(filled, ["embedding"], batch_size=500)
    # The search snapshot is rebuilt when an entry's updated_at moves.
    Practice.objects.filter(pk__in=[v.practice_id for v in filled]).update(
        updated_at=timezone.now()
    )
    return len(filled)


def meaning_texts(urns: Iterable[str] | None = None) -> dict[tuple[Any, str], str]:
    """What the multilingual index reads, by (practice, language): the English title,
    summary and keywords of each published entry ("en") and those of each of its
    translations (a field a translation leaves out is left out, not taken from the English)."""
    published = Practice.objects.filter(status="published")
    if urns is not None:
        published = published.filter(urn__in=list(urns))
    rows = list(published.values_list("pk", "urn", "title", "summary", "keywords"))
    texts: dict[tuple[Any, str], str] = {}
    by_urn: dict[str, Any] = {}
    for pk, urn, title, summary, keywords in rows:
        texts[(pk, "en")] = embedding_text(title, summary, keywords or [])
        by_urn[urn] = pk
    overlays = Translation.objects.filter(kind="practice", urn__in=list(by_urn))
    for urn, language, fields in overlays.values_list("urn", "language", "fields"):
        text = embedding_text(
            fields.get("title") or "", fields.get("summary") or "", fields.get("keywords") or []
        ).strip(". ")
        if text:
            texts[(by_urn[urn], language)] = text
    return texts


def embed_multilingual(urns: Iterable[str] | None = None) -> int:
    """Bring the multilingual vectors of the published entries (those named, else all) in
    step with their texts: embed what is new or changed (by the digest of its text), remove
    what is gone. The number embedded; 0 without the model (`missing_meaning_vectors` then
    counts what waits, and `chemsec load-content` fills it once the package is installed)."""
    texts = meaning_texts(urns)
    stored = MeaningVector.objects.all()
    if urns is not None:
        stored = stored.filter(practice__urn__in=list(urns))
    have = {(pk, lang): (row, digest) for row, pk, lang, digest in
            stored.values_list("pk", "practice_id", "language", "digest")}  # fmt: skip
    gone = [row for key, (row, _digest) in have.items() if key not in texts]
    MeaningVector.objects.filter(pk__in=gone).delete()
    digests = {key: sha256_hex(text) for key, text in texts.items()}
    todo = [key for key in texts if key not in have or have[key][1] != digests[key]]
    if not todo or not multilingual_embedding.available():
        return 0
    vectors = multilingual_embedding.embed_many([texts[key] for key in todo])
    MeaningVector.objects.filter(pk__in=[have[key][0] for key in todo if key in have]).delete()
    MeaningVector.objects.bulk_create(
        [
            MeaningVector(practice_id=pk, language=lang, digest=digests[(pk, lang)], vector=raw)
            for (pk, lang), raw in zip(todo, vectors, strict=True)
            if raw is not None
        ],
        batch_size=500,
    )
    return len(todo)


def missing_meaning_vectors() -> int:
    """Texts of published entries (English or translated) without a multilingual vector."""
    texts = meaning_texts()
    stored = set(MeaningVector.objects.values_list("practice_id", "language"))
    return sum(1 for key in texts if key not in stored)


def drop_orphan_rows(*, using: str = "default", **_: object) -> None:
    """Remove full-text rows whose practice is gone. The FTS5 table is not a Django model, so
    `flush` (which empties a test database between transactional tests) deletes the practices
    and leaves their words behind, and a search would then rank entries that no longer exist.
    Connected to post_migrate, which migrate and flush both send."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite":
        return  # PostgreSQL keeps the vector in the practice's own row
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS_TABLE])
        if cursor.fetchone() is None:
            return
        cursor.execute(
            f"DELETE FROM {FTS_TABLE} WHERE practice_id NOT IN "  # noqa: S608
            "(SELECT id FROM compendium_practice)"
        )
