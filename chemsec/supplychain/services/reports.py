"""Reports to a national contact point and their thread.

A report is generated from the case (or, for a theft or a significant disappearance, from
what the sender writes) and frozen as sent: customer, products and quantities, indicators
observed, times and staff observations. Only the sender and the addressed authority read
it (querysets.ReportQuerySet); the authority acknowledges it, asks for more information
and closes it; the sender answers.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chemsec.core.choices import OrganisationKind
from chemsec.core.models import Organisation, User
from chemsec.core.policy import Actor, require
from chemsec.core.writes import write_create, write_update
from chemsec.supplychain.choices import CaseStatus, MessageKind, ReportKind, ReportStatus
from chemsec.supplychain.models import Case, Order, Report, ReportMessage

SCHEMA = "urn:chemsec:schema:supply-report:v1"


@transaction.atomic
def report_send(
    *,
    actor: Actor,
    organisation: Organisation | None,
    authority: Organisation,
    kind: str,
    summary: str,
    case: Case | None = None,
    details: dict[str, Any] | None = None,
) -> Report:
    """Send a report to a national authority. A suspicious-transaction report comes from a
    case deemed suspicious, which it marks reported (the 24-hour clock stops). `details` is
    the structured account of a theft or disappearance from another source (an incident,
    chemsec.incidents), frozen in the body as `incident`."""
    require(actor, "report.create", case if case is not None else organisation)
    if organisation is None:
        raise ValueError("An organisation is required.")
    if authority.kind != OrganisationKind.NATIONAL_AUTHORITY:
        raise ValidationError({"authority": _("Reports go to a national authority.")})
    _check_case(kind, case, organisation)
    now = timezone.now()
    report = Report(
        organisation=organisation,
        authority=authority,
        case=case,
        kind=kind,
        summary=summary.strip(),
        sent_at=now,
        body=report_body(organisation, kind, summary, case, now, details),
    )
    write_create(report, actor=actor)
    if case is not None:
        write_update(case, actor=actor, values={"status": CaseStatus.REPORTED, "reported_at": now})
    return report


def _check_case(kind: str, case: Case | None, organisation: Organisation) -> None:
    if kind == ReportKind.SUSPICIOUS_TRANSACTION:
        if case is None:
            raise ValidationError(
                {"case": _("A suspicious transaction is reported from its case.")}
            )
        if case.status != CaseStatus.SUSPICIOUS:
            raise ValidationError({"case": _("Deem the case suspicious before reporting it.")})
    if case is not None and case.organisation_id != organisation.pk:
        raise ValidationError({"case": _("The case belongs to another organisation.")})


def report_body(
    organisation: Organisation,
    kind: str,
    summary: str,
    case: Case | None,
    sent_at: Any,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The structured report (schema SCHEMA), as the authority receives it."""
    body: dict[str, Any] = {
        "schema": SCHEMA,
        "kind": kind,
        "sent_at": sent_at.isoformat(),
        "sender": {"name": organisation.name, "country": organisation.country},
        "summary": summary.strip(),
    }
    if details is not None:
        if case is not None:
            raise ValidationError({"case": _("A report comes from a case or an incident.")})
        body["incident"] = details
    if case is not None:
        body["customer"] = _customer(case)
        body["deemed_suspicious_at"] = (
            case.deemed_suspicious_at.isoformat() if case.deemed_suspicious_at else None
        )
        orders = Order.objects.filter(alerts__case=case).distinct().order_by("ordered_at")
        body["transactions"] = [
            _transaction(order) for order in orders.prefetch_related("lines__product")
        ]
    return body


def _customer(case: Case) -> dict[str, Any]:
    customer = case.customer
    return {
        "legal_name": customer.legal_name,
        "other_names": [n for n in customer.other_names.splitlines() if n.strip()],
        "registration_number": customer.registration_number,
        "country": customer.country,
        "billing_address": customer.billing_address,
        "delivery_address": customer.delivery_address,
        "customer_type": customer.customer_type,
        "declared_trade": customer.declared_trade,
        "contact_person": customer.contact_person,
        "phone": customer.phone,
    }


def _transaction(order: Order) -> dict[str, Any]:
    return {
        "ordered_at": order.ordered_at.isoformat(),
        "reference": order.reference,
        "channel": order.channel,
        "outcome": order.outcome,
        "delivery_country": order.delivery_country,
        "delivery_address": order.delivery_address,
        "payment_method": order.payment_method,
        "payer_name": order.payer_name,
        "indicators": list(order.indicators),
        "observations": order.observations,
        "products": [
            {
                "code": line.product.code,
                "name": line.product.name,
                "quantity": str(line.quantity),
                "unit": line.unit,
                "components": line.product.components,
            }
            for line in order.lines.all()
        ],
    }


def _message(
    report: Report, actor: Actor, kind: str, text: str, from_authority: bool
) -> ReportMessage:
    message = ReportMessage(
        report=report,
        author=actor if isinstance(actor, User) else None,
        from_authority=from_authority,
        kind=kind,
        text=text.strip(),
    )
    return write_create(message, actor=actor)


@transaction.atomic
def report_acknowledge(*, actor: Actor, report: Report, text: str = "") -> Report:
    require(actor, "report.acknowledge", report)
    if report.acknowledged_at is None:
        values: dict[str, Any] = {"acknowledged_at": timezone.now()}
        if report.status == ReportStatus.SENT:
            values["status"] = ReportStatus.ACKNOWLEDGED
        write_update(report, actor=actor, values=values)
        _message(report, actor, MessageKind.ACKNOWLEDGEMENT, text, from_authority=True)
    return report


@transaction.atomic
def report_ask(*, actor: Actor, report: Report, text: str) -> ReportMessage:
    """The authority asks the sender for more information."""
    require(actor, "report.ask", report)
    _open(report)
    if not text.strip():
        raise ValidationError({"text": _("Write the question.")})
    values: dict[str, Any] = {"status": ReportStatus.INFORMATION_REQUESTED}
    if report.acknowledged_at is None:
        values["acknowledged_at"] = timezone.now()
    write_update(report, actor=actor, values=values)
    return _message(report, actor, MessageKind.REQUEST, text, from_authority=True)


@transaction.atomic
def report_respond(*, actor: Actor, report: Report, text: str) -> ReportMessage:
    """The sender answers on the report's thread."""
    require(actor, "report.respond", report)
    _open(report)
    if not text.strip():
        raise ValidationError({"text": _("Write the answer.")})
    if report.status == ReportStatus.INFORMATION_REQUESTED:
        write_update(report, actor=actor, values={"status": ReportStatus.ACKNOWLEDGED})
    return _message(report, actor, MessageKind.RESPONSE, text, from_authority=False)


@transaction.atomic
def report_close(*, actor: Actor, report: Report, text: str = "") -> Report:
    require(actor, "report.close", report)
    _open(report)
    now = timezone.now()
    values: dict[str, Any] = {"status": ReportStatus.CLOSED, "closed_at": now}
    if report.acknowledged_at is None:
        values["acknowledged_at"] = now
    write_update(report, actor=actor, values=values)
    _message(report, actor, MessageKind.CLOSURE, text, from_authority=True)
    return report


def _open(report: Report) -> None:
    if report.status == ReportStatus.CLOSED:
        raise ValidationError({"status": _("The report is closed.")})
