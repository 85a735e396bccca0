"""Road-map pages: generate from gaps, edit actions, export to PDF and XLSX.

A road map belongs to its assessment: each page fetches the assessment with
`policy.get_object` and the action it needs, then its road map.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.compendium.translations import page_translations
from chemsec.core.policy import can, get_object
from chemsec.core.rendering import render_page
from chemsec.frameworks import exports
from chemsec.frameworks.forms import ActionForm
from chemsec.frameworks.models import Assessment, RoadMap
from chemsec.frameworks.roadmaps import (
    roadmap_action_delete,
    roadmap_action_save,
    roadmap_export,
    roadmap_generate,
)
from chemsec.frameworks.selectors import assessments_joined


def _assessment(request: HttpRequest, assessment_id: Any, action: str) -> Assessment:
    return get_object(request.user, f"assessment.{action}", assessments_joined(), pk=assessment_id)


def _roadmap(request: HttpRequest, assessment_id: Any, action: str = "view") -> RoadMap:
    assessment = _assessment(request, assessment_id, action)
    roadmap = get_object_or_404(RoadMap, assessment=assessment)
    roadmap.assessment = assessment  # already fetched, with its organisation
    return roadmap


@login_required
@require_POST
def roadmap_create(request: HttpRequest, assessment_id: str) -> HttpResponse:
    assessment = _assessment(request, assessment_id, "change")
    roadmap_generate(actor=request.user, assessment=assessment)
    messages.success(request, _("Road map drawn from the gaps."))
    return redirect("frameworks:roadmap", assessment_id=assessment.pk)


@login_required
def roadmap_detail(request: HttpRequest, assessment_id: str) -> HttpResponse:
    roadmap = _roadmap(request, assessment_id)
    actions = list(roadmap.actions.select_related("question"))
    context = {
        "roadmap": roadmap,
        "assessment": roadmap.assessment,
        "actions": actions,
        "editable": can(request.user, "assessment.change", roadmap.assessment),
        "form": ActionForm(),
    }
    # The questions the actions close, in the reader's language where translated.
    urns = [a.question.urn for a in actions if a.question is not None]
    context["translated"], _notice = page_translations(request, urns)
    return render_page(request, "frameworks/roadmap_detail.html", context)


@login_required
@require_POST
def action_new(request: HttpRequest, assessment_id: str) -> HttpResponse:
    roadmap = _roadmap(request, assessment_id, "change")
    form = ActionForm(request.POST)
    if form.is_valid():
        roadmap_action_save(actor=request.user, roadmap=roadmap, fields=form.service_fields())
        messages.success(request, _("Action added."))
    else:
        messages.error(request, _("The action is not valid; check its fields."))
    return redirect("frameworks:roadmap", assessment_id=assessment_id)


@login_required
def action_edit(request: HttpRequest, assessment_id: str, action_id: str) -> HttpResponse:
    roadmap = _roadmap(request, assessment_id, "change")
    action = get_object_or_404(roadmap.actions, pk=action_id)
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        action.refresh_from_db()  # the bound form already changed the instance in memory
        roadmap_action_save(actor=request.user, roadmap=roadmap, action=action, fields=fields)
        messages.success(request, _("Action saved."))
        return redirect("frameworks:roadmap", assessment_id=assessment_id)
    context = {"form": form, "roadmap": roadmap, "action": action}
    return render_page(request, "frameworks/action_form.html", context)


@login_required
@require_POST
def action_delete(request: HttpRequest, assessment_id: str, action_id: str) -> HttpResponse:
    roadmap = _roadmap(request, assessment_id, "change")
    action = get_object_or_404(roadmap.actions, pk=action_id)
    roadmap_action_delete(actor=request.user, action=action)
    messages.success(request, _("Action deleted."))
    return redirect("frameworks:roadmap", assessment_id=assessment_id)


@login_required
def roadmap_export_view(request: HttpRequest, assessment_id: str, fmt: str) -> HttpResponse:
    roadmap = _roadmap(request, assessment_id, "export")
    if fmt not in exports.ROADMAP_WRITERS:
        raise Http404
    body = roadmap_export(actor=request.user, roadmap=roadmap, fmt=fmt)
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="road-map.{fmt}"'
    return response
