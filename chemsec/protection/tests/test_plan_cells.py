"""The site plan's table cells in the reader's language (issue 11): a measure's due date
read "2026-12-07" in a French plan and a yes/no column "True"; lists are joined with the
language's separator ("、" in Chinese, "، " in Arabic)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from chemsec.protection.plan_sources import _cell

DUE = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("language", "day", "yes", "listed"),
    [
        ("fr", "7 décembre 2026", "Oui", "a, b"),
        ("ar", "7 ديسمبر، 2026", "نعم", "a، b"),
        ("zh-hans", "2026年12月7日", "是", "a、b"),
        ("en", "Dec. 7, 2026", "Yes", "a, b"),
    ],
)  # fmt: skip
def test_cells_read_in_the_language(language, day, yes, listed):
    with translation.override(language):
        assert _cell(DUE) == day
        assert _cell(dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.UTC)).startswith(day)
        assert _cell(True) == yes and _cell(True) != "True"
        assert _cell(False) != "False"
        assert _cell(["a", "b"]) == listed


def test_empty_cells_and_numbers():
    with translation.override("fr"):
        assert _cell(None) == "—" and _cell("") == "—" and _cell([]) == "—"
        assert _cell(Decimal("1234.5")) != "1234.5"  # grouped, with the French decimal comma
        assert _cell(3) == "3"  # a code or score


@pytest.mark.parametrize(
    ("language", "stamp"),
    [
        ("fr", "7 décembre 2026 09:30 UTC"), ("ar", "7 ديسمبر، 2026، 9:30 ص UTC"),
        ("zh-hans", "2026年12月7日 09:30 UTC"), ("en", "Dec. 7, 2026, 9:30 a.m. UTC"),
    ],
)  # fmt: skip
def test_the_printed_plan_says_when_it_was_generated_in_the_language(language, stamp):
    from django.template.loader import render_to_string

    plan = {
        "generated_at": dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.UTC),
        "generated_for": "alice",
        "sections": [],
    }
    with translation.override(language):
        html = render_to_string("protection/plan_print.html", {"facility": {}, "plan": plan})
    assert stamp in html and "2026-12-07" not in html
