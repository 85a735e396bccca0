"""One answer per person and action: the page, the API and the service itself agree, because
both call the same service and it asks the policy. Called directly by someone who may not act,
every write service refuses and writes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chemsec.assistance import services
from chemsec.core.choices import Role
from chemsec.core.models import AuditEntry
from chemsec.core.policy import SYSTEM, Denied, NotVisible
from chemsec.core.services import membership_set
from chemsec.core.tests.factories import acting_client

pytestmark = pytest.mark.django_db

JSON = "application/json"
PAGE = {302: "ok", 403: "denied", 404: "hidden"}
API = {200: "ok", 201: "ok", 403: "denied", 404: "hidden"}
NEED = {"title": "Fence", "need": "Nobody checks the fence.", "priority": "normal"}


@pytest.fixture
def people(make_user, alice, bob, charlie, reviewer, meridian, northgate, secretariat):
    """Each persona with the organisation they act for (None: no membership)."""
    carol = make_user("carol", meridian, Role.CONTRIBUTOR)
    victor = make_user("victor", secretariat, Role.VIEWER)
    nadia = make_user("nadia")
    dana = make_user("dana", meridian, Role.VIEWER)  # and a contributor at Northgate
    membership_set(user=dana, organisation=northgate, role=Role.CONTRIBUTOR, actor=SYSTEM)
    return {
        "owner admin": (alice, meridian),
        "contributor": (carol, meridian),
        "viewer": (bob, meridian),
        "other organisation": (charlie, northgate),
        "outsider": (nadia, None),
        "secretariat reviewer": (reviewer, secretariat),
        "secretariat viewer": (victor, secretariat),
        "acting for a second organisation": (dana, northgate),
    }


def _service(call):
    try:
        call()
    except NotVisible:
        return "hidden"
    except Denied:
        return "denied"
    return "ok"


def _everywhere(expected):
    return {name: dict.fromkeys(("page", "api", "service"), e) for name, e in expected.items()}


def test_filing_a_request_gets_one_answer_everywhere(people):
    answers = {}
    for name, (user, organisation) in people.items():
        client = acting_client(user, organisation)
        page = client.post(reverse("assistance:file"), NEED).status_code
        api = client.post("/api/v1/assistance/requests", NEED, content_type=JSON).status_code
        service = _service(
            lambda u=user, o=organisation: services.request_file(
                user=u, organisation=o, title="T", need="N"
            )
        )
        answers[name] = {"page": PAGE.get(page, page), "api": API.get(api, api), "service": service}
    assert answers == _everywhere(
        {
            "owner admin": "ok",
            "contributor": "ok",
            "viewer": "denied",
            "other organisation": "ok",
            "outsider": "denied",
            "secretariat reviewer": "ok",
            "secretariat viewer": "denied",
            "acting for a second organisation": "ok",
        }
    )


def test_triaging_a_request_gets_one_answer_everywhere(people, filed):
    answers = {}
    for name, (user, organisation) in people.items():
        client = acting_client(user, organisation)
        page = client.post(reverse("assistance:triage", args=[filed.pk]), {"priority": "high"})
        api = client.post(
            f"/api/v1/assistance/requests/{filed.pk}/triage", {"priority": "low"}, JSON
        )
        service = _service(
            lambda u=user: services.request_triage(user=u, request=filed, priority="urgent")
        )
        answers[name] = {
            "page": PAGE.get(page.status_code, page.status_code),
            "api": API.get(api.status_code, api.status_code),
            "service": service,
        }
    expected = dict.fromkeys(people, "hidden")
    expected |= {"owner admin": "denied", "secretariat viewer": "denied"}
    expected["secretariat reviewer"] = "ok"
    assert answers == _everywhere(expected)


def _refused(call, refusal):
    before = AuditEntry.objects.count()
    with pytest.raises(refusal):
        call()
    assert AuditEntry.objects.count() == before


def test_every_write_service_refuses_who_may_not_act(
    filed, alice, bob, charlie, make_user, secretariat, expert, meridian
):
    victor = make_user("victor", secretariat, Role.VIEWER)
    _refused(
        lambda: services.request_file(user=bob, organisation=meridian, title="T", need="N"),
        Denied,
    )
    _refused(lambda: services.note_add(user=charlie, request=filed, text="x"), NotVisible)
    _refused(lambda: services.note_add(user=victor, request=filed, text="x"), Denied)
    for user, refusal in ((alice, Denied), (victor, Denied), (charlie, NotVisible)):
        _refused(
            lambda u=user: services.request_triage(user=u, request=filed, status="closed"),
            refusal,
        )
        _refused(
            lambda u=user: services.expert_assign(user=u, request=filed, expert=expert), refusal
        )
        _refused(
            lambda u=user: services.outcome_record(user=u, request=filed, text="Done."), refusal
        )
    for user in (alice, victor):
        _refused(
            lambda u=user: services.expert_profile_save(
                user=u, expert=bob, competencies=[], languages=[]
            ),
            Denied,
        )


def test_writes_are_audited_one_entry_each_in_one_format(filed, alice, reviewer, expert):
    services.request_triage(user=reviewer, request=filed, status="in_progress", note="On it.")
    triaged, noted = AuditEntry.objects.order_by("-sequence")[:2][::-1]
    assert (triaged.action, triaged.changes) == ("update", {"status": ["received", "in_progress"]})
    assert (noted.action, noted.object_type) == ("create", "assistance.requestnote")
    assert noted.changes["text"] == [None, "On it."]
    assert noted.organisation_id == filed.organisation_id  # the requester's, not the reviewer's
    services.expert_assign(user=reviewer, request=filed, expert=expert, role="Lead")
    assigned = AuditEntry.objects.order_by("-sequence").first()
    assert assigned.object_type == "assistance.assignment"
    assert assigned.changes["role"] == [None, "Lead"]
    services.expert_profile_save(
        user=reviewer, expert=expert.user, competencies=["storage"], languages=["en"]
    )
    profile = AuditEntry.objects.order_by("-sequence").first()
    assert profile.changes["competencies"] == [["physical_protection", "storage"], ["storage"]]
