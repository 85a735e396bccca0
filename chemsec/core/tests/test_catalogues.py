"""The translation catalogues are complete and safe to format.

For each of the five translated languages: every entry has a translation, none is fuzzy, every
translation keeps its msgid's placeholders (a lost or renamed ``%(name)s`` raises at run time,
a lost ``%%`` too), its HTML tags and ``{name}`` fields, a plural entry has as many forms as
the language's Plural-Forms, and the compiled .mo says what the .po says (compilemessages was
run). Every catalogue has the msgids of the English one (makemessages ran for all languages),
and every string the code or a template marks for translation is in it (makemessages was run
after the string was added).

Read with a small .po reader and the standard library's gettext: no extra dependency.
"""

from __future__ import annotations

import ast
import gettext
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

import chemsec

PACKAGE = Path(chemsec.__file__).resolve().parent
LOCALE = PACKAGE / "locale"
TRANSLATED = ("ar", "es", "fr", "ru", "zh_Hans")


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    def where(self, language: str) -> str:
        context = f" [{self.msgctxt}]" if self.msgctxt else ""
        return f"{language} line {self.line}: {self.msgid[:70]!r}{context}"


def _unquote(text: str) -> str:
    """A .po string's body (C escapes) as text."""
    return ast.literal_eval(f'"{text}"')


@cache
def read_po(language: str) -> tuple[dict[str, str], tuple[Entry, ...]]:
    """(header fields, entries) of a catalogue; obsolete (#~) entries are left out."""
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None  # field being continued by "..." lines
    flags: set[str] = set()

    def finish() -> None:
        nonlocal current, flags
        if current is not None:
            entries.append(current)
        current, flags = None, set()

    keyword = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?) "(.*)"$')
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            continue  # references, comments, previous msgids (#|), obsolete entries (#~)
        match = keyword.match(line)
        if match:
            name, index, body = match.groups()
            if current is None:  # entries are separated by blank lines
                assert name in ("msgctxt", "msgid"), f"{path}:{number}: {name} first"
                current = Entry(line=number, flags=flags)
            if name.startswith("msgstr"):
                target = ("msgstr", int(index or 0))
                current.msgstr[target[1]] = _unquote(body)
            else:
                target = (name, 0)
                setattr(current, name, _unquote(body))
            continue
        assert line.startswith('"') and line.endswith('"'), f"{path}:{number}: {raw!r}"
        assert current is not None and target is not None, f"{path}:{number}: stray string"
        if target[0] == "msgstr":
            current.msgstr[target[1]] += _unquote(line[1:-1])
        else:
            setattr(current, target[0], getattr(current, target[0]) + _unquote(line[1:-1]))
    finish()
    header_entries = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    assert len(header_entries) == 1, f"{path}: no header entry"
    header = dict(
        item.split(": ", 1) for item in header_entries[0].msgstr[0].splitlines() if ": " in item
    )
    return header, tuple(e for e in entries if e is not header_entries[0])


# What Python's %-formatting reads (named or positional, with flags, width, precision, %%),
# str.format fields, and HTML tags.
PERCENT = re.compile(r"%(?:\(\w+\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[sdifrxXeEgGcouaA%]")
BRACES = re.compile(r"\{\w*\}")
TAGS = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*")


def _markers(text: str, python_format: bool) -> Counter[str]:
    found = BRACES.findall(text) + TAGS.findall(text)
    if python_format:
        found += PERCENT.findall(text)
    return Counter(found)


def _plural_count(header: dict[str, str]) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", header.get("Plural-Forms", ""))
    assert match, "no Plural-Forms header"
    return int(match.group(1))


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    _header, entries = read_po(language)
    untranslated = [
        e.where(language) for e in entries if not e.msgstr or not all(e.msgstr.values())
    ]
    fuzzy = [e.where(language) for e in entries if "fuzzy" in e.flags]
    assert not (untranslated or fuzzy), "\n".join(
        [f"{len(untranslated)} untranslated:", *untranslated, f"{len(fuzzy)} fuzzy:", *fuzzy]
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_translation_keeps_the_placeholders_of_its_msgid(language):
    header, entries = read_po(language)
    forms = _plural_count(header)
    wrong = []
    for e in entries:
        python = "python-format" in e.flags
        if e.msgid_plural is None:
            expected = _markers(e.msgid, python)
            for text in e.msgstr.values():
                if text and _markers(text, python) != expected:
                    wrong.append(f"{e.where(language)} -> {text[:70]!r}")
            continue
        if sorted(e.msgstr) != list(range(forms)):
            wrong.append(f"{e.where(language)}: {len(e.msgstr)} plural forms, not {forms}")
            continue
        allowed = _markers(e.msgid, python) | _markers(e.msgid_plural, python)
        general = _markers(e.msgid_plural, python)
        for index, text in e.msgstr.items():
            used = _markers(text, python)
            # A form for one number may leave the number out ("one scenario"), nothing else.
            missing = {m for m in general - used if not re.fullmatch(r"%\(\w+\)d", m)}
            if not text or set(used) - set(allowed) or missing:
                wrong.append(f"{e.where(language)} form {index} -> {text[:70]!r}")
        if _markers(e.msgstr[forms - 1], python) != general:
            wrong.append(f"{e.where(language)}: the last form lacks a placeholder")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_is_the_po_file(language):
    _header, entries = read_po(language)
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    stale = []
    for e in entries:
        if "fuzzy" in e.flags:
            continue
        msgid = f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt is not None else e.msgid
        if e.msgid_plural is None:
            if e.msgstr.get(0) and catalog.get(msgid) != e.msgstr[0]:
                stale.append(e.where(language))
        elif any(catalog.get((msgid, i)) != text for i, text in e.msgstr.items() if text):
            stale.append(e.where(language))
    assert not stale, "run compilemessages; the .mo differs for:\n" + "\n".join(stale[:20])


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalogue_has_the_msgids_of_the_english_one(language):
    english = {e.key for e in read_po("en")[1]}
    here = {e.key for e in read_po(language)[1]}
    assert english - here == set(), "makemessages was not run for this language"
    assert here - english == set(), "makemessages was not run for English"


# ---- every marked string is in the catalogues -------------------------------------------
# The keywords makemessages gives xgettext: a call is extracted by its name, whatever was
# imported under it (a `gettext_noop as N_` is NOT extracted). {name: (context arg, msgid arg)}
KEYWORDS = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}
TEMPLATE_TAG = re.compile(
    r"""\{%\s*trans(?:late)?\s+(?P<q>["'])(?P<msgid>.*?)(?P=q)"""
    r"""(?:\s+(?:noop|as\s+\w+|context\s+(?P<cq>["'])(?P<ctx>.*?)(?P=cq)))*\s*%\}"""
)
TEMPLATE_CALL = re.compile(r"""_\((?P<q>["'])(?P<msgid>.*?)(?P=q)\)""")


def _python_msgids(path: Path) -> set[tuple[str | None, str]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in KEYWORDS:
            continue
        context_at, msgid_at = KEYWORDS[name]
        args = node.args
        if len(args) <= msgid_at:
            continue
        values = [args[msgid_at]] + ([args[context_at]] if context_at is not None else [])
        if not all(isinstance(v, ast.Constant) and isinstance(v.value, str) for v in values):
            continue  # a variable: xgettext skips it too
        msgid = args[msgid_at].value  # type: ignore[attr-defined]
        context = args[context_at].value if context_at is not None else None  # type: ignore[attr-defined]
        if msgid:
            found.add((context, msgid))
    return found


def _template_msgids(path: Path) -> set[tuple[str | None, str]]:
    text = path.read_text(encoding="utf-8")
    # makemessages doubles a % in a {% translate %} string (it becomes python-format).
    found = {(m["ctx"], m["msgid"].replace("%", "%%")) for m in TEMPLATE_TAG.finditer(text)}
    found |= {(None, m["msgid"]) for m in TEMPLATE_CALL.finditer(text)}
    return {(ctx, msgid) for ctx, msgid in found if msgid and "{{" not in msgid}


def _sources(suffixes: tuple[str, ...]) -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*"))
        if path.suffix in suffixes
        and not any(part.startswith(".") or part in {"locale", "static"} for part in path.parts)
    ]


def test_every_marked_string_is_in_the_catalogues():
    known = {e.key for e in read_po("en")[1]}
    missing = []
    for path in _sources((".py",)):
        missing += [(path, key) for key in _python_msgids(path) if key not in known]
    for path in _sources((".html", ".txt")):
        missing += [(path, key) for key in _template_msgids(path) if key not in known]
    assert not missing, (
        "not in the catalogues: run `cd chemsec && ../.venv/bin/django-admin makemessages -a "
        "--no-obsolete`, translate, compilemessages:\n"
        + "\n".join(f"{path.relative_to(PACKAGE)}: {key[1][:70]!r}" for path, key in missing)
    )


def _literal_with_variable_context(path: Path) -> list[tuple[int, str]]:
    """Calls whose English is written out but whose context is not: makemessages collects
    neither, so the English shows in every language and no other test can see it."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        context_at, msgid_at = KEYWORDS.get(name or "", (None, 0))
        if context_at is None or len(node.args) <= msgid_at:
            continue
        msgid, context = node.args[msgid_at], node.args[context_at]
        literal = isinstance(msgid, ast.Constant) and isinstance(msgid.value, str)
        if literal and not isinstance(context, ast.Constant):
            found.append((node.lineno, str(msgid.value)))  # type: ignore[attr-defined]
    return found


def test_no_written_out_string_has_a_context_makemessages_cannot_read():
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {msgid[:60]!r}"
        for path in _sources((".py",))
        for line, msgid in _literal_with_variable_context(path)
    ]
    assert not found, "write the context out as a string literal:\n" + "\n".join(found)


def _unmarked_job_messages(path: Path) -> list[tuple[int, str]]:
    """`progress.update(percent, "text")` with the text not marked: the job pages translate
    the stored message as a msgid, so an unmarked one shows in English in every language."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if not (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "update"):
            continue
        owner = getattr(node.func, "value", None)
        if not (isinstance(owner, ast.Name) and owner.id == "progress") or len(node.args) < 2:
            continue
        message = node.args[1]
        if isinstance(message, ast.Constant) and isinstance(message.value, str) and message.value:
            found.append((node.lineno, message.value))
        elif isinstance(message, ast.JoinedStr):  # words around figures stay English
            words = "".join(
                str(part.value) for part in message.values if isinstance(part, ast.Constant)
            )
            if any(character.isalpha() for character in words):
                found.append((node.lineno, words))
    return found


def test_every_job_progress_message_is_marked_for_translation():
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {text!r}"
        for path in _sources((".py",))
        if "tests" not in path.parts  # a test's job may say anything
        for line, text in _unmarked_job_messages(path)
    ]
    assert not found, "mark it with gettext_noop:\n" + "\n".join(found)
