"""A workshop's rapporteur drafts practices from it through the compendium's proposal path;
reviewers publish them and the event shows the practice it produced, with provenance."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chemsec.compendium.services import proposal_approve
from chemsec.core.policy import Denied, NotVisible
from chemsec.events import selectors, services
from chemsec.events.tests.conftest import TODAY, make_event

pytestmark = pytest.mark.django_db

DRAFT = {
    "title": "Two-person rule for opening chemical stores",
    "summary": "Stores of chemicals of concern are opened by two people.",
    "body": "Keys or codes are split between two people; every opening is logged.",
    "audiences": ["facility_operator"],
    "threats": ["insider"],
}


@pytest.fixture
def workshop(reviewer):
    event = make_event(
        starts_on=TODAY - dt.timedelta(days=2), ends_on=TODAY, topic="physical_protection"
    )
    services.session_add(user=reviewer, event=event, title="Access control")
    return event


def test_a_rapporteur_drafts_and_the_published_practice_keeps_its_provenance(
    workshop, reviewer, paul
):
    services.rapporteur_assign(user=reviewer, event=workshop, person=paul)
    session = workshop.sessions.get()
    draft = services.practice_draft(
        user=paul, event=workshop, session=session, contributors="Dr A. Okoye", **DRAFT
    )
    proposal = draft.proposal
    assert proposal.created_by == paul and proposal.status == "open"
    assert proposal.stages == ["storage"] or proposal.stages == [workshop.stage]
    assert proposal.measure_types == ["physical_protection"]
    assert workshop.title in proposal.note and "Access control" in proposal.note
    assert "Dr A. Okoye" in proposal.note and draft.reference in proposal.note
    assert [p.practice for p in selectors.practices_from(workshop)] == [None]

    practice = proposal_approve(user=reviewer, proposal=proposal)
    (produced,) = selectors.practices_from(workshop)
    assert produced.practice == practice and practice.status == "published"
    assert draft.reference in practice.versions.get().note


def test_only_rapporteurs_draft_and_only_once_the_event_began(workshop, reviewer, paul, dana):
    with pytest.raises((Denied, NotVisible)):
        services.practice_draft(user=dana, event=workshop, **DRAFT)
    later = make_event(title="Later", starts_on=TODAY + dt.timedelta(days=3),
                       ends_on=TODAY + dt.timedelta(days=3))  # fmt: skip
    services.rapporteur_assign(user=reviewer, event=later, person=paul)
    with pytest.raises((Denied, NotVisible)):
        services.practice_draft(user=paul, event=later, **DRAFT)
    with pytest.raises(ValidationError):
        services.rapporteur_assign(user=reviewer, event=later, person=paul)
    with pytest.raises(Denied):
        services.rapporteur_assign(user=dana, event=workshop, person=paul)


def test_a_session_of_another_event_is_refused(workshop, reviewer, paul):
    other = make_event(title="Other", starts_on=TODAY, ends_on=TODAY)
    foreign = services.session_add(user=reviewer, event=other, title="Elsewhere")
    services.rapporteur_assign(user=reviewer, event=workshop, person=paul)
    with pytest.raises(ValidationError):
        services.practice_draft(user=paul, event=workshop, session=foreign, **DRAFT)


def test_the_draft_page_sends_a_draft(client, workshop, reviewer, paul):
    from django.urls import reverse

    services.rapporteur_assign(user=reviewer, event=workshop, person=paul)
    client.force_login(paul)
    url = reverse("events:practice_draft", args=[workshop.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {**DRAFT, "audiences": [], "threats": ["insider"]})
    assert bad.status_code == 200 and DRAFT["title"] in bad.content.decode()  # kept on error
    response = client.post(url, DRAFT)
    assert response.status_code == 302
    assert workshop.practices.count() == 1


def test_the_api_drafts_lists_and_refuses_unknown_codes(client, workshop, reviewer, paul):
    services.rapporteur_assign(user=reviewer, event=workshop, person=paul)
    client.force_login(paul)
    url = f"/api/v1/events/{workshop.pk}/practices"
    bad = client.post(url, {**DRAFT, "threats": ["sabotage-by-magic"]}, "application/json")
    assert bad.status_code == 422
    made = client.post(url, {**DRAFT, "session": 1}, "application/json")
    assert made.status_code == 201, made.content
    assert made.json()["session"] == "Access control" and made.json()["status"] == "open"
    assert [p["title"] for p in client.get(url).json()] == [DRAFT["title"]]
    client.logout()
    assert client.get(url).json() == []  # an open draft is its author's and the reviewers'
