"""The policy table, part two: the supply chain (customers, products, orders, cases, reports,
order imports) and sanctions screening."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from chemsec.core.choices import OrganisationKind, Role
from chemsec.core.policy.predicates import (
    all_of,
    member,
    nobody,
    organisation_kind,
    related_member,
    secretariat,
)
from chemsec.core.policy.rule import Rule, object_rules
from chemsec.core.policy.visibility import object_may

SUPPLYCHAIN_RULES: dict[str, Rule] = {
    # Supply chain: a supplier's customers, products, orders and cases (customers, orders and
    # cases restricted by default); cases are decided and reported by its reviewers. A report
    # is read by its sender and the national authority it is addressed to, and by nobody
    # else (chemsec/supplychain/querysets.py): it is never shared further or deleted.
    **object_rules("customer"),
    "customer.create": Rule(
        member(Role.CONTRIBUTOR),
        message=gettext_lazy("Contributors of the organisation record its customers."),
    ),
    **object_rules("product"),
    "product.create": Rule(
        member(Role.CONTRIBUTOR),
        message=gettext_lazy("Contributors of the organisation keep its product catalogue."),
    ),
    **object_rules("order"),
    "order.create": Rule(  # target: the customer
        object_may("change"),
        message=gettext_lazy("Contributors of the supplier record orders for its customers."),
    ),
    "order.review": Rule(all_of(object_may("view"), member(Role.REVIEWER))),
    **object_rules("case"),
    "case.decide": Rule(
        all_of(object_may("view"), member(Role.REVIEWER)),
        message=gettext_lazy("Only the supplier's reviewers and admins decide cases."),
    ),
    **object_rules("report"),
    "report.share": Rule(nobody),
    "report.unshare": Rule(nobody),
    "report.delete": Rule(nobody),
    "report.create": Rule(  # target: the case, or the organisation for a theft or loss
        member(Role.REVIEWER),
        message=gettext_lazy("Only the supplier's reviewers and admins send reports."),
    ),
    "report.respond": Rule(object_may("change")),
    "report.acknowledge": Rule(
        related_member("authority", Role.CONTRIBUTOR),
        message=gettext_lazy("Only the addressed authority's contributors handle a report."),
    ),
    "report.ask": Rule(
        related_member("authority", Role.CONTRIBUTOR),
        message=gettext_lazy("Only the addressed authority's contributors handle a report."),
    ),
    "report.close": Rule(
        related_member("authority", Role.CONTRIBUTOR),
        message=gettext_lazy("Only the addressed authority's contributors handle a report."),
    ),
    # The secretariat's de-identified counts of reports across every State (global).
    "supplychain.overview": Rule(secretariat(Role.VIEWER)),
    "supplychain.inbox": Rule(  # target: the acting organisation
        all_of(member(Role.VIEWER), organisation_kind(OrganisationKind.NATIONAL_AUTHORITY)),
        message=gettext_lazy("The inbox is for national authorities."),
    ),
    # Order imports (ERP exports): restricted to who uploaded them and the supplier's admins.
    **object_rules("orderimport"),
    "order.import": Rule(  # target: the organisation
        member(Role.CONTRIBUTOR),
        message=gettext_lazy("Contributors of the supplier import its orders."),
    ),
    "customer.snooze": Rule(
        all_of(object_may("view"), member(Role.REVIEWER)),
        message=gettext_lazy("Only the supplier's reviewers and admins snooze a rule."),
    ),
    **object_rules("rulesnooze"),
    # Sanctions: lists imported as dated versions by a supplier's reviewers; parties screened
    # by its contributors; a match cleared as a false positive by a reviewer who sees it.
    **object_rules("listversion"),
    **object_rules("sanctionsscreening"),
    "sanctions.import": Rule(
        member(Role.REVIEWER),
        message=gettext_lazy("Only reviewers and admins import sanctions lists."),
    ),
    "sanctions.screen": Rule(member(Role.CONTRIBUTOR)),
    "sanctions.clear": Rule(
        all_of(object_may("view"), member(Role.REVIEWER)),
        message=gettext_lazy("Only reviewers and admins clear a match."),
    ),
    # (end of sanctions)
}
