"""The national roll-up in the reader's language (issue 11): the tier note, a region's name
(not its code, "africa") and the capacity gaps' assessment and section titles (the
framework's translation, else its English marked lang=en, not bare English)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from chemsec.core.choices import Region
from chemsec.core.writes import unaudited
from chemsec.facilities.texts import tier_text
from chemsec.frameworks.models import ASSESSMENT_TITLE
from chemsec.science.thresholds import TIER_TEXT

from .test_rollup import needs_assessment  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def test_the_rollup_reads_in_arabic(nadia, meridian, shared_plant, imported, needs_assessment):  # noqa: F811
    meridian.region = Region.AFRICA
    meridian.save(update_fields=["region"])
    client = Client()
    client.force_login(nadia)
    client.cookies["django_language"] = "ar"
    page = client.get(reverse("risk:rollup")).content.decode()
    with translation.override("ar"):
        note, region = tier_text(), str(Region.AFRICA.label)
        title = translation.gettext(ASSESSMENT_TITLE)
    assert note != TIER_TEXT and escape(note) in page
    # XA is user-assigned: the demo's fictional State, shown by the name the demo gives it
    assert f'{escape(region)} · <span title="XA">Arcadia</span>: 1' in page
    assert "africa · " not in page
    assert title.split("%(")[0] in page
    section = needs_assessment.framework.sections.first()
    assert f'<td><span lang="en" dir="ltr">{escape(section.title)}</span></td>' in page


def test_the_rollup_names_countries_in_french(nadia, shared_plant):
    """A country is shown by its name in the reader's language, its code the title (issue 11:
    the roll-up showed "DE")."""
    shared_plant.country = "DE"
    with unaudited("fixture: a plant in a country with a name"):
        shared_plant.save(update_fields=["country"])
    client = Client()
    client.force_login(nadia)
    client.cookies["django_language"] = "fr"
    page = client.get(reverse("risk:rollup")).content.decode()
    assert page.count('<span title="DE">Allemagne</span>') == 2  # the table and the count
    assert "<td>DE</td>" not in page and "· DE:" not in page
