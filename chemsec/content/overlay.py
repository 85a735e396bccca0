"""Translation overlays of the reference content: the schema of ``translations/<lang>/...``.

An overlay file translates the texts of one English content file (``translates``) into one
language. Each entry names the object it translates by URN, the English version it was made
from (``source_version``: the practice's or the framework's ``version``), its status
(``draft``: machine-assisted or not yet reviewed; ``reviewed``: checked by a named reviewer
on a date) and the translated fields, which depend on the object's kind:

* practice: ``title``, ``summary``, ``body`` (Markdown), optional ``keywords``;
* framework and framework section: ``title``, optional ``description``;
* framework question: ``text``, optional ``guidance``;
* training course: ``title``, ``summary``;
* course module: ``title``, ``body`` (Markdown), optional ``quiz``: the module's questions
  in the English order, each with its ``text``, its ``explanation`` (only where the English
  has one) and its ``choices`` (as many, in the same order: answers are scored by position,
  never by text).

The checks that need the English (a course overlay's quiz has the English counts) are in
``overlay_shape_issues``, run by the reader once the whole tree is read.

The format for translators is in docs/translations.md. ``dump_overlay`` writes a file in
that format (the portal's reviews, exported back to the repository). Pure module (pydantic,
no Django).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Any, Literal

import yaml
from pydantic import Field, StrictStr, model_validator

from chemsec.content.schemas import (
    COURSE_URN_RE,
    FRAMEWORK_URN_RE,
    PRACTICE_URN_RE,
    Loc,
    Strict,
    UrnRef,
    Version,
)

TranslatedLanguage = Literal["ar", "es", "fr", "ru", "zh"]
TRANSLATED_LANGUAGES: tuple[str, ...] = ("ar", "es", "fr", "ru", "zh")
TranslationStatus = Literal["draft", "reviewed"]
Words = Annotated[StrictStr, Field(min_length=1)]
Choice = Annotated[StrictStr, Field(min_length=1, max_length=500)]
#: The fields a translation may carry, by the kind of object it translates.
FIELDS_BY_KIND: dict[str, tuple[str, ...]] = {
    "practice": ("title", "summary", "body", "keywords"),
    "framework": ("title", "description"),
    "framework-section": ("title", "description"),
    "framework-question": ("text", "guidance"),
    "course": ("title", "summary"),
    "course-module": ("title", "body", "quiz"),
}
REQUIRED_BY_KIND: dict[str, tuple[str, ...]] = {
    "practice": ("title", "summary", "body"),
    "framework": ("title",),
    "framework-section": ("title",),
    "framework-question": ("text",),
    "course": ("title", "summary"),
    "course-module": ("title", "body"),
}
TEXT_FIELDS = ("title", "summary", "body", "keywords", "description", "text", "guidance", "quiz")
#: The object kinds an overlay of a training course translates (its ContentObjects are
#: ``course-translation``, loaded by the training app, not the compendium's ``translation``).
COURSE_KINDS = ("course", "course-module")


class QuizTranslation(Strict):
    """One quiz question of a module, translated: in the English order, with as many
    choices in the same order (the answers are scored by position, never by text)."""

    text: Words
    explanation: Words | None = None
    choices: Annotated[list[Choice], Field(min_length=2, max_length=6)]


class TranslationEntry(Strict):
    """The translated texts of one object, with the English version and review status."""

    urn: Annotated[StrictStr, Field(pattern=r"^urn:chemsec:[a-z0-9:-]+$")]
    source_version: Version
    status: TranslationStatus
    reviewed_by: Annotated[StrictStr, Field(min_length=2, max_length=120)] | None = None
    reviewed_on: dt.date | None = None
    title: Words | None = None
    summary: Words | None = None
    body: Words | None = None
    keywords: list[Annotated[StrictStr, Field(min_length=2, max_length=60)]] | None = None
    description: Words | None = None
    text: Words | None = None
    guidance: Words | None = None
    quiz: Annotated[list[QuizTranslation], Field(min_length=1)] | None = None

    @model_validator(mode="after")
    def _reviewed_names_who_and_when(self) -> TranslationEntry:
        named = self.reviewed_by is not None and self.reviewed_on is not None
        if self.status == "reviewed" and not named:
            raise ValueError("a reviewed translation names reviewed_by and reviewed_on")
        if self.status == "draft" and (self.reviewed_by or self.reviewed_on):
            raise ValueError("a draft has no reviewed_by or reviewed_on")
        return self

    @property
    def fields(self) -> dict[str, Any]:
        return {name: value for name in TEXT_FIELDS if (value := getattr(self, name))}


#: The English files an overlay may translate (relative to the content root, one folder deep):
#: also what `chemsec export-translations` accepts as a file to write under its --out folder.
TRANSLATES_PATTERN = r"^(compendium|frameworks|training)/[a-z0-9-]+\.ya?ml$"


class TranslationFile(Strict):
    """A YAML file translating one English content file into one language."""

    kind: Literal["translation"]
    language: TranslatedLanguage
    translates: Annotated[StrictStr, Field(pattern=TRANSLATES_PATTERN)]
    objects: Annotated[list[TranslationEntry], Field(min_length=1)]

    @property
    def urn(self) -> None:
        return None

    @property
    def version(self) -> None:
        return None

    @property
    def title(self) -> None:
        return None


def entry_kind(translates: str, urn: str, has_text: bool) -> str:
    """The kind of object an entry translates (its URN is checked against it): a question
    is the entry with a ``text``; in a course's overlay, the course is the URN ending in its
    version, the rest are modules."""
    if translates.startswith("training/"):
        return "course" if COURSE_URN_RE.match(urn) else "course-module"
    if translates.startswith("compendium/") or PRACTICE_URN_RE.match(urn):
        return "practice"
    if FRAMEWORK_URN_RE.match(urn):
        return "framework"
    return "framework-question" if has_text else "framework-section"


def object_urn(language: str, urn: str) -> str:
    """The content object of a translation: the translated URN qualified by the language."""
    return f"{urn}@{language}"


def overlay_issues(model: TranslationFile) -> Iterator[tuple[Loc, str]]:
    """Fields that do not belong to the translated kind, or required ones missing."""
    seen: set[str] = set()
    for index, entry in enumerate(model.objects):
        loc: Loc = ("objects", index)
        if entry.urn in seen:
            yield (*loc, "urn"), f"{entry.urn} is translated twice in this file"
        seen.add(entry.urn)
        kind = entry_kind(model.translates, entry.urn, entry.text is not None)
        for name in entry.fields:
            if name not in FIELDS_BY_KIND[kind]:
                yield (*loc, name), f"a {kind} translation has no {name}"
        for name in REQUIRED_BY_KIND[kind]:
            if getattr(entry, name) is None:
                yield loc, f"a {kind} translation needs {name}"


def object_kind(translates: str) -> str:
    """The ContentObject kind of an overlay's entries: the training app loads a course's."""
    return "course-translation" if translates.startswith("training/") else "translation"


def overlay_shape_issues(
    entry: dict[str, Any], english: dict[str, Any], english_source: str, translates: str
) -> Iterator[tuple[Loc, str]]:
    """A course or module overlay entry against its English object (``english``: the
    course's or the module's data as read from ``english_source``): it belongs to the file it
    says it translates, and its quiz has the English's questions, explanations and choices."""
    if english_source != translates:
        yield ("urn",), f"{entry['urn']} is in {english_source}, not in {translates}"
    quiz = entry.get("quiz")
    if quiz is None:
        return
    questions = english.get("quiz", [])
    if len(quiz) != len(questions):
        found, wanted = len(quiz), len(questions)
        yield ("quiz",), f"the quiz has {found} question(s), the English {wanted}"
        return
    for index, (mine, theirs) in enumerate(zip(quiz, questions, strict=True)):
        loc: Loc = ("quiz", index)
        if "explanation" in mine and not theirs.get("explanation"):
            yield (*loc, "explanation"), "the English question has no explanation"
        found, wanted = len(mine["choices"]), len(theirs["choices"])
        if found != wanted:
            yield (*loc, "choices"), f"{found} choice(s), the English question has {wanted}"


def overlay_references(model: TranslationFile) -> list[UrnRef]:
    """Each entry points to the English object it translates (which must exist)."""
    return [
        UrnRef(
            entry.urn,
            ("objects", index, "urn"),
            entry_kind(model.translates, entry.urn, entry.text is not None),
        )
        for index, entry in enumerate(model.objects)
    ]


# --- writing overlay files (chemsec export-translations) ---

#: The order of an entry's keys in a written file: identity and status, then the texts.
ENTRY_KEYS = ("urn", "source_version", "status", "reviewed_by", "reviewed_on", *TEXT_FIELDS)
QUIZ_KEYS = ("text", "explanation", "choices")


class _Dumper(yaml.SafeDumper):
    """Block style for Markdown (``|``), short texts as plain or quoted scalars."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump_overlay(
    language: str, translates: str, entries: list[dict[str, Any]], *, note: str = ""
) -> str:
    """The YAML text of an overlay file (the format of docs/translations.md) holding
    ``entries`` (dicts of ``ENTRY_KEYS``; a quiz as a list of ``QUIZ_KEYS`` dicts)."""
    document = {
        "kind": "translation",
        "language": language,
        "translates": translates,
        "objects": [_ordered(entry) for entry in entries],
    }
    text = yaml.dump(
        document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, indent=2
    )
    head = "".join(f"# {line}\n" for line in note.splitlines())
    return head + text


def _ordered(entry: dict[str, Any]) -> dict[str, Any]:
    found = {key: entry[key] for key in ENTRY_KEYS if entry.get(key) not in (None, "", [])}
    if "quiz" in found:
        found["quiz"] = [
            {key: item[key] for key in QUIZ_KEYS if item.get(key)} for item in found["quiz"]
        ]
    return found
