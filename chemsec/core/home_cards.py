"""The home page's "What you can do here" cards, chosen by the kind of organisation the
person acts for: a distributor sees its supply chain first, a national authority its inbox
of reports, a facility operator its facilities. Cards name URL names only (reversed when
shown), so core imports no domain app; a module that is not installed drops its card."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chemsec.core.choices import OrganisationKind as Kind


@dataclass(frozen=True)
class Card:
    url_name: str
    title: Promise
    text: Promise


CARDS = {
    "screening": Card(
        "screening:index",
        _("Screen chemicals"),
        _(
            "Check names, CAS numbers or structures against the CWC Schedules, the "
            "Australia Group list, EU Regulation 2019/1148 and CFATS, with the entry quoted."
        ),
    ),
    "compendium": Card(
        "compendium:index",
        _("Best practices"),
        _(
            "A living compendium of security practices for every step of the chemical "
            "life cycle, reviewed by the network."
        ),
    ),
    "assessments": Card(
        "frameworks:index",
        _("Assessments"),
        _(
            "National capacity and facility self-assessments, needs-assessment exercises, "
            "gaps and road maps."
        ),
    ),
    "facilities": Card(
        "facilities:index",
        _("Facility security"),
        _(
            "Inventories, threats and scenarios, protection-system evaluation, consequence "
            "estimates and site security plans, visible only to those who need to know."
        ),
    ),
    "supplychain": Card(
        "supplychain:index",
        _("Supply chain"),
        _(
            "Customers and their verification, orders screened as they arrive, alerts, "
            "cases and reports to the national contact point within 24 hours."
        ),
    ),
    "inbox": Card(
        "supplychain:inbox",
        _("Reports received"),
        _(
            "Suspicious-transaction, disappearance and theft reports addressed to your "
            "authority: acknowledge them, ask questions, see patterns across suppliers."
        ),
    ),
    "incidents": Card(
        "incidents:index",
        _("Incidents"),
        _("Record thefts, losses and security incidents, and follow them to closure."),
    ),
    "assistance": Card(
        "assistance:index",
        _("Assistance"),
        _(
            "Requests for assistance from States, matched with the practices and experts "
            "that answer them."
        ),
    ),
    "network": Card(
        "network:directory",
        _("Network"),
        _("The stakeholders' network, its members and its coordinating committee."),
    ),
    "training": Card(
        "training:catalogue",
        _("Training"),
        _("Courses on chemical security for every step of the life cycle, in six languages."),
    ),
}

# The cards for each kind of organisation, most used first. A person who acts for no
# organisation (or is not signed in) sees DEFAULT.
DEFAULT = ("screening", "compendium", "assessments", "facilities", "training")
BY_KIND: dict[str, tuple[str, ...]] = {
    Kind.SECRETARIAT: (
        "assistance",
        "assessments",
        "compendium",
        "network",
        "training",
        "screening",
    ),
    Kind.NATIONAL_AUTHORITY: (
        "inbox",
        "facilities",
        "assessments",
        "incidents",
        "assistance",
        "screening",
    ),
    Kind.FACILITY_OPERATOR: ("facilities", "screening", "incidents", "assessments", "compendium"),
    Kind.DISTRIBUTOR: ("supplychain", "screening", "compendium", "training"),
    Kind.ACADEMIA: ("screening", "facilities", "compendium", "training"),
}


def cards_for(kind: str | None) -> list[dict[str, str]]:
    """The cards for an organisation of `kind` (None: no organisation), each with its URL."""
    shown = []
    for key in BY_KIND.get(kind or "", DEFAULT):
        card = CARDS[key]
        try:
            url = reverse(card.url_name)
        except NoReverseMatch:
            continue
        shown.append({"key": key, "url": url, "title": str(card.title), "text": str(card.text)})
    return shown
