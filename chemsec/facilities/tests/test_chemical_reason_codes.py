"""Why a chemical is of interest is stored as codes with parameters
(chemsec.science.thresholds.REASONS), never as an English sentence only: pages and the API
render the codes in the reader's language, and the API's English `reason`, made from the
same codes, reads as it always did. Chlorine: EPA RMP threshold quantity 2,500 lb
(40 CFR 68.130, table 1); 1,200 kg is 2,645.5 lb."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from chemsec.facilities.inventory import inventory_import_start
from chemsec.facilities.texts import chemical_api_reasons, chemical_reason_html
from chemsec.science.thresholds import Row, aggregate

from .conftest import upload

CHLORINE = "7782-50-5"
RMP = "EPA RMP (40 CFR 68.130)"
NBSP = "\xa0"


def _chlorine(kg: float = 1200.0) -> dict[str, object]:
    listed = [{"list": "AG", "entry": "1", "urn": "urn:chemsec:list:ag:1"}]
    (chemical,) = aggregate([Row(CHLORINE, "Chlorine", CHLORINE, "", kg, None, "A", listed)])
    return chemical


def _text(chemical: dict[str, object], language: str) -> str:
    with translation.override(language):
        return re.sub(r"<[^>]+>", "", str(chemical_reason_html(chemical)))


def test_it_keeps_the_reason_as_codes_with_parameters() -> None:
    codes = _chlorine()["reason_codes"]
    assert codes[0] == {"code": "on_lists", "params": {"lists": ["AG 1"]}}  # type: ignore[index]
    rmp = next(c for c in codes if c["params"].get("source") == RMP)  # type: ignore[attr-defined]
    assert rmp["code"] == "threshold_crossed"
    assert rmp["params"]["threshold_lb"] == 2500
    assert rmp["params"]["quantity_lb"] == pytest.approx(2645.5, abs=0.1)
    assert rmp["params"]["issue"] == "toxic: Chlorine" and rmp["params"]["label"] == ""
    below = next(c for c in _chlorine(100.0)["reason_codes"] if c["params"].get("source") == RMP)  # type: ignore[attr-defined]
    assert below["code"] == "threshold_below"


def test_the_english_reason_reads_as_before() -> None:
    assert _chlorine()["reason"] == (
        "on AG 1; 2,646 lb is at or above the EPA RMP (40 CFR 68.130) toxic: Chlorine "
        "threshold of 2,500 lb; 2,646 lb is at or above the CFATS (6 CFR 27 App. A) release "
        "(toxic) threshold of 2,500 lb [CFATS lapsed]"
    )


def test_it_renders_the_codes_in_french_and_arabic() -> None:
    french = _text(_chlorine(), "fr")
    assert french.startswith("Figure sur AG 1; ")
    assert f"lb atteint ou dépasse le seuil {RMP} (Toxique{NBSP}: Chlorine) de 2{NBSP}500 lb" in (
        french
    )
    assert "[CFATS caduc]" in french and "at or above" not in french
    arabic = _text(_chlorine(), "ar")
    assert arabic.startswith("مدرجة في AG 1؛ ")
    assert "رطل أو تتجاوزها" in arabic and "[CFATS (انقضت صلاحيته)]" in arabic
    assert "at or above" not in arabic


def test_a_snapshot_stored_before_the_codes_reads_the_same() -> None:
    chemical = _chlorine()
    older = {k: v for k, v in chemical.items() if k != "reason_codes"}
    for language in ("en", "fr", "ar"):
        assert _text(older, language) == _text(chemical, language)


def test_a_code_this_version_does_not_know_is_shown_as_stored_marked_english() -> None:
    chemical = _chlorine() | {"reason_codes": [{"code": "newer_code", "params": {}}]}
    with translation.override("fr"):
        assert str(chemical_reason_html(chemical)) == '<bdi lang="en" dir="ltr">newer_code</bdi>'
        assert chemical_api_reasons(chemical) == [
            {"code": None, "params": {}, "text": "newer_code"}
        ]


@pytest.mark.django_db
def test_the_api_gives_each_code_with_its_text_in_the_language_asked(plant, alice) -> None:
    inventory_import_start(
        facility=plant,
        actor=alice,
        upload=upload(f"identifier,quantity,unit\n{CHLORINE},1200,kg\n"),
    )
    client = Client()
    client.force_login(alice)
    url = f"/api/v1/facilities/{plant.pk}/chemicals"
    english = client.get(url).json()["chemicals"][0]
    french = client.get(url, {"lang": "fr"}).json()["chemicals"][0]
    assert french["reason"] == english["reason"]  # the English, whatever the language asked
    assert (
        "; 2,646 lb is at or above the EPA RMP (40 CFR 68.130) toxic: Chlorine"
        in (english["reason"])
    )
    codes = [r["code"] for r in french["reason_codes"]]
    assert codes == ["on_lists", "threshold_crossed", "threshold_crossed"]  # CFATS lists it
    assert french["reason_codes"][0]["text"].startswith("Figure sur ")
    rmp_fr, rmp_en = french["reason_codes"][1]["text"], english["reason_codes"][1]["text"]
    assert f"lb atteint ou dépasse le seuil {RMP} (Toxique{NBSP}: Chlorine)" in rmp_fr
    assert f"lb is at or above the {RMP} Toxic: Chlorine threshold of 2,500 lb" in rmp_en
