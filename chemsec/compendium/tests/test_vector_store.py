"""Sentence vectors kept on disk: read back exactly, per model, and never in the way."""

from __future__ import annotations

import sqlite3
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


def _kept(path: Path, model: str, width: int = WIDTH * 4):
    store = VectorStore(path, model, width)
    return lambda: store


def test_a_second_process_reads_what_the_first_computed(tmp_path: Path) -> None:
    texts = ["chlorine store", "بوابة الدخول", "访问控制", "chlorine store"]
    first, second = CountingEncoder(), CountingEncoder()
    path = tmp_path / "v.sqlite"
    computed = embed_remembered(texts, first, {}, 2, _kept(path, "m-1"))
    read = embed_remembered(texts, second, {}, 2, _kept(path, "m-1"))
    assert sorted(first.encoded) == sorted(set(texts))
    assert second.encoded == []
    assert read == computed
    assert computed[0] == first([texts[0]]).tobytes()


def test_another_model_never_reads_these_vectors(tmp_path: Path) -> None:
    path = tmp_path / "v.sqlite"
    embed_remembered(["a text"], CountingEncoder(), {}, 8, _kept(path, "m-1"))
    other = CountingEncoder()
    embed_remembered(["a text"], other, {}, 8, _kept(path, "m-2"))
    assert other.encoded == ["a text"]


def test_a_vector_of_the_wrong_width_is_computed_again(tmp_path: Path) -> None:
    path = tmp_path / "v.sqlite"
    VectorStore(path, "m-1", 8).put_many([("a text", b"\0" * 8)])
    encoder = CountingEncoder()
    (vector,) = embed_remembered(["a text"], encoder, {}, 8, _kept(path, "m-1", 8))
    assert encoder.encoded == [] and vector == b"\0" * 8
    wider = CountingEncoder()
    (vector,) = embed_remembered(["a text"], wider, {}, 8, _kept(path, "m-1", 16))
    assert wider.encoded == ["a text"] and vector is not None and len(vector) == 16


def test_an_unreadable_store_is_left_alone_and_the_vectors_computed(tmp_path: Path) -> None:
    path = tmp_path / "v.sqlite"
    path.write_bytes(b"this is not an SQLite file, it is a text file" * 100)
    encoder = CountingEncoder()
    vectors = embed_remembered(["one", "two"], encoder, {}, 8, _kept(path, "m-1"))
    assert sorted(encoder.encoded) == ["one", "two"]
    assert vectors == [encoder(["one"]).tobytes(), encoder(["two"]).tobytes()]


def test_a_file_without_the_table_is_made_usable(tmp_path: Path) -> None:
    """A writer killed before it made the table leaves an empty database: the next process
    makes the table and keeps its vectors, instead of turning the store off for good."""
    path = tmp_path / "v.sqlite"
    sqlite3.connect(path).close()
    embed_remembered(["one"], CountingEncoder(), {}, 8, _kept(path, "m-1"))
    again = CountingEncoder()
    embed_remembered(["one"], again, {}, 8, _kept(path, "m-1"))
    assert again.encoded == []


def test_without_a_model_nothing_is_stored_and_the_store_is_not_opened(tmp_path: Path) -> None:
    asked = []
    path = tmp_path / "v.sqlite"

    def store():
        asked.append(1)
        return VectorStore(path, "m-1", 16)

    assert embed_remembered(["one"], lambda texts: None, {}, 8, store) == [None]
    assert VectorStore(path, "m-1", 16).get_many(["one"]) == {}
    embed_remembered(["one"], CountingEncoder(), {"one": b"x" * 16}, 8, store)
    assert len(asked) == 1  # a text already in memory never opens the store


@settings(max_examples=40, deadline=None)
@given(texts=st.lists(st.text(max_size=30), max_size=12))
def test_any_texts_come_back_as_computed(texts: list[str], tmp_path_factory) -> None:
    path = tmp_path_factory.mktemp("vectors") / "v.sqlite"
    computed = embed_remembered(texts, CountingEncoder(), {}, 3, _kept(path, "m"))
    again = CountingEncoder()
    read = embed_remembered(texts, again, {}, 3, _kept(path, "m"))
    assert read == computed and again.encoded == []
