"""Texts shown about a decision. What may reach a customer (the counter, an order
confirmation, the API) says only what to do with the order, never that a report was or will
be made or which rule fired (tipping-off)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chemsec.core.templatetags.list_join import list_separator
from chemsec.supplychain.engine import NEUTRAL_REASONS
from chemsec.supplychain.fact_texts import fact_html
from chemsec.supplychain.rule_texts import Shown, rule_title, typology_title

NEUTRAL_TEXT = {
    "ok": gettext_lazy("The order may go ahead."),
    "pending_review": gettext_lazy("The order needs a check before it goes ahead."),
    "on_hold": gettext_lazy("The order is on hold: do not hand over or ship it for now."),
}
assert set(NEUTRAL_TEXT) == set(NEUTRAL_REASONS.values())


def neutral_text(decision: str) -> str:
    return str(NEUTRAL_TEXT[NEUTRAL_REASONS[decision]])


def clock_text(left: dt.timedelta | None) -> str:
    """ "11 h 40 min left" or "overdue by 2 h 5 min"; empty when no clock runs."""
    if left is None:
        return ""
    seconds = int(left.total_seconds())
    hours, minutes = divmod(abs(seconds) // 60, 60)
    if seconds < 0:
        return _("overdue by %(h)d h %(m)02d min") % {"h": hours, "m": minutes}
    return _("%(h)d h %(m)02d min left") % {"h": hours, "m": minutes}


def text_direction(text: object) -> str:
    """The direction a typed text reads in, "ltr" or "rtl", from its first letter of a
    strong direction (the rule of dir="auto" and of unicode-bidi: plaintext); "" when it
    has none (digits, punctuation, an empty text). Computed here because WeasyPrint, which
    lays out the PDFs from the same templates, honours an explicit dir but not dir="auto"."""
    for char in str(text or ""):
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return ""


IMPORT_ERRORS = {
    "unreadable_row": gettext_lazy("The row could not be read reliably (%(problem)s)."),
    "missing_value": gettext_lazy("The %(column)s cell is empty."),
    "unknown_customer": gettext_lazy(
        "No customer you may record orders for has the name or registration number %(value)s."
    ),
    "unknown_product": gettext_lazy("No product with the code %(value)s in the catalogue."),
    "bad_quantity": gettext_lazy("The quantity %(value)s is not a positive number."),
    "bad_date": gettext_lazy("The date %(value)s is not a date (YYYY-MM-DD)."),
    "implausible_date": gettext_lazy("The date %(value)s is not between %(first)s and %(last)s."),
    "bad_payment": gettext_lazy("Unknown payment method %(value)s."),
    "bad_outcome": gettext_lazy("Unknown outcome %(value)s."),
    "bad_payment_account": gettext_lazy(
        "The payment account is not 4 to 64 letters and digits (an IBAN, a card number or a"
        " card fingerprint; spaces and hyphens are ignored)."
    ),
    # Only %(value)s: errors stored before the column was recorded must still read.
    "bad_country": gettext_lazy("The country %(value)s is not an ISO 3166-1 country code."),
    "bad_unit": gettext_lazy(
        "The unit %(value)s cannot be counted: a quantity is a number of the product's packs"
        " (leave the unit empty or write pack)."
    ),
    "order_has_errors": gettext_lazy("Another line of this order has an error."),
    "refused": gettext_lazy("The order was refused: %(detail)s"),
    "unreadable_file": gettext_lazy("The file could not be read: %(detail)s"),
    "missing_columns": gettext_lazy("The file lacks the columns: %(columns)s."),
    "order_cells_differ": gettext_lazy(
        "The rows of this order name different values for %(columns)s: the order is not"
        " recorded until every row of it says the same."
    ),
    "too_long": gettext_lazy(
        "The %(column)s cell has %(length)d characters; at most %(max)d are kept."
    ),
    "no_rows": gettext_lazy("The file has a header and no rows: no order was imported."),
    "encoding_assumed": gettext_lazy(
        "The file is not UTF-8: it was read as %(encoding)s. If names look wrong, save it"
        " as UTF-8 and import it again."
    ),
    "import_failed": gettext_lazy("The import stopped on an error: %(detail)s"),
    "file_changed": gettext_lazy(
        "The file changed while it was being imported (line %(line)d was not in it when it"
        " was first read); import it again."
    ),
}


def import_error_text(error: dict[str, Any]) -> str:
    """One import error (a code and its parameters) in the reader's language."""
    return _import_error(error, str)


def import_error_html(error: dict[str, Any]) -> SafeString:
    """`import_error_text` for a page: the values quoted from the file (a product code, a
    SMILES, a quantity such as "-4", column names) each isolated in its own direction, so
    "[Cl-].[Na+].OCCSCCO" or "4-" cannot appear inside an Arabic sentence."""
    return mark_safe(_import_error(error, isolated))  # noqa: S308 - escaped by `isolated`


def isolated(value: object) -> str:
    """`value` escaped in a <bdi> of its own direction (browsers isolate it; WeasyPrint,
    which reads `dir` but not the isolation, embeds it)."""
    text = str(value)
    direction = text_direction(text)
    if direction:
        return str(format_html('<bdi dir="{}">{}</bdi>', direction, text))
    return str(format_html("<bdi>{}</bdi>", text))


def _import_error(error: dict[str, Any], show: Callable[[object], str]) -> str:
    """The error's sentence with each text parameter passed through `show` (numbers as
    they are, for the %d conversions); the sentence itself escaped when `show` escapes."""
    template = IMPORT_ERRORS.get(str(error.get("code")))
    params: dict[str, Any] = {}
    for key, value in dict(error.get("params") or {}).items():
        if isinstance(value, list):
            params[key] = list_separator().join(show(c) for c in value)
        elif isinstance(value, int | float):
            params[key] = value
        else:
            params[key] = show(value)
    if template is None:
        return show(error.get("code"))
    sentence = str(template) if show is str else str(conditional_escape(str(template)))
    return sentence % params


@dataclass
class BreachShown:
    """A breached rule as a reviewer reads it: its title in the reader's language (or as
    stored, marked English), its citation (English legal text), and its facts as sentences,
    or as recorded (`raw`) when no sentence fits them."""

    code: str
    version: Any
    title: Shown
    citation: str
    sentences: list[str] | None
    raw: list[tuple[str, str]]
    verdict: str = ""  # the disposition recorded for this rule on this alert, if any


@dataclass
class ScoreShown:
    code: str
    title: Shown
    score: Any
    alert_threshold: Any
    hold_threshold: Any


def breaches_shown(breaches: Any, checks: Mapping[str, str]) -> list[BreachShown]:
    """An alert's or an evaluation's breaches (as stored: dicts) for a page. `checks` maps
    a rule code to its check (from the rule book in force)."""
    shown = []
    for breach in breaches or []:
        code = str(breach.get("code", ""))
        facts = breach.get("facts") or {}
        sentences = fact_html(checks.get(code), facts)
        raw = [] if sentences is not None else [(str(k), str(v)) for k, v in dict(facts).items()]
        shown.append(
            BreachShown(
                code=code,
                version=breach.get("version"),
                title=rule_title(code, str(breach.get("title", code))),
                citation=str(breach.get("citation", "")),
                sentences=sentences,
                raw=raw,
            )
        )
    return shown


def scores_shown(scores: Any) -> list[ScoreShown]:
    """The typologies an order scored on (as stored: dicts), titles in the reader's language."""
    return [
        ScoreShown(
            code=str(s.get("code", "")),
            title=typology_title(str(s.get("code", "")), str(s.get("title", ""))),
            score=s.get("score"),
            alert_threshold=s.get("alert_threshold"),
            hold_threshold=s.get("hold_threshold"),
        )
        for s in scores or []
        if s.get("score")
    ]


def rulebook_entries(version: object) -> list[tuple[str, str]]:
    """A rule book's version string ("AG-EXPORT-LICENCE@1;denied-party@2;...") as its
    (code, version) entries; an entry without a version keeps its text as the code."""
    entries = []
    for part in str(version or "").split(";"):
        if part.strip():
            code, _at, number = part.strip().partition("@")
            entries.append((code, number))
    return entries


@dataclass(frozen=True)
class RulebookEntryShown:
    """One rule or typology version a decision was made under: its code and version, and
    its title in the reader's language when the title of that very version is known
    (`title` None: the code is all that is known of it, an older version for instance)."""

    code: str
    version: str
    title: Shown | None


def rulebook_shown(evaluation: Mapping[str, Any], book: Any) -> list[RulebookEntryShown]:
    """An evaluation's rule book (its `rulebook_version`) as entries with titles. A title
    is the evaluation's own (its typologies' scores, its breaches) or else that of the rule
    book in force (`book`, an engine.RuleBook) when it has the same version there: never the
    title of another version."""
    entries = rulebook_entries(evaluation.get("rulebook_version"))
    titles: dict[tuple[str, str], str] = {}
    typologies = {
        str(s.get("code", "")): str(s.get("title", "")) for s in _dicts(evaluation, "scores")
    }
    for code, version in entries:  # the scores are the same evaluation's: same versions
        if typologies.get(code):
            titles[(code, version)] = typologies[code]
    for breach in _dicts(evaluation, "breaches"):
        key = (str(breach.get("code", "")), str(breach.get("version", "")))
        titles.setdefault(key, str(breach.get("title", "")))
    for kind in (getattr(book, "typologies", ()), getattr(book, "rules", ())):
        for item in kind:
            titles.setdefault((item.code, str(item.version)), item.title)
    named = {code for code, _version in entries if code in typologies}
    named |= {t.code for t in getattr(book, "typologies", ())}
    shown = []
    for code, version in entries:
        stored = titles.get((code, version), "")
        title = None
        if stored:
            title = typology_title(code, stored) if code in named else rule_title(code, stored)
        shown.append(RulebookEntryShown(code, version, title))
    return shown


def _dicts(evaluation: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    return [item for item in evaluation.get(key) or [] if isinstance(item, Mapping)]
