"""An event's languages are stored as codes and shown by their names in the reader's
language (issue 11): 'anglais, chinois', not 'en, zh'."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from .conftest import make_event

pytestmark = pytest.mark.django_db


def test_an_events_languages_are_named_in_the_readers_language():
    event = make_event(title="Public workshop", languages=["en", "zh"])
    client = Client()
    client.cookies["django_language"] = "fr"
    page = client.get(reverse("events:event", args=[event.pk])).content.decode()
    with translation.override("fr"):
        names = f"{translation.gettext('English')}, {translation.gettext('Chinese')}"
    assert names != "English, Chinese" and f"<dd>{names}</dd>" in page
    assert "en, zh" not in page
