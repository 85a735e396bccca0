"""Fixtures for the assistance tests: reference content, a secretariat reviewer, experts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chemsec.core.choices import Role

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture(scope="session")
def content_tree(tmp_path_factory):
    """Only the practices and frameworks: matching needs nothing else, and lists are slow."""
    root = tmp_path_factory.mktemp("content")
    for folder in ("compendium", "frameworks"):
        shutil.copytree(CONTENT / folder, root / folder)
    return root


@pytest.fixture
def content(db, content_tree, monkeypatch):
    """Practices and frameworks loaded as `chemsec load-content` would, with the compendium's
    own handler (its search tables) but no other app's."""
    from chemsec.core import content_sync

    handlers = [h for h in content_sync.HANDLERS if h.__module__.startswith("chemsec.compendium")]
    monkeypatch.setattr(content_sync, "HANDLERS", handlers)
    content_sync.content_load(root=content_tree)


@pytest.fixture
def reviewer(make_user, secretariat):
    return make_user("rita", secretariat, Role.REVIEWER)


@pytest.fixture
def filed(alice, meridian):
    """A request Meridian's admin filed (restricted, as every request starts)."""
    from chemsec.assistance.services import request_file

    return request_file(
        user=alice,
        organisation=meridian,
        title="Securing our chlorine store",
        need="We need help to control access to the chlorine store and count cylinders.",
        stage="storage",
        measure_type="physical_protection",
    )


@pytest.fixture
def expert(make_user):
    from chemsec.assistance.models import ExpertProfile
    from chemsec.core.writes import unaudited

    user = make_user("erin")
    with unaudited("test fixture: an expert already in the directory"):
        return ExpertProfile.objects.create(
            user=user,
            competencies=["physical_protection", "storage"],
            languages=["en", "fr"],
            region="africa",
        )


@pytest.fixture
def secretariat_clients(reviewer, make_user, secretariat):
    """A secretariat reviewer who triages, and a secretariat viewer who only reads."""
    from django.test import Client

    viewer = make_user("victor", secretariat, Role.VIEWER)
    clients = {}
    for user in (reviewer, viewer):
        client = Client()
        client.force_login(user)
        clients[user.username] = client
    return clients
