"""Why a practice was proposed for a need: codes with parameters, written out for each reader.

An assistance request keeps its matches as they were proposed (`AssistanceRequest.matches`),
each with its reasons stored as ``[{"code": ..., "params": {...}}]``, never as text in the
language of whoever filed it. The codes:

- ``need_terms`` ``{}``: the need's words matched, the search said no more;
- ``framework_section`` ``{"urn", "code"}``: linked to the framework section the requester
  named (its title looked up in the reader's language when shown);
- ``same_stage`` ``{"stage"}``, ``same_measure_type`` ``{"measure_type"}``: a shared
  life-cycle stage or measure type (their codes; the labels are translated when shown);
- the compendium search's own codes (`chemsec.compendium.search.REASONS`): the words found,
  the meaning score, a facet;
- ``{"text": ..., "language": ...}``: a reason stored as text before the codes that no code
  matched (migration 0002), shown as stored, marked with its language when it is known.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language, gettext, gettext_noop

from chemsec.compendium.choices import Language, MeasureType, Stage
from chemsec.compendium.search import REASONS as SEARCH_REASONS
from chemsec.compendium.search import reason_text as search_reason_text

Params = dict[str, Any]

MESSAGES: dict[str, str] = {
    "need_terms": gettext_noop("Matches the terms of the need"),
    "framework_section": gettext_noop("Linked to framework section %(code)s %(title)s"),
    "same_stage": gettext_noop("Same stage: %(stage)s"),
    "same_measure_type": gettext_noop("Same measure type: %(type)s"),
}
CODES = frozenset(MESSAGES) | frozenset(SEARCH_REASONS)


def reason(name: str, /, **params: Any) -> Params:
    """A reason as it is stored: its code and parameters."""
    return {"code": name, "params": params}


@dataclass
class Reason:
    """A reason as a reader sees it: its code and parameters (None and {} for text kept
    from before the codes), its text, and the language of that text ("" for the page's)."""

    code: str | None
    params: Params = field(default_factory=dict)
    text: str = ""
    language: str = ""

    @property
    def stored_as_text(self) -> bool:
        """Kept as it was written before the codes (no code matched it)."""
        return self.code is None

    @property
    def language_name(self) -> str:
        """The name of the text's language, in the reader's ("" when not known)."""
        return str(Language(self.language).label) if self.language in Language.values else ""

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": self.params, "text": self.text}


def _label(vocabulary: Any, code: Any) -> str:
    return str(vocabulary(code).label) if code in vocabulary.values else str(code)


class _Sections:
    """Framework sections' titles in the reader's language, looked up once per rendering."""

    def __init__(self) -> None:
        self._titles: dict[str, str] = {}

    def title(self, urn: str) -> str:
        if urn not in self._titles:
            from chemsec.assistance.matching import section_by_urn
            from chemsec.compendium.translations import translations_for

            found = section_by_urn(urn) if urn else None
            shown = translations_for([urn]).get(urn) if found is not None else None
            own = shown.fields.get("title") if shown is not None else None
            self._titles[urn] = str(own or (found or {}).get("title", ""))
        return self._titles[urn]


def _message(code: str, params: Params, sections: _Sections) -> tuple[str, dict[str, Any]]:
    if code == "framework_section":
        urn = str(params.get("urn", ""))
        return MESSAGES[code], {"code": params.get("code", ""), "title": sections.title(urn)}
    if code == "same_stage":
        return MESSAGES[code], {"stage": _label(Stage, params.get("stage"))}
    if code == "same_measure_type":
        return MESSAGES[code], {"type": _label(MeasureType, params.get("measure_type"))}
    return MESSAGES[code], {}


def _english_left() -> bool:
    return not (get_language() or "en").lower().startswith("en")


def render(entry: Any, sections: _Sections | None = None) -> Reason:
    """One stored reason in the active language; text kept from before the codes as it is."""
    sections = sections or _Sections()
    if isinstance(entry, str):  # stored as text and never converted: shown as stored
        return Reason(None, {}, entry, "")
    if not isinstance(entry, dict):
        return Reason(None, {}, str(entry), "")
    code, raw = entry.get("code"), entry.get("params")
    params: Params = raw if isinstance(raw, dict) else {}
    if code in SEARCH_REASONS:
        text = search_reason_text(entry)
        if text is not None:
            english = str(SEARCH_REASONS[code]) == gettext(SEARCH_REASONS[code])
            return Reason(code, params, text, "en" if english and _english_left() else "")
    elif code in MESSAGES:
        message, values = _message(code, params, sections)
        translated = gettext(message)
        try:
            text = translated % values if values else translated
        except (KeyError, TypeError, ValueError):  # a translation whose placeholders differ
            translated, text = message, message % values if values else message
        english = translated == message and _english_left()
        return Reason(code, params, text, "en" if english else "")
    language = entry.get("language")
    return Reason(None, {}, str(entry.get("text", code or "")), str(language or ""))


def render_all(entries: Iterable[Any], sections: _Sections | None = None) -> list[Reason]:
    sections = sections or _Sections()
    return [render(entry, sections) for entry in entries]


def shown_matches(matches: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Matches as the reader sees them: ``shown_reasons`` (each reason written out in the
    reader's language) and, where the practice has a translation in it, its title and
    summary from it; ``language`` says which language they are in."""
    from chemsec.compendium.translations import translations_for

    matches = [m for m in matches if isinstance(m, dict)]
    translated = translations_for([str(m.get("urn", "")) for m in matches])
    sections = _Sections()
    shown = []
    for match in matches:
        row = {**match, "language": "en"}
        own = translated.get(str(match.get("urn", "")))
        if own is not None:
            row["title"] = own.fields.get("title") or match.get("title", "")
            row["summary"] = own.fields.get("summary") or match.get("summary", "")
            row["language"] = own.language
        row["shown_reasons"] = render_all(match.get("reasons") or [], sections)
        shown.append(row)
    return shown
