"""Translation overlays of the reference content: the schema of ``translations/<lang>/...``.

An overlay file translates the texts of one English content file (``translates``) into one
language. Each entry names the object it translates by URN, the English version it was made
from (``source_version``: the practice's or the framework's ``version``), its status
(``draft``: machine-assisted or not yet reviewed; ``reviewed``: checked by a named reviewer
on a date) and the translated fields, which depend on the object's kind:

* practice: ``title``, ``summary``, ``body`` (Markdown), optional ``keywords``;
* framework and framework section: ``title``, optional ``description``;
* framework question: ``text``, optional ``guidance``.

The format for translators is in docs/translations.md. Pure module (pydantic, no Django).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, StrictStr, model_validator

from chemsec.content.schemas import (
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
#: The fields a translation may carry, by the kind of object it translates.
FIELDS_BY_KIND: dict[str, tuple[str, ...]] = {
    "practice": ("title", "summary", "body", "keywords"),
    "framework": ("title", "description"),
    "framework-section": ("title", "description"),
    "framework-question": ("text", "guidance"),
}
REQUIRED_BY_KIND: dict[str, tuple[str, ...]] = {
    "practice": ("title", "summary", "body"),
    "framework": ("title",),
    "framework-section": ("title",),
    "framework-question": ("text",),
}
TEXT_FIELDS = ("title", "summary", "body", "keywords", "description", "text", "guidance")


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

    @model_validator(mode="after")
    def _reviewed_names_who_and_when(self) -> TranslationEntry:
        named = self.reviewed_by is not None and self.reviewed_on is not None
        if self.status == "reviewed" and not named:
            raise ValueError("a reviewed translation names reviewed_by and reviewed_on")
        if self.status == "draft" and (self.reviewed_by or self.reviewed_on):
            raise ValueError("a draft has no reviewed_by or reviewed_on")
        return self

    @property
    def fields(self) -> dict[str, str | list[str]]:
        return {name: value for name in TEXT_FIELDS if (value := getattr(self, name))}


class TranslationFile(Strict):
    """A YAML file translating one English content file into one language."""

    kind: Literal["translation"]
    language: TranslatedLanguage
    translates: Annotated[StrictStr, Field(pattern=r"^(compendium|frameworks)/[a-z0-9-]+\.ya?ml$")]
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
    is the entry with a ``text``."""
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
