"""No template writes a date with a fixed English pattern in visible text (QA, December
2026): "j M Y" showed "7 Déc 2026" to a French reader and "7 ديسمبر 2026" without the
Arabic comma, where each language has its own order and words ("7 décembre 2026",
"7 ديسمبر، 2026", "2026年12月7日"). Visible dates use the language's named formats
(DATE_FORMAT, DATETIME_FORMAT, SHORT_DATE_FORMAT, TIME_FORMAT...); machine-readable places
use ISO ("c", "Y-m-d"), which no language reads differently.

The guard reads every template under chemsec/ for the ``date`` filter and the ``now`` tag
and fails on a literal pattern holding a format character that Django writes as an English
word or suffix: month and day names (M, F, N, b, D, l, E), a.m./p.m. (a, A, P) and the
English ordinal suffix (S). A character escaped with a backslash is literal text and allowed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

import chemsec

TEMPLATES = Path(chemsec.__file__).parent
# Django's date format characters that produce words (or English suffixes), from
# django.utils.dateformat: a A P (a.m./p.m.), b M N F E (months), D l (weekdays), S (st/nd).
WORDY = set("aAPbMNFEDlS")
NAMED = re.compile(r"^[A-Z_]+_FORMAT$")
# {{ x|date:"..." }}, {{ x|date:'...' }} and {% now "..." %}
PATTERN = re.compile(r"""\|\s*date\s*:\s*(["'])(?P<a>.*?)\1|\{%\s*now\s+(["'])(?P<b>.*?)\3""")


def _wordy(pattern: str) -> bool:
    """True when the pattern would write an English word (escaped characters are text)."""
    if NAMED.match(pattern):
        return False
    characters = iter(pattern)
    for character in characters:
        if character == "\\":
            next(characters, None)
            continue
        if character in WORDY:
            return True
    return False


def _template_files() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in {".html", ".txt", ".xml", ".svg"})


def _english_patterns() -> list[str]:
    found = []
    for path in _template_files():
        text = path.read_text(encoding="utf-8")
        for match in PATTERN.finditer(text):
            pattern = match.group("a") if match.group("a") is not None else match.group("b")
            if _wordy(pattern):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(TEMPLATES.parent)}:{line}: {pattern}")
    return found


def test_no_template_writes_a_date_with_a_fixed_english_pattern():
    assert _english_patterns() == []


@pytest.mark.parametrize(
    ("pattern", "wordy"),
    [
        ("j M Y", True), ("j M Y H:i", True), ("M Y", True), ("j F Y", True), ("N j, Y", True),
        ("D j", True), ("l", True), ("g:i A", True), ("jS F", True), ("DATE_FORMAT", False),
        ("SHORT_DATETIME_FORMAT", False), ("Y-m-d", False), ("Y-m-d H:i", False), ("c", False),
        ("H:i:s", False), (r"Y\M", False), ("U", False),
    ],
)  # fmt: skip
def test_the_guard_tells_english_patterns_from_neutral_ones(pattern, wordy):
    assert _wordy(pattern) is wordy


def test_the_guard_finds_the_patterns_in_template_syntax():
    text = """{{ a|date:"j M Y" }} {{ b|date:'DATE_FORMAT' }} {% now "M Y" %} {{ c|date:"c" }}"""
    patterns = [m.group("a") or m.group("b") for m in PATTERN.finditer(text)]
    assert patterns == ["j M Y", "DATE_FORMAT", "M Y", "c"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "7 décembre 2026"), ("es", "7 de diciembre de 2026"), ("ru", "7 декабря 2026"),
        ("ar", "7 ديسمبر، 2026"), ("zh-hans", "2026年12月7日"), ("en", "Dec. 7, 2026"),
    ],
)  # fmt: skip
def test_the_named_format_writes_the_date_as_the_language_does(language, expected):
    """The languages' own long date (CLDR: fr "d MMMM y", ar "d MMMM، y", zh "y年M月d日")."""
    import datetime as dt

    with translation.override(language):
        shown = Template('{{ day|date:"DATE_FORMAT" }}').render(
            Context({"day": dt.date(2026, 12, 7)})
        )
    assert shown.startswith(expected)


# A machine-readable place (a <time datetime>, a date input's value, a data attribute) holding
# a date filtered through a language's format: browsers and scripts read ISO there.
MACHINE = re.compile(
    r"""(?:datetime|value|data-[\w-]+)=["']\{\{[^}]*\|\s*date\s*:\s*(["'])(?P<p>[^"']*)\1"""
)


def _localised_in_machine_places() -> list[str]:
    found = []
    for path in _template_files():
        text = path.read_text(encoding="utf-8")
        for match in MACHINE.finditer(text):
            if NAMED.match(match.group("p")) or _wordy(match.group("p")):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(TEMPLATES.parent)}:{line}: {match.group('p')}")
    return found


def test_machine_readable_dates_stay_iso():
    assert _localised_in_machine_places() == []


def test_the_machine_guard_reads_attributes():
    bad = """<time datetime="{{ t|date:'DATE_FORMAT' }}">"""
    good = """<time datetime="{{ t|date:'c' }}">{{ t|date:"DATE_FORMAT" }}</time>"""
    assert [m.group("p") for m in MACHINE.finditer(bad)] == ["DATE_FORMAT"]
    assert [m.group("p") for m in MACHINE.finditer(good)] == ["c"]


def test_no_visible_date_is_written_with_a_fixed_numeric_pattern():
    """A date in running text ("reviewed on 2026-12-07") reads as the language writes it too:
    a literal pattern holding a year (Y, y) outside an attribute is a fixed order."""
    found = []
    for path in _template_files():
        text = path.read_text(encoding="utf-8")
        machine = {m.start("p") for m in MACHINE.finditer(text)}
        for match in PATTERN.finditer(text):
            name = "a" if match.group("a") is not None else "b"
            pattern = match.group(name)
            if match.start(name) in machine or NAMED.match(pattern):
                continue
            if set(pattern) & {"Y", "y"}:
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(TEMPLATES.parent)}:{line}: {pattern}")
    assert found == []
