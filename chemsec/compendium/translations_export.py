"""`chemsec export-translations`: the translations in the database written back as overlay
files (docs/translations.md), so that reviews and corrections made in the portal reach the
repository.

A maintainer runs it against the portal's database, then copies the files over
chemsec/content/translations/ and commits them: each entry carries the portal's texts,
status, reviewer and date, and the English version it matches. The compendium's translations
(practices, frameworks, sections, questions) are exported here; other apps register their
own (``EXPORTERS``: the training app, its courses).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: language -> {English file ("compendium/x.yaml"): entries in the English order}
Exporter = Callable[[str], dict[str, list[dict[str, Any]]]]
EXPORTERS: list[Exporter] = []
NOTE = (
    "Exported from the portal's database by `chemsec export-translations`: texts, status and\n"
    "reviews as they stand in the portal. Format: docs/translations.md."
)


def compendium_entries(language: str) -> dict[str, list[dict[str, Any]]]:
    """The compendium's translations into ``language``, by the English file they translate,
    in that file's order (practices by line; a framework, its sections, their questions)."""
    from chemsec.compendium.models import Translation
    from chemsec.core.models import ContentItem

    rows = list(Translation.objects.filter(language=language))
    roots = {_root(row.urn) for row in rows}
    items = {i.urn: i for i in ContentItem.objects.filter(urn__in=roots)}
    found: dict[str, list[tuple[tuple[int, int], dict[str, Any]]]] = {}
    for row in rows:
        item = items.get(_root(row.urn))
        if item is None:
            continue  # the English object is no longer shipped: nothing to translate
        place = (item.source_line, _position(item.data, row.urn))
        found.setdefault(item.source_file, []).append((place, _entry(row)))
    return {
        source: [e for _p, e in sorted(pairs, key=lambda p: p[0])]
        for source, pairs in found.items()
    }


def _root(urn: str) -> str:
    """The URN of the object whose file holds ``urn``: a practice, or the framework."""
    parts = urn.split(":")
    return ":".join(parts[:5]) if urn.startswith("urn:chemsec:framework:") else urn


def _position(data: Any, urn: str) -> int:
    """Where ``urn`` comes in its framework (0: the framework), as the English file has it."""
    order = [data.get("urn")] if isinstance(data, dict) else []
    for section in data.get("sections", []) if isinstance(data, dict) else []:
        order.append(section.get("urn"))
        order.extend(question.get("urn") for question in section.get("questions", []))
    return order.index(urn) if urn in order else len(order)


def _entry(row: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "urn": row.urn,
        "source_version": row.source_version,
        "status": row.status,
    }
    if row.status == "reviewed":
        entry["reviewed_by"] = row.reviewer_name
        entry["reviewed_on"] = row.reviewed_on
    entry.update({k: v for k, v in row.fields.items() if v})
    return entry


def export_translations(language: str, out: Path, refused: list[str] | None = None) -> list[Path]:
    """Write ``out/translations/<language>/<English file>`` for every English file with a
    translation in the database; the paths written. An English file that an overlay cannot
    translate (its recorded path is absolute, climbs out with "..", or is not one folder
    under compendium/, frameworks/ or training/: content loaded from outside the content
    root records such paths) is not written, so nothing lands outside ``out``; its path is
    added to ``refused``."""
    from chemsec.content.overlay import TRANSLATES_PATTERN, dump_overlay

    files: dict[str, list[dict[str, Any]]] = {}
    for exporter in [compendium_entries, *EXPORTERS]:
        for source, entries in exporter(language).items():
            files.setdefault(source, []).extend(entries)
    written = []
    for source, entries in sorted(files.items()):
        if not re.fullmatch(TRANSLATES_PATTERN, source):
            if refused is not None:
                refused.append(source)
            continue
        path = out / "translations" / language / source
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_overlay(language, source, entries, note=NOTE), encoding="utf-8")
        written.append(path)
    return written


def register(subparsers: Any) -> None:
    sub = subparsers.add_parser(
        "export-translations",
        help="write the portal's translations (with its reviews) as overlay files",
    )
    # The language is checked when the command runs: importing the overlay schemas (and
    # pydantic) here cost every `chemsec` command a quarter of a second at start-up.
    sub.add_argument("--lang", required=True, help="ar, es, fr, ru or zh")
    sub.add_argument(
        "--out", required=True, type=Path, help="folder to write translations/<lang>/... into"
    )
    sub.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    from chemsec.content.overlay import TRANSLATED_LANGUAGES
    from chemsec.core.commands import django_setup

    if args.lang not in TRANSLATED_LANGUAGES:
        print(
            f"--lang must be one of {', '.join(TRANSLATED_LANGUAGES)}, not {args.lang!r}",
            file=sys.stderr,
        )
        return 2
    django_setup()
    refused: list[str] = []
    try:
        args.out.mkdir(parents=True, exist_ok=True)  # refused before anything is read
        written = export_translations(args.lang, args.out, refused)
    except OSError as exc:  # not a folder, no permission, a read-only or full disk
        where = exc.filename or args.out
        print(f"cannot write under {args.out}: {exc.strerror or exc} ({where})", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    print(f"{len(written)} file(s) written.")
    for source in refused:
        print(
            f"not written: {source!r} is not an English file an overlay can translate "
            "(compendium/, frameworks/ or training/ under the content root)",
            file=sys.stderr,
        )
    return 1 if refused else 0
