"""Incident pages: the log with each reportable incident's clock, recording, the incident
with its chemicals, timeline, report, tasks and lessons, and its exports. No JavaScript.

Objects are fetched with `policy.get_object` and the action the page needs; every write is
a service that asks the policy again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.core.policy import acting_organisation, can, get_object, require
from chemsec.core.rendering import render_page
from chemsec.core.service_calls import run_service
from chemsec.core.writes import write_export
from chemsec.incidents import exports, selectors, services
from chemsec.incidents.forms import (
    ChemicalForm,
    FindingForm,
    IncidentForm,
    LessonForm,
    ReportForm,
    TaskForm,
    TimelineForm,
)
from chemsec.incidents.models import Incident
from chemsec.incidents.presenters import clock_text, rule_html, timeline_html
from chemsec.incidents.rules import rule_by_urn

T = TypeVar("T")
PAGE_SIZE = 50


def _incident(request: HttpRequest, incident_id: Any, action: str = "view") -> Incident:
    return get_object(
        request.user, f"incident.{action}", selectors.incident_joined(), pk=incident_id
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    page = Paginator(selectors.incidents(request.user, organisation), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for item in page:
        item.clock_text = clock_text(item.clock())  # type: ignore[attr-defined]
    context = {
        "page": page,
        "can_record": can(request.user, "incident.create", organisation),
    }
    return render_page(request, "incidents/index.html", context)


@login_required
def new(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    require(request.user, "incident.create", organisation)
    form = IncidentForm(
        request.POST or None,
        facilities=selectors.facilities(request.user, organisation),
        initial={"detected_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        data["exercise"] = data.get("exercise") or ""
        item = run_service(
            request, services.incident_record, form, organisation=organisation, **data
        )
        if item is not None:
            messages.success(request, _("Incident recorded."))
            return redirect("incidents:detail", incident_id=item.pk)
    return render_page(request, "incidents/form.html", {"form": form})


@login_required
def detail(request: HttpRequest, incident_id: Any) -> HttpResponse:
    item = _incident(request, incident_id)
    changes = can(request.user, "incident.change", item) and item.status == "open"
    rule = rule_by_urn(item.rule_urn) if item.rule_urn else None
    context = {
        "item": item,
        "rule": rule,
        "clock": clock_text(item.clock()),
        "chemicals": item.chemicals.all(),
        "rule_shown": rule_html(rule.code) if rule else "",
        "timeline": [
            (entry, timeline_html(entry)) for entry in item.timeline.select_related("author")
        ],
        "tasks": item.tasks.select_related("owner"),
        "lessons": item.lessons.all(),
        "changes": changes,
        "can_report": (
            can(request.user, "incident.report", item)
            and item.report_id is None
            and not item.is_exercise
            and item.kind in services.REPORT_KINDS
        ),
        "can_propose": can(request.user, "incident.propose", item),
        "sees_report": item.report is not None and can(request.user, "report.view", item.report),
        "chemical_form": ChemicalForm(inventory=services.inventory_choices(item)),
        "timeline_form": TimelineForm(auto_id="timeline_%s"),
        "task_form": TaskForm(people=selectors.people(item.organisation), auto_id="task_%s"),
        "finding_form": FindingForm(auto_id=False),
        "lesson_form": LessonForm(auto_id="lesson_%s"),
    }
    return render_page(request, "incidents/detail.html", context)


def _back(item: Incident) -> HttpResponse:
    return redirect("incidents:detail", incident_id=item.pk)


@login_required
@require_POST
def chemical_add(request: HttpRequest, incident_id: Any) -> HttpResponse:
    item = _incident(request, incident_id, "change")
    form = ChemicalForm(request.POST, inventory=services.inventory_choices(item))
    if form.is_valid():
        run_service(request, services.chemical_add, incident=item, **form.cleaned_data)
    else:
        messages.error(request, _("Give the chemical and its quantity."))
    return _back(item)


@login_required
@require_POST
def timeline_add(request: HttpRequest, incident_id: Any) -> HttpResponse:
    item = _incident(request, incident_id, "change")
    form = TimelineForm(request.POST)
    if form.is_valid():
        run_service(request, services.timeline_add, incident=item, text=form.cleaned_data["text"])
    return _back(item)


@login_required
def report(request: HttpRequest, incident_id: Any) -> HttpResponse:
    item = _incident(request, incident_id, "report")
    form = ReportForm(request.POST or None, authorities=selectors.authorities())
    if request.method == "POST" and form.is_valid():
        sent = run_service(
            request, services.incident_report, form, incident=item, **form.cleaned_data
        )
        if sent is not None:
            messages.success(request, _("Report sent."))
            return _back(item)
    context = {
        "item": item,
        "form": form,
        "clock": clock_text(item.clock()),
        "summary": services.report_summary(item),
    }
    return render_page(request, "incidents/report.html", context)


@login_required
@require_POST
def task_add(request: HttpRequest, incident_id: Any) -> HttpResponse:
    item = _incident(request, incident_id, "change")
    form = TaskForm(request.POST, people=selectors.people(item.organisation))
    if form.is_valid():
        run_service(request, services.task_add, incident=item, **form.cleaned_data)
    else:
        messages.error(request, _("Name the task."))
    return _back(item)


@login_required
@require_POST
def task_done(request: HttpRequest, incident_id: Any, task_id: Any) -> HttpResponse:
    item = _incident(request, incident_id, "change")
    task = get_object_or_404(item.tasks, pk=task_id)
    run_service(request, services.task_complete, task=task, finding=request.POST.get("finding", ""))
    return _back(item)


@login_required
@require_POST
def lesson_add(request: HttpRequest, incident_id: Any) -> HttpResponse:
    item = _incident(request, incident_id, "change")
    form = LessonForm(request.POST)
    if form.is_valid():
        run_service(request, services.lesson_add, incident=item, **form.cleaned_data)
    else:
        messages.error(request, _("Write the lesson."))
    return _back(item)


@login_required
@require_POST
def lesson_propose(request: HttpRequest, incident_id: Any, lesson_id: Any) -> HttpResponse:
    item = _incident(request, incident_id, "propose")
    lesson = get_object_or_404(item.lessons, pk=lesson_id)
    proposal = run_service(request, services.lesson_propose, lesson=lesson)
    if proposal is not None:
        messages.success(request, _("Draft practice proposed to the compendium."))
    return _back(item)


@login_required
@require_POST
def close(request: HttpRequest, incident_id: Any) -> HttpResponse:
    item = _incident(request, incident_id, "change")
    if run_service(request, services.incident_close, incident=item) is not None:
        messages.success(request, _("Incident closed."))
    return _back(item)


EXPORTS: dict[str, tuple[Callable[[Incident], bytes], str]] = {
    "json": (exports.incident_json_bytes, "application/json"),
    "stix.json": (exports.incident_stix_bytes, "application/stix+json;version=2.1"),
    "misp.json": (exports.incident_misp_bytes, "application/json"),
    "pdf": (exports.incident_pdf, "application/pdf"),
}


@login_required
def export(request: HttpRequest, incident_id: Any, fmt: str) -> HttpResponse:
    item = _incident(request, incident_id, "export")
    if fmt not in EXPORTS:
        raise Http404
    make, content_type = EXPORTS[fmt]
    content = make(item)
    write_export(item, actor=request.user, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="incident-{item.pk}.{fmt}"'
    return response
