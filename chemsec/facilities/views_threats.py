"""Threat profiles and scenarios: listing, creating, sharing, editing, deleting, unsharing.

The same rule as everywhere (`policy.get_object`): an object the person may not see is a
404; one they may see but not change (or delete) is a 403.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.core.models import Organisation
from chemsec.core.policy import acting_organisation, can, get_object, require
from chemsec.core.rendering import render_page
from chemsec.facilities import selectors as sel
from chemsec.facilities import threat_services as ts
from chemsec.facilities.forms import ScenarioForm, ThreatForm, ThreatShareForm
from chemsec.facilities.models import Facility, Scenario, ThreatProfile
from chemsec.facilities.services import scenario_create, threat_create, threat_share
from chemsec.facilities.views import get_facility, revoke_share


def get_threat(request: HttpRequest, threat_id: Any, action: str = "view") -> ThreatProfile:
    """The threat profile if the person may do `action` to it ("threat.<action>"): 404 if
    they may not see it, 403 if they see it but may not act."""
    return get_object(request.user, f"threat.{action}", sel.threats(), pk=threat_id)


def _threat_owner(request: HttpRequest) -> Organisation | None:
    """The acting organisation, if the person may write threat profiles for it."""
    organisation = acting_organisation(request)
    if organisation is None or not can(request.user, "threat.create", organisation):
        return None
    return organisation


@login_required
def threat_list(request: HttpRequest) -> HttpResponse:
    owner = _threat_owner(request)
    form = ThreatForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "threat.create", acting_organisation(request))
        if form.is_valid() and owner is not None:
            threat = threat_create(organisation=owner, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Threat profile saved (restricted)."))
            return redirect("facilities:threat_detail", threat_id=threat.pk)
    threats = sel.threats_visible_to(request.user)
    context = {
        "threats": threats,
        "form": form,
        "can_create": owner is not None,
        # Ids of the rows that get Edit and Delete links.
        "changeable": sel.threat_ids(request.user, "change"),
        "deletable": sel.threat_ids(request.user, "delete"),
    }
    return render_page(request, "facilities/threats.html", context)


@login_required
def threat_detail(request: HttpRequest, threat_id: str) -> HttpResponse:
    threat = get_threat(request, threat_id, "share" if request.method == "POST" else "view")
    can_share = can(request.user, "threat.share", threat)
    form = ThreatShareForm(request.POST or None, facilities=sel.facilities_visible_to(request.user))
    if request.method == "POST" and form.is_valid():
        facilities = list(form.cleaned_data["facilities"])
        threat_share(threat=threat, actor=request.user, facilities=facilities)
        messages.success(request, _("Shared with the facilities' operators, read-only."))
        return redirect("facilities:threat_detail", threat_id=threat.pk)
    context = {
        "threat": threat,
        "form": form,
        "can_share": can_share,
        "can_change": can(request.user, "threat.change", threat),
        "can_delete": can(request.user, "threat.delete", threat),
        "shared_organisations": threat.shared_with_organisations.all(),
        "shared_users": threat.shared_with_users.all(),
    }
    return render_page(request, "facilities/threat_detail.html", context)


@login_required
def scenarios(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility = get_facility(request, facility_id, "change" if request.method == "POST" else "view")
    can_change = can(request.user, "facility.change", facility)
    form = ScenarioForm(
        request.POST or None,
        facility=facility,
        threats=sel.threats_for_facility(request.user, facility),
        chemicals=sel.chemicals_of_interest(facility),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["chemical_name"] = form.chemical_names.get(data["chemical_key"], "")
        try:
            scenario_create(facility=facility, actor=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("Scenario added."))
            return redirect("facilities:scenarios", facility_id=facility.pk)
    items = list(facility.scenarios.select_related("threat", "area"))
    context = {
        "facility": facility,
        "scenarios": items,
        "form": form,
        "can_change": can_change,
        # A scenario's threat is named (and rated) only to those who may see the threat.
        "seen_threats": sel.threats_seen(request.user, {s.threat_id for s in items}),
    }
    return render_page(request, "facilities/scenarios.html", context)


@login_required
def threat_edit(request: HttpRequest, threat_id: str) -> HttpResponse:
    threat = get_threat(request, threat_id, "change")
    form = ThreatForm(request.POST or None, instance=threat)
    if request.method == "POST" and form.is_valid():
        # The bound form has already written the new values onto `threat`; compare a fresh copy.
        fresh = ThreatProfile.objects.get(pk=threat.pk)
        ts.threat_update(threat=fresh, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Threat profile saved."))
        return redirect("facilities:threat_detail", threat_id=threat.pk)
    return render_page(request, "facilities/threat_edit.html", {"threat": threat, "form": form})


@login_required
def threat_delete(request: HttpRequest, threat_id: str) -> HttpResponse:
    threat = get_threat(request, threat_id, "delete")
    if request.method == "POST":
        try:
            ts.threat_delete(threat=threat, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("facilities:threat_delete", threat_id=threat.pk)
        messages.success(request, _("Threat profile deleted."))
        return redirect("facilities:threats")
    blockers = list(ts.threat_delete_blockers(threat))
    shown = ts.visible_blockers(blockers, request.user)
    context = {
        "threat": threat,
        "object_label": threat.name,
        "cancel_url": reverse("facilities:threat_detail", args=[threat.pk]),
        "blockers": shown,
        "hidden_blockers": len(blockers) - len(shown),
        "refused": bool(blockers),
    }
    return render_page(request, "facilities/confirm_delete.html", context)


@login_required
@require_POST
def threat_unshare(request: HttpRequest, threat_id: str) -> HttpResponse:
    threat = get_threat(request, threat_id, "unshare")
    # Refused (with a message) while the recipient's scenarios still use the threat.
    revoke_share(request, threat, partial(ts.threat_unshare, threat=threat))
    return redirect("facilities:threat_detail", threat_id=threat.pk)


def _scenario_form(request: HttpRequest, facility: Facility, scenario: Scenario) -> ScenarioForm:
    """The create form, prefilled; the scenario's own threat and chemical stay choosable even
    if the threat is no longer shared or the chemical left the latest inventory."""
    usable = sel.threats_for_facility(request.user, facility).values("pk")
    threats = ThreatProfile.objects.filter(Q(pk__in=usable) | Q(pk=scenario.threat_id))
    chemicals = sel.chemicals_of_interest(facility)
    if scenario.chemical_key and scenario.chemical_key not in {c["key"] for c in chemicals}:
        chemicals.append({"key": scenario.chemical_key, "name": scenario.chemical_name})
    return ScenarioForm(
        request.POST or None,
        instance=scenario,
        facility=facility,
        threats=threats,
        chemicals=chemicals,
        seen_threats=sel.threats_seen(request.user, set(threats.values_list("pk", flat=True))),
    )


@login_required
def scenario_edit(request: HttpRequest, facility_id: str, scenario_id: str) -> HttpResponse:
    facility = get_facility(request, facility_id, "change")
    scenario = get_object_or_404(
        facility.scenarios.select_related("threat", "area"), pk=scenario_id
    )
    form = _scenario_form(request, facility, scenario)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["chemical_name"] = form.chemical_names.get(data["chemical_key"], "")
        try:
            ts.scenario_update(scenario=scenario, actor=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("Scenario saved."))
            return redirect("facilities:scenarios", facility_id=facility.pk)
    context = {"facility": facility, "scenario": scenario, "form": form}
    return render_page(request, "facilities/scenario_edit.html", context)


@login_required
def scenario_delete(request: HttpRequest, facility_id: str, scenario_id: str) -> HttpResponse:
    facility = get_facility(request, facility_id, "change")
    scenario = get_object_or_404(facility.scenarios.select_related("threat"), pk=scenario_id)
    if request.method == "POST":
        effects = ts.scenario_delete(scenario=scenario, actor=request.user)
        messages.success(
            request,
            _(
                "Scenario deleted, and with it %(entries)d risk-register lines "
                "and %(measures)d measures."
            )
            % {"entries": len(effects["entries"]), "measures": len(effects["measures"])},
        )
        return redirect("facilities:scenarios", facility_id=facility.pk)
    context = {
        "facility": facility,
        "scenario": scenario,
        "object_label": scenario.name,
        "cancel_url": reverse("facilities:scenarios", args=[facility.pk]),
        **ts.scenario_delete_effects(scenario),
    }
    return render_page(request, "facilities/confirm_delete.html", context)
