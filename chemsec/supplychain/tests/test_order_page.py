"""The order page in the reader's language: quantities grouped as the locale groups them and
without trailing zeros, the rule book's version folded into a count with its entries inside,
typed values isolated (QA: "12345.500 pack" and a wall of AG-EXPORT-LICENCE@1;... codes)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import escape

from chemsec.supplychain.models import Order
from chemsec.supplychain.rule_texts import TYPOLOGY_TEXTS
from chemsec.supplychain.templatetags.supplychain_labels import sc_quantity, sc_rulebook, sc_unit
from chemsec.supplychain.tests.test_pages import client_for

LANGUAGES = ["ar", "en", "es", "fr", "ru", "zh-hans"]


def _grouped(text: str, language: str) -> str:
    with translation.override(language):
        return str(formats.number_format(Decimal(text), use_l10n=True, force_grouping=True))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("stored", "shown"),
    [("12345.500", "12345.5"), ("1234567.000", "1234567"), ("0.250", "0.25"), ("2", "2")],
    ids=["half", "whole", "small", "int"],
)
def test_quantities_are_grouped_and_trimmed(language: str, stored: str, shown: str) -> None:
    with translation.override(language):
        text = sc_quantity(Decimal(stored))
    assert text == _grouped(shown, language)
    digits = "".join(c for c in text if c.isdigit())
    assert digits == shown.replace(".", "")  # every digit, no trailing zero
    if Decimal(shown) >= 1000:
        assert not text[:4].isdigit(), text  # a group separator after the thousands


def test_the_english_and_french_forms_are_the_usual_ones() -> None:
    with translation.override("en"):
        assert sc_quantity(Decimal("12345.500")) == "12,345.5"
    with translation.override("fr"):
        assert re.fullmatch(r"12\s345,5", sc_quantity(Decimal("12345.500")))
    assert sc_quantity("not a number") == "not a number" and sc_quantity(None) == ""


def test_the_rule_book_version_is_read_as_its_entries() -> None:
    assert sc_rulebook("B-RULE@2;A-RULE@1;TYPO") == [("B-RULE", "2"), ("A-RULE", "1"), ("TYPO", "")]
    assert sc_rulebook("") == [] and sc_rulebook(None) == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_order_page_folds_the_rule_book_and_formats_the_quantity(
    record, public_buyer, peroxide, alice, language: str
) -> None:
    record(public_buyer, peroxide, quantity="12345.5")
    order = Order.objects.get()
    page = client_for(alice).get(
        reverse("supplychain:order", args=[order.pk]), HTTP_ACCEPT_LANGUAGE=language
    )
    html = page.content.decode()
    assert page.status_code == 200
    with translation.override(language):
        packs = sc_unit("pack", "12345.5")  # the default unit in the reader's language
    assert "12345.500" not in html and f"{_grouped('12345.5', language)} {packs}" in html
    assert "<bdi>pack</bdi>" not in html
    version = order.evaluation["rulebook_version"]
    entries = version.split(";")
    assert len(entries) > 3 and version not in html  # no wall of codes
    folded = re.search(r"<details[^>]*><summary>(.*?)</summary>(.*?)</details>", html, re.S)
    assert folded, html
    assert str(len(entries)) in folded.group(1)
    if language == "en":
        assert folded.group(1) == f"Rule book: {len(entries)} rule and typology versions"
    for entry in entries:
        code, _at, number = entry.partition("@")
        assert f'<bdi class="code-id">{code}</bdi> v{number}' in folded.group(2)


def test_the_default_unit_is_a_word_in_the_readers_language_and_agrees_with_the_quantity() -> None:
    with translation.override("en"):
        assert (sc_unit("pack", 1), sc_unit("pack", "2.000"), sc_unit("pack", "1.5")) == (
            "pack",
            "packs",
            "packs",
        )
    with translation.override("fr"):
        one = translation.npgettext("unit of an order line, after its quantity", "pack", "packs", 1)
        assert sc_unit("Pack", Decimal("1.000")) == one
    # a unit typed by the supplier is theirs: shown as typed, isolated, escaped
    assert sc_unit("kg", 5) == "<bdi>kg</bdi>" and sc_unit("<b>", 1) == "<bdi>&lt;b&gt;</bdi>"
    assert sc_unit("", 1) == "" and sc_unit("pack", None) == "packs"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_order_page_names_the_country_and_the_typologies(
    record, public_buyer, peroxide, alice, language: str
) -> None:
    """Issue 11: the delivery country showed "DE" and the rule book "denied-party"."""
    record(public_buyer, peroxide, quantity="2", delivery_country="DE")
    order = Order.objects.get()
    html = (
        client_for(alice)
        .get(reverse("supplychain:order", args=[order.pk]), HTTP_ACCEPT_LANGUAGE=language)
        .content.decode()
    )
    name = {"fr": "Allemagne", "ar": "ألمانيا"}[language]
    assert f'<span title="DE">{name}</span>' in html
    folded = re.search(r"<details[^>]*><summary>.*?</summary>(.*?)</details>", html, re.S)
    assert folded, html
    entries = sc_rulebook(order.evaluation["rulebook_version"])
    typologies = [(code, number) for code, number in entries if code in TYPOLOGY_TEXTS]
    assert typologies
    with translation.override(language):
        for code, number in typologies:
            title = escape(str(TYPOLOGY_TEXTS[code].title))
            entry = f'<span>{title}</span> · <bdi class="code-id">{code}</bdi> v{number}'
            assert f"<li>{entry}</li>" in folded.group(1)
    with translation.override("en"):
        english = str(TYPOLOGY_TEXTS[typologies[0][0]].title)
    assert english not in html  # translated, not the rule file's English
