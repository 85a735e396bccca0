"""Risk-register pages: assessments, ratings, measures, the organisation's matrix and the
national roll-up (at the paths they had under /facilities/, in the "risk" namespace).

A register is fetched through its facility (`policy.get_object`, "facility.view" to read,
"facility.change" to write); the matrix and the roll-up ask the policy about the acting
organisation.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from chemsec.compendium.translations import translations_for
from chemsec.core.choices import Region
from chemsec.core.form_errors import add_service_errors, error_text
from chemsec.core.models import Organisation, User
from chemsec.core.policy import acting_organisation, can, require
from chemsec.core.rendering import render_page
from chemsec.facilities.texts import tier_text
from chemsec.facilities.views import get_facility
from chemsec.lib.spreadsheet import spreadsheet_safe
from chemsec.risk import selectors as sel
from chemsec.risk.forms import (
    AssessmentForm,
    ChangeForm,
    EntryForm,
    MatrixForm,
    MeasureForm,
    change_forms,
    collect_changes,
)
from chemsec.risk.matrix_view import matrix_view
from chemsec.risk.models import Measure, RiskEntry, RiskMethod
from chemsec.risk.register import change_choices, register, rollup
from chemsec.risk.services import (
    assessment_create,
    entry_delete,
    entry_recompute,
    entry_set,
    entry_update,
    matrix_save,
    measure_create,
    measure_delete,
    measure_update,
    rollup_export_rows,
)
from chemsec.science.matrices import DEFAULT_MATRIX_URN

EXPORT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def risk_list(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility = get_facility(request, facility_id, "change" if request.method == "POST" else "view")
    can_change = can(request.user, "facility.change", facility)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessment = assessment_create(
            facility=facility,
            actor=request.user,
            matrix=sel.matrix_for(facility.organisation),
            **form.cleaned_data,
        )
        return redirect("risk:register", facility_id=facility.pk, assessment_id=assessment.pk)
    context = {
        "facility": facility,
        "assessments": sel.assessments_of(facility),
        "form": form,
        "can_change": can_change,
    }
    return render_page(request, "risk/risk_list.html", context)


@login_required
def risk_register(request: HttpRequest, facility_id: str, assessment_id: str) -> HttpResponse:
    facility = get_facility(request, facility_id)
    assessment = get_object_or_404(facility.risk_assessments, pk=assessment_id)
    context = {
        "facility": facility,
        "assessment": assessment,
        **register(assessment, request.user),
        "can_change": can(request.user, "facility.change", facility),
    }
    linked = [
        urn
        for row in context["rows"]
        for m in row["measures"]
        for urn in m["measure"].practice_urns
    ]
    titles = sel.practice_titles(linked)
    for row in context["rows"]:
        for item in row["measures"]:
            item["practices"] = [(u, titles.get(u, u)) for u in item["measure"].practice_urns]
    if context["can_change"]:
        context["entry_form"] = _entry_form(request, assessment, None)
        context["measure_form"] = _measure_form(assessment, None)
        context["change_forms"] = _change_forms(request, assessment, None)
    return render_page(request, "risk/register.html", context, partial="heatmap")


def _entry_form(request: HttpRequest, assessment: Any, data: Any, entry: Any = None) -> EntryForm:
    return EntryForm(
        data,
        instance=entry,
        scenarios=None if entry else assessment.facility.scenarios.all(),
        method=assessment.method,
        diagrams=sel.diagrams_of(request.user, assessment.facility),
    )


def _measure_form(assessment: Any, data: Any, measure: Any = None) -> MeasureForm:
    return MeasureForm(
        data,
        instance=measure,
        entries=RiskEntry.objects.filter(assessment=assessment).select_related("scenario"),
        practices=sel.practices(),
        method=assessment.method,
    )


def _change_forms(
    request: HttpRequest, assessment: Any, data: Any, measure: Any = None
) -> list[ChangeForm]:
    """Change rows; for a measure, only if `_changes_hidden` says the person may see them."""
    if assessment.method != RiskMethod.QUANTITATIVE:
        return []
    existing = list(measure.protection_changes) if measure else []
    return change_forms(data, change_choices(assessment, request.user), existing)


def _changes_hidden(request: HttpRequest, measure: Measure) -> bool:
    """The measure's changes name elements of a diagram the person may not see
    (`sel.changes_shown`); they are then neither shown nor posted back."""
    return not sel.measure_changes_shown(request.user, measure)


def _back_to_register(facility: Any, assessment: Any) -> HttpResponse:
    return redirect("risk:register", facility_id=facility.pk, assessment_id=assessment.pk)


def _editable(request: HttpRequest, facility_id: str, assessment_id: str) -> tuple[Any, Any]:
    """The facility and assessment, for editors only (404 unseen, 403 read-only)."""
    facility = get_facility(request, facility_id, "change")
    return facility, get_object_or_404(facility.risk_assessments, pk=assessment_id)


@login_required
@require_POST
def entry_save(request: HttpRequest, facility_id: str, assessment_id: str) -> HttpResponse:
    facility, assessment = _editable(request, facility_id, assessment_id)
    form = _entry_form(request, assessment, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            entry_set(assessment=assessment, actor=request.user, **data)
            messages.success(request, _("Risk rated."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Check the ratings: %(errors)s") % {"errors": error_text(form)})
    return _back_to_register(facility, assessment)


@login_required
def entry_edit(
    request: HttpRequest, facility_id: str, assessment_id: str, entry_id: str
) -> HttpResponse:
    facility, assessment = _editable(request, facility_id, assessment_id)
    entry = get_object_or_404(assessment.entries.select_related("scenario"), pk=entry_id)
    form = _entry_form(request, assessment, request.POST or None, entry)
    if request.method == "POST" and form.is_valid():
        try:
            entry_update(entry=entry, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Risk updated."))
            return _back_to_register(facility, assessment)
    context = {"facility": facility, "assessment": assessment, "entry": entry, "form": form}
    return render_page(request, "risk/entry_form.html", context)


@login_required
@require_POST
def entry_recompute_view(
    request: HttpRequest, facility_id: str, assessment_id: str, entry_id: str
) -> HttpResponse:
    facility, assessment = _editable(request, facility_id, assessment_id)
    entry = get_object_or_404(assessment.entries, pk=entry_id)
    try:
        entry = entry_recompute(entry=entry, actor=request.user)
        messages.success(
            request,
            _("P_I recomputed from version %(n)s of the diagram.")
            % {"n": entry.p_interruption_basis["version"]},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back_to_register(facility, assessment)


@login_required
def entry_delete_view(
    request: HttpRequest, facility_id: str, assessment_id: str, entry_id: str
) -> HttpResponse:
    facility, assessment = _editable(request, facility_id, assessment_id)
    entry = get_object_or_404(assessment.entries.select_related("scenario"), pk=entry_id)
    if request.method == "POST":
        entry_delete(entry=entry, actor=request.user)
        messages.success(request, _("Risk removed from the register."))
        return _back_to_register(facility, assessment)
    context = {
        "facility": facility,
        "assessment": assessment,
        "title": _("Remove the risk “%(name)s” from the register?") % {"name": entry.scenario},
        "consequence": _measures_text(entry.measures.count()),
    }
    return render_page(request, "risk/risk_confirm_delete.html", context)


@login_required
@require_POST
def measure_add(request: HttpRequest, facility_id: str, assessment_id: str) -> HttpResponse:
    facility, assessment = _editable(request, facility_id, assessment_id)
    form = _measure_form(assessment, request.POST)
    rows = _change_forms(request, assessment, request.POST)
    changes = collect_changes(rows)
    if form.is_valid() and changes is not None:
        data = dict(form.cleaned_data) | {"protection_changes": changes}
        try:
            measure_create(actor=request.user, **data)
            messages.success(request, _("Measure added."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(
            request, _("Check the measure: %(errors)s") % {"errors": error_text(form, *rows)}
        )
    return _back_to_register(facility, assessment)


@login_required
def measure_edit(
    request: HttpRequest, facility_id: str, assessment_id: str, measure_id: str
) -> HttpResponse:
    facility, assessment = _editable(request, facility_id, assessment_id)
    measure = get_object_or_404(Measure.objects.filter(entry__assessment=assessment), pk=measure_id)
    data = request.POST or None
    form = _measure_form(assessment, data, measure)
    hidden = _changes_hidden(request, measure)
    rows = [] if hidden else _change_forms(request, assessment, data, measure)
    if request.method == "POST":
        changes = collect_changes(rows)
        if form.is_valid() and changes is not None:
            # Without the key, the service keeps the changes the editor may not see.
            fields = dict(form.cleaned_data) | ({} if hidden else {"protection_changes": changes})
            try:
                measure_update(measure=measure, actor=request.user, **fields)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Measure updated."))
                return _back_to_register(facility, assessment)
    context = {
        "facility": facility,
        "assessment": assessment,
        "measure": measure,
        "form": form,
        "change_forms": rows,
        "changes_hidden": hidden,
    }
    return render_page(request, "risk/measure_form.html", context)


@login_required
def measure_delete_view(
    request: HttpRequest, facility_id: str, assessment_id: str, measure_id: str
) -> HttpResponse:
    facility, assessment = _editable(request, facility_id, assessment_id)
    measure = get_object_or_404(Measure.objects.filter(entry__assessment=assessment), pk=measure_id)
    if request.method == "POST":
        measure_delete(measure=measure, actor=request.user)
        messages.success(request, _("Measure deleted."))
        return _back_to_register(facility, assessment)
    context = {
        "facility": facility,
        "assessment": assessment,
        "title": _("Delete the measure “%(title)s”?") % {"title": measure.title},
        "consequence": "",
    }
    return render_page(request, "risk/risk_confirm_delete.html", context)


def _measures_text(count: int) -> str:
    text = ngettext(
        "Its %(n)s measure is deleted with it.", "Its %(n)s measures are deleted with it.", count
    )
    return text % {"n": count}


@login_required
def matrix_edit(request: HttpRequest) -> HttpResponse:
    """The acting organisation's matrix: its members read it, its admins change it."""
    organisation = acting_organisation(request)
    if organisation is None:
        raise Http404
    require(
        request.user, "matrix.change" if request.method == "POST" else "matrix.view", organisation
    )
    can_edit = can(request.user, "matrix.change", organisation)
    current = sel.matrix_for(organisation)
    form = MatrixForm(
        request.POST or None, initial={"data": json.dumps(current, indent=2, ensure_ascii=False)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            matrix_save(
                organisation=organisation,
                actor=request.user,
                data=form.cleaned_data["data"],
                based_on=current.get("urn", DEFAULT_MATRIX_URN),
            )
            messages.success(
                request, _("Your organisation's matrix is saved; new assessments use it.")
            )
            return redirect("risk:matrix")
        except ValidationError as exc:
            form.add_error("data", " ".join(exc.messages))
    context = {"organisation": organisation, "form": form, "can_edit": can_edit, "matrix": current}
    return render_page(request, "risk/matrix.html", context | _matrix_context(current))


def _matrix_context(matrix: dict[str, Any]) -> dict[str, Any]:
    """The matrix as a translated table and its scales, for everyone who may read it."""
    view = matrix_view(matrix)
    scales = [
        ("likelihood", _("Likelihood"), view["likelihood"]),
        ("consequence", _("Consequence"), view["consequence"]),
        ("levels", _("Risk levels"), view["levels"]),
    ] if view else []  # fmt: skip
    return {"view": view, "scales": scales, "shipped": matrix.get("urn") == DEFAULT_MATRIX_URN}


def _person(request: HttpRequest) -> User:
    """The signed-in person (every page here is behind `login_required`)."""
    assert isinstance(request.user, User)
    return request.user


def _authority(request: HttpRequest) -> Organisation | None:
    return sel.rollup_authority(request.user, acting_organisation(request))


@login_required
def rollup_view(request: HttpRequest) -> HttpResponse:
    """The roll-up of the authority the person acts for (a page saying so for others)."""
    authority = _authority(request)
    context: dict[str, Any] = {"authority": authority, "tier_text": tier_text()}
    if authority is not None:
        require(request.user, "rollup.view", authority)
        context.update(rollup(authority, request.user))
        context["places"] = [(_region(r), c, n) for r, c, n in context["places"]]
        capacity = context["capacity"] or {"sections": []}
        context["translated"] = translations_for(s["object"].urn for s in capacity["sections"])
    return render_page(request, "risk/rollup.html", context)


def _region(code: str) -> str:
    """A UN regional group's name in the reader's language (the stored code if unknown)."""
    return str(Region(code).label) if code in Region.values else code


@login_required
def rollup_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The roll-up's facility table as CSV or XLSX, as the reader sees it; audited."""
    authority = _authority(request)
    if authority is None or fmt not in EXPORT_TYPES:
        raise Http404
    rows = rollup_export_rows(authority=authority, actor=_person(request), fmt=fmt)
    body = _xlsx(rows) if fmt == "xlsx" else _csv(rows)
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="facility-rollup.{fmt}"'
    return response


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
