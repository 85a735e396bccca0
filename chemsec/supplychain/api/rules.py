"""Rules: the rule book in force with each rule's precision from reviewers' verdicts, a rule
snoozed for one customer (time-boxed, with a justification), and a reviewer's verdict on one
rule of an alert. The services are the ones the pages call (`services.rules`)."""

from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import Status

from chemsec.core.api_auth import MEMBERS
from chemsec.core.policy import NotVisible, acting_organisation, get_object
from chemsec.supplychain.api.common import SupplychainRouter
from chemsec.supplychain.api.schemas import (
    DispositionIn,
    DispositionOut,
    RuleOut,
    SnoozeIn,
    SnoozeOut,
)
from chemsec.supplychain.models import Alert, Case, Customer, RuleDisposition, RuleSnooze
from chemsec.supplychain.services.rules import (
    rule_dispose,
    rule_precision,
    rule_snooze,
    snoozable_codes,
)

router = SupplychainRouter()


@router.get("/supplychain/rules", response=list[RuleOut], auth=MEMBERS)
def supplychain_rule_list(request: HttpRequest) -> list[RuleOut]:
    """The rules in force with their citations, whether a reviewer may snooze each for a
    customer, and their precision from the verdicts on the alerts you may see."""
    snoozable = set(snoozable_codes())
    return [
        RuleOut(**row, snoozable=row["code"] in snoozable)
        for row in rule_precision(request.user, acting_organisation(request))
    ]


def _snooze_out(snooze: RuleSnooze) -> SnoozeOut:
    return SnoozeOut(
        id=snooze.pk,
        rule_code=snooze.rule_code,
        justification=snooze.justification,
        expires_on=snooze.expires_on,
        active=snooze.active_on(timezone.localdate()),
        created_at=snooze.created_at,
    )


@router.get("/supplychain/customers/{customer_id}/snoozes", response=list[SnoozeOut], auth=MEMBERS)
def supplychain_snooze_list(request: HttpRequest, customer_id: UUID) -> list[SnoozeOut]:
    """The rules snoozed for this customer, past ones included (the newest first)."""
    item = get_object(request.user, "customer.view", Customer.objects, pk=customer_id)
    return [_snooze_out(s) for s in item.snoozes.order_by("-created_at")]


@router.post(
    "/supplychain/customers/{customer_id}/snoozes", response={201: SnoozeOut}, auth=MEMBERS
)
def supplychain_snooze_create(
    request: HttpRequest, customer_id: UUID, payload: SnoozeIn
) -> Status[SnoozeOut]:
    """Set a rule aside for this customer until a date (at most 90 days), saying why.
    Rules the law or a list decides (legal restrictions, denied parties) are never snoozed."""
    item = get_object(request.user, "customer.snooze", Customer.objects, pk=customer_id)
    snooze = rule_snooze(actor=request.user, customer=item, **payload.dict())
    return Status(201, _snooze_out(snooze))


def _disposition_out(record: RuleDisposition) -> DispositionOut:
    return DispositionOut(
        id=record.pk,
        alert_id=record.alert_id,
        rule_code=record.rule_code,
        disposition=record.disposition,
        note=record.note,
        decided_by=record.decided_by.get_username() if record.decided_by else "",
        updated_at=record.updated_at,
    )


@router.post(
    "/supplychain/cases/{case_id}/alerts/{alert_id}/dispositions",
    response=DispositionOut,
    auth=MEMBERS,
)
def supplychain_alert_dispose(
    request: HttpRequest, case_id: UUID, alert_id: UUID, payload: DispositionIn
) -> DispositionOut:
    """A reviewer's verdict on one rule that fired on this alert (false positive, useful,
    confirmed); a second verdict on the same rule replaces the first."""
    case = get_object(request.user, "case.decide", Case.objects, pk=case_id)
    alert = Alert.objects.select_related("case").filter(case=case, pk=alert_id).first()
    if alert is None:
        raise NotVisible
    record = rule_dispose(actor=request.user, alert=alert, **payload.dict())
    return _disposition_out(record)
