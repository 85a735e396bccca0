"""Dates and moments written for the reader (chemsec.core.dates): the language's own
formats, the time zone named, ISO texts read, anything else kept."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.dateparse import parse_date, parse_datetime
from hypothesis import given
from hypothesis import strategies as hs

import chemsec
from chemsec.core.dates import local_date, local_moment, local_when

DAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Dec. 7, 2026"), ("fr", "7 décembre 2026"), ("es", "7 de diciembre de 2026")],
)
def test_a_date_in_the_languages_own_format(language: str, expected: str) -> None:
    with translation.override(language):
        assert local_date(DAY) == expected
        assert local_when("2026-12-07") == expected


@pytest.mark.parametrize("language", ["ar", "ru", "zh-hans"])
def test_no_iso_date_in_the_other_languages(language: str) -> None:
    with translation.override(language):
        assert "2026-12-07" not in local_date(DAY)
        assert "2026" in local_date(DAY)


def test_a_moment_names_its_time_zone_and_a_naive_one_is_utc() -> None:
    with translation.override("en"):
        written = local_moment(dt.datetime(2026, 12, 7, 14, 5))
    assert written.endswith("(UTC)") and "Dec. 7, 2026" in written
    with translation.override("en"):
        assert local_when("2026-12-07T14:05:00") == written


@given(hs.text(max_size=30))
def test_a_text_that_is_no_date_is_kept_as_it_is(text: str) -> None:
    try:
        readable = parse_date(text) is not None or parse_datetime(text) is not None
    except ValueError:
        readable = False
    with translation.override("fr"):
        written = local_when(text)
    if not readable:
        assert written == text
    else:
        assert written and written != text


def test_a_well_formed_impossible_date_is_kept() -> None:
    assert local_when("2026-02-30") == "2026-02-30"
    assert local_when(None) == "" and local_when("") == ""


# -- guard: no translated sentence is given an ISO or strftime date -----------------------
_TRANSLATORS = {"_", "gettext", "ngettext", "pgettext", "npgettext", "gettext_lazy"}


def _writes_fixed_date(node: ast.AST) -> bool:
    """An isoformat() or strftime(...) call, or an f-string formatting a date by pattern."""
    for sub in ast.walk(node):
        if (
            isinstance(sub, ast.Call)
            and isinstance(sub.func, ast.Attribute)
            and sub.func.attr in ("isoformat", "strftime")
        ):
            return True
        if (
            isinstance(sub, ast.FormattedValue)
            and sub.format_spec is not None
            and "%" in ast.unparse(sub.format_spec)
        ):
            return True
    return False


def _translated(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _TRANSLATORS
    )


def test_no_translated_sentence_is_given_a_fixed_pattern_date() -> None:
    """E-mails and stored texts said "due 2026-04-01" inside a French sentence: a date put
    into a translated message goes through `local_date`/`local_moment`/`local_when`."""
    root = Path(chemsec.__file__).parent
    found = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.BinOp)
                and isinstance(node.op, ast.Mod)
                and _translated(node.left)
                and _writes_fixed_date(node.right)
            ):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    assert not found, found
