"""Custody pages: the items you hold or are a party of, an item's chain with its pending
handover to confirm, the forms of the next step, a split, files, and the custody report
(JSON re-verifiable offline, and PDF). No JavaScript."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.core.models import Organisation
from chemsec.core.pdf import render_pdf
from chemsec.core.policy import acting_organisation, can, get_object, require
from chemsec.core.rendering import render_page
from chemsec.core.service_calls import run_service
from chemsec.core.writes import write_export
from chemsec.custody import services
from chemsec.custody.choices import HandoverStatus, entry_kind_label, step_label
from chemsec.custody.forms import (
    AttachmentForm,
    ConfirmForm,
    HandoverForm,
    SampleForm,
    SplitForm,
)
from chemsec.custody.models import Handover, Sample
from chemsec.incidents.models import Incident

T = TypeVar("T")


def _sample(request: HttpRequest, sample_id: Any, action: str = "view") -> Sample:
    queryset = Sample.objects.select_related("organisation", "holder", "parent")
    found: Sample = get_object(request.user, f"sample.{action}", queryset, pk=sample_id)
    return found


def _others(sample: Sample) -> Any:
    return Organisation.objects.exclude(pk=sample.holder_id).order_by("name")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    found = Sample.objects.visible_to(request.user).select_related("holder", "organisation")
    context = {
        "page": Paginator(found.order_by("-taken_at"), 50).get_page(request.GET.get("page")),
        "can_register": can(request.user, "sample.create", organisation),
    }
    return render_page(request, "custody/index.html", context)


@login_required
def new(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    require(request.user, "sample.create", organisation)
    initial = {"taken_at": timezone.localtime().replace(second=0, microsecond=0)}
    incidents = Incident.objects.visible_to(request.user).filter(organisation=organisation)
    form = SampleForm(request.POST or None, initial=initial, incidents=incidents)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.sample_register(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            return redirect("custody:detail", sample_id=item.pk)
    return render_page(request, "custody/form.html", {"form": form})


@login_required
def detail(request: HttpRequest, sample_id: Any) -> HttpResponse:
    item = _sample(request, sample_id)
    pending = item.handovers.filter(status=HandoverStatus.PENDING).select_related(
        "from_organisation", "to_organisation", "recorded_by"
    )
    pending_one = pending.first()
    context = {
        "item": item,
        "sees_incident": item.incident is not None
        and can(request.user, "incident.view", item.incident),
        "entries": item.entries.all(),
        "handovers": item.handovers.select_related(
            "from_organisation", "to_organisation", "recorded_by", "confirmed_by"
        ),
        "portions": item.portions.visible_to(request.user).select_related("holder"),
        "files": item.attachments.all(),
        "stamps": item.timestamps.all(),
        "may_stamp": bool(settings.CHEMSEC_TSA_URL) and can(request.user, "sample.timestamp", item),
        "pending": pending_one,
        "can_confirm": pending_one is not None
        and can(request.user, "handover.confirm", pending_one),
        "acts": pending_one is None and can(request.user, "sample.handover", item),
        "problems": services.verify_sample(item),
        "handover_form": HandoverForm(organisations=_others(item), auto_id="handover_%s"),
        "confirm_form": ConfirmForm(auto_id="confirm_%s"),
        "split_form": SplitForm(organisations=_others(item), auto_id="split_%s"),
        "attach_form": AttachmentForm(auto_id="attach_%s"),
    }
    return render_page(request, "custody/detail.html", context)


def _back(item: Sample) -> HttpResponse:
    return redirect("custody:detail", sample_id=item.pk)


@login_required
@require_POST
def handover_add(request: HttpRequest, sample_id: Any) -> HttpResponse:
    item = _sample(request, sample_id, "handover")
    form = HandoverForm(request.POST, organisations=_others(item))
    if form.is_valid():
        if run_service(request, services.handover_record, sample=item, **form.cleaned_data):
            messages.success(request, _("Step recorded: it awaits confirmation."))
    else:
        messages.error(request, _("Choose the step."))
    return _back(item)


@login_required
@require_POST
def handover_confirm(request: HttpRequest, sample_id: Any, handover_id: Any) -> HttpResponse:
    item = _sample(request, sample_id)
    queryset = Handover.objects.filter(sample=item)
    handover = get_object(request.user, "handover.confirm", queryset, pk=handover_id)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        done = run_service(
            request, services.handover_confirm, handover=handover, **form.cleaned_data
        )
        if done is not None:
            messages.success(request, _("Handover confirmed."))
    return _back(item)


@login_required
@require_POST
def split(request: HttpRequest, sample_id: Any) -> HttpResponse:
    item = _sample(request, sample_id, "split")
    form = SplitForm(request.POST, organisations=_others(item))
    if form.is_valid():
        data = form.cleaned_data
        portions = [
            services.Portion(data["first_identifier"], data["first_seal"], data["first_lab"]),
            services.Portion(data["second_identifier"], data["second_seal"], data["second_lab"]),
        ]
        if run_service(request, services.sample_split, sample=item, portions=portions):
            messages.success(request, _("Split: the portions await the laboratories."))
    else:
        messages.error(request, _("Give both portions and their laboratories."))
    return _back(item)


@login_required
@require_POST
def attach(request: HttpRequest, sample_id: Any) -> HttpResponse:
    item = _sample(request, sample_id, "attach")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        if run_service(
            request, services.attachment_add, sample=item, upload=form.cleaned_data["upload"]
        ):
            messages.success(request, _("File added and hashed into the chain."))
    else:
        messages.error(request, _("Choose a file."))
    return _back(item)


@login_required
@require_POST
def timestamp(request: HttpRequest, sample_id: Any) -> HttpResponse:
    item = _sample(request, sample_id, "timestamp")
    if run_service(request, services.chain_timestamp, sample=item):
        messages.success(request, _("The custody log was timestamped at its last entry."))
    return _back(item)


def print_context(report: dict[str, Any], item: Any) -> dict[str, Any]:
    """The printed report's context: each log entry with its kind and step as labels in the
    reader's language (the JSON export keeps the codes the chain's hashes cover)."""
    entries = [
        (e, entry_kind_label(e["kind"]), step_label((e.get("data") or {}).get("step")))
        for e in report["entries"]
    ]
    return {"report": report, "item": item, "entries": entries}


@login_required
def export(request: HttpRequest, sample_id: Any, fmt: str) -> HttpResponse:
    item = _sample(request, sample_id, "export")
    report = services.custody_report(item)
    if fmt == "json":
        content = json.dumps(report, indent=2, ensure_ascii=False).encode("utf-8")
        content_type = "application/json"
    elif fmt == "pdf":
        marking = f"{item.get_confidentiality_display()} — {_('Parties of the chain only')}"
        content = render_pdf("custody/print.html", print_context(report, item),
                             marking=marking, title=item.identifier)  # fmt: skip
        content_type = "application/pdf"
    else:
        raise Http404
    write_export(item, actor=request.user, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="custody-{item.identifier}.{fmt}"'
    return response
