"""Assistance pages for every persona: requester, colleague, outsider, anonymous, secretariat."""

import pytest
from django.urls import reverse

from chemsec.assistance.models import Assignment, AssistanceRequest, Outcome, RequestNote
from chemsec.core.models import AuditEntry
from chemsec.core.services import object_share

pytestmark = pytest.mark.django_db


def test_it_files_a_request_and_shows_matches_with_reasons(personas, content):
    response = personas["alice"].post(
        reverse("assistance:file"),
        {
            "title": "Cylinder yard",
            "need": "Nobody can tell who opened the valves on our chlorine cylinders at night.",
            "stage": "storage",
            "framework_section": "urn:chemsec:framework:facility-security:v1:rbps-02",
            "priority": "normal",
        },
        follow=True,
    )
    item = AssistanceRequest.objects.get()
    assert item.confidentiality == "restricted" and item.status == "received"
    body = response.content.decode()
    assert "Matching best practices" in body and item.matches
    assert item.matches[0]["title"] in body
    assert "Linked to framework section RBPS-02" in body
    assert AuditEntry.objects.filter(action="create", object_id=str(item.pk)).exists()


def test_it_previews_matches_before_filing_without_storing(personas, content):
    response = personas["alice"].post(
        reverse("assistance:file"),
        {"title": "Web shop", "need": "Our web shop accounts were hijacked.", "preview": "1",
         "priority": "normal"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    body = response.content.decode()
    assert 'id="matches-slot"' in body and "<html" not in body
    assert "Securing ordering, customer and logistics systems" in body
    assert AssistanceRequest.objects.count() == 0


def test_it_refuses_filing_for_a_viewer(personas, bob):
    # The same answer as the API (403): a viewer may not file, so gets no form either.
    data = {"title": "T", "need": "N", "priority": "normal"}
    assert personas["bob"].post(reverse("assistance:file"), data).status_code == 403
    assert personas["bob"].get(reverse("assistance:file")).status_code == 403
    assert AssistanceRequest.objects.count() == 0


def test_it_shows_a_restricted_request_only_to_requester_and_secretariat(
    personas, secretariat_clients, filed
):
    url = reverse("assistance:detail", args=[filed.pk])
    assert personas["alice"].get(url).status_code == 200
    assert personas["bob"].get(url).status_code == 404  # a colleague without named access
    assert personas["charlie"].get(url).status_code == 404
    assert personas["anonymous"].get(url).status_code == 302
    for client in secretariat_clients.values():
        assert client.get(url).status_code == 200


def test_it_shows_a_shared_request_to_the_named_colleague(personas, alice, bob, filed):
    object_share(obj=filed, actor=alice, users=[bob])
    assert personas["bob"].get(reverse("assistance:detail", args=[filed.pk])).status_code == 200


def test_it_lists_my_organisations_requests(personas, filed):
    url = reverse("assistance:index")
    assert filed.title in personas["alice"].get(url).content.decode()
    assert filed.title not in personas["bob"].get(url).content.decode()
    assert filed.title not in personas["charlie"].get(url).content.decode()
    assert personas["anonymous"].get(url).status_code == 302


def test_it_keeps_the_board_and_directory_for_the_secretariat(
    personas, secretariat_clients, filed, expert
):
    for name in ("board", "experts"):
        url = reverse(f"assistance:{name}")
        for persona in ("alice", "bob", "charlie"):
            assert personas[persona].get(url).status_code == 403  # as the API answers
        assert personas["anonymous"].get(url).status_code == 302
        assert secretariat_clients["rita"].get(url).status_code == 200
    board = secretariat_clients["rita"].get(reverse("assistance:board")).content.decode()
    assert filed.title in board and "Meridian Chemicals" in board
    assert (
        "erin" in secretariat_clients["victor"].get(reverse("assistance:experts")).content.decode()
    )


def test_it_filters_the_board_by_status(secretariat_clients, filed):
    url = reverse("assistance:board")
    assert (
        filed.title in secretariat_clients["rita"].get(url, {"status": "received"}).content.decode()
    )
    assert (
        filed.title
        not in secretariat_clients["rita"].get(url, {"status": "closed"}).content.decode()
    )


def test_it_lets_a_reviewer_triage_assign_note_and_record_an_outcome(
    secretariat_clients, filed, expert
):
    rita = secretariat_clients["rita"]
    rita.post(reverse("assistance:triage", args=[filed.pk]),
              {"status": "in_progress", "priority": "high", "note": "Call scheduled."})  # fmt: skip
    rita.post(reverse("assistance:assign", args=[filed.pk]), {"expert": expert.pk, "role": "Lead"})
    rita.post(reverse("assistance:outcome", args=[filed.pk]), {"text": "Access list rebuilt."})
    filed.refresh_from_db()
    assert (filed.status, filed.priority) == ("in_progress", "high")
    assert Assignment.objects.get().expert == expert
    assert RequestNote.objects.get().text == "Call scheduled."
    assert Outcome.objects.get().text == "Access list rebuilt."
    page = rita.get(reverse("assistance:detail", args=[filed.pk])).content.decode()
    assert "Call scheduled." in page and "Access list rebuilt." in page and "Lead" in page


def test_it_refuses_triage_to_everyone_outside_the_secretariat_reviewers(
    personas, secretariat_clients, filed, expert
):
    url = reverse("assistance:triage", args=[filed.pk])
    data = {"status": "closed", "priority": "low"}
    # The requester sees the request but may not triage it (403, as the API says); those
    # who may not see it get 404.
    assert personas["alice"].post(url, data).status_code == 403
    for client in (personas["bob"], personas["charlie"]):
        assert client.post(url, data).status_code == 404
    assert personas["anonymous"].post(url, data).status_code == 302
    secretariat_clients["victor"].post(url, data)  # a secretariat viewer reads only
    filed.refresh_from_db()
    assert filed.status == "received"


def test_it_lets_the_requester_add_notes_but_not_outsiders(personas, filed):
    url = reverse("assistance:note", args=[filed.pk])
    personas["alice"].post(url, {"text": "Site visit possible in March."})
    assert personas["bob"].post(url, {"text": "x"}).status_code == 404
    assert personas["charlie"].post(url, {"text": "x"}).status_code == 404
    assert personas["anonymous"].post(url, {"text": "x"}).status_code == 302
    assert list(RequestNote.objects.values_list("text", flat=True)) == [
        "Site visit possible in March."
    ]


def test_it_keeps_the_board_queries_flat(secretariat_clients, alice, meridian):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chemsec.assistance.services import request_file

    def board_queries(expected: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = secretariat_clients["rita"].get(reverse("assistance:board"))
        assert response.content.decode().count("Need ") == expected
        return len(queries)

    request_file(user=alice, organisation=meridian, title="Need 0", need="Help.")
    one = board_queries(1)
    for n in range(1, 6):
        request_file(user=alice, organisation=meridian, title=f"Need {n}", need="Help.")
    # Six rows cost what one row costs: nothing is fetched per request.
    assert board_queries(6) == one <= 15
