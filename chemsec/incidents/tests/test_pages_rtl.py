"""The incident page in Arabic: what people typed (in English here) keeps its own direction,
and the English rule citation is marked as English. Without it, right-to-left layout moved
the neutral characters: "Nitric acid 65 %" read "65 % Nitric acid", and a sentence's final
full stop stood at its start."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _arabic_page(user, incident):
    client = Client(HTTP_ACCEPT_LANGUAGE="ar")
    client.force_login(user)
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert '<html lang="ar" dir="rtl"' in page
    return page


def test_typed_text_is_isolated_in_arabic(theft, alice):
    page = _arabic_page(alice, theft)
    assert "<bdi>Hydrogen peroxide 50 %</bdi>" in page
    assert '<span class="code-id">7722-84-1</span>' in page  # a code: whole, left to right
    assert "<bdi>Drums missing from store B</bdi></h1>" in page
    assert "<bdi>Store B</bdi>" in page
    assert re.search(r'<dd class="pre-wrap" dir="auto">Store locked; police called\.</dd>', page)


def test_the_english_rule_citation_is_marked_english(theft, alice):
    page = _arabic_page(alice, theft)
    citation = re.search(r'</code>\): <span lang="en" dir="ltr">([^<]+)</span>', page)
    assert citation is not None and "Article 9" in citation.group(1)


def test_the_timeline_names_the_rule_not_its_code(theft, alice):
    """The clock's timeline entry said "... under EU-EP-ART9-THEFT" inside Arabic text: the
    rule is named by its title in the reader's language, its code isolated beside it."""
    from django.utils import translation

    page = _arabic_page(alice, theft)
    timeline = page.split('<ol class="notes">', 1)[1].split("</ol>", 1)[0]
    with translation.override("ar"):
        sentence = translation.gettext("Reportable under %(rule)s: clock started.")
        title = translation.gettext("Theft of a regulated explosives precursor")
    before, after = sentence.split("%(rule)s")
    code = '<code class="code-id" lang="en" dir="ltr">EU-EP-ART9-THEFT</code>'
    assert (
        before + title in timeline
        or before + f'<span lang="en" dir="ltr">{title}</span>' in timeline
    )
    assert f"({code}){after}" in timeline
    assert f"{before}EU-EP-ART9-THEFT" not in timeline  # the bare code, as before


def test_the_pdf_names_the_rule_by_its_title(theft, alice):
    """The printed report's timeline said "Reportable under EU-EP-ART9-THEFT": it names the
    rule by its title, as the page does."""
    import io

    from pypdf import PdfReader

    client = Client()
    client.force_login(alice)
    pdf = client.get(reverse("incidents:export", args=[theft.pk, "pdf"]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    assert "Reportable under Theft of a regulated explosives precursor (EU-EP-ART9-THEFT)" in text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_pdf_gives_each_task_its_status_label_not_its_code(theft, alice, language):
    import io

    from django.conf import settings
    from django.utils import translation
    from pypdf import PdfReader

    from chemsec.incidents.choices import TaskStatus
    from chemsec.incidents.services import task_add

    task_add(actor=alice, incident=theft, title="Check the store room")
    client = Client()
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pdf = client.get(reverse("incidents:export", args=[theft.pk, "pdf"]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    with translation.override(language):
        label = str(TaskStatus.OPEN.label)
    assert f"Check the store room ({label})" in text and "(open)" not in text
