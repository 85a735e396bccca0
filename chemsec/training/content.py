"""Shipped courses: the `course` objects of chemsec/content/training become published courses.

Registered as a content_sync handler; runs inside the load transaction and is idempotent.
A course is rewritten only when its content version is newer than the stored one; modules
keep their identity by slug, so learners' progress survives a new version of the text.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F

from chemsec.content.reader import ContentObject
from chemsec.core.choices import OrganisationKind
from chemsec.core.models import Organisation
from chemsec.core.writes import unaudited
from chemsec.training.models import Choice, Course, Module, Question

COURSE_FIELDS = ("title", "summary", "language", "stages", "roles", "pass_mark", "max_attempts")
MODULE_FIELDS = ("title", "body", "roles", "practices", "addresses")


def courses_sync(objects: list[ContentObject]) -> None:
    """Create or update one course per `course` object whose content version is newer.

    Not audited row by row: `chemsec load-content` records the whole load as one entry.
    """
    with unaudited("reference content load, audited as one entry by content_load"):
        for obj in objects:
            if obj.kind == "course":
                _course(obj)


def _course(obj: ContentObject) -> None:
    data = obj.data
    course = Course.objects.filter(urn=obj.urn).first()
    course = course or Course.objects.filter(slug=data["slug"]).first()
    version = int(obj.version)
    if course is not None and course.urn == obj.urn and course.version >= version:
        return
    if course is None:
        secretariat = Organisation.objects.filter(kind=OrganisationKind.SECRETARIAT).first()
        course = Course(slug=data["slug"], organisation=secretariat, published=True)
    for name in COURSE_FIELDS:
        setattr(course, name, data[name])
    course.urn, course.version = obj.urn, version
    course.validity_months = data.get("validity_months")
    course.full_clean()
    course.save()
    _modules(course, data["modules"])
    Question.objects.filter(course=course, module=None).delete()
    _questions(course, None, data.get("final_quiz", []))


def _modules(course: Course, wanted: list[dict[str, Any]]) -> None:
    existing = {m.slug: m for m in course.modules.all()}
    # Free the positions first: the new order may swap two modules.
    course.modules.update(position=F("position") + 1000)
    for position, data in enumerate(wanted, start=1):
        module = existing.pop(data["slug"], None) or Module(course=course, slug=data["slug"])
        for name in MODULE_FIELDS:
            setattr(module, name, data.get(name, getattr(module, name)))
        module.position, module.urn, module.stage = position, data["urn"], data.get("stage") or ""
        module.save()
        module.questions.all().delete()
        _questions(course, module, data["quiz"])
    for module in existing.values():
        module.delete()


def _questions(course: Course, module: Module | None, wanted: list[dict[str, Any]]) -> None:
    for position, data in enumerate(wanted, start=1):
        question = Question(
            course=course, module=module, position=position, kind=data["kind"],
            text=data["text"], explanation=data.get("explanation", ""),
        )  # fmt: skip
        question.save()
        Choice.objects.bulk_create(
            Choice(question=question, position=index, text=c["text"], correct=c["correct"])
            for index, c in enumerate(data["choices"], start=1)
        )
