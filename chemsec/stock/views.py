"""Stock pages: a facility's movements, precisions, files and reconciliations; a run's
balances; one balance explained with its chart; the organisation's alert rule.

Every page fetches the facility with `policy.get_object` ("stock.view" to read,
"stock.record" to write) and calls the same services as the API. The core flow is forms
and links: no JavaScript needed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.core.form_errors import add_service_errors
from chemsec.core.policy import acting_organisation, can, get_object, require
from chemsec.core.rendering import render_page
from chemsec.facilities import selectors as facility_selectors
from chemsec.facilities.models import Facility
from chemsec.stock import services
from chemsec.stock.engine.chart import ChartText, Measured, balance_svg
from chemsec.stock.forms import (
    ImportForm,
    MovementForm,
    PrecisionForm,
    ReconcileForm,
    SettingsForm,
)
from chemsec.stock.models import (
    Balance,
    Movement,
    MovementBatch,
    MovementKind,
    Precision,
    Reconciliation,
)

RECENT = 50


def _facility(request: HttpRequest, facility_id: Any, action: str = "stock.view") -> Facility:
    return get_object(request.user, action, facility_selectors.facilities(), pk=facility_id)


def _index_context(request: HttpRequest, facility: Facility, **forms: Any) -> dict[str, Any]:
    return {
        "facility": facility,
        "can_record": can(request.user, "stock.record", facility),
        "rule": services.settings_for(facility.organisation),
        "precisions": Precision.objects.filter(facility=facility),
        "movements": Movement.objects.filter(facility=facility).order_by("-occurred_on")[:RECENT],
        "movement_count": Movement.objects.filter(facility=facility).count(),
        "batches": MovementBatch.objects.filter(facility=facility)[:20],
        "runs": Reconciliation.objects.filter(facility=facility)[:20],
        "movement_form": forms.get("movement_form") or MovementForm(),
        "precision_form": forms.get("precision_form") or PrecisionForm(),
        "import_form": forms.get("import_form") or ImportForm(),
        "reconcile_form": forms.get("reconcile_form") or ReconcileForm(facility=facility),
    }


@login_required
def stock_index(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility = _facility(request, facility_id)
    return render_page(request, "stock/index.html", _index_context(request, facility))


def _invalid(request: HttpRequest, facility: Facility, **forms: Any) -> HttpResponse:
    context = _index_context(request, facility, **forms)
    return render_page(request, "stock/index.html", context, status=400)


@login_required
@require_POST
def movement_add(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility = _facility(request, facility_id, "stock.record")
    form = MovementForm(request.POST)
    if form.is_valid():
        try:
            services.movement_record(facility=facility, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Movement recorded."))
            return redirect("stock:index", facility_id=facility.pk)
    return _invalid(request, facility, movement_form=form)


@login_required
@require_POST
def precision_set(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility = _facility(request, facility_id, "stock.record")
    form = PrecisionForm(request.POST)
    if form.is_valid():
        services.precision_set(facility=facility, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Precision saved."))
        return redirect("stock:index", facility_id=facility.pk)
    return _invalid(request, facility, precision_form=form)


@login_required
@require_POST
def movements_import(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility = _facility(request, facility_id, "stock.record")
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            _batch, job = services.movements_import_start(
                facility=facility, actor=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.info(request, _("The movements are being imported."))
            return redirect("job_detail", job_id=job.pk)
    return _invalid(request, facility, import_form=form)


@login_required
@require_POST
def reconcile(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility = _facility(request, facility_id, "stock.record")
    form = ReconcileForm(request.POST, facility=facility)
    if form.is_valid():
        data = form.cleaned_data
        stated = None
        if not (data["opening_snapshot"] and data["closing_snapshot"]):
            key = services.normalise_key(data["chemical_key"])
            stated = {key: (data["opening_kg"], data["closing_kg"])}
        try:
            run = services.reconcile(
                facility=facility,
                actor=request.user,
                start=data["period_start"],
                end=data["period_end"],
                opening_snapshot=data["opening_snapshot"] if stated is None else None,
                closing_snapshot=data["closing_snapshot"] if stated is None else None,
                stated=stated,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("stock:run", facility_id=facility.pk, run_id=run.pk)
    return _invalid(request, facility, reconcile_form=form)


@login_required
def run_detail(request: HttpRequest, facility_id: str, run_id: str) -> HttpResponse:
    facility = _facility(request, facility_id)
    run = get_object_or_404(Reconciliation.objects.filter(facility=facility), pk=run_id)
    balances = run.balances.order_by("-alert", "chemical_key")
    context = {"facility": facility, "run": run, "balances": balances}
    return render_page(request, "stock/run.html", context)


@login_required
def batch_detail(request: HttpRequest, facility_id: str, batch_id: str) -> HttpResponse:
    facility = _facility(request, facility_id)
    batch = get_object_or_404(MovementBatch.objects.filter(facility=facility), pk=batch_id)
    context = {"facility": facility, "batch": batch, "rejected": batch.rejected.all()[:500]}
    return render_page(request, "stock/batch.html", context)


def _balance(request: HttpRequest, facility_id: str, balance_id: str, action: str) -> Balance:
    facility = _facility(request, facility_id, action)
    return get_object_or_404(Balance.objects.filter(facility=facility), pk=balance_id)


def chart_svg(balance: Balance) -> str:
    name = balance.chemical_name or balance.chemical_key
    words = ChartText(
        title=_("Balance of %(name)s") % {"name": name},
        description=_(
            "Book inventory from %(start)s to %(end)s with a band of plus or minus "
            "%(k)s sigma; measured inventories as points with the same range."
        )
        % {"start": balance.period_start, "end": balance.period_end, "k": f"{balance.k:g}"},
        book=_("Book inventory (opening + in - out)"),
        band=_("Uncertainty band (k sigma)"),
        measured=_("Measured inventory"),
        kg=_("kg"),
    )
    measured = [
        Measured(balance.period_start, balance.opening_kg, balance.opening_sigma_kg),
        Measured(balance.period_end, balance.closing_kg, balance.closing_sigma_kg),
    ]
    return balance_svg(services.series(balance), measured, balance.k, words)


def _component_label(name: str) -> str:
    """A part of sigma by name in the reader's language: the opening and closing inventories
    and the kinds of movement are stored as codes (a code added later is shown as is)."""
    if name in ("opening", "closing"):
        return _("Opening") if name == "opening" else _("Closing")
    kinds = dict(MovementKind.choices)
    return str(kinds.get(name, name))


@login_required
def balance_detail(request: HttpRequest, facility_id: str, balance_id: str) -> HttpResponse:
    balance = _balance(request, facility_id, balance_id, "stock.view")
    history = Balance.objects.filter(
        facility_id=balance.facility_id, chemical_key=balance.chemical_key
    ).order_by("period_end", "created_at")
    context = {
        "facility": balance.facility,
        "balance": balance,
        "chart": chart_svg(balance),
        "history": history,
        "components": [(_component_label(n), c) for n, c in sorted(balance.components.items())],
        "can_record": can(request.user, "stock.record", balance.facility),
    }
    return render_page(request, "stock/balance.html", context)


@login_required
def balance_chart(request: HttpRequest, facility_id: str, balance_id: str) -> HttpResponse:
    balance = _balance(request, facility_id, balance_id, "stock.view")
    return HttpResponse(chart_svg(balance), content_type="image/svg+xml")


@login_required
@require_POST
def balance_incident(request: HttpRequest, facility_id: str, balance_id: str) -> HttpResponse:
    balance = _balance(request, facility_id, balance_id, "stock.record")
    try:
        services.balance_open_incident(balance=balance, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("An incident was opened for this balance."))
    return redirect("stock:balance", facility_id=balance.facility_id, balance_id=balance.pk)


@login_required
def settings_edit(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    require(request.user, "stock.settings", organisation)
    assert organisation is not None
    current = services.settings_for(organisation)
    initial = {"k": current.k, "threshold_kg": current.threshold_kg}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.settings_set(organisation=organisation, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Reconciliation alerts saved."))
        return redirect("stock:settings")
    context = {"organisation": organisation, "form": form}
    return render_page(request, "stock/settings.html", context, status=400 if form.errors else 200)
