"""A list row's verification status and a list's status, from their codes, in the
reader's language."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import (
    get_language,
    override,
    pgettext,
)


def _verification_words() -> dict[str, str]:
    """The statuses and phrases the list files write in `verification`, translated."""
    return {
        "verified": pgettext("list data verification", "verified"),
        "verified-secondary": pgettext("list data verification", "verified in a secondary source"),
        "partial": pgettext("list data verification", "partly verified"),
        "unverified": pgettext("list data verification", "not verified"),
        "not seen": pgettext("list data verification", "not seen in the sources read"),
        "structure curated": pgettext("list data verification", "structure curated for ChemSec"),
        "name/cas only": pgettext("list data verification", "name and CAS number only"),
        "cas verified": pgettext("list data verification", "CAS number verified"),
        "name unverified": pgettext("list data verification", "name not verified"),
        "structure unverified": pgettext("list data verification", "structure not verified"),
        "sub-family wording unverified": pgettext(
            "list data verification", "sub-family wording not verified"
        ),
        "names verified": pgettext("list data verification", "names verified"),
        "sub-family wording official-national": pgettext(
            "list data verification", "sub-family wording from an official national text"
        ),
        "structure official-national": pgettext(
            "list data verification", "structure agrees with an official national text"
        ),
    }


def _verification_keys() -> dict[str, str]:
    """What a part of a verification status is about (the CFATS columns), translated."""
    return {
        "name": pgettext("list data verification: what was checked", "name"),
        "cas": pgettext("list data verification: what was checked", "CAS number"),
        "release": pgettext("list data verification: what was checked", "release"),
        "release_stq": pgettext(
            "list data verification: what was checked", "release threshold quantity"
        ),
        "release_issue": pgettext(
            "list data verification: what was checked", "release security issue"
        ),
        "release_min_conc": pgettext(
            "list data verification: what was checked", "release minimum concentration"
        ),
        "theft": pgettext("list data verification: what was checked", "theft or diversion"),
        "theft_stq": pgettext(
            "list data verification: what was checked", "theft threshold quantity"
        ),
        "theft_issue": pgettext("list data verification: what was checked", "theft security issue"),
        "theft_min_conc": pgettext(
            "list data verification: what was checked", "theft minimum concentration"
        ),
        "sabotage": pgettext("list data verification: what was checked", "sabotage"),
        "security_issue": pgettext("list data verification: what was checked", "security issue"),
    }


@dataclass(frozen=True, slots=True)
class Phrase:
    """A piece of list data as shown: `text` translated, or the list's English
    (`english` True: the page marks it lang="en"); `detail` the English left in brackets."""

    text: str
    english: bool
    detail: str = ""


@dataclass(frozen=True, slots=True)
class VerificationPart:
    """One `what=status` part of a verification status; `what` None for a bare phrase."""

    what: Phrase | None
    status: Phrase


def _top_level_split(text: str, separator: str = ";") -> list[str]:
    """`text` split at `separator` outside brackets (a detail may hold separators)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif char == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _bracketed(text: str) -> tuple[str, str]:
    """'head (detail)' as (head, detail); (text, '') when it does not end in one bracket."""
    text = text.strip()
    if text.endswith(")") and " (" in text:
        head, _sep, rest = text.partition(" (")
        if _top_level_split(rest[:-1], ")") == [rest[:-1].strip()]:
            return head.strip(), rest[:-1].strip()
    return text, ""


def _phrase(text: str, known: Mapping[str, str]) -> Phrase:
    head, detail = _bracketed(text)
    label = known.get(head.lower())
    if label is not None:
        return Phrase(label, False, detail)
    return Phrase(text, True)


def verification_parts(verification: str) -> tuple[Phrase, list[VerificationPart]]:
    """A list row's `verification` (data as the list file writes it: 'verified-secondary
    (name=verified-secondary;cas=unverified (compiler recall);theft=not seen)', 'CAS
    verified; NAME UNVERIFIED') as its overall status and its parts, each translated where
    it is one of the files' fixed words, else the English, marked so by the page."""
    words, keys = _verification_words(), _verification_keys()
    segments = _top_level_split(verification)
    if not segments:
        return Phrase("", True), []
    head, detail = _bracketed(segments[0])
    inner = _top_level_split(detail) if "=" in detail else []
    if inner:  # 'status (what=status;...)': the parts are the bracket's
        overall = _phrase(head, words)
        raw_parts = inner + segments[1:]
    else:
        overall = _phrase(segments[0], words)
        raw_parts = segments[1:]
    parts = []
    for raw in raw_parts:
        what, sep, status = raw.partition("=")
        if sep and what.strip().lower() in keys:
            parts.append(
                VerificationPart(Phrase(keys[what.strip().lower()], False), _phrase(status, words))
            )
        elif sep:
            parts.append(VerificationPart(Phrase(what.strip(), True), _phrase(status, words)))
        else:
            parts.append(VerificationPart(None, _phrase(raw, words)))
    return overall, parts


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_DATE = rf"(\d{{1,2}} (?:{_MONTHS}) \d{{4}})"


def list_status_phrase(status: str | None) -> Phrase:
    """A list's status (the engine's LIST_INFO: 'in force', 'in force from 1 February 2021',
    'statutory authority lapsed 28 July 2023') in the reader's language, its date in the
    locale's format; another wording stays English (marked by the page)."""
    import datetime as dt

    from django.utils import formats

    text = (status or "").strip()

    def labels() -> dict[str, str]:
        return {
            "in force": pgettext("control list status", "in force"),
            rf"in force from {_MONTH_DATE}": pgettext(
                "control list status", "in force from %(date)s"
            ),
            rf"statutory authority lapsed {_MONTH_DATE}": pgettext(
                "control list status", "statutory authority lapsed on %(date)s"
            ),
        }

    patterns = labels()
    if not (get_language() or "en").startswith("en"):
        with override("en"):
            english = labels()
        if any(patterns[k] == english[k] for k in patterns if re.fullmatch(k, text)):
            return Phrase(text, True)  # not translated yet: the English as the data has it
    for pattern, template in patterns.items():
        found = re.fullmatch(pattern, text)
        if found and not found.groups():
            return Phrase(template, False)
        if found:
            day = dt.datetime.strptime(found.group(1), "%d %B %Y").date()
            when = formats.date_format(day, "DATE_FORMAT", use_l10n=True)
            return Phrase(template % {"date": when}, False)
    return Phrase(text, True)
