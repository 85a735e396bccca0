"""Page, API and service give one answer to "may this person start this assessment?".

Reproduced bug (issue 9): one user in one browser session started an assessment on the page
(302, created) and was refused by the API for the same action (403): the page acted for the
organisation chosen in the session, the API for the user's first membership, and
`assessment_start` itself checked no role. Now both call the same service, which asks the
policy for the acting organisation, so they agree for every persona.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from chemsec.core.choices import Role
from chemsec.core.policy import SYSTEM, Denied, NotVisible
from chemsec.core.services import membership_set
from chemsec.core.tests.factories import acting_client
from chemsec.frameworks.services import assessment_start, campaign_create

pytestmark = pytest.mark.django_db

JSON = "application/json"
PAGE = {302: "ok", 403: "denied", 404: "hidden"}
API = {201: "ok", 403: "denied", 404: "hidden"}


@pytest.fixture
def people(make_user, alice, bob, charlie, sam, meridian, northgate, secretariat):
    """Each persona with the organisation they act for (None: no membership)."""
    carol = make_user("carol", meridian, Role.CONTRIBUTOR)
    nadia = make_user("nadia")  # signed in, member of nothing
    # A viewer at Meridian (her first organisation by name) and a contributor at Northgate,
    # who chose Northgate in the switcher: the reproduced case.
    dana = make_user("dana", meridian, Role.VIEWER)
    membership_set(user=dana, organisation=northgate, role=Role.CONTRIBUTOR, actor=SYSTEM)
    return {
        "owner admin": (alice, meridian),
        "contributor": (carol, meridian),
        "viewer": (bob, meridian),
        "other organisation": (charlie, northgate),
        "outsider": (nadia, None),
        "secretariat": (sam, secretariat),
        "acting for a second organisation": (dana, northgate),
    }


def _page(client, data):
    status = client.post(reverse("frameworks:assessment_start"), data).status_code
    return PAGE.get(status, status)


def _api(client, body):
    return API.get(client.post("/api/v1/assessments", body, content_type=JSON).status_code)


def _service(user, organisation, **kwargs):
    try:
        assessment_start(actor=user, organisation=organisation, **kwargs)
    except NotVisible:
        return "hidden"
    except Denied:
        return "denied"
    return "ok"


def _answers(people, page_data, api_body, service_kwargs):
    answers = {}
    for name, (user, organisation) in people.items():
        client = acting_client(user, organisation)
        answers[name] = {
            "page": _page(client, page_data),
            "api": _api(client, api_body),
            "service": _service(user, organisation, **service_kwargs),
        }
    return answers


def _everywhere(expected):
    return {name: dict.fromkeys(("page", "api", "service"), e) for name, e in expected.items()}


def test_page_and_api_agree_in_one_browser_session(people, framework):
    dana, northgate = people["acting for a second organisation"]
    client = acting_client(dana, northgate)
    page = client.post(reverse("frameworks:assessment_start"), {"framework": framework.pk})
    api = client.post("/api/v1/assessments", {"framework_id": str(framework.pk)}, JSON)
    assert (page.status_code, api.status_code) == (302, 201)
    from chemsec.frameworks.models import Assessment

    assert set(Assessment.objects.values_list("organisation__slug", flat=True)) == {"northgate"}


def test_every_persona_gets_one_answer_for_a_self_assessment(people, framework):
    answers = _answers(
        people,
        {"framework": framework.pk},
        {"framework_id": str(framework.pk)},
        {"framework": framework},
    )
    expected = {
        "owner admin": "ok",
        "contributor": "ok",
        "viewer": "denied",
        "other organisation": "ok",
        "outsider": "denied",
        "secretariat": "ok",  # a reviewer assesses the secretariat itself
        "acting for a second organisation": "ok",
    }
    assert answers == _everywhere(expected)


def test_every_persona_gets_one_answer_for_a_campaign_response(
    people, framework, sam, secretariat, meridian
):
    campaign = campaign_create(
        actor=sam,
        organisation=secretariat,
        title="Meridian only",
        framework=framework,
        invited=[meridian],
        deadline=dt.date(2026, 12, 31),
    )
    answers = _answers(
        people,
        {"campaign": campaign.pk},
        {"campaign_id": str(campaign.pk)},
        {"framework": framework, "campaign": campaign},
    )
    expected = {
        "owner admin": "ok",
        "contributor": "ok",  # the same response, already started
        "viewer": "denied",
        "other organisation": "hidden",  # not invited: does not see the campaign
        "outsider": "hidden",
        "secretariat": "denied",  # sees its campaign, but is not invited to answer it
        # Sees it through Meridian, but acts for Northgate, which is not invited.
        "acting for a second organisation": "denied",
    }
    assert answers == _everywhere(expected)
