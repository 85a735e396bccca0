"""Training API: the catalogue of published courses (public), a course and its modules (the
quiz questions without their answers), enrolling, recording reading, quiz attempts, the
learner's progress and profile, and course authoring for the secretariat.

Every object is fetched with `policy.get_object`; every write is the service the pages call.
The credentials part (certificates, Open Badges, counts, xAPI) adds its own router from
chemsec/training/api/credentials.py when it exists.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, cast
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import AuthenticationError
from pydantic import Field

from chemsec.compendium.api import TranslationOut, translation_out
from chemsec.compendium.translations import Shown, api_language
from chemsec.core.api_auth import EVERYONE, MEMBERS
from chemsec.core.api_language import ApiLanguage
from chemsec.core.api_schemas import InSchema
from chemsec.core.models import Organisation, User
from chemsec.core.policy import NotVisible, get_object, require
from chemsec.training import selectors, services
from chemsec.training.choices import Gender, Language, QuestionKind, Sector, Stage, TrainingRole
from chemsec.training.models import Course, Enrolment, LearnerProfile, Module, Question
from chemsec.training.translations import CourseTexts, course_texts, localise_questions

router = Router(tags=["training"])

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class CourseOut(Schema):
    slug: str
    urn: str
    title: str
    summary: str
    language: str = Field(description="the language of the title and summary returned")
    translation: TranslationOut | None = Field(
        None, description="the translation whose texts these are; null: the English"
    )
    stages: list[str]
    roles: list[str]
    published: bool
    pass_mark: int
    max_attempts: int
    validity_months: int | None

    @staticmethod
    def of(c: Course, texts: CourseTexts | None = None) -> CourseOut:
        shown = texts.shown(c.urn) if texts is not None and c.urn else None
        return CourseOut(
            slug=c.slug, urn=c.urn, title=_text(shown, "title", c.title),
            summary=_text(shown, "summary", c.summary),
            language=shown.language if shown else c.language, translation=translation_out(shown),
            stages=c.stages, roles=c.roles, published=c.published, pass_mark=c.pass_mark,
            max_attempts=c.max_attempts, validity_months=c.validity_months,
        )  # fmt: skip


def _text(shown: Shown | None, name: str, english: str) -> str:
    value = shown.fields.get(name) if shown is not None else None
    return value if isinstance(value, str) and value else english


class ModuleBrief(Schema):
    slug: str
    position: int
    title: str
    stage: str
    language: str = Field("en", description="the language of the title (and texts) returned")
    translation: TranslationOut | None = None

    @staticmethod
    def of(m: Module, texts: CourseTexts | None = None) -> ModuleBrief:
        shown = texts.shown(m.urn) if texts is not None and m.urn else None
        return ModuleBrief(
            slug=m.slug, position=m.position, title=_text(shown, "title", m.title), stage=m.stage,
            language=shown.language if shown else "en", translation=translation_out(shown),
        )  # fmt: skip


class CourseDetailOut(CourseOut):
    modules: list[ModuleBrief]
    final_quiz_questions: int


class ChoiceOut(Schema):
    id: UUID
    text: str


class QuestionOut(Schema):
    """A quiz question as the learner sees it: the choices, not which are correct."""

    id: UUID
    kind: str
    text: str
    choices: list[ChoiceOut]

    @staticmethod
    def of(q: Question) -> QuestionOut:
        """The question's texts: those `localise_questions` put on it (``.tr``), or the
        English. Choices keep their ids in every language: answers are ids, never texts."""
        choices = [ChoiceOut(id=c.pk, text=str(getattr(c, "tr", c.text))) for c in q.choices.all()]
        return QuestionOut(
            id=q.pk, kind=q.kind, text=str(getattr(q, "tr", q.text)), choices=choices
        )


class ModuleOut(ModuleBrief):
    urn: str
    body: str = Field(description="Markdown")
    roles: list[str]
    practices: list[str] = Field(description="URNs of compendium practices")
    addresses: list[str] = Field(description="URNs of assessment questions it helps with")
    quiz: list[QuestionOut]


class CourseIn(InSchema):
    slug: str = Field(pattern=SLUG, max_length=80)
    title: str = Field(min_length=3, max_length=200)
    summary: str = Field("", max_length=5000)
    language: Literal[tuple(Language.values)] = "en"  # type: ignore[valid-type]
    stages: list[Stage] = []
    roles: list[TrainingRole] = []
    pass_mark: int = Field(70, ge=1, le=100)
    max_attempts: int = Field(3, ge=1, le=20)
    validity_months: int | None = Field(None, ge=1, le=240)


class CoursePatch(InSchema):
    title: str | None = Field(None, min_length=3, max_length=200)
    summary: str | None = Field(None, max_length=5000)
    published: bool | None = None
    pass_mark: int | None = Field(None, ge=1, le=100)
    max_attempts: int | None = Field(None, ge=1, le=20)
    validity_months: int | None = Field(None, ge=1, le=240)


class ModuleIn(InSchema):
    slug: str = Field(pattern=SLUG, max_length=80)
    title: str = Field(min_length=3, max_length=200)
    body: str = Field(min_length=1, max_length=100_000, description="Markdown")
    stage: Stage | Literal[""] = ""
    roles: list[TrainingRole] = []
    practices: list[str] = Field([], max_length=50)
    addresses: list[str] = Field([], max_length=50)


class ChoiceIn(InSchema):
    text: str = Field(min_length=1, max_length=500)
    correct: bool = False


class QuestionIn(InSchema):
    module: str | None = Field(None, description="the module's slug; none for the final quiz")
    kind: Literal[tuple(QuestionKind.values)] = "single"  # type: ignore[valid-type]
    text: str = Field(min_length=10, max_length=2000)
    explanation: str = Field("", max_length=2000)
    choices: list[ChoiceIn] = Field(min_length=2, max_length=6)


class EnrolIn(InSchema):
    organisation: str | None = Field(None, description="slug of one of your organisations")


class QuizState(Schema):
    questions: int
    attempts: int
    best: int | None
    passed: bool
    left: int


class ModuleProgressOut(Schema):
    module: str
    read: bool
    quiz: QuizState | None


class EnrolmentOut(Schema):
    id: UUID
    course: str
    learner: str
    organisation: str | None
    status: str
    started_at: dt.datetime
    completed_at: dt.datetime | None

    @staticmethod
    def of(e: Enrolment) -> EnrolmentOut:
        return EnrolmentOut(
            id=e.pk, course=e.course.slug, learner=e.learner.get_username(),
            organisation=e.organisation.slug if e.organisation else None, status=e.status,
            started_at=e.started_at, completed_at=e.completed_at,
        )  # fmt: skip


class ProgressOut(EnrolmentOut):
    percent: int
    modules: list[ModuleProgressOut]
    final_quiz: QuizState | None


class ReadIn(InSchema):
    module: str = Field(pattern=SLUG, max_length=80, description="the module's slug")


class AttemptIn(InSchema):
    module: str | None = Field(None, description="the module's slug; none for the final quiz")
    answers: dict[str, list[str]] = Field(
        description="question id -> the ids of the chosen answers", max_length=100
    )


class AttemptOut(Schema):
    number: int
    score: int
    passed: bool
    attempts_left: int
    enrolment_status: str


class ProfileIn(InSchema):
    country: str = Field("", pattern=r"^([A-Za-z]{2})?$")
    sector: Literal[tuple(Sector.values)] = "undisclosed"  # type: ignore[valid-type]
    gender: Literal[tuple(Gender.values)] = "undisclosed"  # type: ignore[valid-type]


class ProfileOut(Schema):
    country: str
    sector: str
    gender: str


def _course(request: HttpRequest, slug: str, action: str = "course.view") -> Course:
    if (
        not request.user.is_authenticated
        and not Course.objects.published().filter(slug=slug).exists()
    ):
        raise AuthenticationError  # a visitor signs in before being told more
    return get_object(request.user, action, Course.objects, slug=slug)


def _progress_out(enrolment: Enrolment) -> ProgressOut:
    state = selectors.progress(enrolment)

    def quiz(q: selectors.QuizState | None) -> QuizState | None:
        return QuizState(**q.__dict__) if q else None

    return ProgressOut(
        **EnrolmentOut.of(enrolment).dict(), percent=state.percent, final_quiz=quiz(state.final),
        modules=[ModuleProgressOut(module=m.module.slug, read=m.read, quiz=quiz(m.quiz))
                 for m in state.modules],
    )  # fmt: skip


def _enrolment(request: HttpRequest, enrolment_id: UUID, action: str) -> Enrolment:
    rows = Enrolment.objects.select_related("learner", "course", "organisation")
    enrolment: Enrolment = get_object(request.user, action, rows, pk=enrolment_id)
    return enrolment


def _module_of(enrolment: Enrolment, slug: str | None) -> Module | None:
    if slug is None:
        return None
    module: Module | None = enrolment.course.modules.filter(slug=slug).first()
    if module is None:
        raise NotVisible
    return module


@router.get("/training/courses", response=list[CourseOut], auth=EVERYONE)
def training_course_list(request: HttpRequest, lang: ApiLanguage | None = None) -> list[CourseOut]:
    """The catalogue: published courses for everyone, drafts too for the secretariat; titled
    in the language asked for (``?lang=`` or Accept-Language) where translated."""
    courses = list(selectors.catalogue(request.user))
    texts = course_texts(courses, api_language(lang))
    return [CourseOut.of(c, texts) for c in courses]


@router.get("/training/courses/{course_slug}", response=CourseDetailOut, auth=EVERYONE)
def training_course_get(
    request: HttpRequest, course_slug: str, lang: ApiLanguage | None = None
) -> CourseDetailOut:
    course = _course(request, course_slug)
    texts = course_texts([course], api_language(lang))
    return CourseDetailOut(
        **CourseOut.of(course, texts).dict(),
        modules=[ModuleBrief.of(m, texts) for m in course.modules.all()],
        final_quiz_questions=course.questions.filter(module=None).count(),
    )


@router.get(
    "/training/courses/{course_slug}/modules/{module_slug}", response=ModuleOut, auth=EVERYONE
)
def training_module_get(
    request: HttpRequest, course_slug: str, module_slug: str, lang: ApiLanguage | None = None
) -> ModuleOut:
    """A module's text (Markdown), linked practices and its quiz questions (no answers); with
    ``?lang=`` (or Accept-Language) in that language where translated (the choice ids, which
    the answers name, are the same in every language)."""
    course = _course(request, course_slug)
    module = get_object(request.user, "module.view", course.modules.all(), slug=module_slug)
    texts = course_texts([course], api_language(lang))
    questions = localise_questions(texts, module, services.quiz_questions(course, module))
    shown = texts.shown(module.urn) if module.urn else None
    return ModuleOut(
        **ModuleBrief.of(module, texts).dict(), urn=module.urn,
        body=_text(shown, "body", module.body), roles=module.roles,
        practices=module.practices, addresses=module.addresses,
        quiz=[QuestionOut.of(q) for q in questions],
    )  # fmt: skip


@router.post("/training/courses", response={201: CourseOut}, auth=MEMBERS)
def training_course_create(request: HttpRequest, payload: CourseIn) -> Status[CourseOut]:
    """A draft course (the secretariat's contributors); publish it once it has modules."""
    require(request.user, "training.author", None)
    organisation = getattr(request, "organisation", None)
    course = services.course_create(
        user=request.user, **payload.dict(),
        organisation=organisation if isinstance(organisation, Organisation) else None,
    )  # fmt: skip
    return Status(201, CourseOut.of(course))


@router.patch("/training/courses/{course_slug}", response=CourseOut, auth=MEMBERS)
def training_course_update(
    request: HttpRequest, course_slug: str, payload: CoursePatch
) -> CourseOut:
    course = _course(request, course_slug, "course.change")
    values = payload.dict(exclude_unset=True)
    return CourseOut.of(services.course_update(user=request.user, course=course, **values))


@router.post("/training/courses/{course_slug}/modules", response={201: ModuleBrief}, auth=MEMBERS)
def training_module_add(
    request: HttpRequest, course_slug: str, payload: ModuleIn
) -> Status[ModuleBrief]:
    course = _course(request, course_slug, "course.change")
    module = services.module_add(user=request.user, course=course, **payload.dict())
    return Status(201, ModuleBrief.of(module))


@router.post("/training/courses/{course_slug}/questions", response={201: QuestionOut}, auth=MEMBERS)
def training_question_add(
    request: HttpRequest, course_slug: str, payload: QuestionIn
) -> Status[QuestionOut]:
    course = _course(request, course_slug, "course.change")
    module = None
    if payload.module is not None:
        module = course.modules.filter(slug=payload.module).first()
        if module is None:
            raise NotVisible
    question = services.question_add(
        user=request.user, course=course, module=module, kind=payload.kind, text=payload.text,
        explanation=payload.explanation, choices=[(c.text, c.correct) for c in payload.choices],
    )  # fmt: skip
    return Status(201, QuestionOut.of(question))


@router.post("/training/courses/{course_slug}/enrol", response={201: EnrolmentOut}, auth=MEMBERS)
def training_enrol(
    request: HttpRequest, course_slug: str, payload: EnrolIn
) -> Status[EnrolmentOut]:
    """Enrol yourself (for one of your organisations, or for yourself); again: the same."""
    course = _course(request, course_slug, "course.enrol")
    organisation = None
    if payload.organisation:
        memberships = getattr(request, "memberships", [])
        organisation = next(
            (m.organisation for m in memberships if m.organisation.slug == payload.organisation),
            None,
        )
        if organisation is None:
            raise NotVisible
    enrolment = services.enrol(user=request.user, course=course, organisation=organisation)
    return Status(201, EnrolmentOut.of(enrolment))


@router.get("/training/enrolments", response=list[EnrolmentOut], auth=MEMBERS)
def training_enrolment_list(request: HttpRequest) -> list[EnrolmentOut]:
    """Your enrolments; your organisations' people's if you are an admin; all for the
    secretariat."""
    return [EnrolmentOut.of(e) for e in selectors.enrolments_visible_to(request.user)]


@router.get("/training/enrolments/{enrolment_id}", response=ProgressOut, auth=MEMBERS)
def training_enrolment_get(request: HttpRequest, enrolment_id: UUID) -> ProgressOut:
    return _progress_out(_enrolment(request, enrolment_id, "enrolment.view"))


@router.post("/training/enrolments/{enrolment_id}/read", response=ProgressOut, auth=MEMBERS)
def training_module_read(request: HttpRequest, enrolment_id: UUID, payload: ReadIn) -> ProgressOut:
    """Record that you have read a module to the end."""
    enrolment = _enrolment(request, enrolment_id, "enrolment.learn")
    module = _module_of(enrolment, payload.module)
    assert module is not None
    services.module_read(user=request.user, enrolment=enrolment, module=module)
    enrolment.refresh_from_db()
    return _progress_out(enrolment)


@router.post(
    "/training/enrolments/{enrolment_id}/attempts", response={201: AttemptOut}, auth=MEMBERS
)
def training_quiz_submit(
    request: HttpRequest, enrolment_id: UUID, payload: AttemptIn
) -> Status[AttemptOut]:
    """Submit an attempt at a module's quiz (or the final quiz, without a module)."""
    enrolment = _enrolment(request, enrolment_id, "enrolment.learn")
    module = _module_of(enrolment, payload.module)
    made = services.quiz_submit(
        user=request.user, enrolment=enrolment, module=module, answers=payload.answers
    )
    enrolment.refresh_from_db()
    return Status(201, AttemptOut(
        number=made.number, score=made.score, passed=made.passed,
        attempts_left=services.attempts_left(enrolment, module),
        enrolment_status=enrolment.status,
    ))  # fmt: skip


@router.post("/training/enrolments/{enrolment_id}/withdraw", response=EnrolmentOut, auth=MEMBERS)
def training_enrolment_withdraw(request: HttpRequest, enrolment_id: UUID) -> EnrolmentOut:
    enrolment = _enrolment(request, enrolment_id, "enrolment.withdraw")
    return EnrolmentOut.of(services.enrolment_withdraw(user=request.user, enrolment=enrolment))


@router.get("/training/profile", response=ProfileOut, auth=MEMBERS)
def training_profile_get(request: HttpRequest) -> ProfileOut:
    """Your self-declared learner profile (every answer optional)."""
    require(request.user, "training.profile", None)
    profile = LearnerProfile.objects.filter(user=cast(User, request.user)).first()
    if profile is None:
        return ProfileOut(country="", sector="undisclosed", gender="undisclosed")
    return ProfileOut(country=profile.country, sector=profile.sector, gender=profile.gender)


@router.put("/training/profile", response=ProfileOut, auth=MEMBERS)
def training_profile_update(request: HttpRequest, payload: ProfileIn) -> ProfileOut:
    profile = services.learner_profile_update(user=request.user, **payload.dict())
    return ProfileOut(country=profile.country, sector=profile.sector, gender=profile.gender)
