"""Training, reviewing course translations: a published course with one module and its quiz,
translated into French (the course and the module, drafts, as an overlay file loads them).
Only the secretariat's reviewers open the queue and a course's review page, approve a
translation and correct it; everyone else is refused (and the anonymous visitor sent to
sign in), whether or not they may read the course itself."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from tests.contract.expectations import SECRETARIAT_REVIEWER, page

URN = "urn:chemsec:course:contract-translated:v1"
REVIEW = {"language": "fr", "course_slug": "translated_course_slug"}
PAGES = {
    "training:translation_queue": page(SECRETARIAT_REVIEWER, list_rows="course_translation"),
    "training:translation_review": page(SECRETARIAT_REVIEWER, params=REVIEW),
    "training:translation_approve": page(post=SECRETARIAT_REVIEWER),
    "training:translation_correct": page(SECRETARIAT_REVIEWER, SECRETARIAT_REVIEWER),
}
# The review page goes by the course's slug (a stand-in object whose `pk` is the slug).
OBJECT_PARAMS = {"translation_id": "course_translation"}


def _translated_course(slug: str, urn: str) -> Any:
    """A published course and its module, with URNs (as loaded content has), each with a
    French draft translation (written as `chemsec load-content` writes overlay rows)."""
    from chemsec.core.policy import SYSTEM
    from chemsec.core.writes import unaudited, write_update
    from chemsec.training import services
    from chemsec.training.models import CourseTranslation

    course = services.course_create(user=SYSTEM, slug=slug, title=f"Course {slug}")
    module = services.module_add(
        user=SYSTEM, course=course, slug=f"{slug}-module", title="The module",
        body="The module's text, long enough to read. " * 4,
    )  # fmt: skip
    services.question_add(
        user=SYSTEM, course=course, module=module, text="Which answer is right?",
        choices=[("This one", True), ("That one", False)],
    )  # fmt: skip
    course = write_update(course, actor=SYSTEM, values={"urn": urn, "published": True})
    write_update(module, actor=SYSTEM, values={"urn": f"{urn}:{module.slug}"})
    rows = [
        CourseTranslation(
            urn=urn, language="fr", kind="course", source_version=1, status="draft",
            fields={"title": "Cours traduit", "summary": "Un résumé."},
        ),
        CourseTranslation(
            urn=f"{urn}:{module.slug}", language="fr", kind="course-module", source_version=1,
            status="draft", fields={
                "title": "Le module", "body": "Le texte du module.",
                "quiz": [{"text": "Quelle réponse est juste ?",
                          "choices": ["Celle-ci", "Celle-là"]}],
            },
        ),
    ]  # fmt: skip
    with unaudited("the contract's world: overlay rows, as content_load writes them"):
        for row in rows:
            row.save()
    return course, rows


def build(world: Any) -> None:
    course, rows = _translated_course("translated-contract", URN)
    world.objects["translated_course_slug"] = SimpleNamespace(pk=course.slug)
    world.objects["course_translation"] = rows[1]  # the module: title, body and quiz


def _course_translations(world: Any, n: int) -> None:
    """n more courses, each with its French drafts waiting for review."""
    for i in range(n):
        _translated_course(f"translated-rows-{i}", f"urn:chemsec:course:translated-rows-{i}:v1")


ROWS = {"course_translation": _course_translations}
READER = {"course_translation": "secretariat_staff"}
