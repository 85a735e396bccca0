"""List-entry names in the other UN languages, with the standing of each text.

The control lists are English data files (``chemsec/content/lists/<list>.csv``); their
entries keep their English wording, which the screening engine matches on. Where a treaty
has official language versions (the CWC's six authentic texts), the name of an entry in
the reader's language is read from ``<list>_names*.csv`` next to the list, one row per
entry and language::

    urn,lang,title,names,status,source,verification

``title`` is the entry as written in that language (what the list's ``text`` column holds
in English); ``names`` its names, separated by ``;``; ``status`` says what the text is:

* ``official``: the treaty's authentic text in that language, as read in ``source``;
* ``official-national``: a State's official publication (a law, a gazette, its national
  authority), as read in ``source``;
* ``translated-unreviewed``: translated here from the English, not yet reviewed.

``verification`` says how the text was checked (required for the two official kinds).
A file is refused, with its name and line, when a row names an entry the list does not
have, a language that is not one of the five, an unknown status or no source: names are
shown as a treaty's words, so a wrong one must not load silently.

Pages and the API show these names; the engine resolves a name typed in another
language by them when the entry is one chemical (``engine/names.py``,
``other_language_name``), never a family.

Pure Python, no Django: the portal's presenters choose the reader's language.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from chemsec.screening.engine.lists import LIST_FILES, LISTS_DIR, load_list

#: The languages a name may be given in (English is the list file itself).
NAME_LANGUAGES = ("ar", "es", "fr", "ru", "zh")
#: What a name's text is, from the most to the least authoritative.
NAME_STATUSES = ("official", "official-national", "translated-unreviewed")
COLUMNS = ("urn", "lang", "title", "names", "status", "source", "verification")
#: Rows whose English `title` is their parent's (the engine's match title for them).
_TITLED_BY_PARENT = frozenset({"example", "member", "exemption"})


class ListNamesError(ValueError):
    """A names file that cannot be loaded; the message starts with ``file:line:``."""


@dataclass(frozen=True, slots=True)
class EntryName:
    """An entry's name in one language, with where it was read and what it is."""

    urn: str
    lang: str
    title: str
    names: tuple[str, ...]
    status: str
    source: str
    verification: str

    @property
    def official(self) -> bool:
        return self.status in ("official", "official-national")


def names_files(directory: Path = LISTS_DIR) -> list[Path]:
    """The names files shipped for the lists, in a stable order."""
    found: list[Path] = []
    for file_name in LIST_FILES.values():
        stem = file_name.removesuffix(".csv")
        found.extend(sorted(directory.glob(f"{stem}_names*.csv")))
    return found


def list_urns() -> frozenset[str]:
    """Every entry URN of every list (what a names row may refer to)."""
    return frozenset(entry.urn for code in LIST_FILES for entry in load_list(code))


def read_names(path: Path, known_urns: frozenset[str]) -> list[tuple[int, EntryName]]:
    """The rows of one names file with their line numbers, each checked; the first problem
    is raised as ``file:line: what``."""
    label = path.name
    # utf-8-sig: a spreadsheet program's "CSV UTF-8" starts with a byte-order mark.
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = tuple(reader.fieldnames or ())
        if header != COLUMNS:
            raise ListNamesError(
                f"{label}:1: the header must be {','.join(COLUMNS)} (found {','.join(header)})"
            )
        rows: list[tuple[int, EntryName]] = []
        while True:
            line = reader.line_num + 1  # where the next row starts
            try:
                row = next(reader, None)
            except csv.Error as error:  # a NUL byte, an unclosed quote at the end...
                raise ListNamesError(f"{label}:{line}: not readable as CSV ({error})") from error
            if row is None:
                return rows
            rows.append((line, _checked(row, f"{label}:{line}", known_urns)))


def _checked(row: Mapping[str, object], where: str, known_urns: frozenset[str]) -> EntryName:
    if None in row or any(row.get(key) is None for key in COLUMNS):
        raise ListNamesError(f"{where}: the row does not have {len(COLUMNS)} cells")
    values = {key: str(row[key]).strip() for key in COLUMNS}
    urn, lang, status = values["urn"], values["lang"], values["status"]
    if urn not in known_urns:
        raise ListNamesError(f"{where}: unknown entry {urn!r} (no list has this URN)")
    if lang not in NAME_LANGUAGES:
        raise ListNamesError(
            f"{where}: language {lang!r} is not one of {', '.join(NAME_LANGUAGES)}"
        )
    if status not in NAME_STATUSES:
        raise ListNamesError(f"{where}: status {status!r} is not one of {', '.join(NAME_STATUSES)}")
    if not values["title"]:
        raise ListNamesError(f"{where}: the title (the entry as written in {lang}) is empty")
    if not values["source"]:
        raise ListNamesError(f"{where}: no source: say where the text was read or who wrote it")
    if status != "translated-unreviewed" and not values["verification"]:
        raise ListNamesError(f"{where}: an {status} text must say how it was verified")
    return EntryName(
        urn=urn,
        lang=lang,
        title=values["title"],
        names=tuple(n.strip() for n in values["names"].split(";") if n.strip()),
        status=status,
        source=values["source"],
        verification=values["verification"],
    )


def load_names(
    paths: Iterable[Path] | None = None, known_urns: frozenset[str] | None = None
) -> dict[tuple[str, str], EntryName]:
    """Every name by (URN, language); a second row for the same pair is refused."""
    known = list_urns() if known_urns is None else known_urns
    out: dict[tuple[str, str], EntryName] = {}
    first: dict[tuple[str, str], str] = {}
    for path in names_files() if paths is None else paths:
        for line, name in read_names(path, known):
            key = (name.urn, name.lang)
            where = f"{path.name}:{line}"
            if key in first:
                raise ListNamesError(
                    f"{where}: a second {name.lang} name for {name.urn} (the first is at "
                    f"{first[key]})"
                )
            first[key] = where
            out[key] = name
    return out


@cache
def shipped_names() -> dict[tuple[str, str], EntryName]:
    """The names shipped with ChemSec (loaded once; a bad file fails here, loudly)."""
    return load_names()


@cache
def _title_urns() -> dict[str, str]:
    """URN -> the URN whose text the engine shows as its title (its parent's for examples,
    members and exemptions, whose `title` column repeats the parent's)."""
    out: dict[str, str] = {}
    for code in LIST_FILES:
        rows = load_list(code)
        by_code = {row.code: row.urn for row in rows if not row.parent}
        for row in rows:
            parent = by_code.get(row.parent) if row.row_type in _TITLED_BY_PARENT else None
            out[row.urn] = parent or row.urn
    return out


def name_for(urn: str, lang: str | None) -> EntryName | None:
    """The entry's name in `lang` (None: English, or no name in that language)."""
    if not lang:
        return None
    return shipped_names().get((urn, lang))


def title_for(urn: str, lang: str | None) -> EntryName | None:
    """The name to show where the engine shows the entry's `title` (a match's title)."""
    return name_for(_title_urns().get(urn, urn), lang)


def coverage() -> dict[str, dict[str, int]]:
    """Names by language and status (for the docs and the tests)."""
    out: dict[str, dict[str, int]] = {}
    for name in shipped_names().values():
        counts = out.setdefault(name.lang, {})
        counts[name.status] = counts.get(name.status, 0) + 1
    return out
