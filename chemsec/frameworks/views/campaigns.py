"""Secretariat pages: launch a campaign, follow responses, see needs, export, remind."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.compendium.translations import page_translations
from chemsec.core.jobs import job_enqueue
from chemsec.core.policy import acting_organisation, get_object, require
from chemsec.core.rendering import render_page
from chemsec.frameworks import exports, services
from chemsec.frameworks.analysis import campaign_dashboard, means_chart, needs_map
from chemsec.frameworks.forms import CampaignForm
from chemsec.frameworks.models import Campaign
from chemsec.frameworks.selectors import campaigns_joined, campaigns_managed_by


def _managed(request: HttpRequest, campaign_id: Any) -> Campaign:
    return get_object(request.user, "campaign.manage", campaigns_joined(), pk=campaign_id)


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "campaign.run", None)
    campaigns = campaigns_managed_by(request.user).prefetch_related("invited")
    return render_page(request, "frameworks/campaign_list.html", {"campaigns": campaigns})


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    require(request.user, "campaign.create", organisation)
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        campaign = services.campaign_create(
            actor=request.user,
            organisation=organisation,
            title=data["title"],
            framework=data["framework"],
            invited=list(data["invited"]),
            deadline=data["deadline"],
            reminder_days=data["reminder_days"],
        )
        messages.success(request, _("Campaign launched."))
        return redirect("frameworks:campaign", campaign_id=campaign.pk)
    return render_page(request, "frameworks/campaign_form.html", {"form": form})


@login_required
def campaign_detail(request: HttpRequest, campaign_id: str) -> HttpResponse:
    campaign = _managed(request, campaign_id)
    dashboard = campaign_dashboard(request.user, campaign)
    context = {
        "d": dashboard,
        "chart": means_chart(dashboard),
        "needs_map": needs_map(dashboard, get_language()),
    }
    # Section (and framework) titles in the reader's language where translated.
    urns = [campaign.framework.urn, *(s.urn for s in dashboard.sections)]
    context["translated"], _notice = page_translations(request, urns)
    return render_page(request, "frameworks/campaign_detail.html", context)


@login_required
def campaign_export(request: HttpRequest, campaign_id: str, fmt: str) -> HttpResponse:
    campaign = _managed(request, campaign_id)
    if fmt not in exports.DASHBOARD_WRITERS:
        raise Http404
    body = services.dashboard_export(actor=request.user, campaign=campaign, fmt=fmt)
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="needs-assessment.{fmt}"'
    return response


@login_required
@require_POST
def campaign_remind(request: HttpRequest, campaign_id: str) -> HttpResponse:
    campaign = _managed(request, campaign_id)
    job = job_enqueue(
        kind="frameworks.send_reminders",
        user=request.user,
        organisation=campaign.organisation,
        params={"campaign": str(campaign.pk), "force": True},
    )
    messages.info(request, _("Reminders are being sent."))
    return redirect("job_detail", job_id=job.pk)
