"""Assistance pages write dates in the reader's language's own format (QA, December 2026):
the board wrote "7 Déc 2026" in French (a fixed "j M Y" with Django's capitalised English-
style month abbreviation) where French writes "7 décembre 2026"."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from chemsec.assistance.models import AssistanceRequest

pytestmark = pytest.mark.django_db

FILED = dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize("language", ["fr", "ru", "ar", "zh-hans", "es", "en"])
def test_the_board_writes_the_filing_date_as_the_language_does(
    secretariat_clients, filed, language
):
    AssistanceRequest.objects.filter(pk=filed.pk).update(created_at=FILED)
    url = reverse("assistance:board")
    body = secretariat_clients["rita"].get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    with translation.override(language):
        expected = formats.date_format(timezone.localtime(FILED), "DATE_FORMAT")
    assert expected in body
    assert "7 Déc 2026" not in body and "7 Dec 2026" not in body


def test_french_writes_the_month_in_lower_case_in_full(secretariat_clients, filed):
    AssistanceRequest.objects.filter(pk=filed.pk).update(created_at=FILED)
    body = (
        secretariat_clients["rita"]
        .get(reverse("assistance:detail", args=[filed.pk]), HTTP_ACCEPT_LANGUAGE="fr")
        .content.decode()
    )
    assert "7 décembre 2026" in body
