"""Fixtures: the national-capacity framework synced from its content file, a campaign."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import pytest

from chemsec.core.choices import Role

CONTENT = Path(__file__).resolve().parents[2] / "content" / "frameworks"


class FakeHit:
    def __init__(self, urn, score):
        self.urn, self.title, self.summary, self.stages = urn, urn.rsplit(":", 1)[-1], "", []
        self.score, self.reasons = score, [f"semantic similarity {score:.2f}"]


# The language each stand-in call was told the text is in (the gap analysis test reads it).
asked_languages: list[str | None] = []


@pytest.fixture(autouse=True)
def _fast_semantic_search(monkeypatch):
    """The compendium's search embeds every query; tests use a fixed, instant stand-in, on
    as if the embedding weights were installed (tests that need them absent say so)."""
    import chemsec.compendium.search as search

    asked_languages.clear()

    def similar_practices(text, *, limit=5, language=None):
        asked_languages.append(language)
        return [FakeHit("urn:chemsec:practice:national-outreach-to-industry", 0.5)][:limit]

    monkeypatch.setattr(search, "similar_practices", similar_practices)
    monkeypatch.setattr(search, "semantic_status", lambda: (True, ""))


@lru_cache(maxsize=1)
def _practice_objects():
    from chemsec.content.reader import read_content_file

    folder = CONTENT.parent / "compendium"
    return tuple(
        obj
        for path in sorted(folder.glob("*.yaml"))
        for obj in read_content_file(path).objects
        if obj.kind == "practice"
    )


def publish_linked_practices(framework):
    """Publish in the compendium the practices the framework links to, as `chemsec
    load-content` does: frameworks offers the compendium's published entries only."""
    from chemsec.compendium.content import practices_sync
    from chemsec.frameworks.models import Question

    linked = {
        urn
        for urns in Question.objects.filter(section__framework=framework).values_list(
            "practices", flat=True
        )
        for urn in urns
    }
    practices_sync([obj for obj in _practice_objects() if obj.urn in linked])


@pytest.fixture
def framework(db):
    from chemsec.content.reader import read_content_file
    from chemsec.frameworks.models import Framework
    from chemsec.frameworks.sync import sync_frameworks

    sync_frameworks(read_content_file(CONTENT / "national-capacity.yaml").objects)
    framework = Framework.objects.get(urn="urn:chemsec:framework:national-capacity:v1")
    publish_linked_practices(framework)
    return framework


@pytest.fixture
def sam(make_user, secretariat):
    """A secretariat reviewer, who runs campaigns."""
    return make_user("sam", secretariat, Role.REVIEWER)


@pytest.fixture
def sam_client(sam):
    from django.test import Client

    client = Client()
    client.force_login(sam)
    return client


@pytest.fixture
def campaign(framework, sam, secretariat, meridian, northgate):
    from chemsec.frameworks.services import campaign_create

    return campaign_create(
        actor=sam,
        organisation=secretariat,
        title="Needs assessment 2026",
        framework=framework,
        invited=[meridian, northgate],
        deadline=dt.date(2026, 12, 31),
        reminder_days=[14, 7],
    )


@pytest.fixture
def assessment(campaign, alice, meridian):
    from chemsec.frameworks.services import assessment_start

    return assessment_start(
        actor=alice, organisation=meridian, framework=campaign.framework, campaign=campaign
    )
