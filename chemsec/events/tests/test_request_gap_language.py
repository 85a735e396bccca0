"""A host request's gap names the section in the reader's language (issue 11): the title
from the framework's translation, not the English ("NC-08 Transport security")."""

import pytest
from django.utils import translation

from chemsec.compendium.models import Translation
from chemsec.core.writes import unaudited
from chemsec.events import planning
from chemsec.events.tests.conftest import submit_assessment
from chemsec.frameworks.models import Section

from .test_requests import _request

pytestmark = pytest.mark.django_db

TITLE_FR = "Sûreté des transports"


def test_the_gaps_section_is_titled_in_the_readers_language(framework, authority, dana):
    submit_assessment(framework, authority, {"NC-08.1": "no", "NC-08.2": "1"})
    request = _request(dana, authority)
    section = Section.objects.get(framework=framework, code="NC-08")
    with unaudited("test fixture: a section's French title"):
        Translation.objects.create(
            urn=section.urn, language="fr", kind="framework-section", fields={"title": TITLE_FR},
            source_version=1, status="draft",
        )  # fmt: skip
    with translation.override("fr"):
        assert planning.rank_one(request).section == f"NC-08 {TITLE_FR}"
    with translation.override("en"):
        assert planning.rank_one(request).section == "NC-08 Transport security"
