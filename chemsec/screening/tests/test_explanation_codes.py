"""Issue 11: why an entry matched and what a row's notes say are codes with values
(engine/explanations.py); the English is made from the same templates, pages render the
codes in the reader's language, and results stored before codes existed still render."""

from __future__ import annotations

import html
import json
import pickle
import re
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from chemsec.core.writes import unaudited
from chemsec.screening import presenters
from chemsec.screening.engine import InputRow, screen
from chemsec.screening.engine.explanations import (
    EXPLANATIONS,
    NOTES,
    Note,
    english,
    note_code,
)
from chemsec.screening.engine.lists import load_list
from chemsec.screening.engine.matcher import _component_hit
from chemsec.screening.engine.results import ScreenResult
from chemsec.screening.exports import json_record, result_from_dict
from chemsec.screening.presenters import explanations as explanation_presenters
from chemsec.screening.presenters import match_explanation, note_text, result_notes
from chemsec.screening.presenters import notes as note_presenters
from chemsec.screening.templatetags.screening_text import explanation_text, notes_text

LANGUAGES = ("en", "ar", "es", "fr", "ru", "zh-hans")
PICOLYL = "Cc1ncccc1OC(=O)N(C)C"

# One input per explanation code the shipped lists can give (identifier, concentration).
EXPLAINED_BY: dict[str, tuple[str, str | None]] = {
    "cas_listed": ("107-44-8", None),  # sarin
    "structure_identical": ("CCN(CC)CCO", None),  # AG49
    "structure_identical_p_cation": ("CO[P+](=O)OC", None),  # dimethyl phosphite, PubChem's way
    "structure_identical_charged": ("CC[NH+](CCCl)CCCl", None),  # HN1 without counter-ion
    "hydrate": ("CC(C)OP(=O)(C)F.O.O", None),
    "tautomer": ("COP(O)OC", None),  # dimethyl phosphite's P(III) tautomer
    "component_listed": ("CCO.CCN(CC)CCO", None),
    "protonated_salt_covered": ("CCN(CC)CCSP(=O)(OCC)OCC.Cl", None),  # amiton hydrochloride
    "salt_form_not_named": ("CCN(CC)CCO.Cl", None),  # AG49 names no salts
    "in_family": ("CCCCOP(=O)(C)F", None),  # 1A01
    "protonated_salt_in_family": ("CCCN(CCC)CCS.Cl", None),  # 2B12
    "alkylated_salt_in_family": ("CCCOP(=O)(C)SCC[N+](C)(C(C)C)C(C)C.[I-]", None),  # 1A03
    "family_salt_form_not_named": ("CCCOP(=O)(C#N)[NH+](C)C.[Cl-]", None),  # 1A02 names none
    "family_review": (f"C[N+](C)(CCO)CCCCCC[N+](C)(C){PICOLYL}.[Br-].[Br-]", None),  # 1A16
}
# No shipped entry with salt wording is itself a quaternary, so no input reaches this code;
# the matcher's branch is taken directly below.
NOT_REACHABLE_WITH_SHIPPED_LISTS = {"alkylated_salt_covered"}

NOTED_BY: dict[str, str] = {
    "cas_from_digits": "107448",
    "read_plainly": "CAS-No. 107-44-8",
    "annex_grammar": "N,N-Diethylaminoethanol",
    "charged_as_neutral": "CC[NH+](CCCl)CCCl",
    "p_cation_as_h_phosphonate": "CO[P+](=O)OC",
    "components_screened": "CCO.CCN(CC)CCO",
    "entries_not_verified": f"C[N+](C)(CCO)CCCCCC[N+](C)(C){PICOLYL}.[Br-].[Br-]",
}
# Notes reached by the tests of the feature that writes them (rendered below).
NOTED_ELSEWHERE = {
    "list_name_other_language",  # test_other_language_names.py
    "smiles_in_name_column",  # test_smiles_in_name_column.py (a name column only)
}
NOTED_BY_OPSIN: dict[str, str] = {
    "annex_style_for_opsin": "O-phenyl S-2-diethylaminoethyl methylphosphonothiolate",
    "structure_from_opsin": "O-phenyl S-2-diethylaminoethyl methylphosphonothiolate",
}


def _screened(identifier: str, concentration: str | None = None) -> ScreenResult:
    return screen([InputRow(identifier, concentration=concentration)], use_opsin=False)[0]


def _match_with(code: str) -> Any:
    identifier, concentration = EXPLAINED_BY[code]
    result = _screened(identifier, concentration)
    found = [m for m in result.matches if m.explanation_code == code]
    assert found, (code, [(m.entry, m.explanation_code) for m in result.matches])
    return found[0]


def _alkylated_salt_covered() -> Any:
    amiton = next(e for e in load_list("CWC") if e.code == "2A01")
    component = SimpleNamespace(kind="alkylated", as_written=False)
    return _component_hit(amiton, component, {}, 1)


# --- the engine: every code reached, the English made from the template ---


@pytest.mark.parametrize("code", sorted(EXPLAINED_BY))
def test_every_explanation_code_is_reached_and_its_english_is_the_template(code):
    match = _match_with(code)
    assert match.explanation == english(code, match.explanation_params)
    assert not re.search(r"\{\w+\}", match.explanation)  # every placeholder filled


def test_the_table_and_the_codes_the_engine_emits_agree():
    rows = [InputRow(text, concentration=c) for text, c in EXPLAINED_BY.values()]
    rows += [InputRow(text) for text in NOTED_BY.values()]
    emitted = {m.explanation_code for r in screen(rows, use_opsin=False) for m in r.matches} | {
        _alkylated_salt_covered().explanation.code
    }
    assert emitted == set(EXPLANATIONS)
    assert set(EXPLAINED_BY) | NOT_REACHABLE_WITH_SHIPPED_LISTS == set(EXPLANATIONS)
    assert set(NOTES) - NOTED_ELSEWHERE == set(NOTED_BY) | set(NOTED_BY_OPSIN)


def test_the_matchers_alkylated_salt_branch_gives_its_code():
    hit = _alkylated_salt_covered()
    assert hit.basis == "salt"
    assert hit.explanation.code == "alkylated_salt_covered"
    assert hit.explanation.text == (
        'Alkylated salt covered by the entry: CWC 2A01 "'
        + hit.entry.text
        + '" (and corresponding alkylated or protonated salts).'
    )


def test_a_component_explanation_carries_the_component_and_starts_with_it():
    match = _match_with("component_listed")
    params = match.explanation_params
    assert (params["component_index"], params["component_count"]) == (2, 2)
    assert match.explanation.startswith(f"Component 2 of 2 ({params['component_smiles']}): ")


def test_a_stated_concentration_keeps_the_code_and_adds_its_sentence():
    (result,) = screen([InputRow("6484-52-2", concentration="50 %")], lists="eu")
    (match,) = result.matches
    assert match.basis == "mixture" and match.concentration is not None
    assert match.explanation_code == "cas_listed"
    assert match.explanation == (
        english("cas_listed", match.explanation_params)
        + f" Stated concentration: {match.concentration.text}."
    )


@pytest.mark.parametrize("code", sorted(NOTED_BY))
def test_every_note_code_is_reached_and_its_english_is_the_template(code):
    result = _screened(NOTED_BY[code])
    coded = [(n, note_code(n)) for n in result.notes]
    found = [(n, c) for n, c in coded if c["code"] == code]
    assert found, coded
    note, c = found[0]
    assert note == NOTES[code].format(**c["params"])
    assert all(c["code"] in NOTES for _n, c in coded)


def test_every_note_the_engine_writes_carries_its_own_code():
    """Notes are Notes from the engine on (never fixed text recognised by its English):
    every listed chemical in every writing of the class tests, and every noted input."""
    from chemsec.screening.engine.explanations import Note
    from chemsec.screening.tests.writings import all_writings

    inputs = [*NOTED_BY.values(), *(w.text for w in all_writings())]
    results = screen([InputRow(text) for text in inputs], use_opsin=False)
    codes = set()
    for result in results:
        for n in result.notes:
            assert isinstance(n, Note) and n.code in NOTES, (result.input, n)
            assert str(n) == NOTES[n.code].format(**n.params)
            codes.add(n.code)
    assert {"charged_as_neutral", "p_cation_as_h_phosphonate"} <= codes


@pytest.mark.parametrize("code", sorted(NOTED_BY_OPSIN))
def test_notes_of_names_read_by_opsin_have_codes(code):
    from chemsec.screening.engine import opsin

    if not opsin.available():
        pytest.skip("needs a Java runtime")
    (result,) = screen([InputRow(NOTED_BY_OPSIN[code])])
    assert code in {note_code(n)["code"] for n in result.notes}


def test_codes_survive_pickling_json_and_storage():
    result = _screened("CCO.CCN(CC)CCO")
    again = pickle.loads(pickle.dumps(result))  # noqa: S301 - our own bytes
    assert again.to_dict() == result.to_dict()
    assert [getattr(n, "code", None) for n in again.notes] == [
        getattr(n, "code", None) for n in result.notes
    ]
    data = result.to_dict()
    assert data["note_codes"] and all(c["code"] for c in data["note_codes"])
    assert data["matches"][0]["explanation_code"] == "component_listed"
    assert json_record(result) == json.dumps(data)
    stored = json.loads(json.dumps(data))
    assert result_from_dict(stored).to_dict() == data


def test_a_result_stored_before_codes_reads_back_without_codes():
    data = _screened("CCO.CCN(CC)CCO").to_dict()
    old = _before_codes(data)
    back = result_from_dict(old).to_dict()
    assert back["matches"][0]["explanation_code"] is None
    # A note with values has no code; a fixed one (engine/structure.py writes such notes
    # as text) is known by its text.
    codes = [c["code"] for c in back["note_codes"]]
    assert codes == [None, "entries_not_verified"]
    assert back["notes"] == data["notes"]


def _before_codes(data: dict[str, Any]) -> dict[str, Any]:
    old = json.loads(json.dumps(data))
    old.pop("note_codes")
    for m in old["matches"]:
        m.pop("explanation_code")
        m.pop("explanation_params")
    return old


# --- pages: each code in the six languages, from gettext ---


def _msgid(table: Any, code: str) -> str:
    with translation.override("en"):
        return str(table()[code])


def _text(markup: Any) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", str(markup)))


def _pieces(template: str) -> list[str]:
    return [p.strip() for p in re.split(r"%\(\w+\)s", template) if p.strip()]


def _every_match() -> list[Any]:
    return [_match_with(code) for code in sorted(EXPLAINED_BY)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_explanation_code_is_rendered_in_the_readers_language(language):
    for match in _every_match():
        code = match.explanation_code
        msgid = _msgid(presenters._explanation_texts, code)
        with translation.override(language):
            translated = gettext(msgid)
            shown = explanation_text(match)
        text = _text(shown)
        for piece in _pieces(translated):
            assert piece in text, (language, code, piece, text)
        assert f"{match.list} {match.entry}" in text
        marked_english = 'lang="en" dir="ltr">' in str(shown).split(">", 1)[0] + ">"
        assert marked_english == (translated == msgid and language != "en"), (language, code)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_note_code_is_rendered_in_the_readers_language(language):
    for code, identifier in sorted(NOTED_BY.items()):
        result = _screened(identifier)
        (note,) = [n for n in result.notes if note_code(n)["code"] == code]
        params = note_code(note)["params"]
        count = params.get("count", 0)
        with translation.override("en"):
            msgid = presenters._note_texts(count)[code]
        with translation.override(language):
            if code == "components_screened":
                singular = msgid.replace("components", "component")
                translated = ngettext(singular, msgid, count)
            else:
                translated = gettext(msgid)
            shown = note_text(str(note), note_code(note))
        if translated == msgid and language != "en":  # until translated: the engine's English
            assert shown.english and shown.text == str(note), (language, code)
        else:
            assert not shown.english and shown.text == translated % params, (language, code)


def test_a_note_without_a_code_is_shown_as_written_and_marked_english():
    with translation.override("fr"):
        (shown,) = result_notes({"notes": ["a note an older engine wrote"]})
        markup = str(notes_text({"notes": ["a note an older engine wrote"]}))
    assert shown.english and shown.text == "a note an older engine wrote"
    assert '<li lang="en" dir="ltr">a note an older engine wrote</li>' in markup


def test_new_results_are_not_read_from_their_english(monkeypatch):
    """The page renders from the code: the English sentence is neither parsed nor needed."""

    def no_parsing(match: Any) -> None:
        raise AssertionError("the English sentence was parsed")

    monkeypatch.setattr(explanation_presenters, "_recognised", no_parsing)
    for match in _every_match():
        reworded = replace(match, explanation="Reworded by a newer engine.")
        with translation.override("fr"):
            assert match_explanation(reworded) is not None
            assert str(explanation_text(reworded)) == str(explanation_text(match))


def test_results_stored_before_codes_still_render_the_same(monkeypatch):
    for match in _every_match():
        stored = {**match.to_dict(), "explanation_code": None, "explanation_params": None}
        for language in ("en", "fr", "ar"):
            with translation.override(language):
                assert str(explanation_text(stored)) == str(explanation_text(match.to_dict()))


@pytest.mark.django_db
def test_a_kept_screening_from_before_codes_renders_its_explanations(personas):
    from chemsec.screening.models import Screening

    member = personas["alice"]
    member.post(reverse("screening:index"), {"identifiers": "CCO.CCN(CC)CCO\n107-44-8"})
    screening = Screening.objects.get()
    assert screening.results[0]["matches"][0]["explanation_code"] == "component_listed"
    member.cookies["django_language"] = "fr"
    with_codes = member.get(reverse("screening:detail", args=[screening.pk])).content.decode()
    screening.results = [_before_codes(r) for r in screening.results]
    with unaudited("test: a screening as kept before codes"):
        screening.save(update_fields=["results"])
    before_codes = member.get(reverse("screening:detail", args=[screening.pk])).content.decode()

    def explanations(body: str) -> list[str]:
        return re.findall(r'<p class="explanation"[^>]*>.*?</p>', body, re.S)

    assert explanations(with_codes) and explanations(before_codes) == explanations(with_codes)
    with translation.override("fr"):
        components = ngettext(
            "%(count)s component: each was screened as written and as its neutral parent",
            "%(count)s components: each was screened as written and as its neutral parent",
            2,
        ) % {"count": 2}
    assert html.escape(components) in with_codes or components in with_codes
    # Stored without codes, the notes are the engine's English, marked so.
    assert (
        '<li lang="en" dir="ltr">2 components: each was screened as written and as its '
        "neutral parent</li>"
    ) in before_codes


@pytest.mark.django_db
def test_the_api_answers_codes_beside_the_english(client):
    response = client.post(
        "/api/v1/screening/check",
        {"identifiers": ["CCO.CCN(CC)CCO"], "lists": ["ag"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    (row,) = response.json()["results"]
    (match,) = row["matches"]
    assert match["explanation_code"] == "component_listed"
    assert match["explanation_params"]["entry"] == "AG49"
    assert match["explanation"] == english("component_listed", match["explanation_params"])
    assert row["note_codes"] == [
        {"code": "components_screened", "params": {"count": 2}},
        {"code": "entries_not_verified", "params": {}},
    ]
    assert row["notes"][0] == NOTES["components_screened"].format(count=2)


def test_a_note_is_text_for_every_writer():
    note = Note("components_screened", {"count": 3})
    assert note == "3 components: each was screened as written and as its neutral parent"
    assert json.dumps([note]) == json.dumps([str(note)])
    assert "; ".join([note, "x"]).endswith("; x")


def test_a_fixed_note_kept_before_codes_is_known_by_its_text():
    msgid = _msgid(presenters._note_texts, "entries_not_verified")
    for language in LANGUAGES:
        with translation.override(language):
            (shown,) = result_notes({"notes": [NOTES["entries_not_verified"]]})
            translated = gettext(msgid)
        if translated == msgid and language != "en":  # until translated: the engine's English
            assert shown.english and shown.text == NOTES["entries_not_verified"]
        else:
            assert not shown.english and shown.text == translated


# --- a stated concentration's assessment ---

ASSESSED_BY: dict[str, tuple[str, str]] = {
    "at_or_below_limit": ("7722-84-1", "5 %"),  # hydrogen peroxide, EU limit 12 %
    "above_limit_licence_wording": ("7722-84-1", "20 %"),  # upper limit 35 %
    "above_limit_and_licence_limit": ("7722-84-1", "50 %"),
    "nitrogen_at_or_below_limit": ("6484-52-2", "10 %"),  # ammonium nitrate
    "nitrogen_above_limit": ("6484-52-2", "50 %"),
    "at_or_above_minimum": ("7439-95-4", "80 %"),  # magnesium powder, 70 % minimum
    "below_minimum": ("7439-95-4", "50 %"),
}


def _assessment(code: str) -> Any:
    identifier, concentration = ASSESSED_BY[code]
    (result,) = screen([InputRow(identifier, concentration=concentration)], lists="eu")
    (match,) = result.matches
    assert match.concentration is not None and match.concentration.code == code
    return match


def _above_limit_only() -> Any:
    from chemsec.screening.engine.concentration import assess

    peroxide = next(e for e in load_list("EU") if e.cas == "7722-84-1")
    return assess(replace(peroxide, licence_limit=""), 20.0)


def test_every_concentration_code_is_reached_and_its_english_is_the_template():
    from chemsec.screening.engine.explanations import CONCENTRATIONS, concentration_english

    reached = {code: _assessment(code).concentration for code in ASSESSED_BY}
    reached["above_limit"] = _above_limit_only()  # every shipped limit has a licence limit
    assert set(reached) == set(CONCENTRATIONS)
    for code, assessment in reached.items():
        assert assessment.code == code
        assert assessment.text == concentration_english(code, assessment.params)
    assert reached["above_limit"].text == "20 % w/w is above the limit value of 12 % w/w"
    assert reached["nitrogen_above_limit"].text == (
        "50 % w/w ammonium nitrate gives 17.5 % w/w nitrogen from ammonium nitrate, above "
        "the limit value of 16 % w/w nitrogen"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_concentration_code_is_rendered_in_the_readers_language(language):
    from chemsec.screening.presenters import concentration_text
    from chemsec.screening.templatetags.screening_text import concentration_html

    for code in sorted(ASSESSED_BY):
        match = _assessment(code)
        msgid = _msgid(presenters._concentration_texts, code)
        with translation.override(language):
            translated = gettext(msgid)
            shown = concentration_text(match.concentration)
            markup = str(concentration_html(match))
            assert str(concentration_html(match.to_dict())) == markup  # kept as a dict
        if translated == msgid and language != "en":
            assert shown.english and shown.text == match.concentration.text
            continue
        assert not shown.english
        for piece in _pieces(translated.replace("%%", "%")):
            assert piece in shown.text, (language, code, piece)
        assert html.escape(shown.text) in markup


def test_a_concentration_kept_before_codes_is_shown_as_written():
    from chemsec.screening.templatetags.screening_text import concentration_html

    stored = _assessment("nitrogen_above_limit").to_dict()
    stored["concentration_assessment"].pop("code")
    with translation.override("fr"):
        markup = str(concentration_html(stored))
    text = stored["concentration_assessment"]["text"]
    assert f'<span lang="en" dir="ltr">{html.escape(text)}</span>' in markup


def test_once_translated_notes_and_concentrations_are_made_from_their_values(monkeypatch):
    """The .po files are brought up to date later: a stand-in translation shows the page
    fills the translated template with the code's values, numbers in the locale's way."""
    from chemsec.screening.presenters import concentration_text

    def french(text: str) -> str:
        return text if translation.get_language() == "en" else "[fr] " + text

    monkeypatch.setattr(note_presenters, "_", french)
    monkeypatch.setattr(note_presenters, "ngettext", lambda one, other, n: french(other))
    digits = _screened("107448")
    (note,) = [n for n in digits.notes if note_code(n)["code"] == "cas_from_digits"]
    ammonium_nitrate = _assessment("nitrogen_above_limit")
    with translation.override("fr"):
        shown = note_text(str(note), note_code(note))
        components = result_notes(_screened("CCO.CCN(CC)CCO"))[0]
        assessed = concentration_text(ammonium_nitrate.concentration)
    assert (shown.english, shown.text) == (
        False,
        "[fr] “107448” was read as the CAS number 107-44-8",
    )
    assert components.text.startswith("[fr] 2 components: ")
    assert not assessed.english
    assert assessed.text == (
        "[fr] 50 % w/w ammonium nitrate gives 17,5 % w/w nitrogen from ammonium nitrate, "
        "above the limit value of 16 % w/w nitrogen"
    )


def test_a_name_read_in_another_language_is_told_in_the_readers_language(monkeypatch):
    def french(text: str) -> str:
        return text if translation.get_language() == "en" else "[fr] " + text

    monkeypatch.setattr(note_presenters, "_", french)
    params = {
        "lang": "ru",
        "language": "Russian",
        "list": "CWC",
        "entry": "3A01",
        "name": "Фосген",
        "status": "official",
    }
    note = Note("list_name_other_language", params)
    assert note == 'read as the Russian name of CWC 3A01 ("Фосген"; status: official)'
    with translation.override("fr"):
        shown = note_text(str(note), note_code(note))
        russian = str(translation.get_language_info("ru")["name_translated"])
        official = str(presenters.name_status_label("official"))
    assert not shown.english
    assert shown.text == f"[fr] read as the {russian} name of CWC 3A01 (“Фосген”; {official})"
