"""Alert facts on a page: sentences in the page's language take the page's direction; only
the codes and typed values in them are isolated (QA: in Arabic, "TEA: ..." was laid out left
to right because the paragraph's direction was guessed from its first letter)."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from chemsec.supplychain.fact_texts import fact_html, fact_sentences
from chemsec.supplychain.presenters import breaches_shown

SPIKE = {"lines": [{"product": "TEA", "quantity": 2023, "percentile": 2.0, "limit": 4.0,
                    "history": 6}]}  # fmt: skip
COUNTRIES = {"delivery_country": "XA", "billing_country": "XQ", "products": ["TEA", "<b>x"]}
DENIED = {"parties": [{"role": "customer", "list_entries": ["شركة المثال", "Acme & Co"],
                       "score": 0.91}]}  # fmt: skip


@pytest.mark.parametrize("language", ["ar", "en", "zh-hans"])
def test_codes_are_isolated_and_the_sentence_is_not(language: str) -> None:
    with translation.override(language):
        html = fact_html("quantity_spike", SPIKE)
        text = fact_sentences("quantity_spike", SPIKE)
    assert html and text
    assert html[0].startswith('<bdi class="code-id">TEA</bdi>')
    assert re.sub(r"</?bdi[^>]*>", "", html[0]).replace("&#x27;", "'") == text[0]


def test_typed_values_are_escaped_and_unnamed_user_assigned_countries_are_codes() -> None:
    with translation.override("ar"):
        countries = " ".join(fact_html("delivery_country_differs", COUNTRIES) or [])
        denied = " ".join(fact_html("denied_party", DENIED) or [])
    assert "Arcadia" in countries  # the demo's fictional State, by its name
    assert '<bdi class="code-id">XQ</bdi>' in countries  # a user-assigned code with no name
    assert "Pseudo" not in countries
    with translation.override("en"):
        unfilled = fact_html("identity_not_verified", {"products": ["HP30"], "max_age_days": 1})
    assert unfilled and unfilled[0] == "No check of the customer&#x27;s identity is on record."
    assert '<bdi class="code-id">&lt;b&gt;x</bdi>' in countries and "<b>" not in countries
    assert "<bdi>شركة المثال</bdi>" in denied and "<bdi>Acme &amp; Co</bdi>" in denied


def test_the_breach_paragraph_takes_the_page_direction() -> None:
    stored = [{"code": "SPIKE", "version": 1, "title": "Spike", "facts": SPIKE}]
    with translation.override("ar"):
        shown = breaches_shown(stored, {"SPIKE": "quantity_spike"})
        page = render_to_string("supplychain/_breaches.html", {"breaches": shown})
    paragraph = re.search(r"<p>(.*?)</p>", page, re.S)
    assert paragraph, page
    assert paragraph.group(1).startswith('<bdi class="code-id">TEA</bdi>')
    assert 'dir="auto"' not in page
    assert "&lt;bdi" not in page  # the isolation is markup, not escaped text
