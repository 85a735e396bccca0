"""Chunks are screened on while an earlier one waits for OPSIN (engine/core.py, `_Ahead`):
OPSIN's JVM takes about a second to start, so `screen_rows` asks for a chunk's answers on
a thread and screens the next chunks meanwhile. The output must not change: one result
per row, in input order, equal to screening each chunk in turn."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from chemsec.screening.engine import opsin
from chemsec.screening.engine.core import Screener, screen_rows
from chemsec.screening.engine.results import InputRow

# Systematic names absent from the lists and the offline index (as in an inventory), one
# that OPSIN cannot read, and CAS numbers: listed (chlorine, sarin) and not (water).
ANSWERS = {"5-methylnonyl propanoate": "CCCCC(C)CCCCOC(=O)CC", "2-methylhexyl acetate": None}
ROWS = [
    ("5-methylnonyl propanoate", "name"),
    ("7782-50-5", "cas"),
    ("7732-18-5", "cas"),
    ("2-methylhexyl acetate", "name"),
    ("107-44-8", "cas"),
    ("N/A", "name"),
    ("5-methylnonyl propanoate", "name"),
    ("7782-50-5", "cas"),
]


@pytest.fixture
def slow_opsin(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """OPSIN stand-in whose first answer waits until the rows of a later chunk are read
    (as a starting JVM makes the first chunk wait): no Java needed."""
    state: dict[str, object] = {"asked": [], "released": threading.Event(), "waited": None}

    def names_to_smiles(names: list[str]) -> list[str | None]:
        asked = state["asked"]
        assert isinstance(asked, list)
        asked.append(list(names))
        if len(asked) == 1:
            released = state["released"]
            assert isinstance(released, threading.Event)
            state["waited"] = released.wait(5)
        return [ANSWERS[n] for n in names]

    monkeypatch.setattr(opsin, "names_to_smiles", names_to_smiles)
    monkeypatch.setattr(opsin, "available", lambda: True)
    monkeypatch.setattr(opsin, "unavailable_reason", lambda: None)
    return state


def _rows(release_at: int, released: threading.Event) -> Iterator[InputRow]:
    for line, (text, kind) in enumerate(ROWS, start=1):
        if line == release_at:
            released.set()  # the reader has reached a later chunk: the run went on
        yield InputRow(text, line, kind)


def test_it_screens_later_chunks_while_one_waits_and_keeps_the_order(
    slow_opsin: dict[str, object],
) -> None:
    released = slow_opsin["released"]
    assert isinstance(released, threading.Event)
    results = list(screen_rows(_rows(5, released), chunk_size=2))
    assert slow_opsin["waited"] is True  # chunk 3 was read while chunk 1 waited
    assert [r.line for r in results] == list(range(1, len(ROWS) + 1))
    # The names were asked chunk by chunk, in input order. The 7th row repeats the 1st:
    # screened before the 1st was complete, its name is asked again (OPSIN's own cache
    # answers it); screened after, it is a copy of the 1st row's result.
    first, second = "5-methylnonyl propanoate", "2-methylhexyl acetate"
    asked = slow_opsin["asked"]
    assert asked in ([[first], [second]], [[first], [second], [first]])
    one_by_one = Screener().screen_chunk([InputRow(t, i, k) for i, (t, k) in enumerate(ROWS, 1)])
    assert [r.to_dict() for r in results] == [r.to_dict() for r in one_by_one]
    statuses = [r.status for r in results]
    assert statuses == [
        "clear", "matched", "clear", "unresolved", "matched", "invalid", "clear", "matched"
    ]  # fmt: skip
    assert results[0].identity.resolved_by == "name via OPSIN (derived from name)"
    assert results[3].reason_code == "name_not_found"


def test_a_chunk_whose_opsin_answers_fail_is_screened_row_by_row_in_its_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(names: list[str]) -> list[str | None]:
        raise RuntimeError("OPSIN went away")

    monkeypatch.setattr(opsin, "names_to_smiles", broken)
    monkeypatch.setattr(opsin, "available", lambda: True)
    rows = [InputRow(t, i, k) for i, (t, k) in enumerate(ROWS, start=1)]
    results = list(screen_rows(rows, chunk_size=3))
    assert [r.line for r in results] == list(range(1, len(ROWS) + 1))
    assert results[0].status == "invalid" and results[0].reason_code == "screen_error"
    assert [r.status for r in results[1:3]] == ["matched", "clear"]  # same chunk, kept
