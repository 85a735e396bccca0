"""Training pages: the catalogue (public), a course with the learner's progress, the module
reader (Markdown rendered safely, as the compendium does), quizzes as plain forms, "my
learning" with the learner's profile, and the progress overview for the secretariat and
organisation admins.

Every object is fetched with `policy.get_object` and the action the page needs; every write
is a service that asks the policy again. Forms post and redirect: no JavaScript needed.
"""

from __future__ import annotations

from typing import cast
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.compendium.markdown import render_markdown
from chemsec.compendium.models import Practice
from chemsec.compendium.translations import translations_for
from chemsec.core.models import User
from chemsec.core.policy import NotVisible, acting_organisation, can, get_object, require
from chemsec.core.rendering import render_page
from chemsec.core.service_calls import attempt
from chemsec.frameworks.models import Question as AssessmentQuestion
from chemsec.training import forms, selectors, services
from chemsec.training.choices import Language
from chemsec.training.models import Course, Enrolment, LearnerProfile, Module
from chemsec.training.translations import (
    CourseTexts,
    course_texts,
    localise_questions,
    page_texts,
    reference_text,
)


def _translated(texts: CourseTexts, urns: list[str]) -> dict[str, object]:
    """The context of a page's translation notice (compendium/_translation_notice.html)."""
    shown = texts.notice(urns)
    return {"shown": shown, "original": texts.original and shown is not None}


def catalogue(request: HttpRequest) -> HttpResponse:
    courses = list(selectors.catalogue(request.user))
    texts = page_texts(request, courses)
    for course in courses:
        texts.localise(course)
        # The language the row's title is shown in, when a translation replaces the original.
        course.shown_language = (  # type: ignore[attr-defined]
            Language(texts.language).label
            if texts.language in Language.values
            and not course.tr.title.english  # type: ignore[attr-defined]
            and course.language != texts.language
            else None
        )
    mine = {e.course_id: e for e in selectors.my_enrolments(request.user)}
    return render_page(request, "training/catalogue.html", {
        "rows": [(course, mine.get(course.pk)) for course in courses],
        "may_progress": can(request.user, "training.progress", None),
        **_translated(texts, [c.urn for c in courses]),
    })  # fmt: skip


def _course(request: HttpRequest, course_slug: str, action: str = "course.view") -> Course:
    course: Course = get_object(
        request.user, action, Course.objects.select_related("organisation"), slug=course_slug
    )
    return course


def _visitor_to_sign_in(request: HttpRequest, course_slug: str) -> HttpResponse | None:
    """A visitor asking for a course that is not public is sent to sign in (as for events)."""
    if request.user.is_authenticated or Course.objects.published().filter(slug=course_slug):
        return None
    return redirect_to_login(request.get_full_path())


def course_detail(request: HttpRequest, course_slug: str) -> HttpResponse:
    if (sign_in := _visitor_to_sign_in(request, course_slug)) is not None:
        return sign_in
    course = _course(request, course_slug)
    enrolment = selectors.enrolment_of(request.user, course)
    organisations = [m.organisation for m in getattr(request, "memberships", [])]
    modules = list(course.modules.all())
    progress = selectors.progress(enrolment) if enrolment else None
    texts = page_texts(request, [course])
    texts.localise(
        course, [*modules, *(s.module for s in progress.modules)] if progress else modules
    )
    return render_page(request, "training/course.html", {
        "course": course,
        "modules": modules,
        "enrolment": enrolment,
        "progress": progress,
        **_translated(texts, [course.urn, *(m.urn for m in modules)]),
        "enrol_form": forms.EnrolForm(
            organisations=organisations,
            initial={"organisation": acting_organisation(request)},
        ),
        "may_enrol": can(request.user, "course.enrol", course),
        "may_change": can(request.user, "course.change", course),
        # A reviewer reading the course in another language goes to its review page.
        "review_language": texts.language
        if texts.language and can(request.user, "training.translation_review", None)
        else None,
        "final_questions": course.questions.filter(module=None).count(),
    })  # fmt: skip


@login_required
@require_POST
def enrol(request: HttpRequest, course_slug: str) -> HttpResponse:
    course = _course(request, course_slug, "course.enrol")
    organisations = [m.organisation for m in getattr(request, "memberships", [])]
    form = forms.EnrolForm(request.POST, organisations=organisations)
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        attempt(
            request,
            lambda: services.enrol(user=request.user, course=course, organisation=organisation),
            _("You are enrolled."),
        )
    return redirect("training:course", course_slug=course.slug)


def _own_enrolment(request: HttpRequest, course: Course, action: str) -> Enrolment:
    enrolment = selectors.enrolment_of(request.user, course)
    if enrolment is None:
        raise NotVisible
    require(request.user, action, enrolment)
    return enrolment


@login_required
@require_POST
def withdraw(request: HttpRequest, course_slug: str) -> HttpResponse:
    course = _course(request, course_slug)
    enrolment = _own_enrolment(request, course, "enrolment.withdraw")
    attempt(
        request,
        lambda: services.enrolment_withdraw(user=request.user, enrolment=enrolment),
        _("You have left the course; enrol again to resume it."),
    )
    return redirect("training:course", course_slug=course.slug)


def _module(request: HttpRequest, course: Course, module_slug: str) -> Module:
    module: Module = get_object(request.user, "module.view", course.modules.all(), slug=module_slug)
    return module


def module_detail(request: HttpRequest, course_slug: str, module_slug: str) -> HttpResponse:
    if (sign_in := _visitor_to_sign_in(request, course_slug)) is not None:
        return sign_in
    course = _course(request, course_slug)
    module = _module(request, course, module_slug)
    enrolment = selectors.enrolment_of(request.user, course)
    practices = list(Practice.objects.filter(urn__in=module.practices).only("urn", "title"))
    questions = list(
        AssessmentQuestion.objects.filter(urn__in=module.addresses).only("urn", "text")
    )
    linked = translations_for([*module.practices, *module.addresses])
    for practice in practices:
        practice.tr = reference_text(  # type: ignore[attr-defined]
            linked.get(practice.urn), "title", practice.title
        )
    for question in questions:
        question.tr = reference_text(  # type: ignore[attr-defined]
            linked.get(question.urn), "text", question.text
        )
    siblings = list(course.modules.only("slug", "title", "position", "urn"))
    index = next(i for i, m in enumerate(siblings) if m.pk == module.pk)
    texts = page_texts(request, [course])
    texts.localise(course, [module, *siblings])
    return render_page(request, "training/module.html", {
        "course": course,
        "module": module,
        "body_html": render_markdown(module.tr.body.value),  # type: ignore[attr-defined]
        **_translated(texts, [module.urn, course.urn]),
        "practices": sorted(practices, key=lambda p: module.practices.index(p.urn)),
        "assessment_questions": questions,
        "enrolment": enrolment,
        "may_learn": enrolment is not None and can(request.user, "enrolment.learn", enrolment),
        "read": enrolment is not None and enrolment.progress.filter(module=module).exists(),
        "has_quiz": module.questions.exists(),
        "attachments": [  # links only: a stored value never becomes a script URL
            a for a in module.attachments
            if isinstance(a, dict) and str(a.get("url", "")).startswith(("https://", "http://"))
        ],
        "previous": siblings[index - 1] if index > 0 else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
    })  # fmt: skip


@login_required
@require_POST
def module_read(request: HttpRequest, course_slug: str, module_slug: str) -> HttpResponse:
    course = _course(request, course_slug)
    module = _module(request, course, module_slug)
    enrolment = _own_enrolment(request, course, "enrolment.learn")
    attempt(
        request,
        lambda: services.module_read(user=request.user, enrolment=enrolment, module=module),
        _("Module marked as read."),
    )
    if module.questions.exists():
        return redirect("training:quiz", course_slug=course.slug, module_slug=module.slug)
    return redirect("training:course", course_slug=course.slug)


@login_required
def quiz(request: HttpRequest, course_slug: str, module_slug: str | None = None) -> HttpResponse:
    """A module's quiz, or the final quiz (no module): a plain form, scored on submission."""
    course = _course(request, course_slug)
    module = _module(request, course, module_slug) if module_slug else None
    questions = services.quiz_questions(course, module)
    if not questions:
        raise NotVisible
    if request.method == "GET" and selectors.enrolment_of(request.user, course) is None:
        # The course is visible to them (else _course answered 404): say to enrol first.
        # Answers posted without an enrolment stay refused as before (404).
        return _enrol_first(request, course, module)
    enrolment = _own_enrolment(request, course, "enrolment.view")
    # Texts in the reader's language, matched by position; the answers stay choice ids.
    texts = page_texts(request, [course])
    texts.localise(course, [module] if module else [])
    localise_questions(texts, module, questions)
    form = forms.QuizForm(request.POST or None, questions=questions)
    result = None
    if request.method == "POST":
        require(request.user, "enrolment.learn", enrolment)
        if form.is_valid():
            result = attempt(
                request,
                lambda: services.quiz_submit(
                    user=request.user, enrolment=enrolment, module=module, answers=form.answers()
                ),
                form=form,
            )
    previous = enrolment.attempts.filter(module=module).order_by("number")
    return render_page(request, "training/quiz.html", {
        "course": course,
        "module": module,
        "enrolment": enrolment,
        "form": form,
        "fields": [(form[str(q.pk)], q) for q in questions],
        "result": result,
        "attempts": previous,
        "left": services.attempts_left(enrolment, module),
        "passed": any(a.passed for a in previous),
        "may_learn": can(request.user, "enrolment.learn", enrolment),
        **_translated(texts, [module.urn if module else course.urn]),
    }, status=400 if form.errors else 200)  # fmt: skip


def _enrol_first(request: HttpRequest, course: Course, module: Module | None) -> HttpResponse:
    """A quiz asked for by someone who may see the course but is not enrolled in it."""
    texts = page_texts(request, [course])
    texts.localise(course, [module] if module else [])
    organisations = [m.organisation for m in getattr(request, "memberships", [])]
    return render_page(request, "training/enrol_first.html", {
        "course": course,
        "module": module,
        "may_enrol": can(request.user, "course.enrol", course),
        "enrol_form": forms.EnrolForm(
            organisations=organisations,
            initial={"organisation": acting_organisation(request)},
        ),
    })  # fmt: skip


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    profile = LearnerProfile.objects.filter(user=cast(User, request.user)).first()
    initial = {}
    if profile is not None:
        initial = {"country": profile.country, "sector": profile.sector, "gender": profile.gender}
    form = forms.ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            request,
            lambda: services.learner_profile_update(user=request.user, **form.cleaned_data),
            _("Profile saved."),
            form=form,
        )
        if saved is not None:
            return redirect("training:mine")
    enrolments = list(selectors.my_enrolments(request.user))
    progresses = selectors.progresses(enrolments)
    texts = page_texts(request, [e.course for e in enrolments])
    for state in progresses:
        texts.localise(state.enrolment.course, [m.module for m in state.modules])
    return render_page(request, "training/mine.html", {
        "enrolments": [(p.enrolment, p) for p in progresses],
        "form": form,
        **_translated(texts, [e.course.urn for e in enrolments]),
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
def progress_overview(request: HttpRequest) -> HttpResponse:
    """Everyone's progress for the secretariat; their own people's for organisation admins."""
    require(request.user, "training.progress", None)
    courses = list(Course.objects.visible_to(request.user, "view"))
    chosen = next((c for c in courses if c.slug == request.GET.get("course")), None)
    rows = list(selectors.enrolments_visible_to(request.user, chosen))
    texts = page_texts(request, courses)
    for course in [*courses, *(row.course for row in rows)]:
        texts.localise(course)
    return render_page(request, "training/progress.html", {
        "courses": courses,
        "chosen": chosen,
        "rows": rows,
    })  # fmt: skip


@login_required
def enrolment_detail(request: HttpRequest, enrolment_id: UUID) -> HttpResponse:
    enrolment = get_object(
        request.user,
        "enrolment.view",
        Enrolment.objects.select_related("learner", "course", "organisation"),
        pk=enrolment_id,
    )
    progress = selectors.progress(enrolment)
    page_texts(request, [enrolment.course]).localise(
        enrolment.course, [state.module for state in progress.modules]
    )
    return render_page(request, "training/enrolment.html", {
        "enrolment": enrolment,
        "progress": progress,
    })  # fmt: skip


@login_required
def course_edit(request: HttpRequest, course_slug: str) -> HttpResponse:
    course = _course(request, course_slug, "course.change")
    initial = {name: getattr(course, name) for name in forms.CourseForm.FIELDS}
    form = forms.CourseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            request,
            lambda: services.course_update(user=request.user, course=course, **form.cleaned_data),
            _("Course saved."),
            form=form,
        )
        if saved is not None:
            return redirect("training:course", course_slug=course.slug)
    # The form edits the English original: its title is marked English on a page in another
    # language.
    english_title = course_texts([]).text("", "title", course.title)
    return render_page(request, "training/course_edit.html", {
        "course": course, "form": form, "english_title": english_title,
    }, status=400 if form.errors else 200)  # fmt: skip
