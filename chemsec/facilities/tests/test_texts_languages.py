"""The inventory pages' computed texts in the reader's language (issue 11): an imported row's
reasons are stored as codes with parameters and shown translated, with numbers written as
the language writes them ("density 1,2 kg/L" in French, not "1.2"); the chemicals of
interest are explained from the stored comparison ("5 952 lb ... 2 500 lb", not "5,952 lb");
"CFATS lapsed" is a translatable label; rows stored before the codes still show, a part
that matches no code marked English."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from chemsec.facilities.inventory import inventory_import_start
from chemsec.facilities.models import InventoryItem
from chemsec.facilities.texts import reason_code

from .conftest import upload

NBSP = "\xa0"  # French and Russian group thousands with a no-break space (CLDR)

ROWS = """identifier,quantity,unit,density
7664-93-9,2,L,1.2
7664-93-9,ten,kg,
"""


def _page(user, language, url):
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_an_imported_rows_reasons_are_stored_as_codes_and_shown_in_french(plant, alice):
    snapshot, _job = inventory_import_start(facility=plant, actor=alice, upload=upload(ROWS))
    items = {item.line: item for item in snapshot.items.all()}
    assert items[2].reason_codes == [{"code": "density_file", "params": {"density": 1.2}}]
    assert items[3].reason_codes == [{"code": "quantity_not_number", "params": {"value": "'ten'"}}]
    url = reverse("facilities:snapshot", args=[plant.pk, snapshot.pk])
    page = _page(alice, "fr", url)
    with translation.override("fr"):
        density = translation.gettext("density %(density)s kg/L from the file")
    assert density % {"density": "1,2"} in page
    assert "1.2 kg/L" not in page


@pytest.mark.django_db
def test_a_row_stored_before_the_codes_still_shows(plant, alice):
    snapshot, _job = inventory_import_start(facility=plant, actor=alice, upload=upload(ROWS))
    InventoryItem.objects.filter(snapshot=snapshot, line=2).update(
        reason_codes=[], reason="density 1.2 kg/L from the file; a reason of an older version"
    )
    page = _page(alice, "ru", reverse("facilities:snapshot", args=[plant.pk, snapshot.pk]))
    with translation.override("ru"):
        density = translation.gettext("density %(density)s kg/L from the file")
    assert density != "density %(density)s kg/L from the file"  # Russian, with its own unit
    assert density % {"density": "1,2"} in page  # read back into its code, number localised
    assert '<bdi lang="en" dir="ltr">a reason of an older version</bdi>' in page


@pytest.mark.django_db
def test_the_chemicals_of_interest_read_in_the_readers_language(imported, alice):
    url = reverse("facilities:chemicals", args=[imported.facility_id])
    page = _page(alice, "fr", url)
    # Chlorine, 2,700 kg = 5,952 lb, against the RMP threshold of 2,500 lb.
    with translation.override("fr"):
        crossed = translation.gettext(
            "%(quantity)s lb is at or above the %(source)s %(issue)s threshold of %(threshold)s lb"
        )
        lapsed = translation.pgettext("threshold label", "CFATS lapsed")
    before = crossed.split("%(source)s")[0] % {"quantity": f"5{NBSP}952"}
    assert before in page
    assert "5,952 lb" not in page and "2,500 lb" not in page
    # Translated, or (until the lead translates it) English marked as such.
    assert re.search(rf"\[(<bdi lang=\"en\" dir=\"ltr\">)?{re.escape(lapsed)}(</bdi>)?\]", page)
    english = _page(alice, "en", url)
    assert "5,952 lb is at or above the" in english and "[CFATS lapsed]" in english


@given(st.floats(min_value=1e-3, max_value=1e3, allow_nan=False, allow_infinity=False))
def test_a_density_note_reads_back_as_its_code(density):
    note = f"density {density:g} kg/L from the file"  # as chemsec.science.quantities says it
    assert reason_code(note) == {
        "code": "density_file",
        "params": {"density": float(f"{density:g}")},
    }


def test_a_message_of_no_code_is_kept_as_text():
    assert reason_code("something new") == {"text": "something new"}


def _api_items(alice, plant, snapshot, query="", **headers):
    client = Client()
    client.force_login(alice)
    url = f"/api/v1/facilities/{plant.pk}/inventories/{snapshot.pk}{query}"
    response = client.get(url, **headers)
    assert response.status_code == 200
    return {item["line"]: item for item in response.json()["items"]}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_api_gives_a_rows_reasons_as_codes_with_their_text_in_the_language_asked(
    plant, alice, language
):
    snapshot, _job = inventory_import_start(facility=plant, actor=alice, upload=upload(ROWS))
    items = _api_items(alice, plant, snapshot, f"?lang={language}")
    with translation.override(language):
        density = translation.gettext("density %(density)s kg/L from the file")
        value = str(translation.gettext("quantity %(value)s is not a number"))
    assert items[2]["reason"] == "density 1.2 kg/L from the file"  # the English, kept
    [reason] = items[2]["reason_codes"]
    assert reason["code"] == "density_file" and reason["params"] == {"density": 1.2}
    assert reason["text"] == _with_language(language, density, "1{sep}2")
    [bad] = items[3]["reason_codes"]
    assert bad == {
        "code": "quantity_not_number",
        "params": {"value": "'ten'"},
        "text": value % {"value": "'ten'"},
    }


def _with_language(language, message, number):
    from django.utils.formats import get_format

    with translation.override(language):
        separator = get_format("DECIMAL_SEPARATOR")
    return message % {"density": number.format(sep=separator)}


@pytest.mark.django_db
def test_the_api_answers_in_the_accept_language_and_keeps_text_of_no_code(plant, alice):
    snapshot, _job = inventory_import_start(facility=plant, actor=alice, upload=upload(ROWS))
    InventoryItem.objects.filter(snapshot=snapshot, line=2).update(
        reason_codes=[], reason="density 1.2 kg/L from the file; a reason of an older version"
    )
    items = _api_items(alice, plant, snapshot, HTTP_ACCEPT_LANGUAGE="fr")
    with translation.override("fr"):
        density = translation.gettext("density %(density)s kg/L from the file")
    assert items[2]["reason_codes"] == [
        {"code": "density_file", "params": {"density": 1.2}, "text": density % {"density": "1,2"}},
        {"code": None, "params": {}, "text": "a reason of an older version"},
    ]
    english = _api_items(alice, plant, snapshot, "?lang=en")
    assert english[2]["reason_codes"][0]["text"] == "density 1.2 kg/L from the file"
