"""Practices similar to a text in the reader's language (issue 11, item 4): a gap's question
shown in Arabic, Russian or Chinese was ranked by the English model only (all-MiniLM-L6-v2),
which places such text nowhere near the practice that answers it (recall@5 0 to 0.36 on the
labelled needs, docs/translations.md). Text in another language than English is ranked by
the multilingual model over each entry's English and translations; English keeps MiniLM;
each falls back to the other when its model or vectors are missing."""

from __future__ import annotations

import pytest
from django.utils import translation

from chemsec.compendium import multilingual_embedding, semantic
from chemsec.compendium.evaluation.multilingual import LANGUAGES, needs
from chemsec.compendium.models import MeaningVector
from chemsec.compendium.search import similar_practices
from chemsec.compendium.tests.test_translations import _overlays
from chemsec.compendium.translations import translations_sync

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not multilingual_embedding.available(), reason="package missing"),
]
K = 5


@pytest.fixture
def overlays(practices):
    translations_sync(list(_overlays()))


def _recall(language: str, django_language: str) -> float:
    scores = []
    for need in needs():
        with translation.override(django_language):
            found = {hit.urn for hit in similar_practices(need[language], limit=K)}
        scores.append(len(found & set(need["expect"])) / len(need["expect"]))
    return sum(scores) / len(scores)


def test_needs_in_every_language_find_their_practices(overlays, capsys):
    english = _recall("en", "en")
    recalls = {language: _recall(language, dj) for language, dj in LANGUAGES.items()}
    with capsys.disabled():
        shown = " ".join(f"{k} {v:.2f}" for k, v in recalls.items())
        print(f"\nsimilar practices, recall@{K}: en {english:.2f} {shown}")
    assert english >= 0.85
    for language, recall in recalls.items():
        # The labelled needs: the multilingual model alone reaches 0.89 to 0.95 of them.
        assert recall >= 0.85 * english, language


def test_a_chinese_reader_is_ranked_by_the_multilingual_model(overlays, monkeypatch):
    used = []
    monkeypatch.setattr(semantic, "ranked", lambda *a, **k: used.append("english") or [])
    with translation.override("zh-hans"):
        hits = similar_practices("追踪化学废物直至销毁", limit=K)
    assert used == []  # the English model is not asked first
    assert "urn:chemsec:practice:waste-chain-of-custody" in [h.urn for h in hits]
    assert all(code["code"] == "search_similarity" for h in hits for code in h.reason_codes)


def test_an_english_reader_keeps_the_english_model(overlays, monkeypatch):
    used = []
    monkeypatch.setattr(
        semantic, "ranked_multilingual", lambda *a, **k: used.append("multilingual") or []
    )
    with translation.override("en"):
        hits = similar_practices("staff notice a customer purchase that seems strange", limit=3)
    assert used == []
    assert hits[0].urn == "urn:chemsec:practice:suspicious-order-handling"


def test_without_multilingual_vectors_the_english_model_still_answers(overlays):
    MeaningVector.objects.all().delete()
    with translation.override("fr"):
        hits = similar_practices("staff notice a customer purchase that seems strange", limit=3)
    assert hits and hits[0].urn == "urn:chemsec:practice:suspicious-order-handling"


def test_without_any_model_full_text_answers(overlays, monkeypatch):
    monkeypatch.setattr(semantic, "ranked", lambda *a, **k: [])
    monkeypatch.setattr(semantic, "ranked_multilingual", lambda *a, **k: [])
    with translation.override("en"):
        hits = similar_practices("key lock credential re-keying", limit=3, language="ar")
    assert hits and hits[0].urn == "urn:chemsec:practice:key-and-lock-control"
    assert any(code["code"] == "search_terms" for code in hits[0].reason_codes)
