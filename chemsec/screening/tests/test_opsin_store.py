"""OPSIN's answers kept across runs (engine/opsin.py, `AnswerStore`): a name read in an
earlier run does not start the JVM again, answers are OPSIN's own, per OPSIN version,
bounded, and safe when several runs write at once or the store cannot be used."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from chemsec.screening.engine import opsin
from chemsec.screening.engine.core import screen

needs_java = pytest.mark.skipif(not opsin.available(), reason="needs a Java runtime")

# Systematic names absent from the offline index and the lists (OPSIN reads them) and
# one that OPSIN rejects.
NAMES = ["4-methyloctyl benzoate", "2-methylnonyl propanoate", "3-methylheptyl acetate"]
NOT_A_NAME = "zorbly frobnicate"


@pytest.fixture
def fresh_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a new process would be: no answers in memory, no OPSIN process yet."""
    monkeypatch.setattr(opsin, "_cache", type(opsin._cache)())
    opsin._stop()


def _read_nothing(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    asked: list[list[str]] = []

    def refuse(batch: list[str]) -> None:
        asked.append(batch)
        return None

    monkeypatch.setattr(opsin, "_ask", refuse)
    return asked


def test_the_store_keeps_answers_per_version_and_failures_as_empty(tmp_path: Path) -> None:
    store = opsin.AnswerStore(tmp_path / "a.sqlite", "opsin-2.9.0:1")
    store.put([("ethanol", "CCO"), (NOT_A_NAME, None)])
    assert store.get(["ethanol", NOT_A_NAME, "methanol"]) == {"ethanol": "CCO", NOT_A_NAME: None}
    other = opsin.AnswerStore(tmp_path / "a.sqlite", "opsin-3.0.0:1")
    assert other.get(["ethanol"]) == {}  # another OPSIN's answers are not taken


def test_the_store_is_bounded_and_drops_the_oldest(tmp_path: Path) -> None:
    store = opsin.AnswerStore(tmp_path / "a.sqlite", "v", size=3)
    for i in range(5):
        store.put([(f"name {i}", f"C{'C' * i}")])
    assert sorted(store.get([f"name {i}" for i in range(5)])) == ["name 2", "name 3", "name 4"]


def test_a_store_that_cannot_be_written_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = opsin.AnswerStore(blocker / "a.sqlite", "v")
    store.put([("ethanol", "CCO")])  # no error
    assert store.get(["ethanol"]) == {}
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"this is not a database" * 100)
    store = opsin.AnswerStore(damaged, "v")
    store.put([("ethanol", "CCO")])
    assert store.get(["ethanol"]) == {}


def test_the_store_serves_the_thread_that_screens(tmp_path: Path) -> None:
    # A portal screens in request and job threads: the connection is not tied to one.
    import threading

    store = opsin.AnswerStore(tmp_path / "a.sqlite", "v")
    store.put([("ethanol", "CCO")])
    seen: list[dict[str, str | None]] = []
    thread = threading.Thread(target=lambda: seen.append(store.get(["ethanol"])))
    thread.start()
    thread.join(10)
    assert seen == [{"ethanol": "CCO"}]


def _write_many(path: str, worker: int) -> None:
    store = opsin.AnswerStore(Path(path), "v")
    for i in range(40):
        store.put([(f"w{worker} name {i}", "C"), ("shared", "CC")])


def test_runs_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_many, args=(str(path), w)) for w in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM opsin_answer").fetchone() == (3 * 40 + 1,)


@needs_java
def test_a_name_read_in_an_earlier_run_does_not_start_opsin(
    monkeypatch: pytest.MonkeyPatch, fresh_run: None
) -> None:
    first = screen([*NAMES, NOT_A_NAME], lists="cwc")
    assert all("OPSIN" in (r.identity.resolved_by or "") for r in first[:3])
    assert first[3].reason_code == "name_not_found"
    opsin._stop()
    monkeypatch.setattr(opsin, "_cache", type(opsin._cache)())  # a new run
    asked = _read_nothing(monkeypatch)
    second = screen([*NAMES, NOT_A_NAME], lists="cwc")
    assert asked == [] and opsin._process is None  # answered from the store
    assert [r.to_dict() for r in second] == [r.to_dict() for r in first]


@needs_java
def test_answers_opsin_did_not_give_are_not_kept(
    monkeypatch: pytest.MonkeyPatch, fresh_run: None
) -> None:
    asked = _read_nothing(monkeypatch)  # OPSIN died twice: the rows say it could not read
    (result,) = screen(NAMES[:1], lists="cwc")
    assert asked == [NAMES[:1]] and result.status == "unresolved"
    store = opsin._store()
    assert store is not None and store.get(NAMES[:1]) == {}


@needs_java
def test_the_store_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, fresh_run: None) -> None:
    monkeypatch.setenv("CHEMSEC_OPSIN_CACHE", "off")
    assert opsin._store() is None
    (result,) = screen(NAMES[:1], lists="cwc")
    assert "OPSIN" in (result.identity.resolved_by or "")
