"""Text people type keeps its own direction on a page in any language (QA): on an Arabic
page an English need or note ending in a full stop must not read ".are not tracked"; each
element holding typed text takes its direction from it (dir="auto", or <bdi>)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

NOTE = "The cylinders are not tracked."
OUTCOME = "Access list rebuilt (phase 1)."


class _Holders(HTMLParser):
    """For each text node containing one of `needles`: the innermost element holding it."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr"}

    def __init__(self, needles: list[str]) -> None:
        super().__init__()
        self.needles, self.stack, self.found = needles, [], {}

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        for needle in self.needles:
            if needle in data and self.stack:
                self.found.setdefault(needle, []).append(self.stack[-1])


def _holders(html: str, needles: list[str]) -> dict[str, list[tuple[str, dict]]]:
    parser = _Holders(needles)
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("language", ["en", "ar"])
def test_typed_text_on_a_request_takes_its_own_direction(
    secretariat_clients, filed, expert, language
):
    rita = secretariat_clients["rita"]
    rita.post(reverse("assistance:triage", args=[filed.pk]),
              {"status": "in_progress", "priority": "high", "note": NOTE})  # fmt: skip
    rita.post(reverse("assistance:assign", args=[filed.pk]), {"expert": expert.pk, "role": "Lead"})
    rita.post(reverse("assistance:outcome", args=[filed.pk]), {"text": OUTCOME})
    rita.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = rita.get(reverse("assistance:detail", args=[filed.pk])).content.decode()
    with translation.override(language):
        assert f'lang="{translation.get_language()}"' in html
        assert translation.gettext("Notes") in html
    needles = [filed.need, NOTE, OUTCOME, filed.title]
    found = _holders(html, needles)
    assert set(found) == set(needles)
    for needle, holders in found.items():
        for tag, attrs in holders:
            if tag == "title":  # the document's title: no markup there
                continue
            assert tag == "bdi" or attrs.get("dir") == "auto", (needle, tag, attrs)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_request_titles_in_lists_take_their_own_direction(personas, filed, language):
    client = personas["alice"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("assistance:index")).content.decode()
    holders = _holders(html, [filed.title])[filed.title]
    assert [attrs.get("dir") for tag, attrs in holders if tag == "a"] == ["auto"]
