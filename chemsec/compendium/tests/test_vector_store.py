"""Sentence vectors kept on disk: read back exactly, per model, and never in the way."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from chemsec.compendium.embedding import embed_remembered
from chemsec.compendium.vector_store import VectorStore

WIDTH = 4


class CountingEncoder:
    """A deterministic stand-in for a sentence model that counts the texts it encodes."""

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.encoded.extend(texts)
        return np.array([[len(t), t.count("a"), 1.0, -1.0] for t in texts], dtype=np.float32)


def test_a_second_process_reads_what_the_first_computed(tmp_path: Path) -> None:
    texts = ["chlorine store", "بوابة الدخول", "访问控制", "chlorine store"]
    first, second = CountingEncoder(), CountingEncoder()
    computed = embed_remembered(texts, first, {}, 2, VectorStore(tmp_path, "m-1", WIDTH * 4))
    read = embed_remembered(texts, second, {}, 2, VectorStore(tmp_path, "m-1", WIDTH * 4))
    assert sorted(first.encoded) == sorted(set(texts))
    assert second.encoded == []
    assert read == computed
    assert computed[0] == first([texts[0]]).tobytes()


def test_another_model_never_reads_these_vectors(tmp_path: Path) -> None:
    embed_remembered(["a text"], CountingEncoder(), {}, 8, VectorStore(tmp_path, "m-1", 16))
    other = CountingEncoder()
    embed_remembered(["a text"], other, {}, 8, VectorStore(tmp_path, "m-2", 16))
    assert other.encoded == ["a text"]


def test_a_vector_of_the_wrong_width_is_computed_again(tmp_path: Path) -> None:
    VectorStore(tmp_path, "m-1", 8).put_many([("a text", b"\0" * 8)])
    encoder = CountingEncoder()
    (vector,) = embed_remembered(["a text"], encoder, {}, 8, VectorStore(tmp_path, "m-1", 8))
    assert encoder.encoded == [] and vector == b"\0" * 8
    wider = CountingEncoder()
    (vector,) = embed_remembered(["a text"], wider, {}, 8, VectorStore(tmp_path, "m-1", 16))
    assert wider.encoded == ["a text"] and vector is not None and len(vector) == 16


def test_an_unreadable_store_is_left_alone_and_the_vectors_computed(tmp_path: Path) -> None:
    store = VectorStore(tmp_path, "m-1", 16)
    store.path.write_bytes(b"this is not an SQLite file, it is a text file" * 100)
    encoder = CountingEncoder()
    vectors = embed_remembered(["one", "two"], encoder, {}, 8, store)
    assert sorted(encoder.encoded) == ["one", "two"]
    assert vectors == [encoder(["one"]).tobytes(), encoder(["two"]).tobytes()]


def test_without_a_model_nothing_is_stored(tmp_path: Path) -> None:
    store = VectorStore(tmp_path, "m-1", 16)
    assert embed_remembered(["one"], lambda texts: None, {}, 8, store) == [None]
    assert not store.path.exists()


@settings(max_examples=40, deadline=None)
@given(texts=st.lists(st.text(max_size=30), max_size=12))
def test_any_texts_come_back_as_computed(texts: list[str], tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("vectors")
    computed = embed_remembered(texts, CountingEncoder(), {}, 3, VectorStore(folder, "m", 16))
    again = CountingEncoder()
    read = embed_remembered(texts, again, {}, 3, VectorStore(folder, "m", 16))
    assert read == computed and again.encoded == []
