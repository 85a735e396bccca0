"""Training: a published course (one module with a quiz, and a final quiz) in which Alpha's
viewer is enrolled for Alpha, and a draft course. The catalogue, published courses and their
modules are public; drafts are the secretariat's. Signed-in people enrol; only the learner
studies (reads, takes quizzes, withdraws); the enrolment's progress is seen by its learner,
Alpha's admins and the secretariat. The secretariat authors courses."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from chemsec.core.choices import Role
from tests.contract.expectations import (
    SECRETARIAT_ANY,
    Context,
    Outcome,
    member,
    obj,
    op,
    page,
    public,
    signed_in,
)
from tests.contract.world import PERSONA_KEYS, SECRETARIAT, Persona

EVERYONE = set(PERSONA_KEYS)
SIGNED_IN = EVERYONE - {"anonymous"}
PROGRESS_SEEN = {"viewer", "owner", "unverified"} | SECRETARIAT

ACCESS = {
    "course_slug": {"view": EVERYONE, "change": SECRETARIAT, "enrol": SIGNED_IN},
    "course_draft_slug": {"view": SECRETARIAT, "change": SECRETARIAT, "enrol": set()},
    "module_slug": {"view": EVERYONE},
    "module_draft_slug": {"view": SECRETARIAT},
    "enrolment": {"view": PROGRESS_SEEN, "learn": {"viewer"}, "withdraw": {"viewer"}},
}
# Courses and modules go by slug: a stand-in object whose `pk` is the slug fills them.
OBJECT_PARAMS = {
    "course_slug": "course_slug",
    "module_slug": "module_slug",
    "enrolment_id": "enrolment",
}


def learner(persona: Persona, ctx: Context) -> Outcome:
    """Only the enrolled learner (Alpha's viewer) studies; no one else has an enrolment."""
    return "ok" if persona.key == "viewer" else "hidden"


def progress_reader(persona: Persona, ctx: Context) -> Outcome:
    """The secretariat, or an admin of some organisation (who sees their own people)."""
    if SECRETARIAT_ANY(persona, ctx) == "ok" or member(Role.ADMIN)(persona, ctx) == "ok":
        return "ok"
    return "denied"


COURSE = obj("course_slug")
DRAFT = {"draft": {"course_slug": "course_draft_slug"}}
MODULE_DRAFT = {"draft": {"course_slug": "course_draft_slug", "module_slug": "module_draft_slug"}}
PAGES = {
    "training:catalogue": page(public, list_rows="course"),
    "training:mine": page(signed_in, signed_in, list_rows="my_enrolment"),
    "training:progress": page(progress_reader, list_rows="enrolment"),
    "training:enrolment": page(obj("enrolment_id")),
    "training:course": page(COURSE, variants=DRAFT),
    "training:course_edit": page(obj("course_slug", "change"), obj("course_slug", "change")),
    "training:enrol": page(post=obj("course_slug", "enrol")),
    "training:withdraw": page(post=learner),
    "training:module": page(obj("module_slug"), variants=MODULE_DRAFT),
    "training:module_read": page(post=learner),
    # A quiz is read by anyone signed in who may see the course: the learner takes it, the
    # others are told to enrol first (with the enrol form); only the learner posts answers.
    "training:quiz": page(signed_in, learner),
    "training:final_quiz": page(signed_in, learner),
}
OPERATIONS = {
    "training_course_list": op(public, list_rows="course"),
    "training_course_get": op(COURSE, variants=DRAFT),
    "training_module_get": op(obj("module_slug"), variants=MODULE_DRAFT),
    "training_course_create": op(member(Role.CONTRIBUTOR, {"secretariat"})),
    "training_course_update": op(obj("course_slug", "change")),
    "training_module_add": op(obj("course_slug", "change")),
    "training_question_add": op(obj("course_slug", "change")),
    "training_enrol": op(obj("course_slug", "enrol")),
    "training_enrolment_list": op(signed_in, list_rows="enrolment"),
    "training_enrolment_get": op(obj("enrolment_id")),
    "training_module_read": op(obj("enrolment_id", "learn")),
    "training_quiz_submit": op(obj("enrolment_id", "learn")),
    "training_enrolment_withdraw": op(obj("enrolment_id", "withdraw")),
    "training_profile_get": op(signed_in),
    "training_profile_update": op(signed_in),
}

BODY = "The module's text, long enough to read. " * 4


def _course(slug: str, *, published: bool) -> Any:
    from chemsec.core.policy import SYSTEM
    from chemsec.training import services

    course = services.course_create(user=SYSTEM, slug=slug, title=f"Course {slug}")
    module = services.module_add(
        user=SYSTEM, course=course, slug=f"{slug}-module", title="The only module", body=BODY
    )
    for target in (module, None):
        services.question_add(
            user=SYSTEM, course=course, module=target, text="Which answer is right?",
            choices=[("This one", True), ("That one", False)],
        )  # fmt: skip
    if published:
        course = services.course_update(user=SYSTEM, course=course, published=True)
    return course, module


def build(world: Any) -> None:
    from chemsec.training import services

    course, module = _course("training-contract", published=True)
    draft, draft_module = _course("training-draft", published=False)
    objects = world.objects
    objects["course_slug"] = SimpleNamespace(pk=course.slug)
    objects["module_slug"] = SimpleNamespace(pk=module.slug)
    objects["course_draft_slug"] = SimpleNamespace(pk=draft.slug)
    objects["module_draft_slug"] = SimpleNamespace(pk=draft_module.slug)
    viewer = world.users["viewer"]
    objects["enrolment"] = services.enrol(
        user=viewer, course=course, organisation=world.orgs["alpha"]
    )


def _courses(world: Any, n: int) -> None:
    """n more published courses."""
    for i in range(n):
        _course(f"training-rows-{i}", published=True)


def _enrolments(world: Any, n: int) -> None:
    """n more enrolments of Alpha's viewer for Alpha (seen by Alpha's admin), each in a course."""
    from chemsec.training import services

    for i in range(n):
        course, _module = _course(f"training-enrolments-{i}", published=True)
        services.enrol(user=world.users["viewer"], course=course, organisation=world.orgs["alpha"])


ROWS = {"course": _courses, "enrolment": _enrolments, "my_enrolment": _enrolments}
READER = {"my_enrolment": "viewer"}
