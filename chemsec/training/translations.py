"""Courses in the reader's language: loading the course overlays
(chemsec/content/translations/<lang>/training), lending their texts to the pages and the API
with the translation's status, and writing them back as overlay files.

A translation only lends texts: the course, its modules, questions and choices keep their
ids, so an answer is the same choice id whatever the language of the page it was given on,
and a quiz scores the same in every language. English text shown on a page in another
language (no translation, or a field the translation lacks) is marked ``lang="en"``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from chemsec.compendium.translations import Shown, content_language, shown
from chemsec.content.overlay import entry_kind
from chemsec.content.reader import ContentObject
from chemsec.core.writes import unaudited
from chemsec.lib.hashing import canonical_json, sha256_hex
from chemsec.training.models import Course, CourseTranslation, Module, Question

TEXTS = ("title", "summary", "body", "quiz")
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
    row.source_file, row.file_checksum = obj.source, digest
    row.full_clean()
    row.save()


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
