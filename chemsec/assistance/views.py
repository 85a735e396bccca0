"""Assistance pages: file a need, my organisation's requests, detail, triage board, experts.

Every request is fetched with `policy.get_object` and the action the page needs, and every
write is a service that asks the policy again; the API gives the same answers.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
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
from chemsec.assistance.reasons import shown_matches
from chemsec.assistance.selectors import (
    expert_directory,
    organisation_requests,
    requests_joined,
    status_counts,
    suggested_experts,
    triage_board,
)
from chemsec.compendium.translations import page_translations
from chemsec.core.policy import acting_organisation, can, get_object, require
from chemsec.core.rendering import render_page


@login_required
def index(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    mine = organisation_requests(request.user, organisation)
    page = Paginator(mine, 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "organisation": organisation,
        "is_secretariat": can(request.user, "assistance.board", None),
    }
    return render_page(request, "assistance/index.html", context)


@login_required
def file_request(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    require(request.user, "assistance_request.create", organisation)
    form = RequestForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "preview": None}
    if request.POST.get("preview") and form.is_valid():
        context["preview"] = _preview(request, form.cleaned_data)
        return render_page(request, "assistance/file.html", context, partial="matches")
    if request.method == "POST" and form.is_valid():
        try:
            filed = services.request_file(
                user=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("Request filed. Matching practices are proposed below."))
            return redirect("assistance:detail", request_id=filed.pk)
    return render_page(request, "assistance/file.html", context)


def _preview(request: HttpRequest, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Matches for a need not yet filed: shown, not stored."""
    require(request.user, "assistance.match", None)
    found = match_practices(
        need=data["need"],
        title=data["title"],
        stage=data["stage"],
        measure_type=data["measure_type"],
        framework_section=data["framework_section"],
        user=request.user,
    )
    shown = shown_matches(m.as_dict() for m in found)
    return [{**m, "url": _practice_url(m["urn"])} for m in shown]


def _item(request: HttpRequest, request_id: str, action: str = "view") -> AssistanceRequest:
    return get_object(
        request.user, f"assistance_request.{action}", requests_joined(), pk=request_id
    )


@login_required
def detail(request: HttpRequest, request_id: str) -> HttpResponse:
    item = _item(request, request_id)
    return render_page(request, "assistance/detail.html", _detail_context(request, item))


def _section(urn: str) -> SimpleNamespace | None:
    """The request's framework section, with its URN, for `{% translated %}`."""
    found = section_by_urn(urn) if urn else None
    if found is None:
        return None
    return SimpleNamespace(urn=urn, code=found.get("code", ""), title=found.get("title", ""))


def _detail_context(request: HttpRequest, item: AssistanceRequest) -> dict[str, Any]:
    can_triage = can(request.user, "assistance_request.triage", item)
    context: dict[str, Any] = {
        "item": item,
        "matches": [{**m, "url": _practice_url(m["urn"])} for m in shown_matches(item.matches)],
        "section": _section(item.framework_section),
        "notes": item.notes.select_related("author"),
        "assignments": item.assignments.select_related("expert__user"),
        "outcomes": item.outcomes.select_related("author"),
        "can_note": can(request.user, "assistance_request.change", item),
        "can_triage": can_triage,
        "note_form": NoteForm(),
    }
    if context["section"] is not None:  # its title in the reader's language where translated
        context["translated"], _notice = page_translations(request, [context["section"].urn])
    if can_triage:
        experts = expert_directory()
        context.update(
            triage_form=TriageForm(initial={"status": item.status, "priority": item.priority}),
            assign_form=AssignForm(experts=experts),
            outcome_form=OutcomeForm(),
            suggested=suggested_experts(item, list(experts))[:3],
        )
    return context


def _practice_url(urn: str) -> str:
    try:
        return reverse("compendium:practice", args=[urn])
    except NoReverseMatch:
        return reverse("content_detail", args=[urn])


def _run(request: HttpRequest, action: Callable[[], object], success: str) -> None:
    """Run a service; a refusal by the policy propagates (403/404), a validation error is shown."""
    try:
        result = action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return
    messages.success(request, result if isinstance(result, str) else success)


@login_required
@require_POST
def add_note(request: HttpRequest, request_id: str) -> HttpResponse:
    item = _item(request, request_id, "change")
    form = NoteForm(request.POST)
    if form.is_valid():
        text = form.cleaned_data["text"]
        _run(request, lambda: services.note_add(user=request.user, request=item, text=text), "")
    return redirect("assistance:detail", request_id=item.pk)


@login_required
@require_POST
def triage(request: HttpRequest, request_id: str) -> HttpResponse:
    item = _item(request, request_id, "triage")
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
    item = _item(request, request_id, "triage")
    form = AssignForm(request.POST, experts=expert_directory())
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
    item = _item(request, request_id, "triage")
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
    require(request.user, "assistance.board", None)
    status = request.GET.get("status", "")
    context = {
        "page": Paginator(triage_board(request.user, status), 50).get_page(request.GET.get("page")),
        "status": status,
        "statuses": _statuses(request),
        "can_triage": can(request.user, "assistance_request.triage", None),
    }
    return render_page(request, "assistance/board.html", context, partial="board")


def _statuses(request: HttpRequest) -> list[tuple[str, str, int]]:
    counts = status_counts(request.user)
    return [(code, str(label), counts.get(code, 0)) for code, label in RequestStatus.choices]


@login_required
def experts(request: HttpRequest) -> HttpResponse:
    require(request.user, "expert.view", None)
    can_edit = can(request.user, "expert.change", None)
    form = ExpertForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        require(request.user, "expert.change", None)
        if form is not None and form.is_valid():
            data = form.cleaned_data
            services.expert_profile_save(user=request.user, expert=data.pop("username"), **data)
            messages.success(request, _("Expert profile saved."))
            return redirect("assistance:experts")
    context = {"experts": expert_directory(), "form": form}
    return render_page(request, "assistance/experts.html", context)
