"""A line's container type in the reader's language (issue 11): an e-Manifest code ("DM")
is shown by its name, translated, with the code beside it; other text as typed. The
e-Manifest export keeps the schema's English (tests/test_exports)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from chemsec.waste.codes import EPA_CONTAINER_TYPES, container_label

pytestmark = pytest.mark.django_db


def test_a_code_is_named_and_typed_text_kept():
    with translation.override("fr"):
        named = translation.gettext("Metal drums, barrels, kegs")
        assert container_label(" dm ") == f"{named} (DM)"
        assert container_label("tote") == "tote"
    assert EPA_CONTAINER_TYPES["DM"] == "Metal drums, barrels, kegs"  # what the export writes


def test_the_consignment_page_names_the_container(consignment, alice):
    client = Client()
    client.force_login(alice)
    client.cookies["django_language"] = "ar"
    page = client.get(reverse("waste:consignment", args=[consignment.pk])).content.decode()
    with translation.override("ar"):
        named = translation.gettext("Metal drums, barrels, kegs")
    assert f"4 × {escape(named)} (DM)" in page
