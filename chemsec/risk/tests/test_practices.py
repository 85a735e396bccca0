"""Measures link to the compendium's published practices: a withdrawn one is no longer
offered, a reviewer-approved one is, and a link made before a withdrawal is kept."""

import pytest
from django.urls import reverse

from chemsec.compendium.models import Practice
from chemsec.compendium.services import practice_withdraw, proposal_approve, proposal_create
from chemsec.compendium.tests.conftest import proposal_data
from chemsec.core.choices import Role
from chemsec.core.models import ContentItem
from chemsec.core.writes import unaudited
from chemsec.risk.forms import MeasureForm
from chemsec.risk.selectors import practices
from chemsec.risk.services import entry_set, measure_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawn(alice, secretariat, make_user):
    """A shipped practice, still in the loaded content files, withdrawn by a reviewer."""
    reviewer = make_user("rita", secretariat, Role.REVIEWER)
    urn = "urn:chemsec:practice:key-and-lock-control"
    taxonomy = {k: v for k, v in proposal_data().items() if isinstance(v, list)}
    with unaudited("fixture: a practice as the content load leaves it"):
        practice = Practice.objects.create(
            urn=urn, title="Key and lock control", summary="Keys.", body="Keys.",
            from_content=True, **taxonomy,
        )  # fmt: skip
    ContentItem.objects.create(
        urn=urn, kind="practice", version="1", data={"title": "Key and lock control"},
        checksum="x", source_file="compendium/practices.yaml",
    )  # fmt: skip
    return practice_withdraw(user=reviewer, practice=practice, reason="Replaced by audits.")


@pytest.fixture
def approved(alice, secretariat, make_user):
    reviewer = make_user("rosa", secretariat, Role.REVIEWER)
    draft = proposal_create(user=alice, data=proposal_data(), note="Our site's practice.")
    return proposal_approve(user=reviewer, proposal=draft)


def test_it_offers_published_practices_only(personas, assessment, withdrawn, approved):
    offered = dict(practices())
    assert approved.urn in offered and offered[approved.urn] == approved.title
    assert withdrawn.urn not in offered
    url = reverse("risk:register", args=[assessment.facility_id, assessment.pk])
    page = personas["alice"].get(url).content.decode()
    assert f'value="{approved.urn}"' in page
    assert f'value="{withdrawn.urn}"' not in page


def test_it_refuses_a_withdrawn_practice_for_a_new_measure(personas, assessment, scenario, alice,
                                                           withdrawn):  # fmt: skip
    entry = entry_set(
        assessment=assessment, scenario=scenario, actor=alice, p_attack=0.3, p_interruption=0.5,
        p_neutralisation=0.8, consequence=60,
    )  # fmt: skip
    form = MeasureForm(
        {"entry": entry.pk, "title": "Locks", "status": "proposed", "cost": 0,
         "practice_urns": [withdrawn.urn]},
        entries=assessment.entries.all(), practices=practices(), method=assessment.method,
    )  # fmt: skip
    assert not form.is_valid() and "practice_urns" in form.errors


def test_it_keeps_a_link_made_before_the_withdrawal(assessment, scenario, alice, withdrawn):
    entry = entry_set(
        assessment=assessment, scenario=scenario, actor=alice, p_attack=0.3, p_interruption=0.5,
        p_neutralisation=0.8, consequence=60,
    )  # fmt: skip
    measure = measure_create(entry=entry, actor=alice, title="Locks", practice_urns=[withdrawn.urn])
    form = MeasureForm(
        None, instance=measure, entries=assessment.entries.all(), practices=practices(),
        method=assessment.method,
    )  # fmt: skip
    choices = dict(form.fields["practice_urns"].choices)
    assert "no longer published" in str(choices[withdrawn.urn])
