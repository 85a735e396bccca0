"""A salt whose parent is listed, under an entry that names no salts, is not "unresolved"
in the sense of unidentified (QA, December 2026): the Arabic results page showed
"لم تُحدَّد هويته" ("its identity was not determined") beside "resolved by SMILES" on the
same row. The row's label says what is known (the parent is listed) and what is left (the
salt form, to check with the national authority), in every language; rows that really
are unidentified keep the plain "unresolved"."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext

from chemsec.screening.engine import screen
from chemsec.screening.presenters import result_status_label, status_label

pytestmark = pytest.mark.django_db

# 3-quinuclidinol (CWC Schedule 2B09) as its hydrochloride: 2B09 names no salts.
QUINUCLIDINOL_HCL = "OC1CN2CCC1CC2.Cl"
LANGUAGES = ["en", "fr", "es", "ru", "ar", "zh-hans"]


class _Badges(HTMLParser):
    """The text of every element marked data-testid="status"."""

    def __init__(self) -> None:
        super().__init__()
        self.badges: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if dict(attrs).get("data-testid") == "status":
            self._inside = True
            self.badges.append("")

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.badges[-1] += data


def _badges(client, language: str, identifiers: str) -> list[str]:
    client.cookies["django_language"] = language
    response = client.post(
        reverse("screening:index"), {"identifiers": identifiers, "lists": ["cwc"]}
    )
    assert response.status_code == 200
    parser = _Badges()
    parser.feed(response.content.decode())
    return [b.strip() for b in parser.badges]


def test_the_engine_names_the_parent_and_leaves_the_salt_undecided():
    (result,) = screen(QUINUCLIDINOL_HCL, lists="cwc", use_opsin=False)
    assert (result.status, result.reason_code) == ("unresolved", "listed_parent_salt")
    assert result.identity.resolved_by  # identified: the contradiction QA saw


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_row_says_the_parent_is_listed_not_that_it_is_unidentified(client, language):
    (badge,) = _badges(client, language, QUINUCLIDINOL_HCL)
    with translation.override(language):
        expected = pgettext("screening outcome", "parent listed: salt to check")
        bare = pgettext("screening outcome", "unresolved")
    assert badge == expected and badge != bare


def test_in_english_the_label_reads_as_a_task_for_the_reader(client):
    (badge,) = _badges(client, "en", QUINUCLIDINOL_HCL)
    assert badge == "parent listed: salt to check"
    assert "unresolved" not in badge


@pytest.mark.parametrize("language", LANGUAGES)
def test_rows_that_are_not_identified_keep_the_plain_label(language):
    with translation.override(language):
        bare = pgettext("screening outcome", "unresolved")
        assert status_label("unresolved", "name_not_found") == bare
        assert status_label("unresolved") == bare
        assert status_label("matched", "listed_parent_salt") == pgettext(
            "screening outcome", "matched"
        )
        wording = pgettext("screening outcome", "may be listed: wording to check")
        assert status_label("unresolved", "family_wording_missing") == wording


def test_a_stored_row_and_an_engine_result_read_the_same():
    (result,) = screen(QUINUCLIDINOL_HCL, lists="cwc", use_opsin=False)
    stored = {"status": "unresolved", "reason_code": "listed_parent_salt"}
    with translation.override("fr"):
        assert result_status_label(result) == result_status_label(stored)
        assert result_status_label(stored) == status_label("unresolved", "listed_parent_salt")
