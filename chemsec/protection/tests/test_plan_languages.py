"""The site security plan in the reader's language, numbers and fonts too (QA, December
2026): the Russian PDF listed "Chlorine … 2,700" and "Sulfuric acid … 11,760" (read as
2.7 and 11.76), mixed "+0,1" with "0.800" and "+0.0163", and set its arrows and signs in
Noto Sans CJK; a CJK font belongs to Chinese documents only."""

import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from chemsec.protection import plan_sources
from chemsec.protection.evaluation import evaluate
from chemsec.protection.pdf import plan_pdf
from chemsec.protection.plan import build_plan, diagram_blocks

pytestmark = pytest.mark.django_db

CHEMICALS = [
    {"name": "Chlorine", "cas": "7782-50-5", "total_kg": 2700.0, "areas": ["A", "B"]},
    {"name": "Sulfuric acid", "cas": "7664-93-9", "total_kg": 11760.0, "areas": ["C"]},
]


def test_the_chemicals_table_groups_thousands_as_the_reader_writes_them(plant, monkeypatch):
    monkeypatch.setattr(plan_sources, "chemicals_of_interest", lambda facility: CHEMICALS)
    with translation.override("ru"):
        _headers, rows = plan_sources._chemicals(plant, None)
    assert [row[2] for row in rows] == ["2\xa0700,0", "11\xa0760,0"]
    with translation.override("ar"):
        _headers, rows = plan_sources._chemicals(plant, None)
    assert [row[2] for row in rows] == ["2,700.0", "11,760.0"]
    assert rows[0][3] == "A\u060c B"  # the Arabic comma between areas


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_the_protection_figures_have_one_decimal_mark(diagram, language):
    with translation.override(language):
        facts, table, _drawing = diagram_blocks(
            evaluate(diagram.document, diagram.p_neutralisation), diagram.name
        )
    shown = [v for _k, v in facts.facts[1:4]] + [c for row in table.rows for c in row[2:]]
    shown += table.headers
    assert facts.facts[2][1] == "0,800"
    assert any(re.fullmatch(r"[+-]0,\d{4}", cell) for cell in shown), shown
    assert not [c for c in shown if re.search(r"\d\.\d", c)], shown


def _fonts(pdf: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return fonts


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        ("ru", "Noto-Sans", "CJK"),
        ("fr", "Noto-Sans", "CJK"),
        ("ar", "Noto-Sans-Arabic", "CJK"),
        ("zh-hans", "Noto-Sans-CJK-SC", "Arabic"),
    ],
)
def test_each_script_is_set_in_its_own_font(alice, plant, diagram, language, expected, absent):
    with translation.override(language):
        pdf = plan_pdf(build_plan(facility=plant, user=alice))
    fonts = _fonts(pdf)
    assert expected in fonts, fonts
    assert not [f for f in fonts if absent in f], fonts


def test_arabic_keeps_the_sign_before_the_digits(diagram):
    with translation.override("ar"):
        _facts, table, _drawing = diagram_blocks(
            evaluate(diagram.document, diagram.p_neutralisation), diagram.name
        )
    deltas = [c for row in table.rows for c in row[4:]]
    # a left-to-right mark ahead of the sign: without it "+0.0163" is drawn "0.0163+"
    assert deltas and all(re.fullmatch(r"\u200e[+-]\d\.\d{4}", c) for c in deltas), deltas
