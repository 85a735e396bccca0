"""The policy table, part three: sites and what is kept about them (facilities, protection,
risk, incidents, custody, stock, waste)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from chemsec.core.choices import OrganisationKind, Role
from chemsec.core.policy.predicates import (
    all_of,
    any_of,
    creator,
    member,
    member_anywhere,
    organisation_kind,
    related_member,
)
from chemsec.core.policy.rule import Rule, object_rules
from chemsec.core.policy.visibility import object_may, related_may

SITE_RULES: dict[str, Rule] = {
    # Facilities: sites and threat profiles. A site's parts (areas, contacts, inventories,
    # scenarios, risk registers) are read with "facility.view" and written with
    # "facility.change" on the site.
    **object_rules("facility"),
    "facility.change": Rule(
        object_may("change"),
        message=gettext_lazy("You may read this facility but not change it."),
    ),
    "facility.share": Rule(
        object_may("share"), message=gettext_lazy("You may read this facility but not share it.")
    ),
    "facility.unshare": Rule(
        object_may("share"), message=gettext_lazy("You may read this facility but not share it.")
    ),
    "facility.create": Rule(
        member(Role.CONTRIBUTOR),
        message=gettext_lazy("Only contributors of the organisation can register its facilities."),
    ),
    **object_rules("threat"),
    "threat.create": Rule(
        member(Role.CONTRIBUTOR),
        message=gettext_lazy("Only contributors of an organisation can write threat profiles."),
    ),
    # Protection: diagrams and estimates are made for a site its editors change (target: the
    # facility). A stored site plan is downloaded by those who see it or made it, and only
    # while they may still export the site: a revoked share takes its exports with it.
    **object_rules("diagram"),
    "diagram.create": Rule(object_may("change")),
    **object_rules("estimate"),
    "estimate.create": Rule(object_may("change")),
    "plan_export.download": Rule(
        all_of(any_of(object_may("view"), creator), related_may("facility", "view")),
        sees=all_of(any_of(object_may("view"), creator), related_may("facility", "view")),
    ),
    # Risk: an organisation's own matrix (its admins change it); the national roll-up, read
    # and exported by members of a national authority (target: the authority).
    "matrix.view": Rule(member(Role.VIEWER)),
    "matrix.change": Rule(
        member(Role.ADMIN),
        message=gettext_lazy("Only your organisation's admins change its risk matrix."),
    ),
    "rollup.view": Rule(
        all_of(member(Role.VIEWER), organisation_kind(OrganisationKind.NATIONAL_AUTHORITY))
    ),
    "rollup.export": Rule(
        all_of(member(Role.VIEWER), organisation_kind(OrganisationKind.NATIONAL_AUTHORITY))
    ),
    # Incidents: the log, reportable incidents, investigations, exercises.
    **object_rules("incident"),
    "incident.create": Rule(
        member(Role.CONTRIBUTOR),
        message=gettext_lazy("Contributors of the organisation record its incidents."),
    ),
    "incident.report": Rule(  # to a national authority, through the supply-chain reports
        all_of(object_may("view"), member(Role.REVIEWER)),
        message=gettext_lazy("Only the organisation's reviewers and admins send reports."),
    ),
    "incident.propose": Rule(  # a lesson learned as a draft compendium practice
        all_of(object_may("change"), member_anywhere),
    ),
    # (end of incidents)
    # Custody: samples and their custody log (the parties of the chain only).
    # A sample is seen by its owner's side and the parties of its chain (querysets.py); the
    # holder's contributors record a step, the receiver's confirm it.
    **object_rules("sample"),
    "sample.create": Rule(
        member(Role.CONTRIBUTOR),
        message=gettext_lazy("Contributors of the organisation register samples."),
    ),
    "sample.handover": Rule(
        related_member("holder", Role.CONTRIBUTOR),
        message=gettext_lazy("Only the holder of the item records its next step."),
    ),
    "sample.split": Rule(
        related_member("holder", Role.CONTRIBUTOR),
        message=gettext_lazy("Only the holder of the item splits it."),
    ),
    "sample.attach": Rule(
        related_member("holder", Role.CONTRIBUTOR),
        message=gettext_lazy("Only the holder of the item adds files to its chain."),
    ),
    "handover.confirm": Rule(  # target: the handover
        related_member("to_organisation", Role.CONTRIBUTOR),
        sees=related_may("sample", "view"),
        message=gettext_lazy("Only the receiving party confirms a handover."),
    ),
    "sample.timestamp": Rule(  # an RFC 3161 token on the head of its custody log
        related_member("holder", Role.CONTRIBUTOR),
        message=gettext_lazy("Only the holder of the item has its chain timestamped."),
    ),
    # (end of custody)
    # Stock: movements, balances and what is unaccounted for.
    # Target: the facility (movements, precisions, imports and balances are its parts), or
    # the organisation for its alert rule (k sigma, threshold).
    "stock.view": Rule(object_may("view")),
    "stock.record": Rule(
        object_may("change"),
        message=gettext_lazy("You may read this facility's stock but not record or reconcile it."),
    ),
    "stock.settings": Rule(
        member(Role.ADMIN),
        message=gettext_lazy("Only your organisation's admins set its reconciliation alerts."),
    ),
    # (end of stock)
    # Waste: streams and consignments (each party in its turn, for its own sites).
    # Target: the generator's facility (streams, new consignments), or the consignment: a
    # party signs only when it is its turn, and only a member of that party (the service
    # also asks that the person acts for it); the receiving facility certifies disposal.
    "waste.view": Rule(object_may("view")),
    "waste.record": Rule(
        object_may("change"),
        message=gettext_lazy("You may read this facility's waste but not record it."),
    ),
    **object_rules("consignment"),
    "consignment.create": Rule(
        object_may("change"),
        message=gettext_lazy("Contributors of the generator's facility prepare manifests."),
    ),
    "consignment.sign": Rule(
        all_of(object_may("view"), related_member("turn_organisation", Role.CONTRIBUTOR)),
        message=gettext_lazy("It is not your organisation's turn to sign this manifest."),
    ),
    "consignment.certify": Rule(
        all_of(object_may("view"), related_member("receiver_organisation", Role.CONTRIBUTOR)),
        message=gettext_lazy("Only the receiving facility certifies disposal."),
    ),
    # (end of waste)
}
