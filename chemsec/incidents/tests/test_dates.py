"""An incident's page writes its dates as the reader's language does (QA, December 2026):
the log and the detail page wrote "7 Dec 2026 09:30" in every language, with a fixed
English "j M Y H:i"; French writes "7 décembre 2026", Arabic "7 ديسمبر، 2026", Chinese
"2026年12月7日" (CLDR's long date of each language)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from chemsec.incidents.models import Incident

pytestmark = pytest.mark.django_db

DETECTED = dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.UTC)
OWN_WORDS = {
    "fr": "7 décembre 2026",
    "es": "7 de diciembre de 2026",
    "ru": "7 декабря 2026",
    "ar": "7 ديسمبر، 2026",
    "zh-hans": "2026年12月7日",
    "en": "Dec. 7, 2026",
}


def _page(user, url: str, language: str) -> str:
    client = Client()
    client.force_login(user)
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.mark.parametrize("language", list(OWN_WORDS))
def test_the_log_and_the_detail_write_the_detection_date_in_the_language(theft, alice, language):
    Incident.objects.filter(pk=theft.pk).update(detected_at=DETECTED)
    with translation.override(language):
        expected = formats.date_format(timezone.localtime(DETECTED), "DATETIME_FORMAT")
    for url in (reverse("incidents:index"), reverse("incidents:detail", args=[theft.pk])):
        body = _page(alice, url, language)
        assert f'lang="{language}"' in body
        assert expected in body and OWN_WORDS[language] in body
        assert "7 Dec 2026" not in body
