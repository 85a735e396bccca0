"""The computed texts of the inventory pages, as codes with parameters, shown in the reader's
language with numbers written as the language writes them.

An imported row's reasons (why it could not be used, or how its quantity was converted) are
stored as codes (``InventoryItem.reason_codes``: ``[{"code": ..., "params": {...}}]``); the
English ``reason`` is kept for the API and for rows stored before the codes (read back into
codes here, a part that matches no code shown as stored, marked English). The chemicals of
interest are explained from the structured comparison stored on the snapshot (lists and
thresholds), never from its English sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import unescape
from typing import Any

from babel import UnknownLocaleError
from babel.lists import format_list
from django.utils import formats
from django.utils.html import conditional_escape, format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_noop, pgettext, to_locale

from chemsec.core.templatetags.list_join import clause_separator, list_join
from chemsec.facilities.templatetags.threshold_text import threshold_issue
from chemsec.science.thresholds import CFATS_LAPSED
from chemsec.science.thresholds import REASONS as THRESHOLD_REASONS
from chemsec.science.thresholds import reason_codes as threshold_reason_codes

Params = dict[str, Any]

# code -> (English message with %(name)s placeholders, for the translators)
MESSAGES: dict[str, str] = {
    "density_file": gettext_noop("density %(density)s kg/L from the file"),
    "density_data": gettext_noop("density %(density)s kg/L at 25 °C (%(source)s)"),
    "quantity_missing": gettext_noop("quantity missing"),
    "quantity_not_number": gettext_noop("quantity %(value)s is not a number"),
    "quantity_negative": gettext_noop("quantity must not be negative"),
    "unit_missing": gettext_noop("unit missing (use %(units)s)"),
    "unit_unknown": gettext_noop("unknown unit %(unit)s (use %(units)s)"),
    "unit_needs_density": gettext_noop(
        "the unit is a volume and no liquid density is known: give a density (kg/L)"
    ),
    "concentration_invalid": gettext_noop(
        "concentration %(value)s is not a percentage above 0 and at most 100"
    ),
    "identifier_missing": gettext_noop("identifier missing"),
    "identifier_unrecognised": gettext_noop("identifier not recognised (%(reason)s)"),
    "density_invalid": gettext_noop("density %(value)s is not a positive number (kg/L)"),
    "cell_too_long": gettext_noop("a cell over %(limit)s characters (%(columns)s)"),
}

# Parameters that are numbers (written in the reader's way) and those that are English data
# (a data set's name, the screening engine's reason): shown marked as English.
NUMBERS = {"density": None, "limit": 0}
ENGLISH = {"source", "reason", "units"}

_NUMBER = r"[0-9][0-9.,eE+-]*"
# The English messages of chemsec.science.quantities and of the import, read back into codes.
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), code)
    for pattern, code in (
        (rf"density (?P<density>{_NUMBER}) kg/L from the file", "density_file"),
        (rf"density (?P<density>{_NUMBER}) kg/L at 25 C \((?P<source>.+)\)", "density_data"),
        (r"quantity missing", "quantity_missing"),
        (r"quantity (?P<value>.+) is not a number", "quantity_not_number"),
        (r"quantity must not be negative", "quantity_negative"),
        (r"unit missing \(use (?P<units>.+)\)", "unit_missing"),
        (r"unknown unit (?P<unit>.+) \(use (?P<units>.+)\)", "unit_unknown"),
        (r"unit needs density \(a volume, and no liquid density is known\)", "unit_needs_density"),
        (
            r"concentration (?P<value>.+) is not a percentage above 0 and at most 100",
            "concentration_invalid",
        ),
        (r"identifier missing", "identifier_missing"),
        (r"identifier not recognised \((?P<reason>.*)\)", "identifier_unrecognised"),
        (r"density (?P<value>.+) is not a positive number \(kg/L\)", "density_invalid"),
        (
            r"a cell over (?P<limit>[0-9,]+) characters \((?P<columns>.+), MAX_CELL_CHARS\)",
            "cell_too_long",
        ),
    )
)


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def reason_code(message: str) -> Params:
    """One English reason as a code with its parameters; ``{"text": message}`` when it
    matches no code (shown as stored, marked English)."""
    message = message.strip()
    for pattern, code in PATTERNS:
        found = pattern.fullmatch(message)
        if found is None:
            continue
        params: Params = {}
        for name, value in found.groupdict().items():
            number = _number(value) if name in NUMBERS else None
            if name in NUMBERS and number is None:
                break  # not a number after all: keep the text
            params[name] = number if name in NUMBERS else value
        else:
            return {"code": code, "params": params}
    return {"text": message}


def reason_codes(messages: Iterable[str]) -> list[Params]:
    """The codes of an import row's reasons (the messages as the import produced them)."""
    return [reason_code(m) for m in messages if m.strip()]


def stored_codes(codes: Any, reason: str) -> list[Params]:
    """A row's reasons as codes: those stored, else read from its English text (rows
    imported before the codes were stored)."""
    if isinstance(codes, list) and codes:
        return [c for c in codes if isinstance(c, dict)]
    return reason_codes(reason.split("; ")) if reason else []


def _english(value: Any) -> SafeString:
    return format_html('<bdi lang="en" dir="ltr">{}</bdi>', value)


def number(value: float, decimals: int | None = None) -> str:
    """A number written as the active language writes it (grouping and decimal mark)."""
    return str(formats.number_format(value, decimals, use_l10n=True, force_grouping=True))


def _param(name: str, value: Any) -> SafeString:
    if name in NUMBERS and isinstance(value, int | float):
        return format_html("{}", number(value, NUMBERS[name]))
    if name in ENGLISH:
        return _english(value)
    return format_html("<bdi>{}</bdi>", value)


def _interpolate(message: str, params: dict[str, SafeString]) -> SafeString:
    template = str(conditional_escape(message))
    return mark_safe(template % params if params else template)  # noqa: S308 - both escaped


def _in_reader_language(english: str, params: dict[str, SafeString]) -> SafeString:
    """The message translated and filled in; where it has no translation yet, the English
    text marked as English (so a right-to-left page keeps its word order)."""
    translated = gettext(english)
    try:
        text = _interpolate(translated, params)
    except (KeyError, TypeError, ValueError):  # a translation whose placeholders differ
        translated, text = english, _interpolate(english, params)
    if translated == english and not (get_language() or "en").startswith("en"):
        return format_html('<span lang="en" dir="ltr">{}</span>', text)
    return text


def code_html(entry: Params) -> SafeString:
    """One reason in the reader's language."""
    code = entry.get("code")
    english = MESSAGES.get(code) if isinstance(code, str) else None
    if english is None:
        return _english(entry.get("text", code or ""))
    raw = entry.get("params")
    params = raw if isinstance(raw, dict) else {}
    return _in_reader_language(english, {k: _param(k, v) for k, v in params.items()})


def code_text(entry: Params) -> str:
    """One reason as plain text in the active language (the API's ``text``): the message
    translated where it is, else the English, numbers written as the language writes them;
    a part that matches no code is its stored text."""
    code = entry.get("code")
    english = MESSAGES.get(code) if isinstance(code, str) else None
    if english is None:
        return str(entry.get("text", code or ""))
    raw = entry.get("params")
    params = raw if isinstance(raw, dict) else {}
    values = {
        k: number(v, NUMBERS[k]) if k in NUMBERS and isinstance(v, int | float) else str(v)
        for k, v in params.items()
    }
    try:
        return gettext(english) % values if values else gettext(english)
    except (KeyError, TypeError, ValueError):  # a translation whose placeholders differ
        return english % values if values else english


def api_reasons(codes: Any, reason: str) -> list[dict[str, Any]]:
    """A row's reasons for the API, each as its code (``None`` for a part stored as text
    that matches no code), its parameters and its text in the active language."""
    shown = []
    for entry in stored_codes(codes, reason):
        code = entry.get("code")
        params = entry.get("params")
        shown.append(
            {
                "code": code if isinstance(code, str) and code in MESSAGES else None,
                "params": params if isinstance(params, dict) else {},
                "text": code_text(entry),
            }
        )
    return shown


def _joined(parts: list[SafeString]) -> SafeString:
    return mark_safe(clause_separator().join(parts))  # noqa: S308 - each part escaped


def reasons_html(codes: Any, reason: str) -> SafeString:
    """An import row's reasons, in the reader's language."""
    return _joined([code_html(c) for c in stored_codes(codes, reason)])


# --- chemicals of interest -------------------------------------------------------------------


def threshold_label(label: str) -> SafeString:
    """A threshold's label ("CFATS lapsed") in the reader's language."""
    if label == CFATS_LAPSED:
        text = pgettext("threshold label", "CFATS lapsed")
        if text == CFATS_LAPSED and not (get_language() or "en").startswith("en"):
            return _english(text)
        return format_html("{}", text)
    return _english(label) if label else mark_safe("")


def threshold_note(note: str) -> SafeString:
    if note == "rows without a concentration counted as pure":
        return format_html("{}", gettext("rows without a concentration counted as pure"))
    return _english(note) if note else mark_safe("")


CROSSED = gettext_noop(
    "%(quantity)s lb is at or above the %(source)s %(issue)s threshold of %(threshold)s lb"
)
BELOW = gettext_noop(
    "%(quantity)s lb is below the %(source)s %(issue)s threshold of %(threshold)s lb"
)
# A threshold with a minimum concentration counts only the rows at or above it (and those
# without a concentration): when that left rows out, the quantity is not the chemical's
# total, and the sentence says which rows it counts.
CROSSED_FLOOR = gettext_noop(
    "%(quantity)s lb, counting only the rows of at least %(floor)s %% concentration, is at "
    "or above the %(source)s %(issue)s threshold of %(threshold)s lb"
)
BELOW_FLOOR = gettext_noop(
    "%(quantity)s lb, counting only the rows of at least %(floor)s %% concentration, is "
    "below the %(source)s %(issue)s threshold of %(threshold)s lb"
)
ON_LISTS = gettext_noop("Listed on %(lists)s")


def _comparison(crossed: bool, p: dict[str, Any]) -> SafeString:
    params = {
        "quantity": format_html("{}", number(float(p["quantity_lb"]), 0)),
        "source": _english(p.get("source", "")),
        # The issue's words are translated labels, a listed name in it stays English data.
        "issue": format_html("<bdi>{}</bdi>", threshold_issue(p.get("issue", ""))),
        "threshold": format_html("{}", number(float(p["threshold_lb"]), 0)),
    }
    floor = p.get("floor")
    if isinstance(floor, int | float):
        floor = float(floor)
        params["floor"] = format_html("{}", number(floor, 0 if floor.is_integer() else None))
        message = CROSSED_FLOOR if crossed else BELOW_FLOOR
    else:
        message = CROSSED if crossed else BELOW
    text = _in_reader_language(message, params)
    label = p.get("label") or ""
    return format_html("{} [{}]", text, threshold_label(label)) if label else text


def reader_list(items: list[SafeString]) -> SafeString:
    """Items joined as the reader's language joins a list ("A, B and C"; CLDR patterns)."""
    marks = [f"\ue000{i}\ue001" for i in range(len(items))]  # stand-ins while joining
    try:
        joined = str(format_list(marks, locale=to_locale(get_language() or "en")))
    except (UnknownLocaleError, ValueError):
        return list_join(items)
    html = str(conditional_escape(joined))  # the pattern's own words and punctuation
    for mark, item in zip(marks, items, strict=True):
        html = html.replace(mark, str(item), 1)
    return mark_safe(html)  # noqa: S308 - the pattern escaped, each item safe


def chemical_codes(chemical: dict[str, Any]) -> list[Params]:
    """Why a chemical is of interest, as codes (chemsec.science.thresholds.REASONS): those
    the snapshot keeps, else, for a snapshot stored before the codes, made from its lists and
    thresholds as the aggregation makes them."""
    stored = chemical.get("reason_codes")
    if isinstance(stored, list) and stored:
        return [c for c in stored if isinstance(c, dict)]
    rows = chemical.get("rows")
    thresholds = [t for t in chemical.get("thresholds") or [] if _complete(t)]
    lists = [m for m in chemical.get("lists") or [] if isinstance(m, dict)]
    return threshold_reason_codes(lists, thresholds, rows if isinstance(rows, int) else 0)


def chemical_code_html(entry: Params) -> SafeString:
    """One part of why a chemical is of interest, in the reader's language; a code this
    version does not know is shown as stored, marked English."""
    code = entry.get("code")
    raw = entry.get("params")
    params = raw if isinstance(raw, dict) else {}
    names = params.get("lists")
    if code == "on_lists" and isinstance(names, list):
        listed = reader_list([_english(name) for name in names])
        return _in_reader_language(ON_LISTS, {"lists": listed})
    if code in ("threshold_crossed", "threshold_below") and _complete(params):
        return _comparison(code == "threshold_crossed", params)
    return _english(entry.get("text") or code or "")


def chemical_reason_html(chemical: dict[str, Any]) -> SafeString:
    """Why a chemical is of interest (the lists it is on, each threshold compared), in the
    reader's language, from the codes stored on the snapshot."""
    return _joined([chemical_code_html(c) for c in chemical_codes(chemical)])


def chemical_api_reasons(chemical: dict[str, Any]) -> list[dict[str, Any]]:
    """Why a chemical is of interest, for the API: each part's code (``None`` for one this
    version does not know), its parameters and its text in the active language."""
    shown = []
    for entry in chemical_codes(chemical):
        code, params = entry.get("code"), entry.get("params")
        shown.append(
            {
                "code": code if isinstance(code, str) and code in THRESHOLD_REASONS else None,
                "params": params if isinstance(params, dict) else {},
                "text": unescape(strip_tags(chemical_code_html(entry))),
            }
        )
    return shown


def _complete(t: Any) -> bool:
    return isinstance(t, dict) and all(
        isinstance(t.get(k), int | float) for k in ("quantity_lb", "threshold_lb")
    )


def tier_text() -> str:
    return gettext(
        "Tier is a simple indicator, not a regulatory tier: tier 1 when a facility crosses "
        "3 or more thresholds in total, tier 2 for 2, tier 3 for 1, and 'below thresholds' "
        "when it holds chemicals of interest under every threshold or none."
    )


def shown_chemicals(chemicals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The snapshot's chemicals with what the page shows in the reader's language:
    ``reason_html``, and each threshold's ``label_html`` and ``note_html``."""
    shown = []
    for chemical in chemicals:
        row = dict(chemical)
        row["reason_html"] = chemical_reason_html(chemical)
        row["thresholds"] = [
            {
                **t,
                "label_html": threshold_label(t.get("label") or ""),
                "note_html": threshold_note(t.get("note") or ""),
            }
            for t in chemical.get("thresholds") or []
            if isinstance(t, dict)
        ]
        shown.append(row)
    return shown
