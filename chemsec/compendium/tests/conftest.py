"""Compendium fixtures: the shipped practices loaded, and a secretariat reviewer."""

from __future__ import annotations

from functools import lru_cache

import pytest

from chemsec.core.choices import Role


@lru_cache(maxsize=1)
def _content_objects():
    from chemsec.content.reader import iter_objects, read_content_tree

    return tuple(obj for obj in iter_objects(read_content_tree()) if obj.kind == "practice")


@pytest.fixture
def practices(db):
    from chemsec.compendium.content import practices_sync
    from chemsec.compendium.models import Practice

    practices_sync(list(_content_objects()))
    return Practice.objects.all()


@pytest.fixture
def reviewer(make_user, secretariat):
    return make_user("rita", secretariat, Role.REVIEWER)


@pytest.fixture
def reviewer_client(reviewer):
    from django.test import Client

    client = Client()
    client.force_login(reviewer)
    return client


@pytest.fixture
def draft(alice):
    from chemsec.compendium.services import proposal_create

    return proposal_create(user=alice, data=proposal_data(), note="Our site's practice.")


def proposal_data(**overrides):
    data = {
        "title": "Quarterly tamper-seal audits on reagent cabinets",
        "summary": "Seal every reagent cabinet with numbered tamper seals and audit them.",
        "body": "## What\nNumbered seals on each cabinet.\n\n## Why\nTampering shows.\n",
        "keywords": ["seals", "tamper"],
        "stages": ["research", "storage"],
        "audiences": ["academia"],
        "measure_types": ["inventory_control"],
        "threats": ["insider"],
        "facility_scale": ["small"],
    }
    return data | overrides
