"""Writes of training: authoring courses, enrolling, reading modules, quiz attempts (scored,
limited), completion (which asks chemsec/training/certificates.py for a certificate) and the
learner's self-declared profile.

Every service asks the policy first (`require`), whoever calls it, then writes through
chemsec.core.writes (audited {field: [old, new]}).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chemsec.content.schemas import PRACTICE_URN_RE, URN_RE
from chemsec.core.models import Membership, Organisation, User
from chemsec.core.policy import Actor, require
from chemsec.core.writes import write_create, write_update
from chemsec.training.choices import EnrolmentStatus, QuestionKind, TrainingRole
from chemsec.training.models import (
    Choice,
    Course,
    Enrolment,
    LearnerProfile,
    Module,
    ModuleProgress,
    Question,
    QuizAttempt,
)

# --- Authoring (the secretariat) ---------------------------------------------------------


@transaction.atomic
def course_create(
    *,
    user: Actor,
    slug: str,
    title: str,
    summary: str = "",
    language: str = "en",
    stages: list[str] | None = None,
    roles: list[str] | None = None,
    pass_mark: int = 70,
    max_attempts: int = 3,
    validity_months: int | None = None,
    organisation: Organisation | None = None,
) -> Course:
    """A new draft course, owned by the secretariat the author acts for."""
    require(user, "training.author", None)
    course = Course(
        slug=slug, title=title.strip(), summary=summary.strip(), language=language,
        stages=list(dict.fromkeys(stages or [])), roles=list(dict.fromkeys(roles or [])),
        pass_mark=pass_mark, max_attempts=max_attempts, validity_months=validity_months,
        organisation=organisation,
    )  # fmt: skip
    return write_create(course, actor=user, organisation=organisation)


COURSE_FIELDS = frozenset(
    {"title", "summary", "language", "stages", "roles", "published", "pass_mark",
     "max_attempts", "validity_months"}
)  # fmt: skip


@transaction.atomic
def course_update(*, user: Actor, course: Course, **values: Any) -> Course:
    """The secretariat changes a course: its text, its rules, or publishes it."""
    require(user, "course.change", course)
    unknown = set(values) - COURSE_FIELDS
    if unknown:
        raise ValueError(f"Not a course field: {sorted(unknown)}")
    if values.get("published") and not course.modules.exists():
        raise ValidationError({"published": _("A course is published once it has modules.")})
    return write_update(course, actor=user, values=values)


@transaction.atomic
def module_add(
    *,
    user: Actor,
    course: Course,
    slug: str,
    title: str,
    body: str,
    stage: str = "",
    roles: list[str] | None = None,
    practices: list[str] | None = None,
    addresses: list[str] | None = None,
) -> Module:
    """A module at the end of the course."""
    require(user, "course.change", course)
    _check_links(roles or [], practices or [], addresses or [])
    last = course.modules.aggregate(n=Max("position"))["n"] or 0
    module = Module(
        course=course, position=last + 1, slug=slug, title=title.strip(), body=body,
        stage=stage, roles=roles or [], practices=practices or [], addresses=addresses or [],
    )  # fmt: skip
    return write_create(module, actor=user, organisation=course.organisation)


@transaction.atomic
def question_add(
    *,
    user: Actor,
    course: Course,
    text: str,
    choices: Sequence[tuple[str, bool]],
    kind: str = QuestionKind.SINGLE,
    module: Module | None = None,
    explanation: str = "",
) -> Question:
    """A question at the end of a module's quiz (or of the final quiz, without a module)."""
    require(user, "course.change", course)
    if module is not None and module.course_id != course.pk:
        raise ValidationError({"module": _("This module belongs to another course.")})
    _check_choices(kind, choices)
    last = course.questions.filter(module=module).aggregate(n=Max("position"))["n"] or 0
    question = write_create(
        Question(course=course, module=module, position=last + 1, kind=kind,
                 text=text.strip(), explanation=explanation.strip()),
        actor=user, organisation=course.organisation,
    )  # fmt: skip
    for index, (answer, correct) in enumerate(choices, start=1):
        choice = Choice(question=question, position=index, text=answer.strip(), correct=correct)
        write_create(choice, actor=user, organisation=course.organisation)
    return question


def _check_links(roles: list[str], practices: list[str], addresses: list[str]) -> None:
    if [r for r in roles if r not in TrainingRole.values]:
        raise ValidationError({"roles": _("Unknown roles.")})
    if [p for p in practices if not PRACTICE_URN_RE.match(p)]:
        raise ValidationError({"practices": _("Practices are given by their URN.")})
    if [a for a in addresses if not URN_RE.match(a)]:
        raise ValidationError({"addresses": _("Assessment questions are given by their URN.")})


def _check_choices(kind: str, choices: Sequence[tuple[str, bool]]) -> None:
    right = sum(1 for _text, correct in choices if correct)
    if len(choices) < 2:
        raise ValidationError({"choices": _("Offer at least two answers.")})
    if kind == QuestionKind.SINGLE and right != 1:
        raise ValidationError({"choices": _("A single-choice question has one correct answer.")})
    if kind == QuestionKind.MULTIPLE and right < 1:
        raise ValidationError({"choices": _("Mark at least one answer as correct.")})


# --- Learning ----------------------------------------------------------------------------


@transaction.atomic
def enrol(*, user: Actor, course: Course, organisation: Organisation | None = None) -> Enrolment:
    """The signed-in user enrols in a published course, for an organisation of theirs.

    Enrolling again returns the enrolment they have; a withdrawn one is resumed."""
    require(user, "course.enrol", course)
    assert isinstance(user, User)  # the rule lets only signed-in people enrol
    if (
        organisation is not None
        and not Membership.objects.filter(user=user, organisation=organisation).exists()
    ):
        raise ValidationError({"organisation": _("Choose one of your own organisations.")})
    existing: Enrolment | None = Enrolment.objects.filter(learner=user, course=course).first()
    if existing is not None:
        if existing.status == EnrolmentStatus.WITHDRAWN:
            return write_update(existing, actor=user, values={"status": EnrolmentStatus.ACTIVE})
        return existing
    enrolment = Enrolment(
        learner=user, course=course, organisation=organisation, started_at=timezone.now()
    )
    return write_create(enrolment, actor=user, organisation=organisation)


@transaction.atomic
def enrolment_withdraw(*, user: Actor, enrolment: Enrolment) -> Enrolment:
    """The learner stops a course in progress (enrolling again resumes it)."""
    require(user, "enrolment.withdraw", enrolment)
    return write_update(enrolment, actor=user, values={"status": EnrolmentStatus.WITHDRAWN})


def _module_of(enrolment: Enrolment, module: Module | None) -> None:
    if module is not None and module.course_id != enrolment.course_id:
        raise ValidationError({"module": _("This module belongs to another course.")})


@transaction.atomic
def module_read(*, user: Actor, enrolment: Enrolment, module: Module) -> ModuleProgress:
    """The learner has read a module to the end (once; reading it again changes nothing)."""
    require(user, "enrolment.learn", enrolment)
    _module_of(enrolment, module)
    progress: ModuleProgress | None = enrolment.progress.filter(module=module).first()
    if progress is None:
        progress = write_create(
            ModuleProgress(enrolment=enrolment, module=module, read_at=timezone.now()),
            actor=user, organisation=enrolment.organisation,
        )  # fmt: skip
        complete_if_done(user=user, enrolment=enrolment)
    return progress


def score(questions: Sequence[Question], answers: Mapping[str, Sequence[str]]) -> int:
    """Per cent of questions answered exactly right (every correct choice, no wrong one),
    rounded down, so a pass is never rounded into being."""
    if not questions:
        return 100
    right = 0
    for question in questions:
        correct = {str(c.pk) for c in question.choices.all() if c.correct}
        right += set(answers.get(str(question.pk), ())) == correct
    return 100 * right // len(questions)


def _check_answers(questions: Sequence[Question], answers: Mapping[str, Sequence[str]]) -> None:
    for question in questions:
        chosen = list(answers.get(str(question.pk), ()))
        offered = {str(c.pk) for c in question.choices.all()}
        if not chosen:
            raise ValidationError({str(question.pk): _("Answer every question.")})
        if question.kind == QuestionKind.SINGLE and len(chosen) != 1:
            raise ValidationError({str(question.pk): _("Choose one answer.")})
        if not set(chosen) <= offered or len(set(chosen)) != len(chosen):
            raise ValidationError({str(question.pk): _("Choose among the answers offered.")})
    unknown = set(answers) - {str(q.pk) for q in questions}
    if unknown:
        raise ValidationError(_("An answer names a question that is not in this quiz."))


def quiz_questions(course: Course, module: Module | None) -> list[Question]:
    """The questions of a module's quiz, or of the final quiz, with their choices."""
    rows = course.questions.filter(module=module).prefetch_related("choices")
    return list(rows.order_by("position"))


def attempts_left(enrolment: Enrolment, module: Module | None) -> int:
    used = enrolment.attempts.filter(module=module).count()
    return max(enrolment.course.max_attempts - used, 0)


@transaction.atomic
def quiz_submit(
    *,
    user: Actor,
    enrolment: Enrolment,
    module: Module | None,
    answers: Mapping[str, Sequence[str]],
) -> QuizAttempt:
    """Score one attempt at a module's quiz (or the final quiz), within the attempts allowed.

    `answers` maps question ids to the chosen choice ids. Using up the attempts without a
    pass closes the enrolment as failed; passing the last quiz completes the course."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    require(user, "enrolment.learn", enrolment)
    _module_of(enrolment, module)
    questions = quiz_questions(enrolment.course, module)
    if not questions:
        raise ValidationError(_("This module has no quiz."))
    previous = enrolment.attempts.filter(module=module)
    if previous.filter(passed=True).exists():
        raise ValidationError(_("You have already passed this quiz."))
    if attempts_left(enrolment, module) == 0:
        raise ValidationError(_("You have used all the attempts allowed for this quiz."))
    _check_answers(questions, answers)
    percent = score(questions, answers)
    attempt = write_create(
        QuizAttempt(
            enrolment=enrolment, module=module, number=previous.count() + 1,
            answers={k: sorted(v) for k, v in answers.items()}, score=percent,
            passed=percent >= enrolment.course.pass_mark, submitted_at=timezone.now(),
        ),
        actor=user, organisation=enrolment.organisation,
    )  # fmt: skip
    if attempt.passed:
        complete_if_done(user=user, enrolment=enrolment)
    elif attempts_left(enrolment, module) == 0:
        write_update(enrolment, actor=user, values={"status": EnrolmentStatus.FAILED})
    return attempt


def missing_for_completion(enrolment: Enrolment) -> dict[str, list[Any]]:
    """What the learner still has to do: modules to read, quizzes to pass (None: final)."""
    course = enrolment.course
    read = set(enrolment.progress.values_list("module_id", flat=True))
    passed = set(enrolment.attempts.filter(passed=True).values_list("module_id", flat=True))
    quizzes = set(course.questions.values_list("module_id", flat=True).distinct())
    modules = list(course.modules.order_by("position").values_list("pk", flat=True))
    return {
        "modules": [pk for pk in modules if pk not in read],
        "quizzes": [pk for pk in modules if pk in quizzes and pk not in passed]
        + ([None] if None in quizzes and None not in passed else []),
    }


def complete_if_done(*, user: Actor, enrolment: Enrolment) -> bool:
    """Complete the enrolment once every module is read and every quiz passed, then ask the
    credentials part (chemsec/training/certificates.py, if present) for a certificate."""
    if enrolment.status != EnrolmentStatus.ACTIVE:
        return False
    missing = missing_for_completion(enrolment)
    if missing["modules"] or missing["quizzes"]:
        return False
    values = {"status": EnrolmentStatus.COMPLETED, "completed_at": timezone.now()}
    write_update(enrolment, actor=user, values=values)
    _issue_certificate(enrolment)
    return True


def _issue_certificate(enrolment: Enrolment) -> None:
    try:
        from chemsec.training import certificates
    except ModuleNotFoundError as exc:  # the credentials part is not installed
        if exc.name != "chemsec.training.certificates":
            raise
        return
    issue_for = getattr(certificates, "issue_for", None)
    if issue_for is not None:
        issue_for(enrolment)


# --- The learner's profile ---------------------------------------------------------------


@transaction.atomic
def learner_profile_update(
    *, user: Actor, country: str = "", sector: str = "", gender: str = ""
) -> LearnerProfile:
    """The signed-in user declares (or changes) their country, sector and gender, each
    optional, for the counts of experts trained."""
    require(user, "training.profile", None)
    assert isinstance(user, User)
    values = {
        "country": country.strip().upper(),
        "sector": sector or "undisclosed",
        "gender": gender or "undisclosed",
    }
    profile: LearnerProfile | None = LearnerProfile.objects.filter(user=user).first()
    if profile is None:
        return write_create(LearnerProfile(user=user, **values), actor=user)
    return write_update(profile, actor=user, values=values)
