"""Cases: the supplier's reviewers read why an order was held and decide."""

from uuid import UUID

from django.http import HttpRequest

from chemsec.core.api_auth import MEMBERS
from chemsec.core.policy import acting_organisation, get_object
from chemsec.supplychain import selectors, services
from chemsec.supplychain.api.common import LIMIT, SupplychainRouter
from chemsec.supplychain.api.schemas import (
    AlertOut,
    BreachOut,
    CaseDecisionIn,
    CaseDetailOut,
    CaseOut,
)
from chemsec.supplychain.models import Alert, Case

router = SupplychainRouter()


def _case_out(item: Case) -> CaseOut:
    return CaseOut(
        id=item.pk,
        customer_id=item.customer_id,
        customer=item.customer.legal_name,
        status=item.status,
        assigned_to=item.assigned_to.get_username() if item.assigned_to else "",
        deemed_suspicious_at=item.deemed_suspicious_at,
        report_due_at=item.report_due_at,
        reported_at=item.reported_at,
        overdue=item.overdue,
        reason=item.reason,
        created_at=item.created_at,
    )


def _alert_out(alert: Alert) -> AlertOut:
    return AlertOut(
        id=alert.pk,
        order_id=alert.order_id,
        decision=alert.decision,
        created_at=alert.created_at,
        typologies=list(alert.typologies),
        breaches=[BreachOut(**b) for b in alert.breaches],
    )


@router.get("/supplychain/cases", response=list[CaseOut], auth=MEMBERS)
def supplychain_case_list(request: HttpRequest, open_only: bool = False) -> list[CaseOut]:
    """Cases you may see, the ones with a running 24-hour clock first."""
    found = selectors.cases(request.user, acting_organisation(request), open_only=open_only)
    return [_case_out(item) for item in found[:LIMIT]]


@router.get("/supplychain/cases/{case_id}", response=CaseDetailOut, auth=MEMBERS)
def supplychain_case_get(request: HttpRequest, case_id: UUID) -> CaseDetailOut:
    item = get_object(request.user, "case.view", selectors.case_joined(), pk=case_id)
    return _case_detail(item)


def _case_detail(item: Case) -> CaseDetailOut:
    return CaseDetailOut(
        **_case_out(item).model_dump(), alerts=[_alert_out(a) for a in item.alerts.all()]
    )


@router.post("/supplychain/cases/{case_id}/decision", response=CaseDetailOut, auth=MEMBERS)
def supplychain_case_decide(
    request: HttpRequest, case_id: UUID, payload: CaseDecisionIn
) -> CaseDetailOut:
    item = get_object(request.user, "case.decide", selectors.case_joined(), pk=case_id)
    services.case_decide(actor=request.user, case=item, **payload.dict())
    return _case_detail(item)
