"""Framework section titles on the assistance pages in the reader's language (issue 11): the
filing form's options and a request's page take them from the frameworks' translations;
a title with no translation is shown in English, marked lang="en"."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from chemsec.assistance.services import request_file
from chemsec.compendium.models import Translation
from chemsec.compendium.tests.test_translations import _overlays
from chemsec.compendium.translations import translations_sync

pytestmark = pytest.mark.django_db
ASSETS = "urn:chemsec:framework:facility-security:v1:rbps-02"
ACCESS = "urn:chemsec:framework:facility-security:v1:rbps-03"


@pytest.fixture
def french(content, personas):
    translations_sync(list(_overlays()))
    Translation.objects.filter(urn=ACCESS, language="fr").delete()  # left in English
    alice = personas["alice"]
    alice.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    return alice


def test_the_filing_form_offers_the_sections_in_french(french):
    page = french.get(reverse("assistance:file")).content.decode()
    assert f'<option value="{ASSETS}">RBPS-02 Protéger les biens du site</option>' in page
    assert "Secure site assets" not in page
    access = re.search(r'<option value="' + re.escape(ACCESS) + r'"([^>]*)>([^<]*)<', page)
    assert access and access.groups() == (
        ' lang="en" dir="ltr"',
        "RBPS-03 Screen and control access",
    )
    group = escape("Auto-évaluation de la sûreté chimique d'une installation")
    assert f'<optgroup label="{group}">' in page  # the framework's own title


def test_a_request_shows_its_section_in_the_reader_language(french, alice, meridian):
    filed = request_file(
        user=alice,
        organisation=meridian,
        title="Cylindres de chlore",
        need="Contrôler l'accès au stockage de chlore.",
        framework_section=ASSETS,
    )
    page = french.get(reverse("assistance:detail", args=[filed.pk])).content.decode()
    assert "<dd>RBPS-02 Protéger les biens du site</dd>" in page
    other = request_file(
        user=alice, organisation=meridian, title="Badges", need="Badges.", framework_section=ACCESS
    )
    page = french.get(reverse("assistance:detail", args=[other.pk])).content.decode()
    assert '<dd>RBPS-03 <span lang="en" dir="ltr">Screen and control access</span></dd>' in page
