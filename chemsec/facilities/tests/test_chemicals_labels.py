"""The chemicals of interest name a threshold's security issue and each data status in the
reader's language (QA): no "toxic:", "release (toxic)" or "verified-secondary" codes on the
page; the listed name stays English, marked so."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from chemsec.facilities.templatetags.threshold_text import threshold_issue

pytestmark = pytest.mark.django_db


def _page(user, language, url):
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_threshold_issues_and_data_status_are_labels(imported, alice, language):
    url = reverse("facilities:chemicals", args=[imported.facility_id])
    page = _page(alice, language, url)
    with translation.override(language):
        toxic = translation.pgettext("threshold list", "Toxic")
        rmp = translation.pgettext("threshold list and listed name", "%(kind)s: %(name)s")
        release = translation.pgettext("security issue", "release")
        kind = translation.pgettext("security issue kind", "toxic")
        cfats = translation.pgettext("security issue and its kind", "%(issue)s (%(kind)s)")
        secondary = translation.pgettext("list data verification", "verified in a secondary source")
    chlorine = '<bdi lang="en" dir="ltr">Chlorine</bdi>'
    assert f"<bdi>{rmp % {'kind': escape(toxic), 'name': chlorine}}</bdi>" in page
    assert f"<bdi>{cfats % {'issue': escape(release), 'kind': escape(kind)}}</bdi>" in page
    thresholds = page[page.index('class="crossed"') :]
    thresholds = thresholds[: thresholds.index('<td class="small">')]
    assert "toxic: Chlorine" not in thresholds  # the list's kind is a label ("Toxic")
    if release != "release":  # translated (the lead's catalogue): no English code left
        assert "release (toxic)" not in thresholds
    assert "verified-secondary" not in page
    assert escape(secondary) in page


def test_an_issue_of_no_known_form_is_shown_as_stored_marked_english():
    assert threshold_issue("diversion risk") == '<bdi lang="en" dir="ltr">diversion risk</bdi>'
    with translation.override("fr"):
        odd = threshold_issue("theft (novel kind)")
    assert '<bdi lang="en" dir="ltr">novel kind</bdi>' in odd


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_reason_column_names_the_threshold_issue_in_the_readers_language(
    imported, alice, language
):
    """The Reason column's comparison ("... at or above the EPA RMP <issue> threshold")
    names the issue with the translated words, not the stored "toxic: Chlorine"."""
    page = _page(alice, language, reverse("facilities:chemicals", args=[imported.facility_id]))
    reasons = " ".join(re.findall(r'<td class="small">(.*?)</td></tr>', page, re.S))
    with translation.override(language):
        toxic = translation.pgettext("threshold list", "Toxic")
        rmp = translation.pgettext("threshold list and listed name", "%(kind)s: %(name)s")
    chlorine = '<bdi lang="en" dir="ltr">Chlorine</bdi>'
    assert toxic != "Toxic"  # the catalogue translates it
    assert rmp % {"kind": escape(toxic), "name": chlorine} in reasons
    assert "toxic: Chlorine" not in reasons and "release (toxic)" not in reasons
