"""A split sample's portions store no text in the splitter's language (issue 11): each keeps
the material's own description, and its page says "Portion of" in the reader's language."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from chemsec.custody import services

from .test_services import _courier_leg

pytestmark = pytest.mark.django_db


def test_a_portion_reads_in_the_readers_language(sample, alice, northgate, charlie, lab_a, lab_b):
    _courier_leg(sample, alice, northgate, charlie)
    with translation.override("fr"):  # the splitter reads French
        portions = services.sample_split(
            actor=charlie,
            sample=sample,
            portions=[
                services.Portion("S-001-A", "SEAL-2001", lab_a),
                services.Portion("S-001-B", "SEAL-2002", lab_b),
            ],
        )
    assert portions[0].description == sample.description
    client = Client()
    client.force_login(charlie)
    client.cookies["django_language"] = "ar"
    page = client.get(reverse("custody:detail", args=[portions[0].pk])).content.decode()
    with translation.override("ar"):
        portion_of = translation.gettext("Portion of")
    assert portion_of != "Portion of" and portion_of in page
