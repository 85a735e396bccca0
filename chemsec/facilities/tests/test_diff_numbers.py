"""The inventory difference page groups thousands and marks decimals as the reader's
language does (QA, December 2026: "1500.00 kg" in French, where 1 500,00 is written)."""

import pytest
from django.urls import reverse

from chemsec.facilities.inventory import inventory_import_start

from .conftest import upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "added", "changed"),
    [("fr", "12\xa0500,00", "11\xa0500,00"), ("ru", "12\xa0500,00", "11\xa0500,00"),
     ("ar", "12,500.00", "11,500.00")],
)  # fmt: skip
def test_the_difference_page_writes_kilograms_as_the_language_does(
    personas, plant, alice, language, added, changed
):
    for text in (
        "identifier,quantity,unit\n7782-50-5,1000,kg\n",
        "identifier,quantity,unit\n7782-50-5,12500,kg\n7664-41-7,12500,kg\n",
    ):
        inventory_import_start(facility=plant, actor=alice, upload=upload(text))
    url = reverse("facilities:diff", args=[plant.pk])
    page = personas["alice"].get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"{added} " in page and f"<td>{changed}</td>" in page, page[page.find("<main") :]
