"""The shipped risk matrix's names in the reader's language (issue 11): the register's heat
map, its ratings and the authority's roll-up show "High", "Very likely"... translated where
the catalogue has them, else in English marked lang="en" (never bare English, nor a level
code such as "very_high", on a French page)."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from chemsec.core.choices import Role
from chemsec.risk import demo
from chemsec.risk.labels import SHIPPED, level_label, matrix_label
from chemsec.risk.models import RiskAssessment
from chemsec.risk.selectors import default_matrix

pytestmark = pytest.mark.django_db
NAMES = sorted({name for scale in SHIPPED.values() for name in scale})
CODES = ("low", "medium", "high", "very_high")


def _unmarked(page: str) -> list[str]:
    """Shipped names and level codes shown as bare text (a text node of their own)."""
    bare = [
        n
        for n in NAMES
        if re.search(r'(?<!lang="en" dir="ltr")>\s*(?:\d+ · )?' + re.escape(n) + r"\s*<", page)
    ]
    return bare + [c for c in CODES if re.search(r"(?:<br>|— )" + c + r"\s*<", page)]


@pytest.fixture
def pages(make_user, meridian, authority):
    from chemsec.facilities import demo as facilities_demo

    admin = make_user("meridian-admin", meridian, Role.ADMIN)
    analyst = make_user("arcadia-admin", authority, Role.ADMIN)
    facilities_demo.populate()
    demo.populate()
    assessment = RiskAssessment.objects.get(facility__name=demo.PLANT)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    client.force_login(admin)
    url = reverse("risk:register", args=[assessment.facility_id, assessment.pk])
    register = client.get(url).content.decode()
    client.force_login(analyst)
    return register, client.get(reverse("risk:rollup")).content.decode()


def test_the_register_and_roll_up_show_no_bare_english_level_in_french(pages):
    register, rollup = pages
    assert _unmarked(register) == [] and _unmarked(rollup) == []
    with translation.override("fr"):
        shown = [str(matrix_label(n, "levels")) for n in ("Low", "Medium", "High")]
    for page in pages:  # each name is there, translated or marked English
        assert all(s in page for s in shown)


def test_a_name_is_translated_by_its_scale_and_shipped_english_only():
    matrix = default_matrix()
    with translation.override("fr"):
        high = str(level_label("high", matrix))
        assert high in ('<span lang="en" dir="ltr">High</span>', str(SHIPPED["levels"]["High"]))
        # A name an organisation gave its own level is its own: shown as typed.
        own = {"levels": [{"code": "high", "label": "Critique (interne)"}]}
        assert level_label("high", own) == "Critique (interne)"
        assert matrix_label("High", "likelihood") == "High"  # not a likelihood name
    with translation.override("en"):
        assert level_label("very_high", matrix) == "Very high"
