"""Assistance pages: file a need, my organisation's requests, detail, triage board, experts.

Every request is fetched through `AssistanceRequest.objects.visible_to`; triage pages
answer 404 to anyone outside the secretariat.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.assistance import services
from chemsec.assistance.choices import RequestStatus
from chemsec.assistance.forms import (
    AssignForm,
    ExpertForm,
    NoteForm,
    OutcomeForm,
    RequestForm,
    TriageForm,
)
from chemsec.assistance.matching import match_practices, section_by_urn
from chemsec.assistance.models import AssistanceRequest
from chemsec.assistance.querysets import is_secretariat_staff
from chemsec.assistance.selectors import (
    expert_directory,
    organisation_requests,
    requests_visible_to,
    status_counts,
    suggested_experts,
    triage_board,
)
from chemsec.core.rendering import render_page


@login_required
def index(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    mine = organisation_requests(request.user, organisation)
    page = Paginator(mine, 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "organisation": organisation,
        "is_secretariat": is_secretariat_staff(request.user),
    }
    return render_page(request, "assistance/index.html", context)


@login_required
def file_request(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "preview": None}
    if request.POST.get("preview") and form.is_valid():
        context["preview"] = _preview(request, form.cleaned_data)
        return render_page(request, "assistance/file.html", context, partial="matches")
    if request.method == "POST" and form.is_valid():
        try:
            filed = services.request_file(
                user=request.user,
                organisation=request.organisation,  # type: ignore[attr-defined]
                **form.cleaned_data,
            )
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Request filed. Matching practices are proposed below."))
            return redirect("assistance:detail", request_id=filed.pk)
    return render_page(request, "assistance/file.html", context)


def _preview(request: HttpRequest, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Matches for a need not yet filed: shown, not stored."""
    found = match_practices(
        need=data["need"],
        title=data["title"],
        stage=data["stage"],
        measure_type=data["measure_type"],
        framework_section=data["framework_section"],
        user=request.user,
    )
    return [{**m.as_dict(), "url": _practice_url(m.urn)} for m in found]


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("Not allowed.")


@login_required
def detail(request: HttpRequest, request_id: str) -> HttpResponse:
    item = get_object_or_404(requests_visible_to(request.user), pk=request_id)
    return render_page(request, "assistance/detail.html", _detail_context(request, item))


def _detail_context(request: HttpRequest, item: AssistanceRequest) -> dict[str, Any]:
    can_triage = is_secretariat_staff(request.user, "change")
    context: dict[str, Any] = {
        "item": item,
        "matches": [{**m, "url": _practice_url(m["urn"])} for m in item.matches],
        "section": section_by_urn(item.framework_section) if item.framework_section else None,
        "notes": item.notes.select_related("author"),
        "assignments": item.assignments.select_related("expert__user"),
        "outcomes": item.outcomes.select_related("author"),
        "can_note": requests_visible_to(request.user, "change").filter(pk=item.pk).exists(),
        "can_triage": can_triage,
        "note_form": NoteForm(),
    }
    if can_triage:
        experts = expert_directory(request.user)
        context.update(
            triage_form=TriageForm(initial={"status": item.status, "priority": item.priority}),
            assign_form=AssignForm(experts=experts),
            outcome_form=OutcomeForm(),
            suggested=suggested_experts(item, list(experts or []))[:3],
        )
    return context


def _practice_url(urn: str) -> str:
    try:
        return reverse("compendium:practice", args=[urn])
    except NoReverseMatch:
        return reverse("content_detail", args=[urn])


def _triage_item(request: HttpRequest, request_id: str) -> AssistanceRequest:
    if not is_secretariat_staff(request.user, "change"):
        raise Http404
    return get_object_or_404(requests_visible_to(request.user, "change"), pk=request_id)


def _run(request: HttpRequest, action: Any, success: str) -> None:
    try:
        result = action()
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _error_text(error))
        return
    messages.success(request, result if isinstance(result, str) else success)


@login_required
@require_POST
def add_note(request: HttpRequest, request_id: str) -> HttpResponse:
    item = get_object_or_404(requests_visible_to(request.user, "change"), pk=request_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        text = form.cleaned_data["text"]
        _run(request, lambda: services.note_add(user=request.user, request=item, text=text), "")
    return redirect("assistance:detail", request_id=item.pk)


@login_required
@require_POST
def triage(request: HttpRequest, request_id: str) -> HttpResponse:
    item = _triage_item(request, request_id)
    form = TriageForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        _run(
            request,
            lambda: services.request_triage(user=request.user, request=item, **data),
            _("Request updated."),
        )
    if request.POST.get("back") == "board":
        return redirect("assistance:board")
    return redirect("assistance:detail", request_id=item.pk)


@login_required
@require_POST
def assign(request: HttpRequest, request_id: str) -> HttpResponse:
    item = _triage_item(request, request_id)
    form = AssignForm(request.POST, experts=expert_directory(request.user))
    if form.is_valid():
        data = form.cleaned_data
        _run(
            request,
            lambda: services.expert_assign(user=request.user, request=item, **data),
            _("Expert assigned."),
        )
    return redirect("assistance:detail", request_id=item.pk)


@login_required
@require_POST
def add_outcome(request: HttpRequest, request_id: str) -> HttpResponse:
    item = _triage_item(request, request_id)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        _run(
            request,
            lambda: services.outcome_record(user=request.user, request=item, **data)[1],
            "",
        )
    return redirect("assistance:detail", request_id=item.pk)


@login_required
def board(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    requests = triage_board(request.user, status)
    if requests is None:
        raise Http404
    context = {
        "page": Paginator(requests, 50).get_page(request.GET.get("page")),
        "status": status,
        "statuses": _statuses(request),
        "can_triage": is_secretariat_staff(request.user, "change"),
    }
    return render_page(request, "assistance/board.html", context, partial="board")


def _statuses(request: HttpRequest) -> list[tuple[str, str, int]]:
    counts = status_counts(request.user)
    return [(code, label, counts.get(code, 0)) for code, label in RequestStatus.choices]


@login_required
def experts(request: HttpRequest) -> HttpResponse:
    directory = expert_directory(request.user)
    if directory is None:
        raise Http404
    can_edit = is_secretariat_staff(request.user, "change")
    form = ExpertForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            services.expert_profile_save(
                user=request.user,
                expert=data.pop("username"),
                **data,
            )
            messages.success(request, _("Expert profile saved."))
            return redirect("assistance:experts")
    context = {"experts": directory, "form": form}
    return render_page(request, "assistance/experts.html", context)
