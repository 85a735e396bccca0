"""The learner's path through pages and the API: enrol, read, answer a quiz by plain form
post (kept on error), see the score; the catalogue for a visitor; the same by the API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from chemsec.training.models import Enrolment, QuizAttempt
from chemsec.training.tests.conftest import right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_of(learner):
    client = Client()
    client.force_login(learner)
    return client


def test_a_visitor_sees_the_catalogue_and_a_module_rendered_without_raw_html(course):
    from chemsec.core.policy import SYSTEM
    from chemsec.training import services

    module = course.modules.first()
    services.module_add(
        user=SYSTEM,
        course=course,
        slug="tricky",
        title="Tricky",
        body="<script>x()</script> **ok**",
    )
    client = Client()
    assert course.title in client.get(reverse("training:catalogue")).content.decode()
    page = client.get(reverse("training:module", args=[course.slug, module.slug]))
    assert page.status_code == 200 and "Enrol in the course" in page.content.decode()
    tricky = client.get(reverse("training:module", args=[course.slug, "tricky"])).content.decode()
    assert "<script>x()" not in tricky and "<strong>ok</strong>" in tricky


def test_a_learner_enrols_reads_and_passes_a_quiz_by_plain_forms(course, client_of, meridian):
    client_of.post(reverse("training:enrol", args=[course.slug]), {"organisation": meridian.pk})
    enrolment = Enrolment.objects.get()
    assert enrolment.organisation == meridian
    module = course.modules.first()
    response = client_of.post(reverse("training:module_read", args=[course.slug, module.slug]))
    quiz_url = reverse("training:quiz", args=[course.slug, module.slug])
    assert response.status_code == 302 and response.url == quiz_url
    questions = list(module.questions.all())
    answers = {k: v[0] for k, v in right_answers(questions).items()}
    page = client_of.post(quiz_url, answers)
    assert page.status_code == 200
    assert "You scored 100%" in page.content.decode()
    assert QuizAttempt.objects.get().passed


def test_an_unanswered_quiz_is_refused_and_keeps_the_answers_given(course, client_of):
    client_of.post(reverse("training:enrol", args=[course.slug]))
    questions = list(course.questions.filter(module=None))
    single = next(q for q in questions if q.kind == "single")
    chosen = single.choices.first()
    page = client_of.post(
        reverse("training:final_quiz", args=[course.slug]), {str(single.pk): str(chosen.pk)}
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "Answer this question." in html
    assert f'value="{chosen.pk}"' in html and "checked" in html
    assert not QuizAttempt.objects.exists()


def test_the_api_takes_a_learner_through_a_quiz(course, client_of):
    made = client_of.post(
        f"/api/v1/training/courses/{course.slug}/enrol", {}, content_type="application/json"
    )
    assert made.status_code == 201
    enrolment_id = made.json()["id"]
    module = client_of.get(
        f"/api/v1/training/courses/{course.slug}/modules/{course.modules.first().slug}"
    ).json()
    assert "correct" not in str(module["quiz"])  # the answers are not given away
    question = module["quiz"][0]
    wrong = next(c["id"] for c in question["choices"] if c["text"] == "Wrong")
    answer = client_of.post(
        f"/api/v1/training/enrolments/{enrolment_id}/attempts",
        {"module": module["slug"], "answers": {question["id"]: [wrong]}},
        content_type="application/json",
    )
    assert answer.status_code == 201
    assert answer.json() == {
        "number": 1, "score": 0, "passed": False, "attempts_left": 1, "enrolment_status": "active"
    }  # fmt: skip
    progress = client_of.get(f"/api/v1/training/enrolments/{enrolment_id}").json()
    assert progress["modules"][0]["quiz"]["attempts"] == 1
    bad = client_of.put(
        "/api/v1/training/profile", {"country": "X1"}, content_type="application/json"
    )
    assert bad.status_code == 422
    typo = client_of.post(
        f"/api/v1/training/courses/{course.slug}/enrol", {"organisatoin": "meridian"},
        content_type="application/json",
    )  # fmt: skip
    assert typo.status_code == 422  # an unknown field is refused, not dropped
