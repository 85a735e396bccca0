"""Threat profiles, scenarios, risk registers, the organisation's matrix and the roll-up."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.core.audit import audit_record
from chemsec.core.choices import AuditAction, Role
from chemsec.core.rendering import render_page
from chemsec.facilities import selectors as sel
from chemsec.facilities.forms import (
    AssessmentForm,
    EntryForm,
    MatrixForm,
    MeasureForm,
    ScenarioForm,
    ThreatForm,
    ThreatShareForm,
)
from chemsec.facilities.matrices import DEFAULT_MATRIX_URN
from chemsec.facilities.models import RiskEntry
from chemsec.facilities.register import register, rollup
from chemsec.facilities.services import (
    assessment_create,
    entry_set,
    matrix_save,
    measure_create,
    scenario_create,
    threat_create,
    threat_share,
)
from chemsec.facilities.thresholds import TIER_TEXT
from chemsec.facilities.views import get_facility
from chemsec.lib.spreadsheet import spreadsheet_safe

EXPORT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _contributor_org(request: HttpRequest) -> Any:
    organisation = request.organisation  # type: ignore[attr-defined]
    if organisation is None or not request.user.has_role(organisation, Role.CONTRIBUTOR):  # type: ignore[union-attr]
        return None
    return organisation


@login_required
def threat_list(request: HttpRequest) -> HttpResponse:
    owner = _contributor_org(request)
    form = ThreatForm(request.POST or None)
    if request.method == "POST":
        if owner is None:
            raise PermissionDenied
        if form.is_valid():
            threat = threat_create(organisation=owner, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            messages.success(request, _("Threat profile saved (restricted)."))
            return redirect("facilities:threat_detail", threat_id=threat.pk)
    threats = sel.threats_visible_to(request.user)
    return render_page(
        request,
        "facilities/threats.html",
        {"threats": threats, "form": form, "can_create": owner is not None},
    )


@login_required
def threat_detail(request: HttpRequest, threat_id: str) -> HttpResponse:
    threat = get_object_or_404(sel.threats_visible_to(request.user), pk=threat_id)
    can_share = sel.threats_visible_to(request.user, "share").filter(pk=threat.pk).exists()
    form = ThreatShareForm(request.POST or None, facilities=sel.facilities_visible_to(request.user))
    if request.method == "POST":
        if not can_share:
            raise PermissionDenied
        if form.is_valid():
            threat_share(
                threat=threat, actor=request.user, facilities=list(form.cleaned_data["facilities"])
            )  # type: ignore[arg-type]
            messages.success(request, _("Shared with the facilities' operators, read-only."))
            return redirect("facilities:threat_detail", threat_id=threat.pk)
    context = {
        "threat": threat,
        "form": form,
        "can_share": can_share,
        "shared_with": threat.shared_with_organisations.all(),
    }
    return render_page(request, "facilities/threat_detail.html", context)


@login_required
def scenarios(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility = get_facility(request, facility_id)
    can_change = sel.can_change(request.user, facility)
    form = ScenarioForm(
        request.POST or None,
        facility=facility,
        threats=sel.threats_for_facility(request.user, facility),
        chemicals=sel.chemicals_of_interest(facility),
    )
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["chemical_name"] = form.chemical_names.get(data["chemical_key"], "")
            scenario_create(facility=facility, actor=request.user, **data)  # type: ignore[arg-type]
            messages.success(request, _("Scenario added."))
            return redirect("facilities:scenarios", facility_id=facility.pk)
    items = facility.scenarios.select_related("threat", "area")
    context = {"facility": facility, "scenarios": items, "form": form, "can_change": can_change}
    return render_page(request, "facilities/scenarios.html", context)


@login_required
def risk_list(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility = get_facility(request, facility_id)
    can_change = sel.can_change(request.user, facility)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            assessment = assessment_create(
                facility=facility,
                actor=request.user,  # type: ignore[arg-type]
                matrix=sel.matrix_for(facility.organisation),
                **form.cleaned_data,
            )
            return redirect(
                "facilities:register", facility_id=facility.pk, assessment_id=assessment.pk
            )
    context = {
        "facility": facility,
        "assessments": sel.assessments_of(facility),
        "form": form,
        "can_change": can_change,
    }
    return render_page(request, "facilities/risk_list.html", context)


@login_required
def risk_register(request: HttpRequest, facility_id: str, assessment_id: str) -> HttpResponse:
    facility = get_facility(request, facility_id)
    assessment = get_object_or_404(facility.risk_assessments, pk=assessment_id)
    context = {
        "facility": facility,
        "assessment": assessment,
        **register(assessment),
        "can_change": sel.can_change(request.user, facility),
    }
    titles = dict(sel.practices())
    for row in context["rows"]:
        for item in row["measures"]:
            item["practices"] = [(u, titles.get(u, u)) for u in item["measure"].practice_urns]
    if context["can_change"]:
        context["entry_form"] = _entry_form(assessment, None)
        context["measure_form"] = _measure_form(assessment, None)
    return render_page(request, "facilities/register.html", context, partial="heatmap")


def _entry_form(assessment: Any, data: Any) -> EntryForm:
    return EntryForm(data, scenarios=assessment.facility.scenarios.all(), method=assessment.method)


def _measure_form(assessment: Any, data: Any) -> MeasureForm:
    return MeasureForm(
        data,
        entries=RiskEntry.objects.filter(assessment=assessment).select_related("scenario"),
        practices=sel.practices(),
        method=assessment.method,
    )


@login_required
@require_POST
def entry_save(request: HttpRequest, facility_id: str, assessment_id: str) -> HttpResponse:
    facility = get_facility(request, facility_id, "change")
    assessment = get_object_or_404(facility.risk_assessments, pk=assessment_id)
    form = _entry_form(assessment, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            entry_set(assessment=assessment, actor=request.user, **data)  # type: ignore[arg-type]
            messages.success(request, _("Risk rated."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(
            request, _("Check the ratings: %(errors)s") % {"errors": form.errors.as_text()}
        )
    return redirect("facilities:register", facility_id=facility.pk, assessment_id=assessment.pk)


@login_required
@require_POST
def measure_add(request: HttpRequest, facility_id: str, assessment_id: str) -> HttpResponse:
    facility = get_facility(request, facility_id, "change")
    assessment = get_object_or_404(facility.risk_assessments, pk=assessment_id)
    form = _measure_form(assessment, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            measure_create(actor=request.user, **data)  # type: ignore[arg-type]
            messages.success(request, _("Measure added."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(
            request, _("Check the measure: %(errors)s") % {"errors": form.errors.as_text()}
        )
    return redirect("facilities:register", facility_id=facility.pk, assessment_id=assessment.pk)


@login_required
def matrix_edit(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    if organisation is None:
        raise Http404
    can_edit = request.user.has_role(organisation, Role.ADMIN)  # type: ignore[union-attr]
    current = sel.matrix_for(organisation)
    form = MatrixForm(
        request.POST or None, initial={"data": json.dumps(current, indent=2, ensure_ascii=False)}
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                matrix_save(
                    organisation=organisation,
                    actor=request.user,  # type: ignore[arg-type]
                    data=form.cleaned_data["data"],
                    based_on=current.get("urn", DEFAULT_MATRIX_URN),
                )
                messages.success(
                    request, _("Your organisation's matrix is saved; new assessments use it.")
                )
                return redirect("facilities:matrix")
            except ValidationError as exc:
                form.add_error("data", " ".join(exc.messages))
    context = {"organisation": organisation, "form": form, "can_edit": can_edit, "matrix": current}
    return render_page(request, "facilities/matrix.html", context)


def _authority(request: HttpRequest) -> Any:
    authorities = sel.authorities_of(request.user)
    chosen = request.organisation  # type: ignore[attr-defined]
    if chosen is not None and authorities.filter(pk=chosen.pk).exists():
        return chosen
    return authorities.first()


@login_required
def rollup_view(request: HttpRequest) -> HttpResponse:
    authority = _authority(request)
    context: dict[str, Any] = {"authority": authority, "tier_text": TIER_TEXT}
    if authority is not None:
        context.update(rollup(authority))
    return render_page(request, "facilities/rollup.html", context)


@login_required
def rollup_export(request: HttpRequest, fmt: str) -> HttpResponse:
    authority = _authority(request)
    if authority is None or fmt not in EXPORT_TYPES:
        raise Http404
    rows = rollup_rows(rollup(authority))
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=authority,  # type: ignore[arg-type]
        changes={"format": fmt, "what": "facility roll-up", "rows": len(rows) - 1},
    )
    body = _xlsx(rows) if fmt == "xlsx" else _csv(rows)
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="facility-rollup.{fmt}"'
    return response


def rollup_rows(data: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = [
        ["facility", "operator", "country", "tier", "chemicals of interest", "thresholds crossed"]
    ]
    for row in data["facilities"]:
        f = row["facility"]
        rows.append(
            [
                f.name,
                f.organisation.name,
                f.country,
                row["tier"] or "",
                row["chemicals"],
                row["crossed"],
            ]
        )
    return rows


def _csv(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([spreadsheet_safe(v) for v in row])
    return buffer.getvalue()


def _xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("roll-up")
    for row in rows:
        sheet.append([spreadsheet_safe(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
