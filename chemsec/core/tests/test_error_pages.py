"""The refusal and not-found pages are the portal's own, in the reader's language, with the
way home; they never say why access was refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _client(user, language):
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


@pytest.mark.parametrize(("language", "title"), [("en", "Not allowed"), ("ar", None), ("fr", None)])
def test_a_refused_page_is_styled_and_translated(alice, language, title):
    from django.utils import translation

    response = _client(alice, language).get(reverse("supplychain:inbox"))  # authorities only
    body = response.content.decode()
    assert response.status_code == 403
    with translation.override(language):
        expected = str(translation.gettext("Not allowed"))
        home = str(translation.gettext("Back to your home page"))
    assert f"<h1>{expected}</h1>" in body and home in body
    assert 'class="site-nav"' in body  # the portal's frame, not a bare "403 Forbidden"
    assert "Forbidden" not in body and "Denied" not in body
    if language == "ar":
        assert 'dir="rtl"' in body
    if title:
        assert expected == title


def test_an_unknown_page_is_the_portals_own_not_found_page(alice):
    response = _client(alice, "en").get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in body and reverse("home") in body
    assert "/no-such-page/" not in body  # the address asked for is not written back


def test_the_api_still_answers_json_for_an_unknown_path():
    response = Client().get("/api/v1/no-such-operation")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
