"""Enrolling, reading, quiz attempts (scoring and the attempts limit), completion and who may
do what, at the service level."""

from __future__ import annotations

import sys
import types

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from chemsec.core.choices import Role
from chemsec.core.policy import SYSTEM, Denied, NotVisible, can
from chemsec.training import services
from chemsec.training.models import Enrolment, QuizAttempt
from chemsec.training.tests.conftest import right_answers

pytestmark = pytest.mark.django_db


def _finish(enrolment, learner):
    course = enrolment.course
    for module in course.modules.all():
        services.module_read(user=learner, enrolment=enrolment, module=module)
        questions = services.quiz_questions(course, module)
        services.quiz_submit(
            user=learner, enrolment=enrolment, module=module, answers=right_answers(questions)
        )
    final = services.quiz_questions(course, None)
    return services.quiz_submit(
        user=learner, enrolment=enrolment, module=None, answers=right_answers(final)
    )


def test_it_scores_exact_answers_only_and_rounds_down(enrolment, learner):
    final = services.quiz_questions(enrolment.course, None)
    # The multiple-choice question answered with one of its two right answers is wrong.
    multiple = next(q for q in final if q.kind == "multiple")
    answers = right_answers(final)
    answers[str(multiple.pk)] = answers[str(multiple.pk)][:1]
    attempt = services.quiz_submit(user=learner, enrolment=enrolment, module=None, answers=answers)
    assert (attempt.score, attempt.passed, attempt.number) == (50, True, 1)


@settings(max_examples=25, deadline=None)
@given(right=st.integers(min_value=0, max_value=7), total=st.integers(min_value=1, max_value=7))
def test_it_computes_the_score_as_the_share_right_rounded_down(right, total):
    right = min(right, total)
    correct = types.SimpleNamespace(pk="c", correct=True)
    wrong = types.SimpleNamespace(pk="w", correct=False)
    questions = [
        types.SimpleNamespace(
            pk=str(i), choices=types.SimpleNamespace(all=lambda: [correct, wrong])
        )
        for i in range(total)
    ]
    answers = {str(i): ["c"] if i < right else ["w"] for i in range(total)}
    assert services.score(questions, answers) == (100 * right) // total  # type: ignore[arg-type]
    assert services.score(questions, answers) <= 100 * right / total


def test_it_limits_attempts_and_closes_a_failed_enrolment(enrolment, learner):
    module = enrolment.course.modules.first()
    questions = services.quiz_questions(enrolment.course, module)
    wrong = right_answers(questions, wrong={0})
    for number in (1, 2):
        attempt = services.quiz_submit(
            user=learner, enrolment=enrolment, module=module, answers=wrong
        )
        assert (attempt.number, attempt.score, attempt.passed) == (number, 0, False)
    enrolment.refresh_from_db()
    assert enrolment.status == "failed"
    with pytest.raises(Denied):  # no longer in progress: the learner may not study in it
        services.quiz_submit(
            user=learner, enrolment=enrolment, module=module, answers=right_answers(questions)
        )
    assert QuizAttempt.objects.filter(enrolment=enrolment).count() == 2


def test_it_refuses_another_attempt_once_passed(enrolment, learner):
    module = enrolment.course.modules.first()
    answers = right_answers(services.quiz_questions(enrolment.course, module))
    services.quiz_submit(user=learner, enrolment=enrolment, module=module, answers=answers)
    with pytest.raises(ValidationError, match="already passed"):
        services.quiz_submit(user=learner, enrolment=enrolment, module=module, answers=answers)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda answers, q: answers.pop(str(q[0].pk)),  # a question unanswered
        lambda answers, q: answers[str(q[0].pk)].append(str(q[0].choices.last().pk)),  # two
        lambda answers, q: answers.__setitem__(str(q[0].pk), [str(q[1].choices.first().pk)]),
        lambda answers, q: answers.__setitem__("not-a-question", ["x"]),
    ],
)
def test_it_refuses_malformed_answers(enrolment, learner, mangle):
    final = services.quiz_questions(enrolment.course, None)
    single_first = sorted(final, key=lambda q: q.kind != "single")
    answers = right_answers(single_first)
    mangle(answers, single_first)
    with pytest.raises(ValidationError):
        services.quiz_submit(user=learner, enrolment=enrolment, module=None, answers=answers)
    assert not QuizAttempt.objects.exists()


def test_it_completes_only_when_every_module_is_read_and_every_quiz_passed(
    enrolment, learner, monkeypatch
):
    issued = []
    fake = types.ModuleType("chemsec.training.certificates")
    fake.issue_for = issued.append  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "chemsec.training.certificates", fake)
    import chemsec.training

    monkeypatch.setattr(chemsec.training, "certificates", fake, raising=False)
    course = enrolment.course
    first, second = course.modules.all()
    services.module_read(user=learner, enrolment=enrolment, module=first)
    for module in (first, second):  # both quizzes passed, the second module not yet read
        questions = services.quiz_questions(course, module)
        services.quiz_submit(
            user=learner, enrolment=enrolment, module=module, answers=right_answers(questions)
        )
    services.quiz_submit(
        user=learner, enrolment=enrolment, module=None,
        answers=right_answers(services.quiz_questions(course, None)),
    )  # fmt: skip
    enrolment.refresh_from_db()
    assert enrolment.status == "active" and issued == []
    assert services.missing_for_completion(enrolment) == {"modules": [second.pk], "quizzes": []}
    services.module_read(user=learner, enrolment=enrolment, module=second)
    enrolment.refresh_from_db()
    assert enrolment.status == "completed" and enrolment.completed_at is not None
    assert issued == [enrolment]


def test_reading_twice_records_one_progress(enrolment, learner):
    module = enrolment.course.modules.first()
    one = services.module_read(user=learner, enrolment=enrolment, module=module)
    assert services.module_read(user=learner, enrolment=enrolment, module=module) == one


def test_enrolling_again_returns_the_enrolment_and_resumes_a_withdrawn_one(
    course, learner, enrolment
):
    assert services.enrol(user=learner, course=course) == enrolment
    services.enrolment_withdraw(user=learner, enrolment=enrolment)
    again = services.enrol(user=learner, course=course)
    assert again.pk == enrolment.pk and again.status == "active"
    assert Enrolment.objects.count() == 1


def test_only_signed_in_people_enrol_in_published_courses(course, learner, northgate):
    with pytest.raises(Denied):
        services.enrol(user=AnonymousUser(), course=course)
    with pytest.raises(ValidationError):  # an organisation that is not theirs
        services.enrol(user=learner, course=course, organisation=northgate)
    draft = services.course_create(user=SYSTEM, slug="draft", title="A draft course")
    assert not can(AnonymousUser(), "course.view", draft)
    with pytest.raises(NotVisible):
        services.enrol(user=learner, course=draft)


def test_only_the_learner_studies_while_admins_and_the_secretariat_see_progress(
    enrolment, learner, alice, charlie, make_user, secretariat
):
    module = enrolment.course.modules.first()
    staff = make_user("sam", secretariat, Role.VIEWER)
    for person in (alice, staff):  # the learner's organisation admin; the secretariat
        assert can(person, "enrolment.view", enrolment)
        with pytest.raises(Denied):
            services.module_read(user=person, enrolment=enrolment, module=module)
    with pytest.raises(NotVisible):  # another organisation's admin does not see it
        services.module_read(user=charlie, enrolment=enrolment, module=module)
    assert set(Enrolment.objects.visible_to(charlie)) == set()
    assert set(Enrolment.objects.visible_to(alice)) == {enrolment}
    assert can(alice, "training.progress", None) and not can(learner, "training.progress", None)


def test_only_secretariat_contributors_author(course, alice, make_user, secretariat):
    viewer = make_user("vic", secretariat, Role.VIEWER)
    author = make_user("ann", secretariat, Role.CONTRIBUTOR)
    for person in (alice, viewer):
        with pytest.raises(Denied):
            services.course_create(user=person, slug="x", title="Some course")
        with pytest.raises(Denied):
            services.course_update(user=person, course=course, title="Changed")
    assert services.course_update(user=author, course=course, title="Changed").title == "Changed"


def test_a_question_needs_exactly_one_right_answer_when_single(course):
    with pytest.raises(ValidationError):
        services.question_add(
            user=SYSTEM, course=course, text="Two right?", choices=[("A", True), ("B", True)]
        )


def test_a_learner_declares_an_optional_profile(learner):
    profile = services.learner_profile_update(user=learner, country="xa", sector="industry")
    assert (profile.country, profile.sector, profile.gender) == ("XA", "industry", "undisclosed")
    with pytest.raises(ValidationError):
        services.learner_profile_update(user=learner, country="X1")
    with pytest.raises(ValidationError):
        services.learner_profile_update(user=learner, gender="robot")
