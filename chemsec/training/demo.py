"""Demo training: the starter course with learners of the demo organisations, two of them
finished (so certificates are issued, where the credentials part is installed), two part of
the way, one just enrolled; some with a self-declared profile. Safe to run twice."""

from __future__ import annotations

from chemsec.core.models import Organisation, User
from chemsec.training import services
from chemsec.training.models import Course, Enrolment, Question

STARTER = "fundamentals"

# username, organisation, modules to finish (None: all, with the final quiz), profile
LEARNERS: list[tuple[str, str, int | None, tuple[str, str, str]]] = [
    ("arcadia-analyst", "National Authority of Arcadia", None, ("XA", "government", "woman")),
    ("meridian-officer", "Meridian Chemicals", None, ("XA", "industry", "man")),
    ("meridian-viewer", "Meridian Chemicals", 3, ("XA", "industry", "undisclosed")),
    ("university-contributor", "University of Arcadia, Chemistry Department", 1,
     ("XA", "academia", "woman")),
    ("northgate-reviewer", "Northgate Chemical Distribution", 0,
     ("", "undisclosed", "undisclosed")),
]  # fmt: skip


def _starter() -> Course | None:
    course = Course.objects.filter(slug=STARTER).first()
    if course is None:
        from chemsec.content.reader import DEFAULT_ROOT, read_content_file
        from chemsec.training.content import courses_sync
        from chemsec.training.translations import course_translations_sync

        courses_sync(
            list(read_content_file(DEFAULT_ROOT / "training" / "fundamentals.yaml").objects)
        )
        # Its translations, as `chemsec load-content` would load them.
        overlays = sorted((DEFAULT_ROOT / "translations").glob("*/training/fundamentals.yaml"))
        course_translations_sync(
            [obj for path in overlays for obj in read_content_file(path, root=DEFAULT_ROOT).objects]
        )
        course = Course.objects.filter(slug=STARTER).first()
    return course


def _right(questions: list[Question]) -> dict[str, list[str]]:
    answers: dict[str, list[str]] = {}
    for question in questions:
        answers[str(question.pk)] = [str(c.pk) for c in question.choices.all() if c.correct]
    return answers


def _study(learner: User, enrolment: Enrolment, modules: int | None) -> None:
    course = enrolment.course
    chosen = list(course.modules.order_by("position"))
    for index, module in enumerate(chosen if modules is None else chosen[:modules]):
        services.module_read(user=learner, enrolment=enrolment, module=module)
        questions = services.quiz_questions(course, module)
        if not questions:
            continue
        if index == 0 and modules is not None:  # a first attempt that did not pass
            wrong = {str(q.pk): [str(c.pk) for c in q.choices.all() if not c.correct][:1]
                     for q in questions}  # fmt: skip
            services.quiz_submit(user=learner, enrolment=enrolment, module=module, answers=wrong)
        services.quiz_submit(
            user=learner, enrolment=enrolment, module=module, answers=_right(questions)
        )
    final = services.quiz_questions(course, None)
    if modules is None and final:
        services.quiz_submit(user=learner, enrolment=enrolment, module=None, answers=_right(final))


def populate() -> list[str]:
    course = _starter()
    if course is None:
        return ["Demo training skipped: the starter course is missing."]
    if Enrolment.objects.filter(course=course).exists():
        return ["Demo training already present."]
    count = 0
    for username, organisation_name, modules, (country, sector, gender) in LEARNERS:
        learner = User.objects.filter(username=username).first()
        organisation = Organisation.objects.filter(name=organisation_name).first()
        if learner is None or organisation is None:
            continue
        services.learner_profile_update(user=learner, country=country, sector=sector, gender=gender)
        enrolment = services.enrol(user=learner, course=course, organisation=organisation)
        _study(learner, enrolment, modules)
        count += 1
    done = Enrolment.objects.filter(course=course, status="completed").count()
    return [f"Demo training: {count} learners in “{course.title}”, {done} completed."]
