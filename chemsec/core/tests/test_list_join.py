"""Lists joined as the reader's language writes them: Chinese enumerates inline items with
the ideographic enumeration comma "、" (U+3001, no space), Arabic with the Arabic comma
"، " (U+060C); the other UN languages with ", ". Clauses (parts with commas of their own)
go one level up: "；" (U+FF1B) in Chinese, "؛ " (U+061B) in Arabic, "; " otherwise."""

from __future__ import annotations

import pytest
from babel.lists import format_list
from django.template import Context, Template
from django.utils import translation

from chemsec.core.templatetags.list_join import clause_separator, code_list, list_separator
from chemsec.facilities.texts import _joined

TEMPLATE = Template("{% load list_join %}{{ items|list_join }}")


@pytest.mark.parametrize(
    ("language", "joined"),
    [("zh-hans", "氯、氨、<b>"), ("ar", "氯، 氨، <b>"), ("fr", "氯, 氨, <b>"),
     ("en", "氯, 氨, <b>"), ("ru", "氯, 氨, <b>"), ("es", "氯, 氨, <b>")],
)  # fmt: skip
def test_it_joins_a_list_as_the_language_does(language: str, joined: str) -> None:
    with translation.override(language):
        shown = TEMPLATE.render(Context({"items": ["氯", "氨", "<b>"]}))
    assert shown == joined.replace("<b>", "&lt;b&gt;")


def test_the_chinese_separator_is_cldrs_and_the_standards() -> None:
    # GB/T 15834-2011 (Chinese punctuation): the enumeration comma "、" between coordinate
    # items of a list; CLDR's Chinese list pattern puts it between all but the last two.
    assert format_list(["A", "B", "C"], locale="zh_Hans") == "A、B和C"
    assert list_separator("zh-hans") == "\u3001" and list_separator("zh_Hans") == "\u3001"
    assert list_separator("ar") == "\u060c " and list_separator("ru") == ", "


def test_clauses_are_separated_with_the_languages_semicolon() -> None:
    assert clause_separator("zh-hans") == "\uff1b"
    assert clause_separator("ar") == "\u061b "
    assert clause_separator("fr") == "; "
    with translation.override("zh-hans"):
        assert str(_joined(["甲，乙", "丙"])) == "甲，乙；丙"  # a row's reasons, say
    with translation.override("ar"):
        assert str(_joined(["أ، ب", "ج"])) == "أ، ب؛ ج"


def test_codes_typed_with_any_languages_separators_are_split() -> None:
    with translation.override("en"):
        assert code_list("S-101；S-102、S-103，S-104؛ S-105").count('class="code-id"') == 5
