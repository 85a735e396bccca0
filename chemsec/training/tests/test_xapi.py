"""xAPI statements: the required members of xAPI 1.0.3 (actor with one identifier, verb,
object, timestamp, result score ranges) and the statements an enrolment produces."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from chemsec.training import xapi

AT = dt.datetime(2026, 5, 4, 10, 30, tzinfo=dt.UTC)
COURSE = xapi.Activity("https://chemsec.example.org/training/courses/basics", "Basics", "course")
ACTOR = xapi.agent("https://chemsec.example.org/", "lena")


def completed():
    return xapi.statement(actor=ACTOR, verb="completed", activity=COURSE, timestamp=AT, key="e1",
                          result={"completion": True, "success": True})  # fmt: skip


def test_a_statement_has_what_xapi_requires():
    statement = completed()
    assert xapi.statement_problems(statement) == []
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"
    assert statement["object"]["definition"]["type"] == (
        "http://adlnet.gov/expapi/activities/course"
    )
    assert statement["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": "https://chemsec.example.org/", "name": "lena"},
    }
    assert statement["timestamp"] == "2026-05-04T10:30:00Z"
    assert uuid.UUID(statement["id"]).version == 5
    assert completed()["id"] == statement["id"]  # exported twice, stored once


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda s: s.pop("verb"), "verb is required"),
        (lambda s: s["actor"].update(mbox="mailto:lena@example.org"), "exactly one"),
        (lambda s: s["object"].update(id="not an iri"), "object.id"),
        (lambda s: s.update(timestamp="yesterday"), "timestamp"),
        (lambda s: s.update(result={"score": {"scaled": 1.5}}), "scaled"),
        (lambda s: s.update(result={"score": {"raw": 120, "min": 0, "max": 100}}), "raw"),
        (lambda s: s.update(id="123"), "UUID"),
        (lambda s: s["verb"].update(display="completed"), "language map"),
    ],
)
def test_it_finds_what_breaks_the_specification(change, problem):
    statement = completed()
    change(statement)
    assert any(problem in p for p in xapi.statement_problems(statement))


def test_a_score_is_scaled_between_zero_and_one():
    assert xapi.score_result(85, True)["score"] == {"scaled": 0.85, "raw": 85, "min": 0, "max": 100}
    with pytest.raises(ValueError):
        xapi.statement(actor=ACTOR, verb="passed", activity=COURSE,
                       timestamp=AT.replace(tzinfo=None), key="x")  # fmt: skip


@pytest.mark.django_db
def test_an_enrolment_exports_its_whole_story(enrolment, learner, client):
    from django.urls import reverse

    from chemsec.training.tests.test_credentials_certificates import complete

    complete(enrolment, learner)
    client.force_login(learner)
    response = client.get(reverse("training:xapi_mine"))
    statements = response.json()
    assert response["X-Experience-API-Version"] == "1.0.3"
    assert all(xapi.statement_problems(s) == [] for s in statements)
    verbs = [s["verb"]["id"].rsplit("/", 1)[-1] for s in statements]
    # registered, 2 modules read, 3 quizzes attempted and passed, completed
    assert verbs[0] == "registered" and verbs[-1] == "completed"
    assert verbs.count("experienced") == 2 and verbs.count("passed") == 3
    passed = next(s for s in statements if s["verb"]["id"].endswith("/passed"))
    assert passed["result"]["success"] is True and passed["object"]["id"].endswith("#quiz")
    assert passed["context"]["contextActivities"]["parent"][0]["id"].endswith("/courses/basics/")
    assert {s["context"]["registration"] for s in statements} == {str(enrolment.pk)}
    assert client.get(reverse("training:xapi_all")).status_code == 403
