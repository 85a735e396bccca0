"""Waste pages: a facility's streams and consignments, a consignment with its manifest,
the parties in signing order, what the acting organisation may do now, alerts and exports.
Forms and links only: the core flow needs no JavaScript."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.core.form_errors import add_service_errors
from chemsec.core.policy import acting_organisation, can, get_object
from chemsec.core.rendering import render_page
from chemsec.core.writes import write_export
from chemsec.facilities import selectors as facility_selectors
from chemsec.facilities.models import Facility
from chemsec.waste import services
from chemsec.waste.exports import FORMATS
from chemsec.waste.forms import (
    CertifyForm,
    ConsignmentForm,
    SignForm,
    StreamChemicalForm,
    StreamForm,
)
from chemsec.waste.models import Consignment, PartyRole, WasteStream


def _facility(request: HttpRequest, facility_id: Any, action: str = "waste.view") -> Facility:
    return get_object(request.user, action, facility_selectors.facilities(), pk=facility_id)


@login_required
def consignment_list(request: HttpRequest) -> HttpResponse:
    """Every consignment the person may see: their own sites' and those they are a party to."""
    found = (
        Consignment.objects.visible_to(request.user)
        .select_related("facility", "stream")
        .prefetch_related("alerts")
    )
    return render_page(request, "waste/list.html", {"consignments": found})


@login_required
def facility_waste(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility = _facility(request, facility_id)
    can_record = can(request.user, "waste.record", facility)
    form = StreamForm(request.POST or None)
    if request.method == "POST":
        facility = _facility(request, facility_id, "waste.record")
        if form.is_valid():
            services.stream_create(facility=facility, actor=request.user, **form.cleaned_data)
            return redirect("waste:facility", facility_id=facility.pk)
    streams = WasteStream.objects.filter(facility=facility).prefetch_related("chemicals")
    consignments = Consignment.objects.visible_to(request.user).filter(facility=facility)
    context = {
        "facility": facility,
        "streams": streams,
        "consignments": consignments,
        "form": form,
        "can_record": can_record,
        "chemical_form": StreamChemicalForm(),
    }
    return render_page(request, "waste/facility.html", context, status=400 if form.errors else 200)


def _stream(request: HttpRequest, facility_id: str, stream_id: str, action: str) -> WasteStream:
    facility = _facility(request, facility_id, action)
    return get_object_or_404(WasteStream.objects.filter(facility=facility), pk=stream_id)


@login_required
@require_POST
def stream_chemical_add(request: HttpRequest, facility_id: str, stream_id: str) -> HttpResponse:
    stream = _stream(request, facility_id, stream_id, "waste.record")
    form = StreamChemicalForm(request.POST)
    if form.is_valid():
        services.stream_chemical_add(stream=stream, actor=request.user, **form.cleaned_data)
    else:
        messages.error(request, _("The chemical was not added: check its fields."))
    return redirect("waste:facility", facility_id=stream.facility_id)


@login_required
def consignment_new(request: HttpRequest, facility_id: str, stream_id: str) -> HttpResponse:
    stream = _stream(request, facility_id, stream_id, "waste.record")
    form = ConsignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        line = services.LineIn(
            description=data["description"],
            container_type=data["container_type"],
            container_count=data["container_count"],
            seal_numbers=data["seal_numbers"],
            quantity_kg=data["quantity_kg"],
            chemical_key=data["chemical_key"],
            dot_id_number=data["dot_id_number"],
            dot_description=data["dot_description"],
        )
        try:
            consignment = services.consignment_create(
                stream=stream,
                actor=request.user,
                receiver=data["receiver"],
                receiving_site=data["receiving_site"],
                transporters=list(data["transporters"]),
                expected_by=data["expected_by"],
                lines=[line],
                notification_number=data["notification_number"],
                generator_epa_id=data["generator_epa_id"],
                transporter_epa_ids=data["transporter_epa_ids"],
                receiver_epa_id=data["receiver_epa_id"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("waste:consignment", consignment_id=consignment.pk)
    context = {"facility": stream.facility, "stream": stream, "form": form}
    return render_page(
        request, "waste/consignment_new.html", context, status=400 if form.errors else 200
    )


def _consignment(request: HttpRequest, consignment_id: Any, action: str) -> Consignment:
    return get_object(
        request.user, action, Consignment.objects.select_related("stream"), pk=consignment_id
    )


def _detail_context(request: HttpRequest, consignment: Consignment, **forms: Any) -> dict[str, Any]:
    party = consignment.next_party
    acting = acting_organisation(request)
    my_turn = (
        party is not None
        and acting is not None
        and party.party_id == acting.pk
        and can(request.user, "consignment.sign", consignment)
    )
    lines = list(consignment.lines.all())
    receiving = party is not None and party.role == PartyRole.RECEIVER
    certify = (
        consignment.status == "received"
        and acting is not None
        and consignment.receiver.party_id == acting.pk
        and can(request.user, "consignment.certify", consignment)
    )
    return {
        "consignment": consignment,
        "parties": consignment.parties.select_related("party", "signed_by"),
        "lines": lines,
        "next_party": party,
        "my_turn": my_turn,
        "sign_form": forms.get("sign_form") or SignForm(lines=lines, receiving=receiving),
        "certify": certify,
        "certify_form": forms.get("certify_form") or CertifyForm(),
        "alerts": [(a, services.alert_text(a)) for a in consignment.alerts.all()],
        "formats": list(FORMATS),
    }


@login_required
def consignment_detail(request: HttpRequest, consignment_id: str) -> HttpResponse:
    consignment = _consignment(request, consignment_id, "consignment.view")
    return render_page(request, "waste/consignment.html", _detail_context(request, consignment))


@login_required
@require_POST
def consignment_sign(request: HttpRequest, consignment_id: str) -> HttpResponse:
    consignment = _consignment(request, consignment_id, "consignment.sign")
    party = consignment.next_party
    lines = list(consignment.lines.all())
    receiving = party is not None and party.role == PartyRole.RECEIVER
    form = SignForm(request.POST, lines=lines, receiving=receiving)
    if form.is_valid():
        received = [
            services.Received(
                line.pk,
                form.cleaned_data[f"received_{line.pk}"],
                form.cleaned_data[f"seals_{line.pk}"],
            )
            for line in lines
            if receiving
        ]
        try:
            services.consignment_sign(
                consignment=consignment,
                actor=request.user,
                organisation=acting_organisation(request),
                received=received,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Signed."))
            return redirect("waste:consignment", consignment_id=consignment.pk)
    context = _detail_context(request, consignment, sign_form=form)
    return render_page(request, "waste/consignment.html", context, status=400)


@login_required
@require_POST
def consignment_certify(request: HttpRequest, consignment_id: str) -> HttpResponse:
    consignment = _consignment(request, consignment_id, "consignment.certify")
    form = CertifyForm(request.POST)
    if form.is_valid():
        try:
            services.consignment_certify(
                consignment=consignment,
                actor=request.user,
                organisation=acting_organisation(request),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("waste:consignment", consignment_id=consignment.pk)
    context = _detail_context(request, consignment, certify_form=form)
    return render_page(request, "waste/consignment.html", context, status=400)


@login_required
def consignment_export(request: HttpRequest, consignment_id: str, fmt: str) -> HttpResponse:
    consignment = _consignment(request, consignment_id, "consignment.export")
    if fmt not in FORMATS:
        raise Http404
    data = FORMATS[fmt](consignment)
    write_export(consignment, actor=request.user, fmt=fmt)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    name = f"{consignment.manifest_number}-{fmt}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
