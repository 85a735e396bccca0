"""Permission-scoped reads of training: the catalogue, a learner's progress through a course,
the progress rows the secretariat and organisation admins see, and the course translations
waiting for a reviewer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet

from chemsec.core.models import User
from chemsec.core.policy import can
from chemsec.training.models import (
    Course,
    CourseTranslation,
    Enrolment,
    Module,
    ModuleProgress,
    Question,
    QuizAttempt,
)

AnyUser = User | AnonymousUser


def catalogue(user: AnyUser) -> QuerySet[Course]:
    rows: QuerySet[Course] = Course.objects.visible_to(user, "view")
    return rows.annotate(module_count=Count("modules"))


def enrolment_of(user: AnyUser, course: Course) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    found: Enrolment | None = Enrolment.objects.filter(learner=user, course=course).first()
    return found


@dataclass
class QuizState:
    """Where a learner stands with one quiz (a module's, or the final one)."""

    questions: int
    attempts: int = 0
    best: int | None = None
    passed: bool = False
    left: int = 0


@dataclass
class ModuleState:
    module: Module
    read: bool
    quiz: QuizState | None


@dataclass
class Progress:
    """A learner's progress through a course: per module, the final quiz, and a percentage."""

    enrolment: Enrolment
    modules: list[ModuleState] = field(default_factory=list)
    final: QuizState | None = None

    @property
    def percent(self) -> int:
        steps = [m.read for m in self.modules]
        steps += [m.quiz.passed for m in self.modules if m.quiz is not None]
        if self.final is not None:
            steps.append(self.final.passed)
        return 100 * sum(steps) // len(steps) if steps else 0


def progress(enrolment: Enrolment) -> Progress:
    return progresses([enrolment])[0]


def progresses(enrolments: list[Enrolment]) -> list[Progress]:
    """The progress of several enrolments in four queries, whatever their number: modules
    with their question counts, final-quiz counts, modules read, attempts."""
    if not enrolments:
        return []
    course_ids = {e.course_id for e in enrolments}
    modules: dict[Any, list[Any]] = {}
    for module in (
        Module.objects.filter(course_id__in=course_ids)
        .annotate(n=Count("questions"))
        .order_by("position")
    ):
        modules.setdefault(module.course_id, []).append(module)
    finals = dict(
        Question.objects.filter(course_id__in=course_ids, module=None)
        .values("course_id")
        .annotate(n=Count("pk"))
        .values_list("course_id", "n")
    )
    ids = [e.pk for e in enrolments]
    read: set[tuple[Any, Any]] = set(
        ModuleProgress.objects.filter(enrolment_id__in=ids).values_list("enrolment_id", "module_id")
    )
    attempts: dict[tuple[Any, Any], list[QuizAttempt]] = {}
    for attempt in QuizAttempt.objects.filter(enrolment_id__in=ids):
        attempts.setdefault((attempt.enrolment_id, attempt.module_id), []).append(attempt)
    return [_progress(e, modules.get(e.course_id, []), finals.get(e.course_id, 0), read, attempts)
            for e in enrolments]  # fmt: skip


def _progress(
    enrolment: Enrolment,
    modules: list[Any],
    final: int,
    read: set[tuple[Any, Any]],
    attempts: dict[tuple[Any, Any], list[QuizAttempt]],
) -> Progress:
    allowed = enrolment.course.max_attempts

    def state(key: Any, questions: int) -> QuizState | None:
        if not questions:
            return None
        rows = attempts.get((enrolment.pk, key), [])
        return QuizState(
            questions=questions, attempts=len(rows),
            best=max((a.score for a in rows), default=None),
            passed=any(a.passed for a in rows), left=max(allowed - len(rows), 0),
        )  # fmt: skip

    return Progress(
        enrolment=enrolment,
        modules=[ModuleState(m, (enrolment.pk, m.pk) in read, state(m.pk, m.n)) for m in modules],
        final=state(None, final),
    )


def enrolments_visible_to(user: AnyUser, course: Course | None = None) -> QuerySet[Enrolment]:
    """The progress rows a person sees, with what a table of them shows, in few queries."""
    rows: QuerySet[Enrolment] = Enrolment.objects.visible_to(user, "view")
    rows = rows.select_related("learner", "course", "organisation")
    if course is not None:
        rows = rows.filter(course=course)
    return rows.annotate(
        modules_read=Count("progress", distinct=True),
        module_total=Count("course__modules", distinct=True),
        quizzes_passed=Count("attempts", filter=Q(attempts__passed=True), distinct=True),
    ).order_by("course__title", "learner__username")


def my_enrolments(user: AnyUser) -> QuerySet[Enrolment]:
    rows: QuerySet[Enrolment] = Enrolment.objects.all()
    if not user.is_authenticated:
        return rows.none()
    return (
        rows.filter(learner_id=user.pk)
        .select_related("course", "organisation")
        .annotate(
            modules_read=Count("progress", distinct=True),
            module_total=Count("course__modules", distinct=True),
        )
    )


@dataclass(frozen=True)
class QueueRow:
    """One course's translation into one language, as the review queue lists it: how many of
    its entries (the course and its modules) are drafts, stale (reviewed against an older
    English version) or reviewed."""

    language: str  # the overlay language (ar, es, fr, ru, zh)
    course: Course
    drafts: int
    stale: int
    reviewed: int

    @property
    def waiting(self) -> int:
        return self.drafts + self.stale


def translation_queue(user: AnyUser, language: str | None = None) -> list[QueueRow]:
    """The course translations waiting for a reviewer (a draft, or a stale review), per
    language and course, for the people who review them (none for anyone else). Two
    queries, whatever the number of translations."""
    if not can(user, "training.translation_review", None):
        return []
    courses = {c.urn: c for c in Course.objects.visible_to(user, "view").exclude(urn="")}
    rows = CourseTranslation.objects.only("urn", "kind", "language", "status", "source_version")
    if language:
        rows = rows.filter(language=language)
    counts: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        course = courses.get(row.course_urn)
        if course is None:
            continue  # the English course is not loaded (or not visible): nothing to review
        tally = counts.setdefault((row.language, course.urn), [0, 0, 0])
        if row.status != "reviewed":
            tally[0] += 1
        elif row.source_version < course.version:
            tally[1] += 1
        else:
            tally[2] += 1
    found = [
        QueueRow(lang, courses[urn], drafts, stale, reviewed)
        for (lang, urn), (drafts, stale, reviewed) in counts.items()
        if drafts or stale
    ]
    return sorted(found, key=lambda r: (r.language, r.course.title, r.course.urn))
