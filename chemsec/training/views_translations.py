"""Reviewing course translations in the portal (docs/translations.md), as the compendium's
translations are reviewed: the queue of translations waiting for a reviewer, per language;
a course's review page with the English and the translation side by side (course title and
summary, module titles and bodies, quiz questions, explanations and answers); approving a
translation; correcting it (a new version of its texts).

Only the secretariat's reviewers (`training.translation_review`) use these pages; every
write is a service in chemsec/training/translations.py that asks the policy again. Forms post
and redirect: no JavaScript needed.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.compendium.choices import Language
from chemsec.compendium.markdown import render_markdown
from chemsec.content.overlay import TRANSLATED_LANGUAGES
from chemsec.core.policy import NotVisible, get_object, require
from chemsec.core.rendering import render_page
from chemsec.core.service_calls import attempt
from chemsec.training import forms, selectors, services
from chemsec.training.models import Course, CourseTranslation, Module
from chemsec.training.translations import (
    TEXT_LANGUAGES,
    course_translation_correct,
    course_translation_review,
    review_entries,
)


def _reviewer(request: HttpRequest) -> None:
    require(request.user, "training.translation_review", None)


def language_of(code: str) -> dict[str, str]:
    """What a template needs of a translation's language: its code, name and text direction."""
    return {
        "code": code,
        "name": str(Language(code).label),
        "lang": TEXT_LANGUAGES[code],
        "dir": "rtl" if code == "ar" else "ltr",
    }


@login_required
def translation_queue(request: HttpRequest) -> HttpResponse:
    """The course translations waiting for a reviewer, per language (``?lang=`` one)."""
    _reviewer(request)
    chosen = request.GET.get("lang", "")
    unknown = bool(chosen) and chosen not in TRANSLATED_LANGUAGES
    languages = [chosen] if chosen and not unknown else list(TRANSLATED_LANGUAGES)
    rows = selectors.translation_queue(request.user, None if unknown else chosen or None)
    groups = [
        {**language_of(code), "rows": [row for row in rows if row.language == code]}
        for code in languages
    ]
    return render_page(request, "training/translations/queue.html", {
        "groups": groups,
        "choices": [language_of(code) for code in TRANSLATED_LANGUAGES],
        "chosen": "" if unknown else chosen,
        "unknown": chosen if unknown else "",
    }, status=400 if unknown else 200)  # fmt: skip


def _language(code: str) -> str:
    if code not in TRANSLATED_LANGUAGES:
        raise NotVisible
    return code


def _course(request: HttpRequest, **lookup: Any) -> Course:
    course: Course = get_object(request.user, "course.view", Course.objects.all(), **lookup)
    return course


@login_required
def translation_review(request: HttpRequest, language: str, course_slug: str) -> HttpResponse:
    """A course and its modules in English and in ``language``, side by side, each with its
    translation's status, its versions and the reviewer's actions."""
    _reviewer(request)
    language = _language(language)
    course = _course(request, slug=course_slug)
    entries = review_entries(course, language)
    for entry in entries:
        entry.english_html = render_markdown(entry.text)  # type: ignore[attr-defined]
        mine = entry.row.fields.get("body") if entry.row is not None else None
        entry.translated_html = render_markdown(mine) if mine else ""  # type: ignore[attr-defined]
    return render_page(request, "training/translations/review.html", {
        "course": course,
        "language": language_of(language),
        "entries": entries,
        "untranslated": sum(1 for e in entries if e.row is None),
    })  # fmt: skip


def _translation(request: HttpRequest, translation_id: UUID) -> tuple[CourseTranslation, Course]:
    """The translation and its course (404 when either is gone or the course is not seen)."""
    translation = CourseTranslation.objects.filter(pk=translation_id).first()
    if translation is None:
        raise NotVisible
    return translation, _course(request, urn=translation.course_urn)


def _review_url(translation: CourseTranslation, course: Course, anchor: str = "") -> str:
    url = reverse("training:translation_review", args=[translation.language, course.slug])
    return f"{url}#{anchor}" if anchor else url


def _anchor(translation: CourseTranslation) -> str:
    if translation.kind == "course":
        return "entry-course"
    return "entry-" + translation.urn.rsplit(":", 1)[-1]


@login_required
@require_POST
def translation_approve(request: HttpRequest, translation_id: UUID) -> HttpResponse:
    """The reviewer confirms the translation matches the current English."""
    _reviewer(request)
    translation, course = _translation(request, translation_id)
    attempt(
        request,
        lambda: course_translation_review(user=request.user, translation=translation),
        _("The translation is marked as reviewed."),
    )
    return redirect(_review_url(translation, course, _anchor(translation)))


@login_required
def translation_correct(request: HttpRequest, translation_id: UUID) -> HttpResponse:
    """The reviewer corrects the texts, each beside its English: a new version, reviewed."""
    _reviewer(request)
    translation, course = _translation(request, translation_id)
    module: Module | None = None
    if translation.kind == "course":
        english = {"title": course.title, "summary": course.summary}
    else:
        module = course.modules.filter(urn=translation.urn).first()
        if module is None:
            raise NotVisible  # the English module is no longer in the course
        english = {"title": module.title, "body": module.body}
    questions = services.quiz_questions(course, module) if module is not None else []
    form = forms.TranslationCorrectionForm(
        request.POST or None, translation=translation, english=english, questions=questions
    )
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            request,
            lambda: course_translation_correct(
                user=request.user, translation=translation, fields=form.texts(),
                note=form.cleaned_data["note"],
            ),
            _("The correction is saved as a new version, and the translation is reviewed."),
            form=form,
        )  # fmt: skip
        if saved is not None:
            return redirect(_review_url(translation, course, _anchor(translation)))
    return render_page(request, "training/translations/correct.html", {
        "course": course,
        "module": module,
        "translation": translation,
        "language": language_of(translation.language),
        "form": form,
        "review_url": _review_url(translation, course),
    }, status=400 if form.errors else 200)  # fmt: skip
