"""Reports to a national authority: the sender's and the addressed authority's handling."""

from uuid import UUID

from django.http import HttpRequest
from ninja import Status
from ninja.errors import HttpError

from chemsec.core.api_auth import MEMBERS
from chemsec.core.models import Organisation
from chemsec.core.policy import acting_organisation, get_object, require
from chemsec.supplychain import selectors, services
from chemsec.supplychain.api.common import LIMIT, SupplychainRouter
from chemsec.supplychain.api.schemas import MessageOut, ReportDetailOut, ReportIn, ReportOut, TextIn
from chemsec.supplychain.models import Case, Report, ReportMessage

router = SupplychainRouter()


def _report_out(item: Report) -> ReportOut:
    return ReportOut(
        id=item.pk,
        kind=item.kind,
        status=item.status,
        sender=item.organisation.name,
        authority=item.authority.name,
        sent_at=item.sent_at,
        acknowledged_at=item.acknowledged_at,
        closed_at=item.closed_at,
    )


def _message_out(message: ReportMessage) -> MessageOut:
    return MessageOut(
        id=message.pk,
        kind=message.kind,
        text=message.text,
        from_authority=message.from_authority,
        author=message.author.get_username() if message.author else "",
        created_at=message.created_at,
    )


def _report_detail(item: Report) -> ReportDetailOut:
    return ReportDetailOut(
        **_report_out(item).model_dump(),
        summary=item.summary,
        body=item.body,
        messages=[_message_out(m) for m in item.messages.select_related("author")],
    )


@router.post("/supplychain/reports", response={201: ReportDetailOut}, auth=MEMBERS)
def supplychain_report_create(request: HttpRequest, payload: ReportIn) -> Status[ReportDetailOut]:
    organisation = acting_organisation(request)
    case = None
    if payload.case_id is not None:
        case = get_object(request.user, "report.create", Case.objects, pk=payload.case_id)
    else:
        require(request.user, "report.create", organisation)
    authority = Organisation.objects.filter(slug=payload.authority).first()
    if authority is None:
        raise HttpError(422, "No national authority with this slug.")
    report = services.report_send(
        actor=request.user, organisation=organisation, authority=authority, kind=payload.kind,
        summary=payload.summary, case=case,
    )  # fmt: skip
    return Status(201, _report_detail(report))


@router.get("/supplychain/reports", response=list[ReportOut], auth=MEMBERS)
def supplychain_report_list(request: HttpRequest, box: str = "sent") -> list[ReportOut]:
    """Reports your organisation sent (box=sent), or, for a national authority, the reports
    addressed to it (box=received)."""
    organisation = acting_organisation(request)
    if box == "received":
        require(request.user, "supplychain.inbox", organisation)
        found = selectors.reports_received(request.user, organisation)
    else:
        found = selectors.reports_sent(request.user, organisation)
    return [_report_out(item) for item in found[:LIMIT]]


def _report(request: HttpRequest, report_id: UUID, action: str = "view") -> Report:
    return get_object(request.user, f"report.{action}", selectors.report_joined(), pk=report_id)


@router.get("/supplychain/reports/{report_id}", response=ReportDetailOut, auth=MEMBERS)
def supplychain_report_get(request: HttpRequest, report_id: UUID) -> ReportDetailOut:
    return _report_detail(_report(request, report_id))


@router.post("/supplychain/reports/{report_id}/acknowledge", response=ReportDetailOut, auth=MEMBERS)
def supplychain_report_acknowledge(
    request: HttpRequest, report_id: UUID, payload: TextIn
) -> ReportDetailOut:
    item = _report(request, report_id, "acknowledge")
    services.report_acknowledge(actor=request.user, report=item, text=payload.text)
    return _report_detail(item)


@router.post("/supplychain/reports/{report_id}/questions", response={201: MessageOut}, auth=MEMBERS)
def supplychain_report_ask(
    request: HttpRequest, report_id: UUID, payload: TextIn
) -> Status[MessageOut]:
    """The authority asks the sender for more information."""
    item = _report(request, report_id, "ask")
    message = services.report_ask(actor=request.user, report=item, text=payload.text)
    return Status(201, _message_out(message))


@router.post("/supplychain/reports/{report_id}/answers", response={201: MessageOut}, auth=MEMBERS)
def supplychain_report_respond(
    request: HttpRequest, report_id: UUID, payload: TextIn
) -> Status[MessageOut]:
    """The sender answers the authority."""
    item = _report(request, report_id, "respond")
    message = services.report_respond(actor=request.user, report=item, text=payload.text)
    return Status(201, _message_out(message))


@router.post("/supplychain/reports/{report_id}/close", response=ReportDetailOut, auth=MEMBERS)
def supplychain_report_close(
    request: HttpRequest, report_id: UUID, payload: TextIn
) -> ReportDetailOut:
    item = _report(request, report_id, "close")
    services.report_close(actor=request.user, report=item, text=payload.text)
    return _report_detail(item)
