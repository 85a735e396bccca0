"""The screening page's texts and layout in every language (found by QA on /screening/).

- RDKit's refusal of a SMILES ("unbalanced parentheses", "unclosed ring 1, 7") stood in
  English inside translated sentences: each refusal has a code (`problem` in the reason's
  params, its words kept in `detail`) and the page says it in the reader's language.
- Clauses (how an identifier was resolved) were joined with a Latin ";" in Arabic.
- Chemical names broke after a locant's hyphen and lost their order in Arabic
  ("N,N-" / "Diisopropylethanolamine", "2,2-" shown "-2,2"); "as listed in AG AG27:"
  showed its colon on the wrong side.
- Signed-out visitors were offered the list box and the file field, and two pasted lines
  answered only "sign in": they get the one-identifier form, with a note (no JavaScript).
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdkit import Chem, RDLogger

from chemsec.screening.engine import InputRow, screen
from chemsec.screening.engine import structure as rd
from chemsec.screening.engine.reasons import Reason, smiles_problem_code
from chemsec.screening.templatetags.screening_text import locants_kept, reason_html
from chemsec.screening.tests.test_bidi_pages import _elements  # the same element reader

pytestmark = pytest.mark.django_db

SETTINGS = settings(
    max_examples=int(os.environ.get("CHEMSEC_PROPERTY_EXAMPLES", "100")),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
RDLogger.DisableLog("rdApp.*")


def _page(client: Any, language: str, identifiers: str, lists: list[str] | None = None) -> str:
    client.cookies["django_language"] = language
    data = {"identifiers": identifiers, "lists": lists or ["cwc", "ag", "cfats"]}
    response = client.post(reverse("screening:index"), data)
    assert response.status_code == 200
    return response.content.decode()


# --- RDKit's refusals: a code, said in the reader's language ---

# What QA and inventories gave, with the refusal's code and values (atoms counted from 1).
REFUSED = [
    ("C1CC(", "smiles_parentheses", {}),
    ("CCCC)", "smiles_parentheses", {}),
    ("CC[", "smiles_brackets", {}),
    ("C1CC", "smiles_unclosed_ring", {"rings": "1"}),
    ("C1CC2CC", "smiles_unclosed_ring", {"rings": "1, 2"}),
    ("C%12CC", "smiles_unclosed_ring", {"rings": "%12"}),
    ("C[N](C)(C)(C)C", "smiles_valence", {"atom": "2", "element": "N", "valence": "5"}),
    ("c1cccc1", "smiles_kekulize", {"atoms": "1, 2, 3, 4, 5"}),
    ("CCo", "smiles_aromatic_outside_ring", {"atom": "3"}),
    ("[Xx]C", "smiles_syntax", {}),
]


@pytest.mark.parametrize(("text", "code", "values"), REFUSED, ids=[r[0] for r in REFUSED])
def test_each_refusal_rdkit_gives_has_its_code_and_values(text, code, values):
    detail = rd.smiles_problem(text)
    assert smiles_problem_code(detail) == (code, values)
    (result,) = screen([InputRow(text, 1, "smiles")])
    assert result.reason_code == "invalid_smiles"
    assert result.reason_params == {"detail": detail, "problem": code, **values}
    assert result.reason == f"not a valid SMILES ({detail})"  # the English as before


# SMILES-alphabet text, mostly refused by RDKit (the shapes of a mistyped SMILES)
SMILES_ISH = st.text(alphabet="CNOPSFcnos()[]=#123%+-@H.", min_size=1, max_size=14)


@SETTINGS
@given(SMILES_ISH)
def test_every_refusal_smiles_problem_words_has_a_code(text):
    if Chem.MolFromSmiles(text) is not None:
        return
    code, _values = smiles_problem_code(rd.smiles_problem(text))
    assert code != "smiles_other", (text, rd.smiles_problem(text))


def _fake_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every reason and refusal comes back marked "[xx]" outside English."""
    from chemsec.screening.presenters import reasons

    def fake(text: str) -> str:
        return text if translation.get_language() == "en" else "[xx] " + text

    monkeypatch.setattr(reasons, "_", fake)
    monkeypatch.setattr(reasons, "pgettext", lambda context, text: fake(text))


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize(
    ("typed", "english", "shown"),
    [
        ("C1CC(", "unbalanced parentheses", "[xx] unbalanced parentheses"),
        ("CC(=O)C1CC", "unclosed ring", "[xx] unclosed ring 1"),
    ],
)
def test_the_refusal_is_said_in_the_readers_language(
    client, monkeypatch, language, typed, english, shown
):
    _fake_catalogue(monkeypatch)
    body = _page(client, language, typed)
    reasons = [
        e
        for e in _elements(body)
        if e["tag"] == "div" and e["attrs"].get("class") == "small" and "SMILES" in e["text"]
    ]
    assert reasons, body
    text = reasons[0]["text"]
    assert text.startswith("[xx] not a valid SMILES") and shown in text
    assert f"({english}" not in text  # never RDKit's English inside the sentence
    # the ring number is a code: whole, left to right
    if "ring" in english:
        ring = [e for e in _elements(body) if e["text"] == "1" and "code-id" in str(e["attrs"])]
        assert ring and ring[0]["attrs"].get("dir") == "ltr"


def test_a_refusal_not_yet_translated_is_rdkits_words_marked_english(client, monkeypatch):
    from chemsec.screening.presenters import reasons

    _fake_catalogue(monkeypatch)
    monkeypatch.setattr(reasons, "pgettext", lambda context, text: text)  # not translated
    reason = Reason("invalid_smiles", {"detail": "unbalanced parentheses"})
    row = {"reason_code": reason.code, "reason_params": reason.params, "reason": reason.text}
    with translation.override("ar"):
        html = str(reason_html(row))
    assert html.startswith("[xx] not a valid SMILES (")
    assert '<bdi lang="en" dir="ltr">unbalanced parentheses</bdi>' in html


def test_a_result_stored_before_the_codes_is_read_from_its_words(monkeypatch):
    _fake_catalogue(monkeypatch)
    stored = {
        "reason_code": "not_smiles_nor_name",
        "reason_params": {"detail": "unclosed ring 1, 7"},  # no `problem`
        "reason": "not a valid SMILES (unclosed ring 1, 7) and not a known name",
    }
    with translation.override("fr"):
        html = str(reason_html(stored))
    assert "[xx] unclosed ring" in html and "(unclosed ring" not in html
    assert '<span class="code-id" dir="ltr">1, 7</span>' in html


# --- the malformed CAS number QA typed ---


def test_a_cut_cas_number_is_said_to_be_a_malformed_cas_number_on_the_page(client):
    body = _page(client, "en", "7719-97")
    assert "not a valid CAS number" in body and "SMILES" not in body.split("Results")[-1]
    body = _page(client, "en", "0000000")
    assert "fewer than 5 digits" in body and "check digit" not in body.split("Results")[-1]


# --- clauses joined as the language joins them ---


def test_resolution_clauses_use_the_arabic_semicolon(client):
    body = _page(client, "ar", "N,N-Diisopropylethanolamine")
    resolved = [e for e in _elements(body) if e["tag"] == "div" and "\u061b " in e["text"]]
    assert resolved
    assert not [e for e in _elements(body) if e["tag"] == "div" and "); " in e["text"]]
    body = _page(client, "en", "N,N-Diisopropylethanolamine")
    assert "(offline index); " in body


# --- names are left-to-right islands, unbroken after a locant ---


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("N,N-Diisopropylethanolamine", ["N,N-Diisopropylethanolamine"]),
        ("2,2-Diphenyl-2-hydroxyacetic acid", ["2,2-Diphenyl", "2-hydroxyacetic"]),
        ("O-Ethyl S-2-diisopropylaminoethyl", ["O-Ethyl", "S-2-diisopropylaminoethyl"]),
        ("N,N-Diisopropyl-beta-amino ethanol", ["N,N-Diisopropyl"]),
        ("Thiodiglycol", []),
    ],
)
def test_a_locant_stays_with_its_word(name, kept):
    html = str(locants_kept(name))
    assert re.findall(r'<span class="nobr">([^<]*)</span>', html) == kept
    assert re.sub(r"<[^>]+>", "", html) == name  # the same characters, copied back


@SETTINGS
@given(st.text(alphabet="NOS12,-' abc<&>\"", max_size=30))
def test_locants_kept_gives_back_the_text_escaped(text):
    from django.utils.html import escape

    html = str(locants_kept(text))
    assert re.sub(r'</?span(?: class="nobr")?>', "", html) == escape(text)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_names_are_isolated_left_to_right_in_the_results(personas, language):
    body = _page(
        personas["alice"], language, "N,N-Diisopropylethanolamine\n7782505\nCC(C)N(CCO)C(C)C.Cl"
    )
    elements = _elements(body)
    names = [e for e in elements if "chem-name" in (e["attrs"].get("class") or "")]
    texts = {e["text"] for e in names}
    assert "N,N-Diisopropyl-beta-amino ethanol" in texts  # identity and the AG entry
    assert "Chlorine" in texts
    assert all(e["attrs"].get("dir") == "ltr" for e in names)
    assert all(e["tag"] == "bdi" for e in names)
    # the typed name keeps its locant with its word
    typed = [e for e in elements if e["tag"] == "code" and e["text"].startswith("N,N-")]
    assert typed and typed[0]["attrs"].get("dir") == "auto"
    nobr = [e for e in elements if e["attrs"].get("class") == "nobr" and typed[0] in e["ancestors"]]
    assert [e["text"] for e in nobr] == ["N,N-Diisopropylethanolamine"]


def test_a_name_typed_in_arabic_keeps_its_own_direction():
    from chemsec.screening.templatetags.screening_text import chem_name

    assert 'dir="auto"' in str(chem_name("مادة غير معروفة"))
    assert 'dir="ltr"' in str(chem_name("2,2-Diphenyl-2-hydroxyacetic acid"))


def test_the_listed_label_keeps_its_colon_on_its_own_side(client):
    body = _page(client, "ar", "CC(C)N(CCO)C(C)C.Cl")
    labels = [
        e
        for e in _elements(body)
        if e["tag"] == "span"
        and e["attrs"].get("lang") == "en"
        and e["text"].startswith("as listed in")
    ]
    if not labels:  # translated: the colon follows the Arabic in the sentence's direction
        return
    assert all(e["text"].endswith(":") for e in labels)


# --- signed-out visitors: the form offers what they may use (no JavaScript needed) ---


def test_signed_out_visitors_get_one_identifier_field_and_a_note(client):
    body = client.get(reverse("screening:index")).content.decode()
    elements = _elements(body)
    assert not [e for e in elements if e["tag"] == "textarea"]
    assert not [e for e in elements if e["attrs"].get("type") == "file"]
    field = [e for e in elements if e["tag"] == "input" and e["attrs"].get("name") == "identifiers"]
    assert [f["attrs"].get("type") for f in field] == ["text"]
    assert field[0]["attrs"].get("dir") == "auto"
    note = next(e for e in elements if e["attrs"].get("data-testid") == "one-identifier-note")
    assert "Sign in to screen lists and files" in note["text"]
    login = [e for e in elements if e["tag"] == "a" and note in e["ancestors"]]
    assert login and login[0]["attrs"]["href"].startswith(reverse("login"))


def test_signed_out_visitors_screen_the_identifier_they_type(client):
    # a plain form post, as a browser without JavaScript sends it
    response = client.post(reverse("screening:index"), {"identifiers": "sarin", "lists": ["cwc"]})
    body = response.content.decode()
    assert response.status_code == 200 and "1A01" in body
    assert 'data-status="matched"' in body


def test_signed_in_members_keep_the_list_box_and_the_file_field(personas):
    body = personas["alice"].get(reverse("screening:index")).content.decode()
    elements = _elements(body)
    assert [e["attrs"].get("name") for e in elements if e["tag"] == "textarea"] == ["identifiers"]
    assert [e for e in elements if e["attrs"].get("type") == "file"]
    assert not [e for e in elements if e["attrs"].get("data-testid") == "one-identifier-note"]
