"""List-entry names in the reader's language (chemsec/screening/list_names.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import (
    get_language_info,
    pgettext,
)

from chemsec.screening.list_names import NAME_LANGUAGES, EntryName, name_for, title_for
from chemsec.screening.presenters.shared import _field


@dataclass(frozen=True, slots=True)
class ShownName:
    """An entry's text as a page shows it: in the reader's language where ChemSec has it,
    else the list's English (`lang` "en", no status)."""

    text: str
    names: tuple[str, ...]
    lang: str
    status: str | None
    source: str
    verification: str

    @property
    def english(self) -> bool:
        return self.status is None


def _shown(found: EntryName | None, english: str, names: Any) -> ShownName:
    if found is None:
        return ShownName(english, tuple(names or ()), "en", None, "", "")
    return ShownName(
        found.title, found.names, found.lang, found.status, found.source, found.verification
    )


def reader_name_language(language: str | None = None) -> str | None:
    """The names language for a Django language (the active one by default); None: English."""
    from chemsec.compendium.translations import content_language

    return content_language(language)


def entry_name(entry: Any, language: str | None = None) -> ShownName:
    """A list row (catalogue dict or ListEntry) as written, in the reader's language."""
    urn = str(_field(entry, "urn") or "")
    english = str(_field(entry, "text") or _field(entry, "title") or "")
    return _shown(name_for(urn, reader_name_language(language)), english, _field(entry, "names"))


def match_title(match: Any, language: str | None = None) -> ShownName:
    """A match's title (its entry's, or for an example or member its family's) in the
    reader's language; the engine's English title otherwise."""
    urn = str(_field(match, "urn") or "")
    english = str(_field(match, "title") or "")
    return _shown(title_for(urn, reader_name_language(language)), english, ())


def name_status_label(status: str | None) -> str:
    """What a shown name is, in the reader's language (the badge)."""
    labels = {
        "official": pgettext("list entry name", "official text"),
        "official-national": pgettext("list entry name", "official national text"),
        "translated-unreviewed": pgettext("list entry name", "translated here, not yet reviewed"),
    }
    return labels.get(status or "", pgettext("list entry name", "English original"))


def entry_names_by_language(urn: str) -> list[dict[str, Any]]:
    """The entry's names in each of the five other languages ChemSec has (for its page)."""
    django_codes = {"zh": "zh-hans"}
    return [
        {
            "lang": lang,
            "html_lang": "zh-Hans" if lang == "zh" else lang,
            "language_name": get_language_info(django_codes.get(lang, lang))["name_translated"],
            "name": found,
            "status_label": name_status_label(found.status),
        }
        for lang in NAME_LANGUAGES
        if (found := name_for(urn, lang)) is not None
    ]
