"""A time budget per identifier: one that takes too long to read is reported unresolved
("took too long") within its budget instead of holding the worker, and the other rows of
the batch are screened as usual.

The slow input is a real shape, not a mock: a SMILES of thousands of chained benzene
rings, whose parsing time grows with the square of its length (16,000 characters took
6 s, 64,000 characters 265 s on the shared test machine). The portal refuses it by length
first (MAX_IDENTIFIER_CHARS); the budget is the backstop when that limit is raised, and for
the command line, which has no length limit.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chemsec.lib.env import ConfigError
from chemsec.screening.engine import InputRow, screen
from chemsec.screening.engine.budget import INLINE_CHARS, identifier_seconds

SLOW_SMILES = "c1ccccc1" * 6000  # 48,000 characters: 7.6 s of RDKit on a quiet machine
LONG_BUT_QUICK = "C" * (INLINE_CHARS + 500)  # screened apart, well within the budget


@pytest.fixture
def budget(monkeypatch):
    # Two seconds: the slow SMILES needs 7.6 s even on a quiet machine, while a long but
    # quick row (screened in a forked child) keeps its result on a loaded one; with half a
    # second, a fork on a machine at load 10 ran out of time on the quick row.
    monkeypatch.setenv("CHEMSEC_IDENTIFIER_SECONDS", "2")


def test_it_reports_a_slow_identifier_as_took_too_long_and_screens_the_rest(budget):
    rows = [
        InputRow(identifier="64-17-5", line=2),
        InputRow(identifier=SLOW_SMILES, line=3),
        InputRow(identifier=LONG_BUT_QUICK, line=4),
        InputRow(identifier="7782-50-5", line=5),
    ]
    results = screen(rows, use_opsin=False)
    assert [r.line for r in results] == [2, 3, 4, 5]  # one result per row, in order
    slow = results[1]
    assert slow.status == "unresolved" and slow.reason_code == "took_too_long"
    assert slow.reason.startswith("took too long") and slow.reason_params == {"seconds": "2"}
    assert slow.input == SLOW_SMILES
    assert results[0].status == "clear" and results[2].status == "clear"
    assert results[3].status == "matched"  # chlorine: the rows after it are screened too


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(["64-17-5", "CCO", "N/A", LONG_BUT_QUICK, "C(" * 600 + "C" + ")" * 600]),
        min_size=1,
        max_size=5,
    )
)
def test_long_identifiers_keep_their_place_and_their_result(identifiers):
    # About order and equality, not the timeout: a budget no quick identifier can reach on a
    # loaded machine (a fork and a parse took over half a second there), so none is cut.
    rows = [InputRow(identifier=text, line=n) for n, text in enumerate(identifiers, start=1)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CHEMSEC_IDENTIFIER_SECONDS", "30")
        guarded = screen(rows, use_opsin=False)
    assert [r.line for r in guarded] == list(range(1, len(rows) + 1))
    assert all(r.reason_code != "took_too_long" for r in guarded)  # quick ones are not cut
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CHEMSEC_IDENTIFIER_SECONDS", "0")  # no budget: all in this process
        inline = screen(rows, use_opsin=False)
    assert [(r.status, r.reason_code) for r in guarded] == [
        (r.status, r.reason_code) for r in inline
    ]


@pytest.mark.django_db
def test_the_api_answers_took_too_long_when_the_length_limit_is_raised(budget, client):
    from django.test import override_settings

    with override_settings(MAX_IDENTIFIER_CHARS=60_000):
        answer = client.post(
            "/api/v1/screening/check",
            json.dumps({"identifiers": [SLOW_SMILES]}),
            content_type="application/json",
        )
    assert answer.status_code == 200
    (result,) = answer.json()["results"]
    assert result["status"] == "unresolved" and result["reason_code"] == "took_too_long"


@pytest.mark.parametrize(
    ("raw", "seconds"), [(None, 5.0), ("0", 0.0), ("2.5", 2.5), (" 10 ", 10.0)]
)
def test_the_budget_is_a_setting(monkeypatch, raw, seconds):
    if raw is None:
        monkeypatch.delenv("CHEMSEC_IDENTIFIER_SECONDS", raising=False)
    else:
        monkeypatch.setenv("CHEMSEC_IDENTIFIER_SECONDS", raw)
    assert identifier_seconds() == seconds


@pytest.mark.parametrize("raw", ["-1", "soon", "nan", "inf"])
def test_a_bad_budget_stops_with_the_setting_named(monkeypatch, raw):
    monkeypatch.setenv("CHEMSEC_IDENTIFIER_SECONDS", raw)
    with pytest.raises(ConfigError, match="CHEMSEC_IDENTIFIER_SECONDS"):
        identifier_seconds()
