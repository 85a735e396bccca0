"""Screening results in the reader's language: outcome, how the identifier was resolved and
why it matched are translated from their codes; the list data's own English is marked so."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from chemsec.screening.presenters import basis_label, resolution_label, status_label

pytestmark = pytest.mark.django_db


def _screen_in(client, language, identifier):
    client.cookies["django_language"] = language
    data = {"identifiers": identifier, "lists": ["cwc"]}
    response = client.post(reverse("screening:index"), data)
    assert response.status_code == 200
    return response.content.decode()


def test_an_arabic_reader_sees_the_outcome_and_resolution_in_arabic(client):
    body = _screen_in(client, "ar", "7782-50-5")  # chlorine: CAS read, not on the CWC lists
    with translation.override("ar"):
        clear, cas = str(status_label("clear")), str(resolution_label("cas (offline index)")[0][0])
    assert re.search(r'data-status="clear">' + re.escape(clear) + "<", body)
    assert clear != "clear" and cas != "CAS number (offline index)"
    assert cas in body


def test_a_match_says_its_basis_in_french_and_marks_the_list_english(client):
    body = _screen_in(client, "fr", "sarin")
    with translation.override("fr"):
        exact, matched = str(basis_label("exact")), str(status_label("matched"))
    assert exact != "exact" and matched != "matched"  # French, not the English fallback
    assert f"({exact})" in body and f">{matched}<" in body
    # Why it matched is rebuilt in the reader's language (test_bidi_pages); the list's own
    # English (its source) is marked so.
    assert '<p class="explanation"' in body
    assert '<span lang="en" dir="ltr">' in body


def test_a_resolution_the_page_does_not_know_stays_english_and_marked():
    with translation.override("ar"):
        pieces = resolution_label("cas (offline index); a new way of reading")
    assert pieces[1] == ("a new way of reading", False)
    assert pieces[0][1] is True
