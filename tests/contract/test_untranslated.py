"""No page shows interface text in English to a reader of another language.

Every page route is rendered in each of the five other UN languages, as a persona the
expectation table lets in, and its visible text (text nodes and the title, placeholder,
aria-label and alt attributes) is compared with the translation catalogue: a piece of text
that is exactly an English msgid whose translation differs is interface text that was not
translated where it is shown (a label read at import time, a string stored in the
writer's language, a choice label rendered raw, ...).

Text the world's users typed (names, markers) is not in the catalogue and is never flagged;
reference content (practice titles, framework questions) is not in the catalogue either:
its translation is tracked with the content itself.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from chemsec.core.tests.test_catalogues import read_po
from tests.contract.conftest import client_for
from tests.contract.expectations import PAGES, Context, lookup
from tests.contract.routes import page_routes, param_objects, url_for
from tests.contract.world import PERSONAS, World
from tests.visible_text import visible_pieces

pytestmark = [pytest.mark.once, pytest.mark.django_db]

LANGUAGES = {"ar": "ar", "es": "es", "fr": "fr", "ru": "ru", "zh-hans": "zh_Hans"}
# Pages that show stored values verbatim on purpose: the audit trail records what was
# written, as it was written.
RAW_DATA_PAGES = {"audit_log"}
# Words the world's users typed (or reference content holds) that happen to be English
# catalogue entries too, with where they come from.
NOT_INTERFACE = {
    "Target": "a layer name of the world's protection diagram",
    "Entry": "a layer name of the world's protection diagram",
    "Scenario": "the world's scenario is named so",
    "Why": "a heading of the shipped practices' bodies (reference content)",
}
# Known and not yet fixed (say so in the issue), by text and the page it shows on.
KNOWN_GAPS: dict[str, str] = {}
SKIPPED_TAGS = {"script", "style", "code", "pre", "option"}  # options: native language names


def _pieces(html: str) -> list[str]:
    return visible_pieces(html, SKIPPED_TAGS)


def _english(catalogue: str) -> dict[str, str]:
    """msgid -> its translation, for the msgids whose translation differs."""
    _header, entries = read_po(catalogue)
    return {
        e.msgid: e.msgstr.get(0, "")
        for e in entries
        if e.msgid_plural is None
        and any(c.isalpha() for c in e.msgid)
        and len(e.msgid) > 2
        and e.msgstr.get(0)
        and e.msgstr[0] != e.msgid
    }


def _persona_for(route: Any) -> tuple[str, dict[str, str]] | None:
    """A persona the table lets GET this page (signed in, second factor done), if any."""
    entry = lookup(PAGES, route.key)
    if entry is None or "GET" not in entry.rules:
        return None
    overrides = {**entry.params}
    ctx = Context(param_objects(route, overrides))
    for persona in PERSONAS:
        if persona.unverified or not persona.pages or persona.username is None:
            continue
        if entry.rules["GET"](persona, ctx) == "ok":
            return persona.key, overrides
    return None


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_no_page_shows_untranslated_interface_text(rollback: World, language: str) -> None:
    english = _english(LANGUAGES[language])
    typed = {p.username for p in PERSONAS if p.username} | {o.name for o in rollback.orgs.values()}
    found: dict[str, set[str]] = {}
    for route in page_routes():
        if route.label in RAW_DATA_PAGES:
            continue
        chosen = _persona_for(route)
        if chosen is None:
            continue
        persona, overrides = chosen
        client = client_for(rollback, persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(url_for(rollback, route, overrides))
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for piece in _pieces(response.content.decode("utf-8", errors="replace")):
            text = " ".join(piece.split())
            if KNOWN_GAPS.get(text) == route.label:
                continue
            if text in english and text not in typed and text not in NOT_INTERFACE:
                found.setdefault(text, set()).add(route.label)
    report = [f"{text!r} on {sorted(routes)[:3]}" for text, routes in sorted(found.items())]
    assert not found, f"{len(found)} English texts shown in {language}:\n" + "\n".join(report)


def test_text_inside_a_lang_mark_is_skipped_nested_elements_included() -> None:
    """A nested element inside an element marked with its own `lang` does not end the skip
    when it closes (the crawler's extraction had the same bug: tests/browser/axe.py)."""
    pieces = _pieces(
        '<html lang="fr"><p>Bonjour <span lang="en" dir="ltr">Keep <span>calm</span> and'
        ' <a href="#" title="Go">carry</a><br> on</span> fin</p>'
        '<div lang="en"><p>Unclosed<br><img alt="x"></div><p title="Titre">suite</p></html>'
    )
    assert [" ".join(p.split()) for p in pieces] == ["Bonjour", "fin", "Titre", "suite"]
