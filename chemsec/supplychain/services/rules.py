"""Rule snoozes for a customer and reviewers' dispositions per rule (its precision)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chemsec.core.models import Organisation, User
from chemsec.core.policy import Actor, AnyUser, require
from chemsec.core.writes import write_create, write_update
from chemsec.supplychain.models import (
    Alert,
    Customer,
    Disposition,
    RuleDisposition,
    RuleSnooze,
)
from chemsec.supplychain.rulebook import current_rulebook

MAX_SNOOZE_DAYS = 90
# Rules the law or a list decides: never set aside for a customer (a false positive on a
# sanctions list is cleared on the match itself, in chemsec.sanctions).
UNSNOOZABLE_TYPOLOGIES = frozenset({"legal-restriction", "denied-party"})


def snoozable_codes() -> list[str]:
    book = current_rulebook()
    hard = {urn for t in book.typologies if t.code in UNSNOOZABLE_TYPOLOGIES for urn in t.weights}
    return [rule.code for rule in book.rules if rule.urn not in hard]


@transaction.atomic
def rule_snooze(
    *, actor: Actor, customer: Customer, rule_code: str, justification: str, expires_on: dt.date
) -> RuleSnooze:
    require(actor, "customer.snooze", customer)
    if rule_code not in snoozable_codes():
        raise ValidationError(_("This rule cannot be snoozed."))
    if not justification.strip():
        raise ValidationError(_("Say why the rule is snoozed for this customer."))
    today = timezone.localdate()
    if not today <= expires_on <= today + dt.timedelta(days=MAX_SNOOZE_DAYS):
        raise ValidationError(_("A snooze ends within 90 days."))
    snooze = RuleSnooze(
        organisation=customer.organisation,
        customer=customer,
        rule_code=rule_code,
        justification=justification.strip(),
        expires_on=expires_on,
    )
    return write_create(snooze, actor=actor)


def snoozed_rules(customer: Customer, day: dt.date) -> frozenset[str]:
    return frozenset(
        customer.snoozes.filter(expires_on__gte=day).values_list("rule_code", flat=True)
    )


@transaction.atomic
def rule_dispose(
    *, actor: Actor, alert: Alert, rule_code: str, disposition: str, note: str = ""
) -> RuleDisposition:
    """A reviewer's verdict on one rule of an alert; a second verdict replaces the first."""
    require(actor, "case.decide", alert.case)
    if rule_code not in {b.get("code") for b in alert.breaches}:
        raise ValidationError(_("That rule did not fire on this alert."))
    if disposition not in Disposition.values:
        raise ValidationError(_("Unknown disposition."))
    existing = alert.dispositions.filter(rule_code=rule_code).first()
    decided_by = actor if isinstance(actor, User) else None
    if existing is not None:
        values = {"disposition": disposition, "note": note.strip(), "decided_by": decided_by}
        return write_update(existing, actor=actor, values=values)
    record = RuleDisposition(
        alert=alert,
        rule_code=rule_code,
        disposition=disposition,
        note=note.strip(),
        decided_by=decided_by,
    )
    return write_create(record, actor=actor)


def rule_precision(user: AnyUser, organisation: Organisation | None) -> list[dict[str, Any]]:
    """Each rule with its dispositions on the alerts the reader may see, and its precision:
    (useful + confirmed) / all dispositions, None before the first one."""
    from chemsec.supplychain.models import Case

    cases = Case.objects.visible_to(user).filter(organisation=organisation)
    counts: Counter[tuple[str, str]] = Counter(
        RuleDisposition.objects.filter(alert__case__in=cases.values("pk")).values_list(
            "rule_code", "disposition"
        )
    )
    rows = []
    for rule in current_rulebook().rules:
        tally = {d: counts[(rule.code, d)] for d in Disposition.values}
        total = sum(tally.values())
        good = tally[Disposition.USEFUL] + tally[Disposition.CONFIRMED]
        rows.append(
            {
                "code": rule.code,
                "title": rule.title,
                "description": rule.description,
                "citation": rule.citation,
                **tally,
                "total": total,
                "precision": round(good / total, 3) if total else None,
            }
        )
    return rows
