"""The shipped risk matrix's scale and level names in the reader's language.

The shipped 5 x 5 matrix (content/matrices/ccps-5x5.yaml) is reference data with fixed
English names; the pages show them translated. A name is known by its scale and its English
text as shipped, so an organisation's own matrix that reuses a shipped name reads the same,
and a name of its own (typed by its members) is shown as typed. A known name whose
translation is missing from the reader's catalogue is shown in English, marked so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext_lazy

# Scale -> the English name as shipped -> its translatable name.
SHIPPED: dict[str, dict[str, Promise]] = {
    "likelihood": {
        "Very unlikely": pgettext_lazy("risk matrix", "Very unlikely"),
        "Unlikely": pgettext_lazy("risk matrix", "Unlikely"),
        "Possible": pgettext_lazy("risk matrix", "Possible"),
        "Likely": pgettext_lazy("risk matrix", "Likely"),
        "Very likely": pgettext_lazy("risk matrix", "Very likely"),
    },
    "consequence": {
        "Negligible": pgettext_lazy("risk matrix", "Negligible"),
        "Minor": pgettext_lazy("risk matrix", "Minor"),
        "Moderate": pgettext_lazy("risk matrix", "Moderate"),
        "Major": pgettext_lazy("risk matrix", "Major"),
        "Catastrophic": pgettext_lazy("risk matrix", "Catastrophic"),
    },
    "levels": {
        "Low": pgettext_lazy("risk matrix", "Low"),
        "Medium": pgettext_lazy("risk matrix", "Medium"),
        "High": pgettext_lazy("risk matrix", "High"),
        "Very high": pgettext_lazy("risk matrix", "Very high"),
    },
}


def matrix_label(label: Any, scale: str) -> str | SafeString:
    """A matrix name as the reader sees it: translated when it is a shipped name, in English
    marked lang="en" when the catalogue has no translation yet, else as stored."""
    text = str(label)
    name = SHIPPED.get(scale, {}).get(text)
    if name is None:
        return text
    shown = str(name)
    if shown == text and not (get_language() or "en").startswith("en"):
        return format_html('<span lang="en" dir="ltr">{}</span>', shown)
    return shown


def level_label(code: Any, matrix: Mapping[str, Any] | None) -> str | SafeString:
    """A level code (a rating's `level`) by its name in the matrix, as the reader sees it."""
    names = {}
    for step in (matrix or {}).get("levels", []):
        if isinstance(step, Mapping):
            names[str(step.get("code"))] = str(step.get("label", step.get("code")))
    return matrix_label(names.get(str(code), str(code)), "levels")
