"""Fixtures of the training tests: a small course built through the services (two modules,
each with a quiz, and a final quiz), the shipped starter course, and learners."""

from __future__ import annotations

import pytest

from chemsec.core.choices import Role
from chemsec.core.policy import SYSTEM

BODY = "Read this module to the end. " * 5


@pytest.fixture
def course(db, secretariat):
    """Two modules with one quiz question each; a final quiz; pass mark 50, two attempts."""
    from chemsec.training import services

    course = services.course_create(
        user=SYSTEM, slug="basics", title="Security basics", stages=["storage"],
        roles=["inspector"], pass_mark=50, max_attempts=2, validity_months=12,
        organisation=secretariat,
    )  # fmt: skip
    for slug in ("one", "two"):
        module = services.module_add(
            user=SYSTEM, course=course, slug=slug, title=f"Module {slug}", body=BODY,
            stage="storage", practices=["urn:chemsec:practice:key-and-lock-control"],
        )  # fmt: skip
        services.question_add(
            user=SYSTEM, course=course, module=module, text=f"Question of {slug}?",
            choices=[("Right", True), ("Wrong", False)],
        )  # fmt: skip
    services.question_add(
        user=SYSTEM, course=course, kind="multiple", text="Which two are right?",
        choices=[("A", True), ("B", True), ("C", False)],
    )  # fmt: skip
    services.question_add(
        user=SYSTEM, course=course, text="Final single?", choices=[("Yes", True), ("No", False)]
    )
    return services.course_update(user=SYSTEM, course=course, published=True)


@pytest.fixture
def learner(make_user, meridian):
    return make_user("lena", meridian, Role.VIEWER)


@pytest.fixture
def enrolment(course, learner, meridian):
    from chemsec.training import services

    return services.enrol(user=learner, course=course, organisation=meridian)


def right_answers(questions, *, wrong=()):
    """Answers to `questions`: the correct choices, except the questions at `wrong` indexes."""
    answers = {}
    for index, question in enumerate(questions):
        choices = list(question.choices.all())
        pick = [c for c in choices if c.correct != (index in wrong)]
        if question.kind == "single":
            pick = pick[:1]
        answers[str(question.pk)] = [str(c.pk) for c in pick]
    return answers


@pytest.fixture
def starter(db):
    """The shipped starter course, loaded from its content file."""
    from chemsec.content.reader import DEFAULT_ROOT, read_content_file
    from chemsec.training.content import courses_sync
    from chemsec.training.models import Course

    courses_sync(list(read_content_file(DEFAULT_ROOT / "training" / "fundamentals.yaml").objects))
    return Course.objects.get(slug="fundamentals")
