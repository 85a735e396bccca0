"""Supply-chain pages: customers, products, the counter, orders, cases with their clock,
reports, and the authority's inbox. Every page works without JavaScript.

Objects are fetched with `policy.get_object` and the action the page needs; every write is
a service that asks the policy again, so pages and API give the same answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.core.models import Job
from chemsec.core.policy import acting_organisation, can, get_object, require
from chemsec.core.rendering import render_page
from chemsec.core.service_calls import run_service
from chemsec.supplychain import selectors, services
from chemsec.supplychain.choices import CASE_TRANSITIONS, CaseStatus, Indicator, ReportKind
from chemsec.supplychain.forms import (
    CaseAssignForm,
    CaseDecisionForm,
    CustomerForm,
    DispositionForm,
    MessageForm,
    NoteForm,
    OrderForm,
    OrderImportForm,
    OutcomeForm,
    ProductForm,
    ReportForm,
    SnoozeForm,
    VerificationForm,
)
from chemsec.supplychain.models import (
    Case,
    Customer,
    Disposition,
    Order,
    OrderImport,
    Product,
    Report,
)
from chemsec.supplychain.presenters import (
    breaches_shown,
    clock_text,
    import_error_html,
    neutral_text,
    scores_shown,
)
from chemsec.supplychain.rule_texts import rule_description, rule_title
from chemsec.supplychain.services.imports import IMPORT_KIND, order_import_start
from chemsec.supplychain.services.rules import (
    rule_dispose,
    rule_precision,
    rule_snooze,
    snoozable_codes,
)
from chemsec.supplychain.services.sanctions import customer_screening

PAGE_SIZE = 50

T = TypeVar("T")


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _with_clocks(cases: Any) -> list[Case]:
    found = list(cases)
    for case in found:
        case.clock_text = clock_text(case.clock())
    return found


@login_required
def index(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    context = {
        "organisation": organisation,
        "open_cases": _with_clocks(selectors.cases(request.user, organisation, open_only=True)),
        "is_authority": can(request.user, "supplychain.inbox", organisation),
        "can_record": can(request.user, "customer.create", organisation),
    }
    return render_page(request, "supplychain/index.html", context)


# --- Customers ---------------------------------------------------------------------------


@login_required
def customers(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    context = {
        "page": _page(request, selectors.customers(request.user, organisation)),
        "can_create": can(request.user, "customer.create", organisation),
    }
    return render_page(request, "supplychain/customers.html", context)


@login_required
def customer_new(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    require(request.user, "customer.create", organisation)
    form = CustomerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        customer = run_service(
            request, services.customer_create, form, organisation=organisation, **form.cleaned_data
        )
        if customer is not None:
            messages.success(request, _("Customer recorded."))
            return redirect("supplychain:customer", customer_id=customer.pk)
    return render_page(request, "supplychain/customer_form.html", {"form": form})


def _customer(request: HttpRequest, customer_id: str, action: str = "view") -> Customer:
    return get_object(request.user, f"customer.{action}", Customer.objects, pk=customer_id)


@login_required
def customer(request: HttpRequest, customer_id: str) -> HttpResponse:
    item = _customer(request, customer_id)
    context = {
        "item": item,
        "records": item.records.select_related("checked_by"),
        "orders": Order.objects.visible_to(request.user).filter(customer=item)[:20],
        "can_change": can(request.user, "customer.change", item),
        "verification_form": VerificationForm(),
        "screening": customer_screening(request.user, item),
        "snoozes": item.snoozes.filter(expires_on__gte=timezone.localdate()),
        "can_snooze": can(request.user, "customer.snooze", item),
        "snooze_form": SnoozeForm(codes=snoozable_codes(), titles=_rule_titles()),
    }
    return render_page(request, "supplychain/customer.html", context)


@login_required
def customer_edit(request: HttpRequest, customer_id: str) -> HttpResponse:
    item = _customer(request, customer_id, "change")
    initial = {name: getattr(item, name) for name in CustomerForm.base_fields}
    form = CustomerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        updated = run_service(
            request, services.customer_update, form, customer=item, **form.cleaned_data
        )
        if updated is not None:
            messages.success(request, _("Customer updated."))
            return redirect("supplychain:customer", customer_id=updated.pk)
    return render_page(request, "supplychain/customer_form.html", {"form": form, "item": item})


@login_required
@require_POST
def verification_add(request: HttpRequest, customer_id: str) -> HttpResponse:
    item = _customer(request, customer_id, "change")
    form = VerificationForm(request.POST)
    if form.is_valid():
        if run_service(request, services.verification_add, customer=item, **form.cleaned_data):
            messages.success(request, _("Verification recorded."))
    else:
        messages.error(request, _("The record is not valid: check the dates."))
    return redirect("supplychain:customer", customer_id=item.pk)


# --- Products ----------------------------------------------------------------------------


@login_required
def products(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    context = {
        "page": _page(request, selectors.products(request.user, organisation)),
        "can_create": can(request.user, "product.create", organisation),
    }
    return render_page(request, "supplychain/products.html", context)


@login_required
def product_new(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    require(request.user, "product.create", organisation)
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        product = run_service(
            request, services.product_create, form, organisation=organisation, **form.cleaned_data
        )
        if product is not None:
            messages.success(request, _("Product added and screened."))
            return redirect("supplychain:product", product_id=product.pk)
    return render_page(request, "supplychain/product_form.html", {"form": form})


@login_required
def product(request: HttpRequest, product_id: str) -> HttpResponse:
    item = get_object(request.user, "product.view", Product.objects, pk=product_id)
    context = {"item": item, "can_change": can(request.user, "product.change", item)}
    return render_page(request, "supplychain/product.html", context)


@login_required
@require_POST
def product_rescreen(request: HttpRequest, product_id: str) -> HttpResponse:
    item = get_object(request.user, "product.change", Product.objects, pk=product_id)
    if run_service(request, services.product_rescreen, product=item):
        messages.success(request, _("Product screened again."))
    return redirect("supplychain:product", product_id=item.pk)


# --- Orders: the counter -----------------------------------------------------------------


@login_required
def orders(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    context = {
        "page": _page(request, selectors.orders(request.user, organisation)),
        "can_create": can(request.user, "customer.create", organisation),
    }
    return render_page(request, "supplychain/orders.html", context)


@login_required
def order_import(request: HttpRequest) -> HttpResponse:
    """Upload an ERP export of orders (CSV, TSV or XLSX): read as a background job."""
    organisation = acting_organisation(request)
    require(request.user, "order.import", organisation)
    form = OrderImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and organisation is not None:
        try:
            record = order_import_start(
                actor=request.user, organisation=organisation, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", " ".join(error.messages))
        else:
            messages.success(request, _("File received: its orders are being read."))
            return redirect("supplychain:order_import_detail", order_import_id=record.pk)
    context = {"form": form, "imports": selectors.order_imports(request.user, organisation)[:20]}
    return render_page(request, "supplychain/order_import.html", context)


@login_required
def order_import_detail(request: HttpRequest, order_import_id: str) -> HttpResponse:
    item = get_object(request.user, "orderimport.view", OrderImport.objects, pk=order_import_id)
    rows = [
        (row, [import_error_html(e) for e in row.errors])
        for row in item.rows.select_related("order")
    ]
    job = Job.objects.filter(kind=IMPORT_KIND, params__import=str(item.pk)).first()
    context = {
        "item": item,
        "page": _page(request, rows),
        "problem": import_error_html(item.problem) if item.problem else "",
        "job": job if job is not None and can(request.user, "job.view", job) else None,
    }
    return render_page(request, "supplychain/order_import_detail.html", context)


@login_required
def order_new(request: HttpRequest) -> HttpResponse:
    """The counter: record an order, an attempted or a refused sale in one screen."""
    organisation = acting_organisation(request)
    require(request.user, "customer.create", organisation)  # a contributor of the supplier
    form = OrderForm(
        request.POST or None,
        initial={"customer": request.GET.get("customer")},
        customers=selectors.order_customers(request.user, organisation),
        products=selectors.products(request.user, organisation),
    )
    if request.method == "POST" and form.is_valid():
        recorded = run_service(request, _record, form, order_form=form)
        if recorded is not None:
            return redirect("supplychain:order", order_id=recorded.pk)
    return render_page(request, "supplychain/order_form.html", {"form": form})


def _record(*, actor: Any, order_form: OrderForm) -> Order:
    data = dict(order_form.cleaned_data)
    lines = [services.LineInput(product=p, quantity=q) for p, q in order_form.lines()]
    for key in list(data):
        if key.startswith(("product_", "quantity_")):
            del data[key]
    order, _evaluation = services.order_record(
        actor=actor, customer=data.pop("customer"), lines=lines, **data
    )
    return order


def _rule_titles() -> dict[str, str]:
    """Each rule's title in the reader's language, by code (the rule book in force)."""
    from chemsec.supplychain.decision import rulebook

    return {rule.code: rule_title(rule.code, rule.title).text for rule in rulebook().rules}


def _checks() -> dict[str, str]:
    """Each rule's check, by code, from the rule book in force: what the facts of its
    breaches mean."""
    from chemsec.supplychain.decision import rulebook

    return {rule.code: rule.check for rule in rulebook().rules}


@login_required
def order(request: HttpRequest, order_id: str) -> HttpResponse:
    item = get_object(
        request.user, "order.view", Order.objects.select_related("customer"), pk=order_id
    )
    reviewer = can(request.user, "order.review", item)
    # The rules' findings are for the supplier's reviewers, never for the counter.
    evaluation = item.evaluation if reviewer else None
    context = {
        "item": item,
        "lines": item.lines.select_related("product"),
        "decision_text": neutral_text(item.decision),
        "indicators": [Indicator(code).label for code in item.indicators],
        "evaluation": evaluation,
        "breaches": breaches_shown(evaluation.get("breaches"), _checks()) if evaluation else [],
        "scores": scores_shown(evaluation.get("scores")) if evaluation else [],
        "can_change": can(request.user, "order.change", item),
        "outcome_form": OutcomeForm(initial={"outcome": item.outcome}),
    }
    return render_page(request, "supplychain/order.html", context)


@login_required
@require_POST
def order_outcome(request: HttpRequest, order_id: str) -> HttpResponse:
    item = get_object(request.user, "order.change", Order.objects, pk=order_id)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        outcome = form.cleaned_data["outcome"]
        if run_service(request, services.order_outcome_set, order=item, outcome=outcome):
            messages.success(request, _("Outcome recorded."))
    return redirect("supplychain:order", order_id=item.pk)


# --- Cases and the 24-hour clock -----------------------------------------------------------


@login_required
def cases(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    show_all = request.GET.get("all") == "1"
    page = _page(request, selectors.cases(request.user, organisation, open_only=not show_all))
    context = {"page": page, "cases": _with_clocks(page), "all": show_all}
    return render_page(request, "supplychain/cases.html", context)


def _case(request: HttpRequest, case_id: str, action: str = "view") -> Case:
    return get_object(request.user, f"case.{action}", selectors.case_joined(), pk=case_id)


@login_required
def case(request: HttpRequest, case_id: str) -> HttpResponse:
    item = _case(request, case_id)
    statuses = list(CASE_TRANSITIONS.get(item.status, ()))
    can_decide = can(request.user, "case.decide", item)
    alerts = list(
        item.alerts.select_related("order").prefetch_related("dispositions").order_by("-created_at")
    )
    checks = _checks()
    for alert in alerts:
        verdicts = {d.rule_code: d.disposition for d in alert.dispositions.all()}
        alert.shown_breaches = breaches_shown(alert.breaches, checks)  # type: ignore[attr-defined]
        for breach in alert.shown_breaches:  # type: ignore[attr-defined]
            breach.verdict = verdicts.get(breach.code, "")
        alert.shown_scores = scores_shown(alert.typologies)  # type: ignore[attr-defined]
    context = {
        "item": item,
        "clock": clock_text(item.clock()),
        "alerts": alerts,
        "reports": selectors.reports_sent(request.user, item.organisation).filter(case=item),
        "can_decide": can_decide and bool(statuses),
        "decision_form": CaseDecisionForm(statuses=statuses),
        "assign_form": _assign_form(request, item),
        "can_report": can_decide and item.status == CaseStatus.SUSPICIOUS,
        "can_dispose": can_decide,
        "dispositions": Disposition.choices,
    }
    return render_page(request, "supplychain/case.html", context)


@login_required
@require_POST
def alert_dispose(request: HttpRequest, case_id: str) -> HttpResponse:
    item = _case(request, case_id, "decide")
    form = DispositionForm(request.POST)
    alert = item.alerts.filter(pk=form.cleaned_data["alert"]).first() if form.is_valid() else None
    if alert is None:
        messages.error(request, _("Choose an alert, a rule and a verdict."))
    elif run_service(
        request,
        rule_dispose,
        alert=alert,
        rule_code=form.cleaned_data["rule_code"],
        disposition=form.cleaned_data["disposition"],
    ):
        messages.success(request, _("Verdict recorded."))
    return redirect("supplychain:case", case_id=item.pk)


@login_required
@require_POST
def rule_snooze_view(request: HttpRequest, customer_id: str) -> HttpResponse:
    item = _customer(request, customer_id, "snooze")
    form = SnoozeForm(request.POST, codes=snoozable_codes())
    if form.is_valid():
        if run_service(request, rule_snooze, customer=item, **form.cleaned_data):
            messages.success(request, _("Rule snoozed for this customer."))
    else:
        messages.error(request, _("Choose a rule, say why and give a date within 90 days."))
    return redirect("supplychain:customer", customer_id=item.pk)


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    """The rules in force, their citations and their precision from reviewers' verdicts."""
    organisation = acting_organisation(request)
    rows = rule_precision(request.user, organisation)
    for row in rows:  # the title and description in the reader's language
        row["title_shown"] = rule_title(row["code"], row["title"])
        row["description_shown"] = rule_description(row["code"], row["description"])
    context = {"rows": rows}
    return render_page(request, "supplychain/rules.html", context)


def _assign_form(request: HttpRequest, item: Any) -> CaseAssignForm | None:
    """The admins' form to hand the case to a named reviewer; None for everyone else."""
    if not can(request.user, "case.share", item):
        return None
    return CaseAssignForm(reviewers=services.case_reviewers(item), current=item.assigned_to)


@login_required
@require_POST
def case_assign(request: HttpRequest, case_id: str) -> HttpResponse:
    item = _case(request, case_id, "share")
    form = CaseAssignForm(request.POST, reviewers=services.case_reviewers(item))
    if form.is_valid():
        reviewer = form.cleaned_data["reviewer"]
        if run_service(request, services.case_assign, case=item, reviewer=reviewer):
            messages.success(
                request, _("Case handed to %(name)s.") % {"name": reviewer.get_username()}
            )
    else:
        messages.error(request, _("Choose a reviewer or an admin of your organisation."))
    return redirect("supplychain:case", case_id=item.pk)


@login_required
@require_POST
def case_decide(request: HttpRequest, case_id: str) -> HttpResponse:
    item = _case(request, case_id, "decide")
    form = CaseDecisionForm(request.POST, statuses=list(CASE_TRANSITIONS.get(item.status, ())))
    if form.is_valid():
        if run_service(request, services.case_decide, case=item, **form.cleaned_data):
            messages.success(request, _("Case updated."))
    else:
        messages.error(request, _("Choose a decision this case allows."))
    return redirect("supplychain:case", case_id=item.pk)


@login_required
def case_report(request: HttpRequest, case_id: str) -> HttpResponse:
    """Report a case deemed suspicious to a national contact point."""
    item = _case(request, case_id)
    require(request.user, "report.create", item)
    form = ReportForm(
        request.POST or None,
        authorities=selectors.authorities(),
        kinds=[ReportKind.SUSPICIOUS_TRANSACTION],
    )
    if request.method == "POST" and form.is_valid():
        sent = run_service(
            request,
            services.report_send,
            form,
            organisation=item.organisation,
            case=item,
            **form.cleaned_data,
        )
        if sent is not None:
            messages.success(request, _("Report sent."))
            return redirect("supplychain:report", report_id=sent.pk)
    context = {"form": form, "case": item, "clock": clock_text(item.clock())}
    return render_page(request, "supplychain/report_form.html", context)


# --- Reports and the authority's inbox -------------------------------------------------------


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    context = {
        "page": _page(request, selectors.reports_sent(request.user, organisation)),
        "can_report": can(request.user, "report.create", organisation),
        "is_authority": can(request.user, "supplychain.inbox", organisation),
    }
    return render_page(request, "supplychain/reports.html", context)


@login_required
def report_new(request: HttpRequest) -> HttpResponse:
    """A significant disappearance or a theft, reported without a case."""
    organisation = acting_organisation(request)
    require(request.user, "report.create", organisation)
    form = ReportForm(
        request.POST or None,
        authorities=selectors.authorities(),
        kinds=[ReportKind.DISAPPEARANCE, ReportKind.THEFT],
    )
    if request.method == "POST" and form.is_valid():
        sent = run_service(
            request, services.report_send, form, organisation=organisation, **form.cleaned_data
        )
        if sent is not None:
            messages.success(request, _("Report sent."))
            return redirect("supplychain:report", report_id=sent.pk)
    return render_page(request, "supplychain/report_form.html", {"form": form})


def _report(request: HttpRequest, report_id: str, action: str = "view") -> Report:
    return get_object(request.user, f"report.{action}", selectors.report_joined(), pk=report_id)


@login_required
def report(request: HttpRequest, report_id: str) -> HttpResponse:
    item = _report(request, report_id)
    handles = can(request.user, "report.acknowledge", item)
    context = {
        "item": item,
        "thread": item.messages.select_related("author"),
        "handles": handles and item.status != "closed",
        "responds": can(request.user, "report.respond", item) and item.status != "closed",
        "message_form": MessageForm(auto_id="message_%s"),
        "ack_form": NoteForm(auto_id="ack_%s"),
        "close_form": NoteForm(auto_id="close_%s"),
    }
    return render_page(request, "supplychain/report.html", context)


def _report_action(request: HttpRequest, report_id: str, action: str, done: str) -> HttpResponse:
    item = _report(request, report_id, action)
    text = request.POST.get("text", "")
    handlers: dict[str, Callable[..., object]] = {
        "acknowledge": services.report_acknowledge,
        "ask": services.report_ask,
        "respond": services.report_respond,
        "close": services.report_close,
    }
    service = handlers[action]
    if run_service(request, service, report=item, text=text):
        messages.success(request, done)
    return redirect("supplychain:report", report_id=item.pk)


@login_required
@require_POST
def report_acknowledge(request: HttpRequest, report_id: str) -> HttpResponse:
    return _report_action(request, report_id, "acknowledge", _("Report acknowledged."))


@login_required
@require_POST
def report_ask(request: HttpRequest, report_id: str) -> HttpResponse:
    return _report_action(request, report_id, "ask", _("Question sent."))


@login_required
@require_POST
def report_respond(request: HttpRequest, report_id: str) -> HttpResponse:
    return _report_action(request, report_id, "respond", _("Answer sent."))


@login_required
@require_POST
def report_close(request: HttpRequest, report_id: str) -> HttpResponse:
    return _report_action(request, report_id, "close", _("Report closed."))


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The national contact point's inbox: reports addressed to the authority."""
    organisation = acting_organisation(request)
    require(request.user, "supplychain.inbox", organisation)
    context = {
        "organisation": organisation,
        "page": _page(request, selectors.reports_received(request.user, organisation)),
    }
    return render_page(request, "supplychain/inbox.html", context)
