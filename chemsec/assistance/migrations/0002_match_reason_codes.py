"""An assistance request's match reasons as codes with parameters, not text.

Requests filed before kept each proposed practice's reasons as sentences in the language of
whoever filed them ("Same stage: Storage", "Même étape : Stockage"). A sentence that is one
of the platform's own in any of the site's languages becomes its code with its parameters
(chemsec.assistance.reasons), shown again in each reader's language. Any other sentence is
kept as it was written, as ``{"text": ..., "language": ...}``: its language is the one the
request's recognised sentences were all written in, when exactly one is (else left empty).

The codes and English labels are written out here, as they were when this migration was
made: the migration reads the past and must not change when the vocabularies do.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import migrations
from django.utils.translation import gettext, override

NEED_TERMS = "Matches the terms of the need"
SECTION = "Linked to framework section %(code)s %(title)s"
STAGE = "Same stage: %(stage)s"
MEASURE = "Same measure type: %(type)s"
TERMS = "matches %(terms)s"
SIMILARITY = "semantic similarity %(value).2f"

STAGES = {
    "research": "Research",
    "manufacture": "Manufacture",
    "storage": "Storage",
    "transport": "Transport",
    "distribution": "Distribution",
    "end_use": "End use",
    "waste": "Waste",
}
MEASURE_TYPES = {
    "physical_protection": "Physical protection",
    "personnel_security": "Personnel security",
    "information_cyber_security": "Information and cyber security",
    "inventory_control": "Inventory control",
    "management_governance": "Management and governance",
    "transport_security": "Transport security",
    "emergency_preparedness": "Emergency preparedness",
    "outreach_training": "Outreach and training",
}
#: Django's language codes -> the ones stored (ISO 639-1, as the content's).
STORED = {"zh-hans": "zh"}
LIST_SEPARATORS = re.compile(r"\s*[,\u060c\u3001]\s*")


def _pattern(message: str, groups: dict[str, str]) -> re.Pattern[str]:
    """A translated message as a pattern: its text literal, each placeholder a group."""
    parts = re.split(r"(%\([a-z]+\)[.0-9]*[sdf])", message)
    pattern = ""
    for part in parts:
        name = re.fullmatch(r"%\(([a-z]+)\)[.0-9]*[sdf]", part)
        pattern += f"(?P<{name.group(1)}>{groups[name.group(1)]})" if name else re.escape(part)
    return re.compile(pattern)


class Recogniser:
    """Every sentence of the platform's match reasons in every language of the site."""

    def __init__(self, languages: list[str]) -> None:
        # exact sentence -> (code, params, languages it is written in)
        self.exact: dict[str, tuple[str, dict[str, Any], set[str]]] = {}
        # (pattern, code, language)
        self.patterns: list[tuple[re.Pattern[str], str, str]] = []
        for language in languages:
            stored = STORED.get(language, language)
            with override(language):
                self._exact(gettext(NEED_TERMS), "need_terms", {}, stored)
                for code, label in STAGES.items():
                    text = gettext(STAGE) % {"stage": gettext(label)}
                    self._exact(text, "same_stage", {"stage": code}, stored)
                for code, label in MEASURE_TYPES.items():
                    text = gettext(MEASURE) % {"type": gettext(label)}
                    self._exact(text, "same_measure_type", {"measure_type": code}, stored)
                for message, code, groups in (
                    (SECTION, "framework_section", {"code": r"\S+", "title": ".*"}),
                    (TERMS, "search_terms", {"terms": ".+"}),
                    (SIMILARITY, "search_similarity", {"value": r"-?[0-9]+(?:[.,][0-9]+)?"}),
                ):
                    pattern = _pattern(gettext(message), groups)
                    self.patterns.append((pattern, code, stored))

    def _exact(self, text: str, code: str, params: dict[str, Any], language: str) -> None:
        key = text.strip()
        if key in self.exact and self.exact[key][0] == code:
            self.exact[key][2].add(language)
        elif key not in self.exact:
            self.exact[key] = (code, params, {language})

    def recognise(self, text: str, section: str) -> tuple[dict[str, Any] | None, set[str]]:
        """The stored reason for one sentence, and the languages it may be written in
        (None: not one of the platform's sentences)."""
        text = text.strip()
        if text in self.exact:
            code, params, languages = self.exact[text]
            return {"code": code, "params": dict(params)}, set(languages)
        found: dict[str, Any] | None = None
        languages: set[str] = set()
        for pattern, code, language in self.patterns:
            match = pattern.fullmatch(text)
            if match is None:
                continue
            params = _params(code, match.groupdict(), section)
            if params is None:
                continue
            if found is None:
                found = {"code": code, "params": params}
            if found["code"] == code:
                languages.add(language)
        return found, languages


def _params(code: str, values: dict[str, str], section: str) -> dict[str, Any] | None:
    if code == "framework_section":  # only ever the section the request names
        return {"urn": section, "code": values["code"]}
    if code == "search_terms":
        return {"terms": [t for t in LIST_SEPARATORS.split(values["terms"]) if t]}
    try:
        return {"value": float(values["value"].replace(",", "."))}
    except ValueError:
        return None


def convert(reasons: Any, section: str, recogniser: Recogniser) -> tuple[list[Any], bool]:
    """One match's reasons as codes; text no code matches is kept, its language guessed
    from the sentences recognised (the same for the whole request, see `convert_matches`)."""
    out: list[Any] = []
    changed = False
    for entry in reasons if isinstance(reasons, list) else []:
        if not isinstance(entry, str):
            out.append(entry)
            continue
        changed = True
        found, languages = recogniser.recognise(entry, section)
        out.append(found if found is not None else {"text": entry, "language": None})
        if found is not None:
            out[-1]["_languages"] = languages
    return out, changed


def convert_matches(matches: Any, section: str, recogniser: Recogniser) -> Any:
    """A request's matches with their reasons as codes (unchanged if none was text)."""
    if not isinstance(matches, list):
        return matches
    converted = []
    any_changed = False
    candidates: set[str] | None = None
    for match in matches:
        if not isinstance(match, dict):
            converted.append(match)
            continue
        reasons, changed = convert(match.get("reasons"), section, recogniser)
        any_changed = any_changed or changed
        for entry in reasons:
            if isinstance(entry, dict) and "_languages" in entry:
                languages = entry.pop("_languages")
                candidates = languages if candidates is None else candidates & languages
        converted.append({**match, "reasons": reasons} if changed else match)
    if not any_changed:
        return matches
    language = next(iter(candidates)) if candidates is not None and len(candidates) == 1 else ""
    for match in converted:
        for entry in match.get("reasons", []) if isinstance(match, dict) else []:
            if isinstance(entry, dict) and entry.get("language", "") is None:
                entry["language"] = language
    return converted


def to_codes(apps: Any, schema_editor: Any) -> None:
    AssistanceRequest = apps.get_model("assistance", "AssistanceRequest")
    recogniser = Recogniser([code for code, _name in settings.LANGUAGES])
    rows = AssistanceRequest.objects.values_list("pk", "matches", "framework_section")
    for pk, matches, section in rows.iterator():
        converted = convert_matches(matches, section or "", recogniser)
        if converted is not matches:  # a data migration, not a person's write: no audit entry
            AssistanceRequest.objects.filter(pk=pk).update(matches=converted)


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(to_codes, migrations.RunPython.noop),
    ]
