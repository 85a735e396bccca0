"""On an Arabic page a list entry's English source keeps its brackets paired (QA: "((22 USC
6701(12"): it is isolated, left to right, marked English (<bdi lang="en" dir="ltr">), on the
lists page and on the entry's page; a kept screening names its lists by their display
codes (CWC, AG, EU, CFATS), not the form's lower-case values."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from chemsec.screening.engine.lists import LIST_INFO, load_list
from chemsec.screening.models import Screening

pytestmark = pytest.mark.django_db


class _Elements(HTMLParser):
    VOID = {"br", "input", "meta", "link", "img", "hr", "col", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[dict[str, Any]] = []
        self.found: list[dict[str, Any]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            element = {"tag": tag, "attrs": dict(attrs), "text": ""}
            self.open.append(element)
            self.found.append(element)

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i]["tag"] == tag:
                del self.open[i:]
                return

    def handle_data(self, data):
        for element in self.open:
            element["text"] += data


def _isolated_english(body: str, text: str) -> bool:
    parser = _Elements()
    parser.feed(body)
    return any(
        e["tag"] == "bdi"
        and e["attrs"].get("lang") == "en"
        and e["attrs"].get("dir") == "ltr"
        and e["text"].strip() == text
        for e in parser.found
    )


def _entry():
    return next(e for e in load_list("CWC") if "6701(12)" in e.source)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_entrys_english_source_is_isolated_on_the_lists_page(client, language):
    entry = _entry()
    client.cookies["django_language"] = language
    body = client.get(reverse("screening:lists"), {"q": entry.cas, "list": "CWC"}).content
    body = body.decode()
    with translation.override(language):
        assert translation.gettext("Source") in body
    assert _isolated_english(body, entry.source)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_entrys_english_source_is_isolated_on_its_page(client, language):
    entry = _entry()
    client.cookies["django_language"] = language
    body = client.get(reverse("screening:list_entry", args=[entry.urn])).content.decode()
    assert _isolated_english(body, entry.source)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_kept_screening_names_its_lists_by_their_codes(personas, language):
    alice = personas["alice"]
    chosen = ["cwc", "ag", "eu", "cfats"]
    alice.post(reverse("screening:index"), {"identifiers": "sarin\nethanol", "lists": chosen})
    screening = Screening.objects.get()
    assert screening.lists == chosen  # stored as the form's values
    alice.cookies["django_language"] = language
    body = alice.get(reverse("screening:detail", args=[screening.pk])).content.decode()
    for code in chosen:
        assert code.upper() in LIST_INFO
        assert f'<span class="badge list-{code}">{code.upper()}</span>' in body
    assert "cwc, ag" not in body
    with translation.override(language):
        assert translation.gettext("Lists") in body
