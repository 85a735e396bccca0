"""A world to read in every language: Meridian's plant with Case A as a diagram and a
chlorine estimate (footprint), and an answered, submitted national assessment with its
road map (score charts on the results page and on the campaign dashboard)."""

from __future__ import annotations

import pytest
from django.test import Client

from chemsec.frameworks.tests import conftest as frameworks_world
from chemsec.protection.tests import conftest as protection_world

# The apps' own fixtures, so that this world is the one their tests know.
_fast_semantic_search = frameworks_world._fast_semantic_search  # the search stand-in (autouse)
framework = frameworks_world.framework
sam = frameworks_world.sam
campaign = frameworks_world.campaign
assessment = frameworks_world.assessment
plant = protection_world.plant
diagram = protection_world.diagram

# Django's language codes and the names the tests print.
LANGUAGES = ["en", "fr", "es", "ru", "ar", "zh-hans"]


def client_in(user, language: str) -> Client:
    """A signed-in client whose pages come in ``language`` (the language cookie)."""
    from django.conf import settings

    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def estimate(plant, alice):
    from chemsec.protection.services import consequence_estimate_create

    return consequence_estimate_create(
        facility=plant, actor=alice, cas="7782-50-5", quantity_kg=907, phase="liquefied_gas",
        release_scenario="worst", terrain="urban", population_density_per_km2=3000,
    )  # fmt: skip


@pytest.fixture
def roadmap(assessment, alice):
    from chemsec.frameworks.roadmaps import roadmap_generate
    from chemsec.frameworks.services import AnswerInput, answers_save

    answers_save(
        actor=alice,
        assessment=assessment,
        answers=[
            AnswerInput("NC-01.1", "1"),
            AnswerInput("NC-01.2", "partial"),
            AnswerInput("NC-02.2", "3"),
            AnswerInput("NC-02.1", "4"),
        ],
    )
    return roadmap_generate(actor=alice, assessment=assessment)


@pytest.fixture
def submitted(roadmap, assessment, alice):
    """The assessment submitted, so that the campaign dashboard charts its scores."""
    from chemsec.frameworks.services import assessment_submit

    return assessment_submit(actor=alice, assessment=assessment)
