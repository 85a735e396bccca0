"""Protection pages: diagrams and their evaluation, consequence estimates, the site plan.

Each page fetches its object with `policy.get_object` and the action it needs (a facility
the person may not see is a 404, one they see but may not change a 403) and calls the
services, which ask the policy again and audit every write, view and export.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.core.middleware import CONTENT_SECURITY_POLICY
from chemsec.core.models import User
from chemsec.core.policy import can, get_object
from chemsec.core.rendering import render_page
from chemsec.facilities import selectors as facility_sel
from chemsec.facilities.models import Facility
from chemsec.protection import services
from chemsec.protection.evaluation import evaluate
from chemsec.protection.forms import ConsequenceForm, DiagramForm
from chemsec.protection.models import ConsequenceEstimate, ProtectionDiagram
from chemsec.protection.presenters import (
    estimate_assumptions,
    estimate_facts,
    estimate_geojson,
    estimate_map,
    footprint,
    has_coordinates,
    input_error_text,
)
from chemsec.protection.selectors import (
    diagrams,
    diagrams_visible_to,
    estimates,
    estimates_visible_to,
    facilities_visible_to,
    plan_exports,
    plan_exports_for,
    scenario_choices,
    scenario_label,
)
from chemsec.science.inputs import InputError


def _facility(request: HttpRequest, facility_id: str, action: str = "view") -> Facility:
    return get_object(request.user, f"facility.{action}", facility_sel.facilities(), pk=facility_id)


def _diagram(request: HttpRequest, diagram_id: str, action: str = "view") -> ProtectionDiagram:
    return get_object(request.user, f"diagram.{action}", diagrams(), pk=diagram_id)


def _estimate(request: HttpRequest, estimate_id: str, action: str = "view") -> ConsequenceEstimate:
    return get_object(request.user, f"estimate.{action}", estimates(), pk=estimate_id)


def _person(request: HttpRequest) -> User:
    """The signed-in person (the pages here are all behind `login_required`)."""
    assert isinstance(request.user, User)
    return request.user


def _scenario(value: str) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    facilities = facilities_visible_to(request.user)
    return render_page(request, "protection/index.html", {"facilities": facilities})


@login_required
def facility(request: HttpRequest, facility_id: str) -> HttpResponse:
    site = _facility(request, facility_id)
    context = {
        "facility": site,
        "diagrams": diagrams_visible_to(request.user).filter(facility=site),
        "estimates": estimates_visible_to(request.user).filter(facility=site),
        "exports": plan_exports_for(request.user, site)[:10],
        "can_change": can(request.user, "diagram.create", site),
    }
    return render_page(request, "protection/facility.html", context)


def _diagram_form(request: HttpRequest, site: Facility, initial: dict[str, Any]) -> DiagramForm:
    return DiagramForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        scenarios=scenario_choices(request.user, site),
    )


@login_required
def diagram_create(request: HttpRequest, facility_id: str) -> HttpResponse:
    site = _facility(request, facility_id, "change")
    form = _diagram_form(request, site, {"document": json.dumps(STARTER, indent=2)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        diagram = services.diagram_create(
            facility=site,
            actor=request.user,
            name=data["name"],
            document=data["parsed"],
            p_neutralisation=data["p_neutralisation"],
            scenario_id=_scenario(data["scenario"]),
        )
        messages.success(request, _("Diagram saved."))
        return redirect("protection:diagram", diagram_id=diagram.pk)
    context = {"form": form, "facility": site, "diagram": None}
    return render_page(request, "protection/diagram_form.html", context)


@login_required
def diagram_edit(request: HttpRequest, diagram_id: str) -> HttpResponse:
    diagram = _diagram(request, diagram_id, "change")
    initial = {
        "name": diagram.name,
        "document": json.dumps(diagram.document, indent=2),
        "p_neutralisation": diagram.p_neutralisation,
        "scenario": str(diagram.scenario_id or ""),
    }
    form = _diagram_form(request, diagram.facility, initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.diagram_update(
            diagram=diagram,
            actor=request.user,
            name=data["name"],
            document=data["parsed"],
            p_neutralisation=data["p_neutralisation"],
            scenario_id=_scenario(data["scenario"]),
        )
        messages.success(request, _("Diagram saved as version %(n)s.") % {"n": diagram.version})
        return redirect("protection:diagram", diagram_id=diagram.pk)
    context = {"form": form, "facility": diagram.facility, "diagram": diagram}
    return render_page(request, "protection/diagram_form.html", context)


@login_required
def diagram_detail(request: HttpRequest, diagram_id: str) -> HttpResponse:
    diagram = _diagram(request, diagram_id)
    context = {
        "diagram": diagram,
        "facility": diagram.facility,
        "evaluation": evaluate(diagram.document, diagram.p_neutralisation),
        "versions": diagram.versions.select_related("created_by")[:20],
        "scenario": scenario_label(diagram.facility, diagram.scenario_id),
        "can_change": can(request.user, "diagram.change", diagram),
    }
    return render_page(request, "protection/diagram.html", context)


@login_required
def diagram_export(request: HttpRequest, diagram_id: str) -> HttpResponse:
    diagram = _diagram(request, diagram_id, "export")
    body = json.dumps(services.diagram_export(diagram=diagram, actor=request.user), indent=2)
    response = HttpResponse(body, content_type="application/json")
    name = slugify(diagram.name) or "diagram"
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response


@login_required
@require_POST
def diagram_delete(request: HttpRequest, diagram_id: str) -> HttpResponse:
    diagram = _diagram(request, diagram_id, "delete")
    site_id = diagram.facility_id
    services.diagram_delete(diagram=diagram, actor=request.user)
    messages.success(request, _("Diagram deleted."))
    return redirect("protection:facility", facility_id=site_id)


def _add_input_error(form: ConsequenceForm, exc: InputError) -> None:
    """A service's refusal under its field, where the field's label already names it."""
    if exc.field in form.fields:
        form.add_error(exc.field, input_error_text(exc))
    else:
        form.add_error(None, f"{exc.field}: {input_error_text(exc)}")


@login_required
def estimate_create(request: HttpRequest, facility_id: str) -> HttpResponse:
    site = _facility(request, facility_id, "change")
    initial = {"terrain": "urban" if site.population_density == "urban" else "rural"}
    form = ConsequenceForm(
        request.POST or None, initial=initial, scenarios=scenario_choices(request.user, site)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["scenario_id"] = _scenario(data.pop("scenario"))
        try:
            estimate = services.consequence_estimate_create(
                facility=site, actor=request.user, **data
            )
        except InputError as exc:
            _add_input_error(form, exc)
        else:
            return redirect("protection:estimate", estimate_id=estimate.pk)
    return render_page(request, "protection/estimate_form.html", {"form": form, "facility": site})


@login_required
def estimate_detail(request: HttpRequest, estimate_id: str) -> HttpResponse:
    estimate = _estimate(request, estimate_id)
    context = {
        "estimate": estimate,
        "facility": estimate.facility,
        "facts": estimate_facts(estimate),
        "assumptions": estimate_assumptions(estimate.result),
        "svg": footprint(estimate),
        "scenario": scenario_label(estimate.facility, estimate.scenario_id),
        "can_delete": can(request.user, "estimate.delete", estimate),
        "has_coordinates": has_coordinates(estimate),
        "map_svg": estimate_map(estimate),
        "can_export": can(request.user, "estimate.export", estimate),
    }
    tiles = map_tiles()
    if tiles and context["map_svg"]:
        context["map_data"] = {"tiles": tiles, "geojson": estimate_geojson(estimate)}
    response = render_page(request, "protection/estimate.html", context)
    if tiles and context["map_svg"]:
        response["Content-Security-Policy"] = _policy_with_tiles(tiles)
    return response


def map_tiles() -> str:
    """The tile URL the deployment configured (``CHEMSEC_MAP_TILES``, e.g.
    ``https://tiles.example.org/{z}/{x}/{y}.png``); "" for none: the offline map only."""
    value = getattr(settings, "CHEMSEC_MAP_TILES", "") or ""
    return value if isinstance(value, str) else ""


def _policy_with_tiles(tiles: str) -> str:
    """The site's Content-Security-Policy, with the tile server's origin allowed for images."""
    from urllib.parse import urlsplit

    parts = urlsplit(tiles)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "'self'"
    return CONTENT_SECURITY_POLICY.replace("img-src 'self' data:", f"img-src 'self' data: {origin}")


@login_required
def estimate_map_export(request: HttpRequest, estimate_id: str, fmt: str) -> HttpResponse:
    """The estimate's site and zones as GeoJSON or KML; 404 when the site has no coordinates."""
    estimate = _estimate(request, estimate_id, "export")
    body = services.consequence_estimate_map_export(estimate=estimate, actor=request.user, fmt=fmt)
    if body is None:
        raise Http404(_("This facility has no coordinates: there is no map to export."))
    kind = "application/geo+json" if fmt == "geojson" else "application/vnd.google-earth.kml+xml"
    response = HttpResponse(body, content_type=f"{kind}; charset=utf-8")
    name = slugify(f"{estimate.facility.name} {estimate.chemical_name}") or "estimate"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
@require_POST
def estimate_delete(request: HttpRequest, estimate_id: str) -> HttpResponse:
    estimate = _estimate(request, estimate_id, "delete")
    site_id = estimate.facility_id
    services.consequence_estimate_delete(estimate=estimate, actor=request.user)
    return redirect("protection:facility", facility_id=site_id)


@login_required
def plan(request: HttpRequest, facility_id: str) -> HttpResponse:
    site = _facility(request, facility_id)
    document = services.site_plan_read(facility=site, actor=_person(request))
    return render_page(request, "protection/plan.html", {"plan": document, "facility": site})


@login_required
@require_POST
def plan_generate(request: HttpRequest, facility_id: str) -> HttpResponse:
    site = _facility(request, facility_id, "export")
    export = services.site_plan_export_create(facility=site, actor=_person(request))
    return redirect("protection:plan_download", export_id=export.pk)


@login_required
def plan_download(request: HttpRequest, export_id: str) -> HttpResponse:
    """A stored plan: asked of the policy now, so a revoked share takes it away."""
    export = get_object(request.user, "plan_export.download", plan_exports(), pk=export_id)
    body = services.site_plan_download(export=export, actor=request.user)
    response = HttpResponse(body, content_type="application/pdf")
    name = slugify(export.facility.name) or "facility"
    response["Content-Disposition"] = f'attachment; filename="site-security-plan-{name}.pdf"'
    return response


# A starting point for a new diagram: one layer per typical barrier, to be edited.
STARTER: dict[str, Any] = {
    "p_communication": 0.95,
    "response": {"mean": 300, "sd": 90},
    "layers": [
        {"name": "Perimeter", "elements": [
            {"name": "Fence", "p_detection": 0.5, "location": "B", "delay_mean": 10}]},
        {"name": "Building", "elements": [
            {"name": "Door", "p_detection": 0.9, "location": "B", "delay_mean": 90}]},
        {"name": "Target", "elements": [
            {"name": "Task at target", "p_detection": 0.0, "location": "B", "delay_mean": 120}]},
    ],
}  # fmt: skip
