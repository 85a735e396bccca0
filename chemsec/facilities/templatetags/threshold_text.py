"""`{{ t.issue|threshold_issue }}`: the security issue a threshold quantity is set for, in
the reader's language.

The comparison stored on an inventory snapshot keeps each threshold's issue as the data
writes it (chemsec.science.thresholds): EPA RMP's ``"toxic: Chlorine"`` or
``"flammable: Propane"`` (the kind of list, then the listed name), CFATS's
``"release (toxic)"`` or ``"theft (EXP/IEDP)"`` (the security issue, then its kind). The
words of that vocabulary are translated; a listed name stays English, marked so; an issue
written some other way is shown as stored, marked English.
"""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext, pgettext_lazy

register = template.Library()

#: EPA RMP's two lists (40 CFR 68.130, tables 1-2 toxic, 3-4 flammable).
RMP_KINDS = {
    "toxic": pgettext_lazy("threshold list", "Toxic"),
    "flammable": pgettext_lazy("threshold list", "Flammable"),
}
#: CFATS Appendix A's security issues and the kinds given with them.
CFATS_ISSUES = {
    "release": pgettext_lazy("security issue", "release"),
    "theft": pgettext_lazy("security issue", "theft"),
    "sabotage": pgettext_lazy("security issue", "sabotage"),
}
CFATS_KINDS = {
    "toxic": pgettext_lazy("security issue kind", "toxic"),
    "flammable": pgettext_lazy("security issue kind", "flammable"),
    "explosive": pgettext_lazy("security issue kind", "explosive"),
    "exp/iedp": pgettext_lazy("security issue kind", "explosive or IED precursor"),
    "wme": pgettext_lazy("security issue kind", "weapon of mass effect"),
    "cw/cwp": pgettext_lazy("security issue kind", "chemical weapon or precursor"),
    "not given": pgettext_lazy("security issue kind", "kind not given"),
}
_RMP = re.compile(r"^(?P<kind>[a-z]+): (?P<name>.+)$", re.S)
_CFATS = re.compile(r"^(?P<issue>[\w/ ]+?) \((?P<kind>[^()]+)\)$")


def _english(text: str) -> SafeString:
    return format_html('<bdi lang="en" dir="ltr">{}</bdi>', text)


@register.filter
def threshold_issue(issue: Any) -> SafeString:
    text = str(issue or "").strip()
    rmp = _RMP.match(text)
    if rmp and rmp["kind"] in RMP_KINDS:
        label = pgettext("threshold list and listed name", "%(kind)s: %(name)s")
        return format_html(
            label.replace("%(kind)s", "{kind}").replace("%(name)s", "{name}"),
            kind=RMP_KINDS[rmp["kind"]],
            name=_english(rmp["name"]),
        )
    cfats = _CFATS.match(text)
    if cfats:
        issue_label = CFATS_ISSUES.get(cfats["issue"].strip().lower())
        kind_label = CFATS_KINDS.get(cfats["kind"].strip().lower())
        if issue_label is not None:
            label = pgettext("security issue and its kind", "%(issue)s (%(kind)s)")
            return format_html(
                label.replace("%(issue)s", "{issue}").replace("%(kind)s", "{kind}"),
                issue=issue_label,
                kind=kind_label if kind_label is not None else _english(cfats["kind"]),
            )
    return _english(text) if text else mark_safe("—")
