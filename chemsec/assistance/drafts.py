"""Turn an assistance outcome into a draft compendium entry.

Only the outcome text goes into the draft: the request's own need stays restricted. The draft's
related entries and taxonomy come from the compendium's published entries.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from chemsec.assistance.models import Outcome
from chemsec.compendium.models import Practice
from chemsec.compendium.services import proposal_create
from chemsec.core.choices import OrganisationKind
from chemsec.core.policy import Actor

AUDIENCE_OF_KIND: dict[str, str] = {
    OrganisationKind.NATIONAL_AUTHORITY: "national_authority",
    OrganisationKind.FACILITY_OPERATOR: "facility_operator",
    OrganisationKind.DISTRIBUTOR: "distributor",
    OrganisationKind.ACADEMIA: "academia",
}
ALL_SCALES = ["small", "medium", "large"]


def draft_from_outcome(*, user: Actor, outcome: Outcome) -> tuple[str, str]:
    """(proposal id, message for the person who asked); the compendium's own service asks
    the policy whether this person may propose an entry."""
    proposal = proposal_create(
        user=user,
        data=draft_data(outcome),
        note=_("Drafted from the outcome of an assistance request."),
    )
    return str(proposal.pk), _("Outcome recorded and a draft compendium entry was made.")


def draft_data(outcome: Outcome) -> dict[str, Any]:
    request = outcome.request
    practices = _published([m["urn"] for m in request.matches[:3]])
    related = [practice.urn for practice in practices]
    taxonomy = _taxonomy_of(practices)
    return {
        "title": request.title[:200],
        "summary": _summary(outcome.text),
        "body": _body(outcome.text),
        "stages": [request.stage] if request.stage else taxonomy["stages"],
        "measure_types": [request.measure_type] if request.measure_type
        else taxonomy["measure_types"],
        "audiences": [AUDIENCE_OF_KIND.get(request.organisation.kind, "facility_operator")],
        "threats": taxonomy["threats"] or ["theft_diversion"],
        "facility_scale": ALL_SCALES,
        "keywords": [],
        "related_urns": related,
    }  # fmt: skip


def _published(urns: list[str]) -> list[Practice]:
    """The matches still published now, best first: one withdrawn since the request was filed
    is dropped."""
    by_urn = Practice.objects.searchable().in_bulk(urns, field_name="urn")
    return [by_urn[urn] for urn in urns if urn in by_urn]


def _taxonomy_of(practices: list[Practice]) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {"stages": [], "measure_types": [], "threats": []}
    for practice in practices:  # best match first
        for name, codes in merged.items():
            codes += [c for c in getattr(practice, name) if c not in codes]
    merged["stages"] = merged["stages"] or ["storage"]
    merged["measure_types"] = merged["measure_types"] or ["management_governance"]
    return merged


def _summary(text: str) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    return " ".join(sentences[:2])[:600]


def _body(text: str) -> str:
    todo = _("To be completed by the author before review.")
    sections = [
        ("What", text.strip()),
        ("Why", todo),
        ("How to implement", todo),
        ("How to check it works", todo),
        ("Pitfalls", todo),
    ]
    return "\n\n".join(f"## {heading}\n\n{content}" for heading, content in sections)
