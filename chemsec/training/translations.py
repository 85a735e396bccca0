"""Courses in the reader's language: loading the course overlays
(chemsec/content/translations/<lang>/training), lending their texts to the pages and the API
with the translation's status, and writing them back as overlay files.

A translation only lends texts: the course, its modules, questions and choices keep their
ids, so an answer is the same choice id whatever the language of the page it was given on,
and a quiz scores the same in every language. English text shown on a page in another
language (no translation, or a field the translation lacks) is marked ``lang="en"``.

The secretariat's reviewers approve a translation or correct it in the portal (the review
queue and the side-by-side review page, chemsec/training/views_translations.py), as the
compendium's translations are reviewed: an approval records who and when (audited); a
correction is a new version of the texts (`CourseTranslationVersion`, audited) that marks the
translation reviewed. `chemsec export-translations` writes both back to the overlay files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pydantic import ValidationError as SchemaError

from chemsec.compendium.choices import TranslationStatus
from chemsec.compendium.translations import Shown, content_language, reviewer_name, shown
from chemsec.content.overlay import (
    FIELDS_BY_KIND,
    REQUIRED_BY_KIND,
    TranslationEntry,
    entry_kind,
    overlay_shape_issues,
)
from chemsec.content.reader import ContentObject
from chemsec.core.models import User
from chemsec.core.policy import Actor, require
from chemsec.core.writes import unaudited, write_create, write_update
from chemsec.lib.hashing import canonical_json, sha256_hex
from chemsec.training.choices import TranslationOrigin
from chemsec.training.models import (
    Course,
    CourseTranslation,
    CourseTranslationVersion,
    Module,
    Question,
)

TEXTS = ("title", "summary", "body", "quiz")
#: An overlay language -> the BCP 47 tag of text written in it (a ``lang`` attribute).
TEXT_LANGUAGES = {"ar": "ar", "es": "es", "fr": "fr", "ru": "ru", "zh": "zh-Hans"}
ENGLISH_ATTRS = mark_safe(' lang="en" dir="ltr"')


# --- loading (a content_sync handler, after courses_sync, inside the load's transaction) ---


def course_translations_sync(objects: list[ContentObject]) -> None:
    """Create or update a row per course overlay entry whose file entry changed; remove
    the rows of entries no longer shipped. Audited as part of the load's one entry."""
    wanted = [obj for obj in objects if obj.kind == "course-translation"]
    with unaudited("reference content load, audited as one entry by content_load"):
        existing = {(t.urn, t.language): t for t in CourseTranslation.objects.all()}
        for obj in wanted:
            _load(obj, existing.pop((obj.data["urn"], obj.data["language"]), None))
        gone = [t.pk for t in existing.values() if t.file_checksum]
        CourseTranslation.objects.filter(pk__in=gone).delete()


def _load(obj: ContentObject, row: CourseTranslation | None) -> None:
    data = obj.data
    digest = sha256_hex(canonical_json(data))
    if row is not None and row.file_checksum == digest:
        return
    row = row or CourseTranslation(urn=data["urn"], language=data["language"])
    row.kind = entry_kind(data["translates"], data["urn"], False)
    row.fields = {name: data[name] for name in TEXTS if name in data}
    row.source_version = int(data["source_version"])
    row.status = data["status"]
    row.reviewer_name = data.get("reviewed_by", "")
    reviewed_on = data.get("reviewed_on")
    row.reviewed_on = dt.date.fromisoformat(reviewed_on) if reviewed_on else None
    row.reviewed_by = None
    row.source_file, row.file_checksum = obj.source, digest
    row.full_clean()
    row.save()
    _file_version(row)


def _file_version(row: CourseTranslation) -> None:
    """A translation corrected in the portal keeps its history: texts loaded from a changed
    file entry become its next version (the file wins, and the history says so)."""
    last = row.versions.order_by("-number").first()
    if last is None or (last.fields == row.fields and last.source_version == row.source_version):
        return
    CourseTranslationVersion(
        translation=row, number=last.number + 1, origin=TranslationOrigin.FILE,
        fields=row.fields, source_version=row.source_version,
    ).save()  # fmt: skip


# --- reading ---


@dataclass(frozen=True)
class Text:
    """A text as a page shows it: in the reader's language, or English marked as such."""

    value: str
    english: bool = False  # English shown on a page in another language

    def __str__(self) -> str:
        return self.value

    @property
    def attrs(self) -> SafeString:
        """The attributes of the element holding the text: ``lang="en" dir="ltr"`` or none."""
        return ENGLISH_ATTRS if self.english else mark_safe("")

    @property
    def html(self) -> SafeString:
        """The text, escaped, in a ``<span lang="en" dir="ltr">`` when it is English on a
        page in another language."""
        if self.english:
            return format_html('<span lang="en" dir="ltr">{}</span>', self.value)
        return format_html("{}", self.value)


@dataclass
class CourseTexts:
    """The translations of some courses and their modules into one language (one query)."""

    language: str | None  # the overlay language; None: English
    found: dict[str, Shown] = field(default_factory=dict)
    original: bool = False  # the reader asked for the English original (?original=en)

    def shown(self, urn: str) -> Shown | None:
        return None if self.original else self.found.get(urn)

    def text(self, urn: str, name: str, english: str) -> Text:
        shown = self.shown(urn)
        value = shown.fields.get(name) if shown is not None else None
        if isinstance(value, str) and value:
            return Text(value)
        return Text(english, english=self.language is not None)

    def formal_text(self, urn: str, name: str, english: str) -> Text:
        """A text for a formal document (a certificate): the translation only when a
        reviewer approved it and the English has not changed since; otherwise English, so
        a draft or outdated wording is never certified."""
        shown = self.shown(urn)
        if shown is not None and shown.reviewed and not shown.stale:
            return self.text(urn, name, english)
        return Text(english, english=self.language is not None)

    def quiz(self, module: Module | None) -> list[dict[str, Any]]:
        """The module's translated questions in the English order ([] when none)."""
        shown = self.shown(module.urn) if module is not None and module.urn else None
        quiz = shown.fields.get("quiz") if shown is not None else None
        return list(quiz) if isinstance(quiz, list) else []

    def notice(self, urns: Iterable[str]) -> Shown | None:
        """The translation whose status the page states: a stale one first, then a draft."""
        mine = [self.found[u] for u in urns if u in self.found]
        return min(mine, key=lambda s: (not s.stale, s.reviewed, s.urn)) if mine else None

    def localise(self, course: Course, modules: Iterable[Module] = ()) -> Course:
        """Put the texts to show on the course and modules (``.tr``), for the templates."""
        course.tr = LocalCourse(  # type: ignore[attr-defined]
            title=self.text(course.urn, "title", course.title),
            summary=self.text(course.urn, "summary", course.summary),
        )
        for module in modules:
            module.tr = LocalModule(  # type: ignore[attr-defined]
                title=self.text(module.urn, "title", module.title),
                body=self.text(module.urn, "body", module.body),
            )
        return course


@dataclass(frozen=True)
class LocalCourse:
    title: Text
    summary: Text


@dataclass(frozen=True)
class LocalModule:
    title: Text
    body: Text


def course_texts(
    courses: Iterable[Course], language: str | None = None, *, original: bool = False
) -> CourseTexts:
    """The translations of these courses and all their modules into ``language`` (a
    Django or overlay language code; the active language by default)."""
    lang = content_language(language)
    courses = [c for c in courses if c.urn]
    texts = CourseTexts(language=lang, original=original)
    if lang is None or not courses:
        return texts
    versions = {c.urn: c.version for c in courses}
    # A module's URN is its course's plus ":<slug>" (checked by the content schema).
    wanted = Q(urn__in=list(versions))
    for urn in versions:
        wanted |= Q(urn__startswith=urn + ":")
    for row in CourseTranslation.objects.filter(wanted, language=lang):
        course_urn = row.urn if row.urn in versions else row.urn.rsplit(":", 1)[0]
        texts.found[row.urn] = shown(row, versions.get(course_urn, row.source_version))
    return texts


def reference_text(shown: Shown | None, name: str, english: str) -> Text:
    """A compendium or framework text (a practice's title, a question's text) as a training
    page shows it: translated where the compendium has it, else English marked as such."""
    value = shown.fields.get(name) if shown is not None else None
    if isinstance(value, str) and value:
        return Text(value)
    return Text(english, english=content_language() is not None)


def page_texts(request: Any, courses: Iterable[Course]) -> CourseTexts:
    """For a page: the reader's language, unless they asked for the English original."""
    return course_texts(courses, original=request.GET.get("original") == "en")


def localise_questions(
    texts: CourseTexts, module: Module | None, questions: list[Question]
) -> list[Question]:
    """Put on each question (and its prefetched choices) the text to show, matched to the
    translation by position: ``.tr`` (the question), ``.tr_explanation``, and ``.tr`` on
    each choice. Choices keep their ids, so the answers and the score do not change."""
    quiz = texts.quiz(module)
    translated = len(quiz) == len(questions)
    english = texts.language is not None
    for index, question in enumerate(questions):
        mine = quiz[index] if translated else {}
        choices = list(question.choices.all())
        mine_choices = mine.get("choices", [])
        whole = len(mine_choices) == len(choices)
        question.tr = (  # type: ignore[attr-defined]
            Text(mine["text"]) if mine.get("text") else Text(question.text, english=english)
        )
        explanation = mine.get("explanation")
        question.tr_explanation = (  # type: ignore[attr-defined]
            Text(explanation) if explanation else Text(question.explanation, english=english)
        )
        for position, choice in enumerate(choices):
            choice.tr = (  # type: ignore[attr-defined]
                Text(mine_choices[position]) if whole else Text(choice.text, english=english)
            )
    return questions


# --- the review page: the English and the translation side by side ---


@dataclass
class ReviewQuestion:
    """A quiz question in English (with its choices) and, at the same position, its
    translation (None: the module's quiz is not translated)."""

    english: Question
    text: str | None = None
    explanation: str | None = None
    choices: list[tuple[Any, str | None]] = field(default_factory=list)  # (English choice, text)


@dataclass
class ReviewEntry:
    """The course or one of its modules: the English texts, the translation's row (None:
    not translated into this language), how it is shown, its quiz side by side and its
    versions (newest first; none until a first correction)."""

    urn: str
    module: Module | None
    title: str
    text: str  # the course's summary, or the module's body (Markdown)
    row: CourseTranslation | None
    shown: Shown | None
    questions: list[ReviewQuestion] = field(default_factory=list)
    quiz_mismatch: bool = False  # the translated quiz no longer has the English's questions
    versions: list[CourseTranslationVersion] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "entry-" + (self.module.slug if self.module is not None else "course")


def review_entries(course: Course, language: str) -> list[ReviewEntry]:
    """The course and its modules, each with its translation into ``language`` (an overlay
    language), for the review page. A fixed number of queries."""
    modules = list(course.modules.order_by("position"))
    urns = [course.urn, *(m.urn for m in modules if m.urn)] if course.urn else []
    rows = {
        row.urn: row
        for row in CourseTranslation.objects.filter(language=language, urn__in=urns)
        .select_related("reviewed_by")
        .prefetch_related("versions__author")
    }
    questions: dict[Any, list[Question]] = {}
    for question in (
        Question.objects.filter(course=course, module__isnull=False)
        .prefetch_related("choices")
        .order_by("position")
    ):
        questions.setdefault(question.module_id, []).append(question)
    entries = [_entry_for(course.urn, None, course.title, course.summary, rows, course.version)]
    for module in modules:
        entry = _entry_for(module.urn, module, module.title, module.body, rows, course.version)
        _pair_quiz(entry, questions.get(module.pk, []))
        entries.append(entry)
    return entries


def _entry_for(
    urn: str,
    module: Module | None,
    title: str,
    text: str,
    rows: dict[str, CourseTranslation],
    version: int,
) -> ReviewEntry:
    row = rows.get(urn) if urn else None
    return ReviewEntry(
        urn=urn, module=module, title=title, text=text, row=row,
        shown=shown(row, version) if row is not None else None,
        versions=list(row.versions.all()) if row is not None else [],
    )  # fmt: skip


def _pair_quiz(entry: ReviewEntry, questions: list[Question]) -> None:
    quiz = entry.row.fields.get("quiz") if entry.row is not None else None
    quiz = quiz if isinstance(quiz, list) else []
    entry.quiz_mismatch = bool(quiz) and len(quiz) != len(questions)
    for index, question in enumerate(questions):
        mine = quiz[index] if quiz and not entry.quiz_mismatch else {}
        choices = list(question.choices.all())
        texts = mine.get("choices", [])
        whole = len(texts) == len(choices)
        entry.questions.append(
            ReviewQuestion(
                english=question, text=mine.get("text"), explanation=mine.get("explanation"),
                choices=[(c, texts[i] if whole else None) for i, c in enumerate(choices)],
            )
        )  # fmt: skip


# --- writing back (chemsec export-translations) ---


def exported_entries(language: str) -> dict[str, list[dict[str, Any]]]:
    """The course overlay entries in the database for ``language``, by English file (the
    one each course was loaded from), in the English order: course, then its modules."""
    from chemsec.core.models import ContentItem

    rows = {t.urn: t for t in CourseTranslation.objects.filter(language=language)}
    sources = dict(ContentItem.objects.filter(kind="course").values_list("urn", "source_file"))
    found: dict[str, list[dict[str, Any]]] = {}
    for course in Course.objects.exclude(urn="").order_by("urn"):
        urns = [course.urn, *course.modules.order_by("position").values_list("urn", flat=True)]
        entries = [_entry(rows.pop(urn)) for urn in urns if urn in rows]
        if entries and course.urn in sources:
            found.setdefault(sources[course.urn], []).extend(entries)
    return found


def _entry(row: CourseTranslation) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "urn": row.urn,
        "source_version": row.source_version,
        "status": row.status,
    }
    if row.status == "reviewed":
        entry["reviewed_by"] = row.reviewer_name
        entry["reviewed_on"] = row.reviewed_on
    for name in TEXTS:
        if row.fields.get(name):
            entry[name] = row.fields[name]
    return entry


# --- the reviewer's decisions (audited) ---


def english_version(translation: CourseTranslation) -> int:
    """The current version of the English course a translation (of it or of one of its
    modules) translates; the version translated when the course is no longer loaded."""
    found = Course.objects.filter(urn=translation.course_urn).values_list("version", flat=True)
    version = found.first()
    return int(version) if version else translation.source_version


def _review_values(user: Actor, translation: CourseTranslation) -> dict[str, Any]:
    return {
        "status": TranslationStatus.REVIEWED,
        "reviewer_name": reviewer_name(user),
        "reviewed_on": timezone.localdate(),
        "reviewed_by": user if isinstance(user, User) else None,
        "source_version": english_version(translation),
    }


@transaction.atomic
def course_translation_review(*, user: Actor, translation: CourseTranslation) -> CourseTranslation:
    """A secretariat reviewer confirms the translation matches the current English: their
    name and the date are recorded, and the English version it matches (audited)."""
    require(user, "training.translation_review", None)
    return write_update(translation, actor=user, values=_review_values(user, translation))


@transaction.atomic
def course_translation_correct(
    *, user: Actor, translation: CourseTranslation, fields: dict[str, Any], note: str = ""
) -> CourseTranslation:
    """A secretariat reviewer corrects the texts: the corrected texts become the next
    version (the texts loaded from the file are kept as version 1), and the translation,
    now holding them, is reviewed by the corrector against the current English (audited).

    ``fields`` is the whole set of texts (title and summary of a course; title, body and
    optionally quiz of a module), checked as an overlay entry is: a bad value is refused
    (ValidationError), never stored."""
    require(user, "training.translation_review", None)
    translation = CourseTranslation.objects.select_for_update().get(pk=translation.pk)
    texts = checked_texts(translation, fields)
    if texts == translation.fields:
        raise ValidationError(
            _("The texts are unchanged: approve the translation instead of correcting it.")
        )
    course = Course.objects.filter(urn=translation.course_urn).first()
    owner = course.organisation if course is not None else None
    last = translation.versions.aggregate(n=Max("number"))["n"]
    if last is None:  # the first correction: keep the texts as loaded
        write_create(
            CourseTranslationVersion(
                translation=translation, number=1, origin=TranslationOrigin.FILE,
                fields=translation.fields, source_version=translation.source_version,
            ),
            actor=user, organisation=owner,
        )  # fmt: skip
        last = 1
    values = _review_values(user, translation)
    write_create(
        CourseTranslationVersion(
            translation=translation, number=last + 1, origin=TranslationOrigin.CORRECTION,
            fields=texts, source_version=values["source_version"], note=note.strip(),
            author=user if isinstance(user, User) else None,
        ),
        actor=user, organisation=owner,
    )  # fmt: skip
    return write_update(translation, actor=user, values={"fields": texts, **values})


def checked_texts(translation: CourseTranslation, fields: dict[str, Any]) -> dict[str, Any]:
    """The texts of a correction, as an overlay entry of this kind would have to be: the
    kind's fields only, the required ones present, and a quiz with the English module's
    questions, explanations and choices (same counts, same order). ValidationError names
    the first problem."""
    kind = translation.kind
    allowed, required = FIELDS_BY_KIND[kind], REQUIRED_BY_KIND[kind]
    texts = {name: value for name, value in fields.items() if value not in (None, "", [])}
    unknown = sorted(set(texts) - set(allowed))
    if unknown:
        raise ValidationError(_("Not a text of this translation: %(names)s.") % {
            "names": ", ".join(unknown)})  # fmt: skip
    missing = [name for name in required if name not in texts]
    if missing:
        raise ValidationError(_("Missing: %(names)s.") % {"names": ", ".join(missing)})
    entry = {"urn": translation.urn, "source_version": 1, "status": "draft", **texts}
    try:
        TranslationEntry.model_validate(entry)
    except SchemaError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise _invalid(where, error["msg"]) from exc
    if "quiz" in texts:
        module = Module.objects.filter(urn=translation.urn, course__urn=translation.course_urn)
        found = module.first()
        questions = (
            found.questions.prefetch_related("choices") if found else Question.objects.none()
        )
        english = {"quiz": [
            {"explanation": q.explanation, "choices": [c.text for c in q.choices.all()]}
            for q in questions.order_by("position")
        ]}  # fmt: skip
        for loc, problem in overlay_shape_issues(texts, english, "", ""):
            where = ".".join(str(part) for part in loc)
            raise _invalid(where, problem)
    return texts


def _invalid(where: str, problem: str) -> ValidationError:
    # The detail is the overlay schema's (English, as `load-content --dry-run` reports it).
    message = _("The corrected texts are not valid (%(where)s: %(problem)s).")
    return ValidationError(message % {"where": where, "problem": problem})
